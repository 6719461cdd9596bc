"""How frameworks, diffs and coverage reports show themselves in Jupyter and IPython.

Jupyter asks an object for ``_repr_html_`` or ``_repr_markdown_``; the functions here are
what those methods return, so that the model modules stay free of presentation:

- :func:`framework_repr_markdown`, :func:`framework_repr_html`: a compact summary (title,
  reference, status, publishers, counts) and the item tree, each item with what each level
  means for it (its level descriptors);
- :func:`framework_repr_pretty`: the same summary as plain text, for IPython's
  ``_repr_pretty_`` (which would otherwise print every item);
- :func:`report_repr_markdown`: any report that renders itself as Markdown
  (:class:`~cecompetency.changes.FrameworkDiff`, :class:`~cecompetency.graph.CoverageReport`);
- :func:`coverage_repr_html`: a coverage report as an HTML table.

Everything taken from a file is escaped, and the output is bounded: a framework of 20,000
items shows its first :data:`MAX_ITEMS` items and says how many more there are, a long
report its first :data:`MAX_LINES` lines.
"""

from __future__ import annotations

import html
from collections import Counter
from typing import Protocol, runtime_checkable

from cecompetency.changes.framework_diff import FrameworkDiff
from cecompetency.graph.answers import CoverageReport
from cecompetency.model import display
from cecompetency.model.framework import Framework, Item
from cecompetency.text.markdown import escape_markdown

__all__ = [
    "MAX_ITEMS",
    "MAX_LINES",
    "MAX_TEXT",
    "coverage_repr_html",
    "framework_repr_html",
    "framework_repr_markdown",
    "framework_repr_pretty",
    "framework_summary",
    "report_repr_markdown",
]

MAX_ITEMS = 200  # items of a tree shown
MAX_LINES = 300  # lines of a Markdown report shown
MAX_TEXT = 160  # characters of one title or statement shown
_MAX_CHARS = 60_000  # characters of a Markdown report shown, however its lines run


@runtime_checkable
class _ToMarkdown(Protocol):
    def to_markdown(self) -> str: ...


@runtime_checkable
class _Renders(Protocol):
    def render(self, format: str = ...) -> str: ...


class _Printer(Protocol):
    """What IPython passes to ``_repr_pretty_`` (``IPython.lib.pretty.PrettyPrinter``)."""

    def text(self, obj: str) -> None: ...


def _short(text: str, width: int = MAX_TEXT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _md(text: str, width: int = MAX_TEXT) -> str:
    """Text from a file, shortened and safe in Markdown (see :mod:`cecompetency.text.markdown`)."""
    return escape_markdown(_short(text, width))


def _h(text: str, width: int = MAX_TEXT) -> str:
    return html.escape(_short(text, width))


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else plural or word + 's'}"


# -- frameworks -------------------------------------------------------------------------------


def _facts(framework: Framework) -> list[str]:
    """The summary's short facts, as plain text."""
    facts = [framework.status.value]
    if framework.released is not None:
        facts.append(f"released {framework.released.isoformat()}")
    if framework.language:
        facts.append(f"language {framework.language}")
    if framework.license:
        # An identifier (an SPDX id, a URL) fits in the summary; terms in words do not.
        one_word = not any(c.isspace() for c in framework.license)
        facts.append(f"license {framework.license}" if one_word else "license terms in .license")
    return facts


def _counts(framework: Framework) -> str:
    kinds = Counter(item.kind for item in framework.walk())
    text = _plural(len(framework), "item")
    if kinds:
        text += " (" + ", ".join(f"{kind}: {n:,}" for kind, n in kinds.items()) + ")"
    extra = [
        _plural(len(framework.scales), "level scale") if framework.scales else "",
        _plural(len(framework.roles), "role") if framework.roles else "",
        _plural(len(framework.matrices), "level matrix", "level matrices")
        if framework.matrices
        else "",
        _plural(len(framework.descriptors), "level descriptor") if framework.descriptors else "",
        "roles ordered " + " < ".join(framework.ladder) if framework.ladder else "",
    ]
    return "; ".join([text, *(e for e in extra if e)])


def _publishers(framework: Framework) -> str:
    return ", ".join(
        p.name + (f" ({p.abbreviation})" if p.abbreviation else "") for p in framework.publishers
    )


def _first(framework: Framework, limit: int) -> list[tuple[int, Item]]:
    """The first ``limit`` items in document order, with their depths."""
    shown: list[tuple[int, Item]] = []
    stack = [(0, item) for item in reversed(framework.items)]
    while stack and len(shown) < limit:
        depth, item = stack.pop()
        shown.append((depth, item))
        stack.extend((depth + 1, child) for child in reversed(item.children))
    return shown


def _described(framework: Framework, item: Item) -> list[tuple[str, str]]:
    """(level label, description) of each of the item's descriptors, lowest level first."""
    out = []
    for d in framework.descriptors_of(item):
        scale = framework.scale(d.scale)
        label = next(level.label for level in scale.levels if level.id == d.level)
        out.append(
            (label if len(framework.scales) == 1 else f"{scale.title}: {label}", d.description)
        )
    return out


def _more(framework: Framework, shown: int) -> str:
    return (
        f"… and {len(framework) - shown:,} more items, not shown here "
        "(framework.walk() gives them all)"
    )


def framework_summary(framework: Framework) -> str:
    """A few lines of plain text: title, reference, status, publishers, counts."""
    return (
        f"{framework.title} ({framework.ref}, {', '.join(_facts(framework))})\n"
        f"published by {_publishers(framework)}\n"
        f"{_counts(framework)}"
    )


def framework_repr_pretty(framework: Framework, printer: _Printer, cycle: bool) -> None:
    """IPython's ``_repr_pretty_``: the summary, instead of every item's repr."""
    printer.text(f"<Framework {framework.ref}>" if cycle else framework_summary(framework))


def framework_repr_markdown(framework: Framework, *, max_items: int = MAX_ITEMS) -> str:
    """The summary and the item tree as Markdown; at most ``max_items`` items."""
    lines = [
        f"**{_md(framework.title)}** `{framework.ref}` · {_md(', '.join(_facts(framework)))}",
        "",
        f"Published by {_md(_publishers(framework))}. {_md(_counts(framework))}.",
        "",
    ]
    shown = _first(framework, max_items)
    for depth, item in shown:
        lines.append(f"{'  ' * depth}- **{_md(item.id, 40)}** {_md(item.label)}")
        for label, text in _described(framework, item):
            lines.append(f"{'  ' * (depth + 1)}- *{_md(label, 40)}*: {_md(text)}")
    if len(shown) < len(framework):
        lines += ["", f"*{_md(_more(framework, len(shown)))}*"]
    return "\n".join(lines) + "\n"


def framework_repr_html(framework: Framework, *, max_items: int = MAX_ITEMS) -> str:
    """The summary and the item tree as HTML (nested lists); at most ``max_items`` items."""
    out = [
        '<div class="cecompetency-framework">',
        f"<p><strong>{_h(framework.title)}</strong> <code>{_h(str(framework.ref))}</code>"
        f" · {_h(', '.join(_facts(framework)))}<br>",
        f"Published by {_h(_publishers(framework))}. {_h(_counts(framework))}.</p>",
    ]
    shown = _first(framework, max_items)
    open_lists = 0
    for depth, item in shown:
        while open_lists > depth + 1:
            out.append("</li></ul>")
            open_lists -= 1
        if open_lists == depth + 1:
            out.append("</li>")
        else:  # one level deeper (the walk never skips a level)
            out.append("<ul>")
            open_lists += 1
        out.append(f"<li><strong>{_h(item.id, 40)}</strong> {_h(item.label)}")
        for label, text in _described(framework, item):
            out.append(f"<br><em>{_h(label, 40)}</em>: {_h(text)}")
    out += ["</li></ul>"] * open_lists
    if len(shown) < len(framework):
        out.append(f"<p><em>{_h(_more(framework, len(shown)))}</em></p>")
    out.append("</div>")
    return "\n".join(out) + "\n"


# -- reports ----------------------------------------------------------------------------------


def _truncate(text: str, max_lines: int, what: str) -> str:
    lines = text.splitlines()
    kept, size = [], 0
    for line in lines[:max_lines]:
        if size + len(line) > _MAX_CHARS:
            break
        kept.append(line)
        size += len(line) + 1
    if len(kept) == len(lines):
        return text
    note = f"*… {len(lines) - len(kept):,} more lines, not shown here ({what} gives them all)*"
    return "\n".join([*kept, "", note]) + "\n"


def report_repr_markdown(report: _ToMarkdown | _Renders, *, max_lines: int = MAX_LINES) -> str:
    """A report's own Markdown (``to_markdown()`` or ``render("markdown")``), bounded."""
    if isinstance(report, _ToMarkdown):
        return _truncate(report.to_markdown(), max_lines, "to_markdown()")
    return _truncate(report.render("markdown"), max_lines, 'render("markdown")')


def coverage_repr_html(report: CoverageReport, *, max_items: int = MAX_ITEMS) -> str:
    """A coverage report as HTML: the totals, a table by area, the uncovered items."""
    how = "asserted and inferred" if report.inferred else "asserted"
    out = [
        '<div class="cecompetency-coverage">',
        f"<p><strong>Coverage of <code>{_h(str(report.source.ref))}</code> by "
        f"<code>{_h(str(report.target.ref))}</code></strong> ({how} mappings): "
        f"{_h(report.summary, 300)}.</p>",
        "<table><thead><tr><th>Area</th><th>Title</th><th>Covered</th><th>Total</th>"
        "<th>Share</th></tr></thead><tbody>",
    ]
    areas = report.by_area
    for area in areas[:max_items]:
        out.append(
            f"<tr><td>{_h(area.area, 40)}</td><td>{_h(area.label, 80)}</td>"
            f'<td style="text-align:right">{area.covered:,}</td>'
            f'<td style="text-align:right">{area.total:,}</td>'
            f'<td style="text-align:right">{area.ratio:.0%}</td></tr>'
        )
    out.append("</tbody></table>")
    if len(areas) > max_items:
        out.append(f"<p><em>… and {len(areas) - max_items:,} more areas.</em></p>")
    for heading, framework, ids in (
        (f"Not covered in {report.source.ref}", report.source, report.uncovered),
        (f"With no counterpart in {report.target.ref}", report.target, report.target_unmatched),
    ):
        out.append(f"<p><strong>{_h(heading)}</strong> ({len(ids):,})</p>")
        if ids:
            out.append("<ul>")
            out += [
                f"<li><code>{_h(i, 40)}</code> {_h(framework[i].label)}</li>"
                for i in ids[:max_items]
            ]
            out.append("</ul>")
            if len(ids) > max_items:
                out.append(f"<p><em>… and {len(ids) - max_items:,} more.</em></p>")
    out.append("</div>")
    return "\n".join(out) + "\n"


# The model's classes ask the display table; these are the answers.
display.register(Framework, "markdown", framework_repr_markdown)
display.register(Framework, "html", framework_repr_html)
display.register(Framework, "pretty", framework_repr_pretty)
display.register(CoverageReport, "markdown", report_repr_markdown)
display.register(CoverageReport, "html", coverage_repr_html)
display.register(FrameworkDiff, "markdown", report_repr_markdown)
