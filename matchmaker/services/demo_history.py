"""Demo history: more employers, agencies and profiles, and a year of contacts and placements,
so that evaluation has something to show. Seeded, so every demo looks the same; loaded once."""

from __future__ import annotations

import random
import secrets
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa

from ..domain import clock
from ..extensions import db
from ..models import (
    Candidate,
    CandidateStatus,
    Carrier,
    Chamber,
    Contact,
    ContactStatus,
    DeclineReason,
    District,
    DistrictLevel,
    GermanLevel,
    Initiator,
    Organisation,
    OrganisationKind,
    OriginRegion,
    Outcome,
    Sector,
    Slot,
    SlotKind,
    StatusChange,
    User,
    WorkPermit,
    utcnow,
)
from .candidates import CandidateData, Experience, create_candidates_bulk
from .slots import SlotData, create_slots_bulk

MARKER = "(Demo-Historie)"
EMPLOYERS = [("Malerbetrieb Kaya", Sector.HANDWERK, "maler"), ("Elektro Nowak", Sector.HANDWERK, "elektro"),
             ("Supermarkt am Markt", Sector.HANDEL, "verkauf"), ("Logistikzentrum Rheinhafen", Sector.GEWERBE, "lager"),
             ("Gasthaus Zur Brücke", Sector.GEWERBE, "gastro"), ("Kfz-Werkstatt Demir", Sector.HANDWERK, "kfz")]
OCCUPATIONS = {
    "maler": ("Maler/in und Lackierer/in", ["Wände streichen", "Tapezieren"], "Anstreicher"),
    "elektro": ("Elektroniker/in für Energie- und Gebäudetechnik", ["Kabel verlegen"], "Elektriker"),
    "verkauf": ("Verkäufer/in", ["Kassieren", "Ware verräumen"], "Verkäuferin"),
    "lager": ("Fachkraft für Lagerlogistik", ["Staplerschein", "Kommissionieren"], "Lagerarbeiter"),
    "gastro": ("Koch/Köchin", ["Kochen"], "Koch"),
    "kfz": ("Kraftfahrzeugmechatroniker/in", ["Reifenwechsel"], "Kfz-Mechaniker"),
}
KINDS = [SlotKind.PRAKTIKUM, SlotKind.EQ, SlotKind.AUSBILDUNG, SlotKind.HELFER, SlotKind.FACHKRAFT]
PLACEMENT_BY_KIND = {SlotKind.PRAKTIKUM: Outcome.PRAKTIKUM, SlotKind.EQ: Outcome.EQ,
                     SlotKind.AUSBILDUNG: Outcome.AUSBILDUNG, SlotKind.TEILZEITAUSBILDUNG: Outcome.AUSBILDUNG,
                     SlotKind.HELFER: Outcome.ARBEITSVERTRAG, SlotKind.FACHKRAFT: Outcome.ARBEITSVERTRAG}


def _org_with_user(name: str, email: str, **fields) -> User:
    org = Organisation(name=f"{name} {MARKER}", **fields)
    user = User(organisation=org, email=email, display_name=f"Team {name}")
    user.set_password(secrets.token_urlsafe(24))  # history only: nobody signs in with it
    db.session.add_all([org, user])
    db.session.flush()
    return user


def _at(day: date, hours: int = 10) -> datetime:
    return datetime.combine(day, time(hours), tzinfo=UTC)


def load(today: date | None = None) -> int:
    """Create the history once; returns the number of contacts made."""
    if db.session.scalar(sa.select(sa.func.count()).select_from(Organisation).where(
            Organisation.name.contains(MARKER))):
        return 0
    rng, today = random.Random(2026), today or clock.today()  # noqa: S311  (a seeded demo, not a secret)
    ortsteile = list(db.session.scalars(sa.select(District).where(District.level == DistrictLevel.ORTSTEIL)
                                        .order_by(District.id)))
    employers = [_org_with_user(name, f"historie-{n}@example.org", kind=OrganisationKind.EMPLOYER, sector=sector,
                                chamber=Chamber.HWK if sector is Sector.HANDWERK else Chamber.IHK,
                                district=rng.choice(ortsteile), verified_at=utcnow())
                 for n, (name, sector, _key) in enumerate(EMPLOYERS)]
    agencies = [_org_with_user(name, f"historie-beratung-{n}@example.org", kind=OrganisationKind.AGENCY,
                               carrier=carrier, district=rng.choice(ortsteile))
                for n, (name, carrier) in enumerate([("Caritas Migrationsdienst", Carrier.FREI_GEMEINNUETZIG),
                                                     ("Kommunales Integrationszentrum", Carrier.STAEDTISCH)])]
    slot_ids = _slots(rng, employers, ortsteile)
    candidate_ids = _candidates(rng, agencies, ortsteile, today)
    db.session.commit()
    made = _contacts(rng, employers, agencies, slot_ids, candidate_ids, today)
    db.session.flush()
    _backdate_history(candidate_ids)
    db.session.commit()
    return made


def _backdate_history(candidate_ids: list[int]) -> None:
    """The database recorded today's inserts and changes; the demo's story happened earlier. Its
    profiles and their contacts get the history their own dates tell (the slots were open all along)."""
    contacts = list(db.session.scalars(sa.select(Contact).where(Contact.candidate_id.in_(candidate_ids))))
    candidates = list(db.session.scalars(sa.select(Candidate).where(Candidate.id.in_(candidate_ids))))
    for table, ids in (("candidates", candidate_ids), ("contacts", [c.id for c in contacts])):
        db.session.execute(sa.delete(StatusChange).where(StatusChange.subject == table,
                                                         StatusChange.subject_id.in_(ids)))
    rows = []
    for candidate in candidates:
        rows.append(StatusChange(subject="candidates", subject_id=candidate.id, status=CandidateStatus.ACTIVE.value,
                                 changed_at=candidate.created_at))
        if candidate.placed_on:
            rows.append(StatusChange(subject="candidates", subject_id=candidate.id,
                                     status=CandidateStatus.PLACED.value, changed_at=_at(candidate.placed_on)))
    for contact in contacts:
        rows.append(StatusChange(subject="contacts", subject_id=contact.id, status=ContactStatus.PROPOSED.value,
                                 changed_at=contact.created_at))
        if contact.answered_at:
            answer = ContactStatus.DECLINED if contact.status is ContactStatus.DECLINED else ContactStatus.ACCEPTED
            rows.append(StatusChange(subject="contacts", subject_id=contact.id, status=answer.value,
                                     changed_at=contact.answered_at))
    db.session.add_all(rows)


def _slots(rng, employers, ortsteile) -> dict[int, list[int]]:
    found = {}
    for user, (_name, _sector, key) in zip(employers, EMPLOYERS, strict=True):
        title, skills, _colloquial = OCCUPATIONS[key]
        rows = [SlotData(title, rng.choice(KINDS), rng.choice([GermanLevel.A2, GermanLevel.B1]),
                         rng.choice(ortsteile).id, skills=skills, language_support=rng.random() < 0.5,
                         open_positions=rng.randint(2, 4)) for _ in range(5)]
        found[user.organisation_id] = create_slots_bulk(user, user.organisation, rows, publish=True)
    return found


def _candidates(rng, agencies, ortsteile, today) -> list[int]:
    ids = []
    regions = [r for r in OriginRegion if r is not OriginRegion.KEINE_ANGABE]
    for user in agencies:
        rows = []
        for _ in range(45):
            key = rng.choice(list(OCCUPATIONS))
            rows.append(CandidateData(
                rng.choice(["Amina", "Yusuf", "Oksana", "Ioana", "Samir", "Dawit", "Leyla", "Hamid"]), "X",
                rng.choice([GermanLevel.A2, GermanLevel.B1, GermanLevel.B2]), birth_year=rng.randint(1975, 2008),
                origin_region=rng.choice(regions), skills=[Experience(OCCUPATIONS[key][2], rng.randint(0, 6))],
                district_ids=[rng.choice(ortsteile).id], work_permit=WorkPermit.ERLAUBT))
        new = create_candidates_bulk(user, user.organisation, rows, [today] * len(rows))
        for candidate_id in new:  # profiles arrived over the past fourteen months
            created = _at(today - timedelta(days=rng.randint(30, 420)))
            db.session.execute(sa.update(Candidate).where(Candidate.id == candidate_id).values(
                created_at=created, consent_recorded_at=created))
        ids += new
    return ids


def _contacts(rng, employers, agencies, slot_ids, candidate_ids, today) -> int:
    agency_user = {u.organisation_id: u for u in agencies}
    employer_user = {u.organisation_id: u for u in employers}
    slots = {s.id: s for s in db.session.scalars(sa.select(Slot).where(
        Slot.id.in_([i for ids in slot_ids.values() for i in ids])))}
    candidates = {c.id: c for c in db.session.scalars(sa.select(Candidate).where(Candidate.id.in_(candidate_ids)))}
    made, placed = 0, set()
    for candidate_id in rng.sample(candidate_ids, 70):
        candidate, slot = candidates[candidate_id], slots[rng.choice(list(slots))]
        created = candidate.created_at + timedelta(days=rng.randint(3, 60))
        if created.date() >= today:
            continue
        contact = Contact(slot_id=slot.id, candidate_id=candidate.id, initiated_by=rng.choice(list(Initiator)),
                          proposed_by=agency_user[candidate.agency_id], created_at=created,
                          status=ContactStatus.PROPOSED)
        made += 1
        db.session.add(contact)
        roll = rng.random()
        if roll < 0.15:
            continue
        answered = created + timedelta(days=rng.randint(1, 10))
        contact.answered_at, contact.answered_by = answered, employer_user[slot.organisation_id]
        if roll < 0.35:
            contact.status, contact.decline_reason = ContactStatus.DECLINED, rng.choice(list(DeclineReason))
            continue
        contact.status = ContactStatus.ACCEPTED
        started = (answered + timedelta(days=rng.randint(7, 150))).date()
        if rng.random() < 0.6 and started < today and candidate.id not in placed and slot.open_positions > 0:
            placed.add(candidate.id)
            contact.outcome, contact.outcome_on, contact.placed_on = PLACEMENT_BY_KIND[slot.kind], started, started
            slot.open_positions -= 1
            candidate.status, candidate.placed_on = CandidateStatus.PLACED, started
        else:
            contact.outcome, contact.outcome_on = Outcome.MEETING, answered.date() + timedelta(days=3)
    return made
