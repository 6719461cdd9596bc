"""SKOS in and back out: every real file of the corpus, checked by rdflib (the reference).

Each file of ``tests/data/conformance/skos`` is imported, validated (it loads back from our
YAML), exported with ``framework_to_skos``, parsed by rdflib and imported again: the same
framework and mappings, and every triple the source says of the scheme and its concepts is
in the export (parsed independently of the importer, in ``tests/conformance.py``). A file
with concepts and no scheme is one implied scheme, and its export writes no scheme.
``pytest -s`` prints the row of issue 13's table.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

rdflib = pytest.importorskip("rdflib")

from conformance import CORPUS as CONFORMANCE  # noqa: E402
from conformance import SKOS_SCHEMES as SCHEMES  # noqa: E402
from conformance import Row, skos_round_trip, table  # noqa: E402

from cecompetency.files.yaml_reader import Limits  # noqa: E402
from cecompetency.formats.catalog import import_framework  # noqa: E402
from cecompetency.formats.skos import framework_from_skos, framework_to_skos  # noqa: E402
from cecompetency.model.errors import FrameworkError, MissingDependencyError  # noqa: E402
from cecompetency.model.external import ExternalConcept  # noqa: E402

CORPUS = CONFORMANCE / "skos"
FILES = sorted(CORPUS.glob("*.ttl"))
# Files with concepts and no concept scheme: read as one implied scheme, named after the
# file; the export writes no scheme.
NO_SCHEME = {"skosmos-mapping.ttl", "skosmos-xl.ttl"}


@pytest.fixture(scope="module")
def results() -> dict[str, Row]:
    return {path.name: skos_round_trip(path) for path in FILES}


def test_the_corpus_is_there() -> None:
    assert len(FILES) == 12


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_every_file_round_trips_with_nothing_lost(path: Path, results: dict[str, Row]) -> None:
    result = results[path.name]
    assert result.strict and result.valid, (path.name, result.refused)
    assert result.notes["triples"] > 0 and result.lost == [], (path.name, result.lost[:5])
    # The export says nothing of a scheme the file did not say.
    if path.name in NO_SCHEME:
        assert result.notes["added"] == []


def test_a_file_without_a_scheme_is_one_implied_scheme(results: dict[str, Row]) -> None:
    path = CORPUS / "skosmos-mapping.ttl"
    result = results[path.name]
    framework = result.notes["framework"]
    assert (framework.id, framework.version, framework.title) == (
        "skosmos-mapping",
        "1",
        "skosmos-mapping",
    )
    assert [item.id for item in framework.items] == ["m1", "m2"]
    assert len(result.notes["mappings"]) == 2
    (implied,) = [w for w in result.notes["warnings"] if "implied" in w.message]
    assert implied.code == "CE692" and implied.file == str(path) and "\n" not in str(implied)
    text = framework_to_skos(framework, mappings=result.notes["mappings"])
    assert "ConceptScheme" not in text and "inScheme" not in text
    # metadata names it; with no concept at all, the file is still refused.
    named = framework_from_skos(
        path.read_bytes(), path.name, metadata={"id": "mapped", "version": "2", "title": "M"}
    )
    assert (named.value.framework.id, named.value.framework.version) == ("mapped", "2")
    assert any("from metadata" in w.message for w in named.warnings)
    with pytest.raises(FrameworkError) as caught:
        framework_from_skos("<http://x/a> <http://x/b> <http://x/c> .", "none.ttl")
    assert caught.value.issues[0].code == "CE691"


def test_the_comparison_sees_a_lost_triple() -> None:
    path = CORPUS / "skosmos-xl.ttl"
    assert skos_round_trip(path).lost == []
    spoilt = skos_round_trip(path, spoil=lambda t: t.replace('"Unit of thought"@en', '"x"@en'))
    assert any("Unit of thought" in m for m in spoilt.lost)
    dropped = skos_round_trip(
        CORPUS / "skosmos-mapping.ttl",
        spoil=lambda t: t.replace(
            "skos:exactMatch <http://www.yso.fi/onto/yso/p19378>", "a skos:Concept"
        ),
    )
    assert not dropped.nothing_lost


def test_the_table_row(results: dict[str, Row]) -> None:
    rows = list(results.values())
    triples = sum(r.notes["triples"] for r in rows)
    print("\n" + table(rows))
    print(f"  SKOS: {triples:,} triples about the schemes' concepts, 0 lost")
    assert all(r.strict and r.valid and r.nothing_lost for r in rows)


def test_mappings_to_outside_concepts_are_external(results: dict[str, Row]) -> None:
    result = results["skosmos-test-hierarchy.ttl"]
    assert result.notes["mappings"]
    assert all(isinstance(m.object, ExternalConcept) for m in result.notes["mappings"])
    crosswalk = framework_from_skos(
        (CORPUS / "dini-fdm-glossar.ttl").read_bytes(), "dini.ttl"
    ).value.crosswalk()
    assert crosswalk.id.endswith("-mappings") and len(crosswalk) > 0


@pytest.mark.parametrize("fmt", ["xml", "json-ld"])
def test_rdf_xml_and_json_ld_read_the_same(fmt: str) -> None:
    path = CORPUS / "skohub-two-concept-schemes-one-file.ttl"
    scheme = SCHEMES[path.name]
    turtle = framework_from_skos(path.read_bytes(), path.name, scheme=scheme).value
    text = rdflib.Graph().parse(path, format="turtle").serialize(format=fmt)
    other = framework_from_skos(text, "file", format=fmt, scheme=scheme).value
    assert other == turtle
    # Sniffed from the name, and from the text.
    suffix = {"xml": "x.rdf", "json-ld": "x.jsonld"}[fmt]
    assert framework_from_skos(text, suffix, scheme=scheme).value == turtle
    assert framework_from_skos(text, "noname", scheme=scheme).value == turtle


def test_several_schemes_are_listed_unless_one_is_chosen() -> None:
    path = CORPUS / "skohub-two-concept-schemes-one-file.ttl"
    with pytest.raises(FrameworkError) as caught:
        framework_from_skos(path.read_bytes(), path.name)
    (issue,) = caught.value.issues
    assert issue.code == "CE691" and "cs1" in issue.message and "scheme=" in issue.message
    # Through the table of formats, --meta's 'scheme' chooses.
    imported = import_framework(
        path.read_bytes(), "skos", path.name, metadata={"scheme": SCHEMES[path.name]}
    )
    assert imported.value.framework.title == "Test Vocabulary 1"
    lenient = framework_from_skos(path.read_bytes(), path.name, lenient=True)
    assert "CE691" in [w.code for w in lenient.warnings]


def test_two_broader_concepts_and_cycles_are_warnings_never_a_hang() -> None:
    path = CORPUS / "skosmos-cycle.ttl"
    imported = framework_from_skos(path.read_bytes(), path.name)
    messages = [w.message for w in imported.warnings if w.code == "CE692"]
    assert any("has 2 broader concepts" in m and "placed under 'ta1'" in m for m in messages)
    cyclic = (
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "<s> a skos:ConceptScheme ; skos:prefLabel 'S'@en .\n"
        "<a> a skos:Concept ; skos:inScheme <s> ; skos:prefLabel 'A'@en ; skos:broader <b> .\n"
        "<b> a skos:Concept ; skos:inScheme <s> ; skos:prefLabel 'B'@en ; skos:broader <a> .\n"
    )
    result = framework_from_skos(cyclic, "cycle.ttl")
    assert [item.id for item in result.value.framework.items] == ["a"]
    assert any("cycle" in w.message for w in result.warnings)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 7), st.integers(0, 7)), max_size=20))
def test_any_broader_graph_imports_each_concept_once(edges: list[tuple[int, int]]) -> None:
    lines = [
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
        "<http://x.org/s> a skos:ConceptScheme ; skos:prefLabel 'S'@en .",
    ]
    for n in range(8):
        lines.append(
            f"<http://x.org/c{n}> a skos:Concept ; skos:inScheme <http://x.org/s> ; "
            f"skos:prefLabel 'C{n}'@en ."
        )
    lines += [f"<http://x.org/c{a}> skos:broader <http://x.org/c{b}> ." for a, b in edges]
    text = "\n".join(lines)
    imported = framework_from_skos(text, "g.ttl")
    framework = imported.value.framework
    assert sorted(item.id for item in framework.walk()) == [f"c{n}" for n in range(8)]
    again = framework_from_skos(framework_to_skos(framework), "again.ttl")
    assert again.value.framework == framework


def test_entity_expansion_in_rdf_xml_is_refused() -> None:
    laughs = (
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n<!ENTITY a "lol">\n'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>\n'
    )
    with pytest.raises(FrameworkError) as caught:
        framework_from_skos(laughs, "laughs.rdf")
    assert [(i.code, i.line) for i in caught.value.issues] == [("CE690", 4)]
    external = laughs.replace('<!ENTITY a "lol">', '<!ENTITY a SYSTEM "file:///etc/passwd">')
    with pytest.raises(FrameworkError, match="external"):
        framework_from_skos(external, "external.rdf")
    many = '<!ENTITY a "' + "x" * 100 + '">'
    wide = (
        f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n{many}\n]>\n<rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><!--'
        + "&a;" * 1000
        + "--></rdf:RDF>"
    )
    with pytest.raises(FrameworkError, match="would expand"):
        framework_from_skos(wide, "wide.rdf", limits=Limits(max_bytes=50_000))


def test_remote_json_ld_contexts_are_never_fetched() -> None:
    text = '{"@context": "https://example.org/context.jsonld", "@id": "x"}'
    with pytest.raises(FrameworkError, match="remote context"):
        framework_from_skos(text, "remote.jsonld")


def test_bounds_on_bytes_and_triples() -> None:
    text = (CORPUS / "skohub-systematik.ttl").read_bytes()
    with pytest.raises(FrameworkError, match="more than 100 triples"):
        framework_from_skos(text, "big.ttl", max_triples=100)
    with pytest.raises(FrameworkError) as caught:
        framework_from_skos(text, "big.ttl", limits=Limits(max_bytes=1000))
    assert caught.value.issues[0].code == "CE601"


def test_a_syntax_error_is_located() -> None:
    with pytest.raises(FrameworkError) as caught:
        framework_from_skos("@prefix x: <http://x/> .\n\nx:a x:b ", "bad.ttl")
    (issue,) = caught.value.issues
    assert issue.code == "CE690" and "turtle" in issue.message


def test_without_rdflib_the_message_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "rdflib", None)
    with pytest.raises(MissingDependencyError, match=r"pip install 'cecompetency\[skos\]'"):
        framework_from_skos("<a> <b> <c> .", "x.ttl")


def test_the_same_bytes_under_any_hash_seed() -> None:
    path = CORPUS / "skohub-two-concept-schemes-one-file.ttl"
    code = (
        "import sys; from cecompetency.formats.skos import *; from cecompetency.files."
        "framework_files import dumps; i = framework_from_skos(open(sys.argv[1], 'rb').read(),"
        " 'f', scheme=sys.argv[2]).value; "
        "sys.stdout.write(dumps(i.framework) + framework_to_skos(i.framework, "
        "mappings=i.mappings))"
    )
    outputs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", code, str(path), SCHEMES[path.name]],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1 and "skos:Concept" in next(iter(outputs))
