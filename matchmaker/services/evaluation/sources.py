"""The rows every figure starts from, with the filters applied in SQL.

Profiles are placed by their agency's district (home); slots, matches and contacts by the
slot's district (place). The sector filter narrows employers' slots only.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from ...domain.contacts import was_accepted_sql
from ...models import (
    Candidate,
    Contact,
    District,
    MatchHistory,
    Organisation,
    Slot,
)
from .filters import Filters

agency = aliased(Organisation, name="agency")
home = aliased(District, name="home")
employer = aliased(Organisation, name="employer")
place = aliased(District, name="place")



def bezirk_of(district) -> sa.ColumnElement[int]:
    """The Stadtbezirk of a district: its parent, or itself for a Stadtbezirk."""
    return sa.func.coalesce(district.parent_id, district.id)


def profile_rows(f: Filters, *columns) -> sa.Select:
    """Every profile created by the end of the period, whatever its status (read the status as of
    a day from the history)."""
    return _profile_filters(sa.select(*columns).select_from(Candidate).where(Candidate.created_at < f.ends_before), f)


def placed_elsewhere(f: Filters, *columns) -> sa.Select:
    """Profiles whose placement began in the period without a contact here: marked placed by
    their caseworker (found through the job centre, family, an own application)."""
    through_contact = sa.exists().where(Contact.candidate_id == Candidate.id, Contact.placed_on == Candidate.placed_on)
    return _profile_filters(sa.select(*columns).select_from(Candidate).where(
        Candidate.placed_on.between(f.start, f.end), ~through_contact), f)


def _profile_filters(query: sa.Select, f: Filters) -> sa.Select:
    query = query.join(agency, agency.id == Candidate.agency_id).outerjoin(home, home.id == agency.district_id)
    if f.agency_id is not None:
        query = query.where(Candidate.agency_id == f.agency_id)
    if f.bezirk_id is not None:
        query = query.where(bezirk_of(home) == f.bezirk_id)
    return query


def _with_slot_places(query: sa.Select) -> sa.Select:
    """A query over slots joined to their employer and district, for `_slot_filters`."""
    return query.join(employer, employer.id == Slot.organisation_id).outerjoin(place, place.id == Slot.district_id)


def _slot_filters(query: sa.Select, f: Filters) -> sa.Select:
    if f.bezirk_id is not None:
        query = query.where(bezirk_of(place) == f.bezirk_id)
    if f.sector is not None:
        query = query.where(employer.sector == f.sector)
    return query


def open_slots_filtered(f: Filters, *columns) -> sa.Select:
    """Slots that existed by the end of the period, within the place and sector filters (their
    status then is read from the history)."""
    query = sa.select(*columns).select_from(Slot).where(Slot.created_at < f.ends_before)
    return _slot_filters(_with_slot_places(query), f)


def first_matches(f: Filters, *columns) -> sa.Select:
    """Candidate-slot pairs the matcher first found in the period (the match history: a pair
    removed since still counts where it was found), with slot, employer, place and candidate
    joined for the columns."""
    query = _with_slot_places(sa.select(*columns).select_from(MatchHistory)
                              .join(Slot, Slot.id == MatchHistory.slot_id)
                              .join(Candidate, Candidate.id == MatchHistory.candidate_id)).where(
        MatchHistory.first_found_at >= f.starts_at, MatchHistory.first_found_at < f.ends_before)
    if f.agency_id is not None:
        query = query.where(Candidate.agency_id == f.agency_id)
    return _slot_filters(query, f)


def contacts(f: Filters, *columns) -> sa.Select:
    """All contacts within the filters, any date; callers pick the date that counts."""
    query = _with_slot_places(sa.select(*columns).select_from(Contact).join(Slot, Slot.id == Contact.slot_id)
                              .join(Candidate, Candidate.id == Contact.candidate_id))
    if f.agency_id is not None:
        query = query.where(Candidate.agency_id == f.agency_id)
    return _slot_filters(query, f)


def proposed_in(f: Filters) -> sa.ColumnElement[bool]:
    return sa.and_(Contact.created_at >= f.starts_at, Contact.created_at < f.ends_before)


def accepted_in(f: Filters) -> sa.ColumnElement[bool]:
    return sa.and_(was_accepted_sql(), Contact.answered_at >= f.starts_at, Contact.answered_at < f.ends_before)


def placed_in(f: Filters) -> sa.ColumnElement[bool]:
    return Contact.placed_on.between(f.start, f.end)


def count_where(condition) -> sa.ColumnElement[int]:
    """A conditional count that both databases read the same way."""
    return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)
