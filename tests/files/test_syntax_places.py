"""A YAML syntax error is placed where the mistake is, with a hint true to its cause.

libyaml stops where it can no longer go on, often lines after the mistake: an unclosed
quote is noticed at the next quote sign or at the end of the file, a key without ':' on
the line after it. The place reported is where the quoted text or the key starts.
"""

from __future__ import annotations

import pytest
from samples import BUNDLED

from cecompetency.files.yaml_reader import read_yaml
from cecompetency.model.errors import Issue, ValidationError

INDENTATION = "check the indentation"


def fails(text: str) -> Issue:
    with pytest.raises(ValidationError) as info:
        read_yaml(text, "f.yaml")
    (issue,) = info.value.issues
    assert issue.code == "CE110"
    return issue


def _bundled_with(line_start: str, replacement: str) -> tuple[str, int]:
    """The bundled Alliance file with the line that starts ``line_start`` replaced."""
    lines = BUNDLED.read_text("utf-8").splitlines(keepends=True)
    index = next(n for n, line in enumerate(lines) if line.startswith(line_start))
    lines[index] = replacement
    return "".join(lines), index + 1


@pytest.mark.parametrize("quote", ['"', "'"])
def test_an_unclosed_quote_in_the_bundled_file_is_placed_at_the_quote(quote: str) -> None:
    text, line = _bundled_with(
        "    title: Skill levels", f"    title: {quote}Skill levels by level of responsibility\n"
    )
    issue = fails(text)
    assert (issue.line, issue.column) == (line, len("    title: ") + 1)
    assert "the quoted text that starts here is not closed" in issue.message
    assert INDENTATION not in issue.message


def test_a_quote_running_on_to_a_later_quote_says_where_it_ends() -> None:
    issue = fails('a: 1\nb: "open\nc: 2\nd: "x" y\ne: 3\n')
    assert (issue.line, issue.column) == (2, 4)
    assert "runs on to line 4" in issue.message
    assert 'close it with " on this line' in issue.message
    assert INDENTATION not in issue.message


def test_an_unclosed_quote_at_the_end_of_the_file() -> None:
    issue = fails("a: 1\nb: 'open\nc: 2\n")
    assert (issue.line, issue.column) == (2, 4)
    assert "not closed: end it with '" in issue.message


def test_a_key_without_its_colon_is_placed_at_the_key() -> None:
    text, line = _bundled_with("    roles: [leader", "    roles [leader, manager, coordinator]\n")
    issue = fails(text)
    assert (issue.line, issue.column) == (line, 5)
    assert "the key that starts here has no ':' after it" in issue.message
    assert INDENTATION not in issue.message


def test_an_indentation_error_still_says_so_where_it_is() -> None:
    issue = fails("a:\n  b: 1\n c: 2\n")
    assert (issue.line, issue.column) == (3, 2)
    assert INDENTATION in issue.message


def test_a_quoted_text_over_several_lines_that_is_closed_is_no_error() -> None:
    assert read_yaml('a: "one\n  two"\nb: 1\n', "f.yaml").data == {"a": "one two", "b": 1}
    issue = fails('a: "one\n  two"\n  b: 1\n')  # closed, then a key indented too far
    assert INDENTATION in issue.message and "quoted text" not in issue.message
