"""A Griffe extension for the API pages: the docstrings' Sphinx roles become links.

The docstrings name other objects as Sphinx does (``:class:`~cecompetency.model.framework.Framework```,
``:meth:`CompetencyGraph.coverage```); mkdocstrings would print the role as text. Each
becomes an optional cross-reference: a link when the target is on the site, plain code
when it is not (a private helper), never a broken link.
"""

from __future__ import annotations

import html
import re
from typing import Any

import griffe

_ROLE = re.compile(r":(?:class|func|meth|attr|mod|data|exc|obj):`(~?)([\w.]+)(\(\))?`")


def _target(name: str, obj: Any) -> str:
    """The full path of ``name`` as written in ``obj``'s docstring."""
    if name.startswith("cecompetency"):
        return name
    module = obj if obj.is_module else obj.module
    return f"{module.path}.{name}"


class SphinxRoles(griffe.Extension):
    """Rewrite ``:role:`target``` in every docstring as an optional autorefs link."""

    def on_object(self, *, obj: Any, **kwargs: Any) -> None:
        if obj.docstring is None or ":`" not in obj.docstring.value:
            return

        def link(match: re.Match[str]) -> str:
            short, name, call = match[1], match[2], match[3] or ""
            shown = name.rsplit(".", 1)[-1] if short else name
            target = html.escape(_target(name, obj), quote=True)
            return (
                f'<autoref identifier="{target}" optional><code>{html.escape(shown)}{call}'
                "</code></autoref>"
            )

        obj.docstring.value = _ROLE.sub(link, obj.docstring.value)
