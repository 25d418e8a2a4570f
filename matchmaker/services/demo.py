"""Demo data: a verified employer with slots, an agency with a caseworker and profiles, a coordinator."""

from __future__ import annotations

import sqlalchemy as sa

from .. import transaction
from ..domain import clock
from ..extensions import db
from ..models import (
    Candidate,
    Carrier,
    Chamber,
    Contact,
    District,
    GermanLevel,
    Match,
    Organisation,
    OrganisationKind,
    OriginRegion,
    Sector,
    Slot,
    SlotKind,
    User,
    WorkPermit,
    utcnow,
)
from ..models.audit import AuditAction, record
from . import contacts, demo_history, matching
from .accounts import find_user_by_email
from .candidates import CandidateData, create_candidates_bulk
from .districts import load_districts, read_district_file
from .profile_text import parse_experiences
from .slots import SlotData, create_slots_bulk

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
        record(coordinator, AuditAction.ORGANISATION_VERIFY, org, demo=True)
    db.session.commit()
    worker = find_user_by_email("beratung@example.org")
    _demo_slots(employer)
    _demo_candidates(worker)
    demo_history.load()
    matching.rebuild()
    _demo_contacts(employer, worker)
    return sum((new_coordinator, new_caseworker, new_employer))


def _demo_contacts(employer: User, worker: User) -> None:
    """One proposal waiting for the employer, one request waiting for the caseworker."""
    if db.session.scalar(sa.select(sa.func.count()).select_from(Contact)):
        return
    best = db.session.scalars(sa.select(Match).order_by(Match.score.desc(), Match.id)).all()
    if best:
        contacts.start(worker, best[0].slot, best[0].candidate, "Sehr motiviert, kann sofort anfangen.",
                       share_first_name=True)
    others = [m for m in best if (m.slot_id, m.candidate_id) != (best[0].slot_id, best[0].candidate_id)
              and m.candidate_id != best[0].candidate_id]
    if others:
        contacts.start(employer, others[0].slot, others[0].candidate, "Hätte die Person Zeit für ein Kennenlernen?")
    transaction.commit()


def _has_any(model, column, organisation_id: int) -> bool:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(column == organisation_id)) > 0


def _demo_slots(employer: User) -> None:
    if _has_any(Slot, Slot.organisation_id, employer.organisation_id):
        return
    marxloh = _district("Marxloh")
    slots = [
        SlotData("Bäcker/in", SlotKind.AUSBILDUNG, GermanLevel.A2, marxloh.id, skills=["Teig kneten", "Frühschicht"],
                 language_support=True, weekly_hours=40, transit_note="Straßenbahn 903, Haltestelle Pollmann"),
        SlotData("Fachverkäufer/in Bäckerei", SlotKind.PRAKTIKUM, GermanLevel.B1, marxloh.id,
                 skills=["Kassieren", "Kundenberatung"], duration_weeks=4, weekly_hours=30),
        SlotData("Helfer/in Backstube", SlotKind.HELFER, GermanLevel.A1, marxloh.id, skills=["Reinigung", "Lager"],
                 shift_work=True, open_positions=2),
    ]
    create_slots_bulk(employer, employer.organisation, slots, publish=True)
    db.session.commit()


def _demo_candidates(worker: User) -> None:
    if _has_any(Candidate, Candidate.agency_id, worker.organisation_id):
        return
    people = [
        ("Amira", "K", 1999, OriginRegion.NAHOST, GermanLevel.B1, ["Kassieren:2", "Kundenberatung"], ["Bäckerin:3"],
         [SlotKind.AUSBILDUNG, SlotKind.EQ], ["Marxloh", "Hamborn"]),
        ("Dawit", "T", 2003, OriginRegion.SUBSAHARA, GermanLevel.A2, ["Lager:1", "Reinigung"], [],
         [SlotKind.HELFER, SlotKind.PRAKTIKUM], ["Hochfeld", "Mitte"]),
        ("Ioana", "P", 1988, OriginRegion.EU_SUEDOST, GermanLevel.A2, ["Teig kneten:5"], ["Konditorin:6"],
         [], ["Meiderich/Beeck", "Hamborn"]),
        ("Hamid", "S", 2001, OriginRegion.SUEDASIEN, GermanLevel.B2, ["Staplerschein", "Lager:2"], ["Fahrer:1"],
         [SlotKind.FACHKRAFT, SlotKind.HELFER], []),
    ]
    rows = [
        CandidateData(first_name, initial, level, birth_year=year, origin_region=region,
                      skills=parse_experiences(skills)[0], occupations=parse_experiences(jobs)[0],
                      desired_kinds=kinds, district_ids=[_district(name).id for name in districts],
                      work_permit=WorkPermit.ERLAUBT)
        for first_name, initial, year, region, level, skills, jobs, kinds, districts in people
    ]
    create_candidates_bulk(worker, worker.organisation, rows, [clock.today()] * len(rows))
    db.session.commit()
