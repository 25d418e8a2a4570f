"""List pages at 10,000 profiles and 10,000 slots: time per page view, and queries per view.

Run with `make bench` (or `python -m bench.bench_lists`). Seeded, so every run builds the
same city. Queries per view must not grow with the rows shown.
"""

from __future__ import annotations

import random
import time
from datetime import date

import sqlalchemy as sa

from bench.common import analyse, bench_app, databases, median_ms, p95_ms, print_table, timed

ROWS = 10_000
REPEAT = 30
SKILLS = ["Kassieren", "Lager", "Staplerschein", "Reinigung", "Teig kneten", "Trockenbau", "Schweißen",
          "Kundenberatung", "Führerschein Klasse B", "HACCP", "Pflege", "Kinderbetreuung", "Maler", "Koch"]
TITLES = ["Bäcker/in", "Verkäufer/in", "Maler/in und Lackierer/in", "Fachkraft Lagerlogistik", "Koch/Köchin",
          "Elektroniker/in", "Friseur/in", "Kfz-Mechatroniker/in", "Pflegehelfer/in", "Reinigungskraft"]


def _seed(rng: random.Random) -> tuple[str, str]:
    from matchmaker.extensions import db
    from matchmaker.models import District, DistrictLevel, GermanLevel, SlotKind
    from matchmaker.services.candidates import CandidateData, Experience, create_candidates_bulk
    from matchmaker.services.slots import SlotData, create_slots_bulk
    from tests.factories import AgencyFactory, EmployerFactory, UserFactory

    ortsteile = list(db.session.scalars(sa.select(District.id).where(District.level == DistrictLevel.ORTSTEIL)))
    employer = UserFactory(organisation=EmployerFactory(), email="bench-betrieb@example.org")
    worker = UserFactory(organisation=AgencyFactory(), email="bench-beratung@example.org")
    levels, kinds = list(GermanLevel), list(SlotKind)
    slots = [SlotData(rng.choice(TITLES), rng.choice(kinds), rng.choice(levels[:4]), rng.choice(ortsteile),
                      skills=rng.sample(SKILLS, 3)) for _ in range(ROWS)]
    people = [CandidateData(f"Person{i}", "X", rng.choice(levels[:4]),
                            skills=[Experience(s, rng.randint(0, 5)) for s in rng.sample(SKILLS, 3)],
                            desired_kinds=rng.sample(kinds, rng.randint(0, 2)),
                            district_ids=rng.sample(ortsteile, 2)) for i in range(ROWS)]
    create_slots_bulk(employer, employer.organisation, slots, publish=True)
    create_candidates_bulk(worker, worker.organisation, people, [date.today()] * ROWS)
    db.session.commit()
    return employer.email, worker.email


def _queries_per_view(app, client, path: str) -> int:
    from matchmaker.extensions import db

    count = 0

    def listener(*_args):
        nonlocal count
        count += 1

    sa.event.listen(db.engine, "before_cursor_execute", listener)
    client.get(path)
    sa.event.remove(db.engine, "before_cursor_execute", listener)
    return count


def run(name: str, url: str | None) -> list[list[object]]:
    from tests.conftest import IsolatedClient
    from tests.factories import PASSWORD

    rows = []
    with bench_app(url) as app:
        app.test_client_class = IsolatedClient
        started = time.perf_counter()
        employer_email, worker_email = _seed(random.Random(7))
        analyse()
        print(f"{name}: seeded {ROWS} slots and {ROWS} profiles in {time.perf_counter() - started:.1f} s")
        pages = {
            employer_email: ["/employer/slots/", "/employer/slots/?q=baecker", "/employer/slots/?kind=eq&german=A2",
                             "/employer/slots/?district=3", "/employer/slots/?page=400"],
            worker_email: ["/caseworker/candidates/", "/caseworker/candidates/?q=lager",
                           "/caseworker/candidates/?kind=eq&german=B1", "/caseworker/candidates/?district=3",
                           "/caseworker/candidates/?page=400", "/caseworker/slots/"],
        }
        for email, paths in pages.items():
            client = app.test_client()
            client.post("/login", data={"email": email, "password": PASSWORD})
            for path in paths:
                assert client.get(path).status_code == 200, path
                times = timed(lambda path=path, client=client: client.get(path), REPEAT)
                rows.append([name, path, f"{median_ms(times):.1f}", f"{p95_ms(times):.1f}",
                             _queries_per_view(app, client, path)])
    return rows


def main() -> None:
    rows = []
    for name, url in databases():
        rows += run(name, url)
    print_table(f"List pages with {ROWS:,} slots and {ROWS:,} profiles ({REPEAT} views each)",
                ["database", "page", "median ms", "p95 ms", "queries"], rows)


if __name__ == "__main__":
    main()
