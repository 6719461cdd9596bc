"""Fuzzing the framework reader: arbitrary bytes, YAML trees, and mutations of valid files.

Every input ends in a Framework or a FrameworkError (see ``fuzzing.check_outcome``); one
that does not is saved to ``tests/corpus/`` and replayed by ``test_corpus.py`` forever.
Run long by hand with ``CECOMPETENCY_FUZZ_EXAMPLES=20000``.
"""

from __future__ import annotations

import json
from typing import Any

import yaml
from fuzzing import EXAMPLES, check_outcome
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from samples import BUNDLED, VALID

from cecompetency.files.yaml_reader import read_yaml

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Pieces of YAML and of framework files, so that random inputs reach past the parser.
TOKENS = [
    "format: cecompetency/1\n",
    "id: ",
    "version: ",
    "title: ",
    "status: published\n",
    "publishers: [{name: P}]\n",
    "items:\n",
    "kinds: [area, competency]\n",
    "- ",
    "  ",
    "\n",
    ": ",
    "[",
    "]",
    "{",
    "}",
    ", ",
    "'",
    '"',
    "&a ",
    "*a",
    "!!str ",
    "!!python/name:x ",
    "!t ",
    "<<: ",
    "? ",
    "|\n",
    ">-\n",
    "#",
    "---\n",
    "...\n",
    "%YAML 1.1\n",
    "\t",
    "\r\n",
    "\r",
    "~",
    "yes",
    "2.10",
    "1e3",
    ".nan",
    "-.inf",
    "0x1F",
    "1:20",
    "=",
    "x-ext: ",
    "weight: ",
    "kind: ",
    "statement: ",
    "\ufeff",
    "\x00",
    "\x85",
    "é",
    "\ud7ff",
]
BASES = [VALID, BUNDLED.read_text("utf-8")]

keys = st.sampled_from(
    [
        "format",
        "id",
        "version",
        "title",
        "status",
        "publishers",
        "name",
        "items",
        "kind",
        "kinds",
        "statement",
        "weight",
        "tags",
        "notes",
        "scales",
        "levels",
        "label",
        "roles",
        "matrices",
        "scale",
        "expectations",
        "role",
        "item",
        "level",
        "x-a",
        "released",
        "source",
        "citation",
        "supersedes",
        "language",
    ]
) | st.text(max_size=8)
leaves = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.sampled_from(["cecompetency/1", "published", "draft", "pending", "area", "1", "2.10"])
    | st.text(max_size=20)
)
trees = st.recursive(
    leaves,
    lambda inner: (
        st.lists(inner, max_size=5)
        | st.dictionaries(keys | st.integers() | st.booleans(), inner, max_size=6)
    ),
    max_leaves=40,
)


@FUZZ
@given(st.binary(max_size=2000))
def test_arbitrary_bytes(raw: bytes) -> None:
    check_outcome(raw)


@FUZZ
@given(st.lists(st.sampled_from(TOKENS), max_size=80))
def test_yaml_token_soup(tokens: list[str]) -> None:
    check_outcome("".join(tokens).encode("utf-8", "surrogatepass"))


@FUZZ
@given(trees, st.sampled_from(["block", "flow", "json"]))
def test_arbitrary_yaml_trees(tree: Any, style: str) -> None:
    if style == "json":
        try:
            text = json.dumps(tree)
        except (TypeError, ValueError):  # keys JSON cannot hold
            text = yaml.safe_dump(tree)
    else:
        text = yaml.safe_dump(tree, default_flow_style=style == "flow", allow_unicode=True)
    check_outcome(text)


@FUZZ
@given(trees)
def test_framework_documents_with_arbitrary_parts(tree: Any) -> None:
    # A framework's header with an arbitrary tree in one of its places.
    data = read_yaml(VALID).data
    place = ["items", "publishers", "matrices", "scales", "roles", "kinds", "title", "x-a"]
    for index, key in enumerate(place):
        if isinstance(tree, dict) and index % 2:
            data[key] = [tree]
        elif index == len(str(tree)) % len(place):
            data[key] = tree
    check_outcome(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*path, index))
    return found


def _parent(data: Any, path: tuple[Any, ...]) -> Any:
    for step in path[:-1]:
        data = data[step]
    return data


@FUZZ
@given(st.sampled_from(BASES), st.data())
def test_mutations_of_valid_files(base: str, data: st.DataObject) -> None:
    document = read_yaml(base).data
    for _ in range(data.draw(st.integers(1, 3))):
        paths = [p for p in _paths(document) if p]
        path = data.draw(st.sampled_from(paths))
        parent, last = _parent(document, path), path[-1]
        operation = data.draw(st.sampled_from(["drop", "swap", "duplicate", "empty"]))
        if operation == "drop":
            del parent[last]
        elif operation == "swap":
            parent[last] = data.draw(leaves | st.lists(leaves, max_size=2) | st.just({"id": "x"}))
        elif operation == "duplicate" and isinstance(parent, list):
            parent.insert(last, parent[last])
        else:
            parent[last] = type(parent[last])() if isinstance(parent[last], list | dict) else ""
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100)
    check_outcome(text)


@FUZZ
@given(st.sampled_from(BASES), st.data())
def test_text_edits_of_valid_files(base: str, data: st.DataObject) -> None:
    text = base
    for _ in range(data.draw(st.integers(1, 4))):
        lines = text.splitlines(keepends=True) or [""]
        at = data.draw(st.integers(0, len(lines) - 1))
        operation = data.draw(st.sampled_from(["truncate", "line", "token", "delete", "indent"]))
        if operation == "truncate":
            text = text[: data.draw(st.integers(0, len(text)))]
        elif operation == "line":  # duplicate a line: a repeated key or list entry
            lines.insert(at, lines[at])
            text = "".join(lines)
        elif operation == "token":
            column = data.draw(st.integers(0, len(lines[at])))
            token = data.draw(st.sampled_from(TOKENS))
            lines[at] = lines[at][:column] + token + lines[at][column:]
            text = "".join(lines)
        elif operation == "delete":
            del lines[at]
            text = "".join(lines)
        else:
            lines[at] = " " * data.draw(st.integers(0, 9)) + lines[at].lstrip(" ")
            text = "".join(lines)
    check_outcome(text.encode("utf-8", "surrogatepass"))


@FUZZ
@given(st.data())
def test_byte_flips_of_the_bundled_file(data: st.DataObject) -> None:
    raw = bytearray(BUNDLED.read_bytes())
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(raw) - 1))
        raw[at] = data.draw(st.integers(0, 255))
    check_outcome(bytes(raw))
