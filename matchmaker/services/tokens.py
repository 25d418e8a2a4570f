"""Signed, expiring tokens for links in mail (password reset, invitations)."""

from __future__ import annotations

import hashlib

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from ..extensions import db


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"kurzer-draht/{purpose}")


def fingerprint(value: str | None) -> str:
    """A short digest that changes when the value changes (makes reset links single-use)."""
    return hashlib.sha256((value or "").encode()).hexdigest()[:16]


def make_token(purpose: str, payload: dict) -> str:
    return _serializer(purpose).dumps(payload)


def read_token(purpose: str, token: str, max_age: int) -> dict | None:
    """The payload, or None when the token is forged, for another purpose, or expired."""
    try:
        payload = _serializer(purpose).loads(token, max_age=max_age)
    except BadSignature:  # SignatureExpired is a BadSignature too
        return None
    return payload if isinstance(payload, dict) else None


def load_from_token(purpose: str, token: str, max_age: int, model, key: str):
    """The object a token names (payload[key] is its id), or None if the token does not hold."""
    payload = read_token(purpose, token, max_age)
    if payload is None:
        return None, None
    return db.session.get(model, payload.get(key)), payload
