"""The evaluation dashboard at city scale: 10,000 profiles, 10,000 slots, 200,000 matches and
20,000 contacts; the whole page (every figure, chart and table) timed on SQLite and, with
BENCH_DATABASE_URL, on PostgreSQL. Target: well under a second."""

from __future__ import annotations

import random
import time
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from bench.common import bench_app, databases, median_ms, p95_ms, print_table, timed

PROFILES, SLOTS, MATCHES, CONTACTS = 10_000, 10_000, 200_000, 20_000
VIEWS = 10
TODAY = date(2026, 11, 24)


def _seed(rng: random.Random) -> str:
    from matchmaker.extensions import db
    from matchmaker.models import (
        Candidate,
        Contact,
        District,
        DistrictLevel,
        GermanLevel,
        Match,
        Organisation,
        OrganisationKind,
        OriginRegion,
        Sector,
        Slot,
        SlotKind,
    )
    from tests.factories import CoordinationFactory, UserFactory

    ortsteile = list(db.session.scalars(sa.select(District.id).where(District.level == DistrictLevel.ORTSTEIL)))
    boss = UserFactory(organisation=CoordinationFactory(), email="bench-eval@example.org")
    now = datetime(2026, 11, 24, tzinfo=UTC)
    db.session.execute(sa.insert(Organisation), [
        {"kind": OrganisationKind.EMPLOYER, "name": f"Betrieb {n}", "sector": rng.choice(list(Sector)),
         "chamber": "hwk", "district_id": rng.choice(ortsteile), "created_at": now, "verified_at": now}
        for n in range(200)] + [
        {"kind": OrganisationKind.AGENCY, "name": f"Beratung {n}", "carrier": "staedtisch",
         "district_id": rng.choice(ortsteile), "created_at": now} for n in range(20)])
    employers = list(db.session.scalars(sa.select(Organisation.id).where(Organisation.kind == "employer")))
    agencies = list(db.session.scalars(sa.select(Organisation.id).where(Organisation.kind == "agency")))

    def past(days: int) -> datetime:
        return now - timedelta(days=rng.randint(0, days))

    slot_ids = db.session.scalars(sa.insert(Slot).returning(Slot.id, sort_by_parameter_order=True), [
        {"organisation_id": rng.choice(employers), "title": "Bäcker/in", "kind": rng.choice(list(SlotKind)),
         "min_german": GermanLevel.A2, "district_id": rng.choice(ortsteile), "status": "open", "skills": [],
         "open_positions": 2, "created_at": past(400), "updated_at": now} for _ in range(SLOTS)]).all()
    candidate_ids = db.session.scalars(sa.insert(Candidate).returning(Candidate.id, sort_by_parameter_order=True), [
        {"agency_id": rng.choice(agencies), "pseudonym": f"K-{n:05d}", "first_name": "X", "last_initial": "Y",
         "birth_year": rng.randint(1970, 2008), "origin_region": rng.choice(list(OriginRegion)),
         "german_level": rng.choice(list(GermanLevel)[:4]), "status": "active", "consent_recorded_at": now,
         "consent_scope": "pseudonymous_profile_to_verified_employers", "created_at": past(420), "updated_at": now,
         "skills": [], "occupations": [], "qualifications": [], "other_languages": [], "desired_kinds": []}
        for n in range(PROFILES)]).all()
    pairs = {(rng.choice(slot_ids), rng.choice(candidate_ids)) for _ in range(MATCHES * 2)}
    pairs = list(pairs)[:MATCHES]
    for start in range(0, len(pairs), 20_000):
        db.session.execute(sa.insert(Match), [
            {"slot_id": s, "candidate_id": c, "score": 60.0, "reasons": [], "created_at": past(365),
             "updated_at": now} for s, c in pairs[start:start + 20_000]])
    contacts = []
    for s, c in pairs[:CONTACTS]:
        created = past(365)
        accepted = rng.random() < 0.6
        placed = accepted and rng.random() < 0.4
        contacts.append({
            "slot_id": s, "candidate_id": c, "initiated_by": "caseworker", "created_at": created,
            "status": "accepted" if accepted else "proposed", "answered_at": created + timedelta(days=3) if accepted
            else None, "placed_on": (created + timedelta(days=rng.randint(10, 200))).date() if placed else None,
            "outcome": "ausbildung" if placed else None})
    db.session.execute(sa.insert(Contact), contacts)
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        db.session.execute(sa.text("ANALYZE"))  # fresh statistics after a bulk load
        db.session.commit()
    return boss.email


def run(name: str, url: str | None) -> list:
    from matchmaker.extensions import db
    from matchmaker.models import Organisation
    from tests.conftest import IsolatedClient
    from tests.factories import PASSWORD

    with bench_app(url) as app:
        app.test_client_class = IsolatedClient
        started = time.perf_counter()
        email = _seed(random.Random(5))
        print(f"{name}: seeded in {time.perf_counter() - started:.1f} s")
        client = app.test_client()
        client.post("/login", data={"email": email, "password": PASSWORD})
        rows = []
        agency = min(db.session.scalars(sa.select(Organisation.id).where(Organisation.kind == "agency")))
        for label, query in [("year", "period=year&year=2026"),
                             ("quarter, one Stadtbezirk", "period=quarter&year=2026&quarter=3&bezirk=1"),
                             ("month, one agency (mostly small cells)",
                              f"period=month&year=2026&month=5&agency={agency}")]:
            assert client.get(f"/evaluation/?{query}").status_code == 200
            times = timed(lambda query=query: client.get(f"/evaluation/?{query}"), VIEWS)
            rows.append([name, label, f"{median_ms(times):.0f} ms", f"{p95_ms(times):.0f} ms"])
    return rows


def main() -> None:
    rows = []
    for name, url in databases():
        rows += run(name, url)
    print_table(f"Evaluation dashboard: {PROFILES:,} profiles, {SLOTS:,} slots, {MATCHES:,} matches, "
                f"{CONTACTS:,} contacts ({VIEWS} views)", ["database", "filter", "median", "p95"], rows)


if __name__ == "__main__":
    main()
