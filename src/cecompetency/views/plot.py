"""Figures of cross-maps, for papers and notebooks (the ``plot`` extra: matplotlib).

- :func:`coverage_heatmap`: one framework's areas (rows) against another's (columns); a
  cell counts the mapped item pairs between the two areas' subtrees, or gives their share
  of the row;
- :func:`crosswalk_figure`: the items of two frameworks in two columns, a line for each
  mapping, coloured by relation, dashed when inferred;
- :func:`save`: a figure written as PNG, atomically.

The figures are plain :class:`matplotlib.figure.Figure` objects drawn on the Agg canvas:
nothing here touches ``pyplot``'s global state or needs a display, and a notebook shows a
returned figure as it is. The numbers behind them, :func:`area_matrix` and
:func:`mapping_lines`, need no matplotlib.

Counting: a *pair* is a source item and a target item with at least one asserted,
non-negated mapping between them, in either direction (two crosswalks saying the same
thing count once). With ``inferred=True`` the pairs that
:meth:`~cecompetency.graph.CompetencyGraph.counterparts` infers count too.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from cecompetency.graph import CompetencyGraph
from cecompetency.model.crosswalk import Crosswalk
from cecompetency.model.errors import MissingDependencyError, PlotError
from cecompetency.model.framework import Framework, Item
from cecompetency.model.refs import Ref
from cecompetency.model.relations import Relation

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from cecompetency.files.registry import Registry

__all__ = [
    "RELATION_COLOURS",
    "AreaMatrix",
    "Line",
    "area_matrix",
    "coverage_heatmap",
    "crosswalk_figure",
    "mapping_lines",
    "save",
]

# The Okabe-Ito palette, which readers with colour-vision deficiencies can tell apart.
RELATION_COLOURS: Mapping[Relation, str] = {
    Relation.EXACT: "#0072b2",
    Relation.CLOSE: "#009e73",
    Relation.BROAD: "#e69f00",
    Relation.NARROW: "#cc79a7",
    Relation.RELATED: "#999999",
}

FrameworkArg = Ref | str | Framework


def _matplotlib() -> Any:
    """``matplotlib.figure`` and the Agg canvas, or a clear error naming the extra."""
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError:
        raise MissingDependencyError(
            "drawing figures needs matplotlib: pip install 'cecompetency[plot]'"
        ) from None
    return Figure, FigureCanvasAgg


def _figure(width: float, height: float) -> Figure:
    figure_class, canvas_class = _matplotlib()
    figure: Figure = figure_class(figsize=(width, height), layout="constrained")
    canvas_class(figure)  # the Agg canvas: no display, no pyplot
    return figure


# -- the numbers ------------------------------------------------------------------------------


def _own(framework: Framework, ref: Ref) -> bool:
    return ref.framework == framework.id and ref.version == framework.version


def _pairs(
    graph: CompetencyGraph,
    source: Framework,
    target: Framework,
    *,
    inferred: bool,
    max_hops: int | None,
) -> dict[tuple[str, str], list[tuple[Relation, bool, float | None]]]:
    """(source id, target id) -> the relations read from source to target, each with
    whether it is inferred and its confidence; asserted ones first."""
    pairs: dict[tuple[str, str], list[tuple[Relation, bool, float | None]]] = {}

    def add(key: tuple[str, str], claim: tuple[Relation, bool, float | None]) -> None:
        claims = pairs.setdefault(key, [])
        if not any(c[0] is claim[0] for c in claims):  # asserted came first and wins
            claims.append(claim)

    for mapping in graph.asserted():
        refs = mapping.item_refs
        if refs is None:
            continue  # a mapping to an external concept pairs no two items
        subject, obj = refs
        if _own(source, subject) and _own(target, obj):
            add((str(subject.item), str(obj.item)), (mapping.relation, False, mapping.confidence))
        elif _own(source, obj) and _own(target, subject):
            claim = (mapping.relation.inverse, False, mapping.confidence)
            add((str(obj.item), str(subject.item)), claim)
    if inferred:
        for item in source.walk():
            for answer in graph.counterparts(
                source.ref_of(item), framework=target.ref, max_hops=max_hops
            ):
                # One link is an asserted mapping read either way, already counted above.
                ref = answer.ref
                if len(answer.chain) > 1 and isinstance(ref, Ref):
                    key = (item.id, str(ref.item))
                    add(key, (answer.relation, True, answer.confidence))
    return pairs


@attrs.frozen
class AreaMatrix:
    """Mapped item pairs counted by the top-level items (areas) they fall under.

    ``counts[r][c]`` is the number of pairs between the subtree of ``source.items[r]``
    and the subtree of ``target.items[c]``.
    """

    source: Framework
    target: Framework
    counts: tuple[tuple[int, ...], ...]
    inferred: bool

    @property
    def rows(self) -> tuple[Item, ...]:
        """The source's areas, in document order."""
        return self.source.items

    @property
    def columns(self) -> tuple[Item, ...]:
        """The target's areas, in document order."""
        return self.target.items

    @property
    def total(self) -> int:
        """How many pairs in all."""
        return sum(map(sum, self.counts))

    def shares(self) -> tuple[tuple[float, ...], ...]:
        """Each row divided by its sum: how one source area's pairs spread over the target's
        areas (a row with no pairs is all zeros)."""
        return tuple(
            tuple(count / sum(row) if sum(row) else 0.0 for count in row) for row in self.counts
        )


def area_matrix(
    graph: CompetencyGraph,
    source: FrameworkArg,
    target: FrameworkArg,
    *,
    inferred: bool = False,
    max_hops: int | None = None,
) -> AreaMatrix:
    """The pairs between ``source`` and ``target`` counted by area (see :class:`AreaMatrix`).

    Both frameworks must be in ``graph``; without a version, the newest is meant.
    """
    src, tgt = graph.framework(source), graph.framework(target)
    row = {area.id: n for n, area in enumerate(src.items)}
    column = {area.id: n for n, area in enumerate(tgt.items)}
    counts = [[0] * len(tgt.items) for _ in src.items]
    for s, t in _pairs(graph, src, tgt, inferred=inferred, max_hops=max_hops):
        counts[row[src.area_of(s).id]][column[tgt.area_of(t).id]] += 1
    return AreaMatrix(src, tgt, tuple(map(tuple, counts)), inferred)


@attrs.frozen
class Line:
    """One line of :func:`crosswalk_figure`: ``left relation right``, read from left to right.

    ``left`` is an item id of the left framework, ``right`` one of the right framework.
    """

    left: str
    right: str
    relation: Relation
    inferred: bool
    confidence: float | None


def _shown(framework: Framework, depth: int | None) -> list[Item]:
    return [i for i in framework.walk() if depth is None or framework.depth_of(i) <= depth]


def _at_depth(framework: Framework, item_id: str, depth: int | None) -> str:
    """The item, or its ancestor at ``depth`` when it lies deeper."""
    if depth is None:
        return item_id
    chain = [item_id, *(a.id for a in framework.ancestors(item_id))]
    return chain[max(0, len(chain) - 1 - depth)]


def mapping_lines(
    graph: CompetencyGraph,
    left: FrameworkArg,
    right: FrameworkArg,
    *,
    inferred: bool = True,
    depth: int | None = None,
    max_hops: int | None = None,
) -> tuple[Line, ...]:
    """The lines :func:`crosswalk_figure` draws: one per item pair and relation.

    With ``depth`` (0 is the top level), mappings of deeper items are drawn from their
    ancestor at that depth. An asserted line hides an inferred one of the same relation.
    """
    a, b = graph.framework(left), graph.framework(right)
    lines: dict[tuple[str, str, Relation], Line] = {}
    pairs = _pairs(graph, a, b, inferred=inferred, max_hops=max_hops)
    for (s, t), claims in pairs.items():
        shown_s, shown_t = _at_depth(a, s, depth), _at_depth(b, t, depth)
        for relation, is_inferred, confidence in claims:
            key = (shown_s, shown_t, relation)
            old = lines.get(key)
            if old is None or (old.inferred and not is_inferred):
                lines[key] = Line(shown_s, shown_t, relation, is_inferred, confidence)
    order_a = {item.id: n for n, item in enumerate(a.walk())}
    order_b = {item.id: n for n, item in enumerate(b.walk())}
    return tuple(
        sorted(
            lines.values(),
            key=lambda line: (order_a[line.left], order_b[line.right], line.relation.value),
        )
    )


# -- the figures ------------------------------------------------------------------------------


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def coverage_heatmap(
    graph: CompetencyGraph,
    source: FrameworkArg,
    target: FrameworkArg,
    *,
    share: bool = False,
    inferred: bool = False,
    max_hops: int | None = None,
    title: str | None = None,
    cmap: str = "Blues",
) -> Figure:
    """A heatmap of ``source``'s areas (rows) against ``target``'s (columns).

    A cell holds the number of mapped item pairs between the two areas' subtrees (see
    :func:`area_matrix`), or with ``share=True`` that number as a share of its row.
    """
    matrix = area_matrix(graph, source, target, inferred=inferred, max_hops=max_hops)
    values: Sequence[Sequence[float]] = matrix.shares() if share else matrix.counts
    rows, columns = matrix.rows, matrix.columns
    figure = _figure(max(6.0, 2.5 + 0.9 * len(columns)), max(3.5, 1.8 + 0.4 * len(rows)))
    ax = figure.add_subplot()
    peak = max((v for row in values for v in row), default=0) or 1
    image = ax.imshow(values, cmap=cmap, aspect="auto", vmin=0, vmax=peak)
    ax.set_xticks(range(len(columns)), [f"{c.id} {_short(c.label, 28)}" for c in columns])
    ax.set_yticks(range(len(rows)), [f"{r.id} {_short(r.label, 40)}" for r in rows])
    ax.tick_params(axis="x", labelrotation=35, labelsize=8)
    ax.tick_params(axis="y", labelsize=8)
    for label in ax.get_xticklabels():
        label.set_horizontalalignment("right")
    for r, row in enumerate(values):
        for c, value in enumerate(row):
            text = f"{value:.0%}" if share else str(value)
            colour = "white" if value > peak * 0.6 else "black"
            ax.text(c, r, text, ha="center", va="center", fontsize=8, color=colour)
    how = "asserted and inferred" if inferred else "asserted"
    ax.set_xlabel(f"{matrix.target.ref}: {_short(matrix.target.title, 60)}")
    ax.set_ylabel(f"{matrix.source.ref}: {_short(matrix.source.title, 50)}")
    ax.set_title(
        title
        or f"Mapped item pairs by area ({how} mappings, {matrix.total} pairs)"
        + (", share of each row" if share else "")
    )
    figure.colorbar(image, ax=ax, label="share of the row" if share else "item pairs")
    return figure


def _graph_of(
    crosswalk_or_graph: Crosswalk | CompetencyGraph, registry: Registry | None
) -> CompetencyGraph:
    if isinstance(crosswalk_or_graph, CompetencyGraph):
        return crosswalk_or_graph
    if registry is None:
        from cecompetency.files.registry import default_registry

        registry = default_registry()
    frameworks = [registry.load(ref) for ref in crosswalk_or_graph.frameworks]
    return CompetencyGraph(frameworks, [crosswalk_or_graph])


def _two(
    crosswalk_or_graph: Crosswalk | CompetencyGraph,
    graph: CompetencyGraph,
    a: FrameworkArg | None,
    b: FrameworkArg | None,
) -> tuple[Framework, Framework]:
    if a is not None and b is not None:
        return graph.framework(a), graph.framework(b)
    named: Sequence[Ref | Framework] = (
        crosswalk_or_graph.frameworks
        if isinstance(crosswalk_or_graph, Crosswalk)
        else graph.frameworks
    )
    if len(named) != 2:
        listed = ", ".join(str(f if isinstance(f, Ref) else f.ref) for f in named)
        raise PlotError(f"name the two frameworks to draw (a=..., b=...); there are: {listed}")
    return graph.framework(named[0]), graph.framework(named[1])


def crosswalk_figure(
    crosswalk_or_graph: Crosswalk | CompetencyGraph,
    a: FrameworkArg | None = None,
    b: FrameworkArg | None = None,
    *,
    inferred: bool = True,
    depth: int | None = None,
    max_items: int = 250,
    max_hops: int | None = None,
    registry: Registry | None = None,
    title: str | None = None,
) -> Figure:
    """Two columns of items, ``a``'s on the left and ``b``'s on the right, and a line for
    each mapping between them, coloured by relation (read from left to right); inferred
    mappings are dashed. A legend names the colours; lines of several relations between
    one pair are drawn side by side.

    Given a crosswalk, its frameworks are loaded from ``registry`` (the default one), and
    ``a`` and ``b`` default to the two it names. ``depth`` limits the items shown (0: the
    top level); a mapping of a deeper item is then drawn from its ancestor, so a line
    says that items under the two ends are mapped with that relation. A column of more
    than ``max_items`` items is refused with a hint to pass ``depth``.
    """
    graph = _graph_of(crosswalk_or_graph, registry)
    left, right = _two(crosswalk_or_graph, graph, a, b)
    columns = [_shown(left, depth), _shown(right, depth)]
    for framework, items in zip((left, right), columns, strict=True):
        if len(items) > max_items:
            raise PlotError(
                f"{framework.ref} has {len(items):,} items to show, more than max_items="
                f"{max_items}; pass depth=0 to show the top level only, or raise max_items"
            )
    lines = mapping_lines(
        graph, left.ref, right.ref, inferred=inferred, depth=depth, max_hops=max_hops
    )
    tallest = max(len(items) for items in columns)
    figure = _figure(12.0, max(4.0, 2.2 + 0.2 * tallest))
    ax = figure.add_subplot()
    ax.set_xlim(-1.0, 2.0)
    ax.set_ylim(0.0, 1.0)
    ax.axis("off")
    place: list[dict[str, float]] = []
    for side, (framework, items) in enumerate(zip((left, right), columns, strict=True)):
        ys = {item.id: 1.0 - (n + 0.5) / len(items) for n, item in enumerate(items)}
        place.append(ys)
        x = float(side)
        ax.scatter([x] * len(items), list(ys.values()), s=8, color="black", zorder=3)
        for item in items:
            indent = "  " * framework.depth_of(item)
            label = f"{indent}{item.id}  {_short(item.label, 48 - len(indent))}"
            ax.text(
                x - 0.03 if side == 0 else x + 0.03,
                ys[item.id],
                label if side else label.strip(),
                ha="right" if side == 0 else "left",
                va="center",
                fontsize=7,
            )
        ax.text(
            x,
            1.0,
            f"{framework.ref}\n{_short(framework.title, 50)}",
            ha="center",
            va="bottom",
            fontsize=9,
            fontweight="bold",
        )
    # Lines of several relations between one pair are drawn side by side, not on top.
    siblings: dict[tuple[str, str], list[Line]] = {}
    for line in lines:
        siblings.setdefault((line.left, line.right), []).append(line)
    step = 0.15 / tallest
    for line in lines:
        group = siblings[(line.left, line.right)]
        offset = (group.index(line) - (len(group) - 1) / 2) * step
        (drawn,) = ax.plot(
            [0.0, 1.0],
            [place[0][line.left] + offset, place[1][line.right] + offset],
            color=RELATION_COLOURS[line.relation],
            linestyle="--" if line.inferred else "-",
            linewidth=1.2,
            alpha=0.85,
        )
        drawn.set_gid(f"mapping {line.left} {line.relation.value} {line.right}")
    _legend(ax, lines)
    if title is not None:
        ax.set_title(title)
    return figure


def _legend(ax: Any, lines: Iterable[Line]) -> None:
    from matplotlib.lines import Line2D

    drawn = list(lines)
    used = [r for r in Relation if any(line.relation is r for line in drawn)]
    handles = [Line2D([], [], color=RELATION_COLOURS[r], label=r.value) for r in used]
    if any(line.inferred for line in drawn):
        handles.append(Line2D([], [], color="black", linestyle="--", label="inferred"))
    if handles:
        ax.legend(
            handles=handles,
            loc="upper center",
            bbox_to_anchor=(0.5, 0.0),
            ncol=len(handles),
            frameon=False,
            fontsize=8,
            title="relation, read from left to right",
            title_fontsize=8,
        )


# -- writing ----------------------------------------------------------------------------------


def save(
    figure: Figure, path: str | os.PathLike[str], *, overwrite: bool = False, dpi: int = 150
) -> Path:
    """Write ``figure`` as a PNG file, atomically; an existing file needs ``overwrite=True``."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    from cecompetency.files.atomic import write_atomic

    return write_atomic(path, buffer.getvalue(), overwrite=overwrite)
