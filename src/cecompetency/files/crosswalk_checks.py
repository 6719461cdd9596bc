"""The rules a crosswalk document must meet beyond its schema.

They need the frameworks the crosswalk names, so they take a source of frameworks
(anything with ``load(ref)``, such as a :class:`~cecompetency.files.registry.Registry`).

A subject or object is an item reference, or an external concept: a full URI (``http``,
``https``, ``urn``) or a CURIE whose prefix ``prefixes`` declares, when its prefix is not
the id of a listed framework. An external concept is checked for its form only.

Issues found after the schema (codes CE4xx; all errors unless marked):

- CE401 a subject or object is not an item reference ``FRAMEWORK[@VERSION]:ITEM``, nor
  an external concept;
- CE402 it names a framework (or version) that ``frameworks`` does not list (the message
  says to declare the prefix under ``prefixes`` if a concept outside them is meant);
- CE403 it leaves out the version but ``frameworks`` lists several versions;
- CE404 a listed framework cannot be found in the registry, or is itself invalid;
- CE405 the framework has no such item (the closest id is suggested);
- CE406 two mappings of the same pair contradict (also read through the inverse);
- CE407 a mapping and its own negation;
- CE408 (warning) a mapping stated twice (also through the inverse);
- CE409 a mapping has no justification and ``defaults`` gives none;
- CE410 ``frameworks`` lists a framework version twice;
- CE411 a mapping maps an item to itself;
- CE412 (warning) ``frameworks`` lists a framework no mapping refers to;
- CE413 a mapping gives ``subject_label`` or ``object_label`` for an item of a framework;
- CE414 ``prefixes`` declares a prefix that is the id of a listed framework.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from cecompetency.files.checks import PLACE, linked_issue
from cecompetency.model.errors import (
    CecompetencyError,
    Issue,
    NotFoundError,
    RefError,
    Severity,
    ValidationError,
)
from cecompetency.model.external import is_concept_id, reads_as_external
from cecompetency.model.framework import Framework
from cecompetency.model.refs import Ref, parse_ref
from cecompetency.model.relations import Relation, contradicts
from cecompetency.text.spelling import Speller, did_you_mean

__all__ = ["FrameworkSource", "check_crosswalk_rules"]

# Finding the closest id among thousands costs tens of milliseconds; a file full of
# dangling references must still be checked quickly, so only the first ones get a hint.
_MAX_SUGGESTIONS = 20

_Path = tuple[str | int, ...]


class FrameworkSource(Protocol):
    """Where a crosswalk's frameworks come from: a registry, or anything that loads by ref."""

    def load(self, ref: Ref | str) -> Framework:
        """The framework ``ref`` names; NotFoundError or ValidationError when it cannot."""
        ...


def check_crosswalk_rules(
    data: dict[str, Any],
    file: str,
    registry: FrameworkSource,
    *,
    malformed: Iterable[Issue] = (),
) -> list[Issue]:
    """Checks beyond the schema (other data is not rejected here, only what can be
    checked is).

    Every subject and object must resolve to an item of a framework listed in
    ``frameworks`` and loadable from ``registry``; contradictory mappings and a mapping
    beside its own negation are errors; a mapping stated twice is a warning.

    ``malformed`` are the issues the schema found: the mappings they are about are
    skipped (the schema said what is wrong with them), and nothing is checked when
    ``frameworks`` itself is malformed, since no reference could then be resolved.
    """
    broken: set[int] = set()
    defaults_broken = False
    for issue in malformed:
        head = issue.path[:2]
        if head[:1] in (("frameworks",), ("prefixes",)):
            return []
        if head[:1] == ("defaults",):
            defaults_broken = True  # whether it gives a justification is unclear
        elif len(head) == 2 and head[0] == "mappings" and isinstance(head[1], int):
            broken.add(head[1])
    if not isinstance(data.get("frameworks"), list):
        return []
    checker = _Checker(data, file, registry, broken, defaults_broken)
    return checker.run()


class _Checker:
    """One pass over a crosswalk document, collecting issues."""

    def __init__(
        self,
        data: dict[str, Any],
        file: str,
        registry: FrameworkSource,
        skip: set[int],
        defaults_broken: bool = False,
    ) -> None:
        self.data = data
        self.skip = skip  # mappings the schema found malformed
        self.defaults_broken = defaults_broken
        self.file = file
        self.registry = registry
        self.issues: list[Issue] = []
        self.listed: dict[str, list[str]] = {}  # framework id -> versions listed
        self.loaded: dict[Ref, Framework | None] = {}  # None: could not be loaded
        self.suggestions_left = _MAX_SUGGESTIONS
        self.spellers: dict[Ref, Speller] = {}  # each framework's item ids, indexed once
        self.used: set[Ref] = set()
        self.resolved: dict[str, str] = {}  # reference text -> the full reference it means
        prefixes = data.get("prefixes")
        self.prefixes: dict[str, Any] = prefixes if isinstance(prefixes, dict) else {}

    def _item_names(self, framework: Framework) -> Speller:
        if framework.ref not in self.spellers:
            self.spellers[framework.ref] = Speller(item.id for item in framework.walk())
        return self.spellers[framework.ref]

    def issue(self, code: str, message: str, path: _Path, *, warning: bool = False) -> None:
        severity = Severity.WARNING if warning else Severity.ERROR
        self.issues.append(Issue(code, message, self.file, severity=severity, path=path))

    def linked(
        self, code: str, template: str, path: _Path, other: _Path, *, warning: bool = False
    ) -> None:
        """An issue that names another mapping (``other``) where ``template`` has PLACE."""
        severity = Severity.WARNING if warning else Severity.ERROR
        self.issues.append(
            linked_issue(code, template, self.file, path=path, other=other, severity=severity)
        )

    def run(self) -> list[Issue]:
        self.check_frameworks()
        defaults = self.data.get("defaults")
        has_default = self.defaults_broken or (
            isinstance(defaults, dict) and "justification" in defaults
        )
        claims: dict[tuple[str, str], list[_Claim]] = {}
        for index, mapping in enumerate(_list(self.data.get("mappings"))):
            here: _Path = ("mappings", index)
            if not isinstance(mapping, dict) or index in self.skip:
                continue  # the schema says what is wrong with it
            if not has_default and "justification" not in mapping:
                self.issue(
                    "CE409",
                    "the mapping needs a 'justification' (e.g. semapv:ManualMappingCuration), "
                    "or give one for every mapping under 'defaults'",
                    here,
                )
            subject_text, object_text = mapping.get("subject"), mapping.get("object")
            if not isinstance(subject_text, str) or not isinstance(object_text, str):
                continue
            subject = self.resolved.get(subject_text) or self.resolve(
                subject_text, (*here, "subject")
            )
            obj = self.resolved.get(object_text) or self.resolve(object_text, (*here, "object"))
            for end, text in (("subject", subject_text), ("object", object_text)):
                if _LABEL_OF[end] in mapping and not self.external(text):
                    self.issue(
                        "CE413",
                        f"{end}_label is only for a concept outside the frameworks; "
                        f"{text!r} is an item, whose label comes from its framework",
                        (*here, f"{end}_label"),
                    )
            relation = mapping.get("relation")
            if (
                subject is None
                or obj is None
                or not isinstance(relation, str)  # a list or mapping cannot be looked up
                or relation not in _RELATION_OF
            ):
                continue
            if subject == obj:
                self.issue("CE411", f"the mapping maps {subject} to itself", (*here, "object"))
                continue
            self.check_claim(claims, index, subject, mapping, obj)
        if self.skip:  # a skipped mapping may be the one that uses a framework
            return self.issues
        for position, text in enumerate(_list(self.data.get("frameworks"))):
            ref = _framework_ref(text)
            if ref is not None and ref not in self.used and self.loaded.get(ref) is not None:
                self.issue(
                    "CE412",
                    f"'frameworks' lists {ref} but no mapping refers to it",
                    ("frameworks", position),
                    warning=True,
                )
        return self.issues

    def external(self, text: str) -> bool:
        """Whether a subject or object is written as an external concept."""
        return reads_as_external(text, self.prefixes, self.listed)

    def check_frameworks(self) -> None:
        self.check_prefixes()
        for position, text in enumerate(_list(self.data.get("frameworks"))):
            ref = _framework_ref(text)
            here: _Path = ("frameworks", position)
            if ref is None:  # the schema's pattern admits only valid references
                continue
            if ref in self.loaded:
                self.issue("CE410", f"'frameworks' lists {ref} twice", here)
                continue
            self.listed.setdefault(ref.framework, []).append(ref.version or "")
            self.loaded[ref] = self.load(ref, here)

    def check_prefixes(self) -> None:
        ids = {
            ref.framework for ref in map(_framework_ref, _list(self.data.get("frameworks"))) if ref
        }
        for prefix in self.prefixes:
            if prefix in ids:
                self.issue(
                    "CE414",
                    f"'prefixes' declares {prefix!r}, the id of a listed framework, so "
                    f"'{prefix}:...' would read as one of its items; rename the prefix",
                    ("prefixes", prefix),
                )

    def load(self, ref: Ref, here: _Path) -> Framework | None:
        try:
            return self.registry.load(ref)
        except NotFoundError as exc:
            self.issue(
                "CE404",
                f"cannot find framework {ref}: {exc}; add the folder that holds it "
                "with --path or CECOMPETENCY_PATH",
                here,
            )
        except ValidationError as exc:
            first = exc.issues[0] if exc.issues else None
            self.issue(
                "CE404",
                f"framework {ref} is not valid, so the mappings cannot be checked against it"
                + (f" (first problem: {first})" if first else ""),
                here,
            )
        except (CecompetencyError, OSError) as exc:
            self.issue("CE404", f"cannot load framework {ref}: {exc}", here)
        return None

    def resolve(self, text: str, here: _Path) -> str | None:
        """The full reference ``text`` means (an external concept's is its own), or ``None``
        after reporting why there is none."""
        example = "e.g. 'alliance@2008:2.10'"
        if self.external(text):
            if is_concept_id(text):
                return text
            self.issue(
                "CE401",
                f"{text!r} is neither an item reference nor a CURIE or URI of a concept "
                "outside the frameworks",
                here,
            )
            return None
        try:
            ref = parse_ref(text)
        except RefError:
            self.issue(
                "CE401",
                f"{text!r} is not an item reference; expected FRAMEWORK[@VERSION]:ITEM, "
                f"{example}, or a concept outside the frameworks: a full URI, or a CURIE "
                "whose prefix 'prefixes' declares",
                here,
            )
            return None
        if ref.item is None:
            self.issue(
                "CE401",
                f"{text!r} names a framework, not an item; add ':ITEM', {example}",
                here,
            )
            return None
        versions = self.listed.get(ref.framework)
        listed = ", ".join(str(r) for r in self.loaded) or "none"
        if versions is None:
            hint = did_you_mean(ref.framework, list(self.listed))
            self.issue(
                "CE402",
                f"framework {ref.framework!r} is not listed in 'frameworks' ({listed}){hint}; "
                f"add it there, or, if {text!r} names a concept outside the frameworks, "
                f"declare its prefix under 'prefixes' ({ref.framework}: <its URI>)",
                here,
            )
            return None
        if ref.version is None:
            if len(versions) > 1:
                choices = ", ".join(f"{ref.framework}@{v}" for v in versions)
                self.issue(
                    "CE403",
                    f"{text!r} leaves out the version, but 'frameworks' lists several versions "
                    f"of {ref.framework!r} ({choices}); write it in full, e.g. "
                    f"'{ref.framework}@{versions[0]}:{ref.item}'",
                    here,
                )
                return None
            ref = ref.with_version(versions[0])
        elif ref.version not in versions:
            self.issue(
                "CE402",
                f"{ref.framework}@{ref.version} is not listed in 'frameworks' ({listed}); "
                "add it there or correct the version",
                here,
            )
            return None
        framework_ref = ref.framework_ref
        self.used.add(framework_ref)
        framework = self.loaded.get(framework_ref)
        if framework is None:  # reported once, where the framework is listed
            return None
        item_id = ref.item or ""
        if item_id not in framework:
            hint = ""
            if self.suggestions_left > 0:
                self.suggestions_left -= 1
                hint = did_you_mean(item_id, self._item_names(framework))
            self.issue("CE405", f"{framework_ref} has no item {item_id!r}{hint}", here)
            return None
        full = self.resolved[text] = str(ref)
        return full

    def check_claim(
        self,
        claims: dict[tuple[str, str], list[_Claim]],
        index: int,
        a: str,
        mapping: dict[str, Any],
        b: str,
    ) -> None:
        """Compare one mapping (``a relation b``) with the earlier ones about the same items."""
        relation = _RELATION_OF[mapping["relation"]]
        negated = mapping.get("negated") is True
        # Read every claim from the item that sorts first, so 'A broad B' and 'B narrow A'
        # are recognized as the same claim and 'B broad A' as its contradiction.
        oriented = relation if a <= b else relation.inverse
        pair = (a, b) if a <= b else (b, a)
        earlier_claims = claims.get(pair)
        if earlier_claims is None:  # the usual case: nothing to compare, no text to make
            claims[pair] = [(index, oriented, negated, a, relation, b)]
            return
        here: _Path = ("mappings", index, "relation")
        said = _claim_text(a, relation, b, negated)
        for earlier, earlier_relation, earlier_negated, s, r, o in earlier_claims:
            earlier_said = _claim_text(s, r, o, earlier_negated)
            # The other mapping is named by its line once the issue is located (a PLACE
            # mark in its own text, possible in data not read from YAML, would be misread).
            where = f"the mapping at {PLACE} ({earlier_said.replace(PLACE, '')})"
            other: _Path = ("mappings", earlier)
            if earlier_relation is oriented and earlier_negated == negated:
                self.linked(
                    "CE408",
                    f"{said} repeats {where}; remove one of them",
                    here,
                    other,
                    warning=True,
                )
            elif earlier_relation is oriented:
                self.linked(
                    "CE407",
                    f"{said} and {where} say opposite things: one asserts the relation, "
                    "the other negates it",
                    here,
                    other,
                )
            elif not negated and not earlier_negated and contradicts(oriented, earlier_relation):
                theirs = earlier_relation if a <= b else earlier_relation.inverse
                self.linked(
                    "CE406",
                    f"{said} contradicts {where}, which, read from {a}, says "
                    f"{theirs.value}: {relation.value} and {theirs.value} cannot both hold",
                    here,
                    other,
                )
        earlier_claims.append((index, oriented, negated, a, relation, b))


_RELATION_OF = {relation.value: relation for relation in Relation}
_LABEL_OF = {"subject": "subject_label", "object": "object_label"}
# A mapping as compared with later ones: its index, its relation read from the end that
# sorts first, whether it is negated, and subject, relation and object as written.
_Claim = tuple[int, Relation, bool, str, Relation, str]


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _claim_text(subject: str, relation: Relation, obj: str, negated: bool) -> str:
    return f"'{subject} {'NOT ' if negated else ''}{relation.value} {obj}'"


def _framework_ref(text: Any) -> Ref | None:
    try:
        ref = parse_ref(text)
    except RefError:
        return None
    return ref if ref.version is not None and ref.item is None else None


# -- data to model and back ------------------------------------------------------------------
