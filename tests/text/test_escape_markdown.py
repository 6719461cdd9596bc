"""The one Markdown escaper: whatever the text, a CommonMark parser reads it back as itself."""

from __future__ import annotations

import html

from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from cecompetency.text.markdown import escape_markdown

# CommonMark with the GitHub extensions our outputs use (tables, strike-through).
_PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])
_MARKUP = "\\`*_[]()<>|~#!&;:-+=.\"' \n\t"


def _rendered(inline: str) -> str:
    return html.unescape(_PARSER.renderInline(inline))


@given(
    st.text(
        alphabet=st.sampled_from(_MARKUP)
        | st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")),
        max_size=60,
    )
)
def test_any_text_renders_as_itself_with_white_space_folded(text: str) -> None:
    assert _rendered(escape_markdown(text)) == " ".join(text.split())


@given(
    st.text(
        alphabet=st.sampled_from(_MARKUP)
        | st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")),
        max_size=60,
    )
)
def test_escaped_text_keeps_a_table_row_whole(text: str) -> None:
    row = f"| a | b |\n| --- | --- |\n| {escape_markdown(text)} | end |\n"
    cells = _PARSER.parse(row)
    assert sum(1 for token in cells if token.type == "td_open") == 2


def test_html_and_entities_of_the_text_do_not_survive() -> None:
    escaped = escape_markdown("<script>alert(1)</script> &amp; *bold* [x](y) a|b")
    assert "<" not in escaped and ">" not in escaped
    assert _rendered(escaped) == "<script>alert(1)</script> &amp; *bold* [x](y) a|b"


def test_ordinary_punctuation_is_left_as_written() -> None:
    assert escape_markdown("Plan, evaluate (and report): 1.5 - done!") == (
        "Plan, evaluate (and report): 1.5 - done!"
    )
