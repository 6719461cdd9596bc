"""How values show themselves in notebooks, while the model knows no view.

Classes that Jupyter should draw inherit :class:`Displayable`. Its IPython hooks look up a
renderer that the views layer registered (:mod:`cecompetency.views.notebook`); the package
facade says how to load that layer on the first display, so no module here names it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

__all__ = ["Displayable", "Kind", "register", "renderer", "set_loader"]

Kind = Literal["markdown", "html", "pretty"]

_renderers: dict[tuple[type, Kind], Callable[..., Any]] = {}
_loader: Callable[[], object] | None = None


def register(cls: type, kind: Kind, render: Callable[..., Any]) -> None:
    """Draw instances of ``cls`` (and its subclasses) with ``render`` for ``kind``."""
    _renderers[(cls, kind)] = render


def set_loader(loader: Callable[[], object]) -> None:
    """Run ``loader`` once, before the first lookup, to let the views register themselves."""
    global _loader
    _loader = loader


def renderer(obj: object, kind: Kind) -> Callable[..., Any] | None:
    """The renderer registered for ``obj``'s class or its nearest base, or None."""
    global _loader
    if _loader is not None:
        load, _loader = _loader, None
        load()
    for cls in type(obj).__mro__:
        found = _renderers.get((cls, kind))
        if found is not None:
            return found
    return None


class Displayable:
    """IPython's display hooks, answered by the registered renderers (or the plain repr)."""

    __slots__ = ()

    def _repr_markdown_(self) -> str | None:
        render = renderer(self, "markdown")
        return None if render is None else str(render(self))

    def _repr_html_(self) -> str | None:
        render = renderer(self, "html")
        return None if render is None else str(render(self))

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        render = renderer(self, "pretty")
        if render is None:
            printer.text(repr(self))
        else:
            render(self, printer, cycle)
