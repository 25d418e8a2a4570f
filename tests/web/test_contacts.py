"""The short wire: proposals, answers, direct lines, outcomes, placements, and races."""

import re
import threading
from datetime import date

import pytest
import sqlalchemy as sa

from matchmaker.extensions import db
from matchmaker.models import Candidate, CandidateStatus, Contact, ContactStatus, Match, Outcome, Slot, SlotStatus
from matchmaker.services import contacts as service
from tests.conftest import login
from tests.factories import (
    AgencyFactory,
    CandidateFactory,
    Committed,
    EmployerFactory,
    SlotFactory,
    caseworker,
    coordinator,
    employer_user,
)

act = Committed(service)  # each call one action, committed as a request would


@pytest.fixture
def pair(app):
    """A slot and a profile that match, with the employer's contact person and the caseworker."""
    boss = employer_user(phone="0203 111")
    worker = caseworker(phone="0203 222")
    slot = SlotFactory(organisation=boss.organisation, contact_person=boss, title="Bäcker/in", open_positions=1)
    candidate = CandidateFactory(agency=worker.organisation, created_by=worker, first_name="Amira",
                                 skills=[{"name": "Bäcker", "years": 3}])
    db.session.add(Match(slot_id=slot.id, candidate_id=candidate.id, score=80, reasons=["Beruf passt: Bäcker/in"]))
    db.session.commit()
    return boss, worker, slot, candidate


def _client(app, user):
    client = app.test_client()
    assert login(client, user).status_code == 302
    return client


def _contact():
    return db.session.scalars(sa.select(Contact)).one()


def test_a_caseworker_proposes_and_the_employer_accepts_and_both_see_the_direct_line(app, pair, mailbox):
    boss, worker, slot, candidate = pair
    agency, employer = _client(app, worker), _client(app, boss)
    response = agency.post(f"/contacts/new?slot={slot.id}&candidate={candidate.id}",
                           data={"message": "Sehr motiviert", "share_first_name": "y"})
    assert response.status_code == 302
    contact = _contact()
    [mail] = mailbox.to(boss.email)
    assert f"/contacts/{contact.id}" in mailbox.text(mail)

    home = employer.get("/contacts/").text
    assert 'data-testid="nav-contacts-count">1<' in home and candidate.pseudonym in home
    before = employer.get(f"/contacts/{contact.id}").text
    assert "Sehr motiviert" in before and "Amira" not in before and worker.email not in before
    assert worker.display_name not in before  # the direct line only after both agree

    employer.post(f"/contacts/{contact.id}/accept")
    db.session.refresh(contact)
    assert contact.status is ContactStatus.ACCEPTED
    after = employer.get(f"/contacts/{contact.id}").text
    assert worker.email in after and "0203 222" in after and "Amira" in after
    assert boss.email in agency.get(f"/contacts/{contact.id}").text
    assert "angenommen" in mailbox.to(worker.email)[0]["Subject"]


def test_an_employer_asks_and_the_first_name_is_shared_only_if_the_caseworker_chooses(app, pair, mailbox):
    boss, worker, slot, candidate = pair
    employer, agency = _client(app, boss), _client(app, worker)
    employer.post(f"/contacts/new?slot={slot.id}&candidate={candidate.id}", data={"message": ""})
    contact = _contact()
    assert mailbox.to(worker.email)
    agency.post(f"/contacts/{contact.id}/accept", data={})
    page = employer.get(f"/contacts/{contact.id}").text
    assert worker.email in page and "Amira" not in page


def test_a_declined_proposal_cannot_be_accepted_later(app, pair):
    boss, worker, slot, candidate = pair
    _client(app, worker).post(f"/contacts/new?slot={slot.id}&candidate={candidate.id}", data={})
    employer = _client(app, boss)
    contact = _contact()
    employer.post(f"/contacts/{contact.id}/decline", data={"reason": "no_place", "text": "Leider voll"})
    response = employer.post(f"/contacts/{contact.id}/accept", follow_redirects=True)
    assert response.status_code == 200 and "schon beantwortet" in response.text
    db.session.refresh(contact)
    assert (contact.status, contact.decline_reason.value) == (ContactStatus.DECLINED, "no_place")


def test_a_decline_is_mailed_to_the_side_that_asked_with_the_reason_but_not_the_free_text(app, pair, mailbox):
    boss, worker, slot, candidate = pair
    _client(app, worker).post(f"/contacts/new?slot={slot.id}&candidate={candidate.id}", data={})
    contact = _contact()
    _client(app, boss).post(f"/contacts/{contact.id}/decline", data={"reason": "no_place", "text": "Leider voll"})
    [mail] = mailbox.to(worker.email)
    text = mailbox.text(mail)
    assert mail["Subject"] == "Absage: Bäcker/in"
    assert f"Ihren Vorschlag von {candidate.pseudonym}" in text and "Grund: " in text
    assert "Leider voll" not in text and f"/contacts/{contact.id}" in text

    # and the other way round: the business asked, the agency declines
    mailbox.messages.clear()
    other = SlotFactory(organisation=boss.organisation, contact_person=boss, title="Verkäufer/in")
    db.session.add(Match(slot_id=other.id, candidate_id=candidate.id, score=70, reasons=[]))
    db.session.commit()
    _client(app, boss).post(f"/contacts/new?slot={other.id}&candidate={candidate.id}", data={})
    asked = db.session.scalars(sa.select(Contact).where(Contact.slot_id == other.id)).one()
    _client(app, worker).post(f"/contacts/{asked.id}/decline", data={"reason": "other", "text": ""})
    [mail] = mailbox.to(boss.email)[-1:]
    assert mail["Subject"] == "Absage: Verkäufer/in" and "Ihre Anfrage zu" in mailbox.text(mail)


def test_a_failed_outcome_or_decline_shows_the_error_at_its_field_and_keeps_what_was_typed(app, pair):
    boss, worker, slot, candidate = pair
    _client(app, worker).post(f"/contacts/new?slot={slot.id}&candidate={candidate.id}", data={})
    contact = _contact()
    employer = _client(app, boss)
    response = employer.post(f"/contacts/{contact.id}/decline", data={"reason": "", "text": "Leider schon besetzt"})
    assert response.status_code == 422
    assert 'data-testid="error-reason"' in response.text and 'data-testid="error-summary"' in response.text
    assert 'value="Leider schon besetzt"' in response.text and "<details" in response.text
    assert 'data-testid="decline-choice" open' in response.text
    employer.post(f"/contacts/{contact.id}/accept")
    response = employer.post(f"/contacts/{contact.id}/outcome",
                             data={"outcome": "ausbildung", "on_date": "2099-01-01", "note": "Start im August"})
    assert response.status_code == 422
    assert 'data-testid="error-on_date"' in response.text
    assert '<option selected value="ausbildung">' in response.text and 'value="Start im August"' in response.text
    assert 'value="2099-01-01"' in response.text


def test_declining_needs_a_reason(app, pair):
    boss, worker, slot, candidate = pair
    _client(app, worker).post(f"/contacts/new?slot={slot.id}&candidate={candidate.id}", data={})
    contact = _contact()
    _client(app, boss).post(f"/contacts/{contact.id}/decline", data={"reason": ""})
    db.session.refresh(contact)
    assert contact.status is ContactStatus.PROPOSED


def test_only_the_other_side_can_accept(app, pair):
    _boss, worker, slot, candidate = pair
    agency = _client(app, worker)
    agency.post(f"/contacts/new?slot={slot.id}&candidate={candidate.id}", data={})
    contact = _contact()
    agency.post(f"/contacts/{contact.id}/accept")
    colleague = caseworker(organisation=worker.organisation)
    _client(app, colleague).post(f"/contacts/{contact.id}/accept")
    db.session.refresh(contact)
    assert contact.status is ContactStatus.PROPOSED


def test_other_organisations_see_nothing(app, pair):
    _boss, worker, slot, candidate = pair
    _client(app, worker).post(f"/contacts/new?slot={slot.id}&candidate={candidate.id}", data={})
    contact = _contact()
    for outsider in (employer_user(), caseworker()):
        client = _client(app, outsider)
        assert client.get(f"/contacts/{contact.id}").status_code == 404
        assert client.post(f"/contacts/{contact.id}/accept").status_code == 404
        assert candidate.pseudonym not in client.get("/contacts/").text
    assert _client(app, coordinator()).get("/contacts/").status_code == 403
    db.session.refresh(contact)
    assert contact.status is ContactStatus.PROPOSED


def test_contacts_start_only_from_a_match_of_ones_own(app, pair):
    _boss, worker, slot, candidate = pair
    other = SlotFactory(title="Maler/in")
    assert _client(app, worker).get(f"/contacts/new?slot={other.id}&candidate={candidate.id}").status_code == 404
    assert _client(app, employer_user()).get(f"/contacts/new?slot={slot.id}&candidate={candidate.id}").status_code \
        == 404
    assert _client(app, worker).get("/contacts/new").status_code == 404


def test_a_double_click_makes_one_contact_and_one_acceptance(app, pair):
    boss, worker, slot, candidate = pair
    agency, employer = _client(app, worker), _client(app, boss)
    for _ in range(2):
        agency.post(f"/contacts/new?slot={slot.id}&candidate={candidate.id}", data={})
    contact = _contact()
    for _ in range(2):
        response = employer.post(f"/contacts/{contact.id}/accept", follow_redirects=True)
        assert response.status_code == 200 and "Fehler" not in response.text
    db.session.refresh(contact)
    assert contact.status is ContactStatus.ACCEPTED


def _accepted(app, pair):
    boss, worker, slot, candidate = pair
    _client(app, worker).post(f"/contacts/new?slot={slot.id}&candidate={candidate.id}", data={})
    contact = _contact()
    _client(app, boss).post(f"/contacts/{contact.id}/accept")
    return contact


def test_outcomes_are_recorded_with_dates_and_a_placement_fills_the_slot(app, pair, mailbox):
    boss, worker, slot, candidate = pair
    contact = _accepted(app, pair)
    rival = CandidateFactory(skills=[{"name": "Bäcker"}])
    db.session.add(Match(slot_id=slot.id, candidate_id=rival.id, score=70, reasons=[]))
    db.session.commit()
    rival_contact = act.start(boss, slot, rival, "")
    agency = _client(app, worker)
    agency.post(f"/contacts/{contact.id}/outcome", data={"outcome": "meeting", "on_date": "2026-11-20"})
    agency.post(f"/contacts/{contact.id}/outcome", data={"outcome": "ausbildung", "on_date": "2026-11-23"})
    db.session.expire_all()
    contact = db.session.get(Contact, contact.id)
    assert (contact.outcome, contact.placed_on) == (Outcome.AUSBILDUNG, date(2026, 11, 23))
    assert db.session.get(Candidate, candidate.id).status is CandidateStatus.PLACED
    filled = db.session.get(Slot, slot.id)
    assert (filled.open_positions, filled.status) == (0, SlotStatus.FILLED)
    assert db.session.get(Contact, rival_contact.id).status is ContactStatus.CLOSED
    assert any("Nicht mehr aktuell" in m["Subject"] for m in mailbox.messages)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Match)) == 0
    history = agency.get(f"/contacts/{contact.id}").text
    assert "Kennenlernen oder Probearbeit vereinbart" in history and "Ausbildung begonnen" in history


def test_an_outcome_needs_an_accepted_contact_and_a_date_not_in_the_future(app, pair):
    boss, worker, slot, candidate = pair
    _client(app, worker).post(f"/contacts/new?slot={slot.id}&candidate={candidate.id}", data={})
    contact = _contact()
    agency = _client(app, worker)
    response = agency.post(f"/contacts/{contact.id}/outcome", data={"outcome": "eq", "on_date": "2026-11-23"},
                           follow_redirects=True)
    assert "angenommene Kontakte" in response.text
    _client(app, boss).post(f"/contacts/{contact.id}/accept")
    response = agency.post(f"/contacts/{contact.id}/outcome", data={"outcome": "eq", "on_date": "2099-01-01"},
                           follow_redirects=True)
    assert "Zukunft" in response.text
    db.session.refresh(contact)
    assert contact.outcome is None


# -- races --------------------------------------------------------------------------------

def _race(app, *jobs):
    """Run the jobs at the same moment, each in its own thread and app context."""
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def run(n, job):
        with app.app_context():
            barrier.wait()
            try:
                results[n] = job()
            except service.ContactError as error:
                results[n] = error
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(n, job)) for n, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def _accept_in_thread(user_id, contact_id):
    from matchmaker.models import User

    return lambda: act.answer(db.session.get(User, user_id), db.session.get(Contact, contact_id), accept=True)


def _place_in_thread(user_id, contact_id):
    from matchmaker.models import User

    return lambda: act.record_outcome(db.session.get(User, user_id), db.session.get(Contact, contact_id),
                                          Outcome.ARBEITSVERTRAG, date(2026, 11, 23))


def test_two_people_accepting_at_once_both_see_the_same_accepted_contact(app, pair):
    boss, worker, slot, candidate = pair
    contact = act.start(worker, slot, candidate, "")
    colleague = employer_user(organisation=boss.organisation)
    results = _race(app, _accept_in_thread(boss.id, contact.id), _accept_in_thread(colleague.id, contact.id))
    db.session.expire_all()
    assert db.session.get(Contact, contact.id).status is ContactStatus.ACCEPTED
    assert sum(isinstance(r, Contact) for r in results) >= 1


def test_two_placements_for_the_last_position_give_it_to_exactly_one(app, pair):
    boss, worker, slot, candidate = pair
    other = CandidateFactory(agency=AgencyFactory(), skills=[{"name": "Bäcker"}])
    db.session.add(Match(slot_id=slot.id, candidate_id=other.id, score=70, reasons=[]))
    db.session.commit()
    first, second = act.start(worker, slot, candidate, ""), act.start(boss, slot, other, "")
    act.answer(boss, first, accept=True)
    other_worker = caseworker(organisation=db.session.get(Candidate, other.id).agency)
    act.answer(other_worker, second, accept=True)
    results = _race(app, _place_in_thread(worker.id, first.id), _place_in_thread(other_worker.id, second.id))
    db.session.expire_all()
    assert sum(isinstance(r, Contact) for r in results) == 1
    assert sum(isinstance(r, service.ContactError) for r in results) == 1
    filled = db.session.get(Slot, slot.id)
    assert (filled.open_positions, filled.status) == (0, SlotStatus.FILLED)
    placed = db.session.scalar(sa.select(sa.func.count()).select_from(Contact).where(Contact.placed_on.is_not(None)))
    assert placed == 1


def test_two_employers_placing_the_same_person_give_the_person_to_exactly_one(app, pair):
    boss, worker, slot, candidate = pair
    second_boss = employer_user(organisation=EmployerFactory())
    other_slot = SlotFactory(organisation=second_boss.organisation, title="Bäcker/in", open_positions=2)
    db.session.add(Match(slot_id=other_slot.id, candidate_id=candidate.id, score=70, reasons=[]))
    db.session.commit()
    first, second = act.start(worker, slot, candidate, ""), act.start(worker, other_slot, candidate, "")
    act.answer(boss, first, accept=True)
    act.answer(second_boss, second, accept=True)
    results = _race(app, _place_in_thread(boss.id, first.id), _place_in_thread(second_boss.id, second.id))
    db.session.expire_all()
    assert sum(isinstance(r, Contact) for r in results) == 1
    assert db.session.get(Candidate, candidate.id).status is CandidateStatus.PLACED
    total_open = db.session.get(Slot, slot.id).open_positions + db.session.get(Slot, other_slot.id).open_positions
    assert total_open == 2  # one place of three was taken, once


def test_withdrawing_consent_closes_open_contacts_and_tells_the_employer(app, pair, mailbox):
    boss, worker, slot, candidate = pair
    contact = act.start(worker, slot, candidate, "")
    mailbox.messages.clear()
    agency = _client(app, worker)
    agency.post(f"/caseworker/candidates/{candidate.id}/withdraw")
    db.session.expire_all()
    closed = db.session.get(Contact, contact.id)
    assert (closed.status, closed.closed_reason) == (ContactStatus.CLOSED, "Einwilligung zurückgezogen")
    assert any("Nicht mehr aktuell" in m["Subject"] for m in mailbox.to(boss.email))
    inbox = _client(app, boss).get("/contacts/").text
    assert 'data-testid="inbox-waiting"' in inbox and "Wartet auf Ihre Antwort (0)" in inbox


def test_outsiders_can_neither_decline_nor_record_an_outcome(app, pair):
    boss, worker, slot, candidate = pair
    contact = act.start(worker, slot, candidate, "")
    act.answer(boss, contact, accept=True)
    for outsider in (employer_user(), caseworker()):
        client = _client(app, outsider)
        assert client.post(f"/contacts/{contact.id}/decline", data={"reason": "other"}).status_code == 404
        assert client.post(f"/contacts/{contact.id}/outcome",
                           data={"outcome": "ausbildung", "on_date": "2026-11-20"}).status_code == 404
    db.session.expire_all()
    unchanged = db.session.get(Contact, contact.id)
    assert (unchanged.status, unchanged.outcome, unchanged.placed_on) == (ContactStatus.ACCEPTED, None, None)
    assert db.session.get(Slot, slot.id).open_positions == 1


def _contacts_of(boss, worker, statuses):
    """One contact per (status, initiator) between the employer's slots and the agency's profiles,
    created a minute apart (the first the oldest)."""
    from datetime import timedelta

    from matchmaker.models import Initiator, utcnow
    from tests.factories import ContactFactory

    start, made = utcnow() - timedelta(days=1), []
    for n, (status, side) in enumerate(statuses):
        made.append(ContactFactory(
            slot=SlotFactory(organisation=boss.organisation, contact_person=boss),
            candidate=CandidateFactory(agency=worker.organisation, created_by=worker),
            status=status, initiated_by=side, created_at=start + timedelta(minutes=n),
            proposed_by=boss if side is Initiator.EMPLOYER else worker))
    db.session.commit()
    return made


def test_the_inbox_sections_in_sql_are_the_sections_the_rules_name(app):
    """`section_sql` and `section_of` are twins: each contact is in exactly the section SQL finds it in,
    for both sides, and an outsider finds none of them."""
    from matchmaker.domain import contacts as rules
    from matchmaker.models import Initiator

    boss, worker = employer_user(), caseworker()
    made = _contacts_of(boss, worker, [(status, side) for status in ContactStatus for side in Initiator])
    for user in (boss, worker):
        found = {key: {c.id for c in db.session.scalars(service.inbox_listing(user, key))} for key in rules.INBOX}
        assert {c.id: key for key, ids in found.items() for c_id in ids for c in made if c.id == c_id} == \
               {c.id: rules.section_of(c.status, c.initiated_by, user) for c in made}
        assert sum(map(len, found.values())) == len(made)  # no contact in two sections
        assert service.inbox_counts(user) == {key: len(ids) for key, ids in found.items()}
    for outsider in (employer_user(), caseworker(), coordinator()):
        assert not any(db.session.scalars(service.inbox_listing(outsider, key)).all() for key in rules.INBOX)
        assert set(service.inbox_counts(outsider).values()) == {0}


def test_the_inbox_shows_the_newest_of_each_section_and_pages_through_all_of_one(app):
    from matchmaker.contacts.views import INBOX_ROWS, PER_PAGE
    from matchmaker.models import Initiator

    boss, worker = employer_user(), caseworker()
    waiting = _contacts_of(boss, worker, [(ContactStatus.PROPOSED, Initiator.CASEWORKER)] * (PER_PAGE + 3))
    employer = _client(app, boss)
    inbox = employer.get("/contacts/").text
    assert f"Wartet auf Ihre Antwort ({PER_PAGE + 3})" in inbox and "Abgeschlossen" not in inbox
    shown = {c.candidate.pseudonym for c in waiting if c.candidate.pseudonym in inbox}
    assert shown == {c.candidate.pseudonym for c in waiting[-INBOX_ROWS:]}  # the newest
    assert 'href="/contacts/?liste=warten"' in inbox and f"Alle {PER_PAGE + 3} anzeigen" in inbox

    first, second = employer.get("/contacts/?liste=warten").text, employer.get("/contacts/?liste=warten&page=2").text
    for page, expected in ((first, waiting[::-1][:PER_PAGE]), (second, waiting[::-1][PER_PAGE:])):
        assert [c.id for c in expected] == [int(i) for i in re.findall(r'href="/contacts/(\d+)"', page)]
    assert "Seite 1 von 2" in first
    assert re.search(r'href="/contacts/\?(page=2&amp;liste=warten|liste=warten&amp;page=2)"', first)
    assert employer.get("/contacts/?liste=unbekannt").status_code == 200  # an unknown section: the inbox
    for odd in ("abc", "-1", "0", "99999"):  # a page typed by hand: a page of the list, or an empty one
        assert employer.get(f"/contacts/?liste=warten&page={odd}").status_code == 200
    assert "Zurzeit wartet nichts auf Sie." in _client(app, worker).get("/contacts/?liste=warten").text
    for outsider in (employer_user(), caseworker()):  # another organisation's sections show none of these
        page = _client(app, outsider).get("/contacts/?liste=gesendet").text + \
            _client(app, outsider).get("/contacts/?liste=warten").text
        assert not any(c.candidate.pseudonym in page for c in waiting)
