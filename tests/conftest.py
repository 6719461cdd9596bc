"""Shared fixtures: the bundled frameworks and the reference data in tests/data."""

from __future__ import annotations

import subprocess
import sys
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


@pytest.fixture(scope="session")
def _package_index_answers(tmp_path_factory: pytest.TempPathFactory) -> bool:
    """Whether pip can fetch from its configured package index (one small download)."""
    target = tmp_path_factory.mktemp("index-probe")
    probe = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "-d", str(target)]
    try:
        done = subprocess.run([*probe, "hatchling"], capture_output=True, timeout=120)
    except subprocess.TimeoutExpired:
        return False
    return done.returncode == 0


@pytest.fixture(autouse=True)
def _needs_network(request: pytest.FixtureRequest) -> None:
    """A test marked ``network`` is skipped, saying why, when no package index answers."""
    if request.node.get_closest_marker("network") is not None and not request.getfixturevalue(
        "_package_index_answers"
    ):
        pytest.skip("needs a package index, and none answers (offline)")
