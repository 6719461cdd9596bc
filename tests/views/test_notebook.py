"""What frameworks and reports show in a notebook: escaped, in document order, bounded."""

from __future__ import annotations

import html.parser

import attrs
import pytest
from hypothesis import given, settings
from strategies import frameworks

from cecompetency.changes import diff
from cecompetency.graph import CompetencyGraph
from cecompetency.model.crosswalk import Crosswalk, Mapping
from cecompetency.model.framework import Framework, Item, Publisher
from cecompetency.views.notebook import (
    MAX_ITEMS,
    coverage_repr_html,
    framework_repr_html,
    framework_repr_markdown,
    framework_repr_pretty,
    framework_summary,
    report_repr_markdown,
)

HOSTILE = "<script>alert('x')</script> *bold* [link](javascript:alert(1)) | cell"


class _Tree(html.parser.HTMLParser):
    """Checks that every element is closed in order, and collects the list items' ids."""

    VOID = frozenset({"br"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.ids: list[str] = []
        self.depths: list[int] = []
        self.tags: set[str] = set()
        self._in_id = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        if tag in self.VOID:
            return
        if tag == "strong" and self.stack and self.stack[-1] == "li":
            self._in_id = True
            self.depths.append(self.stack.count("ul"))
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack}"
        self.stack.pop()
        self._in_id = False

    def handle_data(self, data: str) -> None:
        if self._in_id:
            self.ids.append(data)


def _tree(text: str) -> _Tree:
    parser = _Tree()
    parser.feed(text)
    parser.close()
    assert parser.stack == [], parser.stack
    return parser


def _hostile() -> Framework:
    items = [
        Item(id="1", kind="area", title=HOSTILE, children=[Item("1.1", "c", statement=HOSTILE)])
    ]
    return Framework("x", "1", HOSTILE, "draft", [Publisher(HOSTILE)], items=items)


def test_html_escapes_everything_from_the_file() -> None:
    out = framework_repr_html(_hostile())
    assert "<script" not in out and "&lt;script&gt;" in out
    assert _tree(out).tags <= {"div", "p", "strong", "code", "br", "ul", "li", "em"}


def test_markdown_escapes_everything_from_the_file() -> None:
    out = framework_repr_markdown(_hostile())
    assert "<script" not in out and "&lt;script&gt;" in out
    assert "\\[link\\](javascript" in out  # no link
    assert "\\*bold\\*" in out and "\\| cell" in out  # no emphasis, no table cell
    assert "[link](" not in out.replace("\\[link\\](", "")


def test_the_summary_of_the_bundled_framework(alliance: Framework) -> None:
    text = framework_summary(alliance)
    assert text.splitlines()[0] == (
        f"{alliance.title} ({alliance.ref}, published, language en, license terms in .license)"
    )
    assert "56 items (area: 8, competency: 48); 3 roles; 1 level matrix" in text
    printed: list[str] = []

    class Printer:  # what IPython hands to _repr_pretty_
        def text(self, obj: str) -> None:
            printed.append(obj)

    framework_repr_pretty(alliance, Printer(), False)
    framework_repr_pretty(alliance, Printer(), True)
    assert printed == [text, "<Framework alliance@2008>"]


def test_the_tree_is_in_document_order(alliance: Framework) -> None:
    tree = _tree(framework_repr_html(alliance))
    assert tree.ids == [item.id for item in alliance.walk()]
    assert tree.depths == [alliance.depth_of(item) + 1 for item in alliance.walk()]
    markdown = framework_repr_markdown(alliance)
    rows = [line for line in markdown.splitlines() if line.lstrip().startswith("- **")]
    assert len(rows) == len(alliance)
    assert rows[1] == "  - **1.1** " + alliance["1.1"].label


@settings(max_examples=40, deadline=None)
@given(frameworks(with_levels=False))
def test_any_framework_gives_balanced_html_in_order(framework: Framework) -> None:
    limit = 7
    tree = _tree(framework_repr_html(framework, max_items=limit))
    expected = [item.id for item in framework.walk()][:limit]
    assert tree.ids == expected
    more = "more items, not shown here" in framework_repr_html(framework, max_items=limit)
    assert more == (len(framework) > limit)


def _large(areas: int = 200, per_area: int = 99) -> Framework:
    """20,000 made-up items with long statements."""
    statement = "Plan, run and evaluate an activity with care. " * 12
    items = [
        Item(
            id=str(a),
            kind="area",
            title=f"Area {a}",
            children=[Item(f"{a}.{c}", "competency", statement=statement) for c in range(per_area)],
        )
        for a in range(1, areas + 1)
    ]
    return Framework("large", "1", "Large", "draft", [Publisher("Nobody")], items=items)


def test_a_20000_item_framework_is_shown_in_bounded_size() -> None:
    framework = _large()
    assert len(framework) == 20_000
    out = framework_repr_html(framework)
    assert len(out) < 64_000
    tree = _tree(out)
    assert len(tree.ids) == MAX_ITEMS
    assert tree.ids == [item.id for item in framework.walk()][:MAX_ITEMS]
    assert f"… and {20_000 - MAX_ITEMS:,} more items" in out
    markdown = framework_repr_markdown(framework)
    assert len(markdown) < 64_000
    assert f"… and {20_000 - MAX_ITEMS:,} more items" in markdown
    assert "20,000 items (area: 200, competency: 19,800)" in markdown


# -- reports ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def graph() -> CompetencyGraph:
    return CompetencyGraph.from_registry(frameworks=["alliance@2008", "nccme-ccmep@2008"])


def test_a_coverage_report_as_markdown(graph: CompetencyGraph) -> None:
    report = graph.coverage("alliance@2008", "nccme-ccmep@2008")
    full = report.render("markdown")
    assert report_repr_markdown(report) == full
    short = report_repr_markdown(report, max_lines=5)
    assert short.splitlines()[:5] == full.splitlines()[:5]
    hidden = len(full.splitlines()) - 5
    assert short.splitlines()[-1] == (
        f'*… {hidden:,} more lines, not shown here (render("markdown") gives them all)*'
    )


def test_a_coverage_report_as_html(graph: CompetencyGraph) -> None:
    report = graph.coverage("alliance@2008", "nccme-ccmep@2008")
    out = coverage_repr_html(report)
    _tree(out)
    for area in report.by_area:
        assert f"<tr><td>{area.area}</td><td>{area.label}</td>" in out
    assert f"Not covered in alliance@2008</strong> ({len(report.uncovered)})" in out
    for item_id in report.uncovered:
        assert f"<li><code>{item_id}</code>" in out


def test_a_coverage_report_escapes_labels() -> None:
    hostile = _hostile()
    other = attrs.evolve(hostile, id="y")
    cw = Crosswalk("m", "1", "m", ["x@1", "y@1"], [Mapping("x@1:1.1", "exact", "y@1:1.1")])
    report = CompetencyGraph([hostile, other], [cw]).coverage("x@1", "y@1")
    out = coverage_repr_html(report)
    assert "<script" not in out and "&lt;script&gt;" in out
    _tree(out)


def test_a_diff_as_markdown(alliance: Framework) -> None:
    newer = attrs.evolve(alliance, version="2009", items=alliance.items[:-1])
    change = diff(alliance, newer)
    full = change.to_markdown()
    assert report_repr_markdown(change) == full
    short = report_repr_markdown(change, max_lines=3)
    assert short.startswith("\n".join(full.splitlines()[:3]))
    assert "more lines, not shown here (to_markdown() gives them all)" in short


def test_the_docs_do_not_name_missing_helpers() -> None:
    # The module docstring lists the helpers the model classes use; each must exist.
    import re

    import cecompetency.views.notebook as notebook

    named = re.findall(r":func:`(\w+)`", notebook.__doc__ or "")
    assert named and all(callable(getattr(notebook, name)) for name in named)


def _shown(obj: object, method: str) -> str:
    """What Jupyter gets from ``obj``'s ``_repr_*_`` method."""
    return str(getattr(obj, method)())


def test_the_classes_show_themselves_with_these_helpers(
    alliance: Framework, graph: CompetencyGraph
) -> None:
    """The classes' ``_repr_*_`` methods return these renderings (the views register them)."""
    assert _shown(alliance, "_repr_html_") == framework_repr_html(alliance)
    assert _shown(alliance, "_repr_markdown_") == framework_repr_markdown(alliance)
    report = graph.coverage("alliance@2008", "nccme-ccmep@2008")
    assert _shown(report, "_repr_markdown_") == report_repr_markdown(report)
    assert _shown(report, "_repr_html_") == coverage_repr_html(report)
    change = diff(alliance, attrs.evolve(alliance, version="2009", items=alliance.items[:-1]))
    assert _shown(change, "_repr_markdown_") == report_repr_markdown(change)
    # A class the views register nothing for shows no rich form, rather than a wrong one.
    assert change._repr_html_() is None


# -- plain reprs: what print(), a debugger or a plain REPL shows -------------------------------


def test_plain_reprs_of_a_large_framework_are_bounded() -> None:
    framework = _large()
    text = repr(framework)
    assert len(text) < 2_000
    assert f"items=<{len(framework.items)} top-level, {len(framework)} in all>" in text
    area = framework.items[0]
    assert f"children=<{len(area.children)} child items>" in repr(area)
    assert len(repr(area)) < 1_000


def test_a_crosswalk_shows_its_counts_not_its_mappings(graph: CompetencyGraph) -> None:
    from cecompetency.files.registry import default_registry

    crosswalk = default_registry().load_crosswalk("alliance-ccmep@1.0")
    negated = sum(m.negated for m in crosswalk.mappings)
    assert negated > 0  # the bundled crosswalk states negations: the count must show them
    assert f"mappings=<{len(crosswalk)} mappings>" in repr(crosswalk)
    assert str(crosswalk) == (
        f"{crosswalk.ref} ({crosswalk.title}): alliance@2008 <-> nccme-ccmep@2008, "
        f"{len(crosswalk)} mappings, {negated} negated"
    )
    shown = CompetencyGraph.from_registry(crosswalks=["alliance-ccmep@1.0"])
    assert repr(shown).endswith(
        f"1 crosswalk, {len(crosswalk) - negated} mappings, {negated} negated)"
    )


def test_a_coverage_report_repr_names_frameworks_and_counts(graph: CompetencyGraph) -> None:
    report = graph.coverage("alliance@2008", "nccme-ccmep@2008")
    text = repr(report)
    assert len(text) < 500
    assert "source=alliance@2008 (" in text
    assert f"mapped=<{len(report.mapped)} ids>" in text


def test_an_empty_list_in_a_coverage_text_says_none(graph: CompetencyGraph) -> None:
    report = graph.coverage("alliance@2008", "nccme-ccmep@2008")
    lines = report.render("text").splitlines()
    heading = lines.index(
        f"with no counterpart in nccme-ccmep@2008 ({len(report.target_unmatched)}):"
    )
    expected = [f"  {i}" for i in report.target_unmatched] or ["  none"]
    shown = lines[heading + 1 : heading + 1 + len(expected)]
    assert [line[: len(e)] for line, e in zip(shown, expected, strict=True)] == expected


def test_the_notebook_view_shows_each_item_s_level_descriptors_and_the_ladder() -> None:
    from samples import DATA

    from cecompetency import load_file

    fw = load_file(DATA / "levels" / "stages.yaml")
    markdown = framework_repr_markdown(fw)
    assert "5 level descriptors; roles ordered officer &lt; lead" in markdown
    assert (
        "  - **1.1** Identify learning needs from practice data\n"
        "    - *Novice*: Uses a needs assessment template with guidance.\n"
        "    - *Competent*: Plans a needs assessment from several data sources.\n"
    ) in markdown
    page = framework_repr_html(fw)
    assert "<br><em>Expert</em>: Measures change in practice and patient outcomes." in page
