"""Slot rules: the life of a slot (draft, open, paused, filled, closed), when it is matched, and
what its fields accept."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from ..models import Organisation, Role, Slot, SlotStatus, User, VerificationStatus
from . import organisations
from .fields import FieldError, at_most

# action -> (states it may start from, state it leads to); the order is the buttons' order.
TRANSITIONS: dict[str, tuple[frozenset[SlotStatus], SlotStatus]] = {
    "publish": (frozenset({SlotStatus.DRAFT}), SlotStatus.OPEN),
    "pause": (frozenset({SlotStatus.OPEN}), SlotStatus.PAUSED),
    "reopen": (frozenset({SlotStatus.PAUSED, SlotStatus.FILLED, SlotStatus.CLOSED}), SlotStatus.OPEN),
    "fill": (frozenset({SlotStatus.OPEN, SlotStatus.PAUSED}), SlotStatus.FILLED),
    "close": (frozenset({SlotStatus.DRAFT, SlotStatus.OPEN, SlotStatus.PAUSED, SlotStatus.FILLED}), SlotStatus.CLOSED),
}

TITLE_MAX = 200
DESCRIPTION_MAX = 5000
PLACE_MAX = 300  # street address, how to get there
check_title = at_most(TITLE_MAX)
check_description = at_most(DESCRIPTION_MAX)
check_place = at_most(PLACE_MAX)
EXPIRES = (SlotStatus.OPEN, SlotStatus.PAUSED)  # what "publish until" ends
PAY_MAX = 100_000  # euros; a month's pay or allowance stays far below
FIXED_TERM_MAX = 120  # months


def check_pay(pay_from: int | None, pay_to: int | None) -> None:
    """Pay is a range in whole euros; one end alone is fine ("ab 1.200 €")."""
    for value in (pay_from, pay_to):
        if value is not None and not 0 < value <= PAY_MAX:
            raise FieldError(_("Bitte einen Betrag von 1 bis %(max)d Euro.", max=PAY_MAX))
    if pay_from is not None and pay_to is not None and pay_to < pay_from:
        raise FieldError(_("Der Höchstbetrag liegt unter dem Mindestbetrag."))


def is_expired(slot: Slot, today) -> bool:
    """A slot published until a day closes itself after that day."""
    return slot.publish_until is not None and slot.publish_until < today and slot.status in EXPIRES


def expired_sql(today) -> sa.ColumnElement[bool]:
    return sa.and_(Slot.publish_until.is_not(None), Slot.publish_until < today, Slot.status.in_(EXPIRES))


def manages(slot: Slot, user: User) -> bool:
    """Only the employer's own people change a slot."""
    return user.role is Role.EMPLOYER and slot.organisation_id == user.organisation_id


def may_publish(organisation: Organisation) -> bool:
    """Only verified employers put anything in front of caseworkers."""
    return organisation.is_verified


def possible_actions(slot: Slot) -> list[str]:
    """What the slot's state allows, whoever asks (publishing also needs verification)."""
    return [action for action, (sources, _) in TRANSITIONS.items() if slot.status in sources]


def allowed_actions(slot: Slot, user: User) -> list[str]:
    """What this user may do with this slot now, in button order."""
    if not manages(slot, user):
        return []
    publishing = may_publish(slot.organisation)
    return [a for a in possible_actions(slot) if publishing or TRANSITIONS[a][1] is not SlotStatus.OPEN]


def waits_for_verification(slot: Slot) -> bool:
    """A draft its employer could publish once verified: the page says so instead of a button."""
    return slot.status is SlotStatus.DRAFT and not may_publish(slot.organisation)


def is_matched(slot: Slot) -> bool:
    """Open slots of verified employers get proposals (the SQL twin: `matched_sql`)."""
    return slot.status is SlotStatus.OPEN and slot.organisation.is_verified


def matched_sql(employer: type[Organisation] = Organisation) -> sa.ColumnElement[bool]:
    """For a query joined to the slot's organisation (as `employer`)."""
    return sa.and_(Slot.status == SlotStatus.OPEN,
                   organisations.status_sql(VerificationStatus.VERIFIED, employer))


def own_matched_sql(organisation: Organisation) -> sa.ColumnElement[bool]:
    """`matched_sql` for the slots of one organisation known already: no join to it needed (an
    employer's view of its proposed profiles asks this for every one of its slots)."""
    if not organisation.is_verified:
        return sa.false()
    return sa.and_(Slot.organisation_id == organisation.id, Slot.status == SlotStatus.OPEN)
