"""People who sign in; each belongs to one organisation, whose kind gives the role."""

from __future__ import annotations

import secrets
from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from ..translations import lazy_gettext as _l
from .base import LabelledEnum, UTCDateTime, enum_column, utcnow
from .digests import DigestFrequency
from .organisations import Organisation, OrganisationKind


class Role(LabelledEnum):
    EMPLOYER = "employer", _l("Betrieb")
    CASEWORKER = "caseworker", _l("Beratung")
    COORDINATOR = "coordinator", _l("Koordination")


ROLE_BY_KIND = {
    OrganisationKind.EMPLOYER: Role.EMPLOYER,
    OrganisationKind.AGENCY: Role.CASEWORKER,
    OrganisationKind.COORDINATION: Role.COORDINATOR,
}


def normalise_email(email: str) -> str:
    return email.strip().lower()


def _new_session_token() -> str:
    return secrets.token_urlsafe(16)


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        # Unique regardless of case, enforced by the database too.
        sa.Index("uq_users_email_lower", sa.func.lower(sa.text("email")), unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    email: Mapped[str] = mapped_column(sa.String(254))
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    display_name: Mapped[str] = mapped_column(sa.String(120))
    phone: Mapped[str] = mapped_column(sa.String(40), default="", server_default="")
    active: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # None until the person opened the link mailed at self-registration; invited people,
    # coordinators and demo logins are confirmed when they are made.
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=utcnow)
    digest_frequency: Mapped[DigestFrequency] = mapped_column(
        enum_column(DigestFrequency), default=DigestFrequency.WEEKLY, server_default=DigestFrequency.WEEKLY.value
    )
    # Matches older than this never count as new for the user (set when the account is made).
    digest_since: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, server_default=sa.func.now())
    last_digest_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Part of the login cookie; rotating it signs the user out everywhere.
    session_token: Mapped[str] = mapped_column(sa.String(32), default=_new_session_token)

    organisation: Mapped[Organisation] = relationship(
        back_populates="users", foreign_keys=[organisation_id]
    )

    @validates("email")
    def _normalise_email(self, _key: str, value: str) -> str:
        return normalise_email(value)

    @property
    def role(self) -> Role:
        return ROLE_BY_KIND[self.organisation.kind]

    @property
    def is_active(self) -> bool:  # Flask-Login asks this
        return self.active

    def get_id(self) -> str:
        from ..auth.sessions import cookie_id  # the cookie's format lives with the rules for it

        return cookie_id(self)

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)
        self.sign_out_everywhere()

    def sign_out_everywhere(self) -> None:
        """Invalidate every login cookie issued so far."""
        self.session_token = _new_session_token()

    def check_password(self, password: str) -> bool:
        if not self.password_hash:
            return False
        return check_password_hash(self.password_hash, password)

    def __str__(self) -> str:
        return self.display_name
