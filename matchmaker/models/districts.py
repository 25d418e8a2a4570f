"""The city's districts: Stadtbezirke with their Ortsteile, loaded from a data file."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..translations import lazy_gettext as _l
from .base import LabelledEnum, enum_column


class DistrictLevel(LabelledEnum):
    BEZIRK = "bezirk", _l("Stadtbezirk")
    ORTSTEIL = "ortsteil", _l("Ortsteil")


class District(db.Model):
    __tablename__ = "districts"
    __table_args__ = (
        sa.UniqueConstraint("name", name="uq_districts_name"),
        sa.CheckConstraint(
            "(level = 'bezirk' AND parent_id IS NULL) OR (level = 'ortsteil' AND parent_id IS NOT NULL)",
            name="level_matches_parent",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    level: Mapped[DistrictLevel] = mapped_column(enum_column(DistrictLevel))
    parent_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("districts.id", ondelete="RESTRICT"), index=True
    )
    is_model_quarter: Mapped[bool] = mapped_column(default=False, server_default=sa.false())

    parent: Mapped[District | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[District]] = relationship(
        back_populates="parent", order_by="District.name"
    )

    @property
    def bezirk(self) -> District:
        """The Stadtbezirk this district belongs to (itself, for a Stadtbezirk)."""
        return self.parent if self.parent is not None else self

    def __str__(self) -> str:
        return self.name
