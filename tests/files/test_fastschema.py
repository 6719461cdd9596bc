"""The compiled schema check answers exactly as jsonschema does (it only decides who explains)."""

from __future__ import annotations

import functools
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import frameworks, json_values, mutated

import cecompetency
from cecompetency.files.codec import framework_to_data
from cecompetency.files.schema_check import compile_schema, format_checker
from cecompetency.files.schemas import schema

CHECKS = {name: compile_schema(cecompetency.schema(name)) for name in ("framework", "crosswalk")}


@functools.cache
def _validator(name: str) -> Any:
    """jsonschema's own validator for a shipped schema, with the library's format checks: the
    oracle, built here so that it shares nothing with the two-speed check it judges."""
    found = schema(name)
    cls = jsonschema.validators.validator_for(found)
    return cls(found, format_checker=format_checker())


def _jsonschema_says_valid(name: str, data: Any) -> bool:
    return not any(True for _ in _validator(name).iter_errors(data))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frameworks())
def test_valid_frameworks_pass_both(framework: cecompetency.Framework) -> None:
    data = framework_to_data(framework)
    assert CHECKS["framework"](data) is True
    assert _jsonschema_says_valid("framework", data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_frameworks_get_the_same_answer(data: st.DataObject) -> None:
    document = framework_to_data(data.draw(frameworks()))
    broken = data.draw(mutated(document))
    assert CHECKS["framework"](broken) == _jsonschema_says_valid("framework", broken)


@settings(max_examples=150, deadline=None)
@given(json_values)
def test_arbitrary_json_gets_the_same_answer(value: Any) -> None:
    for name, check in CHECKS.items():
        assert check(value) == _jsonschema_says_valid(name, value)


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_mutated_crosswalks_get_the_same_answer(data: st.DataObject) -> None:
    from cecompetency.files.crosswalk_codec import crosswalk_to_data

    crosswalk = cecompetency.default_registry().load_crosswalk("alliance-ccmep@1.0")
    document = crosswalk_to_data(crosswalk)
    document["mappings"] = document["mappings"][:4]
    assert CHECKS["crosswalk"](document) is True
    broken = data.draw(mutated(document))
    assert CHECKS["crosswalk"](broken) == _jsonschema_says_valid("crosswalk", broken)


def test_an_unsupported_keyword_is_refused_at_compile_time() -> None:
    with pytest.raises(ValueError, match="unsupported"):
        compile_schema({"type": "object", "dependentRequired": {"a": ["b"]}})
