"""The sizes of the groups that the times to placement and the cohorts show, suppressed as one
system for the whole year.

A curve's group counts everyone registered in the year up to the period's end, so February's
size subtracted from March's gives March's registrations; and a cohort is a month's or a
quarter's registrations. Withheld one table at a time, a group of 12 in February and 14 in March
would say "2 people registered in March". So every size is a cell of one system, per group g
(and "all") and month m:
- R(g, m), the registrations of the month (a month's cohort);
- S(g, m) = S(g, m - 1) + R(g, m), the size up to the month's end (a quarter's and the year's
  size is that of its last month);
- C(g, q), the registrations of a quarter (a quarter's cohort), the sum of its months;
and each breakdown's groups add up to "all". `cells.hide` suppresses them together: 1 to
MIN_GROUP - 1 people are withheld ("< 10"), and wherever a withheld size could be worked out from
the shown ones, one more is withheld ("•").

A slot kind's curve is sized by its placements up to the period's end, P(k, m) = P(k, m - 1) +
E(k, m), with E the month's placements: a system of its own, at SMALLEST_SHOWN ("< 5"). E is
never shown; treating it as if it were hides more, never less.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Sequence
from datetime import date

from .cells import PROTECTIVE_MARK, SMALLEST_SHOWN, hide

MIN_GROUP = 10  # fewer people are too few for a curve or a cohort
MONTHS = range(1, 13)
QUARTERS = {q: (3 * q - 2, 3 * q - 1, 3 * q) for q in range(1, 5)}
EVERYONE = (None, "all")  # (dimension, key) of the group of everyone


class Sizes:
    """Every group size of one year and scope, as shown: (size or None, text)."""

    def __init__(self, people: Sequence, dimensions: Sequence[str], kinds: Sequence[str] = ()) -> None:
        """`people`: everyone registered in the year (`survival.Person`: the day registered, the
        group keys, the first placement of each kind)."""
        registered: dict[tuple, dict[int, int]] = defaultdict(lambda: defaultdict(int))
        for person in people:
            month = date.fromordinal(person.created).month
            registered[EVERYONE][month] += 1
            for dimension in dimensions:
                registered[dimension, person.keys[dimension]][month] += 1
        self.values: dict[Hashable, int] = {}
        relations: list[tuple[Hashable, list[Hashable]]] = []
        groups = [EVERYONE, *(g for g in registered if g != EVERYONE)]
        for group in groups:
            total = 0
            for m in MONTHS:
                total += registered[group][m]
                self.values["R", *group, m] = registered[group][m]
                self.values["S", *group, m] = total
                relations.append((("S", *group, m), [("R", *group, m)] + ([("S", *group, m - 1)] if m > 1 else [])))
            for q, months in QUARTERS.items():
                self.values["C", *group, q] = sum(registered[group][m] for m in months)
                relations.append((("C", *group, q), [("R", *group, m) for m in months]))
        for dimension in dimensions:
            members = [g for g in groups if g[0] == dimension]
            for cell, periods in (("R", MONTHS), ("S", MONTHS), ("C", QUARTERS)):
                for period in periods:
                    relations.append(((cell, *EVERYONE, period), [(cell, *g, period) for g in members]))
        self.hidden = hide(self.values, relations, smallest=MIN_GROUP)
        self._placements(people, kinds)

    def _placements(self, people: Sequence, kinds: Sequence[str]) -> None:
        placed: dict[str, dict[int, int]] = {kind: defaultdict(int) for kind in kinds}
        for person in people:
            for kind in kinds:
                day = person.placed_on(kind)
                if day is not None:
                    placed[kind][date.fromordinal(day).month] += 1
        values: dict[Hashable, int] = {}
        relations: list[tuple[Hashable, list[Hashable]]] = []
        for kind in kinds:
            total = 0
            for m in MONTHS:
                total += placed[kind][m]
                values["E", kind, m] = placed[kind][m]
                values["P", kind, m] = total
                relations.append((("P", kind, m), [("E", kind, m)] + ([("P", kind, m - 1)] if m > 1 else [])))
        self.values.update(values)
        self.hidden |= hide(values, relations)

    def placements(self, kind: str, month: int) -> tuple[int | None, str]:
        """A slot kind's placements up to the end of `month` (its curve's size)."""
        return self._shown(("P", kind, month), SMALLEST_SHOWN)

    def size(self, dimension: str | None, key, month: int) -> tuple[int | None, str]:
        """The group's size up to the end of `month` (a curve's group; None, "all": everyone)."""
        return self._shown(("S", dimension, key, month))

    def cohort(self, dimension: str | None, key, period: tuple) -> tuple[int | None, str]:
        """The group's registrations in a ("month", m) or ("quarter", q)."""
        kind, number = period
        return self._shown(("R" if kind == "month" else "C", dimension, key, number))

    def _shown(self, cell: tuple, smallest: int = MIN_GROUP) -> tuple[int | None, str]:
        value = self.values.get(cell, 0)
        if cell not in self.hidden:
            return value, str(value)
        return None, f"< {smallest}" if 0 < value < smallest else PROTECTIVE_MARK
