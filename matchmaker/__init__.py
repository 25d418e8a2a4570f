"""Kurzer Draht: the app factory. Config, extensions, blueprints, CLI and error pages."""

from __future__ import annotations

import os
from collections.abc import Mapping

from flask import Flask, has_request_context, request
from werkzeug.middleware.proxy_fix import ProxyFix

from .config import instance_path, load_settings


def create_app(config: Mapping[str, object] | None = None) -> Flask:
    project_root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    app = Flask(
        __name__,
        instance_path=instance_path(os.environ, project_root),
        template_folder=os.path.join(project_root, "templates"),
        static_folder=os.path.join(project_root, "static"),
    )
    app.config.update(load_settings(os.environ, app.instance_path))
    if config:
        app.config.update(config)

    register_extensions(app)
    register_blueprints(app)
    from . import errors, logs, observability, security, templating

    templating.register(app)
    security.init_security(app)
    from .cli import register_cli

    errors.register(app)
    observability.init_sentry(app)
    logs.init_logging(app)
    register_cli(app)
    app.wsgi_app = _collector_paused(app.wsgi_app)
    if app.config["BEHIND_PROXY"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)
    return app


def _collector_paused(wsgi_app):
    """Each request runs with the cyclic collector paused, to its end (teardown included; no
    response streams): matchmaker/matching/collector.py says why."""
    from .matching import collector

    def paused(environ, start_response):
        with collector.paused():
            return wsgi_app(environ, start_response)

    return paused


def register_extensions(app: Flask) -> None:
    from . import models  # noqa: F401  (registers every table with the metadata)
    from .extensions import babel, csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    project_root = os.path.dirname(app.root_path)
    migrate.init_app(app, db, directory=os.path.join(project_root, "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=_select_locale)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    login_manager.session_protection = "basic"
    from .auth.sessions import init_sessions, load_user

    login_manager.user_loader(load_user)
    init_sessions(app)


def _select_locale() -> str:
    from flask import current_app

    if not has_request_context():  # mail rendered by the CLI
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    return request.accept_languages.best_match(current_app.config["LANGUAGES"]) or "de"


def register_blueprints(app: Flask) -> None:
    from .auth import bp as auth_bp
    from .caseworker import bp as caseworker_bp
    from .contacts import bp as contacts_bp
    from .coordinator import bp as coordinator_bp
    from .employer import bp as employer_bp
    from .evaluation import bp as evaluation_bp
    from .imports import bp as imports_bp
    from .notifications import bp as notifications_bp
    from .public import bp as public_bp
    from .team import bp as team_bp

    app.register_blueprint(public_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(team_bp, url_prefix="/team")
    app.register_blueprint(employer_bp, url_prefix="/employer")
    app.register_blueprint(caseworker_bp, url_prefix="/caseworker")
    app.register_blueprint(coordinator_bp, url_prefix="/coordinator")
    app.register_blueprint(contacts_bp, url_prefix="/contacts")
    app.register_blueprint(evaluation_bp, url_prefix="/evaluation")
    app.register_blueprint(imports_bp, url_prefix="/import")
    app.register_blueprint(notifications_bp, url_prefix="/notifications")
    from .api import init_api

    init_api(app)
