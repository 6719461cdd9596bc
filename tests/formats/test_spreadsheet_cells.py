"""Tables made to be opened in spreadsheets: every cell reads back exactly (line breaks,
quotes, carriage returns), and no cell of a CSV or Moodle export runs as a formula."""

from __future__ import annotations

import csv
import io

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import frameworks

from cecompetency.formats._table import guard_formula, read_table, unguard_formula, write_table
from cecompetency.formats.csv import framework_from_csv, framework_to_csv, metadata_of
from cecompetency.formats.moodle import framework_from_moodle, framework_to_moodle
from cecompetency.formats.sssom import crosswalk_from_sssom, crosswalk_to_sssom
from cecompetency.model.crosswalk import Crosswalk, Mapping
from cecompetency.model.external import ExternalConcept
from cecompetency.model.framework import Framework, Item
from cecompetency.model.refs import Ref

TRIGGERS = "=+-@\t\r"
# Cells made of what breaks tables and what spreadsheets run: quotes, separators, line
# breaks of every kind, apostrophes and formula starts, anywhere in the cell.
tricky = st.text(alphabet=st.sampled_from("ab ,;\"'\r\n\t=+-@|"), max_size=12)
tricky_text = st.builds(
    lambda head, body: head + body,
    st.sampled_from(["=", "+", "-", "@", "'=", "''@", "a", "\r", "\t"]),
    st.text(alphabet=st.sampled_from("ab \"',\r\n=+-@"), max_size=10),
).filter(lambda s: s.strip())


def _cells(text: str, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.lists(tricky, min_size=3, max_size=3), min_size=1, max_size=5),
    st.sampled_from([",", "\t"]),
    st.booleans(),
)
def test_any_cells_read_back_exactly(rows: list[list[str]], delimiter: str, guard: bool) -> None:
    header = ["a", "b", "c"]
    text = write_table([header, *rows], delimiter=delimiter, guard=guard)
    table = read_table(text, "t", known=header, delimiter=delimiter, guarded=guard)
    assert [[row.get(c) for c in header] for row in table.rows] == rows


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(tricky, min_size=2, max_size=2), min_size=1, max_size=5))
def test_no_guarded_cell_starts_as_a_formula(rows: list[list[str]]) -> None:
    text = write_table([["a", "b"], *rows], guard=True)
    for row in _cells(text, ",")[1:]:
        assert not any(cell[:1] in TRIGGERS and cell for cell in row)


@given(tricky)
def test_unguard_undoes_guard(cell: str) -> None:
    assert unguard_formula(guard_formula(cell)) == cell
    assert guard_formula(cell) == cell or guard_formula(cell) == "'" + cell


def test_a_carriage_return_in_a_cell_is_quoted() -> None:
    assert write_table([["h"], ["a\rb"]]) == 'h\n"a\rb"\n'
    assert write_table([["h"], ["=1+2"], ["'=x"], ["'ok"]], guard=True) == ("h\n'=1+2\n''=x\n'ok\n")


def _with_texts(framework: Framework, texts: list[str]) -> Framework:
    """The framework with its items' titles and statements replaced by ``texts``."""
    pool = iter(texts * (2 * len(list(framework.walk())) + 1))

    def change(item: Item) -> Item:
        return attrs.evolve(
            item,
            title=next(pool) if item.title is not None else None,
            statement=next(pool) if item.statement is not None else None,
            children=tuple(change(c) for c in item.children),
        )

    return attrs.evolve(framework, items=tuple(change(i) for i in framework.items))


def _texts_of(framework: Framework) -> list[tuple[str | None, str | None]]:
    return [(i.title, i.statement) for i in framework.walk()]


@settings(max_examples=25, deadline=None)
@given(frameworks(with_levels=False), st.lists(tricky_text, min_size=1, max_size=6))
def test_csv_export_with_formulas_and_carriage_returns_round_trips(
    framework: Framework, texts: list[str]
) -> None:
    framework = _with_texts(framework, texts)
    text = framework_to_csv(framework)
    for row in _cells(text, ",")[1:]:
        assert not any(cell[:1] in TRIGGERS and cell for cell in row)
    back = framework_from_csv(text, metadata=metadata_of(framework)).value
    assert _texts_of(back) == _texts_of(framework)


@settings(max_examples=20, deadline=None)
@given(frameworks(with_levels=False), st.lists(tricky_text, min_size=1, max_size=6))
def test_moodle_export_with_formulas_round_trips(framework: Framework, texts: list[str]) -> None:
    framework = _with_texts(framework, [" ".join(t.split()) or "x" for t in texts])
    text = framework_to_moodle(framework)
    for row in _cells(text, ",")[1:]:
        assert not any(cell[:1] in TRIGGERS and cell for cell in row)
    back = framework_from_moodle(text, metadata={"publishers": [{"name": "P"}]}).value
    assert [i.statement or i.title for i in back.walk()] == [
        i.statement or i.title for i in framework.walk()
    ]


def test_sssom_is_not_guarded_but_reads_back() -> None:
    # SSSOM is data for tools: a ' would change a label, so labels are written as they are.
    a = Ref("alliance", "2008")
    mapping = Mapping(
        subject=a.with_item("1"),
        relation="exact",
        object=ExternalConcept("ESCO:1", label="=HYPERLINK(1)\r2"),
        comment="-a comment\r",
    )
    cw = Crosswalk(
        id="pair",
        version="1",
        title="t",
        frameworks=(a,),
        mappings=(mapping,),
        prefixes={"ESCO": "http://data.europa.eu/esco/"},
    )
    text = crosswalk_to_sssom(cw)
    assert '\t"=HYPERLINK(1)\r2"\t' in text
    assert crosswalk_from_sssom(text).value == cw
