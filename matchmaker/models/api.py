"""API access: an organisation's tokens (stored hashed, scoped, revocable) and the answers kept
for idempotency keys, so a POST sent twice does its work once."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, utcnow
from .organisations import Organisation
from .users import User


class ApiToken(db.Model):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    # The token acts with the rights of the person who made it, never more (see services.api_tokens).
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(80))
    scopes: Mapped[str] = mapped_column(sa.String(200))  # space-separated, e.g. "slots:read slots:write"
    secret_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)  # sha256 of the whole token
    prefix: Mapped[str] = mapped_column(sa.String(16))  # the first characters, to tell tokens apart
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    organisation: Mapped[Organisation] = relationship()
    created_by: Mapped[User] = relationship()

    @property
    def scope_list(self) -> list[str]:
        return self.scopes.split()


class IdempotentRequest(db.Model):
    """The first answer to a POST with an `Idempotency-Key`, per token, kept for a day."""

    __tablename__ = "api_idempotency"
    __table_args__ = (sa.UniqueConstraint("token_id", "key", name="uq_api_idempotency_token_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    token_id: Mapped[int] = mapped_column(sa.ForeignKey("api_tokens.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(sa.String(100))
    # method, path and body: a key reused for another request is refused
    fingerprint: Mapped[str] = mapped_column(sa.String(64))
    status: Mapped[int]
    body: Mapped[Any] = mapped_column(sa.JSON)
    location: Mapped[str | None] = mapped_column(sa.String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
