"""Small aggregate queries shared by the home pages: counts per enum value, in one GROUP BY."""

from __future__ import annotations

from enum import Enum
from typing import TypeVar

import sqlalchemy as sa

from ..extensions import db

E = TypeVar("E", bound=Enum)


def counts_by(query: sa.Select, column: str, enum_cls: type[E]) -> dict[E, int]:
    """How many rows of a (scoped) query have each value of `column`; absent values count 0."""
    rows = query.order_by(None).subquery()
    counts = dict.fromkeys(enum_cls, 0)
    for value, n in db.session.execute(sa.select(rows.c[column], sa.func.count()).group_by(rows.c[column])):
        counts[enum_cls(value)] = n
    return counts
