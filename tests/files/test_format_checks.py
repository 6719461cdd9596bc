"""Our JSON Schema format checks: right by the RFCs, and the same on every machine.

jsonschema checks ``date-time`` only when the optional rfc3339-validator package is
installed, so a strict CASE import once accepted a time without a time zone on one machine
and refused it on another. The library now brings its own checks; these tests hold them to
independent implementations and prove they work where the optional package is absent.
"""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cecompetency.files.schema_check import FORMAT_CHECKS, format_checker

rfc3339_validator = pytest.importorskip("rfc3339_validator")


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("2008-01-01T00:00:00Z", True),
        ("2008-01-01t00:00:00z", True),
        ("2008-01-01T00:00:00.123456+05:30", True),
        ("1998-12-31T23:59:60Z", True),  # the leap second at the end of a UTC day
        ("1998-12-31T15:59:60-08:00", True),  # the same instant, in California
        ("1998-12-31T23:58:60Z", False),  # a leap second is only ever 23:59:60 UTC
        ("2008-01-01T00:00:00", False),  # no time zone
        ("2008-01-01 00:00:00Z", False),  # RFC 3339 section 5.6 asks for the T
        ("2008-02-30T00:00:00Z", False),
        ("2008-01-01T24:00:00Z", False),
        ("2008-01-01T00:00:00+24:00", False),
        ("2008-01-01T00:00:00Z\n", False),
        ("٢٠٠٨-01-01T00:00:00Z", False),  # digits of another script
        ("", False),
    ],
)
def test_date_time_by_rfc_3339(value: str, valid: bool) -> None:
    assert FORMAT_CHECKS["date-time"](value) is valid


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("b6f61076-aa12-450b-8f9d-b86bc071f85e", True),
        ("B6F61076-AA12-450B-8F9D-B86BC071F85E", True),
        ("b6f61076aa12450b8f9db86bc071f85e", False),  # valid for uuid.UUID, not for JSON Schema
        ("{b6f61076-aa12-450b-8f9d-b86bc071f85e}", False),
        ("urn:uuid:b6f61076-aa12-450b-8f9d-b86bc071f85e", False),
        ("not-a-uuid", False),
        # int(_, 16), which uuid.UUID uses, takes these; a UUID does not.
        ("+2345678-1234-1234-1234-123456789abc", False),
        (" 2345678-1234-1234-1234-123456789abc", False),
        ("1_345678-1234-1234-1234-123456789abc", False),
    ],
)
def test_uuid_is_the_hyphenated_form(value: str, valid: bool) -> None:
    assert FORMAT_CHECKS["uuid"](value) is valid


moments = st.datetimes(
    min_value=datetime.datetime(1, 1, 1), timezones=st.timezones() | st.just(datetime.UTC)
)


@given(moments, st.sampled_from(["seconds", "milliseconds", "microseconds"]))
def test_every_isoformat_date_time_with_a_zone_is_valid(
    moment: datetime.datetime, precision: str
) -> None:
    text = moment.isoformat(timespec=precision)
    offset = moment.utcoffset()
    # RFC 3339 offsets are whole minutes; Python can print seconds (historical zones).
    if offset is not None and offset.seconds % 60 == 0:
        assert FORMAT_CHECKS["date-time"](text) == rfc3339_validator.validate_rfc3339(text) is True


@given(st.text(alphabet="0123456789-:TZtz+. ", max_size=32))
def test_date_time_agrees_with_an_independent_implementation(text: str) -> None:
    if ":60" in text:  # rfc3339-validator knows no leap seconds; RFC 3339 allows them
        return
    # rfc3339-validator reads a lowercase t or z only after jsonschema upper-cases the text.
    assert FORMAT_CHECKS["date-time"](text) == rfc3339_validator.validate_rfc3339(text.upper())


@given(st.uuids().map(str) | st.text(alphabet="0123456789abcdefABCDEF-", max_size=40))
def test_uuid_agrees_with_jsonschema(text: str) -> None:
    expected = True
    try:
        uuid.UUID(text)
    except ValueError:
        expected = False
    expected = expected and all(text[i] == "-" for i in (8, 13, 18, 23) if i < len(text))
    assert FORMAT_CHECKS["uuid"](text) == (expected and len(text) == 36)


def test_the_jsonschema_checker_checks_exactly_our_formats() -> None:
    checker = format_checker()
    assert set(checker.checkers) == set(FORMAT_CHECKS)
    assert not checker.conforms("2008-01-01T00:00:00", "date-time")
    assert checker.conforms(3, "date-time")  # a format applies to text; 'type' judges the rest


_WITHOUT_OPTIONAL_PACKAGES = """
import json, sys
# As on a machine where jsonschema's optional format packages are not installed.
for name in ("rfc3339_validator", "rfc3987", "rfc3986_validator", "rfc3987_syntax"):
    sys.modules[name] = None
from cecompetency import load
from cecompetency.model.errors import FrameworkError
from cecompetency.formats.case import case_package, framework_from_case
package = case_package(load("alliance@2008"))
package["CFItems"][0]["lastChangeDateTime"] = "2008-01-01T00:00:00"
try:
    framework_from_case(json.dumps(package), "no-zone.json")
except FrameworkError as error:
    print(json.dumps([[i.code, i.line, i.message] for i in error.issues]))
else:
    print("accepted")
"""


def test_strict_case_import_checks_date_time_without_optional_packages() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _WITHOUT_OPTIONAL_PACKAGES],
        capture_output=True,
        text=True,
        check=True,
    )
    issues = json.loads(done.stdout)
    assert [code for code, _, _ in issues] == ["CE630"]
    assert "date-time" in issues[0][2]
    assert isinstance(issues[0][1], int)  # located
