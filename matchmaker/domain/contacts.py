"""Contact rules: who answers, who records outcomes, and what each side sees when.

A contact belongs to two sides: the employer whose slot it is and the agency whose profile it is.
The side that proposed waits; only the other side answers. After acceptance both sides see the
direct line and each other's names; the candidate's first name only if the caseworker shared it.
Every predicate has an SQL twin where lists or batch queries need it.
"""

from __future__ import annotations

import sqlalchemy as sa

from ..models import OPEN_STATUSES, Contact, ContactStatus, Initiator, Role, User

OPEN = tuple(ContactStatus(value) for value in OPEN_STATUSES)  # the open-pair index says the same


def side_of(user: User) -> Initiator | None:
    """Which side of a contact the user acts for (coordinators are on neither)."""
    return {Role.CASEWORKER: Initiator.CASEWORKER, Role.EMPLOYER: Initiator.EMPLOYER}.get(user.role)


def involved(contact: Contact, user: User) -> bool:
    """The user's organisation is one of the contact's two sides (the SQL twin: `involved_sql`)."""
    side = side_of(user)
    if side is Initiator.EMPLOYER:
        return contact.employer_id == user.organisation_id
    if side is Initiator.CASEWORKER:
        return contact.agency_id == user.organisation_id
    return False


def involved_sql(user: User) -> sa.ColumnElement[bool]:
    """On the contacts table alone (its copies of the two sides, see `models.Contact`)."""
    side = side_of(user)
    if side is Initiator.EMPLOYER:
        return Contact.employer_id == user.organisation_id
    if side is Initiator.CASEWORKER:
        return Contact.agency_id == user.organisation_id
    return sa.false()


def can_answer(contact: Contact, user: User) -> bool:
    """A proposal waits for the other side: the proposer never answers their own."""
    return (contact.status is ContactStatus.PROPOSED and involved(contact, user)
            and side_of(user) is not contact.initiated_by)


def awaiting_sql(user: User) -> sa.ColumnElement[bool]:
    """Proposals the user's side may answer (with `involved_sql`)."""
    side = side_of(user)
    return sa.false() if side is None else waiting_for_sql(side)


def waiting_for_sql(side: Initiator) -> sa.ColumnElement[bool]:
    """Proposals waiting for an answer from `side` (for batch queries over many users): those the
    other side made (an equality, so the index on status and initiator finds them)."""
    return sa.and_(Contact.status == ContactStatus.PROPOSED, Contact.initiated_by == _other(side))


def _other(side: Initiator) -> Initiator:
    return Initiator.EMPLOYER if side is Initiator.CASEWORKER else Initiator.CASEWORKER


# The inbox's sections, in the page's order: what waits for the user's answer, accepted contacts,
# the user's side's own proposals without an answer yet, and the ended ones.
INBOX = ("warten", "angenommen", "gesendet", "abgeschlossen")


def section_of(status: ContactStatus, initiated_by: Initiator, user: User) -> str:
    """The inbox section of a contact with this status, proposed by `initiated_by` (the SQL
    twin: `section_sql`)."""
    if status is ContactStatus.PROPOSED:
        return "gesendet" if initiated_by is side_of(user) else "warten"
    return "angenommen" if status is ContactStatus.ACCEPTED else "abgeschlossen"


def section_sql(user: User, section: str) -> sa.ColumnElement[bool]:
    """The contacts of one inbox section (with `involved_sql`): what the user's side sent waits
    for the other side."""
    side = side_of(user)
    if section == "warten":
        return awaiting_sql(user)
    if section == "gesendet":
        return sa.false() if side is None else waiting_for_sql(_other(side))
    if section == "angenommen":
        return Contact.status == ContactStatus.ACCEPTED
    return Contact.status.not_in(OPEN)


def can_record_outcome(contact: Contact, user: User) -> bool:
    """Either side says how an accepted contact went on."""
    return contact.status is ContactStatus.ACCEPTED and involved(contact, user)


def was_accepted(contact: Contact) -> bool:
    """Both sides agreed: true from acceptance on, also after the contact closed. It discloses
    the direct line and names, and the evaluation counts it as accepted."""
    return contact.answered_at is not None and contact.status in (ContactStatus.ACCEPTED, ContactStatus.CLOSED)


def was_accepted_sql() -> sa.ColumnElement[bool]:
    return sa.and_(Contact.answered_at.is_not(None),
                   Contact.status.in_([ContactStatus.ACCEPTED, ContactStatus.CLOSED]))


def is_proposal(contact: Contact) -> bool:
    """A caseworker's "Vorschlag" to a business; the other way round it is an "Anfrage"."""
    return contact.initiated_by is Initiator.CASEWORKER


def sees_direct_line(contact: Contact, user: User) -> bool:
    return was_accepted(contact) and involved(contact, user)


def sees_first_name(contact: Contact, user: User) -> bool:
    """The agency always; the employer after acceptance, if the caseworker shared it."""
    if side_of(user) is Initiator.CASEWORKER and involved(contact, user):
        return True
    return sees_direct_line(contact, user) and contact.share_first_name


def sees_name_of(contact: Contact, actor: User | None, user: User) -> bool:
    """Names in the history: one's own colleagues always, the other side's after acceptance."""
    if actor is None or not involved(contact, user):
        return False
    return actor.organisation_id == user.organisation_id or was_accepted(contact)


def allowed_actions(contact: Contact, user: User) -> frozenset[str]:
    actions = set()
    if can_answer(contact, user):
        actions |= {"accept", "decline"}
    if can_record_outcome(contact, user):
        actions.add("outcome")
    return frozenset(actions)
