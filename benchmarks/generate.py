"""Realistic large inputs for the benchmarks, deterministic from a seed.

- :func:`framework`: a four-level tree (domain, area, competency, indicator) of exactly
  ``size`` items, with titles, statements of realistic length, some tags and notes, in one
  of two wordings: ``varied`` (each statement drawn from a large vocabulary) or
  ``formulaic`` (stock openers and tails, reused across the framework as real frameworks
  reuse "to improve patient outcomes": :class:`benchmarks.vocabulary.Formulaic`).
- :func:`revise`: the next version of a framework, with about ``rate`` of every kind of
  change: rewordings, renumberings, moves, splits, merges, additions and removals. The
  changes made are returned too (a ground truth for diff tests and for
  :mod:`benchmarks.accuracy`).
- :func:`crosswalk`: mappings between two frameworks, structured as a real alignment
  is (mostly one-to-one exact or close matches, a broader parent, narrower children),
  then filled up with related matches to reach the asked number.
- ``*_yaml`` and :func:`sssom_tsv`: the same as cecompetency YAML text and SSSOM TSV.

The same arguments always give the same bytes. Nothing here writes into the repository:
``write_suite`` writes into a folder the caller names (a temporary one by default).

Usage: ``python benchmarks/generate.py OUT [--items N] [--mappings M] [--seed S]``.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``benchmarks`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.vocabulary import Formulaic, Vocabulary

__all__ = [
    "KINDS",
    "WORDINGS",
    "Changes",
    "MappingRow",
    "Node",
    "Suite",
    "Tree",
    "crosswalk",
    "crosswalk_yaml",
    "framework",
    "framework_yaml",
    "revise",
    "sssom_tsv",
    "with_error_near_end",
    "write_suite",
]

KINDS = ("domain", "area", "competency", "indicator")
WORDINGS = ("varied", "formulaic")
PUBLISHER = "cecompetency benchmarks (synthetic data)"
DATE = "2026-01-15"


@dataclass
class Node:
    """One item of a generated tree (mutable, unlike the library's model)."""

    id: str
    title: str | None
    statement: str | None
    tags: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    code: str | None = None  # written as the extension key ``x-code``
    children: list[Node] = field(default_factory=list)

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()

    def copy(self) -> Node:
        return Node(
            self.id,
            self.title,
            self.statement,
            list(self.tags),
            list(self.notes),
            self.code,
            [child.copy() for child in self.children],
        )


@dataclass
class Tree:
    """A generated framework: metadata and the top level of its item tree."""

    id: str
    version: str
    items: list[Node]
    supersedes: str | None = None
    wording: str = "varied"  # which sentence maker wrote it: see WORDINGS

    @property
    def ref(self) -> str:
        return f"{self.id}@{self.version}"

    def walk(self) -> Iterator[Node]:
        for item in self.items:
            yield from item.walk()

    def at_depth(self, depth: int) -> list[Node]:
        level = self.items
        for _ in range(depth):
            level = [child for node in level for child in node.children]
        return level


def _shape(size: int) -> tuple[int, int, int, int]:
    """How many items at each of the four depths; they add up to ``size``."""
    domains = max(3, round(size / 1700))
    areas = max(2 * domains, round(size / 200))
    competencies = max(2 * areas, round(size / 20))
    indicators = size - domains - areas - competencies
    if indicators < competencies:
        raise ValueError(f"a four-level framework needs at least 60 items, not {size}")
    return domains, areas, competencies, indicators


def _spread(rng: random.Random, parents: int, children: int) -> list[int]:
    """Children per parent: at least one each, the rest scattered at random."""
    counts = [1] * parents
    for _ in range(children - parents):
        counts[rng.randrange(parents)] += 1
    return counts


def _vocabulary(wording: str, rng: random.Random) -> Vocabulary:
    if wording not in WORDINGS:
        raise ValueError(f"wording must be one of {', '.join(WORDINGS)}, not {wording!r}")
    return Formulaic(rng) if wording == "formulaic" else Vocabulary(rng)


def framework(
    size: int, seed: int, fw_id: str = "bench-a", version: str = "1", wording: str = "varied"
) -> Tree:
    """A four-level framework of exactly ``size`` items.

    ``wording`` is ``varied`` (statements made from a large vocabulary, rarely repeating
    more than a word or two) or ``formulaic`` (stock openers and tails, about half of every
    statement, reused across the framework; see :class:`benchmarks.vocabulary.Formulaic`).
    The varied wording of a seed is what it always was: the same bytes.
    """
    rng = random.Random(f"framework:{seed}:{fw_id}:{version}")
    words = _vocabulary(wording, rng)
    # Formulaic statements could repeat one another word for word; they are drawn again.
    seen: set[str] | None = set() if wording == "formulaic" else None
    shape = _shape(size)
    top = [_node(words, rng, str(n + 1), 0, seen) for n in range(shape[0])]
    level = top
    for depth in (1, 2, 3):
        below: list[Node] = []
        for parent, count in zip(level, _spread(rng, len(level), shape[depth]), strict=True):
            parent.children = [
                _node(words, rng, f"{parent.id}.{n + 1}", depth, seen) for n in range(count)
            ]
            below += parent.children
        level = below
    return Tree(fw_id, version, top, wording=wording)


def _fresh(make: Callable[[], str], seen: set[str] | None) -> str:
    """A text from ``make`` that ``seen`` does not hold yet (any text when it is ``None``)."""
    text = make()
    if seen is not None:
        while text in seen:
            text = make()
        seen.add(text)
    return text


def _node(
    words: Vocabulary, rng: random.Random, item_id: str, depth: int, seen: set[str] | None
) -> Node:
    # Upper levels carry a heading and a short description; indicators a statement only.
    title = words.title() if depth < 3 else None
    statement = _fresh(lambda: words.statement(1 if depth < 2 else None), seen)
    node = Node(item_id, title, statement)
    if rng.random() < 0.1:
        node.tags = sorted({words.tag() for _ in range(rng.choice((1, 2)))})
    if rng.random() < 0.02:
        node.notes = [words.statement(1)]
    if rng.random() < 0.01:
        node.code = f"C{rng.randrange(10_000):04d}"
    return node


# -- revisions ------------------------------------------------------------------------------


@dataclass
class Changes:
    """What :func:`revise` did, by kind; ids are item ids."""

    reworded: list[str] = field(default_factory=list)
    retitled: list[str] = field(default_factory=list)
    renumbered: list[tuple[str, str]] = field(default_factory=list)  # (old id, new id)
    rewritten: list[tuple[str, str]] = field(default_factory=list)  # renumbered and reworded
    moved: list[tuple[str, str, str]] = field(default_factory=list)  # (id, old, new parent)
    split: list[tuple[str, str, str]] = field(default_factory=list)  # (old id, new, new)
    merged: list[tuple[str, str]] = field(default_factory=list)  # (kept id, absorbed id)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, list[object]]:
        return {
            name: [list(v) if isinstance(v, tuple) else v for v in values]
            for name, values in vars(self).items()
        }


class _Ids:
    """Fresh child ids under each parent: one past the highest number used so far."""

    def __init__(self, tree: Tree) -> None:
        self.next: dict[str, int] = {}
        for node in tree.walk():
            self.next[node.id] = len(node.children) + 1

    def new(self, parent: Node) -> str:
        number = self.next[parent.id]
        self.next[parent.id] = number + 1
        return f"{parent.id}.{number}"


def revise(tree: Tree, seed: int, rate: float = 0.05, version: str = "2") -> tuple[Tree, Changes]:
    """The next version of ``tree``: about ``rate`` of the indicators changed in each way.

    Rewordings, renumberings (new id, same text), moves (same id, another parent; also
    whole competencies moved to another area), splits (one indicator becomes two new
    ones), merges (a sibling folded into an indicator), additions and removals. The new
    text is written in the tree's own wording; a formulaic tree also has renumbered items
    that were reworded (``Changes.rewritten``), its splits cut a statement between clauses
    and its merges join the clauses of two statements, as an editor of such text would.
    """
    rng = random.Random(f"revise:{seed}:{tree.ref}:{version}:{rate}")
    words = _vocabulary(tree.wording, rng)
    formulaic = isinstance(words, Formulaic)
    new = Tree(
        tree.id,
        version,
        [item.copy() for item in tree.items],
        supersedes=tree.ref,
        wording=tree.wording,
    )
    changes = Changes()
    ids = _Ids(new)
    parent_of: dict[str, Node] = {}
    for node in new.walk():
        for child in node.children:
            parent_of[child.id] = node
    seen = {node.statement or "" for node in new.walk()} if formulaic else None
    competencies = new.at_depth(2)
    leaves = [leaf for c in competencies for leaf in c.children]
    count = max(1, round(rate * len(leaves)))
    order = rng.sample(leaves, len(leaves))
    used: set[str] = set()

    def take() -> Node:
        while order:
            node = order.pop()
            if node.id not in used:
                used.add(node.id)
                return node
        raise ValueError("the framework is too small for this change rate")

    # Merges first: each needs a sibling that no other change touches.
    while len(changes.merged) < count:
        node = take()
        siblings = parent_of[node.id].children
        at = siblings.index(node)
        if at + 1 >= len(siblings) or siblings[at + 1].id in used:
            continue
        absorbed = siblings.pop(at + 1)
        used.add(absorbed.id)
        if isinstance(words, Formulaic):
            node.statement = words.merge(node.statement or "", absorbed.statement or "")
        else:
            node.statement = (
                f"{(node.statement or '').rstrip('.')} and {_lower(absorbed.statement)}"
            )
        changes.merged.append((node.id, absorbed.id))
    for _ in range(count):
        node = take()
        node.statement = words.reword(node.statement or words.statement())
        changes.reworded.append(node.id)
    for _ in range(count):
        node = take()
        old = node.id
        node.id = ids.new(parent_of[old])
        changes.renumbered.append((old, node.id))
    if formulaic:
        for _ in range(count):
            node = take()
            old = node.id
            node.id = ids.new(parent_of[old])
            node.statement = words.touch(node.statement or "")
            changes.rewritten.append((old, node.id))
    for _ in range(count):
        node = take()
        source = parent_of[node.id]
        target = rng.choice(competencies)
        if target is source:
            continue
        source.children.remove(node)
        target.children.insert(rng.randrange(len(target.children) + 1), node)
        parent_of[node.id] = target
        changes.moved.append((node.id, source.id, target.id))
    tries = 0
    while len(changes.split) < count and tries < 10 * count:
        tries += 1
        node = take()
        parent = parent_of[node.id]
        if isinstance(words, Formulaic):
            halves = words.split(node.statement or "")
            if halves is None:
                continue  # one clause: nothing to split at
            first, second = halves
        else:
            first, second = _halves(node.statement or "", words, rng)
        at = parent.children.index(node)
        parts = [Node(ids.new(parent), None, first), Node(ids.new(parent), None, second)]
        parent.children[at : at + 1] = parts
        changes.split.append((node.id, parts[0].id, parts[1].id))
    for _ in range(count):
        node = take()
        parent_of[node.id].children.remove(node)
        changes.removed.append(node.id)
    for _ in range(count):
        parent = rng.choice(competencies)
        node = Node(ids.new(parent), None, _fresh(words.statement, seen))
        parent.children.insert(rng.randrange(len(parent.children) + 1), node)
        changes.added.append(node.id)
    # The upper levels change too, more rarely: headings reworded, competencies moved.
    upper = [n for depth in (0, 1, 2) for n in new.at_depth(depth)]
    for node in rng.sample(upper, max(1, round(rate * len(upper)))):
        node.title = words.title()
        changes.retitled.append(node.id)
    areas = new.at_depth(1)
    for node in rng.sample(competencies, max(1, round(rate / 5 * len(competencies)))):
        source, target = parent_of[node.id], rng.choice(areas)
        if target is source or len(source.children) < 2:
            continue
        source.children.remove(node)
        target.children.append(node)
        parent_of[node.id] = target
        changes.moved.append((node.id, source.id, target.id))
    return new, changes


def _lower(text: str | None) -> str:
    text = text or ""
    return text[:1].lower() + text[1:]


def _halves(text: str, words: Vocabulary, rng: random.Random) -> tuple[str, str]:
    """A statement cut in two, each half a statement of its own."""
    parts = text.rstrip(".").split(" ")
    middle = max(2, len(parts) // 2)
    first = " ".join(parts[:middle])
    second = " ".join([words.statement(1).split(" ")[0].lower(), *parts[middle:]])
    if len(parts) <= 2:
        second = words.statement(1).rstrip(".")
    return first + ".", second[:1].upper() + second[1:] + "."


# -- crosswalks -----------------------------------------------------------------------------


@dataclass(frozen=True)
class MappingRow:
    """One generated mapping, by item id (subject in the first framework)."""

    subject: str
    relation: str
    object: str
    confidence: float
    justification: str | None = None  # None: the crosswalk's default
    negated: bool = False


def crosswalk(a: Tree, b: Tree, size: int, seed: int) -> list[MappingRow]:
    """``size`` distinct mappings from items of ``a`` to items of ``b``, without contradictions.

    Items at the same depth are paired at random (one-to-one): each pair is an exact or
    close match; each item is also mapped ``broad`` to the parent of its counterpart and
    ``narrow`` to a few of its children. Related matches between random items fill up.
    Every (subject, object) pair appears once, so no two mappings contradict.
    """
    rng = random.Random(f"crosswalk:{seed}:{a.ref}:{b.ref}:{size}")
    rows: list[MappingRow] = []
    pairs: set[tuple[str, str]] = set()

    def add(
        subject: str, relation: str, obj: str, why: str | None = None, negated: bool = False
    ) -> None:
        if (subject, obj) not in pairs and len(rows) < size:
            pairs.add((subject, obj))
            confidence = round(rng.uniform(0.5, 1.0), 2)
            rows.append(MappingRow(subject, relation, obj, confidence, why, negated))

    b_parent: dict[str, Node] = {}
    for node in b.walk():
        for child in node.children:
            b_parent[child.id] = node
    for depth in range(4):
        mine, theirs = a.at_depth(depth), rng.sample(b.at_depth(depth), len(b.at_depth(depth)))
        for node, other in zip(mine, theirs, strict=False):
            add(node.id, "exact" if rng.random() < 0.4 else "close", other.id)
            if other.id in b_parent:
                add(node.id, "broad", b_parent[other.id].id)
            for child in other.children[: rng.choice((0, 1, 2, 3))]:
                add(node.id, "narrow", child.id)
    a_ids = [n.id for n in a.walk()]
    b_ids = [n.id for n in b.walk()]
    lexical = "semapv:LexicalSimilarityThresholdMatching"
    if len(a_ids) * len(b_ids) < size:
        raise ValueError(f"two frameworks of this size cannot hold {size} distinct mappings")
    while len(rows) < size:
        negated = rng.random() < 0.01
        justification = lexical if rng.random() < 0.3 else None
        add(rng.choice(a_ids), "related", rng.choice(b_ids), justification, negated)
    return rows


# -- text -----------------------------------------------------------------------------------


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def framework_yaml(tree: Tree) -> str:
    """The framework as a cecompetency/1 YAML document, laid out as a person would write it."""
    out = [
        "# Synthetic benchmark data generated by benchmarks/generate.py; not a real framework.",
        "format: cecompetency/1",
        f"id: {tree.id}",
        f"version: {_q(tree.version)}",
        f"title: {_q('Synthetic benchmark framework ' + tree.id.upper())}",
        "status: published",
        "description: >-",
        "  A generated four-level framework used to measure cecompetency at the size of",
        "  the largest public skill taxonomies. Its text is made from a fixed vocabulary.",
        "publishers:",
        f"  - name: {_q(PUBLISHER)}",
        f"released: {DATE}",
        "license: CC0-1.0",
        "language: en",
    ]
    if tree.supersedes:
        out.append(f"supersedes: {tree.supersedes}")
    out.append(f"kinds: [{', '.join(KINDS)}]")
    out.append("items:")
    stack: list[tuple[Node, int]] = [(node, 0) for node in reversed(tree.items)]
    while stack:
        node, depth = stack.pop()
        dash, pad = " " * (2 + 4 * depth), " " * (4 + 4 * depth)
        out.append(f"{dash}- id: {_q(node.id)}")
        if node.title is not None:
            out.append(f"{pad}title: {_q(node.title)}")
        if node.statement is not None:
            out.append(f"{pad}statement: {_q(node.statement)}")
        if node.tags:
            out.append(f"{pad}tags: [{', '.join(node.tags)}]")
        if node.notes:
            out.append(f"{pad}notes:")
            out += [f"{pad}  - {_q(note)}" for note in node.notes]
        if node.code is not None:
            out.append(f"{pad}x-code: {_q(node.code)}")
        if node.children:
            out.append(f"{pad}items:")
            stack += [(child, depth + 1) for child in reversed(node.children)]
    return "\n".join(out) + "\n"


def crosswalk_yaml(rows: list[MappingRow], a: Tree, b: Tree, version: str = "1") -> str:
    """The mappings as a cecompetency-crosswalk/1 document (full refs, shared defaults)."""
    out = [
        "# Synthetic benchmark data generated by benchmarks/generate.py; not a real crosswalk.",
        "format: cecompetency-crosswalk/1",
        f"id: {a.id}-{b.id}",
        f"version: {_q(version)}",
        f"title: {_q(f'Synthetic crosswalk from {a.ref} to {b.ref}')}",
        "license: CC0-1.0",
        f"creators: [{_q(PUBLISHER)}]",
        f"date: {DATE}",
        f"frameworks: [{a.ref}, {b.ref}]",
        "defaults:",
        "  justification: semapv:ManualMappingCuration",
        f"  author: {_q(PUBLISHER)}",
        f"  date: {DATE}",
        "mappings:",
    ]
    for row in rows:
        out.append(f"  - subject: {a.ref}:{row.subject}")
        out.append(f"    relation: {row.relation}")
        out.append(f"    object: {b.ref}:{row.object}")
        if row.negated:
            out.append("    negated: true")
        out.append(f"    confidence: {row.confidence}")
        if row.justification is not None:
            out.append(f"    justification: {row.justification}")
    return "\n".join(out) + "\n"


SSSOM_PREDICATES = {
    "exact": "skos:exactMatch",
    "close": "skos:closeMatch",
    "broad": "skos:broadMatch",
    "narrow": "skos:narrowMatch",
    "related": "skos:relatedMatch",
}
SSSOM_BASE = "https://w3id.org/cecompetency/"


def sssom_prefix(tree: Tree) -> str:
    """The CURIE prefix that names one framework version's items in SSSOM files."""
    return re.sub(r"[^A-Za-z0-9_]", "_", f"{tree.id}_{tree.version}")


def _label(node: Node) -> str:
    """A short label, as SSSOM files carry: the title, else the statement's first words."""
    if node.title:
        return node.title
    words = (node.statement or node.id).rstrip(".").split(" ")
    return " ".join(words[:8]) + ("..." if len(words) > 8 else "")


def sssom_tsv(rows: list[MappingRow], a: Tree, b: Tree) -> str:
    """The mappings as an SSSOM TSV file: a YAML metadata block in comments, then rows."""
    pa, pb = sssom_prefix(a), sssom_prefix(b)
    labels = {n.id: _label(n) for n in a.walk()}
    other = {n.id: _label(n) for n in b.walk()}
    out = [
        "#curie_map:",
        f"#  {pa}: {SSSOM_BASE}{a.id}/{a.version}/",
        f"#  {pb}: {SSSOM_BASE}{b.id}/{b.version}/",
        "#  semapv: https://w3id.org/semapv/vocab/",
        "#  skos: http://www.w3.org/2004/02/skos/core#",
        f"#mapping_set_id: {SSSOM_BASE}crosswalks/{a.id}-{b.id}/1",
        "#mapping_set_version: '1'",
        f"#mapping_set_title: Synthetic crosswalk from {a.ref} to {b.ref}",
        "#license: https://creativecommons.org/publicdomain/zero/1.0/",
        f"#mapping_date: {DATE}",
        "\t".join(
            (
                "subject_id",
                "subject_label",
                "predicate_id",
                "predicate_modifier",
                "object_id",
                "object_label",
                "mapping_justification",
                "confidence",
            )
        ),
    ]
    for row in rows:
        out.append(
            "\t".join(
                (
                    f"{pa}:{row.subject}",
                    labels[row.subject],
                    SSSOM_PREDICATES[row.relation],
                    "Not" if row.negated else "",
                    f"{pb}:{row.object}",
                    other[row.object],
                    row.justification or "semapv:ManualMappingCuration",
                    str(row.confidence),
                )
            )
        )
    return "\n".join(out) + "\n"


def with_error_near_end(text: str) -> str:
    """The document with one mistake in its last item: a misspelt ``statement`` key."""
    at = text.rindex("statement:")
    return text[:at] + "statment:" + text[at + len("statement:") :]


# -- a suite of files -----------------------------------------------------------------------


@dataclass
class Suite:
    """The files one benchmark run reads, and the trees they were made from."""

    folder: Path
    old: Tree
    new: Tree
    other: Tree
    changes: Changes
    rows: list[MappingRow]
    old_path: Path
    new_path: Path
    other_path: Path
    broken_path: Path
    crosswalk_path: Path
    sssom_path: Path


def write_suite(folder: Path, items: int, mappings: int, seed: int = 1) -> Suite:
    """Generate every input into ``folder`` (a registry layout: crosswalks in a subfolder)."""
    from cecompetency.files.atomic import write_atomic

    old = framework(items, seed, "bench-a", "1")
    new, changes = revise(old, seed)
    other = framework(items, seed + 1, "bench-b", "1")
    rows = crosswalk(old, other, mappings, seed)
    (folder / "crosswalks").mkdir(parents=True, exist_ok=True)

    def write(name: str, text: str) -> Path:
        return write_atomic(folder / name, text, overwrite=True)

    old_text = framework_yaml(old)
    suite = Suite(
        folder=folder,
        old=old,
        new=new,
        other=other,
        changes=changes,
        rows=rows,
        old_path=write(f"{old.ref}.yaml", old_text),
        new_path=write(f"{new.ref}.yaml", framework_yaml(new)),
        other_path=write(f"{other.ref}.yaml", framework_yaml(other)),
        broken_path=write("broken.yaml.txt", with_error_near_end(old_text)),
        crosswalk_path=write(
            f"crosswalks/{old.id}-{other.id}@1.yaml", crosswalk_yaml(rows, old, other)
        ),
        sssom_path=write(f"{old.id}-{other.id}.sssom.tsv", sssom_tsv(rows, old, other)),
    )
    write("changes.json", json.dumps(changes.as_json(), indent=1) + "\n")
    return suite


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out", type=Path, help="folder to write into (created if missing)")
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--mappings", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    suite = write_suite(args.out, args.items, args.mappings, args.seed)
    for path in sorted(suite.folder.rglob("*")):
        if path.is_file():
            print(f"{path.stat().st_size:>12,}  {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
