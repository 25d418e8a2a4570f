"""The domain's rules (matchmaker/domain), tried through the services and not only the views, and
one commit per action: a failure in any step leaves the database as it was."""

from __future__ import annotations

import logging
from datetime import date

import pytest
import sqlalchemy as sa

from matchmaker import mail
from matchmaker.domain import candidates as candidate_rules
from matchmaker.domain import clock
from matchmaker.domain import contacts as contact_rules
from matchmaker.domain import slots as slot_rules
from matchmaker.extensions import db
from matchmaker.models import (
    AuditLog,
    Candidate,
    CandidateStatus,
    Contact,
    ContactEvent,
    ContactStatus,
    DeclineReason,
    Match,
    Outcome,
    Slot,
    SlotStatus,
)
from matchmaker.services import candidates as candidate_service
from matchmaker.services import contacts as contact_service
from matchmaker.services import evaluation, matching
from matchmaker.services import slots as slot_service
from tests.conftest import login
from tests.factories import (
    CandidateFactory,
    Committed,
    ContactFactory,
    MatchFactory,
    SlotFactory,
    caseworker,
    coordinator,
    employer_user,
)

contacts = Committed(contact_service)


@pytest.fixture
def pair(app):
    """A matching slot and profile, the employer's contact person and the caseworker."""
    boss = employer_user()
    worker = caseworker()
    slot = SlotFactory(organisation=boss.organisation, contact_person=boss, title="Bäcker/in", open_positions=1)
    candidate = CandidateFactory(agency=worker.organisation, created_by=worker, first_name="Amira",
                                 skills=[{"name": "Bäcker", "years": 3}])
    MatchFactory(slot=slot, candidate=candidate)
    return boss, worker, slot, candidate


def _client(app, user):
    client = app.test_client()
    assert login(client, user).status_code == 302
    return client


# -- who answers --------------------------------------------------------------------------

def test_the_proposer_cannot_answer_their_own_proposal_through_the_service(app, pair):
    _boss, worker, slot, candidate = pair
    proposal = contacts.start(worker, slot, candidate, "")
    colleague = caseworker(organisation=worker.organisation)
    for same_side in (worker, colleague):
        for accept in (True, False):
            with pytest.raises(contact_service.ContactError, match="andere Seite"):
                contacts.answer(same_side, proposal, accept=accept, reason=DeclineReason.OTHER)
    db.session.expire_all()
    assert db.session.get(Contact, proposal.id).status is ContactStatus.PROPOSED


def test_an_employer_cannot_accept_their_own_request_nor_can_outsiders_answer(app, pair):
    boss, worker, slot, candidate = pair
    request = contacts.start(boss, slot, candidate, "")
    for not_allowed in (boss, employer_user(organisation=boss.organisation), employer_user(), caseworker(),
                        coordinator()):
        with pytest.raises(contact_service.ContactError):
            contacts.answer(not_allowed, request, accept=True)
    db.session.expire_all()
    assert db.session.get(Contact, request.id).status is ContactStatus.PROPOSED
    assert contacts.answer(worker, request, accept=True).status is ContactStatus.ACCEPTED


def test_the_proposers_accept_button_through_the_view_changes_nothing(app, pair):
    _boss, worker, slot, candidate = pair
    proposal = contacts.start(worker, slot, candidate, "")
    page = _client(app, worker).post(f"/contacts/{proposal.id}/accept", follow_redirects=True).text
    assert "andere Seite" in page
    assert 'data-testid="answer"' not in page
    db.session.expire_all()
    assert db.session.get(Contact, proposal.id).status is ContactStatus.PROPOSED


def test_outsiders_cannot_record_outcomes_or_start_contacts_through_the_service(app, pair):
    boss, worker, slot, candidate = pair
    contact = contacts.start(worker, slot, candidate, "")
    contacts.answer(boss, contact, accept=True)
    for outsider in (employer_user(), caseworker(), coordinator()):
        with pytest.raises(contact_service.ContactError):
            contacts.record_outcome(outsider, contact, Outcome.AUSBILDUNG, date(2026, 11, 2))
        with pytest.raises(contact_service.ContactError):
            contacts.start(outsider, slot, candidate, "")
    db.session.expire_all()
    assert db.session.get(Contact, contact.id).placed_on is None
    assert db.session.get(Slot, slot.id).open_positions == 1


def test_slots_and_profiles_change_only_through_their_own_organisation(app, pair):
    _boss, _worker, slot, candidate = pair
    slots, profiles = Committed(slot_service), Committed(candidate_service)
    for stranger in (employer_user(), caseworker(), coordinator()):
        with pytest.raises(slot_service.SlotError):
            slots.change_status(stranger, slot, "close")
        with pytest.raises(candidate_service.CandidateError):
            profiles.change_status(stranger, candidate, "pause")
        with pytest.raises(candidate_service.CandidateError):
            profiles.withdraw_consent(stranger, candidate)
    db.session.expire_all()
    assert db.session.get(Slot, slot.id).status is SlotStatus.OPEN
    assert db.session.get(Candidate, candidate.id).status is CandidateStatus.ACTIVE


def test_a_transition_the_state_does_not_allow_is_refused_by_the_service(app, pair):
    boss, worker, slot, candidate = pair
    with pytest.raises(slot_service.SlotError, match="Status"):
        Committed(slot_service).change_status(boss, slot, "publish")  # already open
    with pytest.raises(candidate_service.CandidateError, match="Status"):
        Committed(candidate_service).change_status(worker, candidate, "activate")  # already active


# -- what each side sees ----------------------------------------------------------------

def test_disclosure_follows_the_answer(app, pair):
    boss, worker, slot, candidate = pair
    outsider = employer_user()
    contact = contacts.start(worker, slot, candidate, "", share_first_name=False)
    assert not contact_rules.sees_direct_line(contact, boss)
    assert not contact_rules.sees_first_name(contact, boss)
    assert contact_rules.sees_first_name(contact, worker)  # their own agency's person
    contacts.answer(boss, contact, accept=True)
    for side in (boss, worker):
        assert contact_rules.sees_direct_line(contact, side)
    assert not contact_rules.sees_direct_line(contact, outsider)
    assert not contact_rules.sees_first_name(contact, boss)  # not shared
    contact.share_first_name = True
    assert contact_rules.sees_first_name(contact, boss)
    assert not contact_rules.sees_first_name(contact, outsider)


def test_a_declined_contact_discloses_nothing_and_its_sql_twin_agrees(app, pair):
    boss, worker, slot, candidate = pair
    contact = contacts.start(worker, slot, candidate, "")
    contacts.answer(boss, contact, accept=False, reason=DeclineReason.NO_PLACE)
    assert not contact_rules.was_accepted(contact)
    assert not contact_rules.sees_name_of(contact, worker, boss)
    assert contact_rules.sees_name_of(contact, boss, boss)
    accepted = ContactFactory(status=ContactStatus.ACCEPTED)
    in_sql = set(db.session.scalars(sa.select(Contact.id).where(contact_rules.was_accepted_sql())))
    assert in_sql == {c.id for c in db.session.scalars(sa.select(Contact)) if contact_rules.was_accepted(c)}
    assert in_sql == {accepted.id}


def test_the_answer_flags_and_their_sql_twin_agree_for_every_user(app, pair):
    boss, worker, slot, candidate = pair
    contacts.start(worker, slot, candidate, "")
    other = ContactFactory()  # an employer's request elsewhere
    users = [boss, worker, employer_user(), caseworker(), coordinator(), other.proposed_by]
    for user in users:
        query = (sa.select(Contact.id).join(Contact.slot).join(Contact.candidate)
                 .where(contact_rules.involved_sql(user), contact_rules.awaiting_sql(user)))
        assert set(db.session.scalars(query)) == {
            c.id for c in db.session.scalars(sa.select(Contact)) if contact_rules.can_answer(c, user)}


def test_matched_slots_and_profiles_agree_with_their_sql_twins(app, pair):
    _boss, _worker, slot, _candidate = pair
    SlotFactory(status=SlotStatus.PAUSED)
    CandidateFactory(status=CandidateStatus.PAUSED)
    from tests.factories import EmployerFactory

    SlotFactory(organisation=EmployerFactory(unverified=True), status=SlotStatus.OPEN)
    from matchmaker.models import Organisation

    slot_ids = set(db.session.scalars(sa.select(Slot.id).join(Organisation).where(slot_rules.matched_sql())))
    assert slot_ids == {s.id for s in db.session.scalars(sa.select(Slot)) if slot_rules.is_matched(s)} == {slot.id}
    candidate_ids = set(db.session.scalars(sa.select(Candidate.id).where(candidate_rules.matched_sql())))
    assert candidate_ids == {c.id for c in db.session.scalars(sa.select(Candidate)) if candidate_rules.is_matched(c)}


# -- one placement path -----------------------------------------------------------------

def test_marking_a_profile_placed_by_hand_closes_its_open_contacts_and_tells_both_sides(app, pair, mailbox):
    boss, worker, slot, candidate = pair
    contact = contacts.start(worker, slot, candidate, "")
    mailbox.messages.clear()
    response = _client(app, worker).post(f"/caseworker/candidates/{candidate.id}/placed", follow_redirects=True)
    assert "vermittelt" in response.text
    db.session.expire_all()
    assert db.session.get(Candidate, candidate.id).status is CandidateStatus.PLACED
    closed = db.session.get(Contact, contact.id)
    assert (closed.status, closed.closed_reason) == (ContactStatus.CLOSED, "Person vermittelt")
    assert any("Nicht mehr aktuell" in m["Subject"] for m in mailbox.to(boss.email))
    assert any("Nicht mehr aktuell" in m["Subject"] for m in mailbox.to(worker.email))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Match)) == 0
    assert db.session.get(Slot, slot.id).open_positions == 1  # no place of this slot was taken


def test_placements_marked_by_hand_count_in_the_evaluation_beside_those_through_a_contact(app, pair):
    boss, worker, slot, candidate = pair
    contact = contacts.start(worker, slot, candidate, "")
    contacts.answer(boss, contact, accept=True)
    today = clock.today()
    contacts.record_outcome(worker, contact, Outcome.AUSBILDUNG, today)
    profiles = Committed(candidate_service)
    for _ in range(5):
        person = CandidateFactory(agency=worker.organisation)
        profiles.change_status(worker, person, "placed")
        assert db.session.get(Candidate, person.id).placed_on == today
    assert db.session.get(Candidate, candidate.id).placed_on == today
    steps = {step.key: step.value for step in evaluation.funnel(evaluation.Filters.year(today.year))}
    assert steps["placed_elsewhere"].value == 5  # the placement through the contact is not counted twice
    mine = {step.key: step.value for step in evaluation.funnel(evaluation.Filters.year(today.year),
                                                              agency_id=caseworker().organisation_id)}
    assert mine["placed_elsewhere"].value == 0


# -- one commit per action --------------------------------------------------------------

def _snapshot() -> dict:
    """Every row that an action on contacts, profiles or slots may touch."""
    tables = (Contact, ContactEvent, Candidate, Slot, AuditLog, Match)
    db.session.expire_all()
    return {model.__tablename__: sorted(tuple(str(v) for v in row) for row in db.session.execute(
        sa.select(*model.__table__.columns))) for model in tables}


def _fail_at(monkeypatch, module, name: str) -> None:
    """Make one step fail after what came before it has reached the database."""
    original = getattr(module, name)

    assert callable(original)

    def broken(*args, **kwargs):
        db.session.flush()
        raise RuntimeError(f"injected failure in {name}")

    monkeypatch.setattr(module, name, broken)


WITHDRAWAL_STEPS = [(candidate_service, "record"), (contact_service, "_close"), (contact_service, "_event"),
                    (matching, "rematch_after_commit")]
PLACEMENT_STEPS = [(contact_service, "_take_place_and_person"), (contact_service, "_event"),
                   (contact_service, "record"), (contact_service, "_after_placement"), (contact_service, "_close"),
                   (matching, "rematch_after_commit")]
ANSWER_STEPS = [(contact_service, "_set_status"), (contact_service, "_event"), (contact_service, "record"),
                (contact_service.transaction, "after_commit")]


@pytest.mark.parametrize(("module", "step"), WITHDRAWAL_STEPS, ids=lambda v: v if isinstance(v, str) else "")
def test_a_failing_step_of_consent_withdrawal_leaves_the_database_unchanged(app, pair, monkeypatch, module, step):
    _boss, worker, slot, candidate = pair
    contacts.start(worker, slot, candidate, "")
    client = _client(app, worker)
    before = _snapshot()
    _fail_at(monkeypatch, module, step)
    with pytest.raises(RuntimeError, match="injected"):
        client.post(f"/caseworker/candidates/{candidate.id}/withdraw")
    assert _snapshot() == before


@pytest.mark.parametrize(("module", "step"), PLACEMENT_STEPS, ids=lambda v: v if isinstance(v, str) else "")
def test_a_failing_step_of_a_placement_leaves_the_database_unchanged(app, pair, monkeypatch, module, step):
    boss, worker, slot, candidate = pair
    contact = contacts.start(worker, slot, candidate, "")
    contacts.answer(boss, contact, accept=True)
    rival = CandidateFactory(skills=[{"name": "Bäcker"}])
    MatchFactory(slot=slot, candidate=rival)
    contacts.start(boss, slot, rival, "")  # closes when the last place goes
    client = _client(app, worker)
    before = _snapshot()
    _fail_at(monkeypatch, module, step)
    with pytest.raises(RuntimeError, match="injected"):
        client.post(f"/contacts/{contact.id}/outcome", data={"outcome": "ausbildung", "on_date": "2026-11-23"})
    assert _snapshot() == before


@pytest.mark.parametrize(("module", "step"), ANSWER_STEPS, ids=lambda v: v if isinstance(v, str) else "")
def test_a_failing_step_of_a_contact_answer_leaves_the_database_unchanged(app, pair, monkeypatch, module, step):
    boss, worker, slot, candidate = pair
    contact = contacts.start(worker, slot, candidate, "")
    client = _client(app, boss)
    before = _snapshot()
    _fail_at(monkeypatch, module, step)
    with pytest.raises(RuntimeError, match="injected"):
        client.post(f"/contacts/{contact.id}/accept")
    assert _snapshot() == before


def test_mail_and_matching_failing_after_the_commit_keep_the_action_and_are_reported(app, pair, monkeypatch,
                                                                                     caplog):
    _boss, worker, slot, candidate = pair
    contacts.start(worker, slot, candidate, "")

    def no_mail(*args, **kwargs):
        raise RuntimeError("mail server on fire")

    def no_matching(*args, **kwargs):
        raise RuntimeError("matcher on fire")

    monkeypatch.setattr(mail, "send_template", no_mail)
    monkeypatch.setattr(matching, "refresh_many", no_matching)
    with caplog.at_level(logging.ERROR):
        response = _client(app, worker).post(f"/caseworker/candidates/{candidate.id}/withdraw")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Candidate, candidate.id).status is CandidateStatus.WITHDRAWN
    assert db.session.scalars(sa.select(Contact)).one().status is ContactStatus.CLOSED
    jobs_failed = {r.args[0] for r in caplog.records if r.getMessage().startswith("job ")}
    assert f"rematch:candidate:{candidate.id}" in jobs_failed  # the re-match job, after the response
    assert any(key.startswith("mail:contact_closed:") for key in jobs_failed)  # one mail job per person


# -- field rules: one check for form, import and service ----------------------------------

def test_the_services_apply_the_field_rules_whoever_calls(app):
    from matchmaker.models import GermanLevel, SlotKind

    worker, boss = caseworker(), employer_user()
    low, _high = candidate_rules.birth_years()
    bad_profiles = [({"last_initial": "Kowalski"}, "Initiale"), ({"birth_year": low - 1}, "Geburtsjahr"),
                    ({"notes": "x" * (candidate_rules.NOTES_MAX + 1)}, "höchstens")]
    for change, message in bad_profiles:
        data = candidate_service.CandidateData(first_name="Amira", last_initial="K", german_level=GermanLevel.B1)
        for name, value in change.items():
            setattr(data, name, value)
        with pytest.raises(candidate_service.CandidateError, match=message):
            Committed(candidate_service).create_candidate(worker, worker.organisation, data, clock.today())
    slot = slot_service.SlotData(title="B" * (slot_rules.TITLE_MAX + 1), kind=SlotKind.HELFER,
                                 min_german=GermanLevel.A2)
    with pytest.raises(slot_service.SlotError, match="höchstens"):
        Committed(slot_service).create_slot(boss, boss.organisation, slot)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Candidate)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Slot)) == 0


def test_an_initial_keeps_its_length_when_upper_case_would_change_it(app):
    assert candidate_rules.clean_last_initial("k.") == "K"
    assert candidate_rules.clean_last_initial("ß") == "ß"  # "SS" would no longer be one letter
    assert candidate_rules.clean_last_initial(" ch ") == "CH"


def test_nobody_creates_profiles_or_slots_for_another_organisation_through_the_service(app):
    from matchmaker.models import GermanLevel, SlotKind

    worker, boss = caseworker(), employer_user()
    profile = candidate_service.CandidateData(first_name="Amira", last_initial="K", german_level=GermanLevel.B1)
    slot = slot_service.SlotData(title="Helfer/in", kind=SlotKind.HELFER, min_german=GermanLevel.A2)
    for actor, agency in ((caseworker(), worker.organisation), (boss, worker.organisation),
                          (coordinator(), worker.organisation)):
        with pytest.raises(candidate_service.CandidateError):
            Committed(candidate_service).create_candidate(actor, agency, profile, clock.today())
    for actor in (employer_user(), worker, coordinator()):
        with pytest.raises(slot_service.SlotError):
            Committed(slot_service).create_slot(actor, boss.organisation, slot)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Candidate)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Slot)) == 0
    Committed(candidate_service).create_candidate(worker, worker.organisation, profile, clock.today())
    Committed(slot_service).create_slot(boss, boss.organisation, slot)
