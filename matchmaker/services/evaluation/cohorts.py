"""Cohorts: of the people registered in a quarter (or, for a quarter's or month's view, in a
month), what share had a contact accepted within 30 days and a placement begun within 90 and
180 days of registering, in all and by target group.

A share is given only once every member of the cohort could have reached it: the cohort's last
day plus the days must lie on or before the end of the period (or today), else "noch offen".
Shares are of everybody registered, withdrawn and placed-elsewhere people included: they did
not reach the step here. Groups of fewer than MIN_GROUP people are withheld; a cohort's size is
a cell of the year's sizes (`sizes.Sizes`), suppressed with the curves', so no size follows from
the others. A share resting on 1 to 4 people shows "< 5 Pers.".
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ...domain import clock
from .breakdown import ordered
from .cells import share_text
from .filters import Filters
from .sizes import MIN_GROUP, Sizes
from .survival import TITLES as SURVIVAL_TITLES
from .survival import Person, followed, observed_until, year_sizes

STEPS = (("accepted", 30), ("placed", 90), ("placed", 180))
DIMENSIONS = (None, "age_group", "origin_region", "german_level", "bezirk", "model_quarter")
TITLES = {None: _l("alle Personen"), **{d: title for d, title in SURVIVAL_TITLES.items() if d != "slot_kind"}}


@dataclass(frozen=True)
class CohortRow:
    cohort: str  # "1. Quartal 2026", "März 2026"
    label: str  # the group, or "alle"
    size_text: str
    shares: tuple[str, ...]  # one per STEPS: "40 %", "noch offen", "< 5 Pers." or "–"
    key: str | int | None = None  # the group's key ("all" for everyone)


@dataclass(frozen=True)
class CohortTable:
    dimension: str | None
    title: str
    rows: list[CohortRow]


def cohorts(filters: Filters, *, agency_id: int | None = None, today: date | None = None,
            people: list[Person] | None = None, extra: tuple[str, ...] = (),
            sizes: Sizes | None = None) -> list[CohortTable]:
    """Cohort tables for everyone and each group of DIMENSIONS (and `extra` ones, "agency"); a
    cohort's size is a cell of the year's sizes (`sizes.Sizes`), suppressed with the curves'."""
    f = filters.scoped(agency_id)
    today = today or clock.today()
    people = followed(f, today) if people is None else people
    sizes = year_sizes(f, today, extra, people) if sizes is None else sizes
    until = observed_until(f, today)
    periods = [(label, period, last, [p for p in people if first <= p.created <= last])
               for label, period, first, last in _cohort_periods(f)]
    found = []
    for dimension in (*DIMENSIONS, *extra):
        cohorts_of_group: dict = defaultdict(dict)  # group key -> {cohort label: its members}
        for label, _period, _last, members in periods:
            for p in members:
                cohorts_of_group[p.keys[dimension] if dimension else "all"].setdefault(label, []).append(p)
        keys = [("all", str(_("alle")))] if dimension is None else ordered(dimension, set(cohorts_of_group))
        rows = []
        for label, period, last, _members in periods:
            for key, group_label in keys:
                group = cohorts_of_group.get(key, {}).get(label, [])
                _size, size_text = sizes.cohort(dimension, key, period)
                small = size_text == f"< {MIN_GROUP}"  # withheld as a whole; "•" only hides its size
                rows.append(CohortRow(label, group_label, size_text, tuple(
                    _share(group, None if small else len(group), step, days, last, until) for step, days in STEPS),
                    key))
        found.append(CohortTable(dimension, str(TITLES[dimension]), rows))
    return found


def _share(members: list[Person], size: int | None, step: str, days: int, last: int, until: int) -> str:
    if last + days > until:
        return _("noch offen")
    if not size:
        return "–"
    reached = sum(1 for p in members if _reached(p, step, days))
    return share_text(reached / size, reached)


def _reached(person: Person, step: str, days: int) -> bool:
    if step == "accepted":
        return person.accepted is not None and person.accepted - person.created <= days
    return person.placed_in(None) and person.duration(None) <= days


def _cohort_periods(f: Filters) -> list[tuple[str, tuple, int, int]]:
    """(label, period, first day, last day) of each cohort: the year's quarters up to the
    period's end for a year, its months for a quarter or a month."""
    year = f.start.year
    if f.span() == 12:
        return [(_("%(q)s. Quartal %(year)s", q=q, year=year), ("quarter", q), date(year, 3 * q - 2, 1).toordinal(),
                 date(year, 3 * q, calendar.monthrange(year, 3 * q)[1]).toordinal()) for q in range(1, 5)]
    return [(format_date(date(year, m, 1), "MMMM yyyy"), ("month", m), date(year, m, 1).toordinal(),
             date(year, m, calendar.monthrange(year, m)[1]).toordinal())
            for m in range(f.start.month, f.end.month + 1)]
