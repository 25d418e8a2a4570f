"""Error reporting with Sentry, set up so that no candidate data can leave the server."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask

# Request parts that may carry personal data: form fields, uploads, cookies, query strings.
_DROPPED_REQUEST_KEYS = ("data", "cookies", "query_string", "env")
_DROPPED_HEADERS = {"cookie", "authorization", "referer"}
_KEPT_HEADERS = ("host", "user-agent", "content-type", "content-length", "accept-language")


# Path segments after these carry a secret: reset, invitation and unsubscribe tokens.
_TOKEN_PATHS = re.compile(r"(/(?:password/reset|invitation|unsubscribe)/)[^/?#\s]+")
# In free text: anything quoted or bracketed (SQL parameters, values in messages), addresses,
# long token-like runs, and numbers. What stays is the shape of the message, for debugging.
_SECRETS = [
    (re.compile(r"\[parameters:.*?\](?=\s*(?:\(|$))", re.S), "[parameters: …]"),
    # PostgreSQL repeats the row or key in its own words ("Failing row contains (…)")
    (re.compile(r"\b(DETAIL|HINT|CONTEXT|WHERE):[^\n]*"), r"\1: …"),
    (re.compile(r"'[^']*'|\"[^\"]*\"|„[^“]*“"), "'…'"),
    (re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"), "[email]"),
    # signed tokens: payload.timestamp.signature, the signature with a digit, - or _
    (re.compile(r"[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\.(?=[A-Za-z]*[\d_\-])[A-Za-z0-9_\-]{10,}"), "[token]"),
    (re.compile(r"\b(?=[A-Za-z_\-]*\d)[A-Za-z0-9_\-]{20,}"), "[token]"),
    (re.compile(r"\d+"), "0"),
]


def scrub_text(text: str) -> str:
    """A message without the values it may carry."""
    text = _TOKEN_PATHS.sub(r"\1[token]", text)
    for pattern, replacement in _SECRETS:
        text = pattern.sub(replacement, text)
    return text


def _scrub_url(url: str) -> str:
    return _TOKEN_PATHS.sub(r"\1[token]", url.split("?", 1)[0])


def scrub_event(event: dict[str, Any], _hint: dict[str, Any] | None = None) -> dict[str, Any]:
    """Sentry before_send: drop request bodies, cookies, query strings, user and local variables;
    replace tokens in paths; strip values from exception and log messages and breadcrumbs."""
    request = event.get("request")
    if isinstance(request, dict):
        for key in _DROPPED_REQUEST_KEYS:
            request.pop(key, None)
        headers = request.get("headers")
        if isinstance(headers, dict):
            request["headers"] = {k: v for k, v in headers.items() if k.lower() not in _DROPPED_HEADERS}
        if isinstance(request.get("url"), str):
            request["url"] = _scrub_url(request["url"])
    if isinstance(event.get("transaction"), str):
        event["transaction"] = _scrub_url(event["transaction"])
    for key in ("user", "extra", "server_name"):
        event.pop(key, None)
    for exception in (event.get("exception") or {}).get("values", []):
        if isinstance(exception.get("value"), str):
            exception["value"] = scrub_text(exception["value"])
        for frame in (exception.get("stacktrace") or {}).get("frames", []):
            frame.pop("vars", None)
    logentry = event.get("logentry")
    if isinstance(logentry, dict):
        logentry.pop("params", None)
        for key in ("message", "formatted"):
            if isinstance(logentry.get(key), str):
                logentry[key] = scrub_text(logentry[key])
    if isinstance(event.get("message"), str):
        event["message"] = scrub_text(event["message"])
    crumbs = event.get("breadcrumbs")
    values = crumbs.get("values", []) if isinstance(crumbs, dict) else crumbs or []
    for crumb in values:
        crumb.pop("data", None)
        if isinstance(crumb.get("message"), str):
            crumb["message"] = scrub_text(crumb["message"])
    return event


def scrub_breadcrumb(crumb: dict[str, Any], _hint: dict[str, Any] | None = None) -> dict[str, Any]:
    """Sentry before_breadcrumb: the same scrubbing, before anything is kept in memory."""
    crumb.pop("data", None)
    if isinstance(crumb.get("message"), str):
        crumb["message"] = scrub_text(crumb["message"])
    return crumb


def init_sentry(app: Flask) -> None:
    dsn = app.config.get("SENTRY_DSN")
    if not dsn:
        return
    import sentry_sdk
    from sentry_sdk.integrations.flask import FlaskIntegration
    from sentry_sdk.integrations.rq import RqIntegration

    options: dict[str, Any] = {}
    if app.config.get("SENTRY_TRANSPORT") is not None:  # tests capture instead of sending
        options["transport"] = app.config["SENTRY_TRANSPORT"]
    sentry_sdk.init(
        dsn=dsn,
        integrations=[FlaskIntegration(), RqIntegration()],  # RQ: a job failing in the worker (`jobs`)
        environment=app.config["APP_ENV"],
        # Personal data stays off (send_default_pii's successor): no user, cookies, bodies,
        # query strings, SQL parameters or local variables; only a few harmless headers.
        data_collection={
            "user_info": False,
            "cookies": {"mode": "off"},
            "http_headers": {"request": {"mode": "allowlist", "terms": list(_KEPT_HEADERS)}},
            "http_bodies": [],
            "url_query_params": {"mode": "off"},
            "database_query_data": False,
            "stack_frame_variables": False,
        },
        max_request_body_size="never",
        before_send=scrub_event,
        before_breadcrumb=scrub_breadcrumb,
        traces_sample_rate=0.0,
        **options,
    )
