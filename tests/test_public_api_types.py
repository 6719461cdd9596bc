"""Every public function and class, called with arguments of the wrong type, says so: a
TypeError (or the library's own error), never an AttributeError from deep inside."""

from __future__ import annotations

import enum
import inspect
import itertools
import os
from pathlib import Path
from typing import Any

import pytest

import cecompetency
from cecompetency import _PUBLIC
from cecompetency.files.registry import Registry
from cecompetency.files.yaml_reader import Limits
from cecompetency.model.errors import CecompetencyError
from cecompetency.model.refs import Ref

# Values no public parameter takes (where a parameter takes any of them, the call is fine).
WRONG: list[Any] = [None, 123_456, 1.5, b"bytes", object(), [1, 2], {"a": 1}, ("t",)]
# The few of them that are right for a function's first parameter.
RIGHT: dict[str, list[Any]] = {"Registry": [("t",)], "validate_text": [b"bytes"]}


def _callables() -> list[str]:
    names = []
    for name in _PUBLIC:
        value = getattr(cecompetency, name)
        if inspect.isclass(value) and issubclass(value, BaseException | enum.Enum):
            continue  # errors take any message; enums are looked up by value
        if callable(value):
            names.append(name)
    return sorted(names)


def _required(value: Any) -> int:
    try:
        signature = inspect.signature(value)
    except (TypeError, ValueError):
        return 1
    return sum(
        1
        for p in signature.parameters.values()
        if p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
    )


@pytest.mark.parametrize("name", _callables())
def test_wrong_types_give_a_type_error_never_an_attribute_error(name: str) -> None:
    value = getattr(cecompetency, name)
    count = max(1, _required(value))
    accepted = []
    for args in itertools.product(WRONG, repeat=1):
        # The first argument wrong, any others wrong too (the same value).
        call = args * count
        try:
            value(*call)
        except (TypeError, CecompetencyError):
            continue
        except Exception as exc:
            pytest.fail(f"{name}{call!r:.80} raised {type(exc).__name__}: {exc}"[:300])
        accepted.append(args[0])
    assert accepted == RIGHT.get(name, []), f"{name} accepted {accepted!r}"


def test_a_reference_needs_a_framework_id() -> None:
    with pytest.raises(TypeError):
        Ref(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Ref("a", 1)  # type: ignore[arg-type]


def test_a_registry_takes_a_list_of_folders_not_one_text() -> None:
    with pytest.raises(TypeError, match="list"):
        Registry("abc")
    with pytest.raises(TypeError):
        Registry([1])  # type: ignore[list-item]


@pytest.mark.parametrize("field", ["max_bytes", "max_depth", "max_alias_nodes", "max_issues"])
@pytest.mark.parametrize("value", [1.5, "10", True, None])
def test_limits_are_whole_numbers(field: str, value: Any) -> None:
    with pytest.raises(TypeError):
        Limits(**{field: value})


def test_a_file_descriptor_is_refused_and_left_open(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("x: 1\n")
    descriptor = os.open(path, os.O_RDONLY)
    try:
        for load in (
            cecompetency.load_file,
            cecompetency.validate_file,
            cecompetency.load_crosswalk_file,
        ):
            with pytest.raises(TypeError, match="path"):
                load(descriptor)  # type: ignore[arg-type]
            os.fstat(descriptor)  # still open: raises OSError if it was closed
    finally:
        os.close(descriptor)
