"""Employers register themselves: organisation and first user in one form, unverified."""

import re

import pytest
import sqlalchemy as sa

from matchmaker.extensions import db
from matchmaker.models import AuditLog, Organisation, User, VerificationStatus
from tests.conftest import login
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


def _confirmation_link(mailbox, email: str) -> str:
    [message] = mailbox.to(email)
    return re.search(r"http://kurzer-draht\.test(/register/confirm/\S+)", mailbox.text(message)).group(1)


def test_registration_creates_an_unverified_employer_who_confirms_the_address_and_is_signed_in(client, mailbox):
    response = client.post("/register", data=_form())
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    user = db.session.scalars(sa.select(User).where(User.email == "emre@elektro-yilmaz.example")).one()
    assert user.email_confirmed_at is None
    org = user.organisation
    assert (org.name, org.sector.value, org.chamber.value) == ("Elektro Yilmaz GmbH", "handwerk", "hwk")
    assert org.district.name == "Marxloh"
    assert org.verification_status is VerificationStatus.PENDING
    assert user.role.value == "employer"
    assert client.get("/employer/").status_code == 302  # not signed in before confirming
    assert client.get(_confirmation_link(mailbox, user.email)).status_code == 302
    home = client.get("/employer/")
    assert 'data-testid="verification-pending"' in home.text
    assert db.session.scalars(sa.select(AuditLog).where(AuditLog.action == "organisation.register")).one()


def test_an_unconfirmed_address_cannot_sign_in_and_gets_the_link_again(client, mailbox):
    client.post("/register", data=_form())
    mailbox.messages.clear()
    response = login(client, "emre@elektro-yilmaz.example", _form()["password"])
    assert response.status_code == 200 and "Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse" in response.text
    assert len(mailbox.to("emre@elektro-yilmaz.example")) == 1


def test_coordinators_are_told_by_mail_once_the_employer_confirmed(client, mailbox):
    boss = coordinator()
    client.post("/register", data=_form())
    assert mailbox.to(boss.email) == []  # an unconfirmed sign-up bothers nobody
    client.get(_confirmation_link(mailbox, "emre@elektro-yilmaz.example"))
    [message] = mailbox.to(boss.email)
    assert "Elektro Yilmaz GmbH" in message["Subject"]
    assert "/coordinator/organisations/" in mailbox.text(message)


def test_registering_a_taken_address_answers_as_for_a_new_one_and_tells_the_owner(client, mailbox):
    """The attack: the registration form said which addresses have accounts."""
    owner = employer_user(email="emre@elektro-yilmaz.example")
    taken = client.post("/register", data=_form(email="EMRE@elektro-yilmaz.example"))
    free = client.post("/register", data=_form(email="neu@elektro-yilmaz.example", organisation_name="Neu GmbH"))
    assert taken.status_code == free.status_code == 302
    assert taken.headers["Location"] == free.headers["Location"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Organisation)) == 2  # the owner's and Neu's
    [notice] = mailbox.to(owner.email)
    assert "schon einen Zugang" in mailbox.text(notice)


def test_the_registration_answer_goes_out_before_the_address_is_looked_up(client, monkeypatch, caplog):
    """Timing told taken addresses apart (a mail and a password hash in the request): now the
    answer is complete before the lookup starts, so nothing the lookup does can change it."""
    import logging

    from matchmaker.services import accounts

    def broken(email):
        raise RuntimeError("lookup failed")

    monkeypatch.setattr(accounts, "find_user_by_email", broken)
    with caplog.at_level(logging.ERROR):
        response = client.post("/register", data=_form(email=employer_user().email))
    assert response.status_code == 302
    assert any("registration failed after the response" in r.getMessage() for r in caplog.records)


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


def test_a_confirmation_link_signs_in_once_and_a_tampered_one_not_at_all(client, app, mailbox):
    """A second click on the link (or someone who found the mail later) must not sign anybody in."""
    client.post("/register", data=_form())
    link = _confirmation_link(mailbox, "emre@elektro-yilmaz.example")
    assert client.get(link[:-3] + "xyz").status_code == 400
    assert client.get(link).status_code == 302
    other = app.test_client()
    assert other.get(link).status_code == 400
    assert other.get("/employer/").status_code == 302  # to the login page


def test_a_registration_is_stored_and_mailed_when_the_browser_drops_the_connection(live_server, mailbox):
    """The browser may reset the connection once it has the answer (a phone changing networks;
    Chromium now and then after a redirect). The development server then skipped closing the
    response, and with it the registration that was to run after it: the person was told to look
    for a mail that never came, and no account existed. Replayed here over a raw socket: the
    request, a few more bytes, the answer read, then a reset instead of a clean close."""
    import socket
    import struct
    from urllib.parse import urlencode, urlsplit

    import requests

    browser = requests.Session()
    form = browser.get(f"{live_server}/register")
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form.text).group(1)
    body = urlencode({**_form(), "csrf_token": token}).encode()
    cookies = "; ".join(f"{c.name}={c.value}" for c in browser.cookies)
    host = urlsplit(live_server)
    request = (f"POST /register HTTP/1.1\r\nHost: {host.netloc}\r\nCookie: {cookies}\r\n"
               f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n"
               f"Origin: {live_server}\r\nReferer: {live_server}/register\r\n\r\n").encode() + body

    with socket.create_connection((host.hostname, host.port), timeout=10) as connection:
        connection.sendall(request + b"\r\n")  # more than the request: the server waits to read it
        answer = connection.recv(65536)
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close = reset
    assert answer.startswith(b"HTTP/1.1 302"), answer[:200]

    assert mailbox.wait_for("emre@elektro-yilmaz.example"), "the registration was lost with the connection"
    user = db.session.scalars(sa.select(User).where(User.email == "emre@elektro-yilmaz.example")).one()
    assert user.email_confirmed_at is None
