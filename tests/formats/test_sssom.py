"""SSSOM TSV: deterministic export, import back equal, hostile-safe, valid for `sssom`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from interop_samples import alliance_crosswalk, crosswalks

import cecompetency
from cecompetency.formats.sssom import crosswalk_from_sssom, crosswalk_to_sssom, prefix_of
from cecompetency.model.crosswalk import Crosswalk, Mapping
from cecompetency.model.errors import CrosswalkError, Severity
from cecompetency.model.framework import Framework
from cecompetency.model.refs import Ref


def test_alliance_crosswalk_round_trips(alliance: Framework) -> None:
    crosswalk = alliance_crosswalk(alliance)
    text = crosswalk_to_sssom(crosswalk, frameworks={alliance.ref: alliance})
    assert text == crosswalk_to_sssom(crosswalk, frameworks={alliance.ref: alliance})
    imported = crosswalk_from_sssom(text)
    assert imported.warnings == ()
    assert imported.value == crosswalk
    assert all(m.source == "alliance-other@1.0" for m in imported.value.mappings)


def test_full_uri_predicates_read_as_their_curies(alliance: Framework) -> None:
    """SSSOM allows a predicate as a full URI; SKOS's read as the same relations."""
    cw = alliance_crosswalk(alliance)
    text = crosswalk_to_sssom(cw)
    skos = "http://www.w3.org/2004/02/skos/core#"
    head = [line for line in text.splitlines(keepends=True) if line.startswith("#")]
    body = [line for line in text.splitlines(keepends=True) if not line.startswith("#")]
    uris = [line.replace("\tskos:", f"\t{skos}") for line in body]
    assert sum(skos in line for line in uris) == len(cw)
    back = crosswalk_from_sssom("".join(head + uris)).value
    assert [(m.subject, m.relation, m.object) for m in back.mappings] == [
        (m.subject, m.relation, m.object) for m in cw.mappings
    ]


def test_header_and_columns(alliance: Framework) -> None:
    text = crosswalk_to_sssom(alliance_crosswalk(alliance), frameworks={alliance.ref: alliance})
    header = [line for line in text.splitlines() if line.startswith("#")]
    assert "#  alliance_2008: https://w3id.org/cecompetency/alliance/2008/" in header
    assert "#license: https://spdx.org/licenses/CC-BY-4.0.html" in header
    assert "#mapping_set_id: https://w3id.org/cecompetency/crosswalks/alliance-other/1.0" in header
    table = text.splitlines()[len(header)]
    columns = table.split("\t")
    assert columns[:3] == ["subject_id", "subject_label", "predicate_id"]
    rows = text.splitlines()[len(header) + 1 :]
    assert rows[0].startswith("alliance_2008:1.1\tMaintain awareness")
    negated = next(r for r in rows if r.startswith("alliance_2008:3\t"))
    assert "\tskos:relatedMatch\tNot\t" in negated


def test_prefixes_are_curie_safe() -> None:
    assert prefix_of(Ref("nccme-ccmep", "2009")) == "nccme_ccmep_2009"
    assert prefix_of(Ref("2x", "1.0")) == "f_2x_1_0"


@settings(max_examples=60, deadline=None)
@given(crosswalks())
def test_random_crosswalks_round_trip(crosswalk: Crosswalk) -> None:
    assert crosswalk_from_sssom(crosswalk_to_sssom(crosswalk)).value == crosswalk


def test_many_rows_read(alliance: Framework) -> None:
    base = alliance_crosswalk(alliance)
    many = Crosswalk(
        id="many",
        version="1",
        title="many",
        frameworks=base.frameworks,
        mappings=[
            Mapping(f"alliance@2008:{i % 7}", "exact", f"other@1.0:{i}") for i in range(5000)
        ],
    )
    assert len(crosswalk_from_sssom(crosswalk_to_sssom(many)).value) == 5000


def _text(alliance: Framework) -> str:
    return crosswalk_to_sssom(alliance_crosswalk(alliance))


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (lambda t: t.replace("skos:exactMatch", "skos:exactMatc"), "CE641"),
        (lambda t: t.replace("alliance_2008:1.1", "alliance_2080:1.1"), "CE642"),
        (lambda t: t.replace("\t0.9\t", "\t9\t"), "CE643"),
        (lambda t: t.replace("semapv:ManualMappingCuration", "semapv:Manual", 1), "CE643"),
        (lambda t: t.replace("subject_id\t", "subjectid\t"), "CE623"),
        (lambda t: t.replace("#mapping_set_id: ", "#mapping_set_id: not a URI "), "CE640"),
        (lambda t: t.replace("#curie_map:", "#curie_map: [\n"), "CE110"),
        (lambda t: t + "a\tb\n", "CE621"),
        (lambda t: "\x00" + t, "CE603"),
        (lambda t: t.encode("utf-16"), "CE602"),
        (lambda t: t + "x" * 200_000, "CE620"),
        (lambda t: "just some text\n", "CE622"),
    ],
)
def test_hostile_input_gives_located_issues(alliance: Framework, change, code: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CrosswalkError) as caught:
        crosswalk_from_sssom(change(_text(alliance)), "bad.sssom.tsv")
    assert code in {i.code for i in caught.value.issues}
    assert all(str(i).startswith("bad.sssom.tsv:") for i in caught.value.issues)


def test_issue_names_the_file_line(alliance: Framework) -> None:
    text = _text(alliance).replace("skos:narrowMatch", "skos:narrow")
    with pytest.raises(CrosswalkError) as caught:
        crosswalk_from_sssom(text, "bad.tsv")
    issue = caught.value.issues[0]
    rows = text.splitlines()
    line = next(n for n, row in enumerate(rows, 1) if "skos:narrow\t" in row)
    header = next(row for row in rows if row.startswith("subject_id")).split("\t")
    assert (issue.line, issue.column) == (line, header.index("predicate_id") + 1)


def test_lenient_skips_unreadable_rows_with_warnings(alliance: Framework) -> None:
    text = _text(alliance).replace("skos:narrowMatch", "skos:narrow")
    imported = crosswalk_from_sssom(text, lenient=True)
    assert len(imported.value) == len(alliance_crosswalk(alliance)) - 1
    assert [w.code for w in imported.warnings] == ["CE641", "CE644"]
    assert "kept 4 of 5 mappings" in imported.warnings[1].message
    assert imported.warnings[0].severity is Severity.WARNING


def _sssom_python() -> str:
    """A Python that can import `sssom`: ours, or the one CECOMPETENCY_SSSOM_PYTHON names.

    CI installs the reference validator into a separate environment (it is large and pins
    its own dependencies) and names its interpreter in that variable.
    """
    other = os.environ.get("CECOMPETENCY_SSSOM_PYTHON")
    if other:
        return other
    pytest.importorskip("sssom")
    return sys.executable


def _sssom_validate(python: str, path: Path) -> None:
    script = "import sys; from sssom.cli import main; sys.exit(main())"
    result = subprocess.run(
        [python, "-c", script, "validate", str(path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_reference_validator_accepts_the_export(alliance: Framework, tmp_path: Path) -> None:
    python = _sssom_python()
    path = tmp_path / "alliance-other.sssom.tsv"
    path.write_text(crosswalk_to_sssom(alliance_crosswalk(alliance)), "utf-8")
    _sssom_validate(python, path)


def test_reference_validator_accepts_the_shipped_crosswalk(tmp_path: Path) -> None:
    python = _sssom_python()
    registry = cecompetency.default_registry()
    crosswalk = registry.load_crosswalk("alliance-ccmep@1.0")
    frameworks = {ref: registry.load(ref) for ref in crosswalk.frameworks}
    path = tmp_path / "alliance-ccmep.sssom.tsv"
    path.write_text(crosswalk_to_sssom(crosswalk, frameworks=frameworks), "utf-8")
    _sssom_validate(python, path)
    assert crosswalk_from_sssom(path.read_text("utf-8")).value == crosswalk
