"""Home pages lead with what waits for the person, each item a link to it (issue 12)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from matchmaker.extensions import db
from matchmaker.models import ContactStatus, Initiator, SlotStatus
from matchmaker.models.base import utcnow
from tests.factories import (
    PASSWORD,
    CandidateFactory,
    ContactFactory,
    MatchFactory,
    SlotFactory,
    caseworker,
    employer_user,
)


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


def _navigation_count(page: str) -> int:
    found = re.search(r'data-testid="nav-contacts-count">(\d+)<', page)
    return int(found.group(1)) if found else 0


@pytest.mark.parametrize("role", ["employer", "caseworker"])
def test_every_page_s_navigation_counts_what_waits_whether_the_page_s_own_query_carried_it_or_not(app, role):
    """Lists, detail pages and the inbox read the navigation's count in their own query
    (`templating.waiting_count_column`); other pages count alone. Both say the same, and neither
    counts another organisation's contacts or what waits for the other side."""
    boss, worker = employer_user(), caseworker()
    slot = SlotFactory(organisation=boss.organisation, contact_person=boss, status=SlotStatus.OPEN)
    people = CandidateFactory.create_batch(5, agency=worker.organisation)
    for person in people[:3]:  # waiting for the caseworker's agency
        ContactFactory(slot=slot, candidate=person, initiated_by=Initiator.EMPLOYER, proposed_by=boss)
    for person in people[3:]:  # waiting for the employer
        ContactFactory(slot=slot, candidate=person, initiated_by=Initiator.CASEWORKER, proposed_by=worker)
    MatchFactory(slot=slot, candidate=people[0])  # the employer may open the profile
    for _ in range(4):  # other organisations' proposals, each waiting for one side
        ContactFactory(initiated_by=Initiator.EMPLOYER)
        ContactFactory(initiated_by=Initiator.CASEWORKER)
    db.session.commit()
    user, expected = (boss, 2) if role == "employer" else (worker, 3)
    client = app.test_client()
    assert client.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 302
    pages = (["/employer/slots/", f"/employer/slots/{slot.id}", "/employer/slots/?page=99", "/employer/",
              f"/employer/candidates/{people[0].id}"]
             if role == "employer" else
             ["/caseworker/candidates/", f"/caseworker/candidates/{people[0].id}", "/caseworker/candidates/?page=99",
              "/caseworker/slots/", f"/caseworker/slots/{slot.id}", "/caseworker/"])
    for path in [*pages, "/contacts/", "/contacts/?liste=warten", "/impressum"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert _navigation_count(response.text) == expected, path
