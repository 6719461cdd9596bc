"""Every reader, driven with every class of hostile input (tests/attacks.py): the crafted
inputs kept in tests/corpus/attacks/ are replayed in every run, and a fuzz test draws new
sizes of each class (CECOMPETENCY_FUZZ_EXAMPLES raises the count; CI's fuzz job does)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from attacks import ATTACKS_DIR, CLASSES, READERS, attack, check_attack, file_name
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

EXAMPLES = int(os.environ.get("CECOMPETENCY_FUZZ_EXAMPLES", "5"))
CASES = sorted(ATTACKS_DIR.iterdir())
SIZES = {
    "huge-number": (300, 6000),
    "lone-surrogate": (1, 3),
    "deep-nesting": (50, 5000),
    "quadratic-html": (100, 20_000),
    "long-digit-runs": (300, 6000),
    "many-unknown-refs": (1, 1200),
    "huge-value": (1000, 100_000),
}


def test_every_reader_meets_every_class() -> None:
    kept = {path.name for path in CASES}
    assert {file_name(reader, kind) for reader in READERS for kind in CLASSES} <= kept


@pytest.mark.parametrize("case", CASES, ids=[path.name for path in CASES])
def test_replay(case: Path) -> None:
    reader = case.name.split("--")[0]
    check_attack(reader, case.read_bytes(), case.name)


@pytest.mark.slow
@pytest.mark.parametrize("reader", sorted(READERS))
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_fuzz_attack_sizes(reader: str, data: st.DataObject) -> None:
    kind = data.draw(st.sampled_from(CLASSES))
    n = data.draw(st.integers(*SIZES[kind]))
    check_attack(reader, attack(reader, kind, n), f"fuzz{READERS[reader][0]}")
