"""Figures computed once per data version: a coordinator who switches between months, or comes
back to the dashboard, does not make the database count the same year again.

The data version is one query of cheap aggregates over everything a figure reads: the status
history (every new profile, slot or contact and every status change writes a row), the last
change of profiles, slots, organisations and targets, the contacts' answer and start days, and
the matches. Any write that can change a figure changes one of them; an entry also expires after
MAX_AGE seconds, for what no aggregate sees (a district newly marked a model quarter). Each
entry is keyed by what was asked, the scope and today's date, and remembers the version it was
counted at (see `cached` for figures a little older).

The cache lives in the process; with REDIS_URL, what one process counts is shared with every
other (all web workers of all instances, and `flask worker`, which counts the default view when
it starts): a new or recycled worker takes the figures from Redis instead of counting them again,
and while one process counts a view, the others wait for it instead of counting it too. Redis
holds aggregate figures only, the same as the page shows.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TypeVar

import sqlalchemy as sa
from flask import current_app, g, has_request_context

from ...domain import clock
from ...extensions import db
from ...matching import collector
from ...models import Candidate, Contact, Match, Organisation, Slot, StatusChange, Target
from ...per_request import once_per_request

log = logging.getLogger(__name__)
MAX_ENTRIES = 64
MAX_AGE = 600  # seconds
SHARED_PREFIX = "kd:evaluation:"
COUNT_SECONDS = 60  # the longest one process may hold a view's "I am counting it" mark
WAIT_SECONDS = 15  # how long a first view waits for the count another process is making
T = TypeVar("T")


def data_version() -> tuple:
    """The version (see the module's docstring); asked once per request (20 ms for a city of
    10,000 profiles: it counts the matches), however many figures a page shows."""
    return once_per_request("evaluation_data_version", _data_version)


def _data_version() -> tuple:
    row = db.session.execute(sa.select(
        sa.select(sa.func.max(StatusChange.id)).scalar_subquery(),
        sa.select(sa.func.count()).select_from(StatusChange).scalar_subquery(),
        sa.select(sa.func.max(Candidate.updated_at)).scalar_subquery(),
        sa.select(sa.func.max(Slot.updated_at)).scalar_subquery(),
        sa.select(sa.func.count()).select_from(Contact).scalar_subquery(),
        sa.select(sa.func.max(Contact.answered_at)).scalar_subquery(),
        sa.select(sa.func.max(Contact.placed_on)).scalar_subquery(),
        sa.select(sa.func.max(Match.id)).scalar_subquery(),
        sa.select(sa.func.count()).select_from(Match).scalar_subquery(),
        sa.select(sa.func.max(Organisation.verified_at)).scalar_subquery(),
        sa.select(sa.func.count()).select_from(Organisation).scalar_subquery(),
        sa.select(sa.func.max(Target.updated_at)).scalar_subquery(),
    )).one()
    return tuple(row)


@dataclass
class _Entry:
    version: tuple
    made: float  # time.time() when counted (compared across processes)
    at: datetime  # the same moment, for people ("Stand")
    value: object


class _Entries:
    def __init__(self) -> None:
        self.items: OrderedDict[Hashable, _Entry] = OrderedDict()
        self.refreshing: set[Hashable] = set()
        self.lock = threading.Lock()  # threaded workers share the app


_CURRENT_ONLY: ContextVar[bool] = ContextVar("evaluation_current_only", default=False)


@contextmanager
def current_only():
    """Within: no figures counted at an older version are shown; they are counted anew (the
    recount job)."""
    token = _CURRENT_ONLY.set(True)
    try:
        yield
    finally:
        _CURRENT_ONLY.reset(token)


def cached(key: Hashable, compute: Callable[[], T], recount: Callable[[], None] | None = None) -> T:
    """`compute()` once per key, data version and day; the last MAX_ENTRIES results are kept.

    In a busy city the data version changes every few seconds (every save, every answer), so a
    result whose version has passed is still handed out while it is younger than
    EVALUATION_STALE_SECONDS, and worked out anew on a thread of its own (one at a time per key,
    and with Redis one process at a time): a coordinator never waits for a recount the moment
    after a caseworker saved. The page says how old the figures are (`as_of`). With 0 (the
    tests), every changed version is counted anew.

    With Redis, `recount()` queues the new count as a job (`flask worker` counts it and shares
    it), so that no web worker spends its time counting; the web worker takes the result from
    Redis on a later view. Without `recount`, a thread of the web worker counts."""
    entries: _Entries = current_app.extensions.setdefault("evaluation_cache", _Entries())
    full_key = (key, clock.today())
    version = data_version()
    found = _usable(entries, full_key, version)
    if found is not None and found.version == version:  # the warm path: nothing else to ask
        _note(found.at)
        return found.value  # type: ignore[return-value]
    shared = _Shared.of(full_key)
    if found is None and shared is not None:
        found = shared.usable(version)
        if found is not None:
            _keep(entries, full_key, found)
    if found is not None:
        if found.version != version:
            with entries.lock:
                start = full_key not in entries.refreshing
                entries.refreshing.add(full_key)
            if start:
                _refresh_later(entries, full_key, compute, found.made, recount if shared is not None else None)
        _note(found.at)
        return found.value  # type: ignore[return-value]
    return _count(entries, full_key, version, compute, shared).value  # type: ignore[return-value]


def _usable(entries: _Entries, key: Hashable, version: tuple) -> _Entry | None:
    with entries.lock:
        found = _usable_entry(entries.items.get(key), version)
        if found is not None:
            entries.items.move_to_end(key)
        return found


def _usable_entry(found: _Entry | None, version: tuple) -> _Entry | None:
    """The entry if it may be shown for `version`: counted at it, or recently enough (stale)."""
    if found is None:
        return None
    age = time.time() - found.made
    if age >= MAX_AGE:
        return None
    if found.version == version:
        return found
    if not _CURRENT_ONLY.get() and age < current_app.config.get("EVALUATION_STALE_SECONDS", 0):
        return found
    return None


def _count(entries: _Entries, key: Hashable, version: tuple, compute: Callable[[], object],
           shared: _Shared | None) -> _Entry:
    """Count the figures (or, where another process is counting them, wait for its result)."""
    if shared is not None and not shared.claim():
        waited = shared.wait_for(version)
        if waited is not None:
            _keep(entries, key, waited)
            return waited
        shared = None  # the other count did not finish in time: count here, share nothing
    return _counted(entries, key, version, compute, shared)


def _counted(entries: _Entries, key: Hashable, version: tuple, compute: Callable[[], object],
             shared: _Shared | None) -> _Entry:
    """Count, keep, and share what was counted (the caller has claimed the view in Redis, if any)."""
    try:
        entry = _Entry(version, time.time(), datetime.now(UTC), compute())
        _keep(entries, key, entry)
        if shared is not None:
            shared.put(entry)
        return entry
    finally:
        if shared is not None:
            shared.release()


def _keep(entries: _Entries, key: Hashable, entry: _Entry) -> None:
    with entries.lock:
        entries.items[key] = entry
        entries.items.move_to_end(key)
        while len(entries.items) > MAX_ENTRIES:
            entries.items.popitem(last=False)
    _note(entry.at)


def _refresh_later(entries: _Entries, key: Hashable, compute: Callable[[], object], shown: float,
                   recount: Callable[[], None] | None) -> None:
    app = current_app._get_current_object()

    def refresh() -> None:
        with app.app_context():
            try:
                version = data_version()
                shared = _Shared.of(key)
                newer = shared.newer_than(shown) if shared is not None else None
                if newer is not None and newer.version == version:
                    _keep(entries, key, newer)  # another process counted this version already
                elif recount is not None:
                    if newer is not None:
                        _keep(entries, key, newer)  # newer than what was shown, while the job counts
                    recount()
                elif shared is None or shared.claim():
                    _counted(entries, key, version, compute, shared)
                elif newer is not None:
                    _keep(entries, key, newer)  # another process is counting; its last count is newer
            except Exception:
                log.exception("evaluation figures not refreshed")
            finally:
                db.session.remove()
                with entries.lock:
                    entries.refreshing.discard(key)

    threading.Thread(target=collector.paused()(refresh), name="evaluation-refresh", daemon=True).start()


class _Shared:
    """One view's figures in Redis: a small `meta` field (version, when) to ask often, the
    pickled figures in `value` to fetch only when they are newer than what the process holds,
    and a mark while one process counts them."""

    def __init__(self, connection, key: Hashable):
        digest = hashlib.sha256(repr(key).encode()).hexdigest()
        self.connection, self.name, self.mark = connection, SHARED_PREFIX + digest, SHARED_PREFIX + "counting:" + digest

    @classmethod
    def of(cls, key: Hashable) -> _Shared | None:
        from ...jobs import redis_connection

        connection = redis_connection()
        return None if connection is None else cls(connection, key)

    def newer_than(self, made: float) -> _Entry | None:
        """The shared entry, if there is one counted after `made`."""
        meta = self._meta()
        return None if meta is None or meta[1] <= made else self._entry(meta)

    def usable(self, version: tuple) -> _Entry | None:
        """The shared entry, if it may be shown for `version` (see `_usable_entry`); the figures
        are fetched only then."""
        meta = self._meta()
        if meta is None or _usable_entry(_Entry(*meta, value=None), version) is None:
            return None
        return self._entry(meta)

    def _meta(self) -> tuple | None:
        try:
            meta = self.connection.hget(self.name, "meta")
            return None if meta is None else pickle.loads(meta)  # noqa: S301 (written by this app only)
        except Exception:  # Redis down or an entry of another release: count here
            log.warning("shared evaluation figures not read", exc_info=True)
            return None

    def _entry(self, meta: tuple) -> _Entry | None:
        try:
            value = self.connection.hget(self.name, "value")
            return None if value is None else _Entry(*meta, value=pickle.loads(value))  # noqa: S301
        except Exception:
            log.warning("shared evaluation figures not read", exc_info=True)
            return None

    def put(self, entry: _Entry) -> None:
        try:
            meta = pickle.dumps((entry.version, entry.made, entry.at), protocol=pickle.HIGHEST_PROTOCOL)
            value = pickle.dumps(entry.value, protocol=pickle.HIGHEST_PROTOCOL)
            with self.connection.pipeline() as pipe:
                pipe.hset(self.name, mapping={"meta": meta, "value": value}).expire(self.name, MAX_AGE).execute()
        except Exception:
            log.warning("evaluation figures not shared", exc_info=True)

    def claim(self) -> bool:
        """True if this process may count the view now (no other process is counting it)."""
        try:
            return bool(self.connection.set(self.mark, "1", nx=True, ex=COUNT_SECONDS))
        except Exception:
            return True

    def release(self) -> None:
        try:
            self.connection.delete(self.mark)
        except Exception:
            log.warning("evaluation count mark not removed", exc_info=True)

    def wait_for(self, version: tuple) -> _Entry | None:
        """The figures another process is counting, once they are there (None after WAIT_SECONDS)."""
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            found = self.usable(version)
            if found is not None:
                return found
            try:
                if not self.connection.exists(self.mark):  # the other count ended without a result
                    return None
            except Exception:
                return None
            time.sleep(0.05)
        return None


def _note(at: datetime) -> None:
    """Remember, for this request, the oldest figures it was given."""
    if has_request_context():
        g.evaluation_as_of = min(at, g.get("evaluation_as_of", at))


def as_of() -> datetime | None:
    """When the oldest figures of this request were counted (None outside a request)."""
    return g.get("evaluation_as_of") if has_request_context() else None
