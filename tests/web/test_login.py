"""Signing in and out: role homes, refusals, throttling, cookies, CSRF, redirects."""

import os

import pytest

from matchmaker.extensions import db
from tests.conftest import login
from tests.factories import PASSWORD, caseworker, coordinator, employer_user


@pytest.mark.parametrize(
    ("make_user", "home"),
    [(employer_user, "/employer/"), (caseworker, "/caseworker/"), (coordinator, "/coordinator/")],
)
def test_each_role_lands_on_its_own_home_page(client, make_user, home):
    user = make_user()
    assert login(client, user).headers["Location"] == "/home"
    assert client.get("/home").headers["Location"] == home
    page = client.get(home)
    assert page.status_code == 200
    assert user.display_name in page.text or "Koordination" in page.text


def test_email_is_matched_regardless_of_case(client):
    user = employer_user(email="Anna.Schmidt@Example.org")
    assert user.email == "anna.schmidt@example.org"
    assert login(client, "ANNA.SCHMIDT@example.ORG").status_code == 302


def test_wrong_password_shows_a_german_message_and_signs_nobody_in(client):
    user = employer_user()
    response = login(client, user, "falsches-passwort")
    assert response.status_code == 200
    assert "E-Mail-Adresse oder Passwort stimmen nicht." in response.text
    assert client.get("/employer/").status_code == 302  # still anonymous


def test_unknown_email_gets_the_same_message(client):
    response = login(client, "niemand@example.org")
    assert "E-Mail-Adresse oder Passwort stimmen nicht." in response.text


def test_empty_form_shows_field_errors(client):
    response = client.post("/login", data={"email": "", "password": ""})
    assert "Bitte geben Sie eine E-Mail-Adresse an." in response.text
    assert "Bitte geben Sie Ihr Passwort ein." in response.text


def test_deactivated_user_cannot_sign_in(client):
    user = employer_user(active=False)
    assert login(client, user).status_code == 200
    assert client.get("/home").status_code == 302


def test_deactivation_ends_a_running_session(client, login_as):
    user = employer_user()
    login_as(user)
    user.active = False
    db.session.commit()
    response = client.get("/employer/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_last_login_is_recorded(client):
    user = employer_user()
    assert user.last_login_at is None
    login(client, user)
    db.session.refresh(user)
    assert user.last_login_at is not None


def test_logout_needs_a_post_and_ends_the_session(client, login_as):
    login_as(employer_user())
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 302
    assert client.get("/employer/").status_code == 302


def test_next_parameter_leads_back_to_a_local_page(client):
    user = employer_user()
    response = client.post("/login?next=/team/", data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/team/"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", "team"])
def test_next_parameter_never_leads_off_site(client, target):
    user = employer_user()
    response = client.post(f"/login?next={target}", data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/home"


def test_session_cookie_is_httponly_and_samesite_lax(client):
    user = employer_user()
    response = login(client, user)
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("session="))
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_passwords_are_stored_with_a_current_hash(app):
    user = employer_user()
    user.set_password("ein-neues-passwort")
    assert user.password_hash.startswith(("scrypt:", "pbkdf2:sha256:"))
    assert "ein-neues-passwort" not in user.password_hash


# -- throttling ---------------------------------------------------------------------------

def test_repeated_failures_from_one_address_lock_that_address_out_of_the_account(client, app):
    user = employer_user()
    for _ in range(5):
        assert login(client, user, "falsch-falsch").status_code == 200
    response = login(client, user)
    assert response.status_code == 429
    assert "Zu viele Versuche" in response.text


def test_someone_guessing_elsewhere_cannot_lock_the_owner_out(client, app):
    """The attack: five wrong passwords for someone else's address used to give the owner 429."""
    owner = employer_user()
    for _ in range(6):
        client.post("/login", data={"email": owner.email, "password": "falsch-falsch"},
                    environ_base={"REMOTE_ADDR": "203.0.113.9"})
    response = app.test_client().post("/login", data={"email": owner.email, "password": PASSWORD},
                                      environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert response.status_code == 302


def test_a_locked_account_does_not_lock_other_accounts(client):
    victim, other = employer_user(), employer_user()
    for _ in range(6):
        login(client, victim, "falsch-falsch")
    assert login(client, other).status_code == 302


def test_successful_logins_do_not_count_as_failures(client):
    user = employer_user()
    for _ in range(8):
        assert login(client, user).status_code == 302
        client.post("/logout")


def test_many_failures_from_one_address_are_throttled_across_accounts(client, app):
    app.config["LOGIN_LIMIT_PER_ADDRESS"] = "3 per 15 minutes"
    users = [employer_user() for _ in range(4)]
    for user in users[:3]:
        login(client, user, "falsch-falsch")
    assert login(client, users[3]).status_code == 429


def test_failures_from_another_address_are_counted_separately(client, app):
    app.config["LOGIN_LIMIT_PER_ADDRESS"] = "3 per 15 minutes"
    users = [employer_user() for _ in range(4)]
    for user in users[:3]:
        login(client, user, "falsch-falsch")
    response = client.post(
        "/login", data={"email": users[3].email, "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "10.0.0.99"},
    )
    assert response.status_code == 302


# -- CSRF ---------------------------------------------------------------------------------

def test_forms_without_a_csrf_token_are_refused_with_a_friendly_page(client, app):
    app.config["WTF_CSRF_ENABLED"] = True
    user = employer_user()
    response = login(client, user)
    assert response.status_code == 400
    assert "Formular abgelaufen" in response.text
    assert client.get("/employer/").status_code == 302


def test_forms_with_the_csrf_token_from_the_page_work(client, app):
    app.config["WTF_CSRF_ENABLED"] = True
    user = employer_user()
    page = client.get("/login").text
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post("/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302


WORKER = """
import sys
from matchmaker import create_app
from tests.conftest import _base_config

database, storage, email, tries = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
app = create_app(_base_config(database, RATELIMIT_STORAGE_URI=storage))
client = app.test_client()
print(" ".join(str(client.post("/login", data={"email": email, "password": "falsch"}).status_code)
               for _ in range(tries)))
"""


def _worker(database: str, storage: str, email: str, tries: int) -> list[int]:
    """One gunicorn worker's view: its own process, its own limiter."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", WORKER, database, storage, email, str(tries)], capture_output=True,
                          text=True, check=True, timeout=120)
    return [int(code) for code in done.stdout.split()]


@pytest.mark.parametrize(("storage", "sixth"), [("redis://127.0.0.1:6379/15", 429), ("memory://", 200)],
                         ids=["redis", "memory"])
def test_with_redis_storage_two_workers_count_failures_together(app, storage, sixth):
    """The attack: with the in-memory store each worker counted on its own, so an attacker got
    five tries per worker. The README's production setting (Redis) shares the count."""
    import redis

    if storage.startswith("redis"):
        try:
            redis.Redis.from_url(storage).flushdb()
        except redis.exceptions.ConnectionError:
            if os.environ.get("REQUIRE_REDIS") == "1":
                raise
            pytest.skip("no Redis on 127.0.0.1:6379")
    victim = employer_user()
    database = app.config["SQLALCHEMY_DATABASE_URI"]
    first = _worker(database, storage, victim.email, 3)
    second = _worker(database, storage, victim.email, 3)
    assert first == [200, 200, 200] and second[:2] == [200, 200]
    assert second[2] == sixth
    if storage.startswith("redis"):
        redis.Redis.from_url(storage).flushdb()
