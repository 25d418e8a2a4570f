"""Small-cell suppression: every count of people passes through here before anyone sees it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

SMALLEST_SHOWN = 5


@dataclass(frozen=True)
class Cell:
    """A count as it may be shown: its value, or None when suppressed or not applicable.

    A suppressed cell never carries its value, so no page, chart or export can leak it.
    """

    value: int | None
    suppressed: bool = False

    def __str__(self) -> str:
        if self.suppressed:
            return f"< {SMALLEST_SHOWN}"
        return "–" if self.value is None else str(self.value)


def primary(value: int | None) -> bool:
    """1 to 4 people are too few to show; 0 is shown, as it reveals nobody."""
    return value is not None and 0 < value < SMALLEST_SHOWN


def cell(value: int | None) -> Cell:
    """One count on its own (no total it could be subtracted from)."""
    return Cell(None, True) if primary(value) else Cell(value)


def suppress(body: Sequence[Sequence[int | None]], *, column_totals: bool = True,
             row_totals: bool = False) -> tuple[list[list[Cell]], list[Cell], list[Cell]]:
    """Suppress a table whose columns (and rows, if asked) are published with their totals.

    Primary: every cell of 1 to 4, totals included. Complementary: while a line with a shown
    total has exactly one suppressed cell, also suppress its smallest non-zero shown cell,
    so the hidden one cannot be recovered by subtracting. None means "not applicable".
    Returns the body, the column totals and the row totals as cells.
    """
    rows = [list(row) for row in body]
    width = max((len(row) for row in rows), default=0)
    col_sums = [_sum(row[j] for row in rows) for j in range(width)]
    row_sums = [_sum(row) for row in rows]
    hidden = {(i, j) for i, row in enumerate(rows) for j, v in enumerate(row) if primary(v)}
    lines = []
    if column_totals:
        lines += [([(i, j) for i in range(len(rows))], col_sums[j]) for j in range(width)]
    if row_totals:
        lines += [([(i, j) for j in range(len(row))], row_sums[i]) for i, row in enumerate(rows)]
    changed = True
    while changed:
        changed = False
        for positions, total in lines:
            if primary(total) or sum(p in hidden for p in positions) != 1:
                continue
            candidates = [p for p in positions if p not in hidden and rows[p[0]][p[1]]]
            if candidates:
                hidden.add(min(candidates, key=lambda p: (rows[p[0]][p[1]], p)))
                changed = True
    cells = [[Cell(None, True) if (i, j) in hidden else Cell(v) for j, v in enumerate(row)]
             for i, row in enumerate(rows)]
    return cells, [cell(v) for v in col_sums], [cell(v) for v in row_sums]


def rate(numerator: Cell, denominator: Cell) -> float | None:
    """A share between two shown counts; none when either is hidden, so it cannot leak one."""
    if numerator.value is None or not denominator.value:
        return None
    return numerator.value / denominator.value


def _sum(values) -> int | None:
    present = [v for v in values if v is not None]
    return sum(present) if present else None
