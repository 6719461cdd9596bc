"""A Griffe extension for the API pages: the docstrings' Sphinx roles become links.

The docstrings name other objects as Sphinx does
(``:class:`~cecompetency.model.framework.Framework```, ``:meth:`CompetencyGraph.coverage```);
mkdocstrings would print the role as text. Each becomes an optional cross-reference: a link
when the target is on the site, plain code when it is not (a private helper), never a
broken link.
"""

from __future__ import annotations

import html
import re
from typing import Any

import griffe

_ROLE = re.compile(r":(?:class|func|meth|attr|mod|data|exc|obj):`(~?)([\w.]+)(\(\))?`")


def _target(name: str, obj: Any) -> str:
    """The full path of ``name`` as written in ``obj``'s docstring.

    A full name is kept. A name with leading dots is relative, as in an import: ``.x`` in
    ``cecompetency.formats.ctdl`` is ``cecompetency.formats.x``. Any other name is looked up
    as Python would see it from the docstring: in the class it documents (or the class of
    the method or attribute), then in the module, where a name the module imports stands for
    the object it came from (``RefError`` in ``model.refs`` is ``model.errors.RefError``).
    """
    if name.startswith("cecompetency"):
        return name
    module = obj if obj.is_module else obj.module
    if name.startswith("."):
        rest = name.lstrip(".")
        parts = module.path.split(".")
        up = len(name) - len(rest) - (1 if module.is_package else 0)
        return ".".join([*parts[: len(parts) - up], rest])
    first, _, more = name.partition(".")
    scopes = []
    if obj.is_class:
        scopes.append(obj)
    elif obj.parent is not None and obj.parent.is_class:
        scopes.append(obj.parent)
    scopes.append(module)
    for scope in scopes:
        member = scope.members.get(first)
        if member is not None:
            path = member.target_path if member.is_alias else member.path
            return f"{path}.{more}" if more else path
    return f"{module.path}.{name}"


class SphinxRoles(griffe.Extension):
    """Rewrite ``:role:`target``` in every docstring as an optional autorefs link."""

    def on_object(self, *, obj: Any, **kwargs: Any) -> None:
        if obj.docstring is None or ":`" not in obj.docstring.value:
            return

        def link(match: re.Match[str]) -> str:
            short, name, call = match[1], match[2], match[3] or ""
            shown = name.rsplit(".", 1)[-1] if short else name.lstrip(".")
            target = html.escape(_target(name, obj), quote=True)
            return (
                f'<autoref identifier="{target}" optional><code>{html.escape(shown)}{call}'
                "</code></autoref>"
            )

        obj.docstring.value = _ROLE.sub(link, obj.docstring.value)
