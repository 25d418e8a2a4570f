"""The audit log: who did what to which object, and when."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask import g, has_request_context
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..translations import lazy_gettext as _l
from .base import LabelledEnum, UTCDateTime, utcnow
from .users import User


class AuditAction(LabelledEnum):
    """Every action the audit log knows, with what people read for it in a history list."""

    CANDIDATE_CREATE = "candidate.create", _l("Profil angelegt (mit Einwilligung)")
    CANDIDATE_IMPORT = "candidate.import", _l("Profil importiert (mit Einwilligung)")
    CANDIDATE_VIEW = "candidate.view", _l("Profil angesehen")
    CANDIDATE_LIST = "candidate.list", _l("in einer Profilliste angezeigt")
    CANDIDATE_UPDATE = "candidate.update", _l("Profil geändert")
    CANDIDATE_PAUSE = "candidate.pause", _l("pausiert")
    CANDIDATE_ACTIVATE = "candidate.activate", _l("aktiviert")
    CANDIDATE_PLACED = "candidate.placed", _l("als vermittelt markiert")
    CANDIDATE_WITHDRAW = "candidate.withdraw_consent", _l("Einwilligung zurückgezogen, persönliche Angaben gelöscht")
    CANDIDATE_EXPIRED = "candidate.retention_erase", _l("nach Ablauf der Aufbewahrungsfrist gelöscht")
    CANDIDATE_ERASE = "candidate.erase", _l("auf Wunsch der Person gelöscht (Art. 17 DSGVO)")
    CANDIDATE_EXPORT = "candidate.export", _l("Auskunft erteilt (Art. 15 DSGVO)")
    SLOT_CREATE = "slot.create", _l("Angebot angelegt")
    SLOT_UPDATE = "slot.update", _l("Angebot geändert")
    SLOT_IMPORT = "slot.import", _l("Angebote importiert")
    SLOT_PUBLISH = "slot.publish", _l("Angebot veröffentlicht")
    SLOT_PAUSE = "slot.pause", _l("Angebot pausiert")
    SLOT_REOPEN = "slot.reopen", _l("Angebot wieder geöffnet")
    SLOT_FILL = "slot.fill", _l("Angebot als besetzt markiert")
    SLOT_CLOSE = "slot.close", _l("Angebot geschlossen")
    SLOT_EXPIRE = "slot.expire", _l("Angebot abgelaufen")
    CONTACT_PROPOSE = "contact.propose", _l("Profil vorgeschlagen")
    CONTACT_REQUEST = "contact.request", _l("Kontakt angefragt")
    CONTACT_ACCEPT = "contact.accept", _l("Kontakt angenommen")
    CONTACT_DECLINE = "contact.decline", _l("Kontakt abgelehnt")
    CONTACT_OUTCOME = "contact.outcome", _l("Ergebnis eingetragen")
    ORGANISATION_REGISTER = "organisation.register", _l("Betrieb registriert")
    ORGANISATION_CREATE = "organisation.create", _l("Organisation angelegt")
    ORGANISATION_VERIFY = "organisation.verify", _l("Betrieb freigeschaltet")
    ORGANISATION_REJECT = "organisation.reject", _l("Betrieb abgelehnt")
    ORGANISATION_UPDATE = "organisation.update", _l("Angaben des Betriebs geändert")
    ORGANISATION_REVIEW = "organisation.review", _l("Erneute Prüfung erbeten")
    INVITATION_CREATE = "invitation.create", _l("Einladung verschickt")
    INVITATION_REVOKE = "invitation.revoke", _l("Einladung zurückgezogen")
    INVITATION_ACCEPT = "invitation.accept", _l("Einladung angenommen")
    USER_ACTIVATE = "user.activate", _l("Zugang aktiviert")
    USER_DEACTIVATE = "user.deactivate", _l("Zugang deaktiviert")
    USER_PASSWORD_RESET = "user.password_reset", _l("Passwort zurückgesetzt")
    USER_PASSWORD_CHANGE = "user.password_change", _l("Passwort geändert")
    USER_PROFILE_UPDATE = "user.profile_update", _l("Name oder Telefon geändert")
    USER_CREATE_COORDINATOR = "user.create_coordinator", _l("Koordinationszugang angelegt")
    TARGETS_UPDATE = "targets.update", _l("Zielzeiten geändert")
    API_TOKEN_CREATE = "api_token.create", _l("API-Zugang angelegt")
    API_TOKEN_REVOKE = "api_token.revoke", _l("API-Zugang widerrufen")


# What an object's history shows: everything but the list entries, which a profile shown on the
# first page of its agency's list gathers by the thousand. The same words in the index below and
# in the query (a constant, not a parameter), so that the database knows the index answers it.
SHOWN_IN_HISTORY = f"audit_log.action != '{AuditAction.CANDIDATE_LIST.value}'"


class AuditLog(db.Model):
    __tablename__ = "audit_log"
    __table_args__ = (
        sa.Index("ix_audit_log_object", "object_type", "object_id"),
        # An object's history, newest first, read from the index in its order.
        sa.Index("ix_audit_log_history", "object_type", "object_id", "at", "id",
                 postgresql_where=sa.text(SHOWN_IN_HISTORY), sqlite_where=sa.text(SHOWN_IN_HISTORY)),
    )

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


def _via() -> dict[str, Any]:
    """Done through the API: the entry names the token (its name and id), beside the person it acts for."""
    if has_request_context() and (token := g.get("api_token")) is not None:
        return {"api_token": token.name, "api_token_id": token.id}
    return {}


def record_many(actor: User | None, action: AuditAction, object_type: str, object_ids: list[int],
                **details: Any) -> None:
    """One audit entry per object, written in one statement (imports, list pages)."""
    details.update(_via())
    if object_ids:
        now = utcnow()
        db.session.execute(sa.insert(AuditLog), [
            {"at": now, "actor_id": actor.id if actor else None, "action": AuditAction(action).value,
             "object_type": object_type, "object_id": object_id, "details": details} for object_id in object_ids])


def pseudonym(value: str) -> str:
    """An address or name as the audit log keeps it: the same input gives the same code, so
    entries can be matched up, but the log itself names nobody."""
    return "p:" + hashlib.sha256(value.strip().lower().encode()).hexdigest()[:12]


def record(actor: User | None, action: AuditAction, obj: Any, **details: Any) -> AuditLog:
    """Add an audit entry to the current session; the caller's commit makes it stick."""
    details.update(_via())
    entry = AuditLog(
        actor=actor,
        action=AuditAction(action).value,
        object_type=obj.__tablename__ if obj is not None else "",
        object_id=getattr(obj, "id", None),
        details=details,
    )
    db.session.add(entry)
    return entry
