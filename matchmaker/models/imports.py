"""Uploaded import files waiting between preview and confirmation."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..translations import lazy_gettext as _l
from .base import LabelledEnum, UTCDateTime, enum_column, utcnow


class ImportKind(LabelledEnum):
    CANDIDATES = "candidates", _l("Profile")
    SLOTS = "slots", _l("Angebote")


class ImportBatch(db.Model):
    __tablename__ = "import_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ImportKind] = mapped_column(enum_column(ImportKind))
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    filename: Mapped[str] = mapped_column(sa.String(200))
    content: Mapped[bytes] = mapped_column(sa.LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    imported_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    imported_rows: Mapped[int | None]
