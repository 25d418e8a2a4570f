"""Work that follows an action, off the request path: re-matching after a save, a status change
or a consent withdrawal; mails about contacts, accounts and expired slots, one job per person;
the timers' runs (digests, retention: `flask digests send --queue`, `flask retention run --queue`); and
recounting the evaluation's figures after writes (services/evaluation/cache.py).

With REDIS_URL, a job goes to an RQ queue on Redis and a worker (`flask worker`) runs it:
- deduplicated per object: while a re-match of profile 42 waits in the queue, more saves of
  that profile add nothing (the job reads the state it finds when it runs, so ten saves in a row
  run one re-match); once it has started, the next save queues a new one;
- idempotent: a re-match makes the stored matches of its objects exactly what the matcher finds
  now, however often it runs;
- retried with backoff (RETRY_SECONDS), then kept in RQ's failed registry: Sentry hears of every
  failure (its RQ integration), and coordinators see the queue and the failures on
  /coordinator/jobs.
Without REDIS_URL (the embedded default, `make run`), jobs run in this process on one thread of
their own, handed over when the request is done (the response does not wait for them), and
outside a request (a command, a test through the services) at once. Pages ask `pending(key)`
to say "Vorschläge werden aktualisiert" until the job has run. (Not the response's close: the
development server closes a response only when the browser lets go of the connection.)
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime

from flask import Flask, current_app, g, has_request_context

from .extensions import db
from .matching import collector

log = logging.getLogger(__name__)
QUEUE = "kurzer-draht"
RETRY_SECONDS = (10, 60, 300)  # waits before the first, second and third retry
PENDING_SECONDS = 3600  # a mark of a waiting job expires (a worker that never came), so saves queue again
FAILURES_KEPT = 50
LOCK_SECONDS = 600  # a job of one object waits at most this long for another of the same object


@dataclass(frozen=True)
class Failure:
    """A job that failed for good, as the status page lists it (no arguments: they may be ids of
    people, and the exception's type is enough to look it up in the log or Sentry)."""

    key: str
    error: str
    at: datetime


def rematch(kind: str, ids: Iterable[int]) -> None:
    """Queue a re-match of these slots or profiles (`kind`: "slot" or "candidate"), one job per
    object, so that each is deduplicated on its own."""
    for object_id in ids:
        enqueue("rematch", kind, int(object_id), key=f"rematch:{kind}:{object_id}")


def rematch_batch(kind: str, ids: Iterable[int], key: str) -> None:
    """Queue one re-match of many new objects (an import), under one key."""
    enqueue("rematch", kind, [int(i) for i in ids], key=key)


def _run_rematch(kind: str, ids) -> None:
    from .services import matching

    ids = ids if isinstance(ids, list) else [ids]
    if kind == "slot":
        matching.refresh_many(slot_ids=ids)
    else:
        matching.refresh_many(candidate_ids=ids)


def mail(kind: str, template: str, object_id: int, user_id: int) -> None:
    """Queue one mail to one person (each its own job: a retry never sends another person's
    mail twice). Not deduplicated: two events are two mails."""
    enqueue("mail", kind, template, int(object_id), int(user_id),
            key=f"mail:{template}:{object_id}:{user_id}:{uuid.uuid4().hex[:8]}")


def _run_mail(kind: str, template: str, object_id: int, user_id: int) -> None:
    from .services import accounts, contacts, slots

    {"contact": contacts.deliver, "account": accounts.deliver, "slot": slots.deliver}[kind](
        template, object_id, user_id)


class DigestsUndelivered(RuntimeError):
    """Some digests of a run were refused: the job fails, so it is retried (only those still due
    are sent: the delivered ones are recorded) and, failing for good, listed for coordinators."""


def scheduled(name: str) -> None:
    """Queue a timer's run (`digests` or `retention`): one waiting at a time, whoever asks."""
    enqueue(name, key=f"scheduled:{name}")


def _run_digests() -> None:
    from .models import utcnow
    from .services import digests

    report = digests.send_due(utcnow())
    if report.failed:
        raise DigestsUndelivered(f"{len(report.failed)} of {report.sent + len(report.failed)} digests refused")


def _run_retention() -> None:
    from . import transaction
    from .services import retention

    retention.run()
    transaction.commit()


def _run_evaluation(filters, agency_id: int | None) -> None:
    from .services.evaluation import publication

    publication.recount(filters, agency_id)
    db.session.remove()


JOBS: dict[str, Callable[..., None]] = {"rematch": _run_rematch, "mail": _run_mail, "digests": _run_digests,
                                        "retention": _run_retention, "evaluation": _run_evaluation}


# -- queueing ------------------------------------------------------------------------------------

def enqueue(name: str, *args, key: str) -> None:
    """Run the job `name` with `args`, once, off the request path (see the module's docstring)."""
    if redis_connection() is not None:
        _enqueue_rq(name, args, key)
    elif has_request_context():
        waiting = g.setdefault("jobs_after_response", {})
        if not waiting:
            _after_response(current_app._get_current_object())
        waiting[key] = (name, args)  # the same object twice in one request: one job
        _state().pending.add(key)
    else:
        _run_here(name, args, key)


def pending(key: str) -> bool:
    """Whether a job for `key` is waiting or running (the page says the matches are updating)."""
    connection = redis_connection()
    if connection is not None:
        return bool(connection.exists(_mark(key), _running(key)))
    return key in _state().pending


def redis_connection():
    """The app's Redis client, or None without REDIS_URL."""
    url = current_app.config.get("REDIS_URL")
    if not url:
        return None
    state = _state()
    if state.redis is None:
        import redis

        state.redis = redis.Redis.from_url(url)
    return state.redis


def queue():
    from rq import Queue

    return Queue(QUEUE, connection=redis_connection())


def _enqueue_rq(name: str, args: tuple, key: str) -> None:
    from rq import Retry

    connection = redis_connection()
    if not connection.set(_mark(key), "1", nx=True, ex=PENDING_SECONDS):
        return  # already waiting: that job will read the newest state
    try:
        retry = Retry(max=len(RETRY_SECONDS), interval=list(RETRY_SECONDS)) if RETRY_SECONDS else None
        queue().enqueue(run, name, key, *args, retry=retry, description=key, failure_ttl=30 * 24 * 3600)
    except Exception:
        connection.delete(_mark(key))
        raise


def _mark(key: str) -> str:
    return f"{QUEUE}:pending:{key}"


def _running(key: str) -> str:
    return f"{QUEUE}:running:{key}"


def run(name: str, key: str, *args) -> None:
    """The worker's entry point: the mark comes off as the job starts (a save from now on
    queues a new job), then the job runs in the app's context; its database session ends with it.

    Jobs of one object never overlap, whichever worker takes them (a Redis lock per key): a
    re-match that read the profile paused must not finish after one that read it active again
    and delete what that one stored. The second waits, then reads the state as it is."""
    with collector.paused():  # the whole job, its session's end included (matchmaker/matching/collector.py)
        connection = redis_connection()
        if connection is None:
            JOBS[name](*args)
            return
        try:
            with connection.lock(_running(key), timeout=LOCK_SECONDS, blocking_timeout=LOCK_SECONDS):
                connection.delete(_mark(key))  # after the lock: no moment in which the object looks done
                JOBS[name](*args)
        finally:
            db.session.remove()


# -- in this process ----------------------------------------------------------------------------

class _State:
    def __init__(self) -> None:
        self.pending: set[str] = set()
        self.failures: deque[Failure] = deque(maxlen=FAILURES_KEPT)
        self.lock = threading.Lock()
        self.running = threading.Lock()
        self.redis = None
        self.thread: ThreadPoolExecutor | None = None

    def executor(self) -> ThreadPoolExecutor:
        """One thread runs this process's jobs, one after the other, in the order handed over."""
        with self.lock:
            if self.thread is None:
                self.thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="jobs")
            return self.thread


def _state() -> _State:
    return current_app.extensions.setdefault("jobs", _State())


def _after_response(app: Flask) -> None:
    from flask import after_this_request

    @after_this_request
    def _hand_over(response):
        waiting = g.pop("jobs_after_response", {})

        def run_waiting() -> None:
            with app.app_context():
                for key, (name, args) in waiting.items():
                    _run_here(name, args, key)

        in_this_process(app, run_waiting)
        return response


def in_this_process(app: Flask, work: Callable[[], None]) -> None:
    """Run `work` on this process's job thread, after what was handed over before it: work that
    is no queued job (a closure over a request's form, see `transaction.after_response`), also
    with REDIS_URL. `work` brings its own app context and handles its own failure."""
    with app.app_context():
        executor = _state().executor()
    executor.submit(collector.paused()(work))


def shutdown(app: Flask) -> None:
    """Run what is handed over, then stop the job thread (the end of a test's app)."""
    state = app.extensions.get("jobs")
    if state is not None and state.thread is not None:
        state.thread.shutdown(wait=True)
        state.thread = None


def drain(app: Flask) -> None:
    """Wait until every job handed to this process's job thread has run (tests, shutdown)."""
    with app.app_context():
        state = _state()
    if state.thread is not None:
        state.thread.submit(lambda: None).result()


def _run_here(name: str, args: tuple, key: str) -> None:
    state = _state()
    with state.running, collector.paused():  # one job at a time per process: two re-matches would race
        try:
            JOBS[name](*args)
        except Exception as error:
            db.session.rollback()
            log.exception("job %s failed", key)
            state.failures.appendleft(Failure(key, type(error).__name__, datetime.now(UTC)))
        finally:
            state.pending.discard(key)


def failures() -> list[Failure]:
    """Jobs that failed for good, newest first."""
    connection = redis_connection()
    if connection is None:
        return list(_state().failures)
    from rq.job import Job
    from rq.registry import FailedJobRegistry

    registry = FailedJobRegistry(queue=queue())
    found = []
    for job in Job.fetch_many(registry.get_job_ids(0, FAILURES_KEPT - 1), connection=connection):
        if job is None:
            continue
        result = job.latest_result()  # one round trip: the last line of the traceback names the error's type
        lines = (result.exc_string or "").strip().splitlines() if result is not None else []
        found.append(Failure(job.description or job.id, lines[-1].split(":")[0] if lines else "",
                             job.ended_at or job.enqueued_at or datetime.now(UTC)))
    return found


def waiting() -> int:
    """Jobs waiting in the queue (in this process: waiting for their response to go out)."""
    if redis_connection() is None:
        return len(_state().pending)
    return queue().count
