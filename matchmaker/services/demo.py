"""Demo data: one verified employer, one agency with a caseworker, one coordinator."""

from __future__ import annotations

import sqlalchemy as sa

from ..extensions import db
from ..models import (
    Carrier,
    Chamber,
    District,
    Organisation,
    OrganisationKind,
    Sector,
    User,
    utcnow,
)
from ..models.audit import record
from .accounts import find_user_by_email
from .districts import load_districts, read_district_file

PASSWORD = "kurzer-draht-demo"  # noqa: S105  (the documented demo password)
LOGINS = ("betrieb@example.org", "beratung@example.org", "koordination@example.org")


def _district(name: str) -> District | None:
    return db.session.scalars(sa.select(District).where(District.name == name)).first()


def _ensure_user(email: str, display_name: str, phone: str, organisation: dict) -> tuple[User, bool]:
    user = find_user_by_email(email)
    if user is not None:
        return user, False
    org = db.session.scalars(
        sa.select(Organisation).where(Organisation.name == organisation["name"])
    ).first() or Organisation(**organisation)
    user = User(organisation=org, email=email, display_name=display_name, phone=phone)
    user.set_password(PASSWORD)
    db.session.add_all([org, user])
    db.session.flush()
    return user, True


def load() -> int:
    """Create what is missing; running it twice changes nothing. Returns new logins."""
    if not db.session.scalar(sa.select(sa.func.count()).select_from(District)):
        load_districts(read_district_file())
    coordinator, new_coordinator = _ensure_user(
        "koordination@example.org", "Kim Koordination", "0203 000 100",
        {"kind": OrganisationKind.COORDINATION, "name": "Koordinierungsstelle Kurzer Draht (Demo)",
         "address": "Sonnenwall 77, 47051 Duisburg", "district": _district("Altstadt"),
         "phone": "0203 000 100"},
    )
    _, new_caseworker = _ensure_user(
        "beratung@example.org", "Bea Beratung", "0203 000 200",
        {"kind": OrganisationKind.AGENCY, "name": "Integrationsberatung Nord (Demo)",
         "carrier": Carrier.FREI_GEMEINNUETZIG, "address": "Weseler Straße 1, 47169 Duisburg",
         "district": _district("Marxloh"), "phone": "0203 000 200"},
    )
    employer, new_employer = _ensure_user(
        "betrieb@example.org", "Bernd Becker", "0203 000 300",
        {"kind": OrganisationKind.EMPLOYER, "name": "Bäckerei Becker (Demo)",
         "sector": Sector.HANDWERK, "chamber": Chamber.HWK, "membership_number": "HWK-12345",
         "address": "Kaiser-Wilhelm-Straße 10, 47169 Duisburg", "district": _district("Marxloh"),
         "phone": "0203 000 300"},
    )
    org = employer.organisation
    if org.verified_at is None:
        org.verified_at, org.verified_by = utcnow(), coordinator
        record(coordinator, "organisation.verify", org, demo=True)
    db.session.commit()
    return sum((new_coordinator, new_caseworker, new_employer))
