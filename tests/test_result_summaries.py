"""``print(result)`` shows a readable summary for every result the API returns.

A result object's ``str()`` is a few lines a person reads, never its repr: a comparison
of the bundled frameworks used to print 59,743 characters of nested constructors.
"""

from __future__ import annotations

import datetime
import re

import pytest
from samples import VALID

import cecompetency
from cecompetency.analysis.profiles import ScaleMapping, Support
from cecompetency.analysis.suggestions import evaluate
from cecompetency.graph import CompetencyGraph
from cecompetency.model.levels import Level, LevelScale
from cecompetency.views.reports import FileResult

STEPS = LevelScale("steps", "Illustrative steps", [Level(f"s{n}", f"Step {n}") for n in (1, 2, 3)])


def _results() -> dict[str, object]:
    """One of each result object the public API returns, on the bundled data."""
    alliance = cecompetency.load("alliance@2008")
    ccmep = cecompetency.load("nccme-ccmep@2008")
    crosswalk = cecompetency.load_crosswalk("alliance-ccmep@1.0")
    graph = CompetencyGraph([alliance, ccmep], [crosswalk])
    comparison = cecompetency.compare(alliance, ccmep, [crosswalk])
    coverage = graph.coverage(alliance, ccmep)
    profile = cecompetency.Profile(
        framework=alliance.ref, scale="steps", levels={"7.6": "s2", "6.1": "s3", "8.1": "s1"}
    )
    same = ScaleMapping.identity(STEPS)
    translation = cecompetency.translate_profile(profile, crosswalk, ccmep, same)
    carried = cecompetency.translate_profile(profile, crosswalk, ccmep, same, support=Support.any())
    demo = cecompetency.loads(VALID)
    demo_profile = cecompetency.Profile(framework=demo.ref, scale="depth", levels={})
    draft = cecompetency.suggest(alliance, ccmep, date=datetime.date(2026, 1, 1))
    package = cecompetency.export_framework(alliance, "case")
    imported = cecompetency.import_framework(package, "case")
    return {
        "compare": comparison,
        "compare pair": comparison.pairs[0],
        "compare area": comparison.a_areas[0],
        "counterpart": graph.counterparts(alliance.ref_of("2.2"))[0],
        "coverage": coverage,
        "coverage area": coverage.by_area[0],
        "cardinality": graph.cardinality(crosswalk),
        "explain": graph.explain("alliance@2008:2.2", "nccme-ccmep@2008:2")[0],
        "merge": cecompetency.merge_crosswalks([crosswalk, crosswalk]),
        "translation": translation,
        "carried": carried.carried[0],
        "dropped": translation.dropped[0],
        "withheld": translation.withheld[0],
        "profile": profile,
        "gap": cecompetency.gaps(demo_profile, demo, "grid", "lead")[0],
        "suggest": draft,
        "evaluate": evaluate(draft, crosswalk),
        "find": cecompetency.find([alliance], "needs assessment")[0],
        "import": imported,
        "imported framework": imported.value,
        "validate": FileResult("f.yaml", cecompetency.validate_text("id: x\n", "f.yaml")),
        "framework": alliance,
        "crosswalk": crosswalk,
    }


RESULTS = _results()


@pytest.mark.parametrize("name", list(RESULTS))
def test_str_is_a_short_readable_summary(name: str) -> None:
    result = RESULTS[name]
    text = str(result)
    assert text != repr(result)
    assert not re.match(r"\w+\(\w+=", text), text[:80]  # not a constructor call
    assert 0 < len(text) < 1500, len(text)
    assert all(len(line) < 400 for line in text.splitlines())


def test_a_comparison_says_what_it_found() -> None:
    text = str(RESULTS["compare"])
    assert text.startswith("alliance@2008 (CME Staff Competencies) compared with nccme-ccmep@2008")
    assert "through alliance-ccmep@1.0" in text and "pairs (" in text
    assert "of A covered" in text and "items only in A" in text
    assert len(repr(RESULTS["compare"])) < 1000  # the repr counts, too


def test_a_translation_lists_what_it_rated_withheld_and_dropped() -> None:
    lines = str(RESULTS["translation"]).splitlines()
    assert lines[0] == (
        "translated into nccme-ccmep@2008: 0 items rated, 2 withheld, 3 source items not carried"
    )
    assert "withheld:" in lines and "not carried:" in lines
    assert any(line.startswith("  8.1 (s1): not carried, no-counterpart") for line in lines)
