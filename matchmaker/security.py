"""Security headers on every response (Flask-Talisman), and no caching of pages for people who
are signed in: their pages and CSVs carry personal data."""

from __future__ import annotations

from flask import Flask, request
from flask_login import current_user
from flask_talisman import Talisman

# Strict: everything from this server only, no inline script or style (templates have none;
# static/js adds behaviour from files), no plugins, no framing, forms post only here.
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def plain_http(view):
    """A view that answers plain HTTP too (the health checks: a load balancer or systemd asks
    gunicorn directly, without TLS); Talisman reads these options per view."""
    view.talisman_view_options = {"force_https": False}
    return view


def init_security(app: Flask) -> None:
    https = app.config.get("PREFERRED_URL_SCHEME") == "https"
    Talisman(
        app,
        force_https=https and not app.testing,
        strict_transport_security=https,
        session_cookie_secure=https,
        session_cookie_http_only=True,
        content_security_policy=CONTENT_SECURITY_POLICY,
        frame_options="DENY",
        referrer_policy="same-origin",
        x_content_type_options=True,
    )

    @app.after_request
    def no_store_for_signed_in(response):
        # is_anonymous, not is_authenticated: it reads no column, so a page that committed at
        # its end (expiring the user) does not load the user again for this header
        if not current_user.is_anonymous and request.endpoint != "static":
            response.headers["Cache-Control"] = "no-store"
            response.headers["Pragma"] = "no-cache"
        return response
