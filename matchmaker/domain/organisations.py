"""Verification: only verified employers put slots in front of caseworkers. Agencies and the
coordination office are created by coordinators and therefore trusted."""

from __future__ import annotations

import sqlalchemy as sa

from ..models import Organisation, OrganisationKind, VerificationStatus


def status(org: Organisation) -> VerificationStatus:
    if org.kind is not OrganisationKind.EMPLOYER or org.verified_at is not None:
        return VerificationStatus.VERIFIED
    if org.rejected_at is not None:
        return VerificationStatus.REJECTED
    return VerificationStatus.PENDING


def flags(org: Organisation) -> dict[str, bool]:
    """What the employer's home page says about its verification."""
    current = status(org)
    return {"pending": current is VerificationStatus.PENDING, "rejected": current is VerificationStatus.REJECTED}


def status_sql(wanted: VerificationStatus, org: type[Organisation] = Organisation) -> sa.ColumnElement[bool]:
    """The SQL twin of `status(org) is wanted` (`org`: the table or an alias of it)."""
    employer = org.kind == OrganisationKind.EMPLOYER
    return {
        VerificationStatus.VERIFIED: sa.or_(~employer, org.verified_at.is_not(None)),
        VerificationStatus.PENDING: sa.and_(employer, org.verified_at.is_(None), org.rejected_at.is_(None)),
        VerificationStatus.REJECTED: sa.and_(employer, org.verified_at.is_(None), org.rejected_at.is_not(None)),
    }[wanted]
