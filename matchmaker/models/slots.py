"""Slots (Angebote): placement and training places that employers post."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..translations import lazy_gettext as _l
from .base import LabelledEnum, UTCDateTime, enum_column, utcnow
from .enums import GermanLevel, PayUnit, SchoolCertificate, SlotKind, WorkingTime

if TYPE_CHECKING:
    from .districts import District
    from .organisations import Organisation
    from .users import User


class SlotStatus(LabelledEnum):
    DRAFT = "draft", _l("Entwurf")
    OPEN = "open", _l("offen")
    PAUSED = "paused", _l("pausiert")
    FILLED = "filled", _l("besetzt")
    CLOSED = "closed", _l("geschlossen")


class Slot(db.Model):
    __tablename__ = "slots"
    __table_args__ = (
        sa.CheckConstraint("open_positions >= 0 AND open_positions <= 500", name="open_positions_range"),
        sa.CheckConstraint("weekly_hours IS NULL OR (weekly_hours BETWEEN 1 AND 60)", name="weekly_hours_range"),
        sa.CheckConstraint("duration_weeks IS NULL OR (duration_weeks BETWEEN 1 AND 104)", name="duration_range"),
        sa.Index("ix_slots_organisation_status", "organisation_id", "status"),
        sa.Index("ix_slots_organisation_id_id", "organisation_id", "id"),  # an employer's slots, newest first (API)
        sa.Index("ix_slots_status_kind", "status", "kind"),
        # lists, newest first (services.slots.filtered): an employer's slots, the city's open ones
        sa.Index("ix_slots_organisation_created", "organisation_id", "created_at", "id"),
        sa.Index("ix_slots_status_created", "status", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id", ondelete="CASCADE"))
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    contact_person_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(200))
    # A KldB 2010 code the employer confirmed; it beats what the matcher recognises in the title.
    occupation_code: Mapped[str | None] = mapped_column(sa.String(5))
    kind: Mapped[SlotKind] = mapped_column(enum_column(SlotKind))
    description: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    # Short tags as typed ("Kassieren", "Staplerschein"); kept with the row, searched via search_text.
    skills: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    min_german: Mapped[GermanLevel] = mapped_column(enum_column(GermanLevel), index=True)
    language_support: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    district_id: Mapped[int | None] = mapped_column(sa.ForeignKey("districts.id", ondelete="SET NULL"), index=True)
    street_address: Mapped[str] = mapped_column(sa.String(300), default="", server_default="")
    start_date: Mapped[date | None]  # None: ab sofort
    open_positions: Mapped[int] = mapped_column(default=1, server_default="1")
    weekly_hours: Mapped[int | None]
    duration_weeks: Mapped[int | None]
    driving_licence_required: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    shift_work: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    transit_note: Mapped[str] = mapped_column(sa.String(300), default="", server_default="")
    pay_from: Mapped[int | None]  # whole euros
    pay_to: Mapped[int | None]
    pay_unit: Mapped[PayUnit | None] = mapped_column(enum_column(PayUnit))
    pay_collective: Mapped[bool] = mapped_column(default=False, server_default=sa.false())  # "nach Tarif"
    working_time: Mapped[WorkingTime | None] = mapped_column(enum_column(WorkingTime))
    fixed_term_months: Mapped[int | None]  # None: not fixed-term
    school_certificate: Mapped[SchoolCertificate | None] = mapped_column(enum_column(SchoolCertificate))
    publish_until: Mapped[date | None]  # the slot closes itself after this day
    status: Mapped[SlotStatus] = mapped_column(enum_column(SlotStatus), default=SlotStatus.DRAFT)
    # Lower-cased title and skills, so list filters need no JSON functions.
    search_text: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    organisation: Mapped[Organisation] = relationship()
    district: Mapped[District | None] = relationship()
    contact_person: Mapped[User | None] = relationship(foreign_keys=[contact_person_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])

    def __str__(self) -> str:
        return self.title
