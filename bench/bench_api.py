"""API list endpoints at 10,000 slots, 10,000 profiles and 10,000 matches, in-process: time per call
and queries per call (issue 15: p95 <= 50 ms). Seeded like bench_lists, so every run builds the same city.

    python -m bench.bench_api          # SQLite; PostgreSQL too with BENCH_DATABASE_URL=postgresql://…/bench
"""

from __future__ import annotations

import random
import time

import sqlalchemy as sa

from bench.bench_lists import ROWS, _queries_per_view, _seed
from bench.common import analyse, bench_app, databases, median_ms, p95_ms, print_table, timed

REPEAT = 40
TARGET_P95_MS = 50.0


def _matches(rng: random.Random) -> None:
    """One stored match per profile, to a random slot (the engine is not asked: this measures the list)."""
    from matchmaker.extensions import db
    from matchmaker.models import Candidate, Match, Slot, utcnow

    slots = list(db.session.scalars(sa.select(Slot.id)))
    people = list(db.session.scalars(sa.select(Candidate.id)))
    now = utcnow()
    db.session.execute(sa.insert(Match), [
        {"slot_id": rng.choice(slots), "candidate_id": person, "score": rng.uniform(50, 100),
         "reasons": [["skills_brought", {"count": 1, "total": 3, "names": ["Lager"]}]], "created_at": now,
         "updated_at": now} for person in people])
    db.session.commit()


def _token(email: str) -> str:
    from matchmaker import transaction
    from matchmaker.extensions import db
    from matchmaker.models import User
    from matchmaker.services import api_tokens

    user = db.session.scalars(sa.select(User).where(User.email == email)).one()
    _token, secret = api_tokens.create(user, "bench", list(api_tokens.allowed_scopes(user)), 30)
    transaction.commit()
    return secret


def run(name: str, url: str | None) -> list[list[object]]:
    rows = []
    with bench_app(url) as app:
        app.config["API_RATE_LIMIT"] = "1000000 per minute"
        started = time.perf_counter()
        employer_email, worker_email = _seed(random.Random(7))
        _matches(random.Random(8))
        analyse()
        print(f"{name}: seeded {ROWS} slots, {ROWS} profiles, {ROWS} matches in {time.perf_counter() - started:.1f} s")
        calls = {
            employer_email: ["/api/v1/districts", "/api/v1/slots", "/api/v1/slots?limit=200",
                             "/api/v1/slots?q=baecker&kind=eq", "/api/v1/matches", "/api/v1/matches?min_score=90",
                             "/api/v1/profiles"],
            worker_email: ["/api/v1/slots", "/api/v1/profiles", "/api/v1/profiles?limit=200",
                           "/api/v1/profiles?q=lager&german=B1", "/api/v1/matches", "/api/v1/contacts"],
        }
        for email, paths in calls.items():
            client = app.test_client()
            headers = {"Authorization": f"Bearer {_token(email)}"}
            role = "employer" if email == employer_email else "agency"
            for path in paths:
                response = client.get(path, headers=headers)
                assert response.status_code == 200, (path, response.get_json())
                # the next page too: a cursor must cost no more than the first page
                cursor = (response.get_json() or {}).get("next_cursor") if path != "/api/v1/districts" else None
                times = timed(lambda path=path, c=client, h=headers: c.get(path, headers=h), REPEAT)
                queries = _queries_per_view(app, _Headed(client, headers), path)
                rows.append([name, role, path, f"{median_ms(times):.1f}", f"{p95_ms(times):.1f}", queries,
                             "yes" if p95_ms(times) <= TARGET_P95_MS else "NO"])
                if cursor:
                    second = f"{path}{'&' if '?' in path else '?'}cursor={cursor}"
                    times = timed(lambda second=second, c=client, h=headers: c.get(second, headers=h), REPEAT)
                    rows.append([name, role, second.replace(cursor, "…"), f"{median_ms(times):.1f}",
                                 f"{p95_ms(times):.1f}", "", "yes" if p95_ms(times) <= TARGET_P95_MS else "NO"])
    return rows


class _Headed:
    """A test client that sends the token with every GET (for the query count)."""

    def __init__(self, client, headers):
        self.client, self.headers = client, headers

    def get(self, path):
        return self.client.get(path, headers=self.headers)


def main() -> None:
    rows = []
    for name, url in databases():
        rows += run(name, url)
    print_table(f"API lists with {ROWS:,} slots, profiles and matches ({REPEAT} calls each, 25 rows per page "
                f"unless limit=200)", ["database", "token", "call", "median ms", "p95 ms", "queries",
                                       f"p95 <= {TARGET_P95_MS:g} ms"], rows)


if __name__ == "__main__":
    main()
