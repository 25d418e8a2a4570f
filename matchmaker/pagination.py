"""Pages of a list in one round trip to the database.

Flask-SQLAlchemy's pagination asks twice: once for the page's rows, once for the total. Here the
total rides along in the page's own query as a scalar subquery, which the database works out once
beside the rows, with the same plan it used for the count alone (a window count over all rows
would read every row in full first). Only a page past the end, which has no row to carry it,
asks for the total on its own. What else the page needs that one number answers (the
navigation's count of waiting proposals) can ride along the same way (`also`).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_sqlalchemy.pagination import SelectPagination
from sqlalchemy import orm

from .extensions import db


class OneTripPagination(SelectPagination):
    def _query_items(self) -> list[Any]:
        select, also = self._query_args["select"], self._query_args["also"]
        total = sa.select(sa.func.count()).select_from(
            select.options(orm.lazyload("*")).order_by(None).subquery()).scalar_subquery()
        rows = self._query_args["session"].execute(
            select.add_columns(total.label("pagination_total"), *also).limit(self.per_page)
            .offset(self._query_offset)
        ).unique().all()
        self._total = rows[0][1] if rows else None
        self.also = tuple(rows[0][2:]) if rows else None
        return [row[0] for row in rows]

    def _query_count(self) -> int:
        return self._total if self._total is not None else super()._query_count()


def paginate(select: sa.Select, per_page: int, also: tuple[sa.ColumnElement, ...] = ()) -> OneTripPagination:
    """One page of `select` (the page number from the request's `page`; a page past the end is
    empty, not an error) and the total. `also`: uncorrelated scalar subqueries the page needs
    too, read in the same query; their values are `.also` (None for a page without rows)."""
    return OneTripPagination(select=select, session=db.session(), per_page=per_page, error_out=False, also=also)
