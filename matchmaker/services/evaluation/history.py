"""Statuses as they were: read from the status history (`StatusChange`), not today's columns."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm

from ...extensions import db
from ...models import StatusChange


def statuses_at(subject: str, moments: Sequence[datetime], among: sa.Select | None = None
                ) -> dict[int, list[str | None]]:
    """For each row of `subject` (a table name) that existed before the last moment: its status
    just before each of the `moments` (ascending), None before it existed. `among` (a select of
    ids) narrows the rows. One query, read in time order: each change holds from its moment on."""
    if not moments:
        return {}
    query = (sa.select(StatusChange.subject_id, StatusChange.status, StatusChange.changed_at)
             .where(StatusChange.subject == subject, StatusChange.changed_at < moments[-1])
             .order_by(StatusChange.subject_id, StatusChange.changed_at, StatusChange.id))
    if among is not None:
        query = query.where(StatusChange.subject_id.in_(among))
    found: dict[int, list[str | None]] = {}
    size = len(moments)
    for subject_id, status, changed_at in db.session.connection().execute(query):
        states = found.get(subject_id)
        if states is None:
            states = found[subject_id] = [None] * size
        first = bisect_right(moments, changed_at)  # the first moment after the change sees it
        states[first:] = [status] * (size - first)
    return found


def status_as_of(subject: str, moment: datetime, among: sa.Select | None = None) -> dict[int, str]:
    """{id: status just before `moment`} for every row of `subject` that existed by then."""
    return {sid: states[0] for sid, states in statuses_at(subject, [moment], among).items() if states[0]}


def count_in_status(subject: str, status: str, moment: datetime, among: sa.Select | None = None) -> int:
    """How many rows of `subject` were in `status` just before `moment`: rows whose last change
    before then set that status (one query on the history's index, nothing read row by row)."""
    later = sa.orm.aliased(StatusChange)
    newer = sa.exists().where(
        later.subject == subject, later.subject_id == StatusChange.subject_id, later.changed_at < moment,
        sa.or_(later.changed_at > StatusChange.changed_at,
               sa.and_(later.changed_at == StatusChange.changed_at, later.id > StatusChange.id)))
    query = sa.select(sa.func.count()).select_from(StatusChange).where(
        StatusChange.subject == subject, StatusChange.status == status, StatusChange.changed_at < moment, ~newer)
    if among is not None:
        query = query.where(StatusChange.subject_id.in_(among))
    return db.session.scalar(query)
