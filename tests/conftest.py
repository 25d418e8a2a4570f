"""Fixtures for every test: an app on a migrated database (SQLite, or PostgreSQL when
TEST_DATABASE_URL is set), a real SMTP server on loopback, a client and login helpers.

Each test gets a fresh app; after it, every table is emptied, so tests never see each
other's rows.
"""

from __future__ import annotations

import contextvars
import os
import tempfile
import threading
import time
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest

# Settings from the developer's shell must not leak into tests.
for _name in ("DATABASE_URL", "SECRET_KEY", "SENTRY_DSN", "MAIL_SERVER", "MAIL_USERNAME",
              "MAIL_PASSWORD", "APP_ENV", "BASE_URL", "RATELIMIT_STORAGE_URI", "DISTRICTS_FILE"):
    os.environ.pop(_name, None)
os.environ["INSTANCE_PATH"] = tempfile.mkdtemp(prefix="kurzer-draht-test-instance-")

from aiosmtpd.controller import Controller  # noqa: E402
from flask.testing import FlaskClient  # noqa: E402
from flask_migrate import upgrade  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from matchmaker import create_app, jobs  # noqa: E402
from matchmaker.extensions import db, limiter  # noqa: E402
from matchmaker.services.districts import load_districts, read_district_file  # noqa: E402

from .factories import PASSWORD  # noqa: E402

# -- database ---------------------------------------------------------------------------

@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"


def _base_config(database_url: str, **overrides) -> dict:
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "BASE_URL": "http://kurzer-draht.test",
        "MAIL_SERVER": None,
        "EVALUATION_STALE_SECONDS": 0,  # figures counted anew after every write (one test allows older ones)
    }
    config.update(overrides)
    return config


@pytest.fixture(scope="session")
def migrated_database(database_url, tmp_path_factory) -> str:
    """Build the schema once per run through the real migrations, on a clean database."""
    app = create_app(_base_config(database_url))
    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "postgresql":
            if "test" not in (engine.url.database or ""):
                pytest.exit(f"refusing to wipe database {engine.url.database!r}: its name must contain 'test'")
            with engine.begin() as conn:
                conn.exec_driver_sql("DROP SCHEMA public CASCADE")
                conn.exec_driver_sql("CREATE SCHEMA public")
        upgrade()
        engine.dispose()
    return database_url


def _empty_all_tables() -> None:
    tables = [t.name for t in db.metadata.sorted_tables]
    with db.engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
        else:
            # Self-references (districts) and cycles (organisations <-> users) cannot be
            # deleted in any one order with foreign keys on.
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            for name in tables:
                conn.exec_driver_sql(f"DELETE FROM {name}")  # noqa: S608  (our own table names)
            conn.commit()
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")
        conn.commit()


# -- mail -------------------------------------------------------------------------------

class Mailbox:
    """What the loopback SMTP server received, parsed; `refuse` makes it reject recipients."""

    def __init__(self):
        self.messages: list[EmailMessage] = []
        self.refuse: set[str] = set()
        self.port = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]

    def wait_for(self, address: str, count: int = 1, timeout: float = 30.0) -> list[EmailMessage]:
        """Mails to `address` once `count` have come: for a live server, whose work after the
        response (registration, password reset) finishes a moment after the page. Generous, as
        a busy shared machine needs it (a wait, not a timing test)."""
        deadline = time.monotonic() + timeout
        while len(found := self.to(address)) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return found

    @staticmethod
    def text(message: EmailMessage) -> str:
        return message.get_body(preferencelist=("plain",)).get_content()

    @staticmethod
    def html(message: EmailMessage) -> str:
        return message.get_body(preferencelist=("html",)).get_content()


@pytest.fixture(scope="session")
def smtp_server():
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    mailbox.port = controller.port
    yield controller
    controller.stop()


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def mailbox(smtp_server) -> Mailbox:
    box: Mailbox = smtp_server.handler
    box.messages.clear()
    box.refuse.clear()
    return box


class IsolatedClient(FlaskClient):
    """Runs each request in a fresh context, as a real server does.

    Flask reuses an app context that is already pushed (the test's own), which would let
    `g` (and the login it caches) and the database session leak from one request into the
    next. Requests here see only the database, like a browser's would.
    """

    def open(self, *args, **kwargs):
        # Buffered, as a server sends the whole response and then closes it.
        kwargs.setdefault("buffered", True)
        response = contextvars.Context().run(super().open, *args, **kwargs)
        # What the request handed to the job thread (jobs, transaction.after_response) has run,
        # as it would have a moment later.
        jobs.drain(self.application)
        return response


# -- app --------------------------------------------------------------------------------

@pytest.fixture
def app(migrated_database, smtp_server, tmp_path):
    app = create_app(
        _base_config(
            migrated_database,
            MAIL_SERVER="127.0.0.1",
            MAIL_PORT=smtp_server.port,
            MAIL_USE_TLS=False,
            MAIL_OUTBOX_DIR=str(tmp_path / "outbox"),
        )
    )
    app.test_client_class = IsolatedClient
    limiter.reset()
    with app.app_context():
        load_districts(read_district_file())
        yield app
        jobs.shutdown(app)
        db.session.rollback()
        _empty_all_tables()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def login(client, user_or_email, password: str = PASSWORD):
    email = getattr(user_or_email, "email", user_or_email)
    return client.post("/login", data={"email": email, "password": password})


@pytest.fixture
def login_as(client):
    """Sign the test client in as a user: `login_as(user)`."""

    def _login(user):
        response = login(client, user)
        assert response.status_code == 302, "login failed"
        return client

    return _login


# -- live server -------------------------------------------------------------------------

@pytest.fixture
def live_server(app):
    """Serve the test's app on a free loopback port; yields the base URL. The matcher is built
    first, as `wsgi.py` builds it before serving: a browser's first slot or profile page must not
    wait seconds for the BA's list to be indexed (a test run alone timed out there)."""
    from matchmaker.services import matching

    matching.engine()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    base_url = f"http://127.0.0.1:{server.server_port}"
    app.config["BASE_URL"] = base_url
    app.config["WTF_CSRF_ENABLED"] = True
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield base_url
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


# A real Redis for the tests of jobs and of what processes share (db 15, emptied around each test).
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def queued(app):
    """The app with REDIS_URL set, on an empty Redis database."""
    import redis

    connection = redis.Redis.from_url(REDIS_URL)
    try:
        connection.ping()
    except redis.ConnectionError:
        if os.environ.get("REQUIRE_REDIS") == "1":
            raise
        pytest.skip("no Redis at " + REDIS_URL)
    connection.flushdb()
    app.config["REDIS_URL"] = REDIS_URL
    app.extensions.pop("jobs", None)
    yield app
    connection.flushdb()
    app.config["REDIS_URL"] = None
    app.extensions.pop("jobs", None)
