"""Sentry: when a DSN is set, errors are reported, but no candidate data leaves the server."""

import json

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
    assert not options["send_default_pii"]
    assert options["data_collection"]["user_info"] is False


def test_without_a_dsn_nothing_is_sent(app):
    assert sentry_sdk.get_client().dsn is None
