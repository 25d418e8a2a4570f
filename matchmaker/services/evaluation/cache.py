"""Figures computed once per data version: a coordinator who switches between months, or comes
back to the dashboard, does not make the database count the same year again.

The data version is one query of cheap aggregates over everything a figure reads: the status
history (every new profile, slot or contact and every status change writes a row), the last
change of profiles, slots, organisations and targets, the contacts' answer and start days, and
the matches. Any write that can change a figure changes one of them; an entry also expires after
MAX_AGE seconds, for what no aggregate sees (a district newly marked a model quarter). The cache
lives in the app (per process); each entry is keyed by what was asked, the scope, today's date
and the version.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

import sqlalchemy as sa
from flask import current_app

from ...domain import clock
from ...extensions import db
from ...models import Candidate, Contact, Match, Organisation, Slot, StatusChange, Target

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


class _Entries:
    def __init__(self) -> None:
        self.items: OrderedDict[Hashable, tuple[float, object]] = OrderedDict()
        self.lock = threading.Lock()  # threaded workers share the app


def cached(key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()` once per key, data version and day; the last MAX_ENTRIES results are kept."""
    entries: _Entries = current_app.extensions.setdefault("evaluation_cache", _Entries())
    full_key = (key, clock.today(), data_version())
    now = time.monotonic()
    with entries.lock:
        found = entries.items.get(full_key)
        if found is not None and now - found[0] < MAX_AGE:
            entries.items.move_to_end(full_key)
            return found[1]  # type: ignore[return-value]
    value = compute()  # outside the lock: two first views may both count, neither waits
    with entries.lock:
        entries.items[full_key] = (now, value)
        while len(entries.items) > MAX_ENTRIES:
            entries.items.popitem(last=False)
    return value
