"""The bundled Alliance for CME 2008 framework is the source, word for word.

The source text is in ``tests/data/seeds`` (see the README there).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from samples import BUNDLED, SEEDS

from cecompetency.cli import main
from cecompetency.files.framework_files import load_file
from cecompetency.files.validation import validate_file
from cecompetency.model.framework import Framework

SEED = SEEDS / "alliance-2008-cme-staff-competencies.txt"
AREA_IDS = [str(n) for n in range(1, 9)]
LEAD_IN = "CME professionals are expected to:"


def normalized(text: str) -> str:
    """Whitespace normalized: the only change the transcription may make."""
    return " ".join(text.split())


@pytest.fixture(scope="module")
def seed() -> str:
    return SEED.read_text("utf-8")


@pytest.fixture(scope="module")
def source(seed: str) -> dict[str, tuple[str, str]]:
    """From the source itself: id -> (title, statement) of areas, id -> ("", statement) of
    competencies, in the source's order. Areas read "N. Title", then their paragraph."""
    found: dict[str, tuple[str, str]] = {}
    lines = [line.strip() for line in seed.splitlines()]
    for index, line in enumerate(lines):
        competency = re.fullmatch(r"(\d\.\d+)\s+(.+)", line)
        area = re.fullmatch(r"(\d)\.\s+(.+)", line)
        if competency:
            found[competency[1]] = ("", normalized(competency[2]))
        elif area:
            paragraph = next(text for text in lines[index + 1 :] if text)
            assert paragraph.endswith(LEAD_IN)
            found[area[1]] = (area[2], normalized(paragraph[: -len(LEAD_IN)]))
    return found


def test_shape(alliance: Framework) -> None:
    assert [item.id for item in alliance.areas] == AREA_IDS
    assert {item.kind for item in alliance.areas} == {"area"}
    assert len(alliance.competencies) == 48
    assert all(alliance.parent_of(c).kind == "area" for c in alliance.competencies)
    ids = [c.id for c in alliance.competencies]
    assert ids[0] == "1.1" and ids[-1] == "8.3"
    assert "2.10" in ids and "2.12" in ids


def test_ids_are_in_the_source_order(
    alliance: Framework, source: dict[str, tuple[str, str]]
) -> None:
    assert [item.id for item in alliance.walk()] == list(source)


def test_areas_word_for_word(alliance: Framework, source: dict[str, tuple[str, str]]) -> None:
    for area in alliance.areas:
        title, statement = source[area.id]
        assert area.title == title
        assert area.statement == statement


def test_competencies_word_for_word(
    alliance: Framework, source: dict[str, tuple[str, str]]
) -> None:
    for competency in alliance.competencies:
        assert competency.statement == source[competency.id][1], competency.id
        assert competency.title is None


def test_every_text_appears_in_the_source(alliance: Framework, seed: str) -> None:
    text = normalized(seed)
    for item in alliance.walk():
        for words in (item.title, item.statement, *item.notes):
            if words:
                quoted = words.removeprefix(
                    "The summary list at the end of the source words this area: "
                )
                assert normalized(quoted) in text, (item.id, quoted)
    # The description's paragraphs are the source's prose, each word for word, in its order.
    paragraphs = [normalized(p) for p in (alliance.description or "").split("\n")]
    places = [text.find(paragraph) for paragraph in paragraphs]
    assert -1 not in places and places == sorted(places), paragraphs
    assert alliance.extensions["x-lead-in"] == LEAD_IN and LEAD_IN in text


def test_roles_and_the_announced_matrix(alliance: Framework, seed: str) -> None:
    assert [role.id for role in alliance.roles] == ["leader", "manager", "coordinator"]
    assert "leader, manager and coordinator" in seed
    matrix = alliance.matrix("responsibility-levels")
    assert matrix.status.value == "pending"
    assert matrix.expectations == ()  # announced by the source, never invented here
    assert alliance.scales == ()


def test_show_json_carries_the_text(
    capsys: pytest.CaptureFixture[str], source: dict[str, tuple[str, str]]
) -> None:
    assert main(["show", "alliance@2008", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    shown: dict[str, tuple[str, str]] = {}
    for area in data["items"]:
        shown[area["id"]] = (area["title"], area["statement"])
        for competency in area["items"]:
            shown[competency["id"]] = ("", competency["statement"])
    assert shown == source


# -- the bundled file, edited the ways an author's editor might, still passes -------------


def variant(tmp_path: Path, name: str, raw: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(raw)
    return path


def commented(text: str) -> str:
    """A comment before every key line at the top or a list item, and after quoted values."""
    out = []
    for line in text.splitlines():
        stripped = line.lstrip()
        indent = line[: len(line) - len(stripped)]
        if re.match(r"[a-z-]+:|- ", stripped) and not indent.startswith("    " * 3):
            out.append(f"{indent}# a comment an author added")
        if line.endswith('"') and ": " in line:
            line += "  # trailing comment"
        out.append(line)
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("change", ["crlf", "bom", "bom+crlf", "comments", "cr"])
def test_edited_copies_still_pass(tmp_path: Path, alliance: Framework, change: str) -> None:
    raw = BUNDLED.read_bytes()
    if "comments" in change:
        raw = commented(raw.decode()).encode()
        assert raw.count(b"# a comment an author added") > 50
    if "crlf" in change:
        raw = raw.replace(b"\n", b"\r\n")
    if change == "cr":
        raw = raw.replace(b"\n", b"\r")
    if "bom" in change:
        raw = b"\xef\xbb\xbf" + raw
    path = variant(tmp_path, "alliance@2008.yaml", raw)
    assert validate_file(path) == []
    assert load_file(path) == alliance
