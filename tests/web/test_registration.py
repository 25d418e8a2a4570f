"""Employers register themselves: organisation and first user in one form, unverified."""

import pytest
import sqlalchemy as sa

from matchmaker.extensions import db
from matchmaker.models import AuditLog, Organisation, User, VerificationStatus
from tests.factories import coordinator, district, employer_user


def _form(**overrides):
    data = {
        "organisation_name": "Elektro Yilmaz GmbH",
        "sector": "handwerk",
        "chamber": "hwk",
        "membership_number": "",
        "address": "Weseler Straße 12, 47169 Duisburg",
        "district": str(district("Marxloh").id),
        "organisation_phone": "0203 445566",
        "display_name": "Emre Yilmaz",
        "email": "Emre@Elektro-Yilmaz.example",
        "password": "strom-ist-gelb-42",
        "confirm": "strom-ist-gelb-42",
        "accept_terms": "y",
    }
    data.update(overrides)
    return data


def test_registration_creates_an_unverified_employer_and_signs_in(client):
    response = client.post("/register", data=_form())
    assert response.status_code == 302
    user = db.session.scalars(sa.select(User).where(User.email == "emre@elektro-yilmaz.example")).one()
    org = user.organisation
    assert (org.name, org.sector.value, org.chamber.value) == ("Elektro Yilmaz GmbH", "handwerk", "hwk")
    assert org.district.name == "Marxloh"
    assert org.verification_status is VerificationStatus.PENDING
    assert user.role.value == "employer"
    home = client.get("/employer/")
    assert 'data-testid="verification-pending"' in home.text
    assert db.session.scalars(sa.select(AuditLog).where(AuditLog.action == "organisation.register")).one()


def test_coordinators_are_told_by_mail_that_an_employer_waits(client, mailbox):
    boss = coordinator()
    client.post("/register", data=_form())
    [message] = mailbox.to(boss.email)
    assert "Elektro Yilmaz GmbH" in message["Subject"]
    assert "/coordinator/organisations/" in mailbox.text(message)


def test_registration_with_a_taken_email_in_other_case_is_refused(client):
    employer_user(email="emre@elektro-yilmaz.example")
    response = client.post("/register", data=_form(email="EMRE@elektro-yilmaz.example"))
    assert response.status_code == 200
    assert "Für diese E-Mail-Adresse gibt es schon einen Zugang." in response.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Organisation)) == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("organisation_name", "", "Bitte geben Sie den Namen Ihres Betriebs an."),
        ("email", "kein-at-zeichen", "Bitte geben Sie eine gültige E-Mail-Adresse an."),
        ("password", "kurz", "Das Passwort muss mindestens 10 Zeichen lang sein."),
        ("confirm", "etwas-anderes-123", "Die beiden Passwörter stimmen nicht überein."),
        ("district", "", "Bitte wählen Sie einen Stadtteil."),
        ("district", "999999", "Keine gültige Auswahl."),
        ("sector", "landwirtschaft", "Keine gültige Auswahl."),
        ("organisation_phone", "ruf mich an", "Bitte nur Ziffern"),
        ("accept_terms", "", "Bitte bestätigen Sie das."),
    ],
)
def test_bad_input_gets_a_field_message_and_creates_nothing(client, field, value, message):
    response = client.post("/register", data=_form(**{field: value}))
    assert response.status_code == 200
    assert f'data-testid="error-{field}"' in response.text
    assert message in response.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0
    assert 'value="Emre Yilmaz"' in response.text or field == "display_name"  # nothing typed is lost


def test_unverified_employer_cannot_publish(app):
    from matchmaker.access import can_publish

    assert not can_publish(employer_user(organisation__unverified=True))
    assert can_publish(employer_user())
