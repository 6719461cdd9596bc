"""A crosswalk as a readable Markdown document, for review and for publishing.

Title and metadata, then one table per ordered pair of frameworks (subject framework,
object framework) with a row per mapping in the crosswalk's order, and the negations
(what was checked and found *not* to hold) in tables of their own. When the frameworks
are given, each reference is followed by the item's label, so a reader needs no second
window. An external concept is shown by its CURIE or URI and the label the mapping gives
it; its table is named by its prefix (a URI's scheme), and the prefixes the crosswalk
declares are listed with its metadata.
"""

from __future__ import annotations

from collections.abc import Mapping as MappingABC

from cecompetency.model.crosswalk import Crosswalk, Mapping, MappingEnd
from cecompetency.model.external import ExternalConcept
from cecompetency.model.framework import Framework
from cecompetency.model.refs import Ref
from cecompetency.text.markdown import escape_markdown

__all__ = ["crosswalk_markdown"]

_RELATION_TEXT = {
    "exact": "exact match",
    "close": "close match",
    "broad": "broader (object is broader)",
    "narrow": "narrower (object is narrower)",
    "related": "related",
}


def _group(end: MappingEnd) -> str:
    """What a mapping's end is grouped under: its framework version, or its prefix."""
    return end.prefix if isinstance(end, ExternalConcept) else str(end.framework_ref)


def crosswalk_markdown(
    crosswalk: Crosswalk, *, frameworks: MappingABC[Ref, Framework] | None = None
) -> str:
    """The crosswalk as Markdown text; ``frameworks`` (by version) add item labels."""
    cw = crosswalk
    out = [f"# {escape_markdown(cw.title)}", ""]
    meta = [
        ("Reference", f"`{cw.ref}`"),
        ("Frameworks", ", ".join(f"`{r}`" for r in cw.frameworks) or "none"),
    ]
    if cw.prefixes:
        meta.append(("Prefixes", ", ".join(f"`{p}`: <{u}>" for p, u in cw.prefixes.items())))
    if cw.creators:
        meta.append(("Creators", "; ".join(escape_markdown(c) for c in cw.creators)))
    if cw.date:
        meta.append(("Date", cw.date.isoformat()))
    if cw.license:
        meta.append(("License", escape_markdown(cw.license)))
    asserted, negated = cw.asserted(), cw.negations()
    meta.append(("Mappings", f"{len(asserted)} asserted, {len(negated)} negated"))
    out += [f"- **{key}:** {value}" for key, value in meta] + [""]
    if cw.description:
        out += [escape_markdown(p) for p in cw.description.split("\n")] + [""]

    def name(ref: MappingEnd) -> str:
        if isinstance(ref, ExternalConcept):
            text = f"`{ref.id}`"
            return f"{text} {escape_markdown(ref.label)}" if ref.label else text
        text = f"`{ref.item}`"
        fw = frameworks.get(ref.framework_ref) if frameworks else None
        item = fw.get(ref.item or "") if fw is not None else None
        return f"{text} {escape_markdown(item.label)}" if item is not None else text

    def section(title: str, mappings: tuple[Mapping, ...]) -> None:
        groups: dict[tuple[str, str], list[Mapping]] = {}
        for m in mappings:
            groups.setdefault((_group(m.subject), _group(m.object)), []).append(m)
        for (left, right), group in groups.items():
            out.extend([f"## {title}: `{left}` to `{right}`", ""])
            out.append("| Subject | Relation | Object | Confidence | Justification | Comment |")
            out.append("| --- | --- | --- | --- | --- | --- |")
            for m in group:
                confidence = "" if m.confidence is None else f"{m.confidence:.2f}"
                out.append(
                    f"| {name(m.subject)} | {_RELATION_TEXT[m.relation.value]} | "
                    f"{name(m.object)} | {confidence} | "
                    f"{m.justification.value.removeprefix('semapv:')} | "
                    f"{escape_markdown(m.comment or '')} |"
                )
            out.append("")

    section("Mappings", asserted)
    section("Checked, does not hold", negated)
    return "\n".join(out).rstrip() + "\n"
