"""Shared fixtures: the bundled frameworks, a scratch registry, the shared standards folder."""

from __future__ import annotations

from pathlib import Path

import pytest

import cecompetency
from cecompetency.model.framework import Framework

ROOT = Path(__file__).resolve().parents[1]
# Reference data from the standards lives beside the checkout; a user's clone lacks it.
STANDARDS = ROOT.parent / "shared" / "standards"
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def alliance() -> Framework:
    return cecompetency.load("alliance@2008")


@pytest.fixture
def standards() -> Path:
    if not STANDARDS.is_dir():
        pytest.skip("../shared/standards is not beside this checkout")
    return STANDARDS
