"""The evaluation dashboard and the yearly report at city scale: 10,000 profiles, 10,000 slots,
200,000 matches, 20,000 contacts and their status history (pauses, reactivations, placements,
withdrawals); whole pages (every figure, chart and table) timed on SQLite and, with
BENCH_DATABASE_URL, on PostgreSQL. Target (issue 13): median <= 300 ms on PostgreSQL.

Two figures per page: "warm" is the page as coordinators meet it (figures computed once per data
version, `services/evaluation/cache.py`), median of VIEWS views; "cold" is the page right after a
write (a new status change: every figure counted anew), median of COLD views."""

from __future__ import annotations

import random
import time
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from bench.common import bench_app, databases, median_ms, p95_ms, print_table, timed

PROFILES, SLOTS, MATCHES, CONTACTS = 10_000, 10_000, 200_000, 20_000
VIEWS = 10
COLD = 5
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

    slots = [
        {"organisation_id": rng.choice(employers), "title": "Bäcker/in", "kind": rng.choice(list(SlotKind)),
         "min_german": GermanLevel.A2, "district_id": rng.choice(ortsteile), "status": "open", "skills": [],
         "open_positions": 2, "created_at": past(400), "updated_at": now} for _ in range(SLOTS)]
    slot_ids = db.session.scalars(sa.insert(Slot).returning(Slot.id, sort_by_parameter_order=True), slots).all()
    candidates = [
        {"agency_id": rng.choice(agencies), "pseudonym": f"K-{n:05d}", "first_name": "X", "last_initial": "Y",
         "birth_year": rng.randint(1970, 2008), "origin_region": rng.choice(list(OriginRegion)),
         "german_level": rng.choice(list(GermanLevel)[:4]), "status": "active", "consent_recorded_at": now,
         "consent_scope": "pseudonymous_profile_to_verified_employers", "created_at": past(420), "updated_at": now,
         "skills": [], "occupations": [], "qualifications": [], "other_languages": [], "desired_kinds": []}
        for n in range(PROFILES)]
    candidate_ids = db.session.scalars(sa.insert(Candidate).returning(Candidate.id, sort_by_parameter_order=True),
                                       candidates).all()
    employer_of = {i: row["organisation_id"] for i, row in zip(slot_ids, slots, strict=True)}
    agency_of = {i: row["agency_id"] for i, row in zip(candidate_ids, candidates, strict=True)}
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
            "slot_id": s, "candidate_id": c, "employer_id": employer_of[s], "agency_id": agency_of[c],
            "initiated_by": "caseworker", "created_at": created,
            "status": "accepted" if accepted else "proposed", "answered_at": created + timedelta(days=3) if accepted
            else None, "placed_on": (created + timedelta(days=rng.randint(10, 200))).date() if placed else None,
            "outcome": "ausbildung" if placed else None})
    db.session.execute(sa.insert(Contact), contacts)
    _history(rng, candidate_ids, contacts, now)
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        db.session.execute(sa.text("ANALYZE"))  # fresh statistics after a bulk load
        db.session.commit()
    return boss.email


def _history(rng: random.Random, candidate_ids: list[int], contacts: list[dict], now: datetime) -> None:
    """What a year of work leaves in the status history beside the inserts: pauses (half of them
    ended), placements on their start day, withdrawals."""
    from matchmaker.extensions import db
    from matchmaker.models import Candidate, StatusChange

    created = dict(db.session.execute(sa.select(Candidate.id, Candidate.created_at)
                                      .where(Candidate.id.in_(candidate_ids))).all())
    rows = []

    def later(start: datetime) -> datetime:
        return start + (now - start) * rng.random()

    for cid in candidate_ids:
        roll = rng.random()
        if roll < 0.15:
            paused = later(created[cid])
            rows.append({"subject": "candidates", "subject_id": cid, "status": "paused", "changed_at": paused})
            if rng.random() < 0.5:
                rows.append({"subject": "candidates", "subject_id": cid, "status": "active",
                             "changed_at": later(paused)})
        elif roll < 0.18:
            rows.append({"subject": "candidates", "subject_id": cid, "status": "withdrawn",
                         "changed_at": later(created[cid])})
    for contact in contacts:
        if contact["placed_on"] is not None:
            rows.append({"subject": "candidates", "subject_id": contact["candidate_id"], "status": "placed",
                         "changed_at": datetime.combine(contact["placed_on"], datetime.min.time(), tzinfo=UTC)})
    db.session.execute(sa.insert(StatusChange), rows)


def _touch() -> None:
    """A write that changes the data version (as any save would): the next view counts anew."""
    from matchmaker.extensions import db
    from matchmaker.models import StatusChange, utcnow

    db.session.add(StatusChange(subject="slots", subject_id=0, status="draft", changed_at=utcnow()))
    db.session.commit()


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
        for label, path in [("dashboard, year", "/evaluation/?period=year&year=2026"),
                            ("dashboard, quarter, one Stadtbezirk",
                             "/evaluation/?period=quarter&year=2026&quarter=3&bezirk=1"),
                            ("dashboard, month, one agency (mostly small cells)",
                             f"/evaluation/?period=month&year=2026&month=5&agency={agency}"),
                            ("report 2026", "/evaluation/report?year=2026")]:
            assert client.get(path).status_code == 200
            warm = timed(lambda path=path: client.get(path), VIEWS)
            cold = []
            for _ in range(COLD):
                _touch()
                cold += timed(lambda path=path: client.get(path), 1)
            rows.append([name, label, f"{median_ms(warm):.0f} ms", f"{p95_ms(warm):.0f} ms",
                         f"{median_ms(cold):.0f} ms", f"{p95_ms(cold):.0f} ms"])
    return rows


def main() -> None:
    rows = []
    for name, url in databases():
        rows += run(name, url)
    print_table(f"Evaluation: {PROFILES:,} profiles, {SLOTS:,} slots, {MATCHES:,} matches, {CONTACTS:,} contacts "
                f"and their history (warm: {VIEWS} views; cold: {COLD} views, each after a write)",
                ["database", "page", "warm median", "warm p95", "cold median", "cold p95"], rows)


if __name__ == "__main__":
    main()
