"""`flask matches rebuild` for a city of 10,000 open slots and 10,000 active profiles, on SQLite
and, with BENCH_DATABASE_URL, on PostgreSQL. Target (issue 14): 30 s for 10k x 10k.

Slots and profiles are written the way bench_save.py writes slots: titles and skills from the
vocabulary, so that the matcher finds a city's share of pairs; profiles name one or two prior
occupations and two skills. Timed: the whole rebuild (read both sides, score, store every match
with its reason codes), once on an empty matches table and once more (every pair kept, updated).
"""

from __future__ import annotations

import random
import time

import sqlalchemy as sa

from bench.common import bench_app, databases, print_table, seed_vocabulary_city

SIDE = 10_000


def _seed(rng: random.Random) -> None:
    from matchmaker.extensions import db
    from matchmaker.models import GermanLevel
    from matchmaker.services.candidates import CandidateData, Experience, create_candidates_bulk

    worker, titles, skills, ortsteile = seed_vocabulary_city(rng, SIDE, "bench-rebuild")
    people = [CandidateData("P", "X", rng.choice(list(GermanLevel)[1:5]),
                            skills=[Experience(s) for s in rng.sample(skills, 2)],
                            occupations=[Experience(t, 2) for t in rng.sample(titles, rng.choice((1, 2)))],
                            district_ids=[rng.choice(ortsteile)]) for _ in range(SIDE)]
    create_candidates_bulk(worker, worker.organisation, people, [None] * SIDE)
    db.session.commit()


def run(name: str, url: str | None) -> list:
    from matchmaker.extensions import db
    from matchmaker.models import Match
    from matchmaker.services import matching

    with bench_app(url) as app, app.app_context():
        _seed(random.Random(17))
        matching.engine()  # built once per process, as a worker does at its start
        times = []
        for _ in range(2):
            started = time.perf_counter()
            matching.rebuild()
            times.append(time.perf_counter() - started)
        stored = db.session.scalar(sa.select(sa.func.count()).select_from(Match))
    return [name, f"{times[0]:.1f} s", f"{times[1]:.1f} s", f"{stored:,}"]


def main() -> None:
    rows = [run(name, url) for name, url in databases()]
    print_table(f"flask matches rebuild, {SIDE:,} x {SIDE:,} (target: 30 s)",
                ["database", "first (empty table)", "again (every pair kept)", "matches"], rows)


if __name__ == "__main__":
    main()
