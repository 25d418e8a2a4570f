"""Tokens and calls for API tests."""

from __future__ import annotations

from datetime import timedelta

from matchmaker import transaction
from matchmaker.models import User
from matchmaker.services import api_tokens


def token_for(user: User, scopes: list[str] | None = None, name: str = "Fachverfahren") -> str:
    """A committed token of the user's organisation with these scopes (default: all the role may have)."""
    _token, secret = api_tokens.create(user, name, scopes or list(api_tokens.allowed_scopes(user)), 90)
    transaction.commit()
    return secret


def bearer(secret: str, **headers) -> dict:
    return {"Authorization": f"Bearer {secret}", **headers}


def expire(secret: str) -> None:
    from matchmaker.extensions import db
    from matchmaker.models import ApiToken, utcnow

    token = db.session.query(ApiToken).filter_by(secret_hash=api_tokens._hash(secret)).one()
    token.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
