"""`flask retention run`: what is kept longer than it may be goes, with a dry run first."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from matchmaker.extensions import db
from matchmaker.models import AuditLog, Candidate, CandidateStatus, Contact, ContactEvent, ContactStatus, utcnow
from matchmaker.models.imports import ImportBatch, ImportKind
from tests.factories import CandidateFactory, ContactFactory, caseworker


def _age(model, row_id: int, **columns) -> None:
    db.session.execute(sa.update(model).where(model.id == row_id).values(**columns))
    db.session.commit()


def _setup():
    now = utcnow()
    long_ago, worker = now - timedelta(days=800), caseworker()
    idle = CandidateFactory(agency=worker.organisation, first_name="Idle", notes="Notiz über Idle")
    busy = CandidateFactory(agency=worker.organisation, first_name="Busy")
    fresh = CandidateFactory(agency=worker.organisation, first_name="Fresh")
    _age(Candidate, idle.id, updated_at=long_ago)
    _age(Candidate, busy.id, updated_at=long_ago)
    ContactFactory(candidate=busy)  # a contact this month keeps the profile
    old_closed = ContactFactory(status=ContactStatus.CLOSED, message="war krank, Kind in Kita")
    db.session.add(ContactEvent(contact_id=old_closed.id, kind="closed", note="nicht erschienen"))
    db.session.commit()
    _age(Contact, old_closed.id, created_at=now - timedelta(days=400), answered_at=now - timedelta(days=400))
    recent_closed = ContactFactory(status=ContactStatus.CLOSED, message="noch aktuell")
    staged = ImportBatch(kind=ImportKind.CANDIDATES, organisation_id=worker.organisation_id, filename="a.csv",
                         content=b"Vorname;...\nAmira;...", created_at=now - timedelta(days=2))
    imported = ImportBatch(kind=ImportKind.CANDIDATES, organisation_id=worker.organisation_id, filename="b.csv",
                           content=b"Vorname;...\nDawit;...", created_at=now - timedelta(days=2), imported_at=now)
    old_entry = AuditLog(actor=worker, action="candidate.view", object_type="candidates", object_id=fresh.id,
                         details={}, at=long_ago)
    db.session.add_all([staged, imported, old_entry])
    db.session.commit()
    return idle, busy, fresh, old_closed, recent_closed, staged, imported, old_entry


def test_a_dry_run_lists_what_would_go_and_changes_nothing(app, runner):
    idle, *_ = _setup()
    result = runner.invoke(args=["retention", "run", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Profile ohne Aktivität löschen: 1" in result.output
    assert "Freitext geschlossener Kontakte löschen: 1" in result.output
    assert "Nicht bestätigte Importdateien löschen: 1" in result.output
    assert "Inhalt importierter Dateien löschen: 1" in result.output
    assert "Alte Protokolleinträge löschen: 1" in result.output
    db.session.expire_all()
    assert db.session.get(Candidate, idle.id).first_name == "Idle"


def test_a_run_erases_exactly_what_is_kept_too_long(app, runner):
    idle, busy, fresh, old_closed, recent_closed, staged, imported, old_entry = _setup()
    ids = (staged.id, imported.id, old_entry.id)
    result = runner.invoke(args=["retention", "run"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    gone = db.session.get(Candidate, idle.id)
    assert (gone.status, gone.first_name, gone.notes) == (CandidateStatus.WITHDRAWN, None, None)
    assert db.session.get(Candidate, busy.id).first_name == "Busy"
    assert db.session.get(Candidate, fresh.id).first_name == "Fresh"
    assert db.session.get(Contact, old_closed.id).message == ""
    notes = db.session.scalars(sa.select(ContactEvent.note).where(ContactEvent.contact_id == old_closed.id)).all()
    assert notes == [""]
    assert db.session.get(Contact, recent_closed.id).message == "noch aktuell"
    assert db.session.get(ImportBatch, ids[0]) is None
    assert db.session.get(ImportBatch, ids[1]).content == b""
    assert db.session.get(AuditLog, ids[2]) is None
    assert runner.invoke(args=["retention", "run", "--dry-run"]).output.count(": 0") == 6  # nothing left


def test_addresses_enter_the_audit_log_only_as_pseudonyms(app):
    from matchmaker import transaction
    from matchmaker.services import accounts
    from tests.factories import employer_user

    boss = employer_user()
    accounts.invite(boss, boss.organisation, "Neu@Example.org")
    transaction.commit()
    [details] = db.session.scalars(sa.select(AuditLog.details).where(AuditLog.action == "invitation.create")).all()
    assert "neu@example.org" not in str(details).lower() and details["email"].startswith("p:")
