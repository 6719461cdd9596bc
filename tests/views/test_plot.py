"""Figures of cross-maps: the numbers behind them, and real PNGs of the bundled crosswalk."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from cecompetency.files.registry import default_registry
from cecompetency.graph import CompetencyGraph
from cecompetency.model.crosswalk import Crosswalk, Mapping
from cecompetency.model.errors import MissingDependencyError, PlotError
from cecompetency.model.framework import Framework, Item, Publisher
from cecompetency.model.relations import Relation
from cecompetency.views.plot import (
    RELATION_COLOURS,
    area_matrix,
    coverage_heatmap,
    crosswalk_figure,
    mapping_lines,
    save,
)

ALLIANCE, CCMEP = "alliance@2008", "nccme-ccmep@2008"
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def graph() -> CompetencyGraph:
    return CompetencyGraph.from_registry(frameworks=[ALLIANCE, CCMEP])


@pytest.fixture(scope="module")
def crosswalk() -> Crosswalk:
    return default_registry().load_crosswalk("alliance-ccmep@1.0")


@pytest.fixture
def mpl() -> Any:
    return pytest.importorskip("matplotlib")


def _oriented(crosswalk: Crosswalk) -> set[tuple[str, Relation, str]]:
    """The crosswalk's asserted claims read from Alliance to CCMEP, straight from the file."""
    claims = set()
    for m in crosswalk.asserted():
        if m.subject.framework == "alliance":
            claims.add((str(m.subject.item), m.relation, str(m.object.item)))
        else:
            claims.add((str(m.object.item), m.relation.inverse, str(m.subject.item)))
    return claims


# -- the numbers ------------------------------------------------------------------------------


def test_area_matrix_counts_the_crosswalk_pairs_by_area(
    graph: CompetencyGraph, crosswalk: Crosswalk
) -> None:
    alliance, ccmep = graph.framework(ALLIANCE), graph.framework(CCMEP)
    pairs = {(s, t) for s, _, t in _oriented(crosswalk)}
    expected = Counter((alliance.area_of(s).id, ccmep.area_of(t).id) for s, t in pairs)
    matrix = area_matrix(graph, ALLIANCE, CCMEP)
    assert [a.id for a in matrix.rows] == [a.id for a in alliance.items]
    assert [a.id for a in matrix.columns] == [a.id for a in ccmep.items]
    for r, row in enumerate(matrix.rows):
        for c, column in enumerate(matrix.columns):
            assert matrix.counts[r][c] == expected[(row.id, column.id)], (row.id, column.id)
    assert matrix.total == len(pairs) > 0
    # Area 8 is left unmapped on purpose (see the crosswalk's header).
    assert sum(matrix.counts[[a.id for a in matrix.rows].index("8")]) == 0
    for shares, counts in zip(matrix.shares(), matrix.counts, strict=True):
        assert sum(shares) == pytest.approx(1.0 if sum(counts) else 0.0)


def test_the_matrix_read_the_other_way_is_transposed(graph: CompetencyGraph) -> None:
    there = area_matrix(graph, ALLIANCE, CCMEP).counts
    back = area_matrix(graph, CCMEP, ALLIANCE).counts
    assert back == tuple(zip(*there, strict=True))


def test_negated_mappings_draw_no_line(graph: CompetencyGraph, crosswalk: Crosswalk) -> None:
    assert crosswalk.negations()
    lines = {(ln.left, ln.relation, ln.right) for ln in mapping_lines(graph, ALLIANCE, CCMEP)}
    assert lines == _oriented(crosswalk)
    for m in crosswalk.negations():
        assert (str(m.subject.item), m.relation, str(m.object.item)) not in lines


# Three small made-up frameworks (not any publisher's), to see inference drawn: a:1 exact
# b:1 and b:1 broad c:1 give a:1 broad c:1, inferred through a chain of two mappings.
def _tiny(fw_id: str) -> Framework:
    items = [
        Item(id="1", kind="area", title=f"First area of {fw_id}"),
        Item(id="2", kind="area", title=f"Second area of {fw_id}"),
    ]
    return Framework(fw_id, "1", f"Framework {fw_id}", "draft", [Publisher("Nobody")], items=items)


@pytest.fixture
def chained() -> CompetencyGraph:
    mappings = [
        Mapping("a@1:1", "exact", "b@1:1", confidence=0.9),
        Mapping("b@1:1", "broad", "c@1:1"),
    ]
    cw = Crosswalk("abc", "1", "Test mappings", ["a@1", "b@1", "c@1"], mappings)
    return CompetencyGraph([_tiny("a"), _tiny("b"), _tiny("c")], [cw])


def test_inferred_lines(chained: CompetencyGraph) -> None:
    (line,) = mapping_lines(chained, "a@1", "c@1")
    assert (line.left, line.relation, line.right, line.inferred) == ("1", Relation.BROAD, "1", True)
    assert line.confidence is None  # one link has no confidence, so the chain has none
    assert mapping_lines(chained, "a@1", "c@1", inferred=False) == ()
    (asserted,) = mapping_lines(chained, "c@1", "b@1")  # read backwards: narrow, asserted
    assert (asserted.relation, asserted.inferred) == (Relation.NARROW, False)


# -- the figures ------------------------------------------------------------------------------


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG
    assert data[12:16] == b"IHDR"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def test_coverage_heatmap_png(mpl: Any, graph: CompetencyGraph, tmp_path: Path) -> None:
    figure = coverage_heatmap(graph, ALLIANCE, CCMEP)
    (ax, _colorbar) = figure.axes
    shown = ax.images[0].get_array()
    assert shown is not None
    matrix = area_matrix(graph, ALLIANCE, CCMEP)
    assert shown.tolist() == [list(row) for row in matrix.counts]
    cells = [t.get_text() for t in ax.texts]
    assert cells == [str(v) for row in matrix.counts for v in row]
    assert [t.get_text().split()[0] for t in ax.get_yticklabels()] == [a.id for a in matrix.rows]
    path = save(figure, tmp_path / "heatmap.png", dpi=100)
    data = path.read_bytes()
    width, height = _png_size(data)
    inches = figure.get_size_inches()
    assert (width, height) == (round(inches[0] * 100), round(inches[1] * 100))
    assert len(data) > 10_000  # a picture, not an empty canvas


def test_coverage_heatmap_shares(mpl: Any, graph: CompetencyGraph) -> None:
    figure = coverage_heatmap(graph, ALLIANCE, CCMEP, share=True)
    shown = figure.axes[0].images[0].get_array()
    assert shown is not None
    for row, counts in zip(shown.tolist(), area_matrix(graph, ALLIANCE, CCMEP).counts, strict=True):
        assert sum(row) == pytest.approx(1.0 if sum(counts) else 0.0)
    assert all(t.get_text().endswith("%") for t in figure.axes[0].texts)


def _legend(figure: Any) -> list[str]:
    legend = figure.axes[0].get_legend()
    assert legend is not None
    return [t.get_text() for t in legend.get_texts()]


def _mapping_lines(figure: Any) -> list[Any]:
    return [ln for ln in figure.axes[0].get_lines() if (ln.get_gid() or "").startswith("mapping ")]


def test_crosswalk_figure_png(mpl: Any, crosswalk: Crosswalk, tmp_path: Path) -> None:
    from matplotlib.colors import to_hex

    figure = crosswalk_figure(crosswalk)  # the frameworks come from the default registry
    drawn = _mapping_lines(figure)
    claims = _oriented(crosswalk)
    assert {tuple(ln.get_gid().split()[1:]) for ln in drawn} == {
        (s, r.value, t) for s, r, t in claims
    }
    for line in drawn:
        relation = Relation(line.get_gid().split()[2])
        assert to_hex(line.get_color()) == RELATION_COLOURS[relation]
        assert line.get_linestyle() == "-"  # nothing is inferred between the two
    legend = _legend(figure)
    assert legend == [r.value for r in Relation if any(c[1] is r for c in claims)]
    data = save(figure, tmp_path / "crosswalk.png", dpi=80).read_bytes()
    width, height = _png_size(data)
    assert width == 12 * 80 and height > 400  # 56 Alliance items make a tall figure


def test_crosswalk_figure_top_level(mpl: Any, graph: CompetencyGraph, crosswalk: Crosswalk) -> None:
    alliance, ccmep = graph.framework(ALLIANCE), graph.framework(CCMEP)
    expected = {
        (alliance.area_of(s).id, r.value, ccmep.area_of(t).id) for s, r, t in _oriented(crosswalk)
    }
    figure = crosswalk_figure(graph, ALLIANCE, CCMEP, depth=0)
    assert {tuple(ln.get_gid().split()[1:]) for ln in _mapping_lines(figure)} == expected
    labels = {t.get_text().split()[0] for t in figure.axes[0].texts if "\n" not in t.get_text()}
    assert labels == {a.id for a in alliance.items} | {a.id for a in ccmep.items}


def test_inferred_lines_are_dashed(mpl: Any, chained: CompetencyGraph) -> None:
    figure = crosswalk_figure(chained, "a@1", "c@1")
    (line,) = _mapping_lines(figure)
    assert line.get_linestyle() == "--"
    legend = _legend(figure)
    assert legend == ["broad", "inferred"]
    plain = crosswalk_figure(chained, "a@1", "c@1", inferred=False)
    assert _mapping_lines(plain) == [] and plain.axes[0].get_legend() is None


def test_crosswalk_figure_refusals(
    mpl: Any, graph: CompetencyGraph, chained: CompetencyGraph
) -> None:
    with pytest.raises(PlotError, match="depth=0"):
        crosswalk_figure(graph, ALLIANCE, CCMEP, max_items=20)
    with pytest.raises(PlotError, match="a@1, b@1, c@1"):
        crosswalk_figure(chained)


def test_save_is_atomic_and_refuses_to_replace(
    mpl: Any, chained: CompetencyGraph, tmp_path: Path
) -> None:
    from cecompetency.model.errors import FileExistsRefusal

    figure = crosswalk_figure(chained, "a@1", "b@1")
    target = tmp_path / "figure.png"
    target.write_bytes(b"keep me")
    with pytest.raises(FileExistsRefusal):
        save(figure, target)
    assert target.read_bytes() == b"keep me"
    save(figure, target, overwrite=True)
    assert target.read_bytes()[:8] == PNG
    assert [p.name for p in tmp_path.iterdir()] == ["figure.png"]  # no temporary file left


def test_without_matplotlib_the_error_names_the_extra(
    graph: CompetencyGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in list(sys.modules):
        if name == "matplotlib" or name.startswith("matplotlib."):
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # makes `import matplotlib` fail
    with pytest.raises(MissingDependencyError, match=r"pip install 'cecompetency\[plot\]'"):
        coverage_heatmap(graph, ALLIANCE, CCMEP)
    with pytest.raises(ImportError):
        crosswalk_figure(graph, ALLIANCE, CCMEP)
    assert area_matrix(graph, ALLIANCE, CCMEP).total > 0  # the numbers need no matplotlib
