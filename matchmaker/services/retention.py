"""Retention: what is kept how long (`flask retention run`, daily from cron).

- Profiles with no change and no contact activity for RETENTION_PROFILE_MONTHS are erased as if
  consent were withdrawn (reports keep their anonymous remains).
- Free text on declined and closed contacts (messages, decline and outcome notes, history
  notes) goes after RETENTION_CONTACT_MONTHS.
- Uploaded import files are kept at most a day: staged ones are deleted, imported ones lose
  their content.
- Audit entries older than RETENTION_AUDIT_MONTHS are deleted; addresses never enter the log in
  clear (`models.audit.pseudonym`).
- Answers kept for API idempotency keys go after a day (a created profile's answer names the person).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from ..extensions import db
from ..models import (
    AuditAction,
    AuditLog,
    Candidate,
    CandidateStatus,
    Contact,
    ContactEvent,
    ContactStatus,
    IdempotentRequest,
    utcnow,
)
from ..models.imports import ImportBatch
from . import candidates, contacts

DAYS_PER_MONTH = 30.44
IMPORT_FILES_KEPT = timedelta(days=1)
API_ANSWERS_KEPT = timedelta(days=1)  # a created profile's answer names the person: kept only for retries


@dataclass
class Plan:
    """What a run erases (or, dry, would erase)."""

    profiles: list[int]
    contacts: list[int]
    staged_files: int
    imported_files: int
    audit_entries: int
    api_answers: int = 0

    def lines(self) -> list[str]:
        return [f"Profile ohne Aktivität löschen: {len(self.profiles)}",
                f"Freitext geschlossener Kontakte löschen: {len(self.contacts)}",
                f"Nicht bestätigte Importdateien löschen: {self.staged_files}",
                f"Inhalt importierter Dateien löschen: {self.imported_files}",
                f"Alte Protokolleinträge löschen: {self.audit_entries}",
                f"Gespeicherte API-Antworten (Idempotenz) löschen: {self.api_answers}"]


def _months_ago(now: datetime, setting: str) -> datetime:
    return now - timedelta(days=current_app.config[setting] * DAYS_PER_MONTH)


def plan(now: datetime | None = None) -> Plan:
    now = now or utcnow()
    profile_cutoff, contact_cutoff = _months_ago(now, "RETENTION_PROFILE_MONTHS"), _months_ago(
        now, "RETENTION_CONTACT_MONTHS")
    recent_contact = sa.exists().where(Contact.candidate_id == Candidate.id, sa.or_(
        Contact.created_at >= profile_cutoff, Contact.answered_at >= profile_cutoff))
    profiles = db.session.scalars(sa.select(Candidate.id).where(
        Candidate.status != CandidateStatus.WITHDRAWN, Candidate.updated_at < profile_cutoff, ~recent_contact)
        .order_by(Candidate.id)).all()
    has_text = sa.or_(Contact.message != "", Contact.decline_text != "", Contact.outcome_note != "",
                      sa.exists().where(ContactEvent.contact_id == Contact.id, ContactEvent.note != ""))
    contacts = db.session.scalars(sa.select(Contact.id).where(
        Contact.status.in_([ContactStatus.DECLINED, ContactStatus.CLOSED]),
        sa.func.coalesce(Contact.answered_at, Contact.created_at) < contact_cutoff, has_text)
        .order_by(Contact.id)).all()
    files_before = now - IMPORT_FILES_KEPT
    count = sa.func.count()
    staged = db.session.scalar(sa.select(count).select_from(ImportBatch).where(
        ImportBatch.imported_at.is_(None), ImportBatch.created_at < files_before))
    imported = db.session.scalar(sa.select(count).select_from(ImportBatch).where(
        ImportBatch.imported_at.is_not(None), ImportBatch.created_at < files_before,
        sa.func.length(ImportBatch.content) > 0))
    audit = db.session.scalar(sa.select(count).select_from(AuditLog).where(
        AuditLog.at < _months_ago(now, "RETENTION_AUDIT_MONTHS")))
    answers = db.session.scalar(sa.select(count).select_from(IdempotentRequest).where(
        IdempotentRequest.created_at < now - API_ANSWERS_KEPT))
    return Plan(list(profiles), list(contacts), staged, imported, audit, answers)


def run(now: datetime | None = None) -> Plan:
    """Erase what the plan lists; the caller commits once."""
    now = now or utcnow()
    done = plan(now)
    for candidate_id in done.profiles:
        candidates.erase(db.session.get(Candidate, candidate_id), None, AuditAction.CANDIDATE_EXPIRED,
                         _("Aufbewahrungsfrist abgelaufen"))
    if done.contacts:
        contacts.erase_contact_text(Contact.id.in_(done.contacts))
    files_before = now - IMPORT_FILES_KEPT
    db.session.execute(sa.delete(ImportBatch).where(ImportBatch.imported_at.is_(None),
                                                    ImportBatch.created_at < files_before))
    db.session.execute(sa.update(ImportBatch).where(ImportBatch.imported_at.is_not(None),
                                                    ImportBatch.created_at < files_before).values(content=b""),
                       execution_options={"synchronize_session": False})
    db.session.execute(sa.delete(AuditLog).where(AuditLog.at < _months_ago(now, "RETENTION_AUDIT_MONTHS")))
    db.session.execute(sa.delete(IdempotentRequest).where(IdempotentRequest.created_at < now - API_ANSWERS_KEPT))
    return done
