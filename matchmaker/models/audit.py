"""The audit log: who did what to which object, and when."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, utcnow
from .users import User

# What people read for an action in a history list; unknown actions show as stored.
ACTION_LABELS = {
    "candidate.create": _l("Profil angelegt (mit Einwilligung)"),
    "candidate.import": _l("Profil importiert (mit Einwilligung)"),
    "candidate.view": _l("Profil angesehen"),
    "candidate.update": _l("Profil geändert"),
    "candidate.pause": _l("pausiert"),
    "candidate.activate": _l("aktiviert"),
    "candidate.placed": _l("als vermittelt markiert"),
    "candidate.withdraw_consent": _l("Einwilligung zurückgezogen, persönliche Angaben gelöscht"),
}


class AuditLog(db.Model):
    __tablename__ = "audit_log"
    __table_args__ = (sa.Index("ix_audit_log_object", "object_type", "object_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    action: Mapped[str] = mapped_column(sa.String(60))
    object_type: Mapped[str] = mapped_column(sa.String(40))
    object_id: Mapped[int | None]
    details: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)

    actor: Mapped[User | None] = relationship()


def record(actor: User | None, action: str, obj: Any, **details: Any) -> AuditLog:
    """Add an audit entry to the current session; the caller's commit makes it stick."""
    entry = AuditLog(
        actor=actor,
        action=action,
        object_type=obj.__tablename__ if obj is not None else "",
        object_id=getattr(obj, "id", None),
        details=details,
    )
    db.session.add(entry)
    return entry
