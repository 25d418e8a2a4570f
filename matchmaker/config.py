"""Every setting of the app, read from the environment once, with defaults and validation.

`instance_path(environ, …)` and `load_settings(environ, instance_path)` are the only places that
read os.environ; the README table lists the same names.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

ENVIRONMENTS = ("development", "production")
MIN_SECRET_BYTES = 32


class ConfigError(RuntimeError):
    """A setting is missing or malformed; the message says which and how to fix it."""


def _flag(value: str | None, default: bool = False) -> bool:
    if value is None or value.strip() == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"Expected a yes/no value, got {value!r}")


def _int(name: str, value: str | None, default: int) -> int:
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a whole number, got {value!r}") from exc


def _number(name: str, value: str | None, default: float) -> float:
    if value is None or value.strip() == "":
        return default
    try:
        number = float(value)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a number, got {value!r}") from exc
    if not 0 <= number <= 100:
        raise ConfigError(f"{name} must be between 0 and 100, got {value!r}")
    return number


def normalise_database_url(url: str) -> str:
    """Accept the URL forms hosting providers hand out and pick the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _secret_key(environ: Mapping[str, str], env: str, instance: Path) -> str:
    key = environ.get("SECRET_KEY", "").strip()
    if key and env == "production" and len(key.encode()) < MIN_SECRET_BYTES:
        raise ConfigError(
            f"SECRET_KEY is too short ({len(key.encode())} bytes): in production it must be at least "
            f"{MIN_SECRET_BYTES} bytes of random text (python -c 'import secrets; print(secrets.token_hex(32))')."
        )
    if key:
        return key
    if env == "production":
        raise ConfigError(
            "SECRET_KEY is not set. In production the app refuses to start without one: "
            "set SECRET_KEY to a long random value (python -c 'import secrets; "
            "print(secrets.token_hex(32))')."
        )
    # Development: generate once and keep it, so sessions survive a restart.
    key_file = instance / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def _mail_server(environ: Mapping[str, str], env: str) -> str | None:
    """Without a mail server, mail goes to .eml files in the outbox: fine for development, but in
    production reset links and invitations would lie on disk, so it must be asked for."""
    server = environ.get("MAIL_SERVER", "").strip() or None
    if server is None and env == "production" and not _flag(environ.get("MAIL_OUTBOX")):
        raise ConfigError(
            "MAIL_SERVER is not set. In production the app refuses to write mail (reset links, "
            "invitations) to the outbox folder unless MAIL_OUTBOX=1 says so."
        )
    return server


def instance_path(environ: Mapping[str, str], project_root: str) -> str:
    """Where the app keeps its SQLite file, secret key and mail outbox: INSTANCE_PATH, or
    `instance/` in the project."""
    return environ.get("INSTANCE_PATH", "").strip() or str(Path(project_root) / "instance")


def _pool(environ: Mapping[str, str]) -> dict[str, int]:
    """Database connections kept per process (DB_POOL_SIZE) and opened beyond them at peaks
    (DB_MAX_OVERFLOW); SQLAlchemy's own defaults (5 and 10) where not set. The README's sizing
    note says what each kind of process needs."""
    found = {}
    for name, option in (("DB_POOL_SIZE", "pool_size"), ("DB_MAX_OVERFLOW", "max_overflow")):
        if (environ.get(name) or "").strip():
            found[option] = _int(name, environ.get(name), 0)
            if found[option] < (1 if option == "pool_size" else 0):
                raise ConfigError(f"{name} must be at least {1 if option == 'pool_size' else 0}")
    return found


def load_settings(environ: Mapping[str, str], instance_path: str) -> dict[str, object]:
    """Build the Flask config mapping from environment variables."""
    instance = Path(instance_path)
    env = environ.get("APP_ENV", "development").strip() or "development"
    if env not in ENVIRONMENTS:
        raise ConfigError(f"APP_ENV must be one of {', '.join(ENVIRONMENTS)}, got {env!r}")

    database_url = environ.get("DATABASE_URL", "").strip()
    if not database_url:
        instance.mkdir(parents=True, exist_ok=True)
        database_url = f"sqlite:///{instance / 'kurzer-draht.sqlite'}"

    base_url = environ.get("BASE_URL", "http://127.0.0.1:5000").strip().rstrip("/")
    parts = urlsplit(base_url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ConfigError(f"BASE_URL must look like https://kurzer-draht.example, got {base_url!r}")
    https = parts.scheme == "https"

    mail_port = _int("MAIL_PORT", environ.get("MAIL_PORT"), 587)
    return {
        "APP_ENV": env,
        "SECRET_KEY": _secret_key(environ, env, instance),
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(database_url),
        # hide_parameters: a failing statement's message never carries the values it wrote
        # (names, notes, residence status) into logs or error reports.
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, "hide_parameters": True, **_pool(environ)},
        "BASE_URL": base_url,
        "BEHIND_PROXY": _flag(environ.get("BEHIND_PROXY")),
        # Cookies: never readable from scripts, not sent on cross-site POSTs.
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": https,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_DURATION": timedelta(days=_int("LOGIN_MAX_AGE_DAYS", environ.get("LOGIN_MAX_AGE_DAYS"), 14)),
        # A login lasts at most this long (remember-me included); staff who see personal data
        # are signed out after this many idle minutes (matchmaker/auth/sessions.py).
        "LOGIN_MAX_AGE_DAYS": _int("LOGIN_MAX_AGE_DAYS", environ.get("LOGIN_MAX_AGE_DAYS"), 14),
        "IDLE_TIMEOUT_MINUTES": _int("IDLE_TIMEOUT_MINUTES", environ.get("IDLE_TIMEOUT_MINUTES"), 30),
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": https,
        "PREFERRED_URL_SCHEME": parts.scheme,
        "MAX_CONTENT_LENGTH": _int("MAX_UPLOAD_MB", environ.get("MAX_UPLOAD_MB"), 5) * 1024 * 1024,
        "SENTRY_DSN": environ.get("SENTRY_DSN", "").strip() or None,
        "MAIL_SERVER": _mail_server(environ, env),
        "MAIL_PORT": mail_port,
        "MAIL_USE_TLS": _flag(environ.get("MAIL_USE_TLS"), default=mail_port == 587),
        "MAIL_USERNAME": environ.get("MAIL_USERNAME", "").strip() or None,
        "MAIL_PASSWORD": environ.get("MAIL_PASSWORD") or None,
        "MAIL_DEFAULT_SENDER": environ.get("MAIL_DEFAULT_SENDER", "").strip()
        or "Kurzer Draht <no-reply@kurzer-draht.example>",
        "MAIL_OUTBOX_DIR": str(instance / "outbox"),
        # Who runs this deployment, for the pages "Datenschutz" and "Impressum" (a city may
        # also replace those pages: instance/templates/legal/*.html).
        "LEGAL_OPERATOR": environ.get("LEGAL_OPERATOR", "").strip() or "Koordinierungsstelle Kurzer Draht",
        "LEGAL_ADDRESS": environ.get("LEGAL_ADDRESS", "").strip() or "Anschrift bitte in LEGAL_ADDRESS eintragen",
        "LEGAL_EMAIL": environ.get("LEGAL_EMAIL", "").strip() or "datenschutz@kurzer-draht.example",
        "LEGAL_DPO": environ.get("LEGAL_DPO", "").strip() or None,
        # A person at the coordination office whom businesses reach: shown to a rejected
        # business and set as Reply-To on the mails that invite a reply.
        "COORDINATION_EMAIL": environ.get("COORDINATION_EMAIL", "").strip() or "koordination@kurzer-draht.example",
        "COORDINATION_PHONE": environ.get("COORDINATION_PHONE", "").strip() or None,
        "LEGAL_REPRESENTATIVE": environ.get("LEGAL_REPRESENTATIVE", "").strip() or None,
        "RETENTION_PROFILE_MONTHS": _int("RETENTION_PROFILE_MONTHS", environ.get("RETENTION_PROFILE_MONTHS"), 24),
        "RETENTION_CONTACT_MONTHS": _int("RETENTION_CONTACT_MONTHS", environ.get("RETENTION_CONTACT_MONTHS"), 12),
        "RETENTION_AUDIT_MONTHS": _int("RETENTION_AUDIT_MONTHS", environ.get("RETENTION_AUDIT_MONTHS"), 24),
        # Jobs (re-matching) go to a queue on this Redis and a worker runs them (`flask worker`);
        # without it they run in the web process after the response (matchmaker/jobs.py).
        "REDIS_URL": environ.get("REDIS_URL", "").strip() or None,
        # "json": one JSON object per log line (for a log collector); "text": one line of text;
        # unset: leave logging as the server (gunicorn) sets it up. Lines carry the request id.
        "LOG_FORMAT": _log_format(environ.get("LOG_FORMAT", "")),
        "RATELIMIT_STORAGE_URI": _limit_storage(environ, env),
        # Calls per API token (Flask-Limiter notation); a 429 says when to try again (Retry-After).
        "API_RATE_LIMIT": environ.get("API_RATE_LIMIT", "").strip() or "300 per minute",
        "LOGIN_LIMIT_PER_ACCOUNT": environ.get("LOGIN_LIMIT_PER_ACCOUNT", "").strip()
        or "5 per 15 minutes",
        "LOGIN_LIMIT_PER_ADDRESS": environ.get("LOGIN_LIMIT_PER_ADDRESS", "").strip()
        or "20 per 15 minutes",
        "PASSWORD_RESET_MAX_AGE": _int(
            "PASSWORD_RESET_MAX_AGE", environ.get("PASSWORD_RESET_MAX_AGE"), 3600
        ),
        "INVITATION_MAX_AGE": _int(
            "INVITATION_MAX_AGE", environ.get("INVITATION_MAX_AGE"), 14 * 24 * 3600
        ),
        "MATCH_MIN_SCORE": _number("MATCH_MIN_SCORE", environ.get("MATCH_MIN_SCORE"), 50.0),
        # Evaluation figures counted before the last write are still shown (and counted anew in
        # the background) while they are younger than this; the page says how old they are.
        "EVALUATION_STALE_SECONDS": _int("EVALUATION_STALE_SECONDS", environ.get("EVALUATION_STALE_SECONDS"), 600),
        "DISTRICTS_FILE": environ.get("DISTRICTS_FILE", "").strip() or None,
        "BABEL_DEFAULT_LOCALE": "de",
        "BABEL_DEFAULT_TIMEZONE": environ.get("TIMEZONE", "").strip() or "Europe/Berlin",
        "LANGUAGES": ("de",),
    }


def _log_format(value: str) -> str | None:
    value = value.strip().lower()
    if value not in ("", "json", "text"):
        raise ConfigError(f"LOG_FORMAT must be json or text, got {value!r}")
    return value or None


def _limit_storage(environ: Mapping[str, str], env: str) -> str:
    """Where failed logins are counted. In production a shared store (Redis): with memory://
    every process counts on its own, and each one more gives an attacker five more tries."""
    uri = environ.get("RATELIMIT_STORAGE_URI", "").strip() or "memory://"
    if env == "production" and uri.startswith("memory://"):
        raise ConfigError("RATELIMIT_STORAGE_URI must name a shared store in production, e.g. "
                          "redis://127.0.0.1:6379/1: with memory:// each server process counts failed logins "
                          "on its own.")
    return uri
