"""How long a login lasts, and how it ends.

A login cookie (session or remember-me) names the user, their session version and the time of
sign-in. Signing out, changing the password or being deactivated rotates the version, so every
cookie issued before stops working on the server, wherever it is kept. A login lasts at most
`LOGIN_MAX_AGE_DAYS`, remember-me included; caseworkers and coordinators, who see personal data,
are signed out after `IDLE_TIMEOUT_MINUTES` without a request.
"""

from __future__ import annotations

import time

from flask import Flask, current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import Role, User

IDLE_ROLES = (Role.CASEWORKER, Role.COORDINATOR)
_SEEN = "seen"


def cookie_id(user: User, now: float | None = None) -> str:
    """What a login cookie carries: id, session version, and when the login began."""
    return f"{user.id}:{user.session_token}:{int(now if now is not None else time.time())}"


def load_user(cookie: str) -> User | None:
    """The user a login cookie names, unless it was revoked, is too old, or the user inactive."""
    parts = cookie.split(":")
    if len(parts) != 3 or not parts[0].isdigit() or not parts[2].isdigit():
        return None  # a cookie from before logins carried their age: sign in again
    raw_id, token, began = parts
    if time.time() - int(began) > current_app.config["LOGIN_MAX_AGE_DAYS"] * 86400:
        return None
    # with its organisation: every signed-in page asks the role (one round trip less per page)
    user = db.session.get(User, int(raw_id), options=[joinedload(User.organisation)])
    if user is None or not user.active or user.session_token != token:
        return None
    return user


def end_everywhere(user: User) -> None:
    """Sign out: every cookie of this user, on every device, stops working."""
    user.sign_out_everywhere()
    logout_user()
    session.pop(_SEEN, None)


def _idle_check():
    if request.endpoint == "static" or request.path.startswith("/api/"):  # the API knows no sessions
        return None
    if not current_user.is_authenticated or current_user.role not in IDLE_ROLES:
        return None
    now, seen = time.time(), session.get(_SEEN)
    if seen is not None and now - seen > current_app.config["IDLE_TIMEOUT_MINUTES"] * 60:
        logout_user()
        session.pop(_SEEN, None)
        flash(_("Sie wurden nach längerer Pause abgemeldet. Bitte melden Sie sich wieder an."), "info")
        return redirect(url_for("auth.login", next=request.full_path if request.method == "GET" else None))
    session[_SEEN] = now
    return None


def init_sessions(app: Flask) -> None:
    app.before_request(_idle_check)
