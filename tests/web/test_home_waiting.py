"""Home pages lead with what waits for the person, each item a link to it (issue 12)."""

from __future__ import annotations

from datetime import timedelta

from matchmaker.extensions import db
from matchmaker.models import ContactStatus, Initiator, SlotStatus
from matchmaker.models.base import utcnow
from tests.factories import CandidateFactory, ContactFactory, MatchFactory, SlotFactory, caseworker, employer_user


def test_an_employer_sees_waiting_proposals_open_outcomes_and_new_profiles(client, login_as):
    boss, worker = employer_user(), caseworker()
    slot = SlotFactory(organisation=boss.organisation, contact_person=boss, status=SlotStatus.OPEN)
    for _ in range(2):
        ContactFactory(slot=slot, candidate=CandidateFactory(agency=worker.organisation),
                       initiated_by=Initiator.CASEWORKER, proposed_by=worker)
    ContactFactory(slot=slot, status=ContactStatus.ACCEPTED)
    for _ in range(3):
        MatchFactory(slot=slot, candidate=CandidateFactory())
    MatchFactory(slot=slot, candidate=CandidateFactory(), created_at=utcnow() - timedelta(days=8))  # last week
    db.session.commit()
    login_as(boss)
    page = client.get("/employer/").text
    assert "2 Vorschläge von Beratungsstellen warten auf Ihre Antwort" in page
    assert "1 angenommener Kontakt: Tragen Sie ein, wie es weitergeht" in page
    assert "3 neue passende Profile seit Montag" in page
    assert 'href="/contacts/#warten"' in page and 'id="warten"' in client.get("/contacts/").text


def test_a_caseworker_sees_waiting_requests_and_nothing_else_when_nothing_waits(client, login_as):
    boss, worker = employer_user(), caseworker()
    login_as(worker)
    assert "Zurzeit wartet nichts auf Sie." in client.get("/caseworker/").text
    slot = SlotFactory(organisation=boss.organisation, contact_person=boss, status=SlotStatus.OPEN)
    ContactFactory(slot=slot, candidate=CandidateFactory(agency=worker.organisation))  # the employer asked
    page = client.get("/caseworker/").text
    assert "1 Anfrage eines Betriebs wartet auf Ihre Antwort" in page
    assert "Vorschlag" not in page.split('data-testid="waiting"')[1].split("</section>")[0]


def test_counts_never_include_other_organisations_work(client, login_as):
    boss, worker = employer_user(), caseworker()
    other_slot = SlotFactory(status=SlotStatus.OPEN)
    ContactFactory(slot=other_slot, candidate=CandidateFactory(agency=worker.organisation),
                   initiated_by=Initiator.CASEWORKER, proposed_by=worker)
    MatchFactory(slot=other_slot, candidate=CandidateFactory())
    login_as(boss)
    assert "Zurzeit wartet nichts auf Sie." in client.get("/employer/").text
