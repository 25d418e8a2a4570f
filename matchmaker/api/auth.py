"""Who calls: the bearer token of an organisation, and what it may do (its scopes).

The token acts with the rights of the person who made it: every view hands `caller()` to the same
scoped queries and services as the web, so the API can never show more than that person's pages.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps

from flask import abort, g, request

from ..models import ApiToken, User
from ..services import api_tokens


def _secret() -> str | None:
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    return secret.strip() if scheme.lower() == "bearer" and secret.strip() else None


def authenticate() -> None:
    """Before every API view: a usable token, or 401 (a missing, unknown, expired or revoked one)."""
    secret = _secret()
    token = api_tokens.authenticate(secret) if secret else None
    if token is None:
        abort(401)
    g.api_token = token


def token() -> ApiToken:
    return g.api_token


def caller() -> User:
    """The person the token acts for."""
    return g.api_token.created_by


def limit_key() -> str:
    """Limits count per presented token (before it is checked: unknown tokens are limited too)."""
    secret = _secret()
    if secret is None:
        return "anonymous:" + (request.remote_addr or "")
    return "token:" + hashlib.sha256(secret.encode()).hexdigest()[:24]


def requires(blp, scope: str) -> Callable:
    """The view needs this scope on the token (403 otherwise), checked before its arguments are
    read; the OpenAPI document says so. Put it right under `@blp.route`."""

    def decorate(view):
        @wraps(view)
        def checked(*args, **kwargs):
            if scope not in g.api_token.scope_list:
                abort(403, description=scope)
            return view(*args, **kwargs)

        return blp.doc(security=[{"token": [scope]}])(checked)

    return decorate
