"""What the figures look like, the percentiles of time to result, and the employer's summary."""

from __future__ import annotations

from dataclasses import dataclass, replace

import sqlalchemy as sa

from ...extensions import db
from ...models import Candidate, Slot, SlotKind
from . import sources as src
from .cells import Cell
from .dialect import days_between, utc_date
from .filters import Filters


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    value: Cell
    rate_from_previous: float | None = None
    definition: str = ""  # what is counted, in a sentence for the page and the CSV header


@dataclass(frozen=True)
class KindTime:
    """Days from profile creation, per slot kind; medians only where at least five people."""

    kind: SlotKind
    label: str
    accepted: Cell
    accepted_median: int | None
    accepted_p80: int | None
    placed: Cell
    placed_median: int | None
    placed_p80: int | None
    target_days: int
    within_target: Cell
    share_within_target: float | None


@dataclass(frozen=True)
class TrendPoint:
    month: str  # 'YYYY-MM'
    proposals: Cell
    placements: Cell


@dataclass(frozen=True)
class EmployerSummary:
    proposals: Cell
    accepted: Cell
    placements: Cell


def _contact_counts(query: sa.Select, f: Filters) -> tuple[int, int, int]:
    proposed, accepted, placed = src.proposed_in(f), src.accepted_in(f), src.placed_in(f)
    row = db.session.execute(
        query.add_columns(src.count_where(proposed), src.count_where(accepted), src.count_where(placed))
        .where(sa.or_(proposed, accepted, placed))
    ).one()
    return int(row[0]), int(row[1]), int(row[2])


def _rank(pct: int, n) -> sa.ColumnElement[int]:
    """Nearest rank: ceil(pct/100 * n), in integer arithmetic both databases share."""
    return (n * sa.literal_column(str(pct)) + sa.literal_column("99")) // sa.literal_column("100")


def times(f: Filters, first_date, condition) -> dict[SlotKind, tuple[int, int]]:
    """Per kind: (median, 80th percentile) of days from profile to the first event of that
    kind, for people whose first such event falls in the period."""
    per_person = (
        src.contacts(f, Slot.kind.label("kind"), sa.func.min(first_date).label("first"),
                     sa.func.min(utc_date(Candidate.created_at)).label("created"))
        .where(condition).group_by(Candidate.id, Slot.kind).subquery()
    )
    days = (
        sa.select(per_person.c.kind, days_between(per_person.c.first, per_person.c.created).label("days"))
        .where(per_person.c.first.between(f.start, f.end)).subquery()
    )
    n = sa.func.count().over(partition_by=days.c.kind)
    ranked = sa.select(
        days.c.kind, days.c.days, n.label("n"),
        sa.func.row_number().over(partition_by=days.c.kind, order_by=days.c.days).label("rn"),
    ).subquery()
    query = sa.select(
        ranked.c.kind,
        sa.func.min(sa.case((ranked.c.rn == _rank(50, ranked.c.n), ranked.c.days))),
        sa.func.min(sa.case((ranked.c.rn == _rank(80, ranked.c.n), ranked.c.days))),
    ).group_by(ranked.c.kind)
    return {SlotKind(row[0]): (row[1], row[2]) for row in db.session.execute(query)}


def employer_summary(organisation_id: int, filters: Filters) -> EmployerSummary:
    """An employer's own slots in the period; other filters do not apply to this view. Exact,
    not suppressed: these are the employer's own contacts, each on its contact list anyway."""
    f = replace(filters, bezirk_id=None, agency_id=None, sector=None)
    counts = _contact_counts(src.contacts(f).where(Slot.organisation_id == organisation_id), f)
    return EmployerSummary(*(Cell(n) for n in counts))
