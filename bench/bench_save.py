"""Saving a profile in a city with 10,000 open slots: the whole request, matches stored.

Times POST /caseworker/candidates/new (validation, insert, audit, re-scoring the profile
against every open slot, storing its matches) on SQLite and, with BENCH_DATABASE_URL, on
PostgreSQL. Target: within 300 ms.
"""

from __future__ import annotations

import random
import time

import sqlalchemy as sa

from bench.common import bench_app, databases, median_ms, p95_ms, print_table, seed_vocabulary_city

SLOTS = 10_000
SAVES = 30


def _seed(rng: random.Random) -> str:
    from matchmaker.extensions import db

    worker, _titles, _skills, _ortsteile = seed_vocabulary_city(rng, SLOTS, "bench-save")
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
