"""A digest run for 5,000 users with 50,000 new matches, sent to an SMTP sink on loopback.

Run with `make bench` (or `python -m bench.bench_digests`). Seeded with bulk inserts (not
the matcher): 400 employers and 100 agencies with 10 people each, 2 open slots per employer,
20 profiles per agency, 50,000 distinct matches. Times `services.digests.send_due` (what
`flask digests send` runs) and counts the SQL statements: they grow with the users mailed
(one insert and one update per recipient), never with the matches.
"""

from __future__ import annotations

import random
import time
from datetime import timedelta

import sqlalchemy as sa

from bench.common import bench_app, databases, print_table

EMPLOYERS, AGENCIES, PEOPLE_PER_ORGANISATION = 400, 100, 10
SLOTS_PER_EMPLOYER, PROFILES_PER_AGENCY = 2, 20
MATCHES = 50_000
REASONS = ["Beruf passt: Bäcker/in", "Deutsch B1 erfüllt das Minimum A2", "Arbeitsort Marxloh ist erreichbar"]


class CountingSink:
    """An SMTP server that accepts everything and only counts."""

    def __init__(self):
        self.messages = 0

    async def handle_DATA(self, server, session, envelope):
        self.messages += 1
        return "250 OK"


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _rows(model, rows: list[dict]) -> None:
    from matchmaker.extensions import db

    db.session.execute(sa.insert(model), rows)


def _seed(rng: random.Random, now) -> None:
    from matchmaker.extensions import db
    from matchmaker.models import (
        Candidate,
        Carrier,
        Chamber,
        DigestFrequency,
        GermanLevel,
        Match,
        Organisation,
        OrganisationKind,
        Sector,
        Slot,
        SlotKind,
        SlotStatus,
        User,
    )

    before = now - timedelta(days=30)
    _rows(Organisation, [{"kind": OrganisationKind.EMPLOYER, "name": f"Betrieb {i}", "sector": Sector.HANDWERK,
                          "chamber": Chamber.HWK, "verified_at": before} for i in range(EMPLOYERS)]
          + [{"kind": OrganisationKind.AGENCY, "name": f"Beratungsstelle {i}", "carrier": Carrier.STAEDTISCH}
             for i in range(AGENCIES)])
    kinds = {row.id: row.kind for row in db.session.execute(sa.select(Organisation.id, Organisation.kind))}
    employers = sorted(i for i, kind in kinds.items() if kind is OrganisationKind.EMPLOYER)
    agencies = sorted(i for i, kind in kinds.items() if kind is OrganisationKind.AGENCY)
    frequencies = [DigestFrequency.WEEKLY] * 3 + [DigestFrequency.DAILY]
    _rows(User, [{"organisation_id": org, "email": f"p{org}-{n}@example.org", "display_name": f"Person {org}-{n}",
                  "digest_frequency": rng.choice(frequencies), "digest_since": before}
                 for org in employers + agencies for n in range(PEOPLE_PER_ORGANISATION)])
    _rows(Slot, [{"organisation_id": org, "title": f"Angebot {org}-{n}", "kind": SlotKind.PRAKTIKUM,
                  "min_german": GermanLevel.A2, "status": SlotStatus.OPEN, "published_at": before}
                 for org in employers for n in range(SLOTS_PER_EMPLOYER)])
    _rows(Candidate, [{"agency_id": org, "pseudonym": f"K-B{org:03d}{n:03d}", "first_name": f"Vorname{n}",
                       "german_level": GermanLevel.B1}
                      for org in agencies for n in range(PROFILES_PER_AGENCY)])
    slots = list(db.session.scalars(sa.select(Slot.id)))
    candidates = list(db.session.scalars(sa.select(Candidate.id)))
    pairs = rng.sample(range(len(slots) * len(candidates)), MATCHES)
    _rows(Match, [{"slot_id": slots[p // len(candidates)], "candidate_id": candidates[p % len(candidates)],
                   "score": round(rng.uniform(40, 100), 1), "reasons": rng.sample(REASONS, 2),
                   "created_at": now - timedelta(hours=rng.randint(1, 100))} for p in pairs])
    db.session.commit()
    # A live database has planner statistics (autovacuum); freshly bulk-loaded tables have
    # none, and PostgreSQL then guesses one row per table and picks nested loops for minutes.
    db.session.execute(sa.text("ANALYZE"))
    db.session.commit()


def _counting(engine):
    counter = {"n": 0}

    def listener(*_args):
        counter["n"] += 1

    sa.event.listen(engine, "before_cursor_execute", listener)
    return counter, lambda: sa.event.remove(engine, "before_cursor_execute", listener)


def _timed_run(name: str, label: str, sink: CountingSink, now, dry_run: bool = False) -> list[object]:
    from matchmaker.extensions import db
    from matchmaker.services import digests

    counter, stop = _counting(db.engine)
    received = sink.messages
    started = time.perf_counter()
    report = digests.send_due(now, dry_run=dry_run)
    seconds = time.perf_counter() - started
    stop()
    mailed = report.sent if not dry_run else len(report.digests)
    listed = sum(len(d.matches) for d in report.digests)
    assert not report.failed, report.failed[:3]
    assert dry_run or sink.messages - received == report.sent
    rate = f"{mailed / seconds:.0f}" if mailed else "–"
    return [name, label, f"{seconds:.1f}", mailed, listed, rate, counter["n"]]


def run(name: str, url: str | None) -> list[list[object]]:
    from aiosmtpd.controller import Controller

    from matchmaker.models import utcnow

    sink = CountingSink()
    controller = Controller(sink, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        with bench_app(url) as app:
            app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, MAIL_USE_TLS=False,
                              BASE_URL="https://kurzer-draht.example")
            now = utcnow()
            started = time.perf_counter()
            _seed(random.Random(11), now)
            print(f"{name}: seeded {EMPLOYERS + AGENCIES} organisations, "
                  f"{(EMPLOYERS + AGENCIES) * PEOPLE_PER_ORGANISATION} users, {MATCHES} matches "
                  f"in {time.perf_counter() - started:.1f} s")
            return [
                _timed_run(name, "dry run (collect only)", sink, now, dry_run=True),
                _timed_run(name, "first run", sink, now),
                _timed_run(name, "second run, same time (nothing due)", sink, now),
                _timed_run(name, "a week later (next 50 of the backlog)", sink, now + timedelta(days=7)),
                _timed_run(name, "two weeks later (next 50 again)", sink, now + timedelta(days=14)),
            ]
    finally:
        controller.stop()


def main() -> None:
    rows = []
    for name, url in databases():
        rows += run(name, url)
    users = (EMPLOYERS + AGENCIES) * PEOPLE_PER_ORGANISATION
    print_table(f"Digest runs: {users:,} users, {MATCHES:,} new matches, SMTP sink on loopback",
                ["database", "run", "seconds", "users mailed", "matches listed", "mails/s", "SQL statements"],
                rows)


if __name__ == "__main__":
    main()
