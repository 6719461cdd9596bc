"""The bundled CCMEP content outline and the curated Alliance-CCMEP crosswalk."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

import cecompetency
from cecompetency.files.registry import default_registry
from cecompetency.files.validation import validate_file
from cecompetency.model.crosswalk import Crosswalk, Justification
from cecompetency.model.framework import Framework
from cecompetency.model.refs import Ref
from cecompetency.model.relations import Relation

FRAMEWORKS = Path(__file__).resolve().parents[1] / "frameworks"

# The published outline: five domains and their share of the examination, in order, as
# the source the file names (MeetingsNet, "Quiz: Test Your CME Skills") spells them.
PUBLISHED = [
    ("1", "Adult Learning Principles", 15),
    ("2", "Educational Interventions", 30),
    ("3", "Relationships With Stakeholders", 10),
    ("4", "Leadership, Administration, and Management", 25),
    ("5", "Knowledge of the CME Environment", 20),
]


@pytest.fixture(scope="module")
def ccmep() -> Framework:
    return cecompetency.load("nccme-ccmep@2008")


@pytest.fixture(scope="module")
def crosswalk() -> Crosswalk:
    return default_registry().load_crosswalk("alliance-ccmep@1.0")


def test_the_files_validate_without_issues() -> None:
    assert validate_file(FRAMEWORKS / "nccme-ccmep@2008.yaml") == []
    assert validate_file(FRAMEWORKS / "crosswalks" / "alliance-ccmep@1.0.yaml") == []


def test_ccmep_has_the_five_published_domains_and_weights(ccmep: Framework) -> None:
    assert [(d.id, d.title, d.weight) for d in ccmep.areas] == PUBLISHED
    assert sum(d.weight or 0 for d in ccmep.areas) == 100
    assert all(d.kind == "domain" and not d.children for d in ccmep.areas)
    assert len(ccmep) == 5


def test_ccmep_is_structure_only_and_says_what_it_is(ccmep: Framework) -> None:
    # No task statements were available: none may have been invented.
    assert all(d.statement is None for d in ccmep.walk())
    assert [p.abbreviation for p in ccmep.publishers] == ["NC-CME"]
    assert ccmep.publishers[0].name == (
        "National Commission for Certification of Continuing Medical Education Professionals"
    )
    assert ccmep.status.value == "published"
    assert ccmep.extensions["x-questions"] == 150
    assert "150 questions" in (ccmep.description or "")


def test_crosswalk_is_the_projects_manual_curation(crosswalk: Crosswalk) -> None:
    assert crosswalk.frameworks == (Ref("alliance", "2008"), Ref("nccme-ccmep", "2008"))
    assert crosswalk.creators == ("cecompetency project",)
    for mapping in crosswalk:
        assert mapping.justification is Justification.MANUAL
        assert mapping.author == "cecompetency project"
        assert mapping.comment and mapping.confidence is not None
        assert mapping.subject.framework == "alliance"
        assert mapping.object.framework == "nccme-ccmep"
    # Nothing is known of the domains beyond their names: no claim of equivalence.
    assert not any(m.relation is Relation.EXACT for m in crosswalk.asserted())


def test_accreditation_compliance_falls_under_the_cme_environment(crosswalk: Crosswalk) -> None:
    (mapping,) = [m for m in crosswalk.asserted() if m.subject.item == "7.6"]
    assert mapping.object == Ref("nccme-ccmep", "2008", "5")
    assert mapping.relation is Relation.BROAD  # the domain is the broader one


def test_crosswalk_has_many_to_one_mappings(crosswalk: Crosswalk) -> None:
    sources: dict[str, set[str]] = defaultdict(set)
    for mapping in crosswalk.asserted():
        sources[mapping.object.item or ""].add(mapping.subject.item or "")
    assert all(len(subjects) > 1 for subjects in sources.values())
    # Three whole Alliance areas meet in domain 4: Leadership and Administration/management
    # by its name, Systems thinking by its published note.
    areas_into_4 = {
        m.subject.item
        for m in crosswalk.asserted()
        if m.object.item == "4"
        and m.relation is Relation.BROAD
        and "." not in (m.subject.item or "")
    }
    assert areas_into_4 == {"4", "6", "7"}


def test_coverage(crosswalk: Crosswalk, ccmep: Framework, alliance: Framework) -> None:
    asserted = crosswalk.asserted()
    # Every domain is reached by some Alliance item.
    assert {m.object.item for m in asserted} == {d.id for d in ccmep.areas}
    mapped = {m.subject.item for m in asserted}
    # Area 8 (the professional's own learning) is left unmapped, with its competencies.
    assert not {item.id for item in alliance["8"].walk()} & mapped
    # Every other area is mapped at area level.
    assert {a.id for a in alliance.areas} - mapped == {"8"}
    unmapped = [c.id for c in alliance.competencies if c.id not in mapped]
    assert unmapped == ["8.1", "8.2", "8.3"]  # as the file's header says


def test_negations_record_tempting_matches_the_curator_rejected(crosswalk: Crosswalk) -> None:
    negated = {(m.subject.item, m.relation, m.object.item) for m in crosswalk.negations()}
    assert ("8", Relation.CLOSE, "1") in negated  # "learning" in both names
    assert ("7.4", Relation.BROAD, "2") in negated  # "educational committees"
    # The rejected 7.4 reading has an asserted alternative.
    assert any(m.subject.item == "7.4" and m.object.item == "4" for m in crosswalk.asserted())
