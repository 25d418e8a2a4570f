"""Shared pieces for benchmarks: a migrated throw-away database and robust statistics.

The machine is shared and noisy: quote medians and compare ratios measured in one run.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import sqlalchemy as sa


@contextmanager
def bench_app(database_url: str | None = None) -> Iterator:
    """An app on a fresh database built by the real migrations; SQLite in a temp folder by default."""
    from flask_migrate import upgrade

    from matchmaker import create_app
    from matchmaker.extensions import db
    from matchmaker.services.districts import load_districts, read_district_file

    with tempfile.TemporaryDirectory(prefix="kd-bench-") as folder:
        os.environ["INSTANCE_PATH"] = folder  # keep the development instance folder untouched
        url = database_url or f"sqlite:///{folder}/bench.sqlite"
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False,
                          "EVALUATION_STALE_SECONDS": 0,
                          "MAIL_SERVER": None, "MAIL_OUTBOX_DIR": f"{folder}/outbox", "RATELIMIT_ENABLED": False})
        with app.app_context():
            if db.engine.dialect.name == "postgresql":
                with db.engine.begin() as conn:
                    conn.exec_driver_sql("DROP SCHEMA public CASCADE")
                    conn.exec_driver_sql("CREATE SCHEMA public")
            upgrade()
            load_districts(read_district_file())
            yield app
            db.session.remove()
            db.engine.dispose()


def analyse() -> None:
    """Statistics as a running database has them after seeding (autovacuum would have analysed
    the new tables by now; without statistics PostgreSQL guesses a scope of 10,000 rows has 19)."""
    from matchmaker.extensions import db

    with db.engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")


def databases() -> list[tuple[str, str | None]]:
    """SQLite always; PostgreSQL too when BENCH_DATABASE_URL names a database (it is wiped)."""
    found = [("SQLite", None)]
    if url := os.environ.get("BENCH_DATABASE_URL"):
        from matchmaker.config import normalise_database_url

        url = normalise_database_url(url)
        if "bench" not in (sa.engine.make_url(url).database or ""):
            raise SystemExit("BENCH_DATABASE_URL must name a database with 'bench' in its name: it is wiped")
        found.append(("PostgreSQL", url))
    return found


def timed(func: Callable[[], object], repeat: int) -> list[float]:
    """Wall-clock seconds of each of `repeat` calls."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return times


def median_ms(times: list[float]) -> float:
    return statistics.median(times) * 1000


def p95_ms(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] * 1000


def print_table(title: str, header: list[str], rows: list[list[object]]) -> None:
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]
    print(f"\n{title}")
    print("  ".join(str(h).ljust(w) for h, w in zip(header, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)))


def districts_of_duisburg() -> dict[str, str | None]:
    """District name -> its Stadtbezirk (None for a Stadtbezirk), from the bundled file."""
    from matchmaker.services.districts import read_district_file

    data = read_district_file()
    hierarchy: dict[str, str | None] = {}
    for bezirk in data["bezirke"]:
        hierarchy[bezirk["name"]] = None
        hierarchy.update({ortsteil["name"]: bezirk["name"] for ortsteil in bezirk.get("ortsteile", [])})
    return hierarchy


def seed_vocabulary_city(rng, slots: int, prefix: str):
    """An employer with `slots` published slots whose titles and skills come from the vocabulary
    (in Ortsteile at random), and an agency's caseworker; returns (caseworker, titles, skills,
    Ortsteil ids) for the caller's profiles. The caller commits."""
    import sqlalchemy as sa

    from matchmaker.extensions import db
    from matchmaker.matching.vocabulary import load_vocabulary
    from matchmaker.models import District, DistrictLevel, GermanLevel, SlotKind
    from matchmaker.services.slots import SlotData, create_slots_bulk
    from tests.factories import AgencyFactory, EmployerFactory, UserFactory

    vocabulary = load_vocabulary()
    titles = [o.title for o in vocabulary.occupations.values()]
    skills = [s.name for s in vocabulary.skills.values()]
    ortsteile = list(db.session.scalars(sa.select(District.id).where(District.level == DistrictLevel.ORTSTEIL)))
    employer = UserFactory(organisation=EmployerFactory(), email=f"{prefix}-betrieb@example.org")
    worker = UserFactory(organisation=AgencyFactory(), email=f"{prefix}-beratung@example.org")
    rows = [SlotData(rng.choice(titles), rng.choice(list(SlotKind)), rng.choice(list(GermanLevel)[:4]),
                     rng.choice(ortsteile), skills=rng.sample(skills, 2)) for _ in range(slots)]
    create_slots_bulk(employer, employer.organisation, rows, publish=True)
    return worker, titles, skills, ortsteile
