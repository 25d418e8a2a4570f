"""Small-cell suppression: every count of people passes through here before anyone sees it."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from flask_babel import gettext

SMALLEST_SHOWN = 5
PROTECTIVE_MARK = "•"


@dataclass(frozen=True)
class Cell:
    """A count as it may be shown: its value, or None when suppressed or not applicable.

    A suppressed cell never carries its value, so no page, chart or export can leak it. It is
    either small itself ("< 5") or hidden to protect a small one elsewhere ("•", any size).
    """

    value: int | None
    suppressed: bool = False
    protective: bool = False

    def __str__(self) -> str:
        if self.protective:
            return PROTECTIVE_MARK
        if self.suppressed:
            return f"< {SMALLEST_SHOWN}"
        return "–" if self.value is None else str(self.value)


def primary(value: int | None, smallest: int = SMALLEST_SHOWN) -> bool:
    """1 to 4 people (below `smallest`) are too few to show; 0 is shown, as it reveals nobody."""
    return value is not None and 0 < value < smallest


def share_text(share: float | None, resting_on: int) -> str:
    """A share as shown: "< 5 Pers." where it rests on 1 to 4 people (the share times a size
    shown beside it would give their number away), "–" where there is none."""
    if primary(resting_on):
        return gettext("< %(n)s Pers.", n=SMALLEST_SHOWN)
    return "–" if share is None else f"{share * 100:.0f} %"


def cell(value: int | None) -> Cell:
    """One count on its own (no total it could be subtracted from)."""
    return Cell(None, True) if primary(value) else Cell(value)


def shown(value: int | None, hidden: set, key: Hashable) -> Cell:
    """The cell of `key` after `hide`: its value, "< 5" or the protective mark."""
    if key not in hidden:
        return Cell(value)
    return Cell(None, True) if primary(value) else Cell(None, True, protective=True)


def hide(values: Mapping[Hashable, int | None],
         relations: Iterable[tuple[Hashable, Sequence[Hashable]]], smallest: int = SMALLEST_SHOWN) -> set[Hashable]:
    """The cells to hide among `values`, given the sums published beside them.

    Each relation says "this total is the sum of these parts"; totals may be parts of other
    relations (a quarter is the sum of its months and a part of its year). Primary: every
    cell of 1 to 4 (1 to `smallest` - 1). Complementary, until nothing changes:
    - a relation with exactly one hidden member would give it away by subtraction, so its
      smallest non-zero shown part is hidden too (or its total, when no such part is left);
    - an audit then solves all relations at once, exactly, as an attacker would; a hidden
      cell that still follows from the shown ones gets one more cell hidden beside it.
    None means "not applicable" and counts as known. Deterministic: ties go to the cell that
    comes first in `values`.
    """
    return _Suppression(values, relations, smallest).run()


class _Suppression:
    def __init__(self, values, relations, smallest: int = SMALLEST_SHOWN) -> None:
        self.values = values
        self.order = {key: i for i, key in enumerate(values)}
        self.lines = [(total, list(parts)) for total, parts in relations]
        self.lines_of: dict[Hashable, list[int]] = {}
        for i, (total, parts) in enumerate(self.lines):
            for key in (total, *parts):
                self.lines_of.setdefault(key, []).append(i)
        self.hidden = {key for key, v in values.items() if primary(v, smallest)}
        self.safe: set[frozenset] = set()  # groups of hidden cells the audit found nothing in

    def run(self) -> set[Hashable]:
        pending = set(range(len(self.lines)))
        while True:
            self._lone_members(pending)
            added = {n for key in self._audit() for n in self._neighbours(key)} - {None}
            if not added:
                return self.hidden
            self.hidden |= added
            pending = {i for key in added for i in self.lines_of.get(key, ())}

    def _smallest(self, keys) -> Hashable | None:
        """The shown cell to hide next: non-zero before zero, small before large, then first."""
        shown = [k for k in keys if k not in self.hidden]
        return min(shown, key=lambda k: (not self.values[k], self.values[k] or 0, self.order[k]), default=None)

    def _lone_members(self, pending: set[int]) -> None:
        """Repairs every relation left with exactly one hidden member."""
        while pending:
            total, parts = self.lines[pending.pop()]
            hidden_parts = sum(p in self.hidden for p in parts)
            if hidden_parts + (total in self.hidden) != 1:
                continue
            extra = self._smallest(p for p in parts if self.values[p])
            if extra is None and self.values[total] and total not in self.hidden:
                extra = total
            if extra is not None:
                self.hidden.add(extra)
                pending.update(self.lines_of[extra])

    def _neighbours(self, key: Hashable) -> set:
        """Shown cells to hide beside an exposed one: the smallest of each relation it is in
        (one is often not enough, and each audit costs a solve); failing any, one further out."""
        found = {self._smallest(m for m in (self.lines[i][0], *self.lines[i][1]) if m != key)
                 for i in self.lines_of.get(key, ())} - {None}
        return found or {self._neighbour(key)}

    def _neighbour(self, key: Hashable) -> Hashable | None:
        reached, frontier = {key}, [key]
        while frontier:
            members = {m for f in frontier for i in self.lines_of.get(f, ())
                       for m in (self.lines[i][0], *self.lines[i][1])}
            extra = self._smallest(members)
            if extra is not None:
                return extra
            frontier = [m for m in members if m not in reached]
            reached.update(frontier)
        return None

    def _audit(self) -> list[Hashable]:
        """Hidden cells that follow from the shown ones, group by group of hidden cells linked
        through relations (a group the audit found safe and that has not grown stays safe)."""
        parent: dict[Hashable, Hashable] = {key: key for key in self.hidden}

        def find(key):
            while parent[key] != key:
                parent[key] = parent[parent[key]]
                key = parent[key]
            return key

        touched = []
        for i, (total, parts) in enumerate(self.lines):
            members = [m for m in (total, *parts) if m in self.hidden]
            if members:
                touched.append(i)
                for m in members[1:]:
                    parent[find(m)] = find(members[0])
        groups: dict[Hashable, list[int]] = {}
        for i in touched:
            total, parts = self.lines[i]
            first = total if total in self.hidden else next(p for p in parts if p in self.hidden)
            groups.setdefault(find(first), []).append(i)
        members: dict[Hashable, set] = {}
        for key in self.hidden:
            members.setdefault(find(key), set()).add(key)
        exposed = []
        for root, lines in groups.items():
            cells = frozenset(members[root])
            if cells in self.safe:
                continue
            found = _determined(self.values, [self.lines[i] for i in lines], self.hidden, self.order)
            if found:
                exposed += found
            else:
                self.safe.add(cells)
        return sorted(exposed, key=self.order.__getitem__)


# The audit computes modulo a large prime instead of with fractions (forty times faster). It
# can only err by finding a cell safe that a rational solution would expose if the prime
# divided a particular determinant of the sums; for sums of at most a few thousand cells of
# coefficient 1 that is about as likely as guessing a 61-bit number.
PRIME = 2**61 - 1


def _determined(values, lines, hidden: set, order: dict) -> list[Hashable]:
    """Hidden cells whose value follows from the shown ones and the relations: exact linear
    algebra on sparse rows (reduced row echelon form; a pivot whose row holds no other
    unknown is determined). Constants are not needed to tell which cells are determined."""
    pivots: dict[Hashable, dict] = {}
    occurs: dict[Hashable, set] = {}  # unknown -> the pivots whose rows hold it
    for total, parts in lines:
        row: dict[Hashable, int] = {}
        for key, sign in ((total, 1), *((p, -1) for p in parts)):
            if key in hidden:
                row[key] = (row.get(key, 0) + sign) % PRIME
        row = {k: c for k, c in row.items() if c}
        for var in [k for k in row if k in pivots]:
            row = _eliminate(row, var, pivots[var])
        if not row:
            continue
        var = min(row, key=order.__getitem__)
        inverse = pow(row[var], -1, PRIME)
        row = {k: c * inverse % PRIME for k, c in row.items()}
        for other in occurs.pop(var, set()):
            old_row = pivots[other]
            new_row = _eliminate(old_row, var, row)
            for k in old_row.keys() - new_row.keys() - {other, var}:
                occurs[k].discard(other)
            for k in new_row.keys() - old_row.keys():
                occurs.setdefault(k, set()).add(other)
            pivots[other] = new_row
        pivots[var] = row
        for k in row:
            if k != var:
                occurs.setdefault(k, set()).add(var)
    return [var for var, row in pivots.items() if len(row) == 1]


def _eliminate(row: dict, var: Hashable, pivot_row: dict) -> dict:
    factor = row[var]
    out = dict(row)
    for k, c in pivot_row.items():
        out[k] = (out.get(k, 0) - factor * c) % PRIME
    return {k: c for k, c in out.items() if c}


def suppress(body: Sequence[Sequence[int | None]], *, column_totals: bool = True,
             row_totals: bool = False) -> tuple[list[list[Cell]], list[Cell], list[Cell]]:
    """Suppress one table published with its column totals (and row totals, if asked).

    Returns the body, the column totals and the row totals as cells (see `hide`).
    """
    rows = [list(row) for row in body]
    width = max((len(row) for row in rows), default=0)
    values: dict[Hashable, int | None] = {(i, j): v for i, row in enumerate(rows) for j, v in enumerate(row)}
    relations = []
    if column_totals:
        for j in range(width):
            values["col", j] = _sum(row[j] for row in rows if j < len(row))
            relations.append((("col", j), [(i, j) for i, row in enumerate(rows) if j < len(row)]))
    if row_totals:
        for i, row in enumerate(rows):
            values["row", i] = _sum(row)
            relations.append((("row", i), [(i, j) for j in range(len(row))]))
    hidden = hide(values, relations)
    cells = [[shown(v, hidden, (i, j)) for j, v in enumerate(row)] for i, row in enumerate(rows)]
    col_sums = [_sum(row[j] for row in rows if j < len(row)) for j in range(width)]
    row_sums = [_sum(row) for row in rows]
    return cells, [cell(v) for v in col_sums], [cell(v) for v in row_sums]


def rate(numerator: Cell, denominator: Cell) -> float | None:
    """A share between two shown counts; none when either is hidden, so it cannot leak one."""
    if numerator.value is None or not denominator.value:
        return None
    return numerator.value / denominator.value


def _sum(values) -> int | None:
    present = [v for v in values if v is not None]
    return sum(present) if present else None
