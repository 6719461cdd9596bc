"""Crosswalk files: loading, checking with located issues, dumping, and the CLI's validate."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from strategies import crosswalks_with_externals, extensions, labels, texts

from cecompetency import cli
from cecompetency.files.crosswalk_codec import (
    crosswalk_from_data,
    crosswalk_to_data,
    dump_crosswalk_file,
    dumps_crosswalk,
)
from cecompetency.files.crosswalk_files import (
    check_crosswalk_data,
    load_crosswalk_file,
    loads_crosswalk,
)
from cecompetency.files.framework_files import dump_file
from cecompetency.files.registry import Registry
from cecompetency.files.schemas import schema
from cecompetency.files.validation import validate_file, validate_text
from cecompetency.model.crosswalk import Crosswalk, Justification, Mapping
from cecompetency.model.errors import CrosswalkError, Issue, Severity
from cecompetency.model.external import ExternalConcept
from cecompetency.model.framework import Framework, Item, Publisher
from cecompetency.model.refs import Ref
from cecompetency.model.relations import Relation

TREES = {
    ("alpha", "1"): {"1": ["1.1", "1.2", "1.3"], "2": ["2.1", "2.2"]},
    ("beta", "2"): {"A": ["A.1", "A.2"], "B": ["B.1"]},
    ("beta", "3"): {"A": ["A.1"], "C": ["C.1"]},
}


def make_framework(fid: str, version: str, tree: dict[str, list[str]]) -> Framework:
    """A small test framework: areas with competencies."""
    return Framework(
        id=fid,
        version=version,
        title=f"Test framework {fid}",
        status="published",
        publishers=[Publisher("Test publisher")],
        kinds=("area", "competency"),
        items=[
            Item(
                id=area,
                kind="area",
                title=f"Area {area}",
                children=[Item(id=c, kind="competency", statement=f"Do {c}") for c in kids],
            )
            for area, kids in tree.items()
        ],
    )


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("registry")
    for (fid, version), tree in TREES.items():
        dump_file(make_framework(fid, version, tree), root / f"{fid}@{version}.yaml")
    # A framework file that is itself invalid (a misspelt key).
    (root / "broken@1.yaml").write_text(
        "format: cecompetency/1\nid: broken\nversion: '1'\ntitle: B\nstatus: draft\n"
        "publishers: [{name: P}]\ntitel: x\n",
        encoding="utf-8",
    )
    (root / "crosswalks").mkdir()
    return root


@pytest.fixture(scope="module")
def registry(folder: Path) -> Registry:
    return Registry([folder], bundled=False, environment=False)


HEAD = """\
format: cecompetency-crosswalk/1
id: alpha-beta
version: "1.0"
title: Alpha to beta
frameworks: [alpha@1, beta@2]
defaults:
  justification: semapv:ManualMappingCuration
  author: Test author
  confidence: 0.8
  date: 2026-01-02
mappings:
"""


def doc(*mappings: str, head: str = HEAD) -> str:
    return head + "".join(mappings)


def m(subject: str, relation: str, obj: str, extra: str = "") -> str:
    return f"  - subject: {subject}\n    relation: {relation}\n    object: {obj}\n{extra}"


def issues_of(text: str, registry: Registry) -> list[Issue]:
    with pytest.raises(CrosswalkError) as caught:
        loads_crosswalk(text, "cw.yaml", registry=registry)
    return list(caught.value.issues)


def only(issues: list[Issue], code: str) -> Issue:
    found = [i for i in issues if i.code == code]
    assert len(found) == 1, issues
    return found[0]


# -- loading ------------------------------------------------------------------------------------


def test_load_applies_defaults_and_resolves_short_references(registry: Registry) -> None:
    text = doc(
        m("alpha:1.1", "exact", "beta:A.1"),
        m(
            "alpha@1:2",
            "broad",
            "beta@2:B",
            "    confidence: 0.5\n    justification: semapv:LexicalMatching\n"
            "    comment: Partly.\n    x-note: kept\n",
        ),
    )
    cw = loads_crosswalk(text, registry=registry)
    assert cw.ref.framework == "alpha-beta" and cw.version == "1.0"
    assert [str(r) for r in cw.frameworks] == ["alpha@1", "beta@2"]
    first, second = cw.mappings
    assert str(first.subject) == "alpha@1:1.1" and str(first.object) == "beta@2:A.1"
    assert first.confidence == 0.8
    assert first.justification is Justification.MANUAL
    assert first.author == "Test author"
    assert first.date == datetime.date(2026, 1, 2)
    assert first.source == "alpha-beta@1.0"
    assert second.relation is Relation.BROAD
    assert second.confidence == 0.5
    assert second.justification is Justification.LEXICAL
    assert second.comment == "Partly."
    assert dict(second.extensions) == {"x-note": "kept"}
    assert not first.negated and not first.inferred


def test_crosswalk_from_data_takes_a_source_name() -> None:
    data = {
        "format": "cecompetency-crosswalk/1",
        "id": "x",
        "version": "1",
        "title": "X",
        "frameworks": ["alpha@1", "beta@2"],
        "mappings": [{"subject": "alpha:1", "relation": "close", "object": "beta:A"}],
    }
    cw = crosswalk_from_data(data, source="somewhere")
    assert cw.mappings[0].source == "somewhere"
    assert str(cw.mappings[0].object) == "beta@2:A"


def test_registry_loads_crosswalks_from_its_folder(folder: Path, registry: Registry) -> None:
    path = folder / "crosswalks" / "alpha-beta@1.0.yaml"
    path.write_text(doc(m("alpha:1", "close", "beta:A")), encoding="utf-8")
    try:
        fresh = Registry([folder], bundled=False, environment=False)
        assert [str(r) for r in fresh.crosswalks()] == ["alpha-beta@1.0"]
        cw = fresh.load_crosswalk("alpha-beta")
        assert len(cw) == 1 and cw.mappings[0].relation is Relation.CLOSE
    finally:
        path.unlink()


# -- the checks beyond the schema ---------------------------------------------------------------


def test_dangling_item_is_located_with_the_closest_id(registry: Registry) -> None:
    text = doc(m("alpha:1.1", "exact", "beta:A.1"), m("alpha:1.11", "exact", "beta:A.2"))
    issue = only(issues_of(text, registry), "CE405")
    assert (issue.file, issue.line, issue.column) == ("cw.yaml", 15, 14)
    assert "alpha@1 has no item '1.11'" in issue.message
    assert "did you mean '1.1'?" in issue.message


def test_reference_syntax_and_framework_only_references(registry: Registry) -> None:
    issues = issues_of(
        doc(m("'alpha:1 1'", "exact", "beta:A"), m("alpha@1", "exact", "beta:A")), registry
    )
    bad, framework_only = sorted(
        (i for i in issues if i.code == "CE401"), key=lambda i: i.line or 0
    )
    assert bad.line == 12 and "is not an item reference" in bad.message
    assert framework_only.line == 15 and "names a framework, not an item" in framework_only.message


def test_unlisted_framework_and_version(registry: Registry) -> None:
    issues = issues_of(
        doc(m("alpha:1", "exact", "betta:A"), m("alpha:1", "exact", "beta@3:A")), registry
    )
    listed = sorted((i for i in issues if i.code == "CE402"), key=lambda i: i.line or 0)
    assert len(listed) == 2
    assert (
        "'betta' is not listed" in listed[0].message and "did you mean 'beta'?" in listed[0].message
    )
    assert listed[1].line == 17 and "beta@3 is not listed" in listed[1].message


def test_short_reference_must_name_one_version(registry: Registry) -> None:
    head = HEAD.replace("[alpha@1, beta@2]", "[alpha@1, beta@2, beta@3]")
    issue = only(issues_of(doc(m("alpha:1", "exact", "beta:A"), head=head), registry), "CE403")
    assert issue.line == 14 and "beta@2:A" in issue.message


def test_framework_missing_from_the_registry_or_invalid(registry: Registry) -> None:
    head = HEAD.replace("[alpha@1, beta@2]", "[alpha@1, gamma@1, broken@1]")
    issues = issues_of(doc(m("alpha:1", "exact", "gamma:1"), head=head), registry)
    missing, broken = sorted((i for i in issues if i.code == "CE404"), key=lambda i: i.column or 0)
    assert missing.line == 5 and "cannot find framework gamma@1" in missing.message
    assert broken.line == 5 and "framework broken@1 is not valid" in broken.message
    # Mappings into a framework that cannot be loaded are not reported again.
    assert not [i for i in issues if i.code == "CE405"]


def test_contradictions_direct_and_through_the_inverse_reading(registry: Registry) -> None:
    text = doc(
        m("alpha:1", "exact", "beta:A"),
        m("alpha:1", "broad", "beta:A"),
        m("alpha:2", "broad", "beta:B"),
        m("beta:B", "broad", "alpha:2"),
    )
    issues = issues_of(text, registry)
    direct, inverse = sorted((i for i in issues if i.code == "CE406"), key=lambda i: i.line or 0)
    # Each message names the other mapping by the line where it starts (its '- ').
    starts = [n for n, line in enumerate(text.splitlines(), 1) if line.startswith("  - ")]
    assert direct.line == 16 and f"contradicts the mapping at line {starts[0]}," in direct.message
    assert inverse.line == 22 and f"contradicts the mapping at line {starts[2]}," in inverse.message
    assert "mappings[" not in direct.message + inverse.message
    assert "says narrow" in inverse.message


def test_a_mapping_and_its_negation(registry: Registry) -> None:
    text = doc(
        m("alpha:1.2", "narrow", "beta:A.1"),
        m("beta:A.1", "broad", "alpha:1.2", "    negated: true\n"),
    )
    issue = only(issues_of(text, registry), "CE407")
    assert issue.line == 16 and "NOT broad" in issue.message


def test_negations_of_different_relations_do_not_clash(registry: Registry) -> None:
    text = doc(
        m("alpha:1.2", "close", "beta:A.1"),
        m("alpha:1.2", "exact", "beta:A.1", "    negated: true\n"),
    )
    cw = loads_crosswalk(text, registry=registry)
    assert [x.negated for x in cw] == [False, True]
    assert cw.negations() == (cw.mappings[1],)


@pytest.mark.parametrize("negation_first", [True, False])
def test_a_negation_agrees_with_a_relation_disjoint_from_it(
    registry: Registry, negation_first: bool
) -> None:
    """'NOT exact' and 'broad' say the same thing twice (a broad match is no exact one)."""
    negation = m("alpha:1.2", "exact", "beta:A.1", "    negated: true\n")
    broad = m("beta:A.1", "narrow", "alpha:1.2")  # read from alpha:1.2: broad
    text = doc(*((negation, broad) if negation_first else (broad, negation)))
    assert validate_text(text, "cw.yaml", registry=registry) == []
    assert sorted(x.negated for x in loads_crosswalk(text, registry=registry)) == [False, True]


def test_duplicates_are_warnings_and_do_not_stop_loading(registry: Registry) -> None:
    text = doc(m("alpha:1", "broad", "beta:A"), m("beta:A", "narrow", "alpha:1"))
    issues = validate_text(text, "cw.yaml", registry=registry)
    assert [(i.code, i.severity, i.line) for i in issues] == [("CE408", Severity.WARNING, 16)]
    assert len(loads_crosswalk(text, registry=registry)) == 2


def test_missing_justification_self_mapping_and_repeated_framework(registry: Registry) -> None:
    head = HEAD.replace("  justification: semapv:ManualMappingCuration\n", "").replace(
        "[alpha@1, beta@2]", "[alpha@1, beta@2, alpha@1]"
    )
    text = doc(m("alpha:1", "exact", "alpha:1"), m("alpha:1", "exact", "beta:A"), head=head)
    issues = issues_of(text, registry)
    assert {i.code for i in issues} == {"CE409", "CE410", "CE411"}
    assert [i.line for i in issues if i.code == "CE409"] == [11, 14]
    assert only(issues, "CE410").line == 5
    assert only(issues, "CE411").line == 13


def test_a_listed_framework_no_mapping_uses_is_a_warning(registry: Registry) -> None:
    head = HEAD.replace("[alpha@1, beta@2]", "[alpha@1, beta@2, beta@3]")
    issues = validate_text(
        doc(m("alpha:1", "exact", "beta@2:A"), head=head), "cw", registry=registry
    )
    assert [(i.code, i.severity) for i in issues] == [("CE412", Severity.WARNING)]


def test_check_data_uses_the_default_registry_when_given_none(alliance: Framework) -> None:
    data = {
        "frameworks": ["alliance@2008"],
        "defaults": {"justification": "semapv:ManualMappingCuration"},
        "mappings": [{"subject": "alliance:1.1", "relation": "related", "object": "alliance:9"}],
    }
    issues = check_crosswalk_data(data, "x")
    assert [i.code for i in issues] == ["CE405"]
    assert issues[0].path == ("mappings", 0, "object")


# -- the schema ----------------------------------------------------------------------------------


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    from jsonschema import Draft202012Validator

    document = schema("crosswalk")
    Draft202012Validator.check_schema(document)
    assert document["$schema"].endswith("2020-12/schema")
    assert document["additionalProperties"] is False
    mapping = document["$defs"]["mapping"]
    assert mapping["additionalProperties"] is False and "^x-" in mapping["patternProperties"]
    relation_names = document["$defs"]["relation"]["enum"]
    assert relation_names == [r.value for r in Relation]
    assert document["$defs"]["justification"]["enum"] == [j.value for j in Justification]


def test_wrong_relation_name_suggests_the_closest(registry: Registry) -> None:
    issue = only(issues_of(doc(m("alpha:1", "exactMatch", "beta:A")), registry), "CE204")
    assert issue.line == 13 and "did you mean 'exact'?" in issue.message


def test_unknown_key_and_out_of_range_confidence(registry: Registry) -> None:
    text = doc(m("alpha:1", "exact", "beta:A", "    confidense: 0.5\n    confidence: 1.5\n"))
    issues = issues_of(text, registry)
    unknown = only(issues, "CE201")
    assert (unknown.line, unknown.column) == (15, 5)
    assert "did you mean 'confidence'?" in unknown.message
    assert only(issues, "CE204").line == 16


def test_a_framework_file_is_not_a_crosswalk(registry: Registry, folder: Path) -> None:
    text = (folder / "alpha@1.yaml").read_text(encoding="utf-8")
    issue = only(issues_of(text, registry), "CE205")
    assert "expected a crosswalk file" in issue.message


HOSTILE = {
    "alias bomb": "a: &a [x, x, x, x, x, x, x, x, x]\n"
    + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    + "format: *i\n",
    "python tag": "format: !!python/object/apply:os.system ['true']\n",
    "deep nesting": "format: " + "[" * 500 + "]" * 500 + "\n",
    "binary": "format: cecompetency-crosswalk/1\nid: \0\n",
    "two documents": HEAD + "---\nx: 1\n",
    "tab indent": "format: cecompetency-crosswalk/1\nmappings:\n\t- x\n",
    "empty": "",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_yaml_is_rejected_with_a_located_error(name: str, registry: Registry) -> None:
    issues = issues_of(HOSTILE[name], registry)
    assert issues and all(i.is_error and i.file == "cw.yaml" for i in issues)
    assert all(i.code.startswith("CE1") for i in issues)


def test_load_file_respects_the_size_limit(tmp_path: Path, registry: Registry) -> None:
    from cecompetency.files.yaml_reader import Limits

    path = tmp_path / "big.yaml"
    path.write_text(doc(m("alpha:1", "exact", "beta:A")), encoding="utf-8")
    with pytest.raises(CrosswalkError) as caught:
        load_crosswalk_file(path, registry=registry, limits=Limits(max_bytes=100))
    assert caught.value.issues[0].code == "CE101"


# -- dumping -------------------------------------------------------------------------------------


def test_dump_writes_full_references_and_every_field(registry: Registry) -> None:
    cw = loads_crosswalk(doc(m("alpha:1", "exact", "beta:A")), registry=registry)
    data = crosswalk_to_data(cw)
    assert "defaults" not in data
    assert data["mappings"] == [
        {
            "subject": "alpha@1:1",
            "relation": "exact",
            "object": "beta@2:A",
            "negated": False,
            "confidence": 0.8,
            "justification": "semapv:ManualMappingCuration",
            "author": "Test author",
            "date": "2026-01-02",
        }
    ]
    assert loads_crosswalk(dumps_crosswalk(cw), registry=registry) == cw


def test_dump_file_is_atomic_and_refuses_to_overwrite(tmp_path: Path, registry: Registry) -> None:
    from cecompetency.model.errors import FileExistsRefusal

    cw = loads_crosswalk(doc(m("alpha:1", "exact", "beta:A")), registry=registry)
    path = dump_crosswalk_file(cw, tmp_path / "cw.yaml")
    assert load_crosswalk_file(path, registry=registry) == cw
    with pytest.raises(FileExistsRefusal):
        dump_crosswalk_file(cw, path)
    changed = Crosswalk(cw.id, "2.0", cw.title, cw.frameworks, cw.mappings)
    dump_crosswalk_file(changed, path, overwrite=True)
    assert load_crosswalk_file(path, registry=registry).version == "2.0"
    assert [p.name for p in tmp_path.iterdir()] == ["cw.yaml"]  # no temporary file left


ALPHA = [f"alpha@1:{i}" for i in ("1", "1.1", "1.2", "1.3", "2", "2.1", "2.2")]
BETA = [f"beta@2:{i}" for i in ("A", "A.1", "A.2", "B", "B.1")]


@st.composite
def crosswalks(draw: st.DrawFn) -> Crosswalk:
    """A random valid crosswalk between alpha@1 and beta@2: each pair of items at most once."""
    pairs = draw(
        st.lists(st.tuples(st.sampled_from(ALPHA), st.sampled_from(BETA)), unique=True, max_size=12)
    )
    mappings = []
    for a, b in pairs:
        subject, obj = (a, b) if draw(st.booleans()) else (b, a)
        mappings.append(
            Mapping(
                subject=subject,
                relation=draw(st.sampled_from(list(Relation))),
                object=obj,
                negated=draw(st.booleans()),
                confidence=draw(st.none() | st.floats(0, 1)),
                justification=draw(st.sampled_from(list(Justification))),
                comment=draw(st.none() | texts),
                author=draw(st.none() | texts),
                date=draw(st.none() | st.dates(datetime.date(1990, 1, 1))),
                extensions=draw(extensions),
            )
        )
    return Crosswalk(
        id=draw(st.sampled_from(["alpha-beta", "x.y_z-1"])),
        version=draw(st.sampled_from(["1", "1.0", "2.3-draft"])),
        title=draw(texts),
        frameworks=["alpha@1", "beta@2"],
        mappings=mappings,
        description=draw(st.none() | texts),
        license=draw(st.none() | st.just("CC-BY-4.0")),
        creators=draw(st.lists(texts, max_size=2)),
        date=draw(st.none() | st.dates(datetime.date(1990, 1, 1))),
        extensions=draw(extensions),
    )


@settings(max_examples=60, deadline=None)
@given(crosswalks())
def test_dump_then_load_gives_an_equal_crosswalk(registry: Registry, cw: Crosswalk) -> None:
    text = dumps_crosswalk(cw)
    loaded = loads_crosswalk(text, registry=registry)
    assert loaded == cw
    assert all(x.source == str(cw.ref) for x in loaded)
    assert dumps_crosswalk(loaded) == text


# -- the command line's validate ------------------------------------------------------------------


def test_cli_validate_accepts_a_valid_crosswalk(
    folder: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CECOMPETENCY_PATH", raising=False)
    path = tmp_path / "cw.yaml"
    path.write_text(doc(m("alpha:1", "exact", "beta:A")), encoding="utf-8")
    assert cli.main(["--path", str(folder), "validate", str(path)]) == 0
    assert capsys.readouterr().out.strip() == f"{path}: ok"


def test_cli_validate_reports_a_bad_crosswalk_with_exit_1(
    folder: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CECOMPETENCY_PATH", raising=False)
    path = tmp_path / "cw.yaml"
    path.write_text(
        doc(
            m("alpha:1.11", "exact", "beta:A"),
            m("alpha:2", "broad", "beta:B"),
            m("alpha:2", "narrow", "beta:B"),
        ),
        encoding="utf-8",
    )
    assert cli.main(["--path", str(folder), "validate", str(path), "--format", "json"]) == 1
    (result,) = json.loads(capsys.readouterr().out)
    assert result["valid"] is False
    assert [(i["code"], i["line"]) for i in result["issues"]] == [("CE405", 12), ("CE406", 19)]
    assert cli.main(["--path", str(folder), "validate", str(path)]) == 1
    out, err = capsys.readouterr()
    assert f"{path}:12:14: error[CE405]: alpha@1 has no item '1.11' (did you mean '1.1'?)" in out
    assert "Traceback" not in out + err


@pytest.mark.parametrize("name", ["alias bomb", "python tag", "binary"])
def test_cli_validate_rejects_hostile_crosswalks(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "cw.yaml"
    path.write_text(HOSTILE[name], encoding="utf-8")
    assert cli.main(["validate", str(path)]) == 1
    out, err = capsys.readouterr()
    assert f"{path}:" in out and "error[CE1" in out
    assert "Traceback" not in out + err


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
reference_texts = st.sampled_from(
    ["alpha:1", "alpha@1:1.1", "beta@2:A", "beta:Z", "x y", "gamma@1:1"]
)
mapping_like = st.fixed_dictionaries(
    {},
    optional={
        "subject": reference_texts | json_values,
        "relation": st.sampled_from(["exact", "broad", "narrow", "nope"]) | json_values,
        "object": reference_texts | json_values,
        "negated": json_values,
        "justification": json_values,
    },
)


# Found by this test: a relation that is a list was looked up in a dict (unhashable).
@example(
    data={
        "frameworks": ["alpha@1"],
        "mappings": [{"subject": "alpha:1", "relation": [], "negated": None, "object": "alpha:1"}],
    }
)
@settings(max_examples=150, deadline=None)
@given(
    st.fixed_dictionaries(
        {},
        optional={
            "frameworks": st.lists(st.sampled_from(["alpha@1", "beta@2", "gamma@1"]) | json_values)
            | json_values,
            "defaults": json_values,
            "mappings": st.lists(mapping_like | json_values, max_size=6) | json_values,
        },
    )
)
def test_the_checks_never_fail_on_data_the_schema_would_reject(
    registry: Registry, data: dict[str, object]
) -> None:
    issues = check_crosswalk_data(data, "cw", registry)
    assert all(isinstance(i, Issue) and i.path for i in issues)


# -- every stage at once ----------------------------------------------------------------------


def test_schema_and_reference_issues_are_reported_together(registry: Registry) -> None:
    text = doc(
        m("alpha:1", "brod", "beta:A"),  # the schema's: an unknown relation
        m("alpha:1.1", "exact", "beta:A.9"),  # a dangling item, in a well-formed mapping
    )
    issues = issues_of(text, registry)
    assert [(i.code, i.path) for i in issues] == [
        ("CE204", ("mappings", 0, "relation")),
        ("CE405", ("mappings", 1, "object")),
    ]
    # Fixing the schema's issue reveals nothing new: everything was said the first time.
    fixed = [(i.code, i.path) for i in issues_of(text.replace("brod", "broad"), registry)]
    assert fixed == [("CE405", ("mappings", 1, "object"))]


def test_a_malformed_mapping_is_left_to_the_schema(registry: Registry) -> None:
    # Its subject is not text: the schema says so, and no reference check repeats it,
    # nor does a framework it might have used count as unused (CE412).
    text = doc(m("[alpha:1]", "exact", "beta:A"), m("alpha:1.1", "exact", "beta:A.9"))
    codes = [i.code for i in issues_of(text, registry)]
    assert codes == ["CE203", "CE405"]


def test_malformed_frameworks_stop_the_reference_checks(registry: Registry) -> None:
    head = HEAD.replace("frameworks: [alpha@1, beta@2]", "frameworks: [alpha@1, 'beta 2']")
    text = doc(m("alpha:1", "exact", "beta:A"), head=head)
    assert [i.code for i in issues_of(text, registry)] == ["CE204"]


def test_malformed_defaults_do_not_ask_every_mapping_for_a_justification(
    registry: Registry,
) -> None:
    head = HEAD.replace("  justification: semapv:ManualMappingCuration", "  justification: 7")
    text = doc(m("alpha:1", "exact", "beta:A"), m("alpha:1.1", "exact", "beta:A.9"), head=head)
    assert [i.code for i in issues_of(text, registry)] == ["CE204", "CE405"]


# -- the naming rule and unreadable files -------------------------------------------------------


def test_a_registry_crosswalk_must_hold_the_id_and_version_of_its_name(
    folder: Path, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    (home / "crosswalks").mkdir(parents=True)
    for name in ("alpha@1.yaml", "beta@2.yaml"):
        (home / name).write_bytes((folder / name).read_bytes())
    text = doc(m("alpha:1", "exact", "beta:A"))  # it says alpha-beta@1.0
    path = home / "crosswalks" / "alpha-beta@2.0.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CrosswalkError) as refused:
        Registry([home], bundled=False, environment=False).load_crosswalk("alpha-beta@2.0")
    (issue,) = refused.value.issues
    assert (issue.code, issue.path, issue.line) == ("CE307", ("version",), 3)
    assert "the file name says 'alpha-beta@2.0' but the file holds alpha-beta@1.0" in issue.message
    # Validation says the same, so a check in CI fails before users do.
    local = Registry([home], bundled=False, environment=False)
    assert validate_file(path, registry=local) == [issue]
    path.rename(home / "crosswalks" / "alpha-beta@1.0.yaml")
    assert validate_file(home / "crosswalks" / "alpha-beta@1.0.yaml", registry=local) == []


def test_an_unreadable_crosswalk_file_is_a_ce100_error(tmp_path: Path, registry: Registry) -> None:
    with pytest.raises(CrosswalkError) as info:
        load_crosswalk_file(tmp_path / "missing.yaml", registry=registry)
    assert [i.code for i in info.value.issues] == ["CE100"]
    assert isinstance(info.value.__cause__, FileNotFoundError)
    assert [i.code for i in validate_file(tmp_path / "missing.yaml", registry=registry)] == [
        "CE100"
    ]


# -- external concepts: full URIs, and CURIEs of declared prefixes --------------------------------

ESCO = "http://data.europa.eu/esco/skill/"
EXTERNAL_HEAD = HEAD.replace(
    "mappings:\n",
    f'prefixes:\n  ESCO: "{ESCO}"\n  alphabet: "https://example.org/abc/"\nmappings:\n',
)


def test_uris_and_curies_of_declared_prefixes_are_external_concepts(registry: Registry) -> None:
    text = doc(
        m("alpha:1.1", "close", "ESCO:0a1b", "    object_label: Plan learning\n"),
        m("https://example.org/x", "related", "beta:A", "    subject_label: X\n"),
        m("ESCO:0a1b", "exact", "urn:example:1"),
        head=EXTERNAL_HEAD,
    )
    cw = loads_crosswalk(text, registry=registry)
    assert cw.prefixes == {"ESCO": ESCO, "alphabet": "https://example.org/abc/"}
    ends = [(m.subject, m.object) for m in cw.mappings]
    assert ends == [
        (Ref("alpha", "1", "1.1"), ExternalConcept("ESCO:0a1b")),
        (ExternalConcept("https://example.org/x"), Ref("beta", "2", "A")),
        (ExternalConcept("ESCO:0a1b"), ExternalConcept("urn:example:1")),
    ]
    assert labels(cw) == [(None, "Plan learning"), ("X", None), (None, None)]
    data = crosswalk_to_data(cw)
    assert data["prefixes"] == {"ESCO": ESCO, "alphabet": "https://example.org/abc/"}
    assert list(data["mappings"][0])[:4] == ["subject", "relation", "object", "object_label"]
    assert list(data["mappings"][1])[:2] == ["subject", "subject_label"]
    back = loads_crosswalk(dumps_crosswalk(cw), registry=registry)
    assert back == cw and labels(back) == labels(cw)


def test_a_crosswalk_between_external_concepts_only(registry: Registry) -> None:
    head = EXTERNAL_HEAD.replace("frameworks: [alpha@1, beta@2]", "frameworks: []")
    cw = loads_crosswalk(
        doc(m("ESCO:1", "exact", "https://example.org/1"), head=head), registry=registry
    )
    assert cw.frameworks == () and len(cw) == 1
    assert loads_crosswalk(dumps_crosswalk(cw), registry=registry) == cw


@pytest.mark.parametrize(
    ("mapping", "code", "where", "says"),
    [
        # An undeclared prefix reads as a framework, as before, with a hint to declare it.
        (m("alpha:1", "exact", "ONET:1"), "CE402", ("object",), "declare its prefix"),
        # 'alpha' is a listed framework, so 'alpha:...' is one of its items.
        (m("alpha:9", "exact", "ESCO:1"), "CE405", ("subject",), "has no item"),
        (m("alpha:1", "exact", "ESCO:a b"), "CE401", ("object",), "neither an item"),
        (m("alpha:1", "exact", "not a reference"), "CE401", ("object",), "a full URI"),
        (m("ESCO:1", "exact", "ESCO:1"), "CE411", ("object",), "to itself"),
        (
            m("alpha:1", "exact", "ESCO:1", "    subject_label: Area 1\n"),
            "CE413",
            ("subject_label",),
            "only for a concept outside",
        ),
        (m("alpha:1", "exact", "ESCO:1", "    object_label: ''\n"), "CE200", ("object_label",), ""),
    ],
)
def test_external_ends_are_checked(
    registry: Registry, mapping: str, code: str, where: tuple[str, ...], says: str
) -> None:
    issues = issues_of(doc(mapping, head=EXTERNAL_HEAD), registry)
    found = [i for i in issues if i.code == code or (code == "CE200" and i.code.startswith("CE2"))]
    assert found, issues
    assert found[0].path == ("mappings", 0, *where)
    assert says in found[0].message
    assert found[0].line is not None


def test_external_claims_are_compared_like_items(registry: Registry) -> None:
    issues = issues_of(
        doc(
            m("alpha:1", "exact", "ESCO:1"),
            m("ESCO:1", "broad", "alpha:1"),
            m("alpha:1", "exact", "ESCO:1", "    negated: true\n"),
            head=EXTERNAL_HEAD,
        ),
        registry,
    )
    assert [i.code for i in issues if i.severity is Severity.ERROR] == ["CE406", "CE407"]


@pytest.mark.parametrize(
    ("prefixes", "code", "says"),
    [
        ('  alpha: "https://example.org/"\n', "CE414", "rename the prefix"),
        ('  "bad prefix": "https://example.org/"\n', "CE201", "must match"),
        ('  ESCO: "not a uri"\n', "CE200", ""),
    ],
)
def test_bad_prefixes_are_located(registry: Registry, prefixes: str, code: str, says: str) -> None:
    head = HEAD.replace("mappings:\n", f"prefixes:\n{prefixes}mappings:\n")
    issues = issues_of(doc(m("alpha:1", "exact", "beta:A"), head=head), registry)
    found = [i for i in issues if i.code == code or (code == "CE200" and i.code.startswith("CE2"))]
    assert found, issues
    assert found[0].path[0] == "prefixes" and found[0].line == 12  # where the prefix is
    assert says in found[0].message


ALPHA_BETA = [*ALPHA, *BETA]


@settings(max_examples=60, deadline=None)
@given(crosswalks_with_externals(["alpha@1", "beta@2"], ALPHA_BETA))
def test_crosswalks_with_external_ends_dump_and_load_equal(
    registry: Registry, cw: Crosswalk
) -> None:
    text = dumps_crosswalk(cw)
    loaded = loads_crosswalk(text, registry=registry)
    assert loaded == cw
    assert labels(loaded) == labels(cw)
    assert dumps_crosswalk(loaded) == text
