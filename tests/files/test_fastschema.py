"""The compiled schema check answers exactly as jsonschema does (it only decides who explains)."""

from __future__ import annotations

import copy
import functools
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import frameworks

import cecompetency
from cecompetency.files.codec import framework_to_data
from cecompetency.files.schema_check import compile_schema, format_checker
from cecompetency.files.schemas import schema

CHECKS = {name: compile_schema(cecompetency.schema(name)) for name in ("framework", "crosswalk")}

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-5, 200)
    | st.floats(allow_nan=False, allow_infinity=False, width=32)
    | st.sampled_from(
        [
            "",
            " ",
            "x",
            "2008-02-30",
            "2024-05-01",
            "http://[",
            "https://a.org",
            "draft",
            "exact",
            "a b",
            "x-y",
            "@bad",
            "semapv:ManualMappingCuration",
        ]
    ),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)


@functools.cache
def _validator(name: str) -> Any:
    """jsonschema's own validator for a shipped schema, with the library's format checks: the
    oracle, built here so that it shares nothing with the two-speed check it judges."""
    found = schema(name)
    cls = jsonschema.validators.validator_for(found)
    return cls(found, format_checker=format_checker())


def _jsonschema_says_valid(name: str, data: Any) -> bool:
    return not any(True for _ in _validator(name).iter_errors(data))


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, (*prefix, index))
    return found


@st.composite
def mutated(draw: st.DrawFn, data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with a few nodes replaced, dropped, or given an extra key."""
    data = copy.deepcopy(data)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_paths(data)))
        if not path:
            continue
        parent = data
        for step in path[:-1]:
            parent = parent[step]
        action = draw(st.sampled_from(["replace", "drop", "extra"]))
        if action == "replace":
            parent[path[-1]] = draw(json_values)
        elif action == "drop" and isinstance(parent, dict):
            del parent[path[-1]]
        elif action == "extra" and isinstance(parent, dict):
            parent[draw(st.sampled_from(["titel", "x-note", "kind", "weight", "id"]))] = draw(
                json_values
            )
    return data


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
