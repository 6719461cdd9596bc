"""The same two versions give the same diff, byte for byte, whatever the hash seed.

Text keys make sets and dicts iterate in an order that depends on PYTHONHASHSEED, and one
process cannot see another seed: each case here is diffed in fresh interpreters under
several seeds, and every rendering is compared byte for byte. The cases are built to have
ties: leftovers that share as many word runs with an old item as one another, duplicate
texts under two parents, parts of a split that are as good as one another, and two large
generated revisions in formulaic wording, where stock phrases make near-equal candidates
common.

Before ties were broken by document order, the first case gave two different diffs over
these seeds: which of five equal candidates made the short list depended on the order in
which a set of word-pair buckets was met.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from samples import make_framework

from cecompetency.changes import ChangeKind, diff
from cecompetency.model.framework import Framework, Publisher

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ("0", "1", "3", "42", "1234", "4294967295")


def framework(version: str, areas: list[tuple[str, list[tuple[str, str]]]]) -> Framework:
    """A two-level framework: areas of competencies, (id, statement) pairs."""
    return make_framework(
        "ties",
        version,
        dict(areas),
        title="Ties",
        publishers=[Publisher("Ties Organization")],
        kinds=["area", "competency"],
    )


def shortlist_tie() -> tuple[Framework, Framework]:
    """An old item gone, and five new ones that each share two word pairs with it."""
    whole = "alpha bravo charlie delta echo foxtrot golf hotel"
    rest = [("1.1", "Plan budgets for the year"), ("1.3", "India juliet kilo lima")]
    leftovers = [
        "alpha bravo charlie mike",
        "charlie delta echo november",
        "echo foxtrot golf oscar",
        "foxtrot golf hotel papa",
        "bravo charlie delta quebec",
    ]
    old = framework("1", [("1", [rest[0], ("1.2", whole), rest[1]])])
    new_kids = [rest[0], *((f"1.{n}", text) for n, text in enumerate(leftovers, 4)), rest[1]]
    return old, framework("2", [("1", new_kids)])


def duplicate_texts() -> tuple[Framework, Framework]:
    """One text under two parents, both renumbered, the areas swapped, a third copy added."""
    same = "Keep records of attendance"
    old = framework(
        "1",
        [
            ("1", [("1.1", same), ("1.2", "Plan educational activities")]),
            ("2", [("2.1", "Manage the budget"), ("2.2", same)]),
        ],
    )
    new = framework(
        "2",
        [
            ("2", [("2.1", "Manage the budget"), ("2.5", same), ("2.6", same)]),
            ("1", [("1.2", "Plan educational activities"), ("1.7", same)]),
        ],
    )
    return old, new


def equal_parts() -> tuple[Framework, Framework]:
    """A split whose parts appear twice, under the whole's parent and under another."""
    old = framework(
        "1",
        [
            ("1", [("1.1", "Plan and evaluate educational activities"), ("1.2", "Write goals")]),
            ("2", [("2.1", "Manage the budget")]),
        ],
    )
    new = framework(
        "2",
        [
            (
                "1",
                [
                    ("1.3", "Plan educational activities"),
                    ("1.4", "Evaluate educational activities"),
                    ("1.2", "Write goals"),
                ],
            ),
            (
                "2",
                [
                    ("2.1", "Manage the budget"),
                    ("2.2", "Plan educational activities"),
                    ("2.3", "Evaluate educational activities"),
                ],
            ),
        ],
    )
    return old, new


def generated(wording: str, size: int, seed: int) -> tuple[Framework, Framework]:
    """A generated revision (benchmarks/generate.py), about 5% of every kind of change."""
    if str(ROOT) not in sys.path:  # the benchmarks are not installed with the package
        sys.path.insert(0, str(ROOT))
    from benchmarks import generate
    from cecompetency.files.framework_files import loads

    tree = generate.framework(size, seed, wording=wording)
    revised, _made = generate.revise(tree, seed)
    return loads(generate.framework_yaml(tree)), loads(generate.framework_yaml(revised))


CASES = {
    "shortlist tie": shortlist_tie,
    "duplicate texts": duplicate_texts,
    "equal parts": equal_parts,
    "formulaic revision": lambda: generated("formulaic", 2000, 3),
    "varied revision": lambda: generated("varied", 2000, 3),
}


def rendered() -> dict[str, str]:
    """Every case's diff in every rendering, with a digest of each."""
    out = {}
    for name, make in CASES.items():
        old, new = make()
        result = diff(old, new)
        text = result.to_text() + result.to_markdown() + result.to_json()
        out[name] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return out


_SCRIPT = f"""
import importlib.util, json, sys
sys.path.insert(0, {str(Path(__file__).resolve().parents[1])!r})  # the tests' helper modules
spec = importlib.util.spec_from_file_location("determinism_cases", {str(Path(__file__))!r})
cases = importlib.util.module_from_spec(spec)
spec.loader.exec_module(cases)
print(json.dumps(cases.rendered()))
"""


def _run(seed: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, str] = json.loads(done.stdout)
    return result


@pytest.mark.slow
def test_every_case_gives_the_same_bytes_under_every_hash_seed() -> None:
    runs = {seed: _run(seed) for seed in SEEDS}
    first = runs[SEEDS[0]]
    assert set(first) == set(CASES)
    for seed, digests in runs.items():
        for name in CASES:
            assert digests[name] == first[name], f"{name}: PYTHONHASHSEED={seed} differs"
    assert rendered() == first  # and this process, whatever its seed, agrees


# -- what the ties resolve to -----------------------------------------------------------------


def kinds(old: Framework, new: Framework) -> list[tuple[str, str | None, str | None]]:
    return [(c.kind.value, c.old and c.old.item, c.new and c.new.item) for c in diff(old, new)]


def test_duplicate_texts_follow_their_parents() -> None:
    old, new = duplicate_texts()
    found = kinds(old, new)
    # Each copy goes to the copy under its own parent's counterpart, not to the first copy
    # in document order (2.5 comes before 1.7 in the new version); the third copy is new.
    assert ("renumbered", "1.1", "1.7") in found
    assert ("renumbered", "2.2", "2.5") in found
    assert ("added", None, "2.6") in found
    assert not [k for k in found if k[0] in ("moved", "removed", "reworded")]


def test_split_parts_are_taken_among_the_siblings_first() -> None:
    old, new = equal_parts()
    result = diff(old, new)
    (split,) = result.of_kind(ChangeKind.SPLIT)
    assert split.old.item == "1.1"  # type: ignore[union-attr]
    assert [p.item for p in split.details.parts] == ["1.3", "1.4"]  # type: ignore[union-attr]
    assert [c.new.item for c in result.of_kind(ChangeKind.ADDED)] == ["2.2", "2.3"]  # type: ignore[union-attr]
