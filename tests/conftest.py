"""Shared fixtures: the bundled frameworks and the reference data in tests/data."""

from __future__ import annotations

from pathlib import Path

import pytest
from samples import CASE_DATA

import cecompetency
from cecompetency.model.framework import Framework


@pytest.fixture(scope="session")
def alliance() -> Framework:
    return cecompetency.load("alliance@2008")


@pytest.fixture
def case_data() -> Path:
    """The official CASE schema and real CASE packages (see tests/data/README.md)."""
    return CASE_DATA
