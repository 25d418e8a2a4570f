"""The Api object and how it is wired in: OpenAPI document, docs page, token check, limits, errors."""

from __future__ import annotations

import http

from flask import Flask, current_app, render_template, request
from flask_smorest import Api
from flask_smorest.utils import prepare_response

from ..extensions import csrf, limiter
from . import auth, problems

PREFIX = "/api/v1"


class KurzerDrahtApi(Api):
    """flask-smorest's Api with RFC 9457 problem details as every error answer, documented as such."""

    ERROR_SCHEMA = problems.ProblemSchema
    DEFAULT_ERROR_RESPONSE_NAME = "DEFAULT_ERROR"

    def _register_error_handlers(self):
        """The app's own handler (matchmaker.errors) answers API paths with problems, pages with HTML."""

    def _register_responses(self):
        for status in http.HTTPStatus:
            response = {"description": status.phrase}
            if status >= 400:
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, problems.CONTENT_TYPE)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "Fehler (problem details, RFC 9457)", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, problems.CONTENT_TYPE)
        self.spec.components.response(self.DEFAULT_ERROR_RESPONSE_NAME, response)


SPEC_KWARGS = {
    "info": {"description": (
        "Die Schnittstelle von Kurzer Draht für Fachverfahren von Beratungsstellen, Kammern und Städten. "
        "Anmeldung mit einem Token der Organisation (`Authorization: Bearer kd_…`), angelegt unter "
        "„Team → API-Zugänge“. Jede Antwort zeigt genau das, was dieselbe Person im Web sähe.")},
    "servers": [{"url": "/"}],
}
_PREPARED: list = []


def _blueprints() -> list:
    """The API's blueprints, made ready once per process (the token check, the limit, no CSRF:
    a bearer token is not sent by a browser on its own)."""
    from . import contacts, evaluation, matches, profiles, reference, slots

    if not _PREPARED:
        for module in (reference, slots, profiles, matches, contacts, evaluation):
            blueprint = module.blp
            blueprint.before_request(auth.authenticate)
            csrf.exempt(blueprint)
            limiter.limit(lambda: current_app.config["API_RATE_LIMIT"], key_func=auth.limit_key,
                          scope="api")(blueprint)
            _PREPARED.append(blueprint)
    return _PREPARED


def init_api(app: Flask) -> None:
    app.config.setdefault("API_TITLE", "Kurzer Draht API")
    app.config.setdefault("API_VERSION", "v1")
    app.config.setdefault("OPENAPI_VERSION", "3.1.0")
    app.config.setdefault("OPENAPI_URL_PREFIX", PREFIX)
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    api = KurzerDrahtApi(app, spec_kwargs=SPEC_KWARGS)
    app.extensions["kurzer_draht_api"] = api
    api.spec.components.security_scheme("token", {
        "type": "http", "scheme": "bearer",
        "description": "Token der Organisation; die Berechtigungen (scopes) stehen bei jeder Operation."})
    from . import profiles, schemas

    api.spec.components.schema("Reason", schema=schemas.ReasonSchema)
    profiles.register(api.spec)
    for blueprint in _blueprints():
        api.register_blueprint(blueprint)

    @app.route(PREFIX + "/docs")
    def api_docs():
        return render_template("api/docs.html", spec=api.spec.to_dict())

    @app.after_request
    def api_not_cached(response):
        if request.path.startswith(PREFIX + "/") and request.path != PREFIX + "/openapi.json":
            response.headers["Cache-Control"] = "no-store"
        return response
