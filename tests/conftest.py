"""Shared fixtures: the bundled frameworks, a scratch registry, the shared standards folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from samples import STANDARDS

import cecompetency
from cecompetency.model.framework import Framework


@pytest.fixture(scope="session")
def alliance() -> Framework:
    return cecompetency.load("alliance@2008")


@pytest.fixture
def standards() -> Path:
    if not STANDARDS.is_dir():
        pytest.skip("../shared/standards is not beside this checkout")
    return STANDARDS
