"""Did-you-mean hints: the closest known name to one that was not found."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["did_you_mean"]


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest choice, or an empty string."""
    import difflib  # only when a name was not found: not on every start-up

    options = list(choices)
    # Case first: difflib finds nothing close between 'ALLIANCE' and 'alliance'.
    same = [choice for choice in options if choice.casefold() == word.casefold()]
    close = same or difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""
