"""What the bundled data and the documents say of it: only what its named sources show.

Each fact a bundled file states has a source named in the file (the seed text in
``tests/data/seeds`` for the Alliance, public pages named by URL for NC-CME), and each
file says how its text may be used. These tests hold the files to what the sources say.
"""

from __future__ import annotations

import re

import pytest
from samples import ROOT, SEEDS

import cecompetency
from cecompetency.files.registry import Registry
from cecompetency.model.framework import Framework
from cecompetency.model.refs import Ref
from cecompetency.model.relations import Relation

FRAMEWORKS = ROOT / "frameworks"
NCCME_FACT_SHEET = "https://nccme.org/content.aspx?dbid=41"
MEETINGSNET_OUTLINE = "http://meetingsnet.com/cme-regs/quiz-test-your-cme-skills"


def _bundled() -> list[Framework]:
    registry = Registry(bundled=True, environment=False)
    return [registry.load(ref) for ref in registry.available()]


# -- NC-CME's CCMEP outline: dated and cited as its sources show ---------------------------------


def test_the_ccmep_outline_is_versioned_by_its_first_examination_in_2008() -> None:
    ccmep = cecompetency.load("nccme-ccmep")
    assert ccmep.ref == Ref("nccme-ccmep", "2008")
    assert [path.name for path in FRAMEWORKS.glob("nccme-ccmep@*.yaml")] == [
        "nccme-ccmep@2008.yaml"
    ]
    # The fact sheet: inception in June 2008; forms 02 and 03 released in 2009 and 2011.
    assert ccmep.extensions["x-first-examination"] == "2008-06"
    assert ccmep.extensions["x-later-forms-released"] == [2009, 2011]
    assert "x-first-exam-forms" not in ccmep.extensions
    description = " ".join((ccmep.description or "").split())
    assert "first gave the examination in June 2008, after a pilot in May 2008" in description
    assert "later forms of it were released in 2009 and 2011" in description
    assert not re.search(r"first (exam(ination)? )?forms? date from 2009", description)


def test_the_ccmep_citation_names_sources_that_can_be_checked() -> None:
    ccmep = cecompetency.load("nccme-ccmep@2008")
    assert ccmep.source is not None
    assert ccmep.source.url == MEETINGSNET_OUTLINE
    citation = " ".join(ccmep.source.citation.split())
    assert NCCME_FACT_SHEET in citation
    # No title of a document no public source shows, and no date the sources do not give.
    assert "domain names and weights (150 questions; first examination forms 2009)" not in (
        citation
    )
    assert "Neither page dates the content outline itself" in citation
    header = (FRAMEWORKS / "nccme-ccmep@2008.yaml").read_text("utf-8").split("\nformat:")[0]
    assert "What is transcribed, and from where" in header
    assert NCCME_FACT_SHEET in header and "Not transcribed" in header


def test_domain_4_note_and_the_alliance_items_it_places_there() -> None:
    ccmep = cecompetency.load("nccme-ccmep@2008")
    assert "organizational leadership and systems thinking" in " ".join(ccmep["4"].notes)
    crosswalk = cecompetency.default_registry().load_crosswalk("alliance-ccmep@1.0")
    into_4 = {
        m.subject.item: m
        for m in crosswalk.asserted()
        if m.object == Ref("nccme-ccmep", "2008", "4")
    }
    for item in ("4", "4.1", "1.2"):  # systems thinking; organizational development
        assert item in into_4, item
        assert into_4[item].relation is Relation.BROAD
        assert "published note" in (into_4[item].comment or "")


# -- every bundled file says whose text it is and how it may be used ----------------------------


@pytest.mark.parametrize("framework", _bundled(), ids=lambda fw: str(fw.ref))
def test_every_bundled_framework_has_a_license(framework: Framework) -> None:
    license = " ".join((framework.license or "").split())
    assert "not covered by this package's MIT license" in license
    assert "for reference and research" in license
    owners = {p.abbreviation or p.name for p in framework.publishers} | {"NC-CME", "Alliance"}
    assert any(owner in license for owner in owners)


# -- the Alliance's introductory sentence is kept ----------------------------------------------


def test_the_alliance_introductory_sentence_opens_the_description() -> None:
    alliance = cecompetency.load("alliance@2008")
    intro = "The Alliance for CME recommends the following competencies for the CME professional:"
    seed = (SEEDS / "alliance-2008-cme-staff-competencies.txt").read_text("utf-8")
    assert intro in " ".join(seed.split())  # the seed has a no-break space after "The"
    assert (alliance.description or "").split("\n")[0] == intro


# -- the documents claim no more than the sources -------------------------------------------------


def test_the_tutorial_says_the_matrix_is_to_come_not_that_it_was_never_published() -> None:
    text = " ".join((ROOT / "docs" / "tutorial-researchers.md").read_text("utf-8").split())
    assert "never published" not in text
    assert '"will be prepared in the future"' in text


def test_the_readme_says_the_six_organizations_agreed_to_develop_competencies() -> None:
    text = " ".join((ROOT / "README.md").read_text("utf-8").split())
    assert "GAME and the AAMC publish competency frameworks" not in text
    assert "agreed to develop core competencies" in text
