"""Candidate mappings between two frameworks, by the similarity of their words.

:func:`suggest` drafts a crosswalk for a curator to review; it does not decide anything.
Each item is a bag of word stems (title and statement, stopwords removed), weighted by
TF-IDF over the items of both frameworks; two items score the cosine of their vectors,
blended with the cosine of their parents' vectors, so that a competency is read in the
light of its area. The relation proposed follows the depth of the two items (an item
matched to a higher-level item of the other framework is ``broad``), and the score is the
confidence. Pairs a curator has negated are never proposed again.

:func:`evaluate` measures a draft against a curated crosswalk (precision and recall of the
item pairs proposed).
"""

from __future__ import annotations

import datetime
import math
from collections import Counter
from collections.abc import Iterable, Sequence

import attrs

from cecompetency.model.crosswalk import Crosswalk, Justification, Mapping, MappingEnd
from cecompetency.model.errors import ModelError
from cecompetency.model.fields import require
from cecompetency.model.framework import Framework, Item
from cecompetency.model.relations import Relation
from cecompetency.text.tokens import tokenize

__all__ = [
    "DEFAULT_THRESHOLD",
    "Evaluation",
    "evaluate",
    "similarity",
    "stems",
    "suggest",
]

#: Chosen from measurements against the curated Alliance-CCMEP crosswalk (see
#: ``tests/analysis/test_suggest.py``; the only curated crosswalk so far, so the choice may not
#: carry over): low, because a draft is pruned by a curator, and a missed pair is harder
#: to notice than a wrong one.
DEFAULT_THRESHOLD = 0.1

# Function words and the connective verbs of competency statements ("be able to", "use").
_STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each
    etc few for from further had has have having he her here hers him his how i if in into
    is it its itself just may me might more most must my no nor not of off on once only or
    other our ours out over own same she should so some such than that the their theirs
    them then there these they this those through to too under until up upon very via was
    we were what when where which while who whom why will with within would you your
    including especially appropriate
    """.split()  # noqa: SIM905 (a word list reads better as text than as 150 literals)
)


# Suffixes stripped, longest first; a light stemmer in the manner of Porter's first steps,
# enough to make "learning", "learner" and "learners" one stem. Stems keep 3+ letters.
_SUFFIXES = (
    "izations",
    "ization",
    "ational",
    "ations",
    "ation",
    "ments",
    "ment",
    "ness",
    "ities",
    "ity",
    "ings",
    "ing",
    "ives",
    "ive",
    "ers",
    "er",
    "ors",
    "or",
    "ies",
    "ed",
    "es",
    "al",
    "ly",
    "s",
)


def _stem(word: str) -> str:
    for _ in range(3):  # "partnering" -> "partner" -> "partn"
        before = word
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                word = word[: -len(suffix)]
                break
        if len(word) > 3 and word.endswith("e"):
            word = word[:-1]
        if word == before:
            break
    return word


def stems(text: str) -> list[str]:
    """The word stems of ``text``, in order, without stopwords or one-letter words."""
    words = tokenize(text)
    return [_stem(w) for w in words if w not in _STOPWORDS and len(w) > 1 and not w.isdigit()]


Vector = dict[str, float]


def _cosine(a: Vector, b: Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    dot = sum(weight * b.get(term, 0.0) for term, weight in a.items())
    if dot == 0.0:
        return 0.0
    norm = math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values()))
    return min(1.0, dot / norm)


class _Space:
    """TF-IDF vectors of every item of the given frameworks, IDF over all of them."""

    def __init__(self, frameworks: Sequence[Framework]) -> None:
        counts: dict[tuple[int, str], Counter[str]] = {}
        frequency: Counter[str] = Counter()
        for index, framework in enumerate(frameworks):
            for item in framework.walk():
                bag = Counter(stems(item.text))
                counts[(index, item.id)] = bag
                frequency.update(bag.keys())
        total = len(counts)
        # Smoothed IDF: a stem in every item still weighs a little, never zero or negative.
        idf = {term: math.log((1 + total) / (1 + df)) + 1.0 for term, df in frequency.items()}
        self.vectors: dict[tuple[int, str], Vector] = {
            key: {term: (1.0 + math.log(tf)) * idf[term] for term, tf in bag.items()}
            for key, bag in counts.items()
        }

    def vector(self, index: int, item: Item) -> Vector:
        return self.vectors[(index, item.id)]


def similarity(
    a: Framework, b: Framework, *, context: float = 0.3
) -> dict[tuple[str, str], tuple[float, float, float]]:
    """Every pair (item of ``a``, item of ``b``) -> (score, item cosine, context cosine).

    ``score = (1 - context) * item cosine + context * parent cosine``, where an item's
    parent is the item itself at the top level. Pairs scoring 0 are left out.
    """
    if not 0.0 <= context <= 1.0:
        raise ModelError(f"context must be between 0 and 1, got {context!r}")
    space = _Space([a, b])
    parents_a = {item.id: a.parent_of(item) or item for item in a.walk()}
    parents_b = {item.id: b.parent_of(item) or item for item in b.walk()}
    context_cache: dict[tuple[str, str], float] = {}
    scores: dict[tuple[str, str], tuple[float, float, float]] = {}
    for x in a.walk():
        vx = space.vector(0, x)
        px = parents_a[x.id]
        for y in b.walk():
            py = parents_b[y.id]
            key = (px.id, py.id)
            if key not in context_cache:
                context_cache[key] = _cosine(space.vector(0, px), space.vector(1, py))
            direct = _cosine(vx, space.vector(1, y))
            score = (1.0 - context) * direct + context * context_cache[key]
            if score > 0.0:
                scores[(x.id, y.id)] = (score, direct, context_cache[key])
    return scores


def _negated_pairs(negated: Iterable[Crosswalk | Mapping]) -> set[frozenset[MappingEnd]]:
    pairs: set[frozenset[MappingEnd]] = set()
    for entry in negated:
        mappings = entry.mappings if isinstance(entry, Crosswalk) else (entry,)
        pairs.update(frozenset((m.subject, m.object)) for m in mappings if m.negated)
    return pairs


def _relation(depth_a: int, depth_b: int, score: float, exact: float, close: float) -> Relation:
    if depth_a > depth_b:
        return Relation.BROAD  # the object sits higher in its tree: it is the broader one
    if depth_a < depth_b:
        return Relation.NARROW
    if score >= exact:
        return Relation.EXACT
    if score >= close:
        return Relation.CLOSE
    return Relation.RELATED


def suggest(
    a: Framework,
    b: Framework,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    negated: Iterable[Crosswalk | Mapping] = (),
    context: float = 0.3,
    top: int | None = None,
    exact_at: float = 0.8,
    close_at: float = 0.5,
    date: datetime.date | None = None,
) -> Crosswalk:
    """A draft crosswalk of candidate mappings from items of ``a`` to items of ``b``.

    Every pair scoring at least ``threshold`` (see :func:`similarity`; ``context`` weighs
    the parents) is proposed, best first for each item of ``a``; ``top`` keeps only the
    best few per item. Items at different depths get ``broad`` (the ``b`` item is higher)
    or ``narrow``; items at the same depth get ``exact`` from ``exact_at``, ``close`` from
    ``close_at``, else ``related``. Any pair that a negated mapping in ``negated`` (whole
    crosswalks or single mappings, in either direction) covers is never proposed.
    """
    require(a, Framework, "a")
    require(b, Framework, "b")
    if not 0.0 <= threshold <= 1.0:
        raise ModelError(f"threshold must be between 0 and 1, got {threshold!r}")
    if top is not None and top < 1:
        raise ModelError(f"top must be at least 1, got {top!r}")
    rejected = _negated_pairs(negated)
    scores = similarity(a, b, context=context)
    by_subject: dict[str, list[tuple[float, str]]] = {}
    for (subject_id, object_id), (score, _direct, _ctx) in scores.items():
        if score >= threshold:
            by_subject.setdefault(subject_id, []).append((score, object_id))
    mappings: list[Mapping] = []
    for x in a.walk():  # document order of the subjects, best object first
        ranked = sorted(by_subject.get(x.id, []), key=lambda entry: (-entry[0], entry[1]))
        kept = 0
        for score, y in ranked:
            subject, obj = a.ref_of(x), b.ref_of(y)
            if frozenset((subject, obj)) in rejected:
                continue
            _, direct, ctx = scores[(x.id, y)]
            mappings.append(
                Mapping(
                    subject=subject,
                    relation=_relation(a.depth_of(x), b.depth_of(y), score, exact_at, close_at),
                    object=obj,
                    confidence=round(score, 3),
                    justification=Justification.LEXICAL_SIMILARITY,
                    comment=(
                        f"lexical similarity {score:.3f} (words {direct:.3f}, context "
                        f"{ctx:.3f}); a candidate for review, not a curated mapping"
                    ),
                    date=date,
                )
            )
            kept += 1
            if top is not None and kept >= top:
                break
    return Crosswalk(
        id=f"{a.id}-{b.id}-suggested",
        version="draft",
        title=f"Candidate mappings from {a.ref} to {b.ref} (draft for review)",
        description=(
            f"Drafted by cecompetency suggest: item pairs whose words are similar "
            f"(TF-IDF cosine of word stems, parents weighted {context:g}), threshold "
            f"{threshold:g}. Every mapping needs a curator's review."
        ),
        frameworks=(a.ref, b.ref),
        mappings=tuple(mappings),
        creators=("cecompetency suggest",),
        date=date,
    )


# -- measuring a draft ---------------------------------------------------------------------


@attrs.frozen
class Evaluation:
    """How a suggested crosswalk compares with a curated one, pair by pair.

    A pair is an (item, item) pair in either direction; a suggested pair is right when
    the curated crosswalk asserts some mapping for it. ``same_relation`` counts the right
    pairs whose relation also agrees; ``rejected`` the suggested pairs the curator negated.
    Precision and recall are 0 when there is nothing to divide by.
    """

    true_positives: int
    false_positives: int
    false_negatives: int
    same_relation: int
    rejected: int

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 0.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __str__(self) -> str:
        return (
            f"precision {self.precision:.2f}, recall {self.recall:.2f}, F1 {self.f1:.2f} "
            f"({self.true_positives} right, {self.false_positives} wrong, "
            f"{self.false_negatives} missed; {self.same_relation} with the same relation, "
            f"{self.rejected} negated by the curator)"
        )


def _pairs(mappings: Iterable[Mapping]) -> dict[frozenset[MappingEnd], Mapping]:
    return {frozenset((m.subject, m.object)): m for m in mappings}


def evaluate(suggested: Crosswalk, curated: Crosswalk) -> Evaluation:
    """Precision and recall of ``suggested`` against ``curated``'s asserted mappings.

    Only curated mappings between frameworks that ``suggested`` names are counted, so a
    curated file covering more frameworks does not count as missed work.
    """
    scope = {ref.framework_ref for ref in suggested.frameworks}

    def in_scope(mapping: Mapping) -> bool:
        refs = mapping.item_refs  # a mapping to an external concept is out of scope
        return (
            refs is not None
            and refs[0].framework_ref in scope
            and refs[1].framework_ref in scope
            and refs[0].framework_ref != refs[1].framework_ref
        )

    proposed = _pairs(m for m in suggested.asserted() if in_scope(m))
    gold = _pairs(m for m in curated.asserted() if in_scope(m))
    negated = _pairs(m for m in curated.negations() if in_scope(m))
    right = proposed.keys() & gold.keys()
    same = 0
    for pair in right:
        mine, theirs = proposed[pair], gold[pair]
        relation = mine.relation if mine.subject == theirs.subject else mine.relation.inverse
        same += relation is theirs.relation
    return Evaluation(
        true_positives=len(right),
        false_positives=len(proposed.keys() - gold.keys()),
        false_negatives=len(gold.keys() - proposed.keys()),
        same_relation=same,
        rejected=len(proposed.keys() & negated.keys()),
    )
