"""Slot rules: the life of a slot (draft, open, paused, filled, closed), when it is matched, and
what its fields accept."""

from __future__ import annotations

import sqlalchemy as sa

from ..models import Organisation, Role, Slot, SlotStatus, User, VerificationStatus
from . import organisations
from .fields import at_most

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
