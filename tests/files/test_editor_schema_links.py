"""Editors find the schema: each bundled file's ``$schema`` comment names the shipped one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cecompetency.files.schemas import schema_text

FRAMEWORKS = Path(__file__).resolve().parents[2] / "frameworks"
LINK = re.compile(r"# yaml-language-server: \$schema=(\S+)")


@pytest.mark.parametrize(
    "path", sorted(FRAMEWORKS.rglob("*.yaml")), ids=lambda p: p.relative_to(FRAMEWORKS).as_posix()
)
def test_the_schema_comment_leads_to_the_shipped_schema(path: Path) -> None:
    found = LINK.match(path.read_text("utf-8").splitlines()[0])
    assert found, "the first line names the schema for the YAML language server"
    target = (path.parent / found[1]).resolve()
    kind = "crosswalk" if "crosswalks" in path.parts else "framework"
    assert target.read_text("utf-8") == schema_text(kind)
