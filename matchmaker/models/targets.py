"""Time targets per slot kind, set by coordinators: days from profile to a started placement."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import UTCDateTime, enum_column, utcnow
from .enums import SlotKind

# Realistic defaults from the source statement's call for achievable targets.
DEFAULT_TARGET_DAYS = {
    SlotKind.PRAKTIKUM: 30,
    SlotKind.EQ: 90,
    SlotKind.AUSBILDUNG: 180,
    SlotKind.TEILZEITAUSBILDUNG: 180,
    SlotKind.HELFER: 120,
    SlotKind.FACHKRAFT: 120,
}


class Target(db.Model):
    __tablename__ = "targets"
    __table_args__ = (sa.CheckConstraint("days BETWEEN 1 AND 1000", name="days_range"),)

    kind: Mapped[SlotKind] = mapped_column(enum_column(SlotKind), primary_key=True)
    days: Mapped[int]
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))


def target_days() -> dict[SlotKind, int]:
    """The targets in force: the coordinator's where set, the defaults elsewhere."""
    found = dict(DEFAULT_TARGET_DAYS)
    for kind, days in db.session.execute(sa.select(Target.kind, Target.days)):
        found[kind] = days
    return found
