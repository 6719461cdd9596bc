"""CTDL-ASN JSON-LD both ways: the graph written, read back, and hostile graphs refused."""

from __future__ import annotations

import json
import uuid

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from interop_samples import _item_ids, alliance_crosswalk
from strategies import frameworks

import cecompetency
from cecompetency.files.crosswalk_codec import dumps_crosswalk
from cecompetency.files.crosswalk_files import loads_crosswalk
from cecompetency.formats.ctdl import CONTEXT, ctdl_graph, framework_from_ctdl, framework_to_ctdl
from cecompetency.model.crosswalk import Justification, Mapping
from cecompetency.model.errors import FrameworkError, Issue
from cecompetency.model.external import ExternalConcept
from cecompetency.model.framework import Framework, Item, Publisher, Source, Status
from cecompetency.model.refs import Ref
from cecompetency.model.relations import Relation

BASE = "https://w3id.org/cecompetency/alliance/2008"


def _nodes(alliance: Framework) -> dict[str, dict[str, object]]:
    data = ctdl_graph(alliance, mappings=alliance_crosswalk(alliance).mappings)
    assert data["@context"] == CONTEXT
    return {node["@id"]: node for node in data["@graph"]}


def test_framework_node(alliance: Framework) -> None:
    node = _nodes(alliance)[BASE]
    assert node["@type"] == "ceasn:CompetencyFramework"
    assert node["ceasn:name"] == {"en": alliance.title}
    assert node["ceasn:hasTopChild"] == [f"{BASE}/{i.id}" for i in alliance.items]
    assert node["ceasn:publicationStatusType"].endswith("/Published")  # type: ignore[union-attr]


def test_competency_nodes_and_tree(alliance: Framework) -> None:
    nodes = _nodes(alliance)
    assert sum(n["@type"] == "ceasn:Competency" for n in nodes.values()) == len(alliance)
    area, item = nodes[f"{BASE}/2"], nodes[f"{BASE}/2.10"]
    assert area["ceasn:isTopChildOf"] == BASE and "ceasn:isChildOf" not in area
    assert area["ceasn:competencyLabel"] == {"en": "Educational interventions"}
    assert item["ceasn:competencyText"] == {"en": alliance["2.10"].statement}
    assert item["ceasn:codedNotation"] == "2.10"
    assert item["ceasn:isChildOf"] == [f"{BASE}/2"] and item["ceasn:isPartOf"] == BASE
    assert f"{BASE}/2.10" in area["ceasn:hasChild"]  # type: ignore[operator]


def test_alignments(alliance: Framework) -> None:
    nodes = _nodes(alliance)
    other = "https://w3id.org/cecompetency/other/1.0"
    assert nodes[f"{BASE}/1.1"]["ceasn:exactAlignment"] == [f"{other}/a"]
    assert nodes[f"{BASE}/2.10"]["ceasn:narrowAlignment"] == [f"{other}/b%2Fc"]
    assert nodes[f"{BASE}/4.1"]["ceasn:broadAlignment"] == [f"{other}/e"]
    assert nodes[f"{BASE}/5"]["ceasn:majorAlignment"] == [f"{other}/f"]
    # The negated mapping says the relation does not hold: CTDL-ASN cannot say that.
    assert not any(k.endswith("Alignment") for k in nodes[f"{BASE}/3"])


@settings(max_examples=25, deadline=None)
@given(frameworks())
def test_export_is_deterministic_json(framework: Framework) -> None:
    text = framework_to_ctdl(framework)
    assert text == framework_to_ctdl(framework)
    graph = json.loads(text)["@graph"]
    assert len(graph) == len(framework) + 1
    for node in graph:
        assert list(node) == sorted(node)


# -- import ----------------------------------------------------------------------------------

FILE = "graph.json"


def _carried(fw: Framework) -> Framework:
    """What CTDL-ASN carries of ``fw``: the framework an export reads back as.

    Lost on the way: scales, roles, matrices, declared kinds, ``supersedes``, publishers'
    abbreviations and URLs, the source citation (its URL is all), ``x-`` extensions, the
    superseded status (Deprecated reads as retired), and a statement equal to the title.
    """

    def item(it: Item) -> Item:
        return attrs.evolve(
            it,
            statement=None if it.statement == it.title else it.statement,
            children=[item(child) for child in it.children],
            extensions={},
        )

    return attrs.evolve(
        fw,
        status=Status.RETIRED if fw.status is Status.SUPERSEDED else fw.status,
        publishers=[Publisher(name=p.name) for p in fw.publishers],
        source=None
        if fw.source is None or not fw.source.url
        else Source(fw.source.url, fw.source.url),
        supersedes=None,
        kinds=(),
        items=[item(it) for it in fw.items],
        scales=(),
        roles=(),
        matrices=(),
        ladder=(),
        descriptors=(),
        extensions={},
    )


@st.composite
def _with_mappings(draw: st.DrawFn) -> tuple[Framework, list[Mapping]]:
    fw = draw(frameworks())
    ids = [item.id for item in fw.walk()]
    targets = st.sampled_from(ids).map(fw.ref_of) | _item_ids.map(lambda i: Ref("other", "1.0", i))
    mappings = [
        Mapping(
            fw.ref_of(draw(st.sampled_from(ids))),
            draw(st.sampled_from(list(Relation))),
            draw(targets),
            negated=draw(st.booleans()),
            confidence=draw(st.none() | st.floats(0, 1)),
        )
        for _ in range(draw(st.integers(0, 6)))
    ]
    return fw, mappings


@settings(max_examples=40, deadline=None)
@given(_with_mappings())
def test_import_reads_back_what_ctdl_carries(case: tuple[Framework, list[Mapping]]) -> None:
    fw, mappings = case
    imported = framework_from_ctdl(framework_to_ctdl(fw, mappings=mappings), FILE)
    assert imported.warnings == ()
    assert imported.value.framework == _carried(fw)
    # Alignments carry the claim only: no negation, no confidence, no provenance.
    expected = {m.key for m in mappings if not m.negated and m.subject != m.object}
    assert {m.key for m in imported.value.mappings} == expected
    assert len(imported.value.mappings) == len(expected)
    assert all(m.justification is Justification.UNSPECIFIED for m in imported.value.mappings)


def test_bundled_frameworks_and_their_crosswalk_read_back(alliance: Framework) -> None:
    cw = cecompetency.default_registry().load_crosswalk("alliance-ccmep@1.0")
    imported = framework_from_ctdl(framework_to_ctdl(alliance, mappings=cw.mappings), FILE).value
    assert imported.framework == _carried(alliance)
    assert {m.key for m in imported.mappings} == {m.key for m in cw.asserted()}
    stated = imported.crosswalk()
    assert (stated.id, stated.version) == ("alliance-mappings", "2008")
    assert stated.frameworks == (alliance.ref, Ref("nccme-ccmep", "2008"))
    # The crosswalk written from it loads and checks against the bundled frameworks.
    assert loads_crosswalk(dumps_crosswalk(stated)) == stated


def _registry_style(alliance: Framework) -> str:
    """The Alliance export as the Credential Engine Registry would serve it: ``ce-`` URIs,
    ``en-US`` language maps, plain-string categories and weights, no codedNotation, the
    tree given by ``hasChild`` alone, and a foreign node in the graph."""
    data = ctdl_graph(alliance)
    registry = "https://credentialengineregistry.org/resources/"
    rename = {
        node["@id"]: registry + "ce-" + str(uuid.uuid5(uuid.NAMESPACE_URL, node["@id"]))
        for node in data["@graph"]
    }

    def convert(value: object) -> object:
        if isinstance(value, str):
            return rename.get(value, value)
        if isinstance(value, list):
            return [convert(v) for v in value]
        if isinstance(value, dict):
            return {("en-US" if k == "en" else k): convert(v) for k, v in value.items()}
        return value

    graph = []
    for node in data["@graph"]:
        node = {k: convert(v) for k, v in node.items() if k not in ("ceasn:isChildOf",)}
        node.pop("ceasn:codedNotation", None)
        if node["@type"] == "ceasn:Competency":
            node["ceasn:competencyCategory"] = node["ceasn:competencyCategory"]["en-US"]
            node["ceterms:ctid"] = node["@id"].rsplit("/", 1)[1]
        else:
            node["ceasn:inLanguage"] = ["en-US"]
            node.pop("ceterms:versionCode")
        graph.append(node)
    graph.append({"@id": "_:b0", "@type": "ceterms:CredentialOrganization"})
    return json.dumps({"@context": CONTEXT, "@graph": graph}, indent=1)


def test_registry_style_graph(alliance: Framework) -> None:
    text = _registry_style(alliance)
    imported = framework_from_ctdl(text, FILE, metadata={"id": "alliance", "version": "2008"})
    fw = imported.value.framework
    [skipped] = imported.warnings
    assert skipped.code == "CE672" and skipped.line == _line(text, '"_:b0"') - 1
    assert fw.language == "en-US" and fw.title == alliance.title
    ours, theirs = list(alliance.walk()), list(fw.walk())
    assert [(i.title, i.statement, i.kind) for i in theirs] == [
        (i.title, i.statement, i.kind) for i in ours
    ]
    assert [len(i.children) for i in theirs] == [len(i.children) for i in ours]
    assert all(
        i.id.startswith("ce-") and i.extensions["x-ctdl"]["ceterms:ctid"] == i.id for i in theirs
    )
    # The graph's identifiers are kept, and an export uses them again; so is the foreign
    # node, written back as it was.
    again = json.loads(framework_to_ctdl(fw))
    assert {n["@id"] for n in again["@graph"]} == {n["@id"] for n in json.loads(text)["@graph"]}
    assert again["@graph"][-1] == {"@id": "_:b0", "@type": "ceterms:CredentialOrganization"}
    assert all(n["ceterms:ctid"] == n["@id"].rsplit("/", 1)[1] for n in again["@graph"][1:-1])


# -- hostile input ---------------------------------------------------------------------------


def _line(text: str, needle: str) -> int:
    """The 1-based line of ``needle``'s first occurrence."""
    return text[: text.index(needle)].count("\n") + 1


def _issues(source: bytes | str) -> list[Issue]:
    with pytest.raises(FrameworkError) as caught:
        framework_from_ctdl(source, FILE)
    assert all(i.file == FILE for i in caught.value.issues)
    return list(caught.value.issues)


def _graph(*nodes: dict[str, object]) -> str:
    return json.dumps({"@context": CONTEXT, "@graph": list(nodes)}, indent=1)


_FW: dict[str, object] = {
    "@id": "https://w3id.org/cecompetency/t/1",
    "@type": "ceasn:CompetencyFramework",
    "ceasn:name": {"en": "T"},
    "ceasn:publisherName": {"en": ["P"]},
}


def _competency(name: str, **extra: object) -> dict[str, object]:
    node: dict[str, object] = {
        "@id": f"https://w3id.org/cecompetency/t/1/{name}",
        "@type": "ceasn:Competency",
        "ceasn:competencyText": {"en": f"Text {name}"},
    }
    node.update({k.replace("_", ":", 1): v for k, v in extra.items()})
    return node


@pytest.mark.parametrize(
    ("source", "code", "line"),
    [
        (bytes(range(256)), "CE602", 2),  # 0x80 comes after a newline (0x0a)
        (b'{"a":\n "\x00"}', "CE603", 2),
        ("", "CE604", None),
        ('{"@graph": [\n  {"@id": 1,}\n]}', "CE610", 2),
        ('{"a": 1, "a": 2}', "CE611", 1),
        ("[" * 200 + "]" * 200, "CE612", 1),
        ('{"x": NaN}', "CE613", 1),
        ("[1, 2]", "CE670", 1),
        ('{"@graph": {"@type": "ceasn:Competency"}}', "CE670", 1),
        ('"just text"', "CE670", 1),
    ],
)
def test_unreadable_input_gives_located_issues(
    source: bytes | str, code: str, line: int | None
) -> None:
    [issue] = [i for i in _issues(source) if i.is_error]
    assert issue.code == code and issue.line == line


def test_wrong_graphs_give_located_issues() -> None:
    two = _graph(_FW, {**_FW, "@id": "https://w3id.org/cecompetency/u/1"})
    [issue] = _issues(two)
    assert issue.code == "CE670" and "2 framework nodes" in issue.message
    assert issue.line == _line(two, '"https://w3id.org/cecompetency/u/1"') - 1  # the second
    no_id = _graph(_FW, {"@type": "ceasn:Competency", "ceasn:competencyText": "x"})
    assert [(i.code, i.line) for i in _issues(no_id)] == [("CE671", _line(no_id, '"x"') - 2)]
    cycle = _graph(
        _FW,
        _competency("a", ceasn_isChildOf=["https://w3id.org/cecompetency/t/1/b"]),
        _competency("b", ceasn_isChildOf=["https://w3id.org/cecompetency/t/1/a"]),
    )
    assert {i.code for i in _issues(cycle)} == {"CE628"}
    mute = _graph(_FW, {**_competency("a"), "ceasn:competencyText": {"en": 5}})
    assert {i.code for i in _issues(mute)} == {"CE673", "CE674"}
    anonymous = _graph({k: v for k, v in _FW.items() if k != "ceasn:publisherName"})
    [issue] = _issues(anonymous)
    assert issue.code == "CE629" and issue.line == 4 and "ceasn:publisherName" in issue.message


def test_tolerated_deviations_are_warnings() -> None:
    text = _graph(
        {**_FW, "ceasn:publicationStatusType": "Someday", "ceasn:dateCreated": "soon"},
        _competency("a", ceasn_weight="12.5", ceasn_codedNotation="has space"),
        _competency("b", ceasn_conceptKeyword={"en": ["ok", "not a tag"]}),
        _competency("c", ceasn_exactAlignment="urn:x:1", ceasn_isChildOf="https://elsewhere/x"),
    )
    imported = framework_from_ctdl(text, FILE)
    fw = imported.value.framework
    assert [i.code for i in imported.warnings] == ["CE673"] * 4 + ["CE672"]
    assert all(i.line is not None for i in imported.warnings)
    assert (
        fw["a"].weight == 12.5
        and fw["a"].extensions["x-ctdl"]["ceasn:codedNotation"] == "has space"
    )
    assert fw["b"].tags == ("ok",) and fw["b"].extensions["x-ctdl"]["ceasn:conceptKeyword"] == {
        "en": ["ok", "not a tag"]
    }
    # An alignment to a concept outside the graph is a mapping to an external concept.
    [mapping] = imported.value.mappings
    assert mapping.object == ExternalConcept("urn:x:1") and mapping.subject == fw.ref_of("c")
    again = json.loads(framework_to_ctdl(fw, mappings=[mapping]))["@graph"]
    assert again[3]["ceasn:exactAlignment"] == ["urn:x:1"]
    assert again[1]["ceasn:codedNotation"] == "has space"
    assert again[2]["ceasn:conceptKeyword"] == {"en": ["ok", "not a tag"]}
    assert fw.status is Status.DRAFT and fw.released is None


def test_weights_as_fractions_or_shares() -> None:
    under = "https://w3id.org/cecompetency/t/1/p"
    fractions = _graph(
        _FW,
        _competency("p", ceasn_hasChild=[f"{under[:-2]}/a", f"{under[:-2]}/b"]),
        _competency("a", ceasn_weight=0.18, ceasn_isChildOf=under),
        _competency("b", ceasn_weight="0.82", ceasn_isChildOf=under),
    )
    fw = framework_from_ctdl(fractions, FILE).value.framework
    assert (fw["a"].weight, fw["b"].weight) == (18, 82)  # shares of 100, as the model holds
    again = {n["@id"]: n for n in json.loads(framework_to_ctdl(fw))["@graph"]}
    assert again[f"{under[:-2]}/a"]["ceasn:weight"] == 0.18  # written back as the file had
    assert again[f"{under[:-2]}/b"]["ceasn:weight"] == "0.82"
    shares = fractions.replace("0.18", "18").replace('"0.82"', "82")
    fw = framework_from_ctdl(shares, FILE).value.framework
    assert (fw["a"].weight, fw["b"].weight) == (18, 82)
    neither = fractions.replace("0.18", "3")
    with pytest.raises(FrameworkError) as caught:
        framework_from_ctdl(neither, FILE)
    assert [i.code for i in caught.value.issues] == ["CE303"]
    lenient = framework_from_ctdl(neither, FILE, lenient=True)
    [warned] = lenient.warnings
    assert warned.code == "CE673" and "2 sibling" in warned.message and warned.line is not None
    assert lenient.value.framework["a"].weight is None


def test_every_property_is_kept_and_written_back() -> None:
    extra = {
        "ceasn:complexityLevel": ["https://example.org/levels/3"],
        "ceasn:educationLevelType": ["asn:Graduate"],
        "ceasn:dateModified": "2020-01-02T03:04:05Z",
        "ceasn:author": ["https://example.org/people/1"],
    }
    framework = {
        **_FW,
        **extra,
        "ceterms:ctid": "ce-00000000-0000-0000-0000-000000000001",
        "ceasn:source": ["https://a.example/1", "https://a.example/2"],
        "ceasn:publisher": ["https://example.org/org"],
        "ceasn:name": {"en": "T", "fr": "T fr"},
    }
    item = _competency(
        "a",
        ceterms_ctid="ce-00000000-0000-0000-0000-000000000002",
        ceasn_isPartOf="https://w3id.org/cecompetency/t/1",
        **{k.replace(":", "_"): v for k, v in extra.items()},
    )
    text = _graph(framework, item)
    imported = framework_from_ctdl(text, FILE)
    assert imported.warnings == ()
    again = json.loads(framework_to_ctdl(imported.value.framework))["@graph"]
    for written, source in zip(again, json.loads(text)["@graph"], strict=True):
        assert {k: written[k] for k in source} == source


def test_a_competency_of_another_framework_is_a_located_warning() -> None:
    other = "https://example.org/other-framework"
    text = _graph(_FW, _competency("a"), _competency("b", ceasn_isPartOf=other))
    imported = framework_from_ctdl(text, FILE)
    [warned] = imported.warnings
    assert warned.code == "CE675" and other in warned.message
    assert warned.line == _line(text, other)
    again = json.loads(framework_to_ctdl(imported.value.framework))["@graph"]
    assert again[2]["ceasn:isPartOf"] == other


def test_lenient_reads_what_strict_refuses() -> None:
    anonymous = {k: v for k, v in _FW.items() if k != "ceasn:publisherName"}
    text = _graph(anonymous, _competency("a"), {"@type": "ceasn:Competency"})
    assert {i.code for i in _issues(text)} == {"CE629", "CE671"}
    imported = framework_from_ctdl(text, FILE, lenient=True)
    assert sorted(i.code for i in imported.warnings) == ["CE629", "CE671"]
    fw = imported.value.framework
    assert fw.publishers[0].name == "Unknown publisher" and len(fw) == 1
    again = json.loads(framework_to_ctdl(fw))
    assert "ceasn:publisherName" not in again["@graph"][0]  # made up, so not written
    assert again["@graph"][-1] == {"@type": "ceasn:Competency"}  # kept as it was


def _survives(source: bytes | str) -> None:
    try:
        framework_from_ctdl(source, FILE)
    except FrameworkError as exc:
        assert exc.issues and all(i.file == FILE for i in exc.issues)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=300) | st.text(max_size=300))
def test_arbitrary_input_never_crashes(source: bytes | str) -> None:
    _survives(source)


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_damaged_exports_never_crash(alliance: Framework, data: st.DataObject) -> None:
    text = framework_to_ctdl(alliance, mappings=alliance_crosswalk(alliance).mappings)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, min(len(text), start + 40)))
    filler = data.draw(st.sampled_from(["", '"', ",", "{", "]", "null", "1", "[]", '{"@id": 1}']))
    _survives(text[:start] + filler + text[end:])
