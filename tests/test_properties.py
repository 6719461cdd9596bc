"""Properties over random valid frameworks (``strategies.frameworks``) and random documents."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import frameworks

from cecompetency.files.codec import framework_to_data
from cecompetency.files.framework_files import dump_file, dumps, load_file, loads
from cecompetency.files.validation import validate_text
from cecompetency.model.errors import FrameworkError
from cecompetency.model.framework import Framework, Item, Publisher
from cecompetency.model.refs import ITEM_ID, parse_ref

# A random framework is a whole tree of random text: slow to draw, so fewer examples.
SLOW = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@SLOW
@given(frameworks())
def test_dump_then_load_is_the_identity(fw: Framework) -> None:
    text = dumps(fw)
    assert validate_text(text) == []
    again = loads(text)
    assert again == fw
    assert again.extensions == fw.extensions
    assert [i.extensions for i in again.walk()] == [i.extensions for i in fw.walk()]
    assert dumps(again) == text  # the canonical form is a fixed point


@SLOW
@given(frameworks())
def test_dump_file_then_load_file(fw: Framework) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = dump_file(fw, Path(folder) / "fw.yaml")
        assert load_file(path) == fw


@SLOW
@given(frameworks())
def test_json_of_the_canonical_data_loads_equal(fw: Framework) -> None:
    assert loads(json.dumps(framework_to_data(fw), ensure_ascii=False)) == fw


@SLOW
@given(frameworks())
def test_every_item_reference_round_trips(fw: Framework) -> None:
    for item in fw.walk():
        ref = fw.ref_of(item)
        assert parse_ref(str(ref)) == ref
        assert fw[parse_ref(str(ref)).item or ""] is item
    assert parse_ref(str(fw.ref)) == fw.ref


@settings(max_examples=200, deadline=None)
@given(st.lists(st.from_regex(ITEM_ID, fullmatch=True), min_size=1, max_size=6, unique=True))
def test_odd_item_ids_survive_files_and_references(ids: list[str]) -> None:
    # Ids such as 'a:b', 'x@y', '../up', '2.10', '#1', 'é' or '- x' must not change on the way.
    fw = Framework(
        id="odd",
        version="1",
        title="Odd ids",
        status="published",
        publishers=[Publisher("P")],
        items=[Item(id=item_id, kind="area", title="T") for item_id in ids],
    )
    again = loads(dumps(fw))
    assert [item.id for item in again.walk()] == ids
    for item_id in ids:
        ref = again.ref_of(item_id)
        assert parse_ref(str(ref)).item == item_id


_scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12)
_documents = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=8) | st.integers(), inner, max_size=5)
    ),
    max_leaves=25,
)


@settings(max_examples=200, deadline=None)
@given(_documents)
def test_any_yaml_document_loads_or_is_a_framework_error(document: Any) -> None:
    text = yaml.safe_dump(document, allow_unicode=True)
    try:
        fw = loads(text)
    except FrameworkError as error:
        assert error.issues
        assert all(issue.code.startswith("CE") for issue in error.issues)
    else:  # random data is almost never a framework; if it is, it must be a real one
        assert isinstance(fw, Framework)
