"""The short wire: propose or request a contact, accept or decline it, track the outcome.

Every transition is one conditional UPDATE ("... WHERE status = 'proposed'"), so a double
click, a second tab or two people at once cannot move a contact twice; a placement takes a
place with "open_positions > 0" and the person with "status is not placed", so the last
place and the person go to exactly one contact.
"""

from __future__ import annotations

import logging
from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _

from .. import mail
from ..extensions import db
from ..models import (
    Candidate,
    CandidateStatus,
    Contact,
    ContactEvent,
    ContactStatus,
    DeclineReason,
    Initiator,
    Match,
    Organisation,
    Outcome,
    Role,
    Slot,
    SlotStatus,
    User,
    utcnow,
)
from ..models.audit import record
from . import matching

log = logging.getLogger(__name__)


class ContactError(ValueError):
    """A contact rule was broken; the message is German and meant for the user."""


def _event(contact: Contact, actor: User | None, kind: str, **fields) -> None:
    db.session.add(ContactEvent(contact_id=contact.id, actor=actor, kind=kind, **fields))


def _matched(slot: Slot, candidate: Candidate) -> bool:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Match).where(
        Match.slot_id == slot.id, Match.candidate_id == candidate.id)) > 0


def _open_contact(slot: Slot, candidate: Candidate) -> Contact | None:
    return db.session.scalars(sa.select(Contact).where(
        Contact.slot_id == slot.id, Contact.candidate_id == candidate.id,
        Contact.status.in_([ContactStatus.PROPOSED, ContactStatus.ACCEPTED]))).first()


def start(actor: User, slot: Slot, candidate: Candidate, message: str, share_first_name: bool = False) -> Contact:
    """A caseworker proposes a candidate, or an employer asks about one; from a match only.
    Doing it twice (a double click) gives back the contact that is already open."""
    if existing := _open_contact(slot, candidate):
        return existing
    current = slot.status is SlotStatus.OPEN and candidate.status is CandidateStatus.ACTIVE
    if not current or not _matched(slot, candidate):
        raise ContactError(_("Dieser Vorschlag ist nicht mehr aktuell."))
    initiator = Initiator.CASEWORKER if actor.role is Role.CASEWORKER else Initiator.EMPLOYER
    contact = Contact(slot=slot, candidate=candidate, initiated_by=initiator, proposed_by=actor, message=message,
                      share_first_name=share_first_name and initiator is Initiator.CASEWORKER)
    db.session.add(contact)
    try:
        db.session.flush()
    except sa.exc.IntegrityError:  # someone else opened one this very moment
        db.session.rollback()
        if existing := _open_contact(slot, candidate):
            return existing
        raise
    _event(contact, actor, "proposed")
    record(actor, f"contact.{'propose' if initiator is Initiator.CASEWORKER else 'request'}", contact)
    db.session.commit()
    _tell_other_side(contact)
    return contact


def _set_status(contact: Contact, expected: ContactStatus, **values) -> bool:
    """Compare and set: True if this call moved the contact, False if someone was first."""
    result = db.session.execute(
        sa.update(Contact).where(Contact.id == contact.id, Contact.status == expected).values(**values),
        execution_options={"synchronize_session": False},
    )
    return result.rowcount == 1


def answer(actor: User, contact: Contact, accept: bool, reason: DeclineReason | None = None, text: str = "",
           share_first_name: bool | None = None) -> Contact:
    """Only the side that did not propose answers; a second answer finds nothing to change."""
    values = {"answered_at": utcnow(), "answered_by_id": actor.id}
    if accept:
        values["status"] = ContactStatus.ACCEPTED
        if share_first_name is not None and actor.role is Role.CASEWORKER:
            values["share_first_name"] = share_first_name
    else:
        if reason is None:
            raise ContactError(_("Bitte wählen Sie einen Grund."))
        values.update(status=ContactStatus.DECLINED, decline_reason=reason, decline_text=text)
    if not _set_status(contact, ContactStatus.PROPOSED, **values):
        db.session.rollback()
        db.session.refresh(contact)
        if accept and contact.status is ContactStatus.ACCEPTED:
            return contact  # a double click on "Annehmen"
        raise ContactError(_("Diese Anfrage wurde schon beantwortet oder ist nicht mehr aktuell."))
    _event(contact, actor, "accepted" if accept else "declined", note=text)
    record(actor, "contact.accept" if accept else "contact.decline", contact)
    db.session.commit()
    db.session.refresh(contact)
    if accept:
        _tell_proposer_accepted(contact)
    return contact


def record_outcome(actor: User, contact: Contact, outcome: Outcome, on_date: date, note: str = "") -> Contact:
    """Either side records what happened; a placement takes a place and the person, once."""
    if contact.status is not ContactStatus.ACCEPTED:
        raise ContactError(_("Ergebnisse gibt es für angenommene Kontakte."))
    if outcome.is_placement and contact.placed_on is None:
        _place(contact, on_date)
    contact.outcome, contact.outcome_on, contact.outcome_note = outcome, on_date, note
    if outcome is Outcome.FAILED:
        contact.status = ContactStatus.CLOSED
        contact.closed_reason = _("nicht zustande gekommen")
    _event(contact, actor, "outcome", outcome=outcome, on_date=on_date, note=note)
    record(actor, "contact.outcome", contact, outcome=outcome.value)
    db.session.commit()
    if outcome.is_placement:
        _after_placement(contact)
    return contact


def _place(contact: Contact, on_date: date) -> None:
    took_place = db.session.execute(
        sa.update(Slot).where(Slot.id == contact.slot_id, Slot.open_positions > 0)
        .values(open_positions=Slot.open_positions - 1), execution_options={"synchronize_session": False})
    if took_place.rowcount != 1:
        db.session.rollback()
        raise ContactError(_("Für dieses Angebot ist kein Platz mehr frei."))
    took_person = db.session.execute(
        sa.update(Candidate).where(Candidate.id == contact.candidate_id, Candidate.status != CandidateStatus.PLACED,
                                   Candidate.status != CandidateStatus.WITHDRAWN)
        .values(status=CandidateStatus.PLACED), execution_options={"synchronize_session": False})
    if took_person.rowcount != 1:
        db.session.rollback()
        raise ContactError(_("Die Person ist schon vermittelt."))
    db.session.execute(sa.update(Slot).where(Slot.id == contact.slot_id, Slot.open_positions == 0)
                       .values(status=SlotStatus.FILLED), execution_options={"synchronize_session": False})
    contact.placed_on = on_date


def _after_placement(contact: Contact) -> None:
    """Close what can no longer happen and tell those waiting; matches follow the new states."""
    db.session.expire_all()
    slot, candidate = db.session.get(Slot, contact.slot_id), db.session.get(Candidate, contact.candidate_id)
    stale = [Contact.candidate_id == candidate.id]
    if slot.status is SlotStatus.FILLED:
        stale.append(Contact.slot_id == slot.id)
    others = db.session.scalars(sa.select(Contact).where(
        Contact.id != contact.id, Contact.status.in_([ContactStatus.PROPOSED, ContactStatus.ACCEPTED]),
        sa.or_(*stale))).all()
    for other in others:
        other.status = ContactStatus.CLOSED
        other.closed_reason = _("Angebot besetzt") if other.slot_id == slot.id else _("Person vermittelt")
        _event(other, None, "closed", note=other.closed_reason)
    db.session.commit()
    for other in others:
        _tell_closed(other)
    matching.refresh_quietly(matching.refresh_slot, slot)
    matching.refresh_quietly(matching.refresh_candidate, candidate)


def close_for_candidate(candidate: Candidate, reason: str) -> int:
    """A profile leaves the product (consent withdrawn): its open contacts end, both sides hear."""
    open_contacts = db.session.scalars(sa.select(Contact).where(
        Contact.candidate_id == candidate.id,
        Contact.status.in_([ContactStatus.PROPOSED, ContactStatus.ACCEPTED]))).all()
    for contact in open_contacts:
        contact.status, contact.closed_reason = ContactStatus.CLOSED, reason
        _event(contact, None, "closed", note=reason)
    db.session.commit()
    for contact in open_contacts:
        _tell_closed(contact)
    return len(open_contacts)


# Who hears of it --------------------------------------------------------------------------

def employer_people(slot: Slot) -> list[User]:
    """The slot's contact person, or everybody active at the employer."""
    if slot.contact_person is not None and slot.contact_person.active:
        return [slot.contact_person]
    return [u for u in slot.organisation.users if u.active]


def agency_people(candidate: Candidate) -> list[User]:
    """Who created the profile, or everybody active at the agency."""
    if candidate.created_by is not None and candidate.created_by.active:
        return [candidate.created_by]
    agency = db.session.get(Organisation, candidate.agency_id)
    return [u for u in agency.users if u.active]


def _send(people: list[User], subject: str, template: str, contact: Contact) -> None:
    link = mail.absolute_url("contacts.detail", contact_id=contact.id)
    for person in people:
        try:
            mail.send_template(person.email, subject, template, contact=contact, person=person, link=link)
        except mail.MailError:
            log.warning("contact %s: mail to user %s not sent", contact.id, person.id)


def _tell_other_side(contact: Contact) -> None:
    if contact.initiated_by is Initiator.CASEWORKER:
        _send(employer_people(contact.slot), _("Neuer Vorschlag für „%(title)s“", title=contact.slot.title),
              "contact_proposed", contact)
    else:
        _send(agency_people(contact.candidate),
              _("Ein Betrieb fragt nach %(code)s", code=contact.candidate.pseudonym), "contact_requested", contact)


def _tell_proposer_accepted(contact: Contact) -> None:
    people = [contact.proposed_by] if contact.proposed_by is not None and contact.proposed_by.active else []
    _send(people, _("Kontakt angenommen: %(title)s", title=contact.slot.title), "contact_accepted", contact)


def _tell_closed(contact: Contact) -> None:
    people = employer_people(contact.slot) + agency_people(contact.candidate)
    _send(people, _("Nicht mehr aktuell: %(title)s", title=contact.slot.title), "contact_closed", contact)


def counterpart_caseworker(contact: Contact) -> User | None:
    """The caseworker on this contact: who proposed it, or who answered the employer."""
    return contact.proposed_by if contact.initiated_by is Initiator.CASEWORKER else contact.answered_by
