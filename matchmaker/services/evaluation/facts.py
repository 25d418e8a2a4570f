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
from .breakdown import DIMENSIONS, SLOT_ONLY, norm
from .dialect import month_of, utc_date
from .filters import Filters
from .history import statuses_at

MONTHS = range(1, 13)
PERSON_KEYS = ("age_group", "origin_region", "german_level")
PLACE_KEYS = ("bezirk", "ortsteil", "model_quarter")
COLUMNS = ("proposals", "accepted", "placements")
# Periods of a year as one index: months 1-12, quarters 13-16, the year 17.
YEAR_INDEX = 17


def quarter_index(month: int) -> int:
    return 12 + (month + 2) // 3


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


class Places:
    """Every district's keys in the three place breakdowns."""

    def __init__(self) -> None:
        self.keys: dict[int | None, tuple] = {None: (None, None, None)}
        for did, parent, level, model in db.session.execute(
                sa.select(District.id, District.parent_id, District.level, District.is_model_quarter)):
            self.keys[did] = (parent or did, did if level == DistrictLevel.ORTSTEIL else None, "yes" if model else "no")


class Keys:
    """Row keys as small integers per dimension (None is a key too), for counting in arrays."""

    def __init__(self) -> None:
        self.codes: dict[str, dict] = {d: {} for d in DIMENSIONS}

    def code(self, dimension: str, value) -> int:
        codes = self.codes[dimension]
        found = codes.get(value)
        if found is None:
            found = codes[value] = len(codes)
        return found

    def values(self, dimension: str) -> list:
        return list(self.codes[dimension])


@dataclass
class Year:
    """Everything one year's figures are counted from, within the filters."""

    year: Filters
    keys: Keys
    people: np.ndarray  # candidate ids
    person_keys: dict[str, np.ndarray]  # dimension -> key code per person (not for slot-only dimensions)
    active: np.ndarray  # people x 12: active at the month's end
    events: dict[str, np.ndarray]  # column -> rows (person index, month, key code per dimension...)
    created: np.ndarray  # day each person's profile was created (ordinal)


def load(year: Filters) -> Year:
    places, keys = Places(), Keys()
    people_query = src.profile_rows(year, Candidate.id, Candidate.created_at, Candidate.birth_year,
                                    Candidate.origin_region, Candidate.german_level, src.agency.district_id)
    person_rows = db.session.execute(people_query).all()
    ids = np.array([r[0] for r in person_rows], dtype=np.int64)
    index = {int(pid): n for n, pid in enumerate(ids)}
    person_keys = {d: np.empty(len(ids), dtype=np.int64) for d in DIMENSIONS if d not in SLOT_ONLY}
    for n, (_id, _created, birth, origin, german, home) in enumerate(person_rows):
        for d, value in zip(PLACE_KEYS, places.keys.get(home, places.keys[None]), strict=True):
            person_keys[d][n] = keys.code(d, value)
        person_keys["age_group"][n] = keys.code("age_group", age_group(birth, year.end.year))
        person_keys["origin_region"][n] = keys.code("origin_region", norm(origin))
        person_keys["german_level"][n] = keys.code("german_level", norm(german))
    states = statuses_at("candidates", month_ends(year.start.year), src.profile_rows(year, Candidate.id))
    active = np.zeros((len(ids), 12), dtype=bool)
    for pid, per_month in states.items():
        n = index.get(pid)
        if n is not None:
            active[n] = [s == CandidateStatus.ACTIVE.value for s in per_month]
    created = np.array([r[1].date().toordinal() for r in person_rows], dtype=np.int64)
    return Year(year, keys, ids, person_keys, active, _contact_events(year, places, keys), created)


def _contact_events(year: Filters, places: Places, keys: Keys) -> dict[str, np.ndarray]:
    """Per column: one row per contact event of the year (person, month, then a key code per
    dimension). The person is an index into a year-wide numbering of everyone with an event."""
    query = src.contacts(
        year, Contact.candidate_id, Candidate.birth_year, Candidate.origin_region, Candidate.german_level,
        Slot.district_id, src.employer.sector, Slot.kind,
        sa.case((src.proposed_in(year), month_of(utc_date(Contact.created_at)))),
        sa.case((src.accepted_in(year), month_of(utc_date(Contact.answered_at)))),
        sa.case((src.placed_in(year), month_of(Contact.placed_on))),
    ).where(sa.or_(src.proposed_in(year), src.accepted_in(year), src.placed_in(year)))
    found: dict[str, list] = {c: [] for c in COLUMNS}
    for cid, birth, origin, german, place, sector, kind, *months in db.session.execute(query):
        row_keys = [*(keys.code(d, v) for d, v in zip(PLACE_KEYS, places.keys.get(place, places.keys[None]),
                                                      strict=True)),
                    keys.code("age_group", age_group(birth, year.end.year)),
                    keys.code("origin_region", norm(origin)), keys.code("german_level", norm(german)),
                    keys.code("sector", norm(sector)), keys.code("slot_kind", norm(kind))]
        for column, month in zip(COLUMNS, months, strict=True):
            if month:
                found[column].append((cid, month, *row_keys))
    width = 2 + len(DIMENSIONS)
    return {c: np.array(rows, dtype=np.int64).reshape(-1, width) for c, rows in found.items()}


EVENT_DIMENSIONS = (*PLACE_KEYS, *PERSON_KEYS, "sector", "slot_kind")  # the order of an event row's key codes


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
