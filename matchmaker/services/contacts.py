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
from sqlalchemy.orm import contains_eager

from .. import access, mail, transaction
from ..domain import candidates as candidate_rules
from ..domain import contacts as rules
from ..domain import slots as slot_rules
from ..extensions import db
from ..models import (
    Candidate,
    CandidateStatus,
    Contact,
    ContactEvent,
    ContactStatus,
    DeclineReason,
    EventKind,
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
from ..models.audit import AuditAction, record
from . import matching

log = logging.getLogger(__name__)


class ContactError(ValueError):
    """A contact rule was broken; the message is German and meant for the user."""


def _event(contact: Contact, actor: User | None, kind: EventKind, **fields) -> None:
    db.session.add(ContactEvent(contact_id=contact.id, actor=actor, kind=kind, **fields))


def _matched(slot: Slot, candidate: Candidate) -> bool:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Match).where(
        Match.slot_id == slot.id, Match.candidate_id == candidate.id)) > 0


def _open_contact(slot: Slot, candidate: Candidate) -> Contact | None:
    return db.session.scalars(sa.select(Contact).where(
        Contact.slot_id == slot.id, Contact.candidate_id == candidate.id,
        Contact.status.in_(rules.OPEN))).first()


def start(actor: User, slot: Slot, candidate: Candidate, message: str, share_first_name: bool = False) -> Contact:
    """A caseworker proposes a candidate, or an employer asks about one; from a match only.
    Doing it twice (a double click) gives back the contact that is already open."""
    side = rules.side_of(actor)
    mine = (slot_rules.manages(slot, actor) if side is Initiator.EMPLOYER
            else candidate_rules.manages(candidate, actor))
    if side is None or not mine:
        raise ContactError(_("Kontakte beginnen Betriebe bei eigenen Angeboten und Beratungsstellen bei eigenen "
                             "Profilen."))
    if existing := _open_contact(slot, candidate):
        return existing
    current = slot_rules.is_matched(slot) and candidate_rules.is_matched(candidate)
    if not current or not _matched(slot, candidate):
        raise ContactError(_("Dieser Vorschlag ist nicht mehr aktuell."))
    contact = Contact(slot=slot, candidate=candidate, initiated_by=side, proposed_by=actor, message=message,
                      share_first_name=share_first_name and side is Initiator.CASEWORKER)
    db.session.add(contact)
    try:
        db.session.flush()
    except sa.exc.IntegrityError:  # someone else opened one this very moment; this action is void
        db.session.rollback()
        if existing := _open_contact(slot, candidate):
            return existing
        raise
    _event(contact, actor, EventKind.PROPOSED)
    record(actor, AuditAction.CONTACT_PROPOSE if side is Initiator.CASEWORKER else AuditAction.CONTACT_REQUEST, contact)
    transaction.after_commit("mail about a new contact", lambda: _tell_other_side(contact))
    return contact


def inbox_counts(user: User) -> dict[str, int]:
    """How many of the user's contacts each inbox section holds (`rules.INBOX`)."""
    counts = dict.fromkeys(rules.INBOX, 0)
    rows = db.session.execute(
        access.visible_contacts(user).with_only_columns(Contact.status, Contact.initiated_by, sa.func.count())
        .group_by(Contact.status, Contact.initiated_by))
    for status, initiated_by, count in rows:
        counts[rules.section_of(status, initiated_by, user)] += count
    return counts


def inbox_listing(user: User, section: str) -> sa.Select:
    """One inbox section's contacts, newest first, with what a row shows of the slot, the
    profile and the employer (loaded in the same query: a row costs no further one)."""
    return (access.visible_contacts(user).join(Contact.slot).join(Contact.candidate).join(Slot.organisation)
            .where(rules.section_sql(user, section))
            .options(contains_eager(Contact.slot).load_only(Slot.title, Slot.organisation_id),
                     contains_eager(Contact.slot, Slot.organisation).load_only(Organisation.name),
                     contains_eager(Contact.candidate).load_only(Candidate.pseudonym))
            .order_by(Contact.created_at.desc(), Contact.id.desc()))


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
    if not rules.involved(contact, actor) or rules.side_of(actor) is contact.initiated_by:
        raise ContactError(_("Diese Anfrage beantwortet die andere Seite."))
    if accept and contact.status is ContactStatus.ACCEPTED:
        return contact  # a double click on "Annehmen"
    if not rules.can_answer(contact, actor):
        raise ContactError(_("Diese Anfrage wurde schon beantwortet oder ist nicht mehr aktuell."))
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
        db.session.refresh(contact)
        if accept and contact.status is ContactStatus.ACCEPTED:
            return contact  # a double click on "Annehmen" that overtook this one
        raise ContactError(_("Diese Anfrage wurde schon beantwortet oder ist nicht mehr aktuell."))
    _event(contact, actor, EventKind.ACCEPTED if accept else EventKind.DECLINED, note=text)
    record(actor, AuditAction.CONTACT_ACCEPT if accept else AuditAction.CONTACT_DECLINE, contact)
    db.session.flush()
    db.session.refresh(contact)
    if accept:
        transaction.after_commit("mail about an accepted contact", lambda: _tell_proposer_accepted(contact))
    else:
        transaction.after_commit("mail about a declined contact", lambda: _tell_proposer_declined(contact))
    return contact


def record_outcome(actor: User, contact: Contact, outcome: Outcome, on_date: date, note: str = "") -> Contact:
    """Either side records what happened; a placement takes a place and the person, once."""
    if not rules.involved(contact, actor):
        raise ContactError(_("Dieser Kontakt gehört zu anderen."))
    if not rules.can_record_outcome(contact, actor):
        raise ContactError(_("Ergebnisse gibt es für angenommene Kontakte."))
    placing = outcome.is_placement and contact.placed_on is None
    if placing:
        _take_place_and_person(contact, on_date)
        contact.placed_on = on_date
    contact.outcome, contact.outcome_on, contact.outcome_note = outcome, on_date, note
    if outcome is Outcome.FAILED:
        contact.status = ContactStatus.CLOSED
        contact.closed_reason = _("nicht zustande gekommen")
    _event(contact, actor, EventKind.OUTCOME, outcome=outcome, on_date=on_date, note=note)
    record(actor, AuditAction.CONTACT_OUTCOME, contact, outcome=outcome.value)
    if placing:
        _after_placement(contact.candidate_id, contact.slot_id, keep=contact.id)
    db.session.flush()
    return contact


def place_candidate(actor: User, candidate: Candidate, on_date: date) -> Candidate:
    """The caseworker marks a person placed without a contact here (found elsewhere): the same
    path as a placement through a contact, without taking a place of any slot."""
    took = db.session.execute(
        sa.update(Candidate).where(Candidate.id == candidate.id,
                                   Candidate.status.in_(candidate_rules.TRANSITIONS["placed"][0]))
        .values(status=CandidateStatus.PLACED, placed_on=on_date),
        execution_options={"synchronize_session": False})
    if took.rowcount != 1:
        raise ContactError(_("Die Person ist schon vermittelt."))
    record(actor, AuditAction.CANDIDATE_PLACED, candidate, on_date=on_date.isoformat())
    _after_placement(candidate.id, None)
    db.session.flush()
    db.session.refresh(candidate)
    return candidate


def _take_place_and_person(contact: Contact, on_date: date) -> None:
    took_place = db.session.execute(
        sa.update(Slot).where(Slot.id == contact.slot_id, Slot.open_positions > 0)
        .values(open_positions=Slot.open_positions - 1), execution_options={"synchronize_session": False})
    if took_place.rowcount != 1:
        raise ContactError(_("Für dieses Angebot ist kein Platz mehr frei."))
    took_person = db.session.execute(
        sa.update(Candidate).where(Candidate.id == contact.candidate_id, Candidate.status != CandidateStatus.PLACED,
                                   Candidate.status != CandidateStatus.WITHDRAWN)
        .values(status=CandidateStatus.PLACED, placed_on=on_date), execution_options={"synchronize_session": False})
    if took_person.rowcount != 1:
        raise ContactError(_("Die Person ist schon vermittelt."))
    db.session.execute(sa.update(Slot).where(Slot.id == contact.slot_id, Slot.open_positions == 0)
                       .values(status=SlotStatus.FILLED), execution_options={"synchronize_session": False})


def _after_placement(candidate_id: int, slot_id: int | None, keep: int | None = None) -> None:
    """The one placement path: close what can no longer happen (the person's other contacts, and
    a filled slot's), tell those waiting once stored, and let matches follow the new states."""
    filled = slot_id is not None and db.session.scalar(
        sa.select(Slot.status).where(Slot.id == slot_id)) is SlotStatus.FILLED
    stale = [Contact.candidate_id == candidate_id]
    if filled:
        stale.append(Contact.slot_id == slot_id)
    others = db.session.scalars(sa.select(Contact).where(
        Contact.id != keep if keep is not None else sa.true(), Contact.status.in_(rules.OPEN),
        sa.or_(*stale))).all()
    for other in others:
        _close(other, _("Angebot besetzt") if other.candidate_id != candidate_id else _("Person vermittelt"))
    db.session.flush()
    db.session.expire_all()  # the conditional updates bypassed the identity map
    if slot_id is not None:
        matching.rematch_after_commit("slot", [slot_id])
    matching.rematch_after_commit("candidate", [candidate_id])


def _close(contact: Contact, reason: str) -> None:
    contact.status, contact.closed_reason = ContactStatus.CLOSED, reason
    _event(contact, None, EventKind.CLOSED, note=reason)
    transaction.after_commit("mail about a closed contact", lambda: _tell_closed(contact))


def erase_free_text(candidate: Candidate) -> None:
    """What people wrote about the person on their contacts goes with the consent."""
    erase_contact_text(Contact.candidate_id == candidate.id)


def erase_contact_text(which: sa.ColumnElement[bool]) -> None:
    """Messages, decline and outcome notes, and the notes in the history of the contacts
    `which` selects; dates, statuses and outcomes stay for reports."""
    db.session.execute(sa.update(Contact).where(which).values(message="", decline_text="", outcome_note=""),
                       execution_options={"synchronize_session": False})
    db.session.execute(sa.update(ContactEvent).where(ContactEvent.contact_id.in_(sa.select(Contact.id).where(which)))
                       .values(note=""), execution_options={"synchronize_session": False})


def close_for_candidate(candidate: Candidate, reason: str) -> int:
    """A profile leaves the product (consent withdrawn): its open contacts end, both sides hear."""
    open_contacts = db.session.scalars(sa.select(Contact).where(
        Contact.candidate_id == candidate.id, Contact.status.in_(rules.OPEN))).all()
    for contact in open_contacts:
        _close(contact, reason)
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


SUBJECTS = {
    "contact_proposed": lambda c: _("Neuer Vorschlag für „%(title)s“", title=c.slot.title),
    "contact_requested": lambda c: _("Ein Betrieb fragt nach %(code)s", code=c.candidate.pseudonym),
    "contact_accepted": lambda c: _("Kontakt angenommen: %(title)s", title=c.slot.title),
    "contact_declined": lambda c: _("Absage: %(title)s", title=c.slot.title),
    "contact_closed": lambda c: _("Nicht mehr aktuell: %(title)s", title=c.slot.title),
}


def _send(people: list[User], template: str, contact: Contact) -> None:
    """One mail job per person (`jobs.mail`): off the request path, and a failing mail server
    retries that person's mail without sending the others twice."""
    from .. import jobs

    for person in people:
        jobs.mail("contact", template, contact.id, person.id)


def deliver(template: str, contact_id: int, user_id: int) -> None:
    """The mail job: one contact mail to one person, as the contact is now. A contact or person
    gone since (erased, deactivated) gets none; a failing mail server raises (the job retries)."""
    contact, person = db.session.get(Contact, contact_id), db.session.get(User, user_id)
    if contact is None or person is None or not person.active:
        return
    mail.send_template(person.email, SUBJECTS[template](contact), template, contact=contact, person=person,
                       link=mail.absolute_url("contacts.detail", contact_id=contact.id),
                       proposal=rules.is_proposal(contact))


def _tell_other_side(contact: Contact) -> None:
    if contact.initiated_by is Initiator.CASEWORKER:
        _send(employer_people(contact.slot), "contact_proposed", contact)
    else:
        _send(agency_people(contact.candidate), "contact_requested", contact)


def _tell_proposer_accepted(contact: Contact) -> None:
    people = [contact.proposed_by] if contact.proposed_by is not None and contact.proposed_by.active else []
    _send(people, "contact_accepted", contact)


def _tell_proposer_declined(contact: Contact) -> None:
    """The side that asked hears the answer either way (the reason, not the free text: that
    stays on the contact page behind the sign-in)."""
    people = [contact.proposed_by] if contact.proposed_by is not None and contact.proposed_by.active else []
    if not people:
        people = agency_people(contact.candidate) if rules.is_proposal(contact) else employer_people(contact.slot)
    _send(people, "contact_declined", contact)


def _tell_closed(contact: Contact) -> None:
    _send(employer_people(contact.slot) + agency_people(contact.candidate), "contact_closed", contact)


def counterpart_caseworker(contact: Contact) -> User | None:
    """The caseworker on this contact: who proposed it, or who answered the employer."""
    return contact.proposed_by if contact.initiated_by is Initiator.CASEWORKER else contact.answered_by
