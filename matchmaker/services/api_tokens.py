"""API tokens of an organisation: made, listed and revoked by its people; checked on every API call.

A token acts with the rights of the person who made it (the same scoped queries as the web),
narrowed to its scopes; it stops working when it expires, is revoked, or that person's access
ends. Only a hash is stored: the token itself is shown once.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ..extensions import db
from ..models import ApiToken, AuditAction, LabelledEnum, Role, User, utcnow
from ..models.audit import record

PREFIX = "kd_"
LAST_USE_PRECISION = timedelta(minutes=1)  # last use is written at most once a minute per token
LIFETIMES = (30, 90, 365)  # days a new token may be valid

SCOPES: dict[str, object] = {
    "slots:read": _l("Angebote lesen"),
    "slots:write": _l("Angebote anlegen und ändern"),
    "profiles:read": _l("Profile lesen (Betriebe: pseudonym, nur vorgeschlagene)"),
    "profiles:write": _l("Profile anlegen und ändern"),
    "matches:read": _l("Vorschläge und Kontakte lesen"),
    "contacts:write": _l("Kontakte vorschlagen, anfragen und beantworten"),
    "evaluation:read": _l("Auswertung lesen"),
}

# What each role may give a token: what the same person may do on the web.
ROLE_SCOPES: dict[Role, tuple[str, ...]] = {
    Role.EMPLOYER: ("slots:read", "slots:write", "profiles:read", "matches:read", "contacts:write"),
    Role.CASEWORKER: ("slots:read", "profiles:read", "profiles:write", "matches:read", "contacts:write",
                      "evaluation:read"),
    Role.COORDINATOR: ("evaluation:read",),
}


class TokenError(ValueError):
    """A token request the user can correct (message in German)."""


def allowed_scopes(user: User) -> tuple[str, ...]:
    return ROLE_SCOPES.get(user.role, ())


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def organisation_tokens(user: User) -> sa.Select:
    """The tokens of the user's own organisation, newest first: its people see and revoke them all."""
    return (sa.select(ApiToken).where(ApiToken.organisation_id == user.organisation_id)
            .order_by(ApiToken.created_at.desc(), ApiToken.id.desc()))


def create(actor: User, name: str, scopes: list[str], days: int) -> tuple[ApiToken, str]:
    """A new token and its secret (to be shown once)."""
    name = (name or "").strip()
    if not name or len(name) > 80:
        raise TokenError(_l("Bitte geben Sie dem Zugang einen Namen (höchstens 80 Zeichen)."))
    if not scopes:
        raise TokenError(_l("Bitte wählen Sie mindestens eine Berechtigung."))
    foreign = sorted(set(scopes) - set(allowed_scopes(actor)))
    if foreign:
        raise TokenError(_l("Diese Berechtigungen gibt es für Ihren Zugang nicht: %(scopes)s",
                            scopes=", ".join(foreign)))
    if days not in LIFETIMES:
        raise TokenError(_l("Bitte wählen Sie eine Gültigkeit."))
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(organisation_id=actor.organisation_id, created_by=actor, name=name,
                     scopes=" ".join(s for s in SCOPES if s in scopes), secret_hash=_hash(secret),
                     prefix=secret[:10], expires_at=utcnow() + timedelta(days=days))
    db.session.add(token)
    db.session.flush()
    record(actor, AuditAction.API_TOKEN_CREATE, token, name=name, scopes=token.scopes)
    return token, secret


def revoke(actor: User, token: ApiToken) -> None:
    """End a token of the actor's organisation at once (foreign tokens are not found by the caller)."""
    if token.organisation_id != actor.organisation_id:
        raise TokenError(_l("Dieser Zugang gehört nicht zu Ihrer Organisation."))
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        record(actor, AuditAction.API_TOKEN_REVOKE, token, name=token.name)


class TokenState(LabelledEnum):
    ACTIVE = "active", _l("aktiv")
    EXPIRED = "expired", _l("abgelaufen")
    REVOKED = "revoked", _l("widerrufen")
    DORMANT = "dormant", _l("ruht")  # its maker's access ended: the token has no rights to act with


def state(token: ApiToken, now: datetime | None = None) -> TokenState:
    """Revoked and expired are final and say why; whatever else stops a token is its maker."""
    now = now or utcnow()
    if token.revoked_at is not None:
        return TokenState.REVOKED
    if token.expires_at is not None and token.expires_at <= now:
        return TokenState.EXPIRED
    return TokenState.ACTIVE if is_usable(token, now) else TokenState.DORMANT


def is_usable(token: ApiToken, now: datetime | None = None) -> bool:
    now = now or utcnow()
    person = token.created_by
    return (token.revoked_at is None and (token.expires_at is None or token.expires_at > now)
            and person is not None and person.active and person.organisation_id == token.organisation_id)


def authenticate(secret: str) -> ApiToken | None:
    """The usable token for a secret, its last use noted; None for anything else."""
    if not secret.startswith(PREFIX) or len(secret) > 100:
        return None
    token = db.session.scalar(sa.select(ApiToken).where(ApiToken.secret_hash == _hash(secret)))
    now = utcnow()
    if token is None or not is_usable(token, now):
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USE_PRECISION:
        token.last_used_at = now
        db.session.commit()
    return token
