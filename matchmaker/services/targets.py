"""Coordinators set realistic time targets per slot kind."""

from __future__ import annotations

from ..extensions import db
from ..models import SlotKind, Target, User, utcnow
from ..models.audit import AuditAction, record


def save_targets(actor: User, days_by_kind: dict[SlotKind, int]) -> None:
    for kind, days in days_by_kind.items():
        target = db.session.get(Target, kind) or Target(kind=kind, days=days)
        target.days, target.updated_at, target.updated_by_id = days, utcnow(), actor.id
        db.session.add(target)
    record(actor, AuditAction.TARGETS_UPDATE, None, **{kind.value: days for kind, days in days_by_kind.items()})
