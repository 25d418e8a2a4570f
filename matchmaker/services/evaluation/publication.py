"""Every figure of one filter set, for all months, quarters and the year, suppressed as one.

Every count of the contact chain counts distinct people (a person proposed for three slots in
March is one person in March, in the first quarter and in the year); profiles count as of each
month's end, from the status history. `DEFINITIONS` says what each figure counts, on the page
and in the CSV files.

Periods nest: a quarter holds its months, the year its quarters. Suppressed
one period at a time, a hidden month could be recovered as its quarter minus the other two
months. So the figures of every month, every quarter and the year (same filters, same scope)
are counted together and suppressed as one system of sums (`cells.hide`):
- within each period, every breakdown's rows sum to the total that the funnel and trend show;
- along time, each count (proposals, acceptances, placements, matches) has its
  quarters published beside its months and the year beside its quarters and its months.
People counts are not sums (one person in two months is one person in the quarter, and one
person in two rows of the slot breakdowns is one person in the total), but the suppression
treats them as if they were: an attacker gets at most bounds from them, and treating bounds as
equations hides more than needed, never less.
Counts of active profiles are stocks (as of the period's end): a quarter and the year read the
figure of their last month, so the same figure is one cell wherever it appears.

No sum keeps exactly one hidden member, and any view of one period only reads cells of this
one system, so what one period hides, the figures of the other periods do not give away.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass

import numpy as np
import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ...domain import clock
from ...extensions import db
from ...models import Candidate, MatchHistory, Slot, SlotKind, SlotStatus
from . import sources as src
from .breakdown import DIMENSIONS, SLOT_ONLY, Row, Table, ordered
from .cache import cached
from .cells import Cell, hide, rate, shown
from .cohorts import CohortTable, cohorts
from .dialect import month_of, utc_date
from .facts import COLUMNS as CONTACT_COLUMNS
from .facts import MONTHS, YEAR_INDEX, Year, count_people, count_stocks, event_codes, load, period_of
from .figures import Step, TrendPoint
from .filters import Filters
from .history import count_in_status
from .survival import Survival, followed, time_to_placement

QUARTERS = {q: (3 * q - 2, 3 * q - 1, 3 * q) for q in range(1, 5)}
PERIODS = [("month", m) for m in MONTHS] + [("quarter", q) for q in QUARTERS] + [("year",)]
DEFINITIONS = {
    "profiles": _l("Profile, deren Status am letzten Tag des Zeitraums „aktiv“ war (laut Statushistorie)."),
    "open_slots": _l("Angebote, deren Status am letzten Tag des Zeitraums „offen“ war (laut Statushistorie)."),
    "matches": _l("Verschiedene Personen, für die der Abgleich im Zeitraum mindestens einen Vorschlag (Person und "
                  "Angebot) zum ersten Mal fand; auch wenn er heute nicht mehr besteht."),
    "proposals": _l("Verschiedene Personen, für die im Zeitraum mindestens ein Kontakt vorgeschlagen oder "
                    "angefragt wurde."),
    "accepted": _l("Verschiedene Personen mit mindestens einem im Zeitraum angenommenen Kontakt."),
    "placements": _l("Verschiedene Personen, bei denen im Zeitraum ein Praktikum, eine EQ, eine Ausbildung oder "
                     "ein Arbeitsvertrag über einen Kontakt hier begann."),
    "kind": _l("Verschiedene Personen, bei denen im Zeitraum eine Vermittlung in ein Angebot dieser Art begann; "
               "wer in zwei Arten begann, zählt in beiden."),
    "elsewhere": _l("Personen, die ihre Beratungsstelle im Zeitraum als anderweitig vermittelt markiert hat."),
}


def _last_month(period: tuple) -> int:
    return {"month": lambda: period[1], "quarter": lambda: 3 * period[1], "year": lambda: 12}[period[0]]()


class Grid:
    """Counts of one year, each named by a tuple, and the sums published beside them."""

    def __init__(self) -> None:
        self.values: dict[Hashable, int] = {}
        self.relations: list[tuple[Hashable, list[Hashable]]] = []
        self._stocks: set[Hashable] = set()
        self._hidden: set[Hashable] | None = None

    def flow(self, name: Hashable, per_month: Mapping[int, int]) -> None:
        """A count of events: a quarter or the year is the sum of its months."""
        for m in MONTHS:
            self.values[name, ("month", m)] = per_month.get(m, 0)
        for q, months in QUARTERS.items():
            self.values[name, ("quarter", q)] = sum(per_month.get(m, 0) for m in months)
        self.values[name, ("year",)] = sum(per_month.get(m, 0) for m in MONTHS)
        self._relate(name)

    def _relate(self, name: Hashable) -> None:
        for q, months in QUARTERS.items():
            self.relations.append(((name, ("quarter", q)), [(name, ("month", m)) for m in months]))
        self.relations.append(((name, ("year",)), [(name, ("quarter", q)) for q in QUARTERS]))
        self.relations.append(((name, ("year",)), [(name, ("month", m)) for m in MONTHS]))

    def people(self, name: Hashable, per_period: Mapping[int, int]) -> None:
        """Distinct people in each month, quarter and the year ({period index: n}, see
        `facts.period_of`): published beside each other like a flow, but not its sums."""
        for index in range(1, YEAR_INDEX + 1):
            self.values[name, period_of(index)] = per_period.get(index, 0)
        self._relate(name)

    def stock(self, name: Hashable, at_month_end: Mapping[int, int]) -> None:
        """A count as of a day: a quarter or the year is the count at the end of its last month."""
        self._stocks.add(name)
        for m in MONTHS:
            self.values[name, ("month", m)] = at_month_end.get(m, 0)

    def has(self, name: Hashable) -> bool:
        return (name, ("month", 1)) in self.values

    def sums(self, total: Hashable, parts: list[Hashable]) -> None:
        """In every period, `total` is published beside `parts` that add up to it."""
        periods = [("month", m) for m in MONTHS] if total in self._stocks else PERIODS
        for period in periods:
            self.relations.append((self._key(total, period), [self._key(p, period) for p in parts]))

    def cell(self, name: Hashable, period: tuple) -> Cell:
        if self._hidden is None:
            self._hidden = hide(self.values, self.relations)
        key = self._key(name, period)
        return shown(self.values[key], self._hidden, key)

    def _key(self, name: Hashable, period: tuple) -> tuple:
        return (name, ("month", _last_month(period))) if name in self._stocks else (name, period)


@dataclass(frozen=True)
class Publication:
    """What the dashboard and its CSV files show for one period."""

    funnel: list[Step]
    survival: list[Survival]
    cohorts: list[CohortTable]
    breakdowns: dict[str, Table]
    trend: list[TrendPoint]


def publish(filters: Filters, *, agency_id: int | None = None) -> Publication:
    """Everything shown for one period; computed once per data version (`cache`)."""
    f = filters.scoped(agency_id)
    return cached(("publication", f), lambda: _publish(f))


def _publish(f: Filters) -> Publication:
    year = f.whole_year()
    facts = load(year)
    grid = Grid()
    for column in CONTACT_COLUMNS:
        grid.people(("total", column), _per_key(count_people(facts.events[column], None)).get(0, {}))
    grid.stock(("total", "profiles"), dict(zip(MONTHS, count_stocks(facts.active, None, 1)[0].tolist(), strict=True)))
    rows = {dimension: _add_breakdown(grid, facts, dimension) for dimension in DIMENSIONS}
    grid.people(("matches",), _matched_people(year))
    grid.flow(("elsewhere",), _per_month(src.placed_elsewhere(year, month_of(Candidate.placed_on).label("month"))))
    period = f.key
    people = followed(f, clock.today())
    return Publication(
        funnel=_funnel(grid, f, period),
        survival=time_to_placement(f, people=people),
        cohorts=cohorts(f, people=people),
        breakdowns={d: _table(grid, d, keys, period) for d, keys in rows.items()},
        trend=[TrendPoint(f"{f.start.year:04d}-{m:02d}", grid.cell(("total", "proposals"), ("month", m)),
                          grid.cell(("total", "placements"), ("month", m)))
               for m in range(f.start.month, f.end.month + 1)],
    )


def _per_key(counts: Mapping[tuple[int, int], int]) -> dict[int, dict[int, int]]:
    """{(key code, period index): n} as {key code: {period index: n}}."""
    found: dict[int, dict[int, int]] = defaultdict(dict)
    for (code, period), n in counts.items():
        found[code][period] = n
    return found


def _add_breakdown(grid: Grid, facts: Year, dimension: str) -> list[tuple]:
    """Registers one breakdown's rows and their sums; returns its rows as (key, label)."""
    values = facts.keys.values(dimension)
    person_codes = facts.person_keys.get(dimension)
    stocks = count_stocks(facts.active, person_codes, len(values)) if person_codes is not None else None
    flows = {c: _per_key(count_people(facts.events[c], event_codes(facts.events[c], dimension)))
             for c in CONTACT_COLUMNS}
    present = {code for per_key in flows.values() for code in per_key}
    if stocks is not None:
        present |= set(np.flatnonzero(stocks.any(axis=1)).tolist())
    keys = ordered(dimension, {values[code] for code in present})
    code_of = {value: code for code, value in enumerate(values)}
    for column in (*CONTACT_COLUMNS, *(("profiles",) if stocks is not None else ())):
        parts = [(dimension, key, column) for key, _label in keys]
        for (key, _label), part in zip(keys, parts, strict=True):
            if column == "profiles":
                grid.stock(part, dict(zip(MONTHS, stocks[code_of[key]].tolist(), strict=True)))
            else:
                grid.people(part, flows[column].get(code_of[key], {}))
        grid.sums(("total", column), parts)
    return keys


def _table(grid: Grid, dimension: str, keys: list[tuple], period: tuple) -> Table:
    with_profiles = dimension not in SLOT_ONLY

    def cells(name):
        profiles = grid.cell((*name, "profiles"), period) if with_profiles else Cell(None)
        return profiles, *(grid.cell((*name, c), period) for c in CONTACT_COLUMNS)

    rows = [Row(key, label, *cells((dimension, key))) for key, label in keys]
    return Table(dimension, rows, Row("total", _("Gesamt"), *cells(("total",))))


def _funnel(grid: Grid, f: Filters, period: tuple) -> list[Step]:
    matches = grid.cell(("matches",), period)
    proposals, accepted, placements = (grid.cell(("total", c), period) for c in CONTACT_COLUMNS)
    steps = [
        Step("profiles", _("Aktive Profile"), grid.cell(("total", "profiles"), period), None,
             DEFINITIONS["profiles"]),
        Step("open_slots", _("Offene Angebote"), Cell(open_slots_at_end(f)), None, DEFINITIONS["open_slots"]),
        Step("matches", _("Personen mit neuem Vorschlag des Abgleichs"), matches, None, DEFINITIONS["matches"]),
        Step("proposals", _("Personen mit Kontaktanfrage"), proposals, rate(proposals, matches),
             DEFINITIONS["proposals"]),
        Step("accepted", _("Personen mit angenommenem Kontakt"), accepted, rate(accepted, proposals),
             DEFINITIONS["accepted"]),
        Step("placements", _("Personen mit begonnener Vermittlung"), placements, rate(placements, accepted),
             DEFINITIONS["placements"]),
    ]
    for kind in SlotKind:
        name = ("slot_kind", kind.value, "placements")
        steps.append(Step(f"placements_{kind.value}", str(kind.label),
                          grid.cell(name, period) if grid.has(name) else Cell(0), None, DEFINITIONS["kind"]))
    steps.append(Step("placed_elsewhere", _("Vermittelt auf anderem Weg (ohne Kontakt hier)"),
                      grid.cell(("elsewhere",), period), None, DEFINITIONS["elsewhere"]))
    return steps


# -- counts per month of the year ------------------------------------------------------------

def _per_month(query: sa.Select) -> dict[int, int]:
    rows = query.subquery()
    return dict(db.session.execute(sa.select(rows.c.month, sa.func.count()).group_by(rows.c.month)).all())




def _matched_people(year: Filters) -> dict[int, int]:
    """{period index: distinct people with a match first found then}: months, quarters, the year.
    One statement: the people of each month once, then counted by month, quarter and year."""
    per_month = (src.first_matches(year, MatchHistory.candidate_id.label("person"),
                                   month_of(utc_date(MatchHistory.first_found_at)).label("month"))
                 .group_by(sa.literal_column("person"), sa.literal_column("month")).cte("per_month"))
    quarter = sa.literal(12) + (per_month.c.month + 2) / 3
    people = sa.func.count(sa.distinct(per_month.c.person))
    query = sa.union_all(
        sa.select(per_month.c.month, sa.func.count()).group_by(per_month.c.month),
        sa.select(quarter, people).group_by(quarter),
        sa.select(sa.literal(YEAR_INDEX), people),
    )
    return {int(period): n for period, n in db.session.connection().execute(query)}


def open_slots_at_end(f: Filters) -> int:
    """Slots whose status on the period's last day was open (from the history)."""
    return count_in_status("slots", SlotStatus.OPEN.value, f.ends_before, src.open_slots_filtered(f, Slot.id))


# -- one part of the publication ------------------------------------------------------------

def funnel(filters: Filters, *, agency_id: int | None = None) -> list[Step]:
    """Profiles to placements; rates only between shown counts of the contact chain."""
    return publish(filters, agency_id=agency_id).funnel


def breakdown(filters: Filters, dimension: str, *, agency_id: int | None = None) -> Table:
    """One row per value of the dimension (and one for "ohne Angabe"), the total below."""
    if dimension not in DIMENSIONS:
        raise ValueError(f"unknown dimension {dimension!r}")
    return publish(filters, agency_id=agency_id).breakdowns[dimension]


def monthly_trend(filters: Filters, *, agency_id: int | None = None) -> list[TrendPoint]:
    """Proposals (by the month they were made) and placements (by the month they began)."""
    return publish(filters, agency_id=agency_id).trend
