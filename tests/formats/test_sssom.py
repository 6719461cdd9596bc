"""SSSOM TSV: deterministic export, import back equal, hostile-safe, valid for `sssom`."""

from __future__ import annotations

import csv
import datetime
import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from interop_samples import alliance_crosswalk, crosswalks

import cecompetency
from cecompetency.formats.sssom import crosswalk_from_sssom, crosswalk_to_sssom, prefix_of
from cecompetency.model.crosswalk import Crosswalk, Mapping
from cecompetency.model.errors import CrosswalkError, Severity
from cecompetency.model.external import ExternalConcept
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


# -- the slots the model has no field for ------------------------------------------------------

_KEPT_SLOTS = ("subject_source", "mapping_tool", "similarity_score", "see_also", "ext_note")
_cells = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=12
).filter(lambda t: t.strip() == t)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.dictionaries(st.sampled_from(_KEPT_SLOTS), _cells, max_size=4), min_size=1),
    st.sampled_from([None, "2024-01-02"]),
)
def test_other_slots_round_trip_and_condense(rows: list[dict[str, str]], date: str | None) -> None:
    """Whatever standard or extension slots rows carry come back; a propagatable one
    with one value in every row is written once, in the header, and applied back."""
    text = "#curie_map:\n#  X: http://example.org/x/\n#mapping_set_id: http://example.org/s\n"
    text += "#license: https://creativecommons.org/licenses/by/4.0/\n"
    if date:
        text += f"#mapping_date: '{date}'\n"
    head = ["subject_id", "predicate_id", "object_id", "mapping_justification", *_KEPT_SLOTS]
    table = io.StringIO()
    # Written as TSV writers write it: a value with a quote or a tab is quoted.
    writer = csv.writer(table, delimiter="\t", lineterminator="\n")
    writer.writerow(head)
    for n, row in enumerate(rows):
        fixed = [f"X:{n}", "skos:exactMatch", "X:b", "semapv:LexicalMatching"]
        writer.writerow(fixed + [row.get(s, "") for s in _KEPT_SLOTS])
    imported = crosswalk_from_sssom(text + table.getvalue()).value
    for m, row in zip(imported.mappings, rows, strict=True):
        assert dict(m.extensions.get("x-sssom", {})) == row
        assert m.date == (None if date is None else datetime.date.fromisoformat(date))
    export = crosswalk_to_sssom(imported)
    assert crosswalk_from_sssom(export).value == imported
    tool = {row.get("mapping_tool") for row in rows}
    condensed = len(tool) == 1 and None not in tool
    assert ("#mapping_tool:" in export) == condensed
    assert ("\tmapping_tool" in export.splitlines()[export.count("\n#") + 1]) == (
        not condensed and tool != {None}
    )


def test_literal_mappings_are_modelled() -> None:
    text = (
        "#curie_map:\n#  X: http://example.org/x/\n#mapping_set_id: http://example.org/s\n"
        "#license: https://creativecommons.org/licenses/by/4.0/\n#subject_type: rdfs literal\n"
        "subject_label\tpredicate_id\tobject_id\tmapping_justification\n"
        "heart attack\tskos:exactMatch\tX:1\tsemapv:ManualMappingCuration\n"
        "\tskos:exactMatch\tX:2\tsemapv:ManualMappingCuration\n"
    )
    with pytest.raises(CrosswalkError) as caught:
        crosswalk_from_sssom(text, "lit.sssom.tsv")
    assert [str(i) for i in caught.value.issues] == [
        "lit.sssom.tsv:8:1: error[CE642]: a literal mapping (subject_type 'rdfs literal') "
        "needs a subject_label"
    ]
    lenient = crosswalk_from_sssom(text, lenient=True)
    (m,) = lenient.value.mappings
    assert m.subject == ExternalConcept("urn:cecompetency:literal:heart%20attack")
    assert [w.code for w in lenient.warnings] == ["CE642", "CE644"]
    assert "kept 1 of 2" in lenient.warnings[1].message
    export = crosswalk_to_sssom(lenient.value)
    assert "#subject_type: rdfs literal\n" in export
    assert "\nheart attack\tskos:exactMatch\tX:1\t" in export.replace("\n\t", "\n")


def test_full_uri_and_other_predicates_are_kept() -> None:
    text = (
        "#curie_map:\n#  X: http://example.org/x/\n#mapping_set_id: http://example.org/s\n"
        "#license: https://creativecommons.org/licenses/by/4.0/\n"
        "subject_id\tpredicate_id\tobject_id\tmapping_justification\n"
        "X:1\thttp://www.w3.org/2004/02/skos/core#broadMatch\tX:2\tsemapv:LexicalMatching\n"
        "X:1\towl:equivalentClass\tX:3\tsemapv:StructuralMatching\n"
        "X:1\trdfs:subClassOf\tX:4\tsemapv:LexicalMatching\n"
        "X:1\tX:customProperty\tX:5\tsemapv:LexicalMatching\n"
    )
    cw = crosswalk_from_sssom(text).value
    assert [m.relation.value for m in cw.mappings] == ["broad", "exact", "broad", "related"]
    assert cw.mappings[1].justification.value == "semapv:UnspecifiedMatching"
    export = crosswalk_to_sssom(cw)
    for written in ("skos/core#broadMatch\t", "\towl:equivalentClass\t", "StructuralMatching"):
        assert written in export
    assert crosswalk_from_sssom(export).value == cw
    with pytest.raises(CrosswalkError) as caught:
        crosswalk_from_sssom(text.replace("X:customProperty", "Y:customProperty"))
    assert [i.code for i in caught.value.issues] == ["CE642"]


def test_local_parts_have_no_colon() -> None:
    cw = Crosswalk(
        id="c",
        version="1",
        title="c",
        frameworks=["a@1", "b@1"],
        mappings=[Mapping("a@1:x:1", "exact", "b@1:y/2")],
    )
    text = crosswalk_to_sssom(cw)
    row = text.splitlines()[-1].split("\t")
    assert (row[0], row[2]) == ("a_1:x%3A1", "b_1:y%2F2")
    assert crosswalk_from_sssom(text).value == cw


def test_output_bytes_do_not_depend_on_the_hash_seed() -> None:
    path = Path(__file__).parent.parent / "data" / "conformance" / "sssom"
    script = (
        "import sys; from cecompetency.formats.sssom import crosswalk_from_sssom as f, "
        "crosswalk_to_sssom as t; sys.stdout.write(t(f(open(sys.argv[1], 'rb').read()).value))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script, str(path / "sssom-py-basic.sssom.tsv")],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("0", "1", "12345")
    }
    assert len(outputs) == 1 and next(iter(outputs)).count("\n") > 141


@pytest.mark.slow
def test_a_100000_row_file_reads_in_linear_time() -> None:
    def text(n: int) -> str:
        head = (
            "#curie_map:\n#  X: http://example.org/x/\n#mapping_set_id: http://example.org/s\n"
            "#license: https://creativecommons.org/licenses/by/4.0/\n#mapping_tool: t\n"
            "subject_id\tsubject_label\tpredicate_id\tobject_id\tmapping_justification\t"
            "confidence\tsubject_source\text_x\n"
        )
        return head + "".join(
            f"X:{i}\tlabel {i}\towl:equivalentClass\tX:o{i % 977}\tsemapv:LexicalMatching\t"
            f"0.{i % 10}5\tX:src{i % 3}\tv{i}\n"
            for i in range(n)
        )

    small, large = text(10_000), text(100_000)
    timings = []
    for source in (small, large):
        start = time.perf_counter()
        cw = crosswalk_from_sssom(source).value
        crosswalk_to_sssom(cw)
        timings.append(time.perf_counter() - start)
    assert len(cw) == 100_000
    assert timings[1] < 20 * timings[0] + 1.0  # ten times the rows: about ten times the time


def test_a_set_version_that_cannot_be_a_version_is_a_located_issue() -> None:
    """Found by fuzzing: a version like ``1.0'`` was a RefError from deep inside."""
    text = (
        "#curie_map:\n#  X: http://example.org/x/\n#mapping_set_id: http://example.org/s\n"
        '#mapping_set_version: "1.0\'"\n'
        "#license: https://creativecommons.org/licenses/by/4.0/\n"
        "subject_id\tpredicate_id\tobject_id\tmapping_justification\n"
        "X:a\tskos:exactMatch\tX:b\tsemapv:LexicalMatching\n"
    )
    with pytest.raises(CrosswalkError) as refused:
        crosswalk_from_sssom(text, "s.sssom.tsv")
    assert [(i.code, i.line) for i in refused.value.issues] == [("CE640", 1)]
    read = crosswalk_from_sssom(text, "s.sssom.tsv", lenient=True)
    assert read.value.version == "1"
    assert [w.code for w in read.warnings] == ["CE640"]
    assert "#mapping_set_version: 1.0'" in crosswalk_to_sssom(read.value).replace('"', "")
