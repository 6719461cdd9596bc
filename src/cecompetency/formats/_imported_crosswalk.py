"""The crosswalk mappings an imported file states beside its framework, as a crosswalk.

A CASE package's associations and a CTDL-ASN graph's alignments hold mappings, but no
crosswalk id, version or title. :func:`imported_crosswalk` names them after the framework
they came with, so that importing the same file twice gives the same crosswalk:

- id ``<framework id>-mappings`` and the framework's version;
- title ``<framework title>: mappings from its <format> file``;
- frameworks: the imported framework first, then every other framework version the
  mappings name, ordered by id and then version (compared as versions);
- the mappings in the order the file gave them. Nothing else (license, creators, date) is
  set: the file does not say it of the crosswalk as a whole.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

import attrs

from cecompetency.model.crosswalk import Crosswalk, Mapping
from cecompetency.model.framework import Framework
from cecompetency.model.refs import Ref, version_key

__all__ = ["FrameworkAndMappings", "imported_crosswalk"]


def imported_crosswalk(
    framework: Framework, mappings: Iterable[Mapping], *, origin: str
) -> Crosswalk:
    """The ``mappings`` read with ``framework`` from an ``origin`` (e.g. "CASE") file."""
    mappings = tuple(mappings)
    others: set[Ref] = set()
    for mapping in mappings:
        for ref in (mapping.subject, mapping.object):
            if isinstance(ref, Ref) and ref.framework_ref != framework.ref:
                others.add(ref.framework_ref)
    ordered = sorted(others, key=lambda r: (r.framework, version_key(r.version or "")))
    return Crosswalk(
        id=f"{framework.id}-mappings",
        version=framework.version,
        title=f"{framework.title}: mappings from its {origin} file",
        frameworks=(framework.ref, *ordered),
        mappings=mappings,
        description=(
            f"The crosswalk mappings a {origin} file states beside {framework.ref}, "
            "named after that framework when it was imported."
        ),
    )


@attrs.frozen
class FrameworkAndMappings:
    """A framework read from another format, and the crosswalk mappings the file states.

    Each format's importer has its own subclass, which names the format in ``origin``.
    """

    origin: ClassVar[str] = "imported"

    framework: Framework
    mappings: tuple[Mapping, ...] = attrs.field(default=(), repr=lambda m: f"<{len(m)} mappings>")

    def __str__(self) -> str:
        count = len(self.mappings)
        return f"{self.framework} read from a {self.origin} file, with {count} mappings"

    def crosswalk(self) -> Crosswalk:
        """The mappings as a crosswalk named after the framework, the same on every import.

        Its id is ``<framework id>-mappings``, its version the framework's, its title
        ``<framework title>: mappings from its <format> file``; it lists the framework
        first, then every other framework version the mappings name, in id and version
        order. The mappings keep the file's order.
        """
        return imported_crosswalk(self.framework, self.mappings, origin=self.origin)
