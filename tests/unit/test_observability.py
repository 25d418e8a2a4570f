"""Sentry: when a DSN is set, errors are reported, but no candidate data leaves the server."""

import json
import os

import pytest
import sentry_sdk
from flask import request
from sentry_sdk.transport import Transport

from matchmaker import create_app

SECRET_FORM_VALUE = "Ayşe aus Marxloh, geboren 1999"


class CapturingTransport(Transport):
    def __init__(self, options=None):
        super().__init__(options)
        self.envelopes = []

    def capture_envelope(self, envelope):
        self.envelopes.append(envelope)


@pytest.fixture
def sentry_app(migrated_database):
    transport = CapturingTransport()
    app = create_app({
        "TESTING": False, "PROPAGATE_EXCEPTIONS": False, "SECRET_KEY": "t",
        "SQLALCHEMY_DATABASE_URI": migrated_database, "WTF_CSRF_ENABLED": False,
        "SENTRY_DSN": "https://public@sentry.example/1", "SENTRY_TRANSPORT": transport,
    })

    @app.route("/boom", methods=["POST"])
    def boom():
        name = request.form["name"]  # a local variable holding personal data  # noqa: F841
        raise RuntimeError("something broke")

    yield app, transport
    sentry_sdk.init()  # switch reporting off again for the other tests


def test_errors_are_reported_without_form_data_cookies_or_local_variables(sentry_app):
    app, transport = sentry_app
    client = app.test_client()
    client.set_cookie("session", "secret-session-cookie")
    response = client.post("/boom?name=Ay%C5%9Fe", data={"name": SECRET_FORM_VALUE})
    assert response.status_code == 500
    assert "Traceback" not in response.text
    sentry_sdk.flush()

    events = [item.payload.json for env in transport.envelopes for item in env.items if item.type == "event"]
    assert len(events) == 1
    event = events[0]
    assert event["exception"]["values"][0]["value"] == "something broke"
    raw = json.dumps(event)
    assert SECRET_FORM_VALUE not in raw
    assert "Ayşe" not in raw and "Ay%C5%9Fe" not in raw
    assert "secret-session-cookie" not in raw
    request = event.get("request", {})
    assert "data" not in request and "cookies" not in request
    assert all("vars" not in frame for frame in event["exception"]["values"][0]["stacktrace"]["frames"])


def test_personal_data_collection_is_off(sentry_app):
    options = sentry_sdk.get_client().options
    assert not options.get("send_default_pii")  # sentry-sdk 2; 3 has only data_collection
    assert options["data_collection"]["user_info"] is False


def test_without_a_dsn_nothing_is_sent(app):
    assert sentry_sdk.get_client().dsn is None


PERSONAL = ("Ayşe", "Therapie nach Flucht", "Duldung", "ayse@example.org")


def _events(transport) -> list[dict]:
    sentry_sdk.flush()
    return [item.payload.json for env in transport.envelopes for item in env.items if item.type == "event"]


def test_a_database_error_with_personal_values_reaches_sentry_without_them(sentry_app):
    """A save that fails in the database: SQLAlchemy would write the row's values into the
    message ([parameters: …]); hide_parameters and the scrubber keep them home."""
    import sqlalchemy as sa

    from matchmaker.extensions import db
    from matchmaker.models import Candidate

    app, transport = sentry_app

    @app.route("/save-profile", methods=["POST"])
    def save_profile():
        db.session.add(Candidate(pseudonym="K-ZZZZ", first_name=PERSONAL[0], notes=PERSONAL[1],
                                 search_text=PERSONAL[2], consent_scope=PERSONAL[3]))  # no agency: NOT NULL fails
        db.session.commit()
        return "saved"

    with app.app_context():
        assert db.engine.hide_parameters
    response = app.test_client().post("/save-profile")
    assert response.status_code == 500
    [event] = _events(transport)
    raw = json.dumps(event, ensure_ascii=False)
    assert "IntegrityError" in raw  # the failure itself is reported
    for value in PERSONAL:
        assert value not in raw, value
    with app.app_context():
        db.session.rollback()
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Candidate)) == 0


def test_an_error_on_a_token_link_reports_neither_the_token_nor_the_address(sentry_app, monkeypatch):
    from matchmaker.services import accounts, tokens

    app, transport = sentry_app
    with app.test_request_context():
        token = tokens.make_token("password-reset", {"user": 7, "pw": "f00d"})  # a real one, made at run time

    address = "@".join(("ayse", "example.org"))  # joined at run time: source lines are reported too

    def broken(token_value):
        raise RuntimeError(f"lookup failed for {token_value} ({address})")

    monkeypatch.setattr(accounts, "user_from_reset_token", broken)
    assert app.test_client().get(f"/password/reset/{token}").status_code == 500
    [event] = _events(transport)
    raw = json.dumps(event, ensure_ascii=False)
    assert token not in raw and "ayse@example.org" not in raw
    for part in token.split("."):
        if len(part) > 8:
            assert part not in raw
    assert "/password/reset/[token]" in event["request"]["url"]


def test_log_messages_and_breadcrumbs_lose_their_values():
    from matchmaker.observability import scrub_breadcrumb, scrub_event

    event = {"logentry": {"message": "mail to %s failed", "params": ["ayse@example.org"],
                          "formatted": "mail to ayse@example.org failed"},
             "breadcrumbs": {"values": [{"message": "profile 'Ayşe' saved", "data": {"notes": PERSONAL[1]}}]},
             "extra": {"form": PERSONAL[1]}}
    raw = json.dumps(scrub_event(event), ensure_ascii=False)
    for value in PERSONAL:
        assert value not in raw
    assert scrub_breadcrumb({"message": "user ayse@example.org", "data": {"x": 1}}) == {"message": "user [email]"}


def test_a_job_failing_in_the_worker_reaches_sentry_without_personal_values(sentry_app, monkeypatch):
    """The worker's failures reach Sentry too (its RQ integration), scrubbed like the rest."""
    import redis

    from matchmaker import jobs

    app, transport = sentry_app
    connection = redis.Redis.from_url("redis://127.0.0.1:6379/15")
    try:
        connection.ping()
    except redis.ConnectionError:
        if os.environ.get("REQUIRE_REDIS") == "1":
            raise
        pytest.skip("no Redis")
    connection.flushdb()
    app.config["REDIS_URL"] = "redis://127.0.0.1:6379/15"

    def broken(kind, ids):
        raise RuntimeError(f"could not match {SECRET_FORM_VALUE}")

    monkeypatch.setitem(jobs.JOBS, "rematch", broken)
    monkeypatch.setattr(jobs, "RETRY_SECONDS", ())
    try:
        with app.app_context():
            jobs.rematch("candidate", [7])
        assert app.test_cli_runner().invoke(args=["worker", "--burst"]).exit_code == 0
        events = _events(transport)
        assert events, "the failed job was reported"
        text = json.dumps(events)
        assert "RuntimeError" in text and SECRET_FORM_VALUE not in text and "Ayşe" not in text
    finally:
        connection.flushdb()
