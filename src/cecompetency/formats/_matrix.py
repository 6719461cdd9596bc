"""A level matrix as a table, for the readable renderings (text and Markdown).

Rows are the items the matrix sets a level for, in the framework's order; columns are the
matrix's roles, in its order; each cell is the expected level's label, or empty.
"""

from __future__ import annotations

import attrs

from cecompetency.model.framework import Framework
from cecompetency.model.levels import LevelMatrix, LevelScale

__all__ = ["MatrixTable", "matrix_table"]


@attrs.frozen
class MatrixTable:
    """What a matrix shows: its scale (if any), its role titles and one row per item."""

    scale: LevelScale | None
    roles: tuple[str, ...]  # the role titles, as column heads
    rows: tuple[tuple[str, str, tuple[str, ...]], ...]  # (item id, item label, levels)


def matrix_table(framework: Framework, matrix: LevelMatrix) -> MatrixTable:
    """The rows and columns of ``matrix``, with titles and labels from ``framework``."""
    titles = {role.id: role.title for role in framework.roles}
    scale = next((s for s in framework.scales if s.id == matrix.scale), None)
    labels = {level.id: level.label for level in scale.levels} if scale is not None else {}
    cells = {(cell.item, cell.role): cell.level for cell in matrix.expectations}
    named = {cell.item for cell in matrix.expectations}
    order = [item.id for item in framework.walk() if item.id in named]
    order += sorted(named - set(order))  # items the framework lacks (a file the checks refused)
    rows = []
    for item_id in order:
        item = framework.get(item_id)
        levels = tuple(
            labels.get(cells.get((item_id, role), ""), cells.get((item_id, role), ""))
            for role in matrix.roles
        )
        rows.append((item_id, item.label if item is not None else "", levels))
    return MatrixTable(scale, tuple(titles.get(r, r) for r in matrix.roles), tuple(rows))
