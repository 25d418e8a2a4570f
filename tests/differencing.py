"""The differencing attacker: from published counts and the sums they are known to obey, which
hidden counts can be worked out exactly? Exact linear algebra over the rationals, so any
combination of subtractions across periods and rows is found, not only the obvious ones."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from fractions import Fraction


def recoverable(published: Mapping[Hashable, int | None],
                relations: Iterable[tuple[Hashable, list[Hashable]]]) -> dict[Hashable, Fraction]:
    """Hidden cells (published value None) whose value follows from the shown ones.

    Each relation says total = sum(parts). Returns {cell: its value} for every hidden cell that
    has exactly one value consistent with everything published."""
    unknowns: dict[Hashable, int] = {}
    equations = []
    for total, parts in relations:
        row: dict[int, Fraction] = {}
        constant = Fraction(0)
        for key, sign in [(total, 1), *((p, -1) for p in parts)]:
            value = published[key]
            if value is None:
                index = unknowns.setdefault(key, len(unknowns))
                row[index] = row.get(index, Fraction(0)) + sign
            else:
                constant -= sign * value
        row = {i: c for i, c in row.items() if c}
        if row:
            equations.append((row, constant))
    pivots = _reduce(equations)
    names = {i: key for key, i in unknowns.items()}
    return {names[i]: constant for i, (row, constant) in pivots.items() if len(row) == 1}


def _reduce(equations: list[tuple[dict[int, Fraction], Fraction]]) -> dict[int, tuple[dict, Fraction]]:
    """Reduced row echelon form of sparse rows: {pivot variable: (row, constant)}.

    Pivot rows never hold another pivot variable, so a pivot whose row holds nothing else is
    determined, and every other unknown is free (has more than one consistent value)."""
    pivots: dict[int, tuple[dict[int, Fraction], Fraction]] = {}
    for row, constant in equations:
        for var in [v for v in row if v in pivots]:
            row, constant = _eliminate(row, constant, var, pivots[var])
        if not row:
            continue
        var = min(row)
        scale = row[var]
        row, constant = {v: c / scale for v, c in row.items()}, constant / scale
        for other, (other_row, other_constant) in list(pivots.items()):
            if var in other_row:
                pivots[other] = _eliminate(other_row, other_constant, var, (row, constant))
        pivots[var] = (row, constant)
    return pivots


def _eliminate(row, constant, var, pivot):
    pivot_row, pivot_constant = pivot
    factor = row.get(var, 0)
    if not factor:
        return row, constant
    out = dict(row)
    for v, c in pivot_row.items():
        out[v] = out.get(v, 0) - factor * c
    return {v: c for v, c in out.items() if c}, constant - factor * pivot_constant
