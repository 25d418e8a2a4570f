"""Contacts (Kontakte): the short wire. One side proposes, the other accepts or declines; after
acceptance both see each other's direct line, and the outcome is tracked with dates."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..translations import lazy_gettext as _l
from .base import LabelledEnum, UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from .candidates import Candidate
    from .slots import Slot
    from .users import User


class ContactStatus(LabelledEnum):
    PROPOSED = "proposed", _l("wartet auf Antwort")
    ACCEPTED = "accepted", _l("angenommen")
    DECLINED = "declined", _l("abgelehnt")
    CLOSED = "closed", _l("nicht mehr aktuell")


class Initiator(LabelledEnum):
    CASEWORKER = "caseworker", _l("Beratungsstelle")
    EMPLOYER = "employer", _l("Betrieb")


class DeclineReason(LabelledEnum):
    NO_PLACE = "no_place", _l("Kein Platz mehr frei")
    NOT_SUITABLE = "not_suitable", _l("Passt fachlich nicht")
    LANGUAGE = "language", _l("Deutschkenntnisse reichen noch nicht")
    TIMING = "timing", _l("Zeitlich passt es nicht")
    PERSON_DECLINED = "person_declined", _l("Die Person möchte nicht")
    OTHER = "other", _l("Anderer Grund")


class Outcome(LabelledEnum):
    CONTACTED = "contacted", _l("Kontakt aufgenommen")
    MEETING = "meeting", _l("Kennenlernen oder Probearbeit vereinbart")
    PRAKTIKUM = "praktikum", _l("Praktikum begonnen")
    EQ = "eq", _l("EQ begonnen")
    AUSBILDUNG = "ausbildung", _l("Ausbildung begonnen")
    ARBEITSVERTRAG = "arbeitsvertrag", _l("Arbeitsvertrag begonnen")
    FAILED = "failed", _l("nicht zustande gekommen")

    @property
    def is_placement(self) -> bool:
        """Something began: the person is placed and the slot has one place fewer."""
        return self in (Outcome.PRAKTIKUM, Outcome.EQ, Outcome.AUSBILDUNG, Outcome.ARBEITSVERTRAG)


class EventKind(LabelledEnum):
    """What happened to a contact, as its history lists it."""

    PROPOSED = "proposed", _l("angefragt")
    ACCEPTED = "accepted", _l("angenommen")
    DECLINED = "declined", _l("abgelehnt")
    OUTCOME = "outcome", _l("Ergebnis")
    CLOSED = "closed", _l("nicht mehr aktuell")


OPEN_STATUSES = (ContactStatus.PROPOSED.value, ContactStatus.ACCEPTED.value)


class Contact(db.Model):
    __tablename__ = "contacts"
    __table_args__ = (
        # One open contact per pair; a double click or a second tab cannot make two.
        sa.Index("uq_contacts_open_pair", "slot_id", "candidate_id", unique=True,
                 sqlite_where=sa.text("status IN ('proposed', 'accepted')"),
                 postgresql_where=sa.text("status IN ('proposed', 'accepted')")),
        sa.Index("ix_contacts_status_created", "status", "created_at"),
        sa.Index("ix_contacts_status_initiated_by", "status", "initiated_by"),  # what waits for a side
        # One side's contacts by inbox section, newest first; its counts from the index alone.
        sa.Index("ix_contacts_agency_section", "agency_id", "status", "created_at", "initiated_by"),
        sa.Index("ix_contacts_employer_section", "employer_id", "status", "created_at", "initiated_by"),
        sa.CheckConstraint("status != 'declined' OR decline_reason IS NOT NULL", name="declined_has_reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slot_id: Mapped[int] = mapped_column(sa.ForeignKey("slots.id", ondelete="CASCADE"), index=True)
    candidate_id: Mapped[int] = mapped_column(sa.ForeignKey("candidates.id", ondelete="CASCADE"), index=True)
    # The two sides' organisations, copied from the slot and the profile when the contact is
    # made (see `_sides`; neither changes): every page asks which contacts are an organisation's,
    # and these answer it from an index instead of joining slots and profiles first.
    employer_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id", ondelete="CASCADE"))
    agency_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id", ondelete="CASCADE"))
    initiated_by: Mapped[Initiator] = mapped_column(enum_column(Initiator))
    proposed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    message: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    status: Mapped[ContactStatus] = mapped_column(enum_column(ContactStatus), default=ContactStatus.PROPOSED)
    share_first_name: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    answered_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    decline_reason: Mapped[DeclineReason | None] = mapped_column(enum_column(DeclineReason))
    decline_text: Mapped[str] = mapped_column(sa.String(500), default="", server_default="")
    closed_reason: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    outcome: Mapped[Outcome | None] = mapped_column(enum_column(Outcome))
    outcome_on: Mapped[date | None]
    outcome_note: Mapped[str] = mapped_column(sa.String(500), default="", server_default="")
    placed_on: Mapped[date | None]  # the day a placement began: reports count time to it

    slot: Mapped[Slot] = relationship()
    candidate: Mapped[Candidate] = relationship()
    proposed_by: Mapped[User | None] = relationship(foreign_keys=[proposed_by_id])
    answered_by: Mapped[User | None] = relationship(foreign_keys=[answered_by_id])

    @property
    def is_open(self) -> bool:
        return self.status in (ContactStatus.PROPOSED, ContactStatus.ACCEPTED)


@sa.event.listens_for(Contact, "before_insert")
def _sides(_mapper, _connection, contact: Contact) -> None:
    """A new contact's two sides are its slot's employer and its profile's agency, whatever the
    caller passed: from the loaded slot and profile, or read in the INSERT itself."""
    from .candidates import Candidate
    from .slots import Slot

    loaded = sa.inspect(contact).dict
    slot, candidate = loaded.get("slot"), loaded.get("candidate")
    contact.employer_id = (slot.organisation_id if slot is not None and slot.organisation_id else
                           sa.select(Slot.organisation_id).where(Slot.id == contact.slot_id).scalar_subquery())
    contact.agency_id = (candidate.agency_id if candidate is not None and candidate.agency_id else
                         sa.select(Candidate.agency_id).where(Candidate.id == contact.candidate_id)
                         .scalar_subquery())


class ContactEvent(db.Model):
    """The contact's history: proposed, answered, each outcome with its date."""

    __tablename__ = "contact_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(sa.ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(sa.String(30))
    outcome: Mapped[Outcome | None] = mapped_column(enum_column(Outcome, name="event_outcome"))
    on_date: Mapped[date | None]
    note: Mapped[str] = mapped_column(sa.String(500), default="", server_default="")

    actor: Mapped[User | None] = relationship()
