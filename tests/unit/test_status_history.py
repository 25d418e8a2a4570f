"""The status history: written by the database on every path, and reconstructed once for the past."""

from __future__ import annotations

import importlib.util
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from matchmaker.domain import clock
from matchmaker.extensions import db
from matchmaker.models import (
    AuditLog,
    Candidate,
    CandidateStatus,
    Contact,
    ContactEvent,
    ContactStatus,
    Initiator,
    Outcome,
    SlotStatus,
    StatusChange,
    utcnow,
)
from matchmaker.services import candidates as candidate_service
from matchmaker.services import contacts as contact_service
from matchmaker.services.evaluation.history import status_as_of
from tests.factories import AgencyFactory, CandidateFactory, MatchFactory, SlotFactory, caseworker, employer_user

MIGRATION = Path(__file__).parents[2] / "migrations" / "versions" / "0012_status_history.py"


def changes(table: str, subject_id: int) -> list[tuple[str, str]]:
    rows = db.session.execute(sa.select(StatusChange.status, StatusChange.source).where(
        StatusChange.subject == table, StatusChange.subject_id == subject_id)
        .order_by(StatusChange.changed_at, StatusChange.id)).all()
    return [tuple(r) for r in rows]


def test_the_database_records_creation_and_every_change_of_status_on_every_path(app):
    agency = AgencyFactory()
    worker = caseworker(organisation=agency)
    person = CandidateFactory(agency=agency, created_at=datetime(2024, 1, 10, 9, tzinfo=UTC))
    candidate_service.change_status(worker, person, "pause")  # the ORM
    db.session.commit()
    person.notes = "nur eine Notiz"  # no status change: nothing recorded
    db.session.commit()
    db.session.execute(sa.update(Candidate).where(Candidate.id == person.id)  # a bulk update
                       .values(status=CandidateStatus.ACTIVE))
    db.session.commit()
    db.session.execute(sa.text("UPDATE candidates SET status = 'placed' WHERE id = :id"), {"id": person.id})
    db.session.commit()  # plain SQL, as a script would
    assert changes("candidates", person.id) == [("active", "recorded"), ("paused", "recorded"),
                                                ("active", "recorded"), ("placed", "recorded")]
    times = db.session.scalars(sa.select(StatusChange.changed_at).where(StatusChange.subject_id == person.id)
                               .order_by(StatusChange.id)).all()
    assert times[0] == datetime(2024, 1, 10, 9, tzinfo=UTC)  # creation: the row's own created_at
    assert all(t.tzinfo is not None for t in times)
    assert all(abs(t - utcnow()) < timedelta(minutes=5) for t in times[1:])  # changes: the database clock
    assert times[1:] == sorted(times[1:])


def test_slots_and_contacts_keep_their_history_too(app):
    agency = AgencyFactory()
    worker = caseworker(organisation=agency)
    slot = SlotFactory(open_positions=1)
    person = CandidateFactory(agency=agency)
    MatchFactory(slot=slot, candidate=person)
    contact = contact_service.start(worker, slot, person, "Guten Tag")
    db.session.commit()
    owner = employer_user(organisation=slot.organisation)
    contact_service.answer(owner, contact, accept=True)
    contact_service.record_outcome(owner, contact, Outcome.PRAKTIKUM, clock.today())
    db.session.commit()
    assert changes("contacts", contact.id) == [("proposed", "recorded"), ("accepted", "recorded")]
    assert changes("slots", slot.id) == [("open", "recorded"), ("filled", "recorded")]
    assert changes("candidates", person.id) == [("active", "recorded"), ("placed", "recorded")]


def test_the_status_as_of_a_day_is_the_last_one_recorded_by_then(app):
    person = CandidateFactory(created_at=datetime(2024, 1, 10, tzinfo=UTC))
    db.session.add_all([
        StatusChange(subject="candidates", subject_id=person.id, status="paused",
                     changed_at=datetime(2024, 3, 5, tzinfo=UTC)),
        StatusChange(subject="candidates", subject_id=person.id, status="active",
                     changed_at=datetime(2024, 5, 1, tzinfo=UTC)),
    ])
    db.session.commit()
    as_of = {day: status_as_of("candidates", datetime(*day, tzinfo=UTC)).get(person.id)
             for day in [(2024, 1, 1), (2024, 2, 1), (2024, 4, 1), (2024, 6, 1)]}
    assert list(as_of.values()) == [None, "active", "paused", "active"]


# -- the reconstruction of the past (migration 0012) -------------------------------------------

def _migration():
    spec = importlib.util.spec_from_file_location("status_history_migration", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _at(day: str, hour: int = 12) -> datetime:
    return datetime.combine(date.fromisoformat(day), datetime.min.time(), tzinfo=UTC).replace(hour=hour)


def test_the_past_is_rebuilt_from_timestamps_and_the_audit_log_and_says_what_is_assumed(app):
    agency = AgencyFactory()
    paused_once = CandidateFactory(agency=agency, created_at=_at("2024-01-10"))
    placed = CandidateFactory(agency=agency, created_at=_at("2024-02-01"))
    unknown = CandidateFactory(agency=agency, created_at=_at("2024-02-01"))
    draft_first = SlotFactory(status=SlotStatus.DRAFT, created_at=_at("2024-01-02"))
    filled = SlotFactory(created_at=_at("2024-01-02"), open_positions=0)
    contact = Contact(slot=filled, candidate=placed, initiated_by=Initiator.CASEWORKER, created_at=_at("2024-03-01"),
                      answered_at=_at("2024-03-02"), status=ContactStatus.ACCEPTED)
    db.session.add(contact)
    db.session.commit()
    # Today's state, reached without any history (as before this migration).
    db.session.execute(sa.update(Candidate).where(Candidate.id == paused_once.id).values(
        status=CandidateStatus.ACTIVE))
    db.session.execute(sa.update(Candidate).where(Candidate.id == placed.id).values(
        status=CandidateStatus.PLACED, placed_on=date(2024, 3, 15)))
    db.session.execute(sa.update(Candidate).where(Candidate.id == unknown.id).values(
        status=CandidateStatus.PAUSED, updated_at=_at("2024-04-04")))
    draft_first.status, draft_first.published_at, draft_first.updated_at = SlotStatus.OPEN, _at("2024-01-05"), \
        _at("2024-01-05")
    filled.status, filled.published_at = SlotStatus.FILLED, _at("2024-01-02")
    contact.status, contact.placed_on = ContactStatus.CLOSED, date(2024, 3, 15)
    db.session.add(ContactEvent(contact_id=contact.id, at=_at("2024-03-16"), kind="closed"))
    for action, day in (("candidate.pause", "2024-02-01"), ("candidate.activate", "2024-03-01")):
        db.session.add(AuditLog(action=action, object_type="candidates", object_id=paused_once.id, at=_at(day)))
    db.session.commit()
    db.session.execute(sa.delete(StatusChange))
    db.session.commit()

    with db.engine.begin() as conn:
        written = _migration().backfill(conn)

    assert written == len(db.session.scalars(sa.select(StatusChange)).all())
    assert changes("candidates", paused_once.id) == [("active", "backfill"), ("paused", "backfill"),
                                                     ("active", "backfill")]
    assert changes("candidates", placed.id) == [("active", "backfill"), ("placed", "backfill")]
    assert changes("candidates", unknown.id) == [("active", "backfill"), ("paused", "assumed")]
    assert changes("slots", draft_first.id) == [("draft", "backfill"), ("open", "backfill")]
    assert changes("slots", filled.id) == [("open", "backfill"), ("filled", "backfill")]
    assert changes("contacts", contact.id) == [("proposed", "backfill"), ("accepted", "backfill"),
                                               ("closed", "backfill")]
    as_of = status_as_of("candidates", _at("2024-02-15"))
    assert (as_of[paused_once.id], as_of[placed.id], as_of[unknown.id]) == ("paused", "active", "active")
    assert status_as_of("slots", _at("2024-01-03"))[draft_first.id] == "draft"
    assert status_as_of("candidates", _at("2024-03-16"))[placed.id] == "placed"
