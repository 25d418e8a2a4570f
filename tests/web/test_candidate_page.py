"""Employers open a pseudonymous candidate page from a match or a contact: enough to decide,
nothing that says who the person is (domain.disclosure, issue 12)."""

from __future__ import annotations

import re

from matchmaker import access
from matchmaker.domain import disclosure
from matchmaker.extensions import db
from matchmaker.models import (
    AuditAction,
    AuditLog,
    Candidate,
    CandidateStatus,
    ContactStatus,
    GermanLevel,
    OriginRegion,
    SlotStatus,
    WorkPermit,
)
from tests.factories import CandidateFactory, ContactFactory, MatchFactory, SlotFactory, caseworker, employer_user


def _person(**kwargs):
    defaults = {
        "pseudonym": "K-AB12", "first_name": "Amira", "last_initial": "K", "birth_year": 1999,
        "origin_region": OriginRegion.NAHOST, "notes": "Therapie dienstags", "german_level": GermanLevel.B1,
        "german_certified": True, "other_languages": ["Arabisch", "Englisch"],
        "occupations": [{"name": "Elektriker", "years": 3}], "skills": [{"name": "Kabel verlegen", "years": 1.5}],
        "qualifications": [{"name": "Elektroniker (Syrien)", "recognition": "in_anerkennung"}],
        "driving_licence": True, "desired_kinds": ["ausbildung"], "work_permit": WorkPermit.ZUSTIMMUNG,
    }
    return CandidateFactory(**{**defaults, **kwargs})


def test_the_page_shows_what_helps_decide_and_nothing_that_identifies(client, login_as):
    boss = employer_user()
    slot = SlotFactory(organisation=boss.organisation, title="Elektroniker/in", status=SlotStatus.OPEN)
    person = _person()
    MatchFactory(slot=slot, candidate=person, score=77, reasons=[])
    login_as(boss)
    assert f"/employer/candidates/{person.id}" in client.get(f"/employer/slots/{slot.id}").text
    page = client.get(f"/employer/candidates/{person.id}").text
    for shown in ("K-AB12", "B1", "mit Zertifikat", "Arabisch", "Elektriker · 3 J.", "Kabel verlegen · 1,5 J.",
                  "Elektroniker (Syrien) (in Anerkennung)", "Ausbildung", "Passung 77 von 100",
                  "klärt die Beratungsstelle mit Ihnen"):
        assert shown in page, shown
    for hidden in ("Amira", "1999", "Nahost", "Therapie", "Zustimmung der Ausländerbehörde"):
        assert hidden not in page, hidden
    assert f"/contacts/new?slot={slot.id}&amp;candidate={person.id}" in page


def test_the_work_permit_is_shown_where_the_caseworker_chose_so(client, login_as):
    boss = employer_user()
    person = _person(share_work_permit=True)
    MatchFactory(slot=SlotFactory(organisation=boss.organisation, status=SlotStatus.OPEN), candidate=person)
    login_as(boss)
    assert "Zustimmung der Ausländerbehörde nötig" in client.get(f"/employer/candidates/{person.id}").text
    assert disclosure.for_employer(person).work_permit == "Zustimmung der Ausländerbehörde nötig"


def test_the_caseworker_decides_about_the_work_permit_and_the_driving_licence_in_the_form(client, login_as):
    worker = caseworker()
    login_as(worker)
    response = client.post("/caseworker/candidates/new", data={
        "first_name": "Amira", "last_initial": "K", "german_level": "B1", "skills": "Kassieren",
        "work_permit": "erlaubt", "share_work_permit": "y", "driving_licence": "nein", "origin_region": "nahost",
        "birth_year": "1999", "consent": "y", "consent_given_on": "2026-11-01"})
    assert response.status_code == 302, response.text
    person = db.session.scalars(db.select(Candidate)).one()
    assert person.share_work_permit is True and person.driving_licence is False
    form = client.get(f"/caseworker/candidates/{person.id}/edit").text
    assert re.search(r'<input[^>]*checked id="share_work_permit"', form)
    assert '<option selected value="nein">' in form


def test_a_page_is_opened_and_logged_once_per_look(client, login_as):
    boss = employer_user()
    person = _person()
    MatchFactory(slot=SlotFactory(organisation=boss.organisation, status=SlotStatus.OPEN), candidate=person)
    login_as(boss)
    client.get(f"/employer/candidates/{person.id}")
    entries = db.session.scalars(db.select(AuditLog).where(AuditLog.action == AuditAction.CANDIDATE_VIEW.value)).all()
    assert [(e.actor_id, e.object_id, e.details) for e in entries] == [(boss.id, person.id, {"page": "employer"})]


def test_profiles_without_a_match_or_contact_and_withdrawn_ones_are_not_found(client, login_as, app):
    """The attack: an employer guesses candidate ids; then the same through the access rule."""
    boss = employer_user()
    own = SlotFactory(organisation=boss.organisation, status=SlotStatus.OPEN)
    stranger = _person(pseudonym="K-STR1")
    other_slot = SlotFactory(status=SlotStatus.OPEN)
    MatchFactory(slot=other_slot, candidate=stranger)  # matches someone else's slot only
    paused = _person(pseudonym="K-PAU1", status=CandidateStatus.PAUSED)
    MatchFactory(slot=own, candidate=paused)
    draft_match = _person(pseudonym="K-DRA1")
    MatchFactory(slot=SlotFactory(organisation=boss.organisation, status=SlotStatus.DRAFT), candidate=draft_match)
    withdrawn = _person(pseudonym="K-WIT1")
    ContactFactory(slot=own, candidate=withdrawn, status=ContactStatus.ACCEPTED)
    from matchmaker.services import candidates as candidate_service

    candidate_service.withdraw_consent(caseworker(organisation=withdrawn.agency), withdrawn)
    db.session.commit()
    login_as(boss)
    for person in (stranger, paused, draft_match, withdrawn):
        assert client.get(f"/employer/candidates/{person.id}").status_code == 404, person.pseudonym
    assert not db.session.scalars(access.candidates_for_employer(boss)).all()
    assert not db.session.scalars(access.candidates_for_employer(caseworker())).all()


def test_a_contact_keeps_the_page_open_after_the_slot_closed(client, login_as):
    boss = employer_user()
    slot = SlotFactory(organisation=boss.organisation, status=SlotStatus.FILLED)
    person = _person()
    contact = ContactFactory(slot=slot, candidate=person, status=ContactStatus.ACCEPTED)
    login_as(boss)
    page = client.get(f"/employer/candidates/{person.id}").text
    assert f"/contacts/{contact.id}" in page and "Zurzeit zu keinem offenen Angebot." in page
    assert f"/employer/candidates/{person.id}" in client.get(f"/contacts/{contact.id}").text
