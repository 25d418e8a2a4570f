"""The domain models, one module per domain; importing this package registers them all."""

from .api import ApiToken, IdempotentRequest
from .audit import AuditAction, AuditLog
from .base import LabelledEnum, utcnow
from .candidates import CONSENT_SCOPE, CONSENT_SCOPE_TEXT, Candidate, CandidateStatus, candidate_districts
from .contacts import (
    OPEN_STATUSES,
    Contact,
    ContactEvent,
    ContactStatus,
    DeclineReason,
    EventKind,
    Initiator,
    Outcome,
)
from .digests import DigestEntry, DigestFrequency
from .districts import District, DistrictLevel
from .enums import (
    GermanLevel,
    OriginRegion,
    PayUnit,
    Recognition,
    SchoolCertificate,
    SlotKind,
    WorkingTime,
    WorkPermit,
)
from .history import HistorySource, MatchHistory, StatusChange
from .imports import ImportBatch, ImportKind
from .invitations import Invitation
from .matches import Match
from .organisations import (
    Carrier,
    Chamber,
    Organisation,
    OrganisationKind,
    Sector,
    VerificationStatus,
)
from .skills import SkillTag
from .slots import Slot, SlotStatus
from .targets import DEFAULT_TARGET_DAYS, Target, target_days
from .users import Role, User, normalise_email

__all__ = [
    "CONSENT_SCOPE",
    "CONSENT_SCOPE_TEXT",
    "DEFAULT_TARGET_DAYS",
    "OPEN_STATUSES",
    "ApiToken",
    "AuditAction",
    "AuditLog",
    "Candidate",
    "CandidateStatus",
    "Carrier",
    "Chamber",
    "Contact",
    "ContactEvent",
    "ContactStatus",
    "DeclineReason",
    "DigestEntry",
    "DigestFrequency",
    "District",
    "DistrictLevel",
    "EventKind",
    "GermanLevel",
    "HistorySource",
    "IdempotentRequest",
    "ImportBatch",
    "ImportKind",
    "Initiator",
    "Invitation",
    "LabelledEnum",
    "Match",
    "MatchHistory",
    "Organisation",
    "OrganisationKind",
    "OriginRegion",
    "Outcome",
    "PayUnit",
    "Recognition",
    "Role",
    "SchoolCertificate",
    "Sector",
    "SkillTag",
    "Slot",
    "SlotKind",
    "SlotStatus",
    "StatusChange",
    "Target",
    "User",
    "VerificationStatus",
    "WorkPermit",
    "WorkingTime",
    "candidate_districts",
    "normalise_email",
    "target_days",
    "utcnow",
]
