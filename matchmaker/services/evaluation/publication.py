"""Every figure of one filter set, for all months, quarters and the year, suppressed as one.

Periods nest: a quarter is the sum of its months, the year the sum of its quarters. Suppressed
one period at a time, a hidden month could be recovered as its quarter minus the other two
months. So the figures of every month, every quarter and the year (same filters, same scope)
are counted together and suppressed as one system of sums (`cells.hide`):
- within each period, every breakdown's rows sum to the total that the funnel and trend show,
  and time to result splits placements into within and outside the target;
- along time, each count (a flow: proposals, acceptances, placements, matches, first events)
  has its quarters summed from its months and the year from its quarters and from its months.
Counts of active profiles are stocks (as of the period's end): a quarter and the year read the
figure of their last month, so the same figure is one cell wherever it appears.

No sum keeps exactly one hidden member, and any view of one period only reads cells of this
one system, so what one period hides, the figures of the other periods do not give away.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, replace

import sqlalchemy as sa
from flask_babel import gettext as _

from ...domain.contacts import was_accepted_sql
from ...extensions import db
from ...models import Candidate, Contact, Slot, SlotKind, target_days
from . import sources as src
from .breakdown import DIMENSIONS, SLOT_ONLY, Row, Table, keys_of, norm, ordered
from .cells import Cell, hide, rate, shown
from .dialect import days_between, month_of, utc_date
from .figures import KindTime, Step, TrendPoint, times
from .filters import Filters

MONTHS = range(1, 13)
QUARTERS = {q: (3 * q - 2, 3 * q - 1, 3 * q) for q in range(1, 5)}
PERIODS = [("month", m) for m in MONTHS] + [("quarter", q) for q in QUARTERS] + [("year",)]
CONTACT_COLUMNS = ("proposals", "accepted", "placements")


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
            self.relations.append(((name, ("quarter", q)), [(name, ("month", m)) for m in months]))
        self.values[name, ("year",)] = sum(per_month.get(m, 0) for m in MONTHS)
        self.relations.append(((name, ("year",)), [(name, ("quarter", q)) for q in QUARTERS]))
        self.relations.append(((name, ("year",)), [(name, ("month", m)) for m in MONTHS]))

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
    times: list[KindTime]
    breakdowns: dict[str, Table]
    trend: list[TrendPoint]


def publish(filters: Filters, *, agency_id: int | None = None) -> Publication:
    f = filters.scoped(agency_id)
    year = f.whole_year()
    grid = Grid()
    rows = {dimension: _add_breakdown(grid, year, dimension) for dimension in DIMENSIONS}
    for column in (*CONTACT_COLUMNS, "profiles"):
        if not grid.has(("total", column)):  # nothing at all in this year and scope
            (grid.stock if column == "profiles" else grid.flow)(("total", column), {})
    grid.flow(("matches",), _matches_per_month(year))
    grid.flow(("elsewhere",), _per_month(src.placed_elsewhere(year, month_of(Candidate.placed_on).label("month"))))
    targets = target_days()
    _add_first_events(grid, year, "accepted", utc_date(Contact.answered_at), was_accepted_sql(), None)
    _add_first_events(grid, year, "placed", Contact.placed_on, Contact.placed_on.is_not(None), targets)
    for kind in SlotKind:
        grid.sums(("time", kind, "placed"), [("time", kind, "within"), ("time", kind, "outside")])
    period = f.key
    return Publication(
        funnel=_funnel(grid, f, period),
        times=_times(grid, f, period, targets),
        breakdowns={d: _table(grid, d, keys, period) for d, keys in rows.items()},
        trend=[TrendPoint(f"{f.start.year:04d}-{m:02d}", grid.cell(("total", "proposals"), ("month", m)),
                          grid.cell(("total", "placements"), ("month", m)))
               for m in range(f.start.month, f.end.month + 1)],
    )


def _add_breakdown(grid: Grid, year: Filters, dimension: str) -> list[tuple]:
    """Registers one breakdown's rows and their sums; returns its rows as (key, label)."""
    person_key, contact_key = keys_of(dimension, year)
    stocks = _profile_stocks(year, person_key) if person_key is not None else {}
    flows = _contact_flows(year, contact_key)
    keys = ordered(dimension, set(stocks) | {key for key, _column in flows})
    columns = (*CONTACT_COLUMNS, *(("profiles",) if person_key is not None else ()))
    for column in columns:
        parts = [(dimension, key, column) for key, _label in keys]
        for (key, _label), part in zip(keys, parts, strict=True):
            if column == "profiles":
                grid.stock(part, stocks.get(key, {}))
            else:
                grid.flow(part, flows.get((key, column), {}))
        if not grid.has(("total", column)):
            totals = defaultdict(int)
            for part in parts:
                for m in MONTHS:
                    totals[m] += grid.values[part, ("month", m)]
            (grid.stock if column == "profiles" else grid.flow)(("total", column), totals)
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
    n_slots, n_positions = db.session.execute(
        src.open_slots(f, sa.func.count(), sa.func.coalesce(sa.func.sum(Slot.open_positions), 0))
    ).one()
    matches = grid.cell(("matches",), period)
    proposals, accepted, placements = (grid.cell(("total", c), period) for c in CONTACT_COLUMNS)
    steps = [
        Step("profiles", _("Aktive Profile"), grid.cell(("total", "profiles"), period)),
        Step("open_slots", _("Offene Angebote"), Cell(n_slots)),
        Step("open_positions", _("Offene Plätze"), Cell(int(n_positions))),
        Step("matches", _("Vorschläge des Abgleichs"), matches),
        Step("proposals", _("Kontaktanfragen"), proposals, rate(proposals, matches)),
        Step("accepted", _("Angenommene Kontakte"), accepted, rate(accepted, proposals)),
        Step("placements", _("Begonnene Vermittlungen"), placements, rate(placements, accepted)),
    ]
    for kind in SlotKind:
        name = ("slot_kind", kind.value, "placements")
        steps.append(Step(f"placements_{kind.value}", str(kind.label),
                          grid.cell(name, period) if grid.has(name) else Cell(0)))
    steps.append(Step("placed_elsewhere", _("Vermittelt auf anderem Weg (ohne Kontakt hier)"),
                      grid.cell(("elsewhere",), period)))
    return steps


def _times(grid: Grid, f: Filters, period: tuple, targets: dict[SlotKind, int]) -> list[KindTime]:
    accepted = times(f, utc_date(Contact.answered_at), was_accepted_sql())
    placed = times(f, Contact.placed_on, Contact.placed_on.is_not(None))
    found = []
    for kind in SlotKind:
        a_cell, p_cell, inside = (grid.cell(("time", kind, m), period) for m in ("accepted", "placed", "within"))
        found.append(KindTime(
            kind, str(kind.label), a_cell, *_percentiles(a_cell, accepted.get(kind)),
            p_cell, *_percentiles(p_cell, placed.get(kind)), targets[kind], inside, rate(inside, p_cell),
        ))
    return found


def _percentiles(count: Cell, found) -> tuple[int | None, int | None]:
    """A percentile of fewer than five people is close to one person's own story."""
    if found is None or count.value is None or count.value < 5:
        return None, None
    return found


# -- counts per month of the year ------------------------------------------------------------

def _per_month(query: sa.Select) -> dict[int, int]:
    rows = query.subquery()
    return dict(db.session.execute(sa.select(rows.c.month, sa.func.count()).group_by(rows.c.month)).all())


def _matches_per_month(year: Filters) -> dict[int, int]:
    """Matches are the largest table: twelve counts on the created_at index beat reading
    every row's date."""
    months = [replace(year, start=m.start, end=m.end) for m in (Filters.month(year.start.year, n) for n in MONTHS)]
    counts = db.session.execute(sa.select(*(src.matches(m, sa.func.count()).scalar_subquery() for m in months)))
    return dict(zip(MONTHS, counts.one(), strict=True))


def _contact_flows(year: Filters, key) -> dict[tuple, dict[int, int]]:
    """{(row key, column): {month: contacts}}: proposals by the month they were made,
    acceptances by the month of the answer, placements by the month they began. Grouped by
    the three months at once: one scan, a few thousand groups at most, summed up here."""
    rows = src.contacts(
        year, key.label("key"),
        sa.case((src.proposed_in(year), month_of(utc_date(Contact.created_at)))).label("proposals"),
        sa.case((src.accepted_in(year), month_of(utc_date(Contact.answered_at)))).label("accepted"),
        sa.case((src.placed_in(year), month_of(Contact.placed_on))).label("placements"),
    ).where(sa.or_(src.proposed_in(year), src.accepted_in(year), src.placed_in(year))).subquery()
    months = [rows.c[column] for column in CONTACT_COLUMNS]
    found: dict[tuple, dict[int, int]] = defaultdict(lambda: dict.fromkeys(MONTHS, 0))
    for key, *in_month, n in db.session.execute(
            sa.select(rows.c.key, *months, sa.func.count()).group_by(rows.c.key, *months)):
        for column, month in zip(CONTACT_COLUMNS, in_month, strict=True):
            if month:
                found[norm(key), column][month] += n
    return found


def _profile_stocks(year: Filters, key) -> dict:
    """{row key: {month: active profiles at the month's end}}."""
    created = sa.case((Candidate.created_at < year.starts_at, 1),
                      else_=month_of(utc_date(Candidate.created_at))).label("month")
    rows = src.profiles(year, key.label("key"), created).subquery()
    stocks: dict = defaultdict(lambda: dict.fromkeys(MONTHS, 0))
    for key_value, first, n in db.session.execute(
            sa.select(rows.c.key, rows.c.month, sa.func.count()).group_by(rows.c.key, rows.c.month)):
        per_month = stocks[norm(key_value)]
        for m in range(first, 13):
            per_month[m] += n
    return stocks


def _add_first_events(grid: Grid, year: Filters, measure: str, first_date, condition,
                      targets: dict[SlotKind, int] | None) -> None:
    """Per slot kind and month: people whose first such event of that kind falls in the month
    (and, with targets, how many of them within the kind's target days)."""
    per_person = (
        src.contacts(year, Slot.kind.label("kind"), sa.func.min(first_date).label("first"),
                     sa.func.min(utc_date(Candidate.created_at)).label("created"))
        .where(condition).group_by(Candidate.id, Slot.kind).subquery()
    )
    days = days_between(per_person.c.first, per_person.c.created)
    target = sa.case(*((per_person.c.kind == k, d) for k, d in (targets or {}).items()), else_=None)
    month = month_of(per_person.c.first)
    query = (sa.select(per_person.c.kind, month, sa.func.count(),
                       src.count_where(days <= target) if targets else sa.literal_column("0"))
             .where(per_person.c.first.between(year.start, year.end)).group_by(per_person.c.kind, month))
    found: dict = defaultdict(dict)
    for kind, m, n, within in db.session.execute(query):
        found[SlotKind(kind), "all"][m] = n
        found[SlotKind(kind), "within"][m] = int(within)
    for kind in SlotKind:
        everyone = found.get((kind, "all"), {})
        grid.flow(("time", kind, measure), everyone)
        if targets:
            within = found.get((kind, "within"), {})
            grid.flow(("time", kind, "within"), within)
            grid.flow(("time", kind, "outside"), {m: n - within.get(m, 0) for m, n in everyone.items()})


# -- one part of the publication ------------------------------------------------------------

def funnel(filters: Filters, *, agency_id: int | None = None) -> list[Step]:
    """Profiles to placements; rates only between shown counts of the contact chain."""
    return publish(filters, agency_id=agency_id).funnel


def time_to_result(filters: Filters, *, agency_id: int | None = None) -> list[KindTime]:
    """Per slot kind: people with a first accepted contact and a first placement in the period,
    the median and 80th percentile of days, and the share placed within the target."""
    return publish(filters, agency_id=agency_id).times


def breakdown(filters: Filters, dimension: str, *, agency_id: int | None = None) -> Table:
    """One row per value of the dimension (and one for "ohne Angabe"), the total below."""
    if dimension not in DIMENSIONS:
        raise ValueError(f"unknown dimension {dimension!r}")
    return publish(filters, agency_id=agency_id).breakdowns[dimension]


def monthly_trend(filters: Filters, *, agency_id: int | None = None) -> list[TrendPoint]:
    """Proposals (by the month they were made) and placements (by the month they began)."""
    return publish(filters, agency_id=agency_id).trend
