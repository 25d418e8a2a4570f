"""Who may see and do what: role checks for views and query scopes for data.

Every view goes through a role check here, and every object a view loads comes from a
scoped query, so a foreign object is simply not found (404) rather than filtered later.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort
from flask_login import current_user

from .domain import candidates as candidate_rules
from .domain import contacts as contact_rules
from .domain import slots as slot_rules
from .extensions import db, login_manager
from .models import (
    Candidate,
    Contact,
    ImportBatch,
    ImportKind,
    Invitation,
    Match,
    Organisation,
    OrganisationKind,
    Role,
    Slot,
    User,
)


def require_roles(*roles: Role) -> None:
    """Abort unless the current user is signed in (login page) and has one of the roles (403)."""
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    if current_user.role not in roles:
        abort(403)


def restrict_blueprint(blueprint: Blueprint, *roles: Role) -> None:
    """Every view of the blueprint is for these roles only."""
    blueprint.before_request(lambda: require_roles(*roles))


def can_publish(user: User) -> bool:
    """Only verified organisations put anything in front of the other side."""
    return user.is_authenticated and user.organisation.is_verified


def one_or_404(query: sa.Select):
    """Run a scoped query for one object; absent or foreign objects are both a 404."""
    obj = db.session.scalars(query).first()
    if obj is None:
        abort(404)
    return obj


def count(query: sa.Select) -> int:
    """How many rows a (scoped) query returns, counted by the database."""
    return db.session.scalar(sa.select(sa.func.count()).select_from(query.order_by(None).subquery()))


# Query scopes --------------------------------------------------------------------------

def colleagues(user: User) -> sa.Select:
    """The people of the user's own organisation."""
    return sa.select(User).where(User.organisation_id == user.organisation_id)


def open_invitations(user: User) -> sa.Select:
    return sa.select(Invitation).where(
        Invitation.organisation_id == user.organisation_id,
        Invitation.accepted_at.is_(None),
        Invitation.revoked_at.is_(None),
    )


def _only(user: User, role: Role, query: sa.Select, *conditions: sa.ColumnElement[bool]) -> sa.Select:
    """The query narrowed by `conditions` for users of `role`; empty for everybody else."""
    if user.role is not role:
        return query.where(sa.false())
    return query.where(*conditions)


def manageable_organisations(user: User) -> sa.Select:
    """Coordinators manage every organisation; everybody else none."""
    return _only(user, Role.COORDINATOR, sa.select(Organisation))


def manageable_users(user: User) -> sa.Select:
    """Coordinators may (de)activate anybody but themselves."""
    return _only(user, Role.COORDINATOR, sa.select(User), User.id != user.id)


def managed_invitations(user: User) -> sa.Select:
    """Open invitations of organisations the user manages (coordinators: all)."""
    return _only(user, Role.COORDINATOR, sa.select(Invitation),
                 Invitation.accepted_at.is_(None), Invitation.revoked_at.is_(None))


def own_slots(user: User) -> sa.Select:
    """Slots of the employer's own organisation; nobody else edits them."""
    return _only(user, Role.EMPLOYER, sa.select(Slot), Slot.organisation_id == user.organisation_id)


def agency_candidates(user: User) -> sa.Select:
    """Profiles of the caseworker's own agency, with their personal fields: agency only."""
    return _only(user, Role.CASEWORKER, sa.select(Candidate), Candidate.agency_id == user.organisation_id)


def slots_for_agency(user: User) -> sa.Select:
    """The slots a caseworker may read: open slots of verified employers (the ones that get
    proposals), and any slot the agency has a contact on (to keep its page after it closes)."""
    on_contact = sa.select(Contact.slot_id).where(Contact.agency_id == user.organisation_id)
    return _only(user, Role.CASEWORKER, sa.select(Slot).join(Slot.organisation),
                 sa.or_(slot_rules.matched_sql(), Slot.id.in_(on_contact)))


# Matches -------------------------------------------------------------------------------

def matches_for_own_slots(user: User) -> sa.Select:
    """An employer's view of its slots' matches: only active, consented profiles."""
    return _only(user, Role.EMPLOYER, sa.select(Match).join(Match.slot).join(Match.candidate),
                 candidate_rules.matched_sql(), Slot.organisation_id == user.organisation_id)


def matches_for_own_slot(user: User, slot_id: int) -> sa.Select:
    return matches_for_own_slots(user).where(Match.slot_id == slot_id)


def agency_matches_for_slot(user: User, slot_id: int) -> sa.Select:
    """A caseworker's own active profiles that match one slot (open, of a verified employer)."""
    return matches_for_agency(user).where(Match.slot_id == slot_id, candidate_rules.matched_sql())


def own_slot_matches_for_candidate(user: User, candidate_id: int) -> sa.Select:
    """An employer's open slots that one active profile matches."""
    return (matches_for_own_slots(user).join(Slot.organisation)
            .where(Match.candidate_id == candidate_id, slot_rules.matched_sql()))


def candidates_for_employer(user: User) -> sa.Select:
    """The profiles an employer may read (pseudonymously, see domain.disclosure): active ones
    matched to one of its open slots, and any it has a contact with, until consent ends."""
    if user.role is not Role.EMPLOYER:
        return sa.select(Candidate).where(sa.false())
    # Straight from the employer's own slots (no join to its organisation, no slot subquery):
    # a third of the time when 10,000 people are proposed to one employer.
    matched = sa.select(Match.candidate_id).join(Match.slot).where(slot_rules.own_matched_sql(user.organisation))
    in_contact = sa.select(Contact.candidate_id).join(Contact.slot).where(Slot.organisation_id == user.organisation_id)
    # `id + 0`: both subqueries are read once into a set and the profiles are walked newest first
    # until a page is full, as PostgreSQL does anyway (its plan is the same). Asked for `id IN`,
    # SQLite looked up and sorted all 10,000 proposed people to keep 25: half the time again.
    member = Candidate.id + 0
    return _only(user, Role.EMPLOYER, sa.select(Candidate), Candidate.consent_withdrawn_at.is_(None),
                 sa.or_(sa.and_(candidate_rules.matched_sql(), member.in_(matched)), member.in_(in_contact)))


def matches_for_agency(user: User) -> sa.Select:
    """A caseworker's view of the agency's profiles' matches: only open slots of verified employers."""
    return _only(user, Role.CASEWORKER,
                 sa.select(Match).join(Match.slot).join(Match.candidate).join(Slot.organisation),
                 slot_rules.matched_sql(), Candidate.agency_id == user.organisation_id)


def matches_for_agency_candidate(user: User, candidate_id: int) -> sa.Select:
    return matches_for_agency(user).where(Match.candidate_id == candidate_id)


# Contacts ------------------------------------------------------------------------------

def visible_contacts(user: User) -> sa.Select:
    """Employers see contacts on their slots, caseworkers those on their agency's profiles."""
    return sa.select(Contact).where(contact_rules.involved_sql(user))


def awaiting_answer(user: User) -> sa.Select:
    """Proposals the other side made that wait for this user's organisation."""
    return visible_contacts(user).where(contact_rules.awaiting_sql(user))


def startable_match(user: User, slot_id: int, candidate_id: int) -> sa.Select:
    """A match the user may start a contact from: their slot, or their agency's profile."""
    if user.role is Role.EMPLOYER:
        return matches_for_own_slot(user, slot_id).where(Match.candidate_id == candidate_id)
    return matches_for_agency_candidate(user, candidate_id).where(Match.slot_id == slot_id)


# Evaluation ----------------------------------------------------------------------------

def evaluation_scope(user: User) -> dict[str, int]:
    """Coordinators see the city; an agency sees its own candidates only, whatever the filter
    says (the keyword arguments of every services.evaluation figure)."""
    if user.role is Role.COORDINATOR:
        return {}
    if user.role is Role.CASEWORKER:
        return {"agency_id": user.organisation_id}
    abort(403)


# Imports -------------------------------------------------------------------------------

def import_roles(kind: str) -> tuple[Role, ...]:
    """Caseworkers import profiles; employers and coordinators import slots."""
    return (Role.CASEWORKER,) if kind == ImportKind.CANDIDATES else (Role.EMPLOYER, Role.COORDINATOR)


def importable_organisations(user: User, kind: str) -> sa.Select:
    """Where the user may import: their own agency or employer; coordinators: any employer."""
    query = sa.select(Organisation)
    if user.role not in import_roles(kind):
        return query.where(sa.false())
    if user.role is Role.COORDINATOR:
        return query.where(Organisation.kind == OrganisationKind.EMPLOYER)
    expected = OrganisationKind.AGENCY if kind == ImportKind.CANDIDATES else OrganisationKind.EMPLOYER
    return query.where(Organisation.id == user.organisation_id, Organisation.kind == expected)


def own_import_batches(user: User) -> sa.Select:
    """Batches the user uploaded, into organisations they may (still) import that kind into."""
    allowed = [
        sa.and_(
            ImportBatch.kind == kind,
            ImportBatch.organisation_id.in_(importable_organisations(user, kind).with_only_columns(Organisation.id)),
        )
        for kind in ImportKind
    ]
    return sa.select(ImportBatch).where(ImportBatch.uploaded_by_id == user.id, sa.or_(*allowed))
