"""Errors of the API as problem details (RFC 9457, application/problem+json), in German or English
(Accept-Language), with a pointer to each field that was refused."""

from __future__ import annotations

import math
import time

from flask import current_app, request
from marshmallow import Schema, fields
from werkzeug.exceptions import HTTPException

CONTENT_TYPE = "application/problem+json"

# status -> (German title, English title, German detail, English detail)
TEXTS: dict[int, tuple[str, str, str, str]] = {
    400: ("Anfrage nicht verständlich", "Bad request", "Die Anfrage ist kein gültiges JSON oder unvollständig.",
          "The request is not valid JSON or incomplete."),
    401: ("Anmeldung nötig", "Authentication required",
          "Bitte senden Sie ein gültiges Token: Authorization: Bearer kd_…",
          "Please send a valid token: Authorization: Bearer kd_…"),
    403: ("Keine Berechtigung", "Forbidden", "Das Token hat diese Berechtigung nicht.",
          "The token lacks this scope."),
    404: ("Nicht gefunden", "Not found", "Das gibt es nicht, oder es ist für Ihre Organisation nicht sichtbar.",
          "It does not exist, or your organisation may not see it."),
    405: ("Methode nicht erlaubt", "Method not allowed", "Diese Methode gibt es hier nicht.",
          "This method is not available here."),
    409: ("Konflikt", "Conflict", "Das passt nicht zum jetzigen Stand.", "This conflicts with the current state."),
    412: ("Inzwischen geändert", "Precondition failed",
          "Der Datensatz wurde inzwischen geändert (If-Match passt nicht). Bitte laden Sie ihn neu.",
          "The record changed meanwhile (If-Match does not match). Please fetch it again."),
    415: ("Falsches Format", "Unsupported media type", "Bitte senden Sie application/json.",
          "Please send application/json."),
    422: ("Eingaben nicht gültig", "Invalid input", "Einige Angaben sind nicht gültig; siehe errors.",
          "Some values are invalid; see errors."),
    428: ("If-Match fehlt", "Precondition required",
          "Änderungen brauchen den ETag des gelesenen Datensatzes im Header If-Match.",
          "Changes need the ETag of the record read, in the If-Match header."),
    429: ("Zu viele Anfragen", "Too many requests", "Bitte warten Sie, bis Retry-After abgelaufen ist.",
          "Please wait until Retry-After has passed."),
    500: ("Fehler auf dem Server", "Server error", "Das hat leider nicht geklappt; wir kümmern uns darum.",
          "Something went wrong on our side; we are looking into it."),
}

# marshmallow's messages in German (the rest stays as marshmallow says it)
GERMAN = {
    "Missing data for required field.": "Pflichtfeld fehlt.",
    "Field may not be null.": "Darf nicht leer (null) sein.",
    "Not a valid string.": "Kein gültiger Text.",
    "Not a valid integer.": "Keine gültige ganze Zahl.",
    "Not a valid boolean.": "Kein gültiger Wahrheitswert (true/false).",
    "Not a valid date.": "Kein gültiges Datum (JJJJ-MM-TT).",
    "Not a valid list.": "Keine gültige Liste.",
    "Unknown field.": "Unbekanntes Feld.",
    "Invalid input type.": "Ungültiger Typ.",
    "Must be one of: ": "Erlaubt ist eines von: ",
    "Length must be between ": "Die Länge muss liegen zwischen ",
    "Longer than maximum length ": "Länger als ",
    "Must be greater than or equal to ": "Muss mindestens sein: ",
    "Must be less than or equal to ": "Darf höchstens sein: ",
    "Invalid value.": "Ungültiger Wert.",
    "Contains control characters.": "Enthält Steuerzeichen.",
    "Not a valid cursor.": "Kein gültiger Cursor (next_cursor der vorigen Seite).",
}


class FieldProblemSchema(Schema):
    pointer = fields.String(metadata={"description": "JSON pointer into the body, e.g. /title"})
    parameter = fields.String(metadata={"description": "query or header parameter, e.g. kind"})
    detail = fields.String(required=True)


class ProblemSchema(Schema):
    type = fields.String(required=True)
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String()
    errors = fields.List(fields.Nested(FieldProblemSchema))


def english() -> bool:
    return (request.accept_languages.best_match(["de", "en"]) or "de") == "en"


def _german(message: str) -> str:
    for source, target in GERMAN.items():
        if message.startswith(source):
            return target + message[len(source):]
    return message


def _flatten(messages, path: str, location: str, out: list[dict]) -> None:
    if isinstance(messages, dict):
        for key, inner in messages.items():
            _flatten(inner, f"{path}/{key}", location, out)
    elif isinstance(messages, list) and messages and all(isinstance(m, str) for m in messages):
        for message in messages:
            detail = message if english() else _german(message)
            if location == "json":
                out.append({"pointer": path or "/", "detail": detail})
            else:
                out.append({"parameter": path.lstrip("/").split("/")[0], "detail": detail})
    elif isinstance(messages, list):
        for index, inner in enumerate(messages):
            _flatten(inner, f"{path}/{index}", location, out)
    elif isinstance(messages, str):
        _flatten([messages], path, location, out)


def field_errors(messages: dict) -> list[dict]:
    """webargs' {location: {field: [messages]}} as a list of pointers and parameters."""
    out: list[dict] = []
    for location, inner in (messages or {}).items():
        _flatten(inner, "", location, out)
    return out


def problem(status: int, detail: str | None = None, errors: list[dict] | None = None, headers: dict | None = None):
    de_title, en_title, de_detail, en_detail = TEXTS.get(status, TEXTS[500] if status >= 500 else TEXTS[400])
    body = {"type": "about:blank", "title": en_title if english() else de_title, "status": status,
            "detail": detail or (en_detail if english() else de_detail)}
    if errors:
        body["errors"] = errors
    response = current_app.response_class(current_app.json.dumps(body), status=status, mimetype=CONTENT_TYPE)
    response.headers["Content-Language"] = "en" if english() else "de"
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def from_exception(error: HTTPException):
    """The problem for an HTTP error raised anywhere under /api/."""
    status = error.code or 500
    data = getattr(error, "data", None) or {}
    headers = dict(data.get("headers") or {})
    errors = field_errors(data.get("messages")) if "messages" in data else data.get("errors")
    detail = None
    if status == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="api"'
    elif status == 403 and error.description and ":" in error.description:
        detail = (f"The token lacks the scope {error.description}." if english()
                  else f"Das Token hat die Berechtigung {error.description} nicht.")
    elif status == 429:
        headers["Retry-After"] = str(_retry_after())
    elif isinstance(data.get("detail"), str):
        detail = data["detail"]
    return problem(status, detail, errors, headers)


def _retry_after() -> int:
    from ..extensions import limiter

    current = limiter.current_limit
    return max(1, math.ceil(current.reset_at - time.time())) if current else 60
