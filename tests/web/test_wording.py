"""Small things people tripped over (issue 12, item 9): words, counts, search and labels."""

from __future__ import annotations

from matchmaker.extensions import db
from matchmaker.models import Match, SlotStatus
from tests.factories import (
    CandidateFactory,
    EmployerFactory,
    SlotFactory,
    caseworker,
    coordinator,
    employer_user,
)


def test_pseudonym_search_ignores_case_and_the_prefix(client, login_as):
    worker = caseworker()
    CandidateFactory(agency=worker.organisation, pseudonym="K-HX34")
    login_as(worker)
    for query in ("hx34", "k-hx34", "HX3"):
        assert "K-HX34" in client.get(f"/caseworker/candidates/?q={query}").text, query


def test_counts_take_the_plural_and_a_filled_slot_says_so(client, login_as, app):
    EmployerFactory(), EmployerFactory(), EmployerFactory()
    login_as(coordinator())
    home = client.get("/coordinator/").text
    assert "Betriebe</span>" in home and ">3 Betrieb<" not in home
    boss = employer_user()
    SlotFactory(organisation=boss.organisation, status=SlotStatus.FILLED, open_positions=0, title="Bäcker/in")
    other = app.test_client()
    from tests.conftest import login

    login(other, boss)
    assert 'data-label="Plätze">besetzt<' in other.get("/employer/slots/").text


def test_required_checkboxes_carry_the_asterisk(client, login_as):
    login_as(caseworker())
    form = client.get("/caseworker/candidates/new").text
    consent = form.split('name="consent"')[1].split("</label>")[0]
    assert 'class="required"' in consent


def test_a_proposal_is_called_a_proposal_and_a_request_a_request(client, login_as, app):
    boss, worker = employer_user(), caseworker()
    slot = SlotFactory(organisation=boss.organisation, contact_person=boss, status=SlotStatus.OPEN)
    person = CandidateFactory(agency=worker.organisation)
    db.session.add(Match(slot_id=slot.id, candidate_id=person.id, score=80, reasons=[]))
    db.session.commit()
    login_as(worker)
    page = client.post(f"/contacts/new?slot={slot.id}&candidate={person.id}", data={}, follow_redirects=True).text
    assert "Ihr Vorschlag ist unterwegs" in page and "Ihre Anfrage" not in page
