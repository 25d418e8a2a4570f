"""Password reset by an emailed, signed, expiring, single-use link."""

import re

from tests.conftest import login
from tests.factories import employer_user


def _link_from(mailbox, email) -> str:
    [message] = mailbox.to(email)
    return re.search(r"http://kurzer-draht\.test(/password/reset/\S+)", mailbox.text(message)).group(1)


def test_reset_link_arrives_by_mail_and_sets_a_new_password(client, mailbox):
    user = employer_user()
    response = client.post("/password/forgot", data={"email": user.email.upper()})
    assert response.status_code == 302
    path = _link_from(mailbox, user.email)
    assert client.get(path).status_code == 200
    response = client.post(path, data={"password": "ganz-neues-passwort", "confirm": "ganz-neues-passwort"})
    assert response.status_code == 302
    assert login(client, user, "ganz-neues-passwort").status_code == 302


def test_a_reset_link_works_only_once(client, mailbox):
    user = employer_user()
    client.post("/password/forgot", data={"email": user.email})
    path = _link_from(mailbox, user.email)
    client.post(path, data={"password": "ganz-neues-passwort", "confirm": "ganz-neues-passwort"})
    response = client.get(path)
    assert response.status_code == 400
    assert "Dieser Link gilt nicht mehr" in response.text


def test_an_expired_reset_link_is_refused(client, mailbox, app):
    user = employer_user()
    client.post("/password/forgot", data={"email": user.email})
    path = _link_from(mailbox, user.email)
    app.config["PASSWORD_RESET_MAX_AGE"] = -1
    assert client.get(path).status_code == 400


def test_a_tampered_reset_link_is_refused(client, mailbox):
    user = employer_user()
    client.post("/password/forgot", data={"email": user.email})
    path = _link_from(mailbox, user.email)
    assert client.get(path[:-3] + "xyz").status_code == 400
    assert client.get("/password/reset/garbage").status_code == 400


def test_unknown_addresses_get_the_same_answer_and_no_mail(client, mailbox):
    response = client.post("/password/forgot", data={"email": "niemand@example.org"}, follow_redirects=True)
    assert "Wenn es zu dieser Adresse einen Zugang gibt" in response.text
    assert mailbox.messages == []


def test_a_password_reset_signs_out_other_sessions(client, mailbox, app):
    user = employer_user()
    other = app.test_client()
    login(other, user)
    client.post("/password/forgot", data={"email": user.email})
    new = {"password": "ganz-neues-passwort", "confirm": "ganz-neues-passwort"}
    client.post(_link_from(mailbox, user.email), data=new)
    assert other.get("/employer/").status_code == 302


def test_the_answer_is_the_same_for_known_and_unknown_addresses_even_when_mail_fails(client, mailbox, app):
    """The attack: 503 for a known address when mail failed, 302 for an unknown one."""
    user = employer_user()
    app.config["MAIL_PORT"] = 1
    known = client.post("/password/forgot", data={"email": user.email})
    unknown = client.post("/password/forgot", data={"email": "niemand@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known.headers["Location"] == unknown.headers["Location"]


def test_the_address_is_looked_up_only_after_the_answer_went_out(client, app, monkeypatch, caplog):
    """Timing told known addresses apart (the mail was sent in the request): now the answer is
    complete before the lookup starts, so a failing lookup cannot change it."""
    import logging

    from matchmaker.services import accounts

    def broken(email):
        raise RuntimeError("lookup failed")

    monkeypatch.setattr(accounts, "find_user_by_email", broken)
    with caplog.at_level(logging.ERROR):
        response = client.post("/password/forgot", data={"email": employer_user().email})
    assert response.status_code == 302
    assert any("password reset mail failed after the response" in r.getMessage() for r in caplog.records)
