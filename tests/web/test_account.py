"""Everybody edits their own name, phone and password on "Ihr Zugang" (issue 12)."""

from __future__ import annotations

from matchmaker.extensions import db
from matchmaker.models import AuditAction, AuditLog
from tests.conftest import login
from tests.factories import PASSWORD, caseworker, employer_user


def test_name_and_phone_are_edited_and_bad_input_is_kept_with_its_message(client, login_as):
    user = caseworker(display_name="Jonas Berger")
    login_as(user)
    response = client.post("/account", data={"display_name": "Jonas Berger-Kaya", "phone": "0203 4711"})
    assert response.status_code == 302
    db.session.refresh(user)
    assert (user.display_name, user.phone) == ("Jonas Berger-Kaya", "0203 4711")
    response = client.post("/account", data={"display_name": "", "phone": "ruf mich an"})
    assert response.status_code == 422
    assert 'data-testid="error-display_name"' in response.text and 'value="ruf mich an"' in response.text
    db.session.refresh(user)
    assert user.display_name == "Jonas Berger-Kaya"


def test_a_new_password_needs_the_current_one_and_ends_every_other_login(client, login_as, app):
    user = employer_user()
    elsewhere = app.test_client()
    login(elsewhere, user)
    login_as(user)
    wrong = client.post("/account/password", data={"current": "falsch-falsch-falsch", "password": "ein-neues-passwort",
                                                   "confirm": "ein-neues-passwort"})
    assert wrong.status_code == 422 and "Das bisherige Passwort stimmt nicht." in wrong.text
    ok = client.post("/account/password", data={"current": PASSWORD, "password": "ein-neues-passwort",
                                                "confirm": "ein-neues-passwort"})
    assert ok.status_code == 302
    assert client.get("/account").status_code == 200  # this login goes on
    assert elsewhere.get("/account").status_code == 302  # the other one ended
    db.session.refresh(user)
    assert user.check_password("ein-neues-passwort")
    actions = set(db.session.scalars(db.select(AuditLog.action).where(AuditLog.actor_id == user.id)))
    assert AuditAction.USER_PASSWORD_CHANGE.value in actions


def test_guessing_the_current_password_is_throttled(client, login_as):
    """The attack: someone at an unlocked computer tries passwords to take the account over."""
    login_as(employer_user())
    codes = [client.post("/account/password", data={"current": f"rate-{n}-xxxxxxx", "password": "ein-neues-passwort",
                                                     "confirm": "ein-neues-passwort"}).status_code for n in range(7)]
    assert codes[:5] == [422] * 5 and codes[-1] == 429
