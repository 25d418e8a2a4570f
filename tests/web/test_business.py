"""A business edits its own data; a rejected one asks for a new review by saving, and a verified
one that changes who it is goes back to review (issue 12)."""

from __future__ import annotations

import pytest

from matchmaker import access
from matchmaker.extensions import db
from matchmaker.models import Organisation, SlotStatus, VerificationStatus
from matchmaker.services import organisations as service
from matchmaker.services.accounts import AccountError
from tests.conftest import login
from tests.factories import (
    EmployerFactory,
    MatchFactory,
    SlotFactory,
    caseworker,
    coordinator,
    district,
    employer_user,
)


def _form(org, **changes):
    data = {"organisation_name": org.name, "sector": org.sector.value, "chamber": org.chamber.value,
            "membership_number": org.membership_number or "", "address": org.address or "Weseler Straße 1",
            "district": str(org.district_id or district("Marxloh").id), "organisation_phone": "0203 555"}
    return {**data, **changes}


def test_a_rejected_business_corrects_its_data_and_is_verified_on_the_second_review(app, mailbox):
    chief = coordinator()
    owner = employer_user(organisation=EmployerFactory(unverified=True, name="Bäckerei Yilmz"))
    org_id = owner.organisation_id
    office, business = app.test_client(), app.test_client()
    login(office, chief), login(business, owner)
    office.post(f"/coordinator/organisations/{org_id}/reject", data={"reason": "Name falsch geschrieben"})
    [rejection] = mailbox.to(owner.email)
    assert rejection["Reply-To"] == app.config["COORDINATION_EMAIL"]
    assert "/employer/betrieb" in mailbox.text(rejection)
    home = business.get("/employer/").text
    assert "Angaben ändern und erneut prüfen lassen" in home and app.config["COORDINATION_EMAIL"] in home

    org = db.session.get(Organisation, org_id)
    response = business.post("/employer/betrieb", data=_form(org, organisation_name="Bäckerei Yılmaz"))
    assert response.status_code == 302
    db.session.refresh(org)
    assert (org.name, org.verification_status) == ("Bäckerei Yılmaz", VerificationStatus.PENDING)
    [notice] = mailbox.to(chief.email)[-1:]
    assert notice["Subject"] == "Betrieb bittet um erneute Prüfung: Bäckerei Yılmaz"
    assert "Bäckerei Yılmaz" in office.get("/coordinator/").text

    office.post(f"/coordinator/organisations/{org_id}/verify")
    db.session.refresh(org)
    assert org.verification_status is VerificationStatus.VERIFIED
    assert "Ihr Betrieb ist freigeschaltet." in business.get("/employer/").text


def test_a_verified_business_changing_its_name_goes_back_to_review_and_its_slots_are_hidden(app, client, login_as):
    owner = employer_user()
    slot = SlotFactory(organisation=owner.organisation, status=SlotStatus.OPEN)
    MatchFactory(slot=slot)
    login_as(owner)
    org = owner.organisation
    client.post("/employer/betrieb", data=_form(org, organisation_phone="0203 999"))
    db.session.refresh(org)
    assert org.verification_status is VerificationStatus.VERIFIED and org.phone == "0203 999"
    worker = caseworker()
    assert slot in db.session.scalars(access.slots_for_agency(worker)).all()
    client.post("/employer/betrieb", data=_form(org, organisation_name="Ganz anderer Name GmbH"))
    db.session.refresh(org)
    assert org.verification_status is VerificationStatus.PENDING
    assert slot not in db.session.scalars(access.slots_for_agency(worker)).all()


def test_bad_input_keeps_what_was_typed_and_changes_nothing(client, login_as):
    owner = employer_user()
    login_as(owner)
    response = client.post("/employer/betrieb", data=_form(owner.organisation, organisation_name="",
                                                          address="Neue Straße 5"))
    assert response.status_code == 422 and "Bitte geben Sie den Namen Ihres Betriebs an." in response.text
    assert 'value="Neue Straße 5"' in response.text
    db.session.refresh(owner.organisation)
    assert owner.organisation.address != "Neue Straße 5"


def test_only_the_business_itself_changes_its_data(app):
    """The attack, through the service: someone of another organisation edits a business."""
    owner, stranger = employer_user(), employer_user()
    values = {"name": "Übernommen", "sector": owner.organisation.sector, "chamber": owner.organisation.chamber,
              "membership_number": None, "address": "x", "district_id": None, "phone": ""}
    with pytest.raises(AccountError):
        service.update_employer(stranger, owner.organisation, values)
    with pytest.raises(AccountError):
        service.update_employer(coordinator(), owner.organisation, values)
