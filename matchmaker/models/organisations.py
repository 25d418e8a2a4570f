"""Organisations: employers (Betriebe), agencies (Beratungsstellen) and the coordination office."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..translations import lazy_gettext as _l
from .base import LabelledEnum, UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from .districts import District
    from .users import User


class OrganisationKind(LabelledEnum):
    EMPLOYER = "employer", _l("Betrieb")
    AGENCY = "agency", _l("Beratungsstelle")
    COORDINATION = "coordination", _l("Koordinierungsstelle")


class Sector(LabelledEnum):
    HANDWERK = "handwerk", _l("Handwerk")
    HANDEL = "handel", _l("Handel")
    GEWERBE = "gewerbe", _l("Gewerbe")


class Chamber(LabelledEnum):
    HWK = "hwk", _l("Handwerkskammer (HWK)")
    IHK = "ihk", _l("Industrie- und Handelskammer (IHK)")
    NONE = "none", _l("keine Kammer")


class Carrier(LabelledEnum):
    STAEDTISCH = "staedtisch", _l("städtisch")
    FREI_GEMEINNUETZIG = "frei_gemeinnuetzig", _l("frei-gemeinnützig")


class VerificationStatus(LabelledEnum):
    PENDING = "pending", _l("wartet auf Prüfung")
    VERIFIED = "verified", _l("freigeschaltet")
    REJECTED = "rejected", _l("abgelehnt")


class Organisation(db.Model):
    __tablename__ = "organisations"
    __table_args__ = (
        sa.CheckConstraint(
            "kind != 'employer' OR (sector IS NOT NULL AND chamber IS NOT NULL)",
            name="employer_has_sector_and_chamber",
        ),
        sa.CheckConstraint("kind != 'agency' OR carrier IS NOT NULL", name="agency_has_carrier"),
        sa.CheckConstraint(
            "verified_at IS NULL OR rejected_at IS NULL", name="not_verified_and_rejected"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[OrganisationKind] = mapped_column(enum_column(OrganisationKind), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    address: Mapped[str] = mapped_column(sa.String(300), default="", server_default="")
    district_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("districts.id", ondelete="SET NULL"), index=True
    )
    phone: Mapped[str] = mapped_column(sa.String(40), default="", server_default="")
    sector: Mapped[Sector | None] = mapped_column(enum_column(Sector))
    chamber: Mapped[Chamber | None] = mapped_column(enum_column(Chamber))
    membership_number: Mapped[str | None] = mapped_column(sa.String(60))
    carrier: Mapped[Carrier | None] = mapped_column(enum_column(Carrier))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    verified_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL", use_alter=True)
    )
    rejected_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    rejected_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL", use_alter=True)
    )
    rejection_reason: Mapped[str | None] = mapped_column(sa.String(500))

    district: Mapped[District | None] = relationship()
    users: Mapped[list[User]] = relationship(
        back_populates="organisation",
        foreign_keys="User.organisation_id",
        order_by="User.display_name",
    )
    verified_by: Mapped[User | None] = relationship(foreign_keys=[verified_by_id])
    rejected_by: Mapped[User | None] = relationship(foreign_keys=[rejected_by_id])

    @property
    def verification_status(self) -> VerificationStatus:
        from ..domain.organisations import status  # the rule lives with its SQL twin

        return status(self)

    @property
    def is_verified(self) -> bool:
        """Agencies and the coordination office are created by coordinators, so trusted."""
        return self.verification_status is VerificationStatus.VERIFIED

    def __str__(self) -> str:
        return self.name
