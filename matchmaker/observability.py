"""Error reporting with Sentry, set up so that no candidate data can leave the server."""

from __future__ import annotations

from typing import Any

from flask import Flask

# Request parts that may carry personal data: form fields, uploads, cookies, query strings.
_DROPPED_REQUEST_KEYS = ("data", "cookies", "query_string", "env")
_DROPPED_HEADERS = {"cookie", "authorization", "referer"}
_KEPT_HEADERS = ("host", "user-agent", "content-type", "content-length", "accept-language")


def scrub_event(event: dict[str, Any], _hint: dict[str, Any] | None = None) -> dict[str, Any]:
    """Sentry before_send: drop request bodies, cookies and form data, user and local variables."""
    request = event.get("request")
    if isinstance(request, dict):
        for key in _DROPPED_REQUEST_KEYS:
            request.pop(key, None)
        headers = request.get("headers")
        if isinstance(headers, dict):
            request["headers"] = {k: v for k, v in headers.items() if k.lower() not in _DROPPED_HEADERS}
        if isinstance(request.get("url"), str):
            request["url"] = request["url"].split("?", 1)[0]
    event.pop("user", None)
    for exception in (event.get("exception") or {}).get("values", []):
        for frame in (exception.get("stacktrace") or {}).get("frames", []):
            frame.pop("vars", None)
    return event


def init_sentry(app: Flask) -> None:
    dsn = app.config.get("SENTRY_DSN")
    if not dsn:
        return
    import sentry_sdk
    from sentry_sdk.integrations.flask import FlaskIntegration

    options: dict[str, Any] = {}
    if app.config.get("SENTRY_TRANSPORT") is not None:  # tests capture instead of sending
        options["transport"] = app.config["SENTRY_TRANSPORT"]
    sentry_sdk.init(
        dsn=dsn,
        integrations=[FlaskIntegration()],
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
        traces_sample_rate=0.0,
        **options,
    )
