"""The one tokenizer: Unicode words, case-folded, the same on the fast ASCII path."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from cecompetency.text.tokens import tokenize

_WORD = re.compile(r"\w+")


@given(st.text())
def test_any_text_gives_the_regular_expression_words(text: str) -> None:
    assert tokenize(text) == _WORD.findall(text.casefold())


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_the_ascii_fast_path_agrees(text: str) -> None:
    assert tokenize(text) == _WORD.findall(text.lower())


def test_accented_words_stay_whole() -> None:
    assert tokenize("Compétence en éducation médicale") == [
        "compétence",
        "en",
        "éducation",
        "médicale",
    ]
    assert tokenize("problem-based/practice_based") == ["problem", "based", "practice_based"]
