"""What an export leaves out, said every time: no format drops part of a framework silently.

Not every format can hold every part of a framework: CTDL-ASN has no roles or level
matrices, a CSV table holds the item tree only, SKOS cannot say a mapping does *not* hold.
:data:`PARTS` names the parts a framework (and the mappings exported with it) may have;
each format of :mod:`~cecompetency.formats.catalog` says which of them it keeps.
:func:`lost_parts` lists what a given framework has that a format does not keep, and
:func:`loss_warning` says it as one warning, ``CE680``.
:func:`~cecompetency.formats.catalog.export_framework` raises that warning as a Python
warning (:class:`LossyExportWarning`), and ``cecompetency export`` prints it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable

from cecompetency.model.crosswalk import Justification, Mapping, MappingEnd
from cecompetency.model.errors import Issue, Severity
from cecompetency.model.framework import Framework, Status
from cecompetency.model.refs import Ref

__all__ = [
    "EVERYTHING",
    "PARTS",
    "LossyExportWarning",
    "loss_warning",
    "lost_parts",
    "touching",
]


class LossyExportWarning(UserWarning):
    """An export left out parts of the framework its format cannot hold; ``issue`` is the
    ``CE680`` warning that says which."""

    def __init__(self, issue: Issue) -> None:
        super().__init__(str(issue))
        self.issue = issue


def _mapping_count(test: Callable[[Mapping], bool]) -> Callable[[Framework, list[Mapping]], int]:
    return lambda _fw, mappings: sum(1 for m in mappings if test(m))


def _items(test: Callable[..., object]) -> Callable[[Framework, list[Mapping]], int]:
    return lambda fw, _mappings: sum(1 for item in fw.walk() if test(item))


def _extensions(fw: Framework, _mappings: list[Mapping]) -> int:
    return len(fw.extensions) + sum(len(item.extensions) for item in fw.walk())


# name -> (what it is, in words; how many of it a framework and its mappings have).
# A count of 1 for a part that is there or not; the words take the count where it helps
# ({n}), and a plural ending ({s}; {ces} for "matrix", "matrices").
PARTS: dict[str, tuple[str, Callable[[Framework, list[Mapping]], int]]] = {
    "title": ("the framework's title", lambda fw, m: 1),
    "status": ("its status", lambda fw, m: 1),
    "publishers": ("its publishers", lambda fw, m: 1),
    "superseded": (
        "the status superseded (written as deprecated)",
        lambda fw, m: int(fw.status is Status.SUPERSEDED),
    ),
    "publisher-details": (
        "the publishers' abbreviations and URLs",
        lambda fw, m: int(any(p.abbreviation or p.url for p in fw.publishers)),
    ),
    "description": ("the description", lambda fw, m: int(bool(fw.description))),
    "released": ("the release date", lambda fw, m: int(fw.released is not None)),
    "source-citation": (
        "the source's citation and retrieval date",
        lambda fw, m: int(fw.source is not None),
    ),
    "source-url": (
        "the source's URL",
        lambda fw, m: int(fw.source is not None and bool(fw.source.url)),
    ),
    "license": ("the license", lambda fw, m: int(bool(fw.license))),
    "language": ("the language", lambda fw, m: int(bool(fw.language))),
    "supersedes": ("the version it supersedes", lambda fw, m: int(fw.supersedes is not None)),
    "kinds": ("the declared kinds", lambda fw, m: int(bool(fw.kinds))),
    "scales": ("{n} level scale{s}", lambda fw, m: len(fw.scales)),
    "roles": ("{n} role{s}", lambda fw, m: len(fw.roles)),
    "matrices": ("{n} level matri{ces}", lambda fw, m: len(fw.matrices)),
    "ladder": ("the order of its roles", lambda fw, m: int(bool(fw.ladder))),
    "descriptors": ("{n} level descriptor{s}", lambda fw, m: len(fw.descriptors)),
    "extensions": ("{n} x- extension value{s}", _extensions),
    "item-tags": ("the tags of {n} item{s}", _items(lambda item: item.tags)),
    "item-notes": ("the notes of {n} item{s}", _items(lambda item: item.notes)),
    "item-weights": ("the weights of {n} item{s}", _items(lambda item: item.weight is not None)),
    "mappings": ("{n} mapping{s}", lambda fw, m: len(m)),
    "incoming-mappings": (
        "{n} mapping{s} into its items from other frameworks' items",
        lambda fw, m: sum(1 for x in m if not _in(x.subject, fw.ref)),
    ),
    "negated-mappings": ("{n} negated mapping{s}", _mapping_count(lambda m: m.negated)),
    "mapping-confidence": (
        "the confidence and justification of {n} mapping{s}",
        _mapping_count(
            lambda m: m.confidence is not None or m.justification is not Justification.UNSPECIFIED
        ),
    ),
    "mapping-provenance": (
        "the comment, author, date and x- extensions of {n} mapping{s}",
        _mapping_count(lambda m: bool(m.comment or m.author or m.date or m.extensions)),
    ),
}

# Parts that are details of another: when that one is lost whole, it alone is named.
_DETAIL_OF = {
    "superseded": "status",
    "incoming-mappings": "mappings",
    "negated-mappings": "mappings",
    "mapping-confidence": "mappings",
    "mapping-provenance": "mappings",
}

#: A format that keeps every part.
EVERYTHING: frozenset[str] = frozenset(PARTS)


def _in(end: MappingEnd, framework: Ref) -> bool:
    """Whether a mapping's end is an item of ``framework`` (an external concept is not)."""
    return isinstance(end, Ref) and end.framework_ref == framework


def touching(framework: Framework, mappings: Iterable[Mapping]) -> list[Mapping]:
    """The mappings an export of ``framework`` is about: those with an end in it."""
    ref = framework.ref
    return [m for m in mappings if _in(m.subject, ref) or _in(m.object, ref)]


def lost_parts(
    framework: Framework, keeps: Collection[str], mappings: Iterable[Mapping] = ()
) -> list[str]:
    """The parts ``framework`` (with the ``mappings`` that touch it) has that a format
    keeping ``keeps`` does not hold, in words, in the order of :data:`PARTS`."""
    mapped = touching(framework, mappings)
    lost = []
    for name, (words, count) in PARTS.items():
        if name in keeps or (_DETAIL_OF.get(name, name) not in keeps and name in _DETAIL_OF):
            continue  # kept, or a detail of a part that is lost whole (and said so)
        n = count(framework, mapped)
        if n:
            many = n != 1
            lost.append(words.format(n=n, s="s" if many else "", ces="ces" if many else "x"))
    return lost


def loss_warning(
    framework: Framework,
    format_title: str,
    keeps: Collection[str],
    mappings: Iterable[Mapping] = (),
) -> Issue | None:
    """The ``CE680`` warning naming what an export of ``framework`` leaves out, or None."""
    lost = lost_parts(framework, keeps, mappings)
    if not lost:
        return None
    return Issue(
        "CE680",
        f"{format_title} cannot hold {'; '.join(lost)}: the export leaves "
        f"{'it' if len(lost) == 1 else 'them'} out",
        str(framework.ref),
        severity=Severity.WARNING,
    )
