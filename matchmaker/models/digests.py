"""Digest bookkeeping: which match went to whom, recorded only after the mail server took it."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..translations import lazy_gettext as _l
from .base import LabelledEnum, UTCDateTime, utcnow


class DigestFrequency(LabelledEnum):
    DAILY = "daily", _l("täglich")
    WEEKLY = "weekly", _l("wöchentlich")
    NEVER = "never", _l("keine Zusammenfassung")


class DigestEntry(db.Model):
    """A match that was in a digest to a user: each match goes to each user at most once."""

    __tablename__ = "digest_entries"
    __table_args__ = (sa.UniqueConstraint("user_id", "match_id", name="uq_digest_entries_user_match"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    match_id: Mapped[int] = mapped_column(sa.ForeignKey("matches.id", ondelete="CASCADE"), index=True)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
