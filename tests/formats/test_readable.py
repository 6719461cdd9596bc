"""The readable renderings of a framework (``show`` as text and Markdown): aligned text,
level matrices as tables, coverage totals that say what they count."""

from __future__ import annotations

import pytest
from samples import VALID

import cecompetency
from cecompetency.cli import main
from cecompetency.formats.markdown import framework_markdown
from cecompetency.formats.text import framework_text
from cecompetency.graph import CompetencyGraph
from cecompetency.model.framework import Framework

LONG = (
    "Design activities with a cumulative goal of helping physicians, or teams of learners, "
    "to adopt change incrementally, assuring there is compatibility with present systems "
    "and advantage over present behaviors"
)


def _framework(expectations: str = "") -> Framework:
    text = VALID.replace("        statement: Plan activities.", f"        statement: {LONG}")
    text = text.replace("    title: Planning\n", f"    title: Planning\n    statement: {LONG}\n")
    if expectations:
        text = text.replace(
            '      - role: lead\n        item: "1.1"\n        level: expert\n', expectations
        )
    return cecompetency.loads(text)


def _text_start(line: str) -> int:
    """The column where an outline line's text starts: after its id and two spaces."""
    stripped = line.lstrip()
    return len(line) - len(stripped) + stripped.index("  ") + 2


@pytest.mark.parametrize("width", [60, 80, 100])
def test_wrapped_lines_start_under_the_text_they_continue(width: int) -> None:
    lines = framework_text(_framework(), width=width).splitlines()
    head = next(n for n, line in enumerate(lines) if line.startswith("1  Planning"))
    # The area's statement, under its title.
    assert lines[head + 1].startswith(" " * _text_start(lines[head]) + "Design")
    item = next(n for n, line in enumerate(lines) if line.lstrip().startswith("1.1  "))
    column = _text_start(lines[item])
    assert column == len("  1.1  ")
    following = lines[item + 1 : lines.index("  1.2  Review plans.")]
    assert len(following) >= 1
    for line in following:
        assert line.startswith(" " * column) and line[column] != " ", line
        assert len(line) <= width


def test_a_published_matrix_shows_its_levels_role_by_item_as_text() -> None:
    expectations = (
        '      - role: lead\n        item: "1.1"\n        level: expert\n'
        '      - role: lead\n        item: "1"\n        level: aware\n'
    )
    lines = framework_text(_framework(expectations)).splitlines()
    start = lines.index("Level matrix 'grid': Expected depth (published)")
    assert lines[start + 1 : start + 6] == [
        "  Scale: Depth (Aware < Expert, lowest first)",
        "  item  Lead",
        "  ----  ------",
        "  1     Aware",
        "  1.1   Expert",
    ]


def test_a_published_matrix_is_a_markdown_table() -> None:
    out = framework_markdown(_framework()).splitlines()
    start = out.index("## Level matrix: Expected depth")
    assert out[start + 2] == "Status: published. Scale: Depth (Aware < Expert, lowest first)."
    table = out[out.index("| Item | Lead |", start) :]
    assert table[:3] == ["| Item | Lead |", "| --- | --- |", f"| **1.1** {LONG} | Expert |"]


def test_the_pending_alliance_matrix_names_its_roles_and_has_no_levels(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["show", "alliance@2008"]) == 0
    text = capsys.readouterr().out
    assert (
        "Level matrix 'responsibility-levels': Skill levels by level of professional "
        "responsibility (pending)\n"
        "  Announced, with no levels yet; roles: Leader, Manager, Coordinator.\n"
    ) in text
    assert main(["show", "alliance@2008", "--format", "markdown"]) == 0
    markdown = capsys.readouterr().out
    assert "| Item | Leader | Manager | Coordinator |\n| --- | --- | --- | --- |\n" in markdown


def test_coverage_says_what_covered_counts() -> None:
    graph = CompetencyGraph.from_registry(frameworks=["alliance@2008", "nccme-ccmep@2008"])
    report = graph.coverage("alliance@2008", "nccme-ccmep@2008")
    own, under = len(report.mapped), len(report.covered) - len(report.mapped)
    sentence = (
        f"{len(report.covered)} of {report.total} items covered ({report.ratio:.0%}): "
        f"{own} with a counterpart of their own, {under} only through items under them"
    )
    for rendering in (report.render("text"), report.render("markdown"), str(report)):
        assert sentence in rendering
        assert "mapped themselves" not in rendering
