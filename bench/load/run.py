"""A load test at city scale (`make load`): gunicorn, PostgreSQL, Redis and a job worker, as in
production (deploy/gunicorn.conf.py), driven by simulated employers, caseworkers and
coordinators; one table per phase with the bare page's figures beside the others.

The city: 10,000 profiles, 10,000 open slots, 200,000 matches, 20,000 contacts and a year of
history (bench/bench_evaluation.py's seeder), 10 employers' and 10 agencies' staff, who all sign
in before a phase's clock starts.
Phases (each PHASE_SECONDS):
1. saturation: 50 users reading lists and detail pages, and the bare page, each asking again the
   moment an answer is in (no user does that: this phase measures what the server can do and
   what a page costs against the bare page);
2. reads: the same 50 users as people use a site: a pause between two pages (THINK_SECONDS on
   average, drawn between half and one and a half times that);
3. saves: 10 caseworkers saving profiles (pause/activate, each a re-match job) continuously,
   without a pause, while 20 users read lists with pauses; how long until each save's re-match
   has landed (the page's "Vorschläge werden aktualisiert" gone) is measured too;
4. contacts: the 10 caseworkers and the 10 employers propose matches from their profile and slot
   pages and answer what waits for them in their inboxes (accepting), with pauses; each proposal
   and answer queues its mails as jobs;
5. evaluation: 10 coordinators on the dashboard, with pauses.
The client is threads with http.client on the same 2 cores as the server: its table is what one
machine does with both. A second table per phase reads gunicorn's access log: how long the
server took per request, and that as a multiple of the bare page, which is the cost ratio the
issue asks for and is not bound by the client.

    LOAD_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/kd_load  (created if missing, wiped)
    LOAD_REDIS_URL=redis://127.0.0.1:6379/14                          (flushed)
    LOAD_MAX_REQUESTS=100  (replace web workers this often instead of deploy/gunicorn.conf.py's
                            2,000: more workers, more first requests; it made CPython 3.11's
                            crash show every run, see matchmaker/matching/collector.py)
    LOAD_PHASES=3,4        (run only these phases; the city is seeded all the same)
"""

from __future__ import annotations

import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

import sqlalchemy as sa

from bench.common import print_table
from tests.http_client import Browser, csrf_token

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
DATABASE_URL = os.environ.get("LOAD_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/kd_load")
REDIS_URL = os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/14")
PHASE_SECONDS = float(os.environ.get("LOAD_SECONDS", "30"))
# A reader's average pause between two pages. People read a page for several seconds; one second
# is a busy user (50 of them ask for about 40 pages a second, the saturation phase's third).
THINK_SECONDS = float(os.environ.get("LOAD_THINK_SECONDS", "1.0"))
PORT = int(os.environ.get("LOAD_PORT", "8765"))
STAFF = 10  # employer users and caseworkers each
WORKER_NICE = 10  # deploy/systemd/kurzer-draht-worker@.service
ACCESS_LOG = Path("access.log")  # gunicorn's access log of the run (in the run's folder, see start)
# gunicorn's access log line (deploy/gunicorn.conf.py): method, path, status, bytes, seconds.
_LOGGED = re.compile(r'"(\w+) (\S+)" (\d{3}) \S+ ([\d.]+)s')
_ENDPOINTS = (  # path -> the client's label, first match wins
    (re.compile(r"/healthz$"), "bare page (/healthz)"),
    (re.compile(r"/employer/slots/$"), "employer: slot list"),
    (re.compile(r"/employer/slots/\d+$"), "employer: slot page"),
    (re.compile(r"/caseworker/candidates/$"), "caseworker: profile list"),
    (re.compile(r"/caseworker/candidates/\d+$"), "caseworker: profile page"),
    (re.compile(r"/caseworker/candidates/\d+/(pause|activate)$"), "caseworker: save (pause/activate)"),
    (re.compile(r"/matches/status$"), "re-match status"),
    (re.compile(r"/contacts/$"), "inbox"),
    (re.compile(r"/contacts/new$"), "proposal form"),  # "propose" when posted
    (re.compile(r"/contacts/\d+/accept$"), "answer (accept)"),
    (re.compile(r"/contacts/\d+$"), "contact page"),
    (re.compile(r"/evaluation/"), "coordinator: evaluation"),
)


# -- the city -----------------------------------------------------------------------------------

def _ensure_database() -> None:
    url = sa.engine.make_url(DATABASE_URL)
    if "load" not in (url.database or ""):
        raise SystemExit("LOAD_DATABASE_URL must name a database with 'load' in its name: it is wiped")
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = sa.text("SELECT 1 FROM pg_database WHERE datname = :n")
        if not connection.execute(exists, {"n": url.database}).scalar():
            connection.execute(sa.text(f'CREATE DATABASE "{url.database}"'))
    admin.dispose()


def seed() -> dict[str, list]:
    """The city, and who signs in: {role: [(email, own object ids)]}."""
    from bench.bench_evaluation import _seed
    from bench.common import bench_app
    from matchmaker.config import normalise_database_url
    from matchmaker.extensions import db
    from matchmaker.models import Candidate, Organisation, OrganisationKind, Slot
    from tests.factories import UserFactory

    _ensure_database()
    with bench_app(normalise_database_url(DATABASE_URL)) as app, app.app_context():
        coordinator = _seed(random.Random(4711))
        people: dict[str, list] = {"coordinator": [(coordinator, [])], "employer": [], "caseworker": []}
        for kind, role, model, column in ((OrganisationKind.EMPLOYER, "employer", Slot, Slot.organisation_id),
                                          (OrganisationKind.AGENCY, "caseworker", Candidate, Candidate.agency_id)):
            organisations = db.session.scalars(sa.select(Organisation).where(Organisation.kind == kind)
                                               .order_by(Organisation.id).limit(STAFF)).all()
            for n, organisation in enumerate(organisations):
                user = UserFactory(organisation=organisation, email=f"load-{role}-{n}@example.org")
                own = db.session.scalars(sa.select(model.id).where(column == organisation.id).limit(50)).all()
                people[role].append((user.email, own))
        db.session.commit()
    return people


# -- the servers -------------------------------------------------------------------------------

def _environment(tmp: str) -> dict:
    return {**os.environ, "APP_ENV": "production", "SECRET_KEY": "load-" + "x" * 48, "DATABASE_URL": DATABASE_URL,
            "BASE_URL": "https://kurzer-draht.load", "BEHIND_PROXY": "1", "MAIL_OUTBOX": "1",
            "INSTANCE_PATH": tmp, "REDIS_URL": REDIS_URL, "RATELIMIT_STORAGE_URI": REDIS_URL,
            "WEB_BIND": f"127.0.0.1:{PORT}", "LOGIN_LIMIT_PER_ACCOUNT": "1000 per minute",
            "LOGIN_LIMIT_PER_ADDRESS": "10000 per minute", **_max_requests()}


def _max_requests() -> dict:
    """gunicorn's max_requests from LOAD_MAX_REQUESTS, if set (see the module's docstring)."""
    every = os.environ.get("LOAD_MAX_REQUESTS")
    if not every:
        return {}
    return {"GUNICORN_CMD_ARGS": f"--max-requests {int(every)} --max-requests-jitter {max(1, int(every) // 5)}"}


def _log(name: str):
    return (ACCESS_LOG.parent / name).open("w")


def _problems(sizes: dict[str, int]) -> list[str]:
    """Lines of the web server's and the worker's logs since `sizes` that report a failure."""
    found = []
    for name, since in sizes.items():
        with (ACCESS_LOG.parent / name).open(errors="replace") as log:
            log.seek(since)
            found += [f"{name}: {line}" for line in log.read().splitlines()
                      if any(mark in line for mark in ("Traceback", "ERROR", "CRITICAL", "Error:", "TIMEOUT",
                                                       "was sent SIG", "exited with code"))]
    return found


def _sizes() -> dict[str, int]:
    return {name: (ACCESS_LOG.parent / name).stat().st_size for name in ("web.log", "worker.log")}


def start(tmp: str) -> list[subprocess.Popen]:
    import redis

    global ACCESS_LOG
    ACCESS_LOG = Path(tmp) / "access.log"

    redis.Redis.from_url(REDIS_URL).flushdb()
    env = _environment(tmp)
    web = subprocess.Popen([str(BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "wsgi:app"],  # noqa: S603
                           cwd=ROOT, env=env, stdout=ACCESS_LOG.open("w"), stderr=_log("web.log"))
    # At a lower priority, as deploy/systemd/kurzer-draht-worker@.service runs it (Nice=10).
    worker = subprocess.Popen([str(BIN / "flask"), "--app", "matchmaker", "worker"],  # noqa: S603
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=_log("worker.log"),
                              preexec_fn=lambda: os.nice(WORKER_NICE))
    for _ in range(300):
        try:
            if Session().get("/readyz")[0] == 200:
                return [web, worker]
        except OSError:
            pass
        time.sleep(0.1)
    raise SystemExit("gunicorn did not become ready")


# -- the client ----------------------------------------------------------------------------------

class Session:
    """One user's browser on the load test's server."""

    def __init__(self) -> None:
        self.browser = Browser(host="kurzer-draht.load")

    def get(self, path: str) -> tuple[int, str]:
        return self.browser.request(PORT, "GET", path)

    def post(self, path: str, body: dict) -> tuple[int, str]:
        return self.browser.request(PORT, "POST", path, body)

    def login(self, email: str) -> None:
        from tests.factories import PASSWORD

        status = self.browser.login(PORT, email, PASSWORD)
        if status != 302:
            raise SystemExit(f"login of {email} failed: {status}")


class Recorder:
    def __init__(self) -> None:
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, Counter] = defaultdict(Counter)  # label -> status (599: no answer) -> count
        self.lock = threading.Lock()

    def timed(self, label: str, call) -> tuple[int, str]:
        started = time.perf_counter()
        try:
            status, text = call()
        except OSError as error:
            status, text = 599, ""
            print(f"{label}: no answer ({type(error).__name__}: {error})", file=sys.stderr)
        elapsed = time.perf_counter() - started
        with self.lock:
            self.times[label].append(elapsed)
            if status >= 400:
                self.errors[label][status] += 1
        return status, text

    def rows(self, seconds: float) -> list[list[str]]:
        found = []
        for label, times in sorted(self.times.items()):
            ordered = sorted(times)

            def at(share: float, ordered=ordered) -> str:
                return f"{ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000:.0f} ms"

            found.append([label, f"{len(times) / seconds:.1f}", f"{statistics.median(times) * 1000:.0f} ms",
                          at(0.95), at(0.99), _errors(self.errors[label])])
        return found


def _errors(statuses: Counter) -> str:
    """"0", or how many with which status: "1 (599)"."""
    total = sum(statuses.values())
    return str(total) if not total else f"{total} ({', '.join(f'{n}× {s}' for s, n in sorted(statuses.items()))})"


def _pause(rng: random.Random, think: float) -> None:
    """Reading a page: `think` seconds on average, between half and one and a half times that."""
    time.sleep(rng.uniform(0.5, 1.5) * think)


def _arrive(rng: random.Random, think: float) -> None:
    """People arrive one by one, not all in the same millisecond."""
    time.sleep(rng.uniform(0.0, think))


def _reader(role: str, email: str, own: list, recorder: Recorder, clock: Clock, rng: random.Random,
            think: float) -> None:
    session = Session()
    session.login(email)
    deadline = clock.start()

    def visit(label: str, path: str) -> None:
        recorder.timed(label, lambda: session.get(path))
        _pause(rng, think)

    _arrive(rng, think)
    while time.perf_counter() < deadline:
        if role == "employer":
            visit("employer: slot list", "/employer/slots/")
            visit("employer: slot page", f"/employer/slots/{rng.choice(own)}")
        elif role == "caseworker":
            visit("caseworker: profile list", "/caseworker/candidates/")
            visit("caseworker: profile page", f"/caseworker/candidates/{rng.choice(own)}")
        else:
            visit("coordinator: evaluation", "/evaluation/")  # the default view: this year, the whole city
        visit("bare page (/healthz)", "/healthz")


def _saver(email: str, own: list, recorder: Recorder, clock: Clock, rng: random.Random,
           landed: list[float]) -> None:
    session = Session()
    session.login(email)
    deadline = clock.start()
    n = 0
    while time.perf_counter() < deadline:
        candidate = rng.choice(own)
        _status, page = session.get(f"/caseworker/candidates/{candidate}")
        action = "pause" if "/pause" in page else "activate"
        saved = time.perf_counter()
        path, form = f"/caseworker/candidates/{candidate}/{action}", {"csrf_token": csrf_token(page)}
        status, _ = recorder.timed("caseworker: save (pause/activate)",
                                   lambda path=path, form=form: session.post(path, form))
        n += 1
        if status == 302 and n % 3 == 0:  # a sample: how long until the re-match has landed
            while time.perf_counter() - saved < 30:
                _s, body = session.get(f"/caseworker/candidates/{candidate}/matches/status")
                if '"updating":false' in body.replace(" ", ""):
                    landed.append(time.perf_counter() - saved)
                    break
                time.sleep(0.2)


_PROPOSE = re.compile(r'href="(/contacts/new\?slot=\d+&(?:amp;)?candidate=\d+)"')
_CONTACT = re.compile(r'href="/contacts/(\d+)"')


def _contacts(role: str, email: str, own: list, recorder: Recorder, clock: Clock, rng: random.Random,
              think: float) -> None:
    """A caseworker or an employer: a profile or slot page, a proposal from its matches, then the
    inbox and an answer (accept) to a proposal the other side made."""
    session = Session()
    session.login(email)
    deadline = clock.start()
    page = "/caseworker/candidates/{}" if role == "caseworker" else "/employer/slots/{}"

    _arrive(rng, think)
    while time.perf_counter() < deadline:
        _status, shown = recorder.timed(f"{role}: {'profile' if role == 'caseworker' else 'slot'} page",
                                        lambda: session.get(page.format(rng.choice(own))))
        _pause(rng, think)
        links = _PROPOSE.findall(shown)
        if links:
            path = rng.choice(links).replace("&amp;", "&")
            _status, form = recorder.timed(f"{role}: proposal form", lambda path=path: session.get(path))
            _pause(rng, think)
            body = {"csrf_token": csrf_token(form), "message": "Das könnte passen."}
            recorder.timed(f"{role}: propose", lambda path=path, body=body: session.post(path, body))
            _pause(rng, think)
        _status, inbox = recorder.timed(f"{role}: inbox", lambda: session.get("/contacts/"))
        _pause(rng, think)
        waiting = inbox.split('data-testid="inbox-waiting"', 1)[-1].split('data-testid="inbox-active"', 1)[0]
        found = _CONTACT.findall(waiting)
        if found:
            contact = rng.choice(found)
            _status, detail = recorder.timed(f"{role}: contact page", lambda c=contact: session.get(f"/contacts/{c}"))
            _pause(rng, think)
            body = {"csrf_token": csrf_token(detail)}
            recorder.timed(f"{role}: answer (accept)",
                           lambda c=contact, body=body: session.post(f"/contacts/{c}/accept", body))
            _pause(rng, think)
        recorder.timed("bare page (/healthz)", lambda: session.get("/healthz"))


def server_times(since: int) -> list[list[str]]:
    """Per endpoint, how long gunicorn took per request (from `since` bytes into its access log
    on): what a request costs the server, whatever the client on the same cores adds."""
    with ACCESS_LOG.open() as log:
        log.seek(since)
        lines = log.read().splitlines()
    times: dict[str, list[float]] = defaultdict(list)
    for line in lines:
        found = _LOGGED.search(line)
        if found is None or found.group(1) == "HEAD":
            continue
        label = next((name for pattern, name in _ENDPOINTS if pattern.search(found.group(2).split("?")[0])), None)
        if label == "proposal form" and found.group(1) == "POST":
            label = "propose"
        if label is not None and not (label == "caseworker: profile page" and found.group(1) == "POST"):
            times[label].append(float(found.group(4)))
    bare = statistics.median(times["bare page (/healthz)"]) if times.get("bare page (/healthz)") else None
    rows = []
    for label, found in sorted(times.items()):
        ordered = sorted(found)
        median = statistics.median(ordered)
        rows.append([label, str(len(ordered)), f"{median * 1000:.1f} ms",
                     f"{ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] * 1000:.1f} ms",
                     f"{median / bare:.1f}×" if bare else "–"])
    return rows


class Clock:
    """Everyone signs in first (password hashing is slow on purpose), then all start together."""

    def __init__(self, parties: int) -> None:
        self.barrier = threading.Barrier(parties)
        self.began = 0.0

    def start(self) -> float:
        if self.barrier.wait() == 0:
            self.began = time.perf_counter()
        self.barrier.wait()
        return self.began + PHASE_SECONDS


def phase(title: str, users: list[tuple], savers: list[tuple] = (), think: float = THINK_SECONDS,
          journey=None) -> list[list[str]]:
    recorder, landed = Recorder(), []
    clock = Clock(len(users) + len(savers))
    threads = [threading.Thread(target=journey or _reader,
                                args=(role, email, own, recorder, clock, random.Random(n), think))
               for n, (role, email, own) in enumerate(users)]
    threads += [threading.Thread(target=_saver, args=(email, own, recorder, clock, random.Random(100 + n), landed))
                for n, (email, own) in enumerate(savers)]
    logged, sizes = ACCESS_LOG.stat().st_size, _sizes()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - clock.began
    rows = recorder.rows(seconds)
    pause = f", pauses of {think:g} s on average" if think else ", no pause between pages"
    print_table(f"{title} ({len(users)} readers, {len(savers)} savers, {seconds:.0f} s{pause})",
                ["endpoint", "req/s", "p50", "p95", "p99", "errors"], rows)
    print_table(f"{title}: time in the server per request (gunicorn's access log; the client's share left out)",
                ["endpoint", "requests", "p50", "p95", "p50 / bare page"], server_times(logged))
    problems = _problems(sizes)
    if problems:
        print(f"{len(problems)} failures in the logs of the web server and the worker:", *problems[:20], sep="\n  ")
    if landed:
        ordered = sorted(landed)
        print(f"re-match landed after a save: median {statistics.median(ordered):.2f} s, "
              f"max {ordered[-1]:.2f} s ({len(ordered)} sampled)")
    return rows


def main() -> None:
    import tempfile

    people = seed()
    with tempfile.TemporaryDirectory(prefix="kd-load-") as tmp:
        servers = start(tmp)
        try:
            staff = [("employer", e, own) for e, own in people["employer"]] + \
                    [("caseworker", e, own) for e, own in people["caseworker"]]
            coordinator = people["coordinator"][0][0]
            phases = {
                "1": lambda: phase("1. saturation", (staff * 3)[:50], think=0.0),
                "2": lambda: phase("2. reads", (staff * 3)[:50]),
                "3": lambda: phase("3. saves", (staff * 2)[:20], [(e, own) for e, own in people["caseworker"]]),
                "4": lambda: phase("4. contacts", staff, journey=_contacts),
                "5": lambda: phase("5. evaluation", [("coordinator", coordinator, [])] * 10),
            }
            for number in os.environ.get("LOAD_PHASES", ",".join(phases)).split(","):
                phases[number.strip()]()
        finally:
            for server in servers:
                server.terminate()
            for server in servers:
                server.wait(timeout=60)


if __name__ == "__main__":
    main()
