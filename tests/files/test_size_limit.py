"""The default size limit fits real crosswalks, and a refusal says how to raise it."""

from __future__ import annotations

import datetime
import subprocess
import sys
from pathlib import Path

import pytest

from cecompetency.files.crosswalk_codec import dumps_crosswalk, read_crosswalk
from cecompetency.files.registry import Registry
from cecompetency.files.yaml_reader import DEFAULT_LIMITS, Limits
from cecompetency.model.crosswalk import Crosswalk, Justification, Mapping
from cecompetency.model.errors import CrosswalkError
from cecompetency.model.refs import Ref
from cecompetency.model.relations import Relation

MILLION = 1_000_000


def _crosswalk(size: int) -> Crosswalk:
    """Mappings as mapping sets have them: item ids of a few levels, every field given."""
    a, b = Ref("framework-a", "2024"), Ref("framework-b", "2024")
    relations = list(Relation)
    return Crosswalk(
        id="a-b",
        version="1",
        title="A to B",
        frameworks=(a, b),
        mappings=tuple(
            Mapping(
                subject=a.with_item(f"{n % 97 + 1}.{n % 13 + 1}.{n // 1000 + 1}"),
                relation=relations[n % len(relations)],
                object=b.with_item(f"{n % 89 + 1}.{n % 7 + 1}.{n % 1000 + 1}"),
                confidence=round(0.5 + (n % 50) / 100, 2),
                justification=Justification.MANUAL,
                author="Curator of the crosswalk",
                date=datetime.date(2026, 1, 15),
            )
            for n in range(size)
        ),
    )


def test_the_default_limit_fits_a_million_mappings_written_in_full() -> None:
    # The library's own writing gives every field on every mapping: the largest usual form.
    size = 2_000
    per_mapping = len(dumps_crosswalk(_crosswalk(size)).encode("utf-8")) / size
    assert per_mapping * MILLION <= DEFAULT_LIMITS.max_bytes


def test_a_refusal_says_how_to_raise_the_limit_in_the_api() -> None:
    text = dumps_crosswalk(_crosswalk(50))
    limits = Limits(max_bytes=len(text) - 1)
    for source in (text, text.encode("utf-8")):
        with pytest.raises(CrosswalkError) as raised:
            read_crosswalk(source, "cw.yaml", Registry([], bundled=False), limits)
        issue = raised.value.issues[0]
        assert issue.code == "CE101"
        assert "Limits(max_bytes=...)" in issue.message
        assert "--max-bytes" in issue.message


def test_a_refusal_says_how_to_raise_the_limit_on_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "a-b@1.yaml"
    path.write_text(dumps_crosswalk(_crosswalk(50)), encoding="utf-8")
    size = path.stat().st_size

    def validate(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "cecompetency", "validate", str(path), *args],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    refused = validate("--max-bytes", str(size - 1))
    assert refused.returncode != 0
    assert "CE101" in refused.stdout + refused.stderr
    assert "--max-bytes" in refused.stdout + refused.stderr
    # Raised to the file's size, the limit lets it through to the checks that follow.
    assert "CE101" not in validate("--max-bytes", str(size)).stdout
