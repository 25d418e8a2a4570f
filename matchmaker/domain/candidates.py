"""Profile rules: the life of a profile (active, paused, placed, withdrawn), when it is matched,
and what its fields accept."""

from __future__ import annotations

import re

import sqlalchemy as sa
from flask_babel import gettext as _

from ..models import Candidate, CandidateStatus, Role, User
from . import clock
from .fields import FieldError, at_most

# action -> (states it may start from, state it leads to). Withdrawal ends everything; placing
# goes through `services.contacts.place_candidate`, the one placement path.
TRANSITIONS: dict[str, tuple[frozenset[CandidateStatus], CandidateStatus]] = {
    "activate": (frozenset({CandidateStatus.PAUSED, CandidateStatus.PLACED}), CandidateStatus.ACTIVE),
    "pause": (frozenset({CandidateStatus.ACTIVE}), CandidateStatus.PAUSED),
    "placed": (frozenset({CandidateStatus.ACTIVE, CandidateStatus.PAUSED}), CandidateStatus.PLACED),
    "withdraw": (frozenset({CandidateStatus.ACTIVE, CandidateStatus.PAUSED, CandidateStatus.PLACED}),
                 CandidateStatus.WITHDRAWN),
}

FIRST_NAME_MAX = 80
NOTES_MAX = 2000
QUALIFICATIONS_MAX = 2000
OLDEST_AGE, YOUNGEST_AGE = 100, 14
_INITIAL = re.compile(r"[^\W\d_]{1,2}")

check_first_name = at_most(FIRST_NAME_MAX)
check_notes = at_most(NOTES_MAX)


def manages(candidate: Candidate, user: User) -> bool:
    """Only the profile's own agency changes it."""
    return user.role is Role.CASEWORKER and candidate.agency_id == user.organisation_id


def allowed_actions(candidate: Candidate, user: User) -> list[str]:
    if not manages(candidate, user):
        return []
    return [action for action, (sources, _) in TRANSITIONS.items() if candidate.status in sources]


def is_matched(candidate: Candidate) -> bool:
    """Active, consented profiles get proposals (the SQL twin: `matched_sql`)."""
    return candidate.status is CandidateStatus.ACTIVE and candidate.consent_withdrawn_at is None


def matched_sql() -> sa.ColumnElement[bool]:
    return sa.and_(Candidate.status == CandidateStatus.ACTIVE, Candidate.consent_withdrawn_at.is_(None))


def clean_last_initial(value: str) -> str:
    """One or two letters, with or without a full stop: "K", "k.", "Ch". Stored upper case
    where that keeps the length ("ß" stays "ß", it would become "SS")."""
    letters = (value or "").strip().rstrip(".").strip()
    if not letters:
        raise FieldError(_("Bitte geben Sie den Anfangsbuchstaben an."))
    if not _INITIAL.fullmatch(letters):
        raise FieldError(_("Bitte nur die Initiale des Nachnamens, z. B. „K“ (ein oder zwei Buchstaben), nicht den "
                           "ganzen Namen."))
    upper = letters.upper()
    return upper if len(upper) == len(letters) else letters


def birth_years() -> tuple[int, int]:
    """A plausible working age, counted from today where the people are."""
    year = clock.today().year
    return year - OLDEST_AGE, year - YOUNGEST_AGE


def check_birth_year(year: int | None) -> int | None:
    low, high = birth_years()
    if year is not None and not low <= year <= high:
        raise FieldError(_("Bitte ein Geburtsjahr von %(low)d bis %(high)d angeben (vierstellig, z. B. 1998).",
                           low=low, high=high))
    return year
