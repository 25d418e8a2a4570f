"""`flask matches rebuild` for a city of 10,000 open slots and 10,000 active profiles, on SQLite
and, with BENCH_DATABASE_URL, on PostgreSQL. Target (issue 14): 30 s for 10k x 10k.

Slots and profiles are written the way bench_save.py writes slots: titles and skills from the
vocabulary, so that the matcher finds a city's share of pairs; profiles name one or two prior
occupations and two skills. Timed: the whole rebuild (read both sides, score, store every match
with its reason codes), on an empty matches table; again with nothing changed (every pair kept,
none written); and once more after every stored score was spoilt (every pair kept and rewritten,
the worst a night can bring). Before each run after the first, the table is vacuumed and analysed
as autovacuum would have done since the last night.
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


def _as_autovacuum_leaves_it() -> None:
    """A night's rebuild finds the table as autovacuum left it after the day's writes (the last
    rebuild's, here the bench's own): dead row versions gone, statistics current. Without this,
    the run after 1.1 million rewritten rows would measure the bench's leftovers, not a night."""
    from matchmaker.extensions import db

    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM ANALYZE matches" if connection.dialect.name == "postgresql"
                                   else "ANALYZE matches")


def run(name: str, url: str | None) -> list:
    from matchmaker.extensions import db
    from matchmaker.models import Match
    from matchmaker.services import matching

    with bench_app(url) as app, app.app_context():
        _seed(random.Random(17))
        matching.engine()  # built once per process, as a worker does at its start
        times = []
        for spoil in (False, False, True):
            if spoil:
                db.session.execute(sa.update(Match).values(score=0.0))
                db.session.commit()
            if times:
                _as_autovacuum_leaves_it()
            started = time.perf_counter()
            matching.rebuild()
            times.append(time.perf_counter() - started)
        stored = db.session.scalar(sa.select(sa.func.count()).select_from(Match))
    return [name, *(f"{seconds:.1f} s" for seconds in times), f"{stored:,}"]


def main() -> None:
    rows = [run(name, url) for name, url in databases()]
    print_table(f"flask matches rebuild, {SIDE:,} x {SIDE:,} (target: 30 s)",
                ["database", "first (empty table)", "again (nothing changed)", "every pair changed", "matches"],
                rows)


if __name__ == "__main__":
    main()
