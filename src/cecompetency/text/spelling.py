"""Did-you-mean hints: the closest known name to one that was not found.

A hint costs bounded work however many names there are: the names are indexed once
(:class:`Speller`), and a word is compared with at most :data:`MAX_COMPARED` of them: all
of them when there are few, else those next to it in alphabetical order, forwards and
backwards (the names that share its longest start or its longest end, where a typo is
not). So 3,000 unknown names against 3,000 known ones take milliseconds, not a minute.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

__all__ = ["MAX_COMPARED", "Speller", "did_you_mean"]

MAX_COMPARED = 16  # names compared with one word
MAX_WORD = 120  # longer words (and names) get only a same-but-for-case hint


class Speller:
    """Hints against one set of names, indexed once for any number of words."""

    def __init__(self, choices: Iterable[str]) -> None:
        # Indexed at the first hint: a speller made "just in case" costs nothing.
        self._choices: Iterable[str] | None = choices
        self._folded: dict[str, str] = {}
        self._few: list[str] | None = None
        self._forwards: list[tuple[str, str]] = []
        self._backwards: list[tuple[str, str]] = []

    def _index(self) -> None:
        if self._choices is None:
            return
        for choice in self._choices:
            self._folded.setdefault(choice.casefold(), choice)
        self._choices = None
        names = [(f, c) for f, c in self._folded.items() if len(c) <= MAX_WORD]
        self._few = [c for _, c in names] if len(names) <= MAX_COMPARED else None
        self._forwards = sorted(names)
        self._backwards = sorted((f[::-1], c) for f, c in names)

    def hint(self, word: str) -> str:
        """`` (did you mean 'x'?)`` for the closest name, or an empty string."""
        self._index()
        # Case first: difflib finds nothing close between 'ALLIANCE' and 'alliance'.
        same = self._folded.get(word.casefold()) if len(word) <= MAX_WORD else None
        if same is not None:
            return f" (did you mean {same!r}?)"
        if not word or len(word) > MAX_WORD:
            return ""
        import difflib  # only when a name was not found: not on every start-up

        close = difflib.get_close_matches(word, self._candidates(word), n=1, cutoff=0.6)
        return f" (did you mean {close[0]!r}?)" if close else ""

    def _candidates(self, word: str) -> list[str]:
        if self._few is not None:
            return self._few
        folded = word.casefold()
        side = MAX_COMPARED // 4
        found: dict[str, None] = {}  # in a fixed order, so ties go the same way every run
        for index, key in ((self._forwards, folded), (self._backwards, folded[::-1])):
            at = bisect.bisect_left(index, (key, ""))
            for _, name in index[max(at - side, 0) : at + side]:
                found[name] = None
        return list(found)


def did_you_mean(word: str, choices: Iterable[str] | Speller) -> str:
    """`` (did you mean 'x'?)`` for the closest choice, or an empty string.

    Given the names themselves, this indexes them for the one word; a caller with many
    words passes a :class:`Speller` built once.
    """
    speller = choices if isinstance(choices, Speller) else Speller(choices)
    return speller.hint(word)
