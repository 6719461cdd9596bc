"""Finding items by their words: a ranked, case-insensitive search over titles and statements.

:func:`find` searches one framework, several, or every framework of a
:class:`~cecompetency.graph.CompetencyGraph`, and returns :class:`Hit` records, best first.

How a hit is scored. The query and the item's texts are read as lower-cased words (letters
and digits); a query word matches an item word that starts with it, so ``learn`` finds
"learning" and "learners". Each of the title, the statement, and the two together is
graded:

- **3, phrase**: the query's words appear in a row (the last one may be the start of a
  word: ``adult learn`` finds "adult learning principles");
- **2, all words**: every query word matches, in any order;
- **1, some words**: at least one query word matches.

``score = 10 * grade + 5 * (the title alone reaches that grade) + share`` where ``grade``
is the best of the three and ``share`` (0 to 1) the share of distinct query words found
anywhere in the item. So a phrase in the title (35 and up) ranks above a phrase in the
statement (30 and up), which ranks above all words in the title (25 and up), and so on;
ties keep the order of the frameworks given and of their items. Items that match no
query word are not hits. An empty query matches every item (score 0), so that the filters
alone can select.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import attrs

from cecompetency.model.fields import require
from cecompetency.model.framework import Framework, Item
from cecompetency.model.refs import Ref
from cecompetency.text.tokens import tokenize

if TYPE_CHECKING:
    from cecompetency.graph import CompetencyGraph

__all__ = ["Hit", "find"]


PHRASE, ALL_WORDS, SOME_WORDS = 3, 2, 1


@attrs.frozen
class Hit:
    """One item that matched a query: where it is, what it says, and how well it matched.

    ``matched`` lists the query words found in the item; ``where`` says which text reached
    the hit's grade: ``title``, ``statement`` or ``both`` (only the two together).
    """

    ref: Ref
    score: float
    kind: str
    label: str
    title: str | None
    statement: str | None
    area: str
    where: str
    matched: tuple[str, ...]

    def to_record(self) -> dict[str, Any]:
        """A flat, JSON-compatible row (for ``pandas.DataFrame(records)``)."""
        return {
            "ref": str(self.ref),
            "framework": self.ref.framework,
            "version": self.ref.version,
            "item": self.ref.item,
            "kind": self.kind,
            "area": self.area,
            "label": self.label,
            "title": self.title,
            "statement": self.statement,
            "score": self.score,
            "where": self.where,
            "matched": list(self.matched),
        }

    def __str__(self) -> str:
        return f"{self.ref}  {self.score:5.2f}  {self.label}"


def _words(text: str | None) -> list[str]:
    return tokenize(text) if text else []


def _grade(words: list[str], query: list[str]) -> int:
    """3 for the phrase, 2 for all words, 1 for some, 0 for none (see the module docs)."""
    if not words:
        return 0
    found = {q for q in query if any(w.startswith(q) for w in words)}
    if not found:
        return 0
    if len(found) < len(set(query)):
        return SOME_WORDS
    size = len(query)
    last = query[-1]
    for start in range(len(words) - size + 1):
        if (
            words[start + size - 1].startswith(last)
            and words[start : start + size - 1] == (query[:-1])
        ):
            return PHRASE
    return ALL_WORDS


def _frameworks(source: Framework | CompetencyGraph | Iterable[Framework]) -> list[Framework]:
    if isinstance(source, Framework):
        return [source]
    held = getattr(source, "frameworks", None)  # a CompetencyGraph, without importing it
    if held is not None and not callable(held):
        return list(held)
    frameworks = list(source)  # type: ignore[arg-type]
    for entry in frameworks:
        if not isinstance(entry, Framework):
            raise TypeError(
                f"find searches frameworks or a CompetencyGraph, not {type(entry).__name__}"
            )
    return frameworks


def _items(framework: Framework) -> Iterator[tuple[Item, Item]]:
    """Every item with its area (top-level item), in document order."""
    for area in framework.items:
        for item in area.walk():
            yield item, area


def _area_matches(area: Item, wanted: str) -> bool:
    return area.id == wanted or (area.title or "").casefold() == wanted.casefold()


def find(
    framework_or_graph: Framework | CompetencyGraph | Iterable[Framework],
    text: str,
    *,
    kind: str | None = None,
    area: str | None = None,
    tag: str | None = None,
    min_weight: float | None = None,
    max_weight: float | None = None,
    limit: int | None = None,
) -> list[Hit]:
    """The items whose title or statement match ``text``, best first (scores: module docs).

    Filters: ``kind`` (exact), ``area`` (the id or the title, in any case, of the
    top-level item above), ``tag`` (one of the item's tags), ``min_weight`` and
    ``max_weight`` (inclusive; items without a weight fail either). ``limit`` keeps the
    best ``limit`` hits.

    A query with no words (``""``, blanks or punctuation only) matches every item that
    passes the filters, with score 0, so that filters alone can select:
    ``find(fw, "", kind="competency")``.
    """
    require(text, str, "text")
    if limit is not None and limit < 0:
        raise ValueError(f"limit must be 0 or more, got {limit}")
    query = _words(text)
    unique = list(dict.fromkeys(query))
    hits: list[tuple[float, int, Hit]] = []
    position = 0
    for framework in _frameworks(framework_or_graph):
        for item, top in _items(framework):
            position += 1
            if kind is not None and item.kind != kind:
                continue
            if area is not None and not _area_matches(top, area):
                continue
            if tag is not None and tag not in item.tags:
                continue
            if min_weight is not None and (item.weight is None or item.weight < min_weight):
                continue
            if max_weight is not None and (item.weight is None or item.weight > max_weight):
                continue
            hit = _score(framework, item, top, query, unique)
            if hit is not None:
                hits.append((-hit.score, position, hit))
    hits.sort(key=lambda entry: (entry[0], entry[1]))
    found = [hit for _score_key, _position, hit in hits]
    return found if limit is None else found[:limit]


def _score(
    framework: Framework, item: Item, top: Item, query: list[str], unique: list[str]
) -> Hit | None:
    where = "both"
    matched: tuple[str, ...] = ()
    score = 0.0
    if query:
        # A cheap test first: a large framework has few items that hold any query word.
        folded = item.text.casefold()
        if not any(q in folded for q in unique):
            return None
        title, statement = _words(item.title), _words(item.statement)
        grades = (_grade(title, query), _grade(statement, query), _grade(title + statement, query))
        best = max(grades)
        if best == 0:
            return None
        every = title + statement
        matched = tuple(q for q in unique if any(w.startswith(q) for w in every))
        where = "title" if grades[0] == best else "statement" if grades[1] == best else "both"
        score = round(10 * best + (5 if grades[0] == best else 0) + len(matched) / len(unique), 3)
    return Hit(
        ref=Ref(framework.id, framework.version, item.id),
        score=score,
        kind=item.kind,
        label=item.label,
        title=item.title,
        statement=item.statement,
        area=top.id,
        where=where,
        matched=matched,
    )
