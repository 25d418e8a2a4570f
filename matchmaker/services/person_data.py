"""Data subject requests for one person: everything stored about them (Art. 15 GDPR), as a
readable page and as JSON, and erasure on request (Art. 17), free text and history included."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from ..extensions import db
from ..models import AuditAction, AuditLog, Candidate, Contact, ContactEvent, Match, Slot, User
from ..models.audit import record
from . import candidates


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if hasattr(value, "value") and hasattr(value, "label"):  # a labelled enum
        return {"wert": value.value, "bedeutung": str(value.label)}
    return value


def export(actor: User, candidate: Candidate) -> dict[str, Any]:
    """Everything stored about the person, in German keys; the request itself is logged."""
    candidates.ensure_manages(actor, candidate)
    profile = {name: _plain(getattr(candidate, name)) for name in (
        "pseudonym", "first_name", "last_initial", "birth_year", "origin_region", "german_level", "german_certified",
        "other_languages", "skills", "occupations", "qualifications", "desired_kinds", "available_from",
        "work_permit", "share_work_permit", "driving_licence", "notes",
        "status", "placed_on", "consent_given_on", "consent_scope", "consent_withdrawn_at",
        "created_at", "updated_at")}
    profile["districts"] = [district.name for district in candidate.districts]
    their_contacts = db.session.scalars(sa.select(Contact).where(Contact.candidate_id == candidate.id)
                                        .order_by(Contact.created_at, Contact.id)).all()
    events = defaultdict(list)  # one query for every contact's history
    for event in db.session.scalars(sa.select(ContactEvent).where(
            ContactEvent.contact_id.in_([c.id for c in their_contacts])).order_by(ContactEvent.at, ContactEvent.id)):
        events[event.contact_id].append({"am": _plain(event.at), "was": str(event.kind), "notiz": event.note})
    contacts = [{
        "angebot": contact.slot.title, "betrieb": contact.slot.organisation.name,
        "angefragt_am": _plain(contact.created_at), "status": _plain(contact.status),
        "nachricht": contact.message, "ablehnungsgrund": _plain(contact.decline_reason),
        "ablehnung_text": contact.decline_text, "ergebnis": _plain(contact.outcome),
        "ergebnis_am": _plain(contact.outcome_on), "ergebnis_notiz": contact.outcome_note,
        "verlauf": events[contact.id],
    } for contact in their_contacts]
    matches = [{"angebot": title, "punkte": round(score)} for title, score in db.session.execute(
        sa.select(Slot.title, Match.score).join(Match, Match.slot_id == Slot.id)
        .where(Match.candidate_id == candidate.id).order_by(Match.score.desc()))]
    log = [{"am": _plain(entry.at), "wer": entry.actor.display_name if entry.actor else None,
            "was": str(AuditAction.label_of(entry.action))}
           for entry in db.session.scalars(sa.select(AuditLog).where(
               AuditLog.object_type == Candidate.__tablename__, AuditLog.object_id == candidate.id)
               .order_by(AuditLog.at, AuditLog.id))]
    record(actor, AuditAction.CANDIDATE_EXPORT, candidate)
    return {"profil": profile, "beratungsstelle": candidate.agency.name, "kontakte": contacts,
            "vorschlaege": matches, "protokoll": log}


def erase_on_request(actor: User, candidate: Candidate) -> Candidate:
    """Erase as withdrawal does, and also what reports would keep (birth year, origin region)
    and the details of every log entry about the person; that it happened stays logged."""
    candidates.ensure_manages(actor, candidate)
    if not candidate.is_withdrawn:
        candidates.erase(candidate, actor, AuditAction.CANDIDATE_ERASE, _("Daten auf Wunsch gelöscht"))
    else:
        from .contacts import erase_free_text

        erase_free_text(candidate)
        record(actor, AuditAction.CANDIDATE_ERASE, candidate)
    candidate.birth_year = None
    candidate.origin_region = candidate.origin_region.__class__.KEINE_ANGABE
    db.session.execute(sa.update(AuditLog).where(AuditLog.object_type == Candidate.__tablename__,
                                                 AuditLog.object_id == candidate.id).values(details={}),
                       execution_options={"synchronize_session": False})
    db.session.flush()
    return candidate
