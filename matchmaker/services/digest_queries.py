"""The set-based reads behind digests: due users, their new matches, proposals awaiting them.

A handful of queries per run, whatever the number of users or matches: every row carries
its user's id and is grouped in Python. Employers only ever get pseudonyms.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from ..domain import candidates as candidate_rules
from ..domain import contacts as contact_rules
from ..domain import slots as slot_rules
from ..extensions import db
from ..models import (
    Candidate,
    Contact,
    DigestEntry,
    Initiator,
    Match,
    Organisation,
    OrganisationKind,
    Slot,
    User,
)


@dataclass(frozen=True)
class DueUser:
    id: int
    email: str
    display_name: str
    is_employer: bool
    digest_since: datetime
    last_digest_at: datetime | None


@dataclass(frozen=True)
class MatchLine:
    match_id: int
    score: float
    reasons: list[str]
    slot_id: int
    slot_title: str
    employer_name: str
    candidate_id: int
    pseudonym: str


@dataclass(frozen=True)
class ContactLine:
    contact_id: int
    created_at: datetime
    slot_title: str
    employer_name: str
    pseudonym: str


def load_due_users(due: sa.ColumnElement[bool]) -> dict[int, DueUser]:
    """Employers and caseworkers who are due; coordinators never get a digest."""
    rows = db.session.execute(
        sa.select(User.id, User.email, User.display_name, Organisation.kind, User.digest_since, User.last_digest_at)
        .join(Organisation, Organisation.id == User.organisation_id)
        .where(due, Organisation.kind.in_([OrganisationKind.EMPLOYER, OrganisationKind.AGENCY]))
        .order_by(User.id)
    )
    return {row.id: DueUser(row.id, row.email, row.display_name, row.kind is OrganisationKind.EMPLOYER,
                            row.digest_since, row.last_digest_at) for row in rows}


def load_matches(due: sa.ColumnElement[bool], cap: int) -> tuple[dict[int, list[MatchLine]], dict[int, int]]:
    """Per user: the best `cap` new matches (best first), and how many new ones there are in all."""
    lines: dict[int, list[MatchLine]] = defaultdict(list)
    totals: dict[int, int] = {}
    for query in (_employer_matches(due), _caseworker_matches(due)):
        ranked = query.subquery()
        for row in db.session.execute(
            sa.select(ranked).where(ranked.c.rank <= cap).order_by(ranked.c.user_id, ranked.c.rank)
        ):
            totals[row.user_id] = row.total
            lines[row.user_id].append(MatchLine(row.match_id, row.score, list(row.reasons or []), row.slot_id,
                                                row.slot_title, row.employer_name, row.candidate_id, row.pseudonym))
    return lines, totals


def _match_columns(employer: type[Organisation]) -> list:
    return [
        User.id.label("user_id"), Match.id.label("match_id"), Match.score, Match.reasons,
        Slot.id.label("slot_id"), Slot.title.label("slot_title"), employer.name.label("employer_name"),
        Candidate.id.label("candidate_id"), Candidate.pseudonym,
        sa.func.row_number().over(partition_by=User.id, order_by=(Match.score.desc(), Match.id)).label("rank"),
        sa.func.count().over(partition_by=User.id).label("total"),
    ]


def _is_new_for_user(employer: type[Organisation]) -> list[sa.ColumnElement[bool]]:
    """Made since the user's digests began, in none of their digests yet, and still a proposal
    (both sides matched: matchmaker/domain)."""
    return [
        Match.created_at >= User.digest_since,
        ~sa.exists().where(DigestEntry.user_id == User.id, DigestEntry.match_id == Match.id),
        slot_rules.matched_sql(employer),
        candidate_rules.matched_sql(),
    ]


def _reach(query: sa.Select, side: Initiator, own, via) -> sa.Select:
    """From the user's own organisation to `via` (Match or Contact), its slot and its profile:
    an employer through its slots, an agency through its profiles."""
    if side is Initiator.EMPLOYER:
        return (query.join(Slot, Slot.organisation_id == own.id).join(via, via.slot_id == Slot.id)
                .join(Candidate, Candidate.id == via.candidate_id))
    return (query.join(Candidate, Candidate.agency_id == own.id).join(via, via.candidate_id == Candidate.id)
            .join(Slot, Slot.id == via.slot_id))


def _employer_matches(due: sa.ColumnElement[bool]) -> sa.Select:
    """Matches of the open slots of the employer's own organisation."""
    query = sa.select(*_match_columns(Organisation)).select_from(User).join(
        Organisation, Organisation.id == User.organisation_id)
    return _reach(query, Initiator.EMPLOYER, Organisation, Match).where(
        due, Organisation.kind == OrganisationKind.EMPLOYER, *_is_new_for_user(Organisation))


def _waiting_for(side: Initiator, due: sa.ColumnElement[bool]) -> sa.Select:
    """Proposals waiting for an answer from due users on `side`, reached through their organisation."""
    own, employer = aliased(Organisation), aliased(Organisation)
    query = sa.select(User.id.label("user_id"), Contact.id.label("contact_id"), Contact.created_at,
                      Slot.title.label("slot_title"), employer.name.label("employer_name"), Candidate.pseudonym
                      ).select_from(User).join(own, own.id == User.organisation_id)
    query = _reach(query, side, own, Contact)
    kind = OrganisationKind.EMPLOYER if side is Initiator.EMPLOYER else OrganisationKind.AGENCY
    return query.join(employer, employer.id == Slot.organisation_id).where(
        due, own.kind == kind, contact_rules.waiting_for_sql(side), Candidate.consent_withdrawn_at.is_(None))


def _caseworker_matches(due: sa.ColumnElement[bool]) -> sa.Select:
    """Matches of the agency's profiles, on open slots of verified employers."""
    agency, employer = aliased(Organisation), aliased(Organisation)
    query = sa.select(*_match_columns(employer)).select_from(User).join(agency, agency.id == User.organisation_id)
    return _reach(query, Initiator.CASEWORKER, agency, Match).join(employer, employer.id == Slot.organisation_id).where(
        due, agency.kind == OrganisationKind.AGENCY, *_is_new_for_user(employer))


def load_proposals(due: sa.ColumnElement[bool]) -> dict[int, list[ContactLine]]:
    """Per user: open proposals the other side made that wait for the user's answer, oldest first."""
    for_employers, for_caseworkers = _waiting_for(Initiator.EMPLOYER, due), _waiting_for(Initiator.CASEWORKER, due)
    both = sa.union_all(for_employers, for_caseworkers).subquery()
    found: dict[int, list[ContactLine]] = defaultdict(list)
    for row in db.session.execute(sa.select(both).order_by(both.c.user_id, both.c.created_at, both.c.contact_id)):
        found[row.user_id].append(ContactLine(row.contact_id, row.created_at, row.slot_title, row.employer_name,
                                              row.pseudonym))
    return found
