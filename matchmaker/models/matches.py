"""Matches (Vorschläge): a candidate and a slot that fit, with the matcher's score and reasons."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, utcnow

if TYPE_CHECKING:
    from .candidates import Candidate
    from .slots import Slot


class Match(db.Model):
    """Kept current by services.matching; `created_at` stays when a pair is re-scored, so
    "new since" questions (digests) have a stable answer."""

    __tablename__ = "matches"
    __table_args__ = (
        sa.UniqueConstraint("slot_id", "candidate_id", name="uq_matches_slot_candidate"),
        sa.CheckConstraint("score >= 0 AND score <= 100", name="score_range"),
        # No score in any index: a rebuild rewrites scores (migration 0016). A slot's matches are
        # found through the unique constraint, a profile's through this index.
        sa.Index("ix_matches_candidate_id", "candidate_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slot_id: Mapped[int] = mapped_column(sa.ForeignKey("slots.id", ondelete="CASCADE"))
    candidate_id: Mapped[int] = mapped_column(sa.ForeignKey("candidates.id", ondelete="CASCADE"))
    score: Mapped[float] = mapped_column(sa.Float)
    # [[code, params], ...] as the matcher explains them; shown through gettext (matchmaker/reasons.py).
    reasons: Mapped[list] = mapped_column(sa.JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    slot: Mapped[Slot] = relationship()
    candidate: Mapped[Candidate] = relationship()
