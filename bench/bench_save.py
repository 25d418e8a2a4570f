"""Saving a profile in a city with 10,000 open slots: the whole request, matches stored.

Times POST /caseworker/candidates/new (validation, insert, audit, re-scoring the profile
against every open slot, storing its matches) on SQLite and, with BENCH_DATABASE_URL, on
PostgreSQL. Target: within 300 ms.
"""

from __future__ import annotations

import random
import time

import sqlalchemy as sa

from bench.common import bench_app, databases, median_ms, p95_ms, print_table

SLOTS = 10_000
SAVES = 30


def _seed(rng: random.Random) -> str:
    from matchmaker.extensions import db
    from matchmaker.models import District, DistrictLevel, GermanLevel, SlotKind
    from matchmaker.services.slots import SlotData, create_slots_bulk
    from tests.factories import AgencyFactory, EmployerFactory, UserFactory

    vocabulary = __import__("matchmaker.matching.vocabulary", fromlist=["x"]).load_vocabulary()
    titles = [o.title for o in vocabulary.occupations.values()]
    skills = [s.name for s in vocabulary.skills.values()]
    ortsteile = list(db.session.scalars(sa.select(District.id).where(District.level == DistrictLevel.ORTSTEIL)))
    employer = UserFactory(organisation=EmployerFactory(), email="bench-save-betrieb@example.org")
    worker = UserFactory(organisation=AgencyFactory(), email="bench-save-beratung@example.org")
    rows = [SlotData(rng.choice(titles), rng.choice(list(SlotKind)), rng.choice(list(GermanLevel)[:4]),
                     rng.choice(ortsteile), skills=rng.sample(skills, 2)) for _ in range(SLOTS)]
    create_slots_bulk(employer, employer.organisation, rows, publish=True)
    db.session.commit()
    return worker.email


def run(name: str, url: str | None) -> list:
    from tests.conftest import IsolatedClient
    from tests.factories import PASSWORD

    rng = random.Random(11)
    with bench_app(url) as app:
        app.test_client_class = IsolatedClient
        email = _seed(rng)
        client = app.test_client()
        client.post("/login", data={"email": email, "password": PASSWORD})
        texts = ["Bäcker:3, Kassieren", "Anstreicher", "Kfz Mechaniker:2", "Verkauferin, Lager", "Koch, Küchenhilfe",
                 "Elektriker", "Reinigungskraft", "Staplerschein, Lagerlogistik", "Friseurin", "Pflegehelfer"]

        def save(n: int) -> None:
            response = client.post("/caseworker/candidates/new", data={
                "first_name": f"P{n}", "last_initial": "X", "german_level": "B1", "skills": texts[n % len(texts)],
                "work_permit": "erlaubt", "origin_region": "keine_angabe", "consent": "y",
                "consent_given_on": "2026-11-01"})
            assert response.status_code == 302, response.status_code

        save(-1)  # the first save builds the engine for this process
        times = []
        for n in range(SAVES):
            started = time.perf_counter()
            save(n)
            times.append(time.perf_counter() - started)
        from matchmaker.extensions import db
        from matchmaker.models import Match

        stored = db.session.scalar(sa.select(sa.func.count()).select_from(Match))
    return [name, f"{median_ms(times):.0f} ms", f"{p95_ms(times):.0f} ms", f"{stored:,}"]


def main() -> None:
    rows = [run(name, url) for name, url in databases()]
    print_table(f"Saving a profile with {SLOTS:,} open slots ({SAVES} saves)",
                ["database", "median", "p95", "matches stored"], rows)


if __name__ == "__main__":
    main()
