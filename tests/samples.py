"""Small framework documents shared by the tests, and the checks every outcome must pass."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from cecompetency.model.errors import Issue
from cecompetency.model.framework import Framework, Item, Publisher

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "frameworks" / "alliance@2008.yaml"
# Reference data the tests check against, with its provenance (tests/data/README.md).
DATA = ROOT / "tests" / "data"
CASE_DATA = DATA / "case"
SEEDS = DATA / "seeds"

# A valid, published framework with every section used once; tests change one thing.
VALID = """\
format: cecompetency/1
id: demo
version: "1.0"
title: Demo competencies
status: published
publishers:
  - name: Demo Organization
kinds: [area, competency]
roles:
  - id: lead
    title: Lead
scales:
  - id: depth
    title: Depth
    levels:
      - id: aware
        label: Aware
      - id: expert
        label: Expert
matrices:
  - id: grid
    title: Expected depth
    status: published
    scale: depth
    roles: [lead]
    expectations:
      - role: lead
        item: "1.1"
        level: expert
items:
  - id: "1"
    title: Planning
    items:
      - id: "1.1"
        statement: Plan activities.
      - id: "1.2"
        statement: Review plans.
"""

# Every issue, printed, reads FILE:LINE:COL: error[CODE]: message (or FILE: for the whole file).
ISSUE_LINE = re.compile(
    r"^(?P<file>.+?):(?:(?P<line>\d+):(?P<column>\d+):)? (?:error|warning)\[(?P<code>CE\d{3})\]: \S"
)


def assert_well_formed(issues: list[Issue] | tuple[Issue, ...], file: str) -> None:
    """Each issue has a stable code, names ``file``, and says something."""
    assert issues, "expected at least one issue"
    for issue in issues:
        assert re.fullmatch(r"CE\d{3}", issue.code), issue
        assert issue.file == file, issue
        assert issue.message.strip(), issue
        assert (issue.line is None) == (issue.column is None), issue
        if issue.line is not None:
            assert issue.line >= 1 and issue.column is not None and issue.column >= 1, issue
        match = ISSUE_LINE.match(str(issue))
        assert match is not None, str(issue)
        assert match["file"] == file, str(issue)


def make_framework(
    fid: str, version: str, tree: Mapping[str, Sequence[str | tuple[str, str]]], **extra: object
) -> Framework:
    """A small test framework: areas (keys) with their competencies (values): ids, whose
    statement is "Do ID", or (id, statement) pairs. ``extra`` sets or overrides fields."""

    def competency(entry: str | tuple[str, str]) -> Item:
        item_id, statement = (entry, f"Do {entry}") if isinstance(entry, str) else entry
        return Item(id=item_id, kind="competency", statement=statement)

    fields: dict[str, object] = {
        "title": f"Test framework {fid}",
        "status": "published",
        "publishers": [Publisher("Test publisher")],
        "items": [
            Item(id=area, kind="area", title=f"Area {area}", children=[competency(c) for c in kids])
            for area, kids in tree.items()
        ],
    }
    fields.update(extra)
    return Framework(id=fid, version=version, **fields)  # type: ignore[arg-type]
