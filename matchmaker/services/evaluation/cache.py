"""Figures computed once per data version: a coordinator who switches between months, or comes
back to the dashboard, does not make the database count the same year again.

The data version is one query of cheap aggregates over everything a figure reads: the status
history (every new profile, slot or contact and every status change writes a row), the last
change of profiles, slots, organisations and targets, the contacts' answer and start days, and
the matches. Any write that can change a figure changes one of them; an entry also expires after
MAX_AGE seconds, for what no aggregate sees (a district newly marked a model quarter). The cache
lives in the app (per process); each entry is keyed by what was asked, the scope and today's
date, and remembers the version it was counted at (see `cached` for figures a little older).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TypeVar

import sqlalchemy as sa
from flask import current_app, g, has_request_context

from ...domain import clock
from ...extensions import db
from ...models import Candidate, Contact, Match, Organisation, Slot, StatusChange, Target

log = logging.getLogger(__name__)
MAX_ENTRIES = 64
MAX_AGE = 600  # seconds
T = TypeVar("T")


def data_version() -> tuple:
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
    made: float  # time.monotonic() when computed
    at: datetime  # the same moment, for people ("Stand")
    value: object


class _Entries:
    def __init__(self) -> None:
        self.items: OrderedDict[Hashable, _Entry] = OrderedDict()
        self.refreshing: set[Hashable] = set()
        self.lock = threading.Lock()  # threaded workers share the app


def cached(key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()` once per key, data version and day; the last MAX_ENTRIES results are kept.

    In a busy city the data version changes every few seconds (every save, every answer), so a
    result whose version has passed is still handed out while it is younger than
    EVALUATION_STALE_SECONDS, and worked out anew on a thread of its own (one at a time per key):
    a coordinator never waits for a recount the moment after a caseworker saved. The page says
    how old the figures are (`as_of`). With 0 (the tests), every changed version is counted anew."""
    entries: _Entries = current_app.extensions.setdefault("evaluation_cache", _Entries())
    full_key = (key, clock.today())
    version = data_version()
    now = time.monotonic()
    with entries.lock:
        found = entries.items.get(full_key)
        if found is not None and now - found.made < MAX_AGE:
            fresh = found.version == version
            if fresh or now - found.made < current_app.config.get("EVALUATION_STALE_SECONDS", 0):
                entries.items.move_to_end(full_key)
                if not fresh and full_key not in entries.refreshing:
                    entries.refreshing.add(full_key)
                    _refresh_later(entries, full_key, compute)
                _note(found.at)
                return found.value  # type: ignore[return-value]
    value = compute()  # outside the lock: two first views may both count, neither waits
    _keep(entries, full_key, version, now, value)
    return value


def _keep(entries: _Entries, key: Hashable, version: tuple, made: float, value: object) -> None:
    at = datetime.now(UTC)
    with entries.lock:
        entries.items[key] = _Entry(version, made, at, value)
        while len(entries.items) > MAX_ENTRIES:
            entries.items.popitem(last=False)
    _note(at)


def _refresh_later(entries: _Entries, key: Hashable, compute: Callable[[], object]) -> None:
    app = current_app._get_current_object()

    def refresh() -> None:
        with app.app_context():
            try:
                made, version = time.monotonic(), data_version()
                _keep(entries, key, version, made, compute())
            except Exception:
                log.exception("evaluation figures not refreshed")
            finally:
                db.session.remove()
                with entries.lock:
                    entries.refreshing.discard(key)

    threading.Thread(target=refresh, name="evaluation-refresh", daemon=True).start()


def _note(at: datetime) -> None:
    """Remember, for this request, the oldest figures it was given."""
    if has_request_context():
        g.evaluation_as_of = min(at, g.get("evaluation_as_of", at))


def as_of() -> datetime | None:
    """When the oldest figures of this request were counted (None outside a request)."""
    return g.get("evaluation_as_of") if has_request_context() else None
