"""Candidate profiles (Profile): pseudonymous, consented, kept by an agency."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..translations import lazy_gettext as _l
from .base import LabelledEnum, UTCDateTime, enum_column, utcnow
from .enums import GermanLevel, OriginRegion, WorkPermit

if TYPE_CHECKING:
    from .districts import District
    from .organisations import Organisation
    from .users import User


class CandidateStatus(LabelledEnum):
    ACTIVE = "active", _l("aktiv")
    PAUSED = "paused", _l("pausiert")
    PLACED = "placed", _l("vermittelt")
    WITHDRAWN = "withdrawn", _l("zurückgezogen")


CONSENT_SCOPE = "pseudonymous_profile_to_verified_employers"
CONSENT_SCOPE_TEXT = _l("Das pseudonyme Profil darf freigeschalteten Betrieben gezeigt werden.")

candidate_districts = sa.Table(
    "candidate_districts",
    db.metadata,
    sa.Column("candidate_id", sa.ForeignKey("candidates.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("district_id", sa.ForeignKey("districts.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Candidate(db.Model):
    __tablename__ = "candidates"
    __table_args__ = (
        sa.UniqueConstraint("pseudonym", name="uq_candidates_pseudonym"),
        sa.Index("ix_candidates_agency_id_id", "agency_id", "id"),  # an agency's profiles, newest first (API)
        sa.Index("ix_candidates_agency_created", "agency_id", "created_at", "id"),  # the same on the web's list
        sa.CheckConstraint("birth_year IS NULL OR birth_year BETWEEN 1900 AND 2100", name="birth_year_range"),
        sa.CheckConstraint(
            "consent_recorded_at IS NOT NULL AND consent_scope IS NOT NULL", name="consent_recorded"
        ),
        sa.CheckConstraint(
            "status != 'withdrawn' OR (first_name IS NULL AND consent_withdrawn_at IS NOT NULL)",
            name="withdrawn_is_erased",
        ),
        sa.Index("ix_candidates_agency_status", "agency_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id", ondelete="CASCADE"))
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    pseudonym: Mapped[str] = mapped_column(sa.String(12))
    # Personal fields: agency only, erased when consent is withdrawn.
    first_name: Mapped[str | None] = mapped_column(sa.String(80))
    last_initial: Mapped[str | None] = mapped_column(sa.String(3))
    notes: Mapped[str | None] = mapped_column(sa.Text)
    other_languages: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    skills: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)  # [{"name", "years"}]
    # [{"name", "years"}], plus "kldb" where the caseworker confirmed a KldB 2010 code.
    occupations: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    qualifications: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)  # [{"name", "recognition"}]
    work_permit: Mapped[WorkPermit | None] = mapped_column(enum_column(WorkPermit))
    share_work_permit: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    driving_licence: Mapped[bool | None]  # class B; None: not asked
    # Kept for anonymous reports after a withdrawal.
    birth_year: Mapped[int | None]
    origin_region: Mapped[OriginRegion] = mapped_column(
        enum_column(OriginRegion), default=OriginRegion.KEINE_ANGABE
    )
    german_level: Mapped[GermanLevel] = mapped_column(enum_column(GermanLevel), index=True)
    german_certified: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    desired_kinds: Mapped[list[str]] = mapped_column(sa.JSON, default=list)  # SlotKind values
    available_from: Mapped[date | None]  # None: sofort
    placed_on: Mapped[date | None]  # the day the last placement began, through a contact or elsewhere
    status: Mapped[CandidateStatus] = mapped_column(enum_column(CandidateStatus), default=CandidateStatus.ACTIVE)
    consent_given_on: Mapped[date | None]
    consent_recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    consent_recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    consent_scope: Mapped[str] = mapped_column(sa.String(60), default=CONSENT_SCOPE)
    consent_withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    search_text: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    agency: Mapped[Organisation] = relationship()
    districts: Mapped[list[District]] = relationship(secondary=candidate_districts, order_by="District.name")
    consent_recorded_by: Mapped[User | None] = relationship(foreign_keys=[consent_recorded_by_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])

    @property
    def display_name(self) -> str:
        """What the agency sees; everybody else only ever sees the pseudonym."""
        if self.first_name:
            return f"{self.first_name} {self.last_initial or ''}".strip()
        return self.pseudonym

    @property
    def is_withdrawn(self) -> bool:
        return self.status is CandidateStatus.WITHDRAWN

    def __str__(self) -> str:
        return self.pseudonym
