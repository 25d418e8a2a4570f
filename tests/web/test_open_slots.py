"""Caseworkers find open slots, read everything that helps them decide, and propose from there;
the employer's direct line appears only after acceptance (issue 12)."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from matchmaker import access
from matchmaker.extensions import db
from matchmaker.models import ContactStatus, GermanLevel, Initiator, Sector, Slot, SlotKind, SlotStatus
from tests.conftest import login
from tests.factories import (
    CandidateFactory,
    ContactFactory,
    EmployerFactory,
    MatchFactory,
    SlotFactory,
    caseworker,
    district,
    employer_user,
)


def _slot(**kwargs):
    boss = employer_user(organisation=kwargs.pop("organisation", None) or EmployerFactory(sector=Sector.HANDWERK),
                         phone="0203 111222")
    defaults = {"organisation": boss.organisation, "contact_person": boss, "status": SlotStatus.OPEN,
                "district": district("Marxloh")}
    return SlotFactory(**{**defaults, **kwargs})


def test_the_list_shows_open_slots_of_verified_businesses_and_filters_them(client, login_as):
    bakery = _slot(title="Bäcker/in", kind=SlotKind.AUSBILDUNG, min_german=GermanLevel.A2,
                   start_date=date(2027, 8, 1), occupation_code="29212")
    shop = _slot(title="Verkäufer/in", kind=SlotKind.PRAKTIKUM, min_german=GermanLevel.B2,
                 district=district("Altstadt"))
    _slot(title="Entwurf Maler/in", status=SlotStatus.DRAFT)
    _slot(title="Geschlossen Koch/Köchin", status=SlotStatus.CLOSED)
    _slot(title="Ungeprüft Elektriker/in", organisation=EmployerFactory(unverified=True))
    login_as(caseworker())

    page = client.get("/caseworker/slots/").text
    assert "Bäcker/in" in page and "Verkäufer/in" in page
    assert "29212" in page  # the recognised occupation (here the code the business confirmed)
    assert "Entwurf" not in page and "Geschlossen" not in page and "Ungeprüft" not in page

    def titles(query):
        html = client.get(f"/caseworker/slots/?{query}").text
        return [t for t in ("Bäcker/in", "Verkäufer/in") if t in html]

    assert titles("q=BAECKER") == ["Bäcker/in"]
    assert titles("q=2921") == ["Bäcker/in"]  # the first digits of a KldB code
    assert titles("kind=praktikum") == ["Verkäufer/in"]
    assert titles("german_at_most=B1") == ["Bäcker/in"]  # a person with B1 cannot take the B2 slot
    assert titles(f"district={district('Altstadt').id}") == ["Verkäufer/in"]
    assert titles("starts_by=2027-01-01") == ["Verkäufer/in"]  # the other starts in August
    assert client.get("/caseworker/slots/?german_at_most=Z9&starts_by=gestern").status_code == 200
    assert shop.id != bakery.id


def test_the_slot_page_shows_what_helps_decide_and_the_agencys_matching_profiles(client, login_as):
    slot = _slot(title="Bäcker/in", description="Frühschicht ab 5 Uhr, Einarbeitung durch den Meister.",
                 weekly_hours=30, shift_work=True, street_address="Weseler Straße 12", skills=["Teig"])
    worker = caseworker()
    mine = CandidateFactory(agency=worker.organisation, pseudonym="K-MINE1")
    theirs = CandidateFactory(pseudonym="K-THEIRS")
    MatchFactory(slot=slot, candidate=mine, score=81)
    MatchFactory(slot=slot, candidate=theirs, score=90)
    login_as(worker)

    page = client.get(f"/caseworker/slots/{slot.id}").text
    assert "Frühschicht ab 5 Uhr" in page and "Weseler Straße 12" in page and "Handwerk" in page
    assert "K-MINE1" in page and "K-THEIRS" not in page
    assert "Passung 81 von 100" in page
    assert f"/contacts/new?slot={slot.id}&amp;candidate={mine.id}" in page
    # No direct line before the business agreed.
    assert slot.contact_person.email not in page and "0203 111222" not in page


def test_the_direct_line_appears_once_the_business_accepted(client, login_as):
    slot = _slot()
    worker = caseworker()
    person = CandidateFactory(agency=worker.organisation)
    ContactFactory(slot=slot, candidate=person, initiated_by=Initiator.CASEWORKER, proposed_by=worker,
                   status=ContactStatus.ACCEPTED)
    login_as(worker)
    page = client.get(f"/caseworker/slots/{slot.id}").text
    assert slot.contact_person.email in page and "0203 111222" in page
    assert f"{person.pseudonym}</a> · angenommen" in page  # the agency's contact, linked


def test_a_closed_slot_stays_readable_for_an_agency_with_a_contact_on_it(client, login_as):
    slot = _slot(status=SlotStatus.FILLED, open_positions=0)
    worker = caseworker()
    ContactFactory(slot=slot, candidate=CandidateFactory(agency=worker.organisation), status=ContactStatus.ACCEPTED)
    login_as(worker)
    page = client.get(f"/caseworker/slots/{slot.id}")
    assert page.status_code == 200 and "keiner mehr frei" in page.text and "nicht mehr offen" in page.text
    assert slot.title not in client.get("/caseworker/slots/").text


def test_drafts_unverified_and_closed_slots_are_not_found_and_employers_are_refused(client, login_as, app):
    """The attack: guessing slot ids, as a caseworker and as an employer; then the same through
    the access rules themselves, not only the view."""
    hidden = [_slot(status=SlotStatus.DRAFT), _slot(status=SlotStatus.CLOSED),
              _slot(organisation=EmployerFactory(unverified=True))]
    worker = caseworker()
    login_as(worker)
    for slot in hidden:
        assert client.get(f"/caseworker/slots/{slot.id}").status_code == 404
    boss = employer_user()
    other = app.test_client()
    assert login(other, boss).status_code == 302
    assert other.get("/caseworker/slots/").status_code in (302, 403)
    for user in (boss, worker):
        visible = set(db.session.scalars(access.slots_for_agency(user).with_only_columns(Slot.id)))
        assert not visible & {s.id for s in hidden}
    assert not db.session.scalars(access.slots_for_agency(boss)).all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Slot)) == 3


def test_the_agency_sees_only_its_own_profiles_on_a_slot_through_the_access_rule(app):
    slot = _slot()
    worker, stranger = caseworker(), caseworker()
    MatchFactory(slot=slot, candidate=CandidateFactory(agency=worker.organisation))
    MatchFactory(slot=slot, candidate=CandidateFactory(agency=stranger.organisation))
    seen = db.session.scalars(access.agency_matches_for_slot(worker, slot.id)).all()
    assert [m.candidate.agency_id for m in seen] == [worker.organisation_id]
    assert not db.session.scalars(access.agency_matches_for_slot(employer_user(), slot.id)).all()


def test_the_district_filter_keeps_its_choice_and_the_next_list_forgets_it(client, login_as):
    """The district options are made once per process (forms.KnownOptionsSelect): a choice made
    in one view must show as chosen there, and not in the next view that chose nothing."""
    _slot(title="Bäcker/in", district=district("Marxloh"))
    login_as(caseworker())
    marxloh = district("Marxloh").id
    chosen = client.get(f"/caseworker/slots/?district={marxloh}").text
    assert f'<option selected value="{marxloh}">Marxloh</option>' in chosen
    plain = client.get("/caseworker/slots/").text
    assert f'<option value="{marxloh}">Marxloh</option>' in plain
    select = plain.split('name="district"')[1].split("</select>")[0]
    assert select.count("<option selected") == 1 and '<option selected value="">' in select  # "keine Angabe"
    assert f'<option selected value="{marxloh}">' in client.get(f"/caseworker/slots/?district={marxloh}").text
