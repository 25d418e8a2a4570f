"""The domain models, one module per domain; importing this package registers them all."""

from .audit import AuditLog
from .base import LabelledEnum, utcnow
from .districts import District, DistrictLevel
from .invitations import Invitation
from .organisations import (
    Carrier,
    Chamber,
    Organisation,
    OrganisationKind,
    Sector,
    VerificationStatus,
)
from .users import Role, User, normalise_email

__all__ = [
    "AuditLog",
    "Carrier",
    "Chamber",
    "District",
    "DistrictLevel",
    "Invitation",
    "LabelledEnum",
    "Organisation",
    "OrganisationKind",
    "Role",
    "Sector",
    "User",
    "VerificationStatus",
    "normalise_email",
    "utcnow",
]
