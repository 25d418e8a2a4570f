"""Friendly German error pages; never a stack trace."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from .api import problems

MESSAGES = {
    400: (_l("Anfrage nicht verständlich"), _l("Die Anfrage war unvollständig. Bitte versuchen Sie es noch einmal.")),
    403: (_l("Kein Zugriff"), _l("Diese Seite ist für Ihren Zugang nicht freigegeben.")),
    404: (_l("Seite nicht gefunden"), _l("Diese Seite gibt es nicht (mehr), oder sie ist für Sie nicht sichtbar.")),
    405: (_l("Nicht erlaubt"), _l("Diese Aktion ist hier nicht möglich.")),
    413: (_l("Datei zu groß"), _l("Die hochgeladene Datei ist zu groß.")),
    429: (
        _l("Zu viele Versuche"),
        _l("Es gab zu viele Versuche in kurzer Zeit. Bitte warten Sie einige Minuten "
           "oder setzen Sie Ihr Passwort zurück."),
    ),
    500: (
        _l("Ein Fehler ist aufgetreten"),
        _l("Das hat leider nicht geklappt. Wir kümmern uns darum; bitte versuchen Sie es später noch einmal."),
    ),
}


FALLBACK_500 = (
    "<!doctype html><html lang=de><meta charset=utf-8><title>Fehler – Kurzer Draht</title>"
    "<h1>Ein Fehler ist aufgetreten</h1><p>Bitte versuchen Sie es später noch einmal.</p>"
    "<p><a href=/>Zur Startseite</a></p></html>"
)


def render_error(status: int):
    title, text = MESSAGES.get(status, MESSAGES[500])
    return render_template("errors/error.html", status=status, title=title, text=text), status


def _api() -> bool:
    """Under /api/ every error is a problem document (JSON), never a page."""
    return request.path.startswith("/api/")


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(_error):
        title = _l("Formular abgelaufen")
        text = _l("Das Formular war zu lange geöffnet oder wurde schon abgeschickt. "
                  "Bitte laden Sie die Seite neu und versuchen Sie es noch einmal.")
        return render_template("errors/error.html", status=400, title=title, text=text), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400 or error.response is not None:
            return error
        if _api():
            return problems.from_exception(error)
        return render_error(error.code)

    @app.errorhandler(500)
    def server_error(error):
        if _api():
            return problems.from_exception(error if isinstance(error, HTTPException) else InternalServerError())
        try:
            return render_error(500)
        except Exception:  # the layout itself failed: still no stack trace for the user
            app.logger.exception("error page failed to render")
            return FALLBACK_500, 500, {"Content-Type": "text/html; charset=utf-8"}
