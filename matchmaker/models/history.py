"""Status history: every status a profile, slot or contact has had, and since when.

The database writes it itself (triggers of migration 0012, on insert and on every change of
`status`), so no code path can change a status without leaving its trace: the services, bulk
updates, retention and scripts alike. Figures "as of" a day read the last status at or before it.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import UTCDateTime


class HistorySource:
    """Where a row of the history comes from."""

    RECORDED = "recorded"  # written by the database at the change
    BACKFILL = "backfill"  # reconstructed from a stored timestamp or the audit log (migration 0012)
    ASSUMED = "assumed"  # reconstructed, its time unknown: the row's last update is taken instead


class StatusChange(db.Model):
    __tablename__ = "status_changes"
    __table_args__ = (
        sa.Index("ix_status_changes_subject", "subject", "subject_id", "changed_at"),
        sa.Index("ix_status_changes_time", "subject", "changed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str] = mapped_column(sa.String(20))  # the table: candidates, slots or contacts (0012)
    subject_id: Mapped[int]  # no foreign key: the history outlives a deleted row
    status: Mapped[str] = mapped_column(sa.String(20))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    source: Mapped[str] = mapped_column(sa.String(10), default=HistorySource.RECORDED,
                                        server_default=HistorySource.RECORDED)


class MatchHistory(db.Model):
    """Every candidate-slot pair the matcher ever proposed, with the time it was first found.

    The matches table holds only today's pairs (pausing or placing a person removes theirs), so
    last year's "people with a new match" would shrink with every removal. The database keeps
    this log itself (migration 0013: a trigger on every insert into matches; a pair found again
    keeps its first time)."""

    __tablename__ = "match_history"
    __table_args__ = (sa.Index("ix_match_history_first_found_at", "first_found_at"),)

    candidate_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)  # no foreign keys:
    slot_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)  # the log outlives the rows
    first_found_at: Mapped[datetime] = mapped_column(UTCDateTime())
