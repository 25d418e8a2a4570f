"""The rows a year of figures is counted from, read once: people and their statuses at every
month's end, and the contact events of the year. Counting happens in arrays (`count_people`,
`count_stocks`), so a view costs a few queries, not one per figure.

Row keys: a profile sits in its agency's district (home), a contact in its slot's district
(place); age group, origin region and German level belong to the person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
import sqlalchemy as sa

from ...extensions import db
from ...models import Candidate, CandidateStatus, Contact, District, DistrictLevel, Slot
from . import sources as src
from .breakdown import DIMENSIONS
from .dialect import month_of, utc_date
from .filters import Filters
from .history import statuses_at

MONTHS = range(1, 13)
PERSON_KEYS = ("age_group", "origin_region", "german_level")
PLACE_KEYS = ("bezirk", "ortsteil", "model_quarter")
COLUMNS = ("proposals", "accepted", "placements")
# Periods of a year as one index: months 1-12, quarters 13-16, the year 17.
YEAR_INDEX = 17


def period_of(index: int) -> tuple:
    if index <= 12:
        return ("month", index)
    return ("quarter", index - 12) if index < YEAR_INDEX else ("year",)


def month_ends(year: int) -> list[datetime]:
    """The first instant after each month: a status "as of a month's end" is the one before it."""
    return [datetime(year + (m == 12), m % 12 + 1, 1, tzinfo=UTC) for m in MONTHS]


def age_group(birth_year: int | None, year: int) -> str | None:
    if birth_year is None:
        return None
    age = year - birth_year
    return "u25" if age < 25 else ("25-34" if age < 35 else "35+")


class Keys:
    """Row keys as small integers per dimension (None is a key too), for counting in arrays;
    columns of raw values are coded at once."""

    def __init__(self) -> None:
        self.codes: dict[str, dict] = {d: {} for d in (*DIMENSIONS, "agency")}
        self.places: dict[int | None, tuple[int, int, int]] = {}
        for did, parent, level, model in db.session.connection().execute(
                sa.select(District.id, District.parent_id, sa.type_coerce(District.level, sa.String),
                          District.is_model_quarter)):
            self._place(did, (parent or did, did if level == DistrictLevel.ORTSTEIL.value else None,
                              "yes" if model else "no"))
        self._place(None, (None, None, None))

    def _place(self, district: int | None, values: tuple) -> None:
        self.places[district] = tuple(self.code(d, v) for d, v in zip(PLACE_KEYS, values, strict=True))

    def code(self, dimension: str, value) -> int:
        codes = self.codes[dimension]
        found = codes.get(value)
        if found is None:
            found = codes[value] = len(codes)
        return found

    def column(self, dimension: str, values: list) -> np.ndarray:
        codes = self.codes[dimension]
        return np.fromiter((codes.setdefault(v, len(codes)) for v in values), dtype=np.int64, count=len(values))

    def place_columns(self, districts: list) -> np.ndarray:
        """rows x 3: the codes of each row's district in the three place breakdowns."""
        places = self.places
        return np.array([places.get(d) or places[None] for d in districts], dtype=np.int64).reshape(-1, 3)

    def ages(self, birth_years: list, year: int) -> np.ndarray:
        return self.column("age_group", [None if b is None else age_group(b, year) for b in birth_years])

    def values(self, dimension: str) -> list:
        return list(self.codes[dimension])


def raw(column) -> sa.ColumnElement:
    """The stored text of an enum column: no enum member built per row."""
    return sa.type_coerce(column, sa.String)


def rows_of(query: sa.Select) -> list[tuple]:
    """Plain rows on the session's connection (no ORM loading per row)."""
    return db.session.connection().execute(query).all()


@dataclass
class Year:
    """Everything one year's figures are counted from, within the filters."""

    year: Filters
    keys: Keys
    people: np.ndarray  # candidate ids
    person_keys: dict[str, np.ndarray]  # dimension -> key code per person (not for slot-only dimensions)
    active: np.ndarray  # people x 12: active at the month's end
    events: dict[str, np.ndarray]  # column -> rows (person id, month, key code per dimension...)


def load(year: Filters) -> Year:
    keys = Keys()
    rows = rows_of(src.profile_rows(year, Candidate.id, Candidate.birth_year, raw(Candidate.origin_region),
                                  raw(Candidate.german_level), src.agency.district_id, Candidate.agency_id))
    ids, births, origins, germans, homes, agencies = (list(c) for c in zip(*rows, strict=True)) if rows else ([],) * 6
    places = keys.place_columns(homes)
    person_keys = {d: places[:, n] for n, d in enumerate(PLACE_KEYS)}
    person_keys["age_group"] = keys.ages(births, year.end.year)
    person_keys["origin_region"] = keys.column("origin_region", origins)
    person_keys["german_level"] = keys.column("german_level", germans)
    person_keys["agency"] = keys.column("agency", agencies)
    index = {pid: n for n, pid in enumerate(ids)}
    active = np.zeros((len(ids), 12), dtype=bool)
    states = statuses_at("candidates", month_ends(year.start.year), src.profile_rows(year, Candidate.id))
    want = CandidateStatus.ACTIVE.value
    for pid, per_month in states.items():
        n = index.get(pid)
        if n is not None:
            active[n] = [s == want for s in per_month]
    return Year(year, keys, np.array(ids, dtype=np.int64), person_keys, active, _contact_events(year, keys))


def _contact_events(year: Filters, keys: Keys) -> dict[str, np.ndarray]:
    """Per column: one row per contact event of the year (person id, month, then a key code per
    dimension in EVENT_DIMENSIONS order)."""
    query = src.contacts(
        year, Contact.candidate_id, Candidate.birth_year, raw(Candidate.origin_region), raw(Candidate.german_level),
        Slot.district_id, raw(src.employer.sector), raw(Slot.kind), Candidate.agency_id,
        sa.case((src.proposed_in(year), month_of(utc_date(Contact.created_at))), else_=0),
        sa.case((src.accepted_in(year), month_of(utc_date(Contact.answered_at))), else_=0),
        sa.case((src.placed_in(year), month_of(Contact.placed_on)), else_=0),
    ).where(sa.or_(src.proposed_in(year), src.accepted_in(year), src.placed_in(year)))
    rows = rows_of(query)
    width = 2 + len(EVENT_DIMENSIONS)
    if not rows:
        return {c: np.zeros((0, width), dtype=np.int64) for c in COLUMNS}
    people, births, origins, germans, places, sectors, kinds, agencies, *months = (
        list(c) for c in zip(*rows, strict=True))
    table = np.empty((len(rows), width), dtype=np.int64)
    table[:, 0] = people
    table[:, 2:5] = keys.place_columns(places)
    table[:, 5] = keys.ages(births, year.end.year)
    table[:, 6] = keys.column("origin_region", origins)
    table[:, 7] = keys.column("german_level", germans)
    table[:, 8] = keys.column("sector", sectors)
    table[:, 9] = keys.column("slot_kind", kinds)
    table[:, 10] = keys.column("agency", agencies)
    found = {}
    for column, in_month in zip(COLUMNS, months, strict=True):
        in_month = np.array(in_month, dtype=np.int64)
        happened = table[in_month > 0].copy()
        happened[:, 1] = in_month[in_month > 0]
        found[column] = happened
    return found


# The order of an event row's key codes: the breakdowns', then the person's agency (the agency
# filter's views, `publication`).
EVENT_DIMENSIONS = (*PLACE_KEYS, *PERSON_KEYS, "sector", "slot_kind", "agency")


def count_people(rows: np.ndarray, codes: np.ndarray | None) -> dict[tuple[int, int], int]:
    """{(key code, period index): distinct people} of event rows (person in column 0, month in
    column 1), for every month, quarter and the year; `codes` None counts everyone under key 0."""
    if not len(rows):
        return {}
    people, months = rows[:, 0], rows[:, 1]
    _, person = np.unique(people, return_inverse=True)
    span = int(person.max()) + 1
    key = np.zeros(len(rows), dtype=np.int64) if codes is None else codes
    periods = np.concatenate([months, 12 + (months + 2) // 3, np.full(len(rows), YEAR_INDEX)])
    cells = (np.tile(key, 3) * 18 + periods) * span + np.tile(person, 3)
    groups, counts = np.unique(np.unique(cells) // span, return_counts=True)
    return {(int(g) // 18, int(g) % 18): int(n) for g, n in zip(groups, counts, strict=True)}


def count_stocks(active: np.ndarray, codes: np.ndarray | None, size: int) -> np.ndarray:
    """Active people at each month's end per key code: an array key x 12."""
    key = np.zeros(active.shape[0], dtype=np.int64) if codes is None else codes
    found = np.zeros((max(size, 1), 12), dtype=np.int64)
    for m in range(12):
        found[:, m] = np.bincount(key[active[:, m]], minlength=max(size, 1))
    return found


def event_codes(events: np.ndarray, dimension: str) -> np.ndarray:
    return events[:, 2 + EVENT_DIMENSIONS.index(dimension)]
