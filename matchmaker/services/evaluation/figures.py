"""What the figures look like, and the employer's summary."""

from __future__ import annotations

from dataclasses import dataclass, replace

import sqlalchemy as sa

from ...extensions import db
from ...models import Slot
from . import sources as src
from .cells import Cell
from .filters import Filters


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    value: Cell
    rate_from_previous: float | None = None
    definition: str = ""  # what is counted, in a sentence for the page and the CSV header


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


def employer_summary(organisation_id: int, filters: Filters) -> EmployerSummary:
    """An employer's own slots in the period; other filters do not apply to this view. Exact,
    not suppressed: these are the employer's own contacts, each on its contact list anyway."""
    f = replace(filters, bezirk_id=None, agency_id=None, sector=None)
    counts = _contact_counts(src.contacts(f).where(Slot.organisation_id == organisation_id), f)
    return EmployerSummary(*(Cell(n) for n in counts))
