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
from datetime import date

import numpy as np
import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ... import jobs
from ...domain import clock
from ...extensions import db
from ...models import Candidate, MatchHistory, Slot, SlotKind, SlotStatus
from . import sources as src
from .breakdown import DIMENSIONS, SLOT_ONLY, Row, Table, ordered
from .cache import cached, current_only
from .cells import Cell, hide, rate, shown
from .cohorts import CohortTable, cohorts
from .dialect import month_of, utc_date
from .facts import COLUMNS as CONTACT_COLUMNS
from .facts import (
    MONTHS,
    YEAR_INDEX,
    Keys,
    Year,
    count_people,
    count_stocks,
    event_codes,
    load,
    period_of,
    rows_of,
)
from .figures import Step, TrendPoint
from .filters import Filters
from .history import count_in_status
from .survival import Group, Survival, followed, time_to_placement, year_sizes

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
    """Everything shown for one period; computed once per data version (`cache`).

    An agency's own view (`agency_id`) is its own system: every cell counts the agency's own
    people, and the agency sees no other view. A coordinator sees the whole city and one filter
    at a time (ValueError for more): each filtered view is read from the city's system
    (`_Figures.view`), totals only."""
    def recount() -> None:  # with Redis: `flask worker` counts anew what this view shows
        view = ":".join(str(part) for part in (filters.start, filters.end, filters.bezirk_id, filters.agency_id,
                                                 filters.sector, agency_id))  # one waiting recount per view
        jobs.enqueue("evaluation", filters, agency_id, key=f"evaluation:{view}")

    if agency_id is not None:
        f = filters.scoped(agency_id)
        return cached(("own", f), lambda: _Figures(f).publication, recount)
    selection = filters.selection()
    city = cached(("city", filters.city()), lambda: _Figures(filters.city(), families=True), recount)
    if selection is None:
        return city.publication
    return cached(("view", filters), lambda: city.view(filters, *selection), recount)


def recount(filters: Filters, agency_id: int | None) -> None:
    """The recount job: what `publish(filters, agency_id=…)` shows, counted at the current data
    version and shared through Redis (`cache.current_only`)."""
    with current_only():
        publish(filters, agency_id=agency_id)


def warm(today: date) -> None:
    """Count what a coordinator sees on opening the dashboard (the whole city this year, beside
    the year before), so that with Redis no web worker counts it on a first view (`flask worker`
    does this when it starts)."""
    current = Filters.year(today.year)
    publish(current)
    publish(current.previous())


class _Figures:
    """The figures of one period: the grid of its whole year, suppressed as one system, and the
    people followed for the times to placement and the cohorts.

    With `families`, the city's system also holds what the filtered views show: per Stadtbezirk,
    per agency and per sector, the totals of the contact chain, profiles and placements
    elsewhere, with every sum they obey (the agencies of a Stadtbezirk add up to its profiles;
    the Stadtbezirke, agencies and sectors each add up to the city). A view's total that the
    city's breakdown shows is the same cell (Stadtbezirk X's proposals are the city's row X), so
    a view cannot show what the city hides, nor the other way round. A view leaves out the
    matcher's proposals (counted per Stadtbezirk, agency and sector they cost more than the rest
    of the year together) and breakdowns: placements by kind and the tables inside a view would
    be cells of a further system per pair of filters, two-way tables whose margins are the
    city's. A filtered view shows totals only."""

    def __init__(self, f: Filters, families: bool = False) -> None:
        year = f.whole_year()
        facts = load(year)
        grid = Grid()
        for column in CONTACT_COLUMNS:
            grid.people(("total", column), _per_key(count_people(facts.events[column], None)).get(0, {}))
        grid.stock(("total", "profiles"),
                   dict(zip(MONTHS, count_stocks(facts.active, None, 1)[0].tolist(), strict=True)))
        rows = {dimension: _add_breakdown(grid, facts, dimension) for dimension in DIMENSIONS}
        grid.people(("matches",), _matched_people(year))
        elsewhere = _elsewhere_rows(year, facts.keys)
        grid.flow(("elsewhere",), _flows(elsewhere, None).get(0, {}))
        if families:
            _add_families(grid, facts, elsewhere)
        extra = ("agency",) if families else ()
        today = clock.today()
        people = followed(f, today)
        sizes = year_sizes(f, today, extra, people)
        self.grid = grid
        self.survival = time_to_placement(f, people=people, extra=extra, sizes=sizes)
        self.cohorts = cohorts(f, people=people, extra=extra, sizes=sizes)
        names = _names(None)
        self.publication = Publication(
            funnel=_funnel(grid, f, names),
            survival=[table for table in self.survival if table.dimension not in extra],
            cohorts=[table for table in self.cohorts if table.dimension not in extra],
            breakdowns={d: _table(grid, d, keys, f.key) for d, keys in rows.items()},
            trend=_trend(grid, f, names),
        )

    def view(self, filters: Filters, family: str, value) -> Publication:
        """One filter's view, read from this (the city's) system."""
        names = _names((family, value))
        return Publication(funnel=_funnel(self.grid, filters, names), survival=self._survival(family, value),
                           cohorts=self._cohorts(family, value), breakdowns={}, trend=_trend(self.grid, filters, names))

    def _survival(self, family: str, value) -> list[Survival]:
        """The view's one curve: its group in the city's breakdown (sectors: everyone, as people
        have no sector), withheld exactly as there."""
        table = next(t for t in self.survival if t.dimension == ("age_group" if family == "sector" else family))
        group = table.total if family == "sector" else next(
            (g for g in table.groups if g.key == value), Group(value, "", 0, "0"))
        return [Survival("selection", str(_l("in der gewählten Auswahl")), table.size_label, [group], group)]

    def _cohorts(self, family: str, value) -> list[CohortTable]:
        if family == "sector":
            return [t for t in self.cohorts if t.dimension is None]
        table = next(t for t in self.cohorts if t.dimension == family)
        return [CohortTable(None, str(_l("in der gewählten Auswahl")), [r for r in table.rows if r.key == value])]


def _names(selection: tuple[str, int | str] | None) -> dict:
    """The grid's names of what the funnel and trend show, for the city or one filter's view."""
    if selection is None:
        return {"profiles": ("total", "profiles"), "matches": ("matches",), "elsewhere": ("elsewhere",),
                **{c: ("total", c) for c in CONTACT_COLUMNS}, "kinds": True}
    family, value = selection
    own = (family, value)
    everyone = family == "sector"  # a sector narrows slots: profiles and placements elsewhere are the city's
    return {"profiles": ("total", "profiles") if everyone else (*own, "profiles"), "matches": None,
            "elsewhere": ("elsewhere",) if everyone else (*own, "elsewhere"),
            **{c: (*own, c) for c in CONTACT_COLUMNS}, "kinds": False}


def _cell(grid: Grid, name: tuple, period: tuple) -> Cell:
    """A cell of the grid; a name never counted (nobody in that view all year) is a true 0."""
    return grid.cell(name, period) if grid.has(name) else Cell(0)


def _per_key(counts: Mapping[tuple[int, int], int]) -> dict[int, dict[int, int]]:
    """{(key code, period index): n} as {key code: {period index: n}}."""
    found: dict[int, dict[int, int]] = defaultdict(dict)
    for (code, period), n in counts.items():
        found[code][period] = n
    return found


def _flows(rows: np.ndarray, codes: np.ndarray | None) -> dict[int, dict[int, int]]:
    """{key code: {month: rows}} of rows with the month in column 1 (each row one event)."""
    key = np.zeros(len(rows), dtype=np.int64) if codes is None else codes
    found: dict[int, dict[int, int]] = defaultdict(dict)
    if len(rows):
        cells, counts = np.unique(key * 13 + rows[:, 1], return_counts=True)
        for cell, n in zip(cells.tolist(), counts.tolist(), strict=True):
            found[cell // 13][cell % 13] = n
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


def _add_families(grid: Grid, facts: Year, elsewhere: np.ndarray) -> None:
    """The cells of every filtered view that the city's breakdowns do not hold already, and the
    sums that tie them to the city. A sum treated as exact where people can count twice (one
    person matched in two Stadtbezirke) hides more, never less."""
    # Agencies: their contact chain and profiles (the Stadtbezirke's and sectors' are the city's rows).
    agencies = facts.keys.values("agency")
    for column in CONTACT_COLUMNS:
        flows = _per_key(count_people(facts.events[column], event_codes(facts.events[column], "agency")))
        grid.sums(("total", column), [_register(grid.people, ("agency", a, column), flows, code)
                                      for code, a in enumerate(agencies)])
    person_agency = facts.person_keys["agency"]
    stocks = count_stocks(facts.active, person_agency, len(agencies))
    parts = []
    for code, a in enumerate(agencies):
        parts.append(("agency", a, "profiles"))
        grid.stock(parts[-1], dict(zip(MONTHS, stocks[code].tolist(), strict=True)))
    grid.sums(("total", "profiles"), parts)
    # An agency's profiles sit in its district: the agencies of a place add up to the place's row.
    for dimension in ("bezirk", "ortsteil", "model_quarter"):
        places = facts.keys.values(dimension)
        home: dict = defaultdict(set)
        for agency_code, place_code in zip(person_agency.tolist(), facts.person_keys[dimension].tolist(),
                                           strict=True):
            home[places[place_code]].add(agencies[agency_code])
        for place, members in home.items():
            if grid.has((dimension, place, "profiles")):
                grid.sums((dimension, place, "profiles"), [("agency", a, "profiles") for a in sorted(members)])
    # Placements elsewhere by the profile's Stadtbezirk and agency (a sector does not narrow them).
    for family in ("bezirk", "agency"):
        values = facts.keys.values(family)
        flows = _flows(elsewhere, elsewhere[:, 2 + ("bezirk", "agency").index(family)])
        grid.sums(("elsewhere",), [_register(grid.flow, (family, v, "elsewhere"), flows, code)
                                   for code, v in enumerate(values)])
    bezirke = facts.keys.values("bezirk")
    in_bezirk: dict = defaultdict(set)
    for agency_code, bezirk_code in zip(elsewhere[:, 3].tolist(), elsewhere[:, 2].tolist(), strict=True):
        in_bezirk[bezirke[bezirk_code]].add(agencies[agency_code])
    for bezirk, members in in_bezirk.items():
        grid.sums(("bezirk", bezirk, "elsewhere"), [("agency", a, "elsewhere") for a in sorted(members)])


def _register(add, name: tuple, counts: Mapping, code) -> tuple:
    add(name, counts.get(code, {}))
    return name


def _table(grid: Grid, dimension: str, keys: list[tuple], period: tuple) -> Table:
    with_profiles = dimension not in SLOT_ONLY

    def cells(name):
        profiles = grid.cell((*name, "profiles"), period) if with_profiles else Cell(None)
        return profiles, *(grid.cell((*name, c), period) for c in CONTACT_COLUMNS)

    rows = [Row(key, label, *cells((dimension, key))) for key, label in keys]
    return Table(dimension, rows, Row("total", _("Gesamt"), *cells(("total",))))


def _trend(grid: Grid, f: Filters, names: dict) -> list[TrendPoint]:
    return [TrendPoint(f"{f.start.year:04d}-{m:02d}", _cell(grid, names["proposals"], ("month", m)),
                       _cell(grid, names["placements"], ("month", m)))
            for m in range(f.start.month, f.end.month + 1)]


def _funnel(grid: Grid, f: Filters, names: dict) -> list[Step]:
    period = f.key
    matches = _cell(grid, names["matches"], period) if names["matches"] else Cell(None)
    proposals, accepted, placements = (_cell(grid, names[c], period) for c in CONTACT_COLUMNS)
    steps = [
        Step("profiles", _("Aktive Profile"), _cell(grid, names["profiles"], period), None,
             DEFINITIONS["profiles"]),
        Step("open_slots", _("Offene Angebote"), Cell(open_slots_at_end(f)), None, DEFINITIONS["open_slots"]),
        *([Step("matches", _("Personen mit neuem Vorschlag des Abgleichs"), matches, None, DEFINITIONS["matches"])]
          if names["matches"] else []),
        Step("proposals", _("Personen mit Kontaktanfrage"), proposals, rate(proposals, matches),
             DEFINITIONS["proposals"]),
        Step("accepted", _("Personen mit angenommenem Kontakt"), accepted, rate(accepted, proposals),
             DEFINITIONS["accepted"]),
        Step("placements", _("Personen mit begonnener Vermittlung"), placements, rate(placements, accepted),
             DEFINITIONS["placements"]),
    ]
    for kind in SlotKind if names["kinds"] else ():
        steps.append(Step(f"placements_{kind.value}", str(kind.label),
                          _cell(grid, ("slot_kind", kind.value, "placements"), period), None, DEFINITIONS["kind"]))
    steps.append(Step("placed_elsewhere", _("Vermittelt auf anderem Weg (ohne Kontakt hier)"),
                      _cell(grid, names["elsewhere"], period), None, DEFINITIONS["elsewhere"]))
    return steps


# -- rows counted in arrays ----------------------------------------------------------------------

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


def _elsewhere_rows(year: Filters, keys: Keys) -> np.ndarray:
    """One row per person placed elsewhere in the year: (person, month, Stadtbezirk and agency codes)."""
    rows = rows_of(src.placed_elsewhere(year, Candidate.id, month_of(Candidate.placed_on),
                                        src.bezirk_of(src.home), Candidate.agency_id))
    table = np.zeros((len(rows), 4), dtype=np.int64)
    if rows:
        people, months, bezirke, agencies = (list(c) for c in zip(*rows, strict=True))
        table[:, 0], table[:, 1] = people, months
        table[:, 2] = keys.column("bezirk", bezirke)
        table[:, 3] = keys.column("agency", agencies)
    return table


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
