"""The period and the filters an evaluation is asked for, and the scope an agency is held to."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta


@dataclass(frozen=True)
class Filters:
    """A period (a whole month, quarter or year; `end` inclusive) and optional filters: a
    Stadtbezirk (with its Ortsteile), an agency (Beratungsstelle, an organisation id) and an
    employer sector (a Sector value)."""

    start: date
    end: date
    bezirk_id: int | None = None
    agency_id: int | None = None
    sector: str | None = None

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError("the period ends before it starts")
        if self.start.day != 1 or (self.end + timedelta(days=1)).day != 1 or self.start.year != self.end.year \
                or self.span() not in (1, 3, 12) or (self.span() == 3 and self.start.month % 3 != 1) \
                or (self.span() == 12 and self.start.month != 1):
            raise ValueError("a period is a whole month, quarter or year")

    @classmethod
    def month(cls, year: int, month: int, **filters) -> Filters:
        last = calendar.monthrange(year, month)[1]
        return cls(date(year, month, 1), date(year, month, last), **filters)

    @classmethod
    def quarter(cls, year: int, quarter: int, **filters) -> Filters:
        if quarter not in (1, 2, 3, 4):
            raise ValueError("a quarter is 1 to 4")
        first = 3 * quarter - 2
        return cls(date(year, first, 1), cls.month(year, first + 2).end, **filters)

    @classmethod
    def year(cls, year: int, **filters) -> Filters:
        return cls(date(year, 1, 1), date(year, 12, 31), **filters)

    def span(self) -> int:
        """The number of months the period covers."""
        return 12 * (self.end.year - self.start.year) + self.end.month - self.start.month + 1

    @property
    def key(self) -> tuple:
        """("month", m), ("quarter", q) or ("year",): where the period sits in its year."""
        return {1: ("month", self.start.month), 3: ("quarter", (self.start.month + 2) // 3), 12: ("year",)}[self.span()]

    def previous(self) -> Filters:
        """The period before, of the same length, with the same filters (March 2026 -> February,
        Q1 2026 -> Q4 2025, 2026 -> 2025)."""
        end = self.start - timedelta(days=1)
        months = self.span()
        first = date(end.year, end.month - months + 1, 1) if end.month >= months else date(end.year, 1, 1)
        return replace(self, start=first, end=end)

    def whole_year(self) -> Filters:
        """The year this period lies in, with the same filters."""
        return replace(self, start=date(self.start.year, 1, 1), end=date(self.start.year, 12, 31))

    def selection(self) -> tuple[str, int | str] | None:
        """The one filter chosen: ("bezirk", id), ("agency", id) or ("sector", value); None for
        the whole city. More than one at once is refused (ValueError): see `publication`."""
        chosen = [(name, value) for name, value in (("bezirk", self.bezirk_id), ("agency", self.agency_id),
                                                    ("sector", self.sector)) if value is not None]
        if len(chosen) > 1:
            raise ValueError("one filter at a time")
        return chosen[0] if chosen else None

    def city(self) -> Filters:
        """The same period for the whole city."""
        return replace(self, bezirk_id=None, agency_id=None, sector=None)

    def scoped(self, agency_id: int | None) -> Filters:
        """An agency's view: its own id replaces whatever agency filter was asked for."""
        return self if agency_id is None else replace(self, agency_id=agency_id)

    @property
    def starts_at(self) -> datetime:
        return datetime.combine(self.start, time.min, tzinfo=UTC)

    @property
    def ends_before(self) -> datetime:
        """The first instant after the period, for half-open timestamp ranges."""
        return datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=UTC)

    def months(self) -> list[str]:
        """Every month the period touches, as 'YYYY-MM'."""
        found, year, month = [], self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            found.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return found
