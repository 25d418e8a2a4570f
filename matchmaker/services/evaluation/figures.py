"""The funnel, time to result per slot kind, the monthly trend and the employer's summary."""

from __future__ import annotations

from dataclasses import dataclass, replace

import sqlalchemy as sa
from flask_babel import gettext as _

from ...domain.contacts import was_accepted_sql
from ...extensions import db
from ...models import Candidate, Contact, Slot, SlotKind, target_days
from . import sources as src
from .cells import Cell, cell, rate, suppress
from .dialect import days_between, utc_date, year_month
from .filters import Filters


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    value: Cell
    rate_from_previous: float | None = None


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


def funnel(filters: Filters, *, agency_id: int | None = None) -> list[Step]:
    """Profiles to placements; rates only between shown counts of the contact chain."""
    f = filters.scoped(agency_id)
    n_profiles = db.session.scalar(src.profiles(f, sa.func.count()))
    n_slots, n_positions = db.session.execute(
        src.open_slots(f, sa.func.count(), sa.func.coalesce(sa.func.sum(Slot.open_positions), 0))
    ).one()
    n_matches = db.session.scalar(src.matches(f, sa.func.count()))
    proposals, accepted, placements = (cell(n) for n in _contact_counts(src.contacts(f), f))
    matches = cell(n_matches)
    steps = [
        Step("profiles", _("Aktive Profile"), cell(n_profiles)),
        Step("open_slots", _("Offene Angebote"), Cell(n_slots)),
        Step("open_positions", _("Offene Plätze"), Cell(int(n_positions))),
        Step("matches", _("Vorschläge des Abgleichs"), matches),
        Step("proposals", _("Kontaktanfragen"), proposals, rate(proposals, matches)),
        Step("accepted", _("Angenommene Kontakte"), accepted, rate(accepted, proposals)),
        Step("placements", _("Begonnene Vermittlungen"), placements, rate(placements, accepted)),
    ]
    by_kind = dict(db.session.execute(
        src.contacts(f, Slot.kind, sa.func.count()).where(src.placed_in(f)).group_by(Slot.kind)
    ).all())
    body, _totals, _rows = suppress([[by_kind.get(kind, 0)] for kind in SlotKind])
    steps += [Step(f"placements_{kind.value}", str(kind.label), row[0])
              for kind, row in zip(SlotKind, body, strict=True)]
    elsewhere = db.session.scalar(src.placed_elsewhere(f, sa.func.count()))
    steps.append(Step("placed_elsewhere", _("Vermittelt auf anderem Weg (ohne Kontakt hier)"), cell(elsewhere)))
    return steps


def _rank(pct: int, n) -> sa.ColumnElement[int]:
    """Nearest rank: ceil(pct/100 * n), in integer arithmetic both databases share."""
    return (n * sa.literal_column(str(pct)) + sa.literal_column("99")) // sa.literal_column("100")


def _times(f: Filters, first_date, condition, targets: dict[SlotKind, int] | None) -> dict:
    """Per kind: (n, median, p80, within target) of days from profile to the first event
    of that kind, for people whose first such event falls in the period."""
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
    target = sa.case(*((ranked.c.kind == k, d) for k, d in (targets or {}).items()), else_=None)
    query = sa.select(
        ranked.c.kind, sa.func.max(ranked.c.n),
        sa.func.min(sa.case((ranked.c.rn == _rank(50, ranked.c.n), ranked.c.days))),
        sa.func.min(sa.case((ranked.c.rn == _rank(80, ranked.c.n), ranked.c.days))),
        src.count_where(ranked.c.days <= target) if targets else sa.literal_column("0"),
    ).group_by(ranked.c.kind)
    return {SlotKind(row[0]): tuple(row[1:]) for row in db.session.execute(query)}


def time_to_result(filters: Filters, *, agency_id: int | None = None) -> list[KindTime]:
    """Median and 80th percentile of days to the first accepted contact and to the first
    started placement, per slot kind, with the share of placements within the target."""
    f = filters.scoped(agency_id)
    targets = target_days()
    accepted = _times(f, utc_date(Contact.answered_at), was_accepted_sql(), None)
    placed = _times(f, Contact.placed_on, Contact.placed_on.is_not(None), targets)
    found = []
    for kind in SlotKind:
        a_n, a_med, a_p80, _within = accepted.get(kind, (0, None, None, 0))
        p_n, p_med, p_p80, within = placed.get(kind, (0, None, None, 0))
        (inside, _outside), (p_cell,), _rows = suppress([[int(within)], [p_n - int(within)]])
        inside = inside[0]
        found.append(KindTime(
            kind, str(kind.label), cell(a_n), *_shown(a_n, a_med, a_p80),
            p_cell, *_shown(p_n, p_med, p_p80), targets[kind], inside, rate(inside, p_cell),
        ))
    return found


def _shown(n: int, median, p80) -> tuple[int | None, int | None]:
    """A percentile of fewer than five people is close to one person's own story."""
    return (median, p80) if n >= 5 else (None, None)


def monthly_trend(filters: Filters, *, agency_id: int | None = None) -> list[TrendPoint]:
    """Proposals (by the month they were made) and placements (by the month they began)."""
    f = filters.scoped(agency_id)
    proposals = _per_month(src.contacts(f, year_month(utc_date(Contact.created_at)).label("month"))
                           .where(src.proposed_in(f)))
    placements = _per_month(src.contacts(f, year_month(Contact.placed_on).label("month"))
                            .where(src.placed_in(f)))
    months = f.months()
    body, _totals, _rows = suppress([[proposals.get(m, 0), placements.get(m, 0)] for m in months])
    return [TrendPoint(m, row[0], row[1]) for m, row in zip(months, body, strict=True)]


def _per_month(query: sa.Select) -> dict[str, int]:
    # Grouped outside a subquery, so PostgreSQL never compares two bound copies of the key.
    rows = query.subquery()
    return dict(db.session.execute(sa.select(rows.c.month, sa.func.count()).group_by(rows.c.month)).all())


def employer_summary(organisation_id: int, filters: Filters) -> EmployerSummary:
    """An employer's own slots in the period; other filters do not apply to this view."""
    f = replace(filters, bezirk_id=None, agency_id=None, sector=None)
    counts = _contact_counts(src.contacts(f).where(Slot.organisation_id == organisation_id), f)
    return EmployerSummary(*(cell(n) for n in counts))
