"""Date arithmetic that SQLite and PostgreSQL spell differently, as portable SQL elements."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement


class utc_date(FunctionElement):
    """The calendar day (UTC) of a stored timestamp."""

    type = sa.Date()
    inherit_cache = True


class year_month(FunctionElement):
    """'YYYY-MM' of a date."""

    type = sa.String()
    inherit_cache = True


class month_of(FunctionElement):
    """The month (1 to 12) of a date, as an integer."""

    type = sa.Integer()
    inherit_cache = True


class days_between(FunctionElement):
    """Whole days from the second date to the first."""

    type = sa.Integer()
    inherit_cache = True


def _args(element, compiler, **kw) -> list[str]:
    return [compiler.process(arg, **kw) for arg in element.clauses]


@compiles(utc_date, "sqlite")
def _utc_date_sqlite(element, compiler, **kw):
    # SQLite keeps timestamps as UTC text (the column type converts on the way in).
    return "date({})".format(*_args(element, compiler, **kw))


@compiles(utc_date, "postgresql")
def _utc_date_postgresql(element, compiler, **kw):
    return "CAST(timezone('UTC', {}) AS DATE)".format(*_args(element, compiler, **kw))


@compiles(year_month, "sqlite")
def _year_month_sqlite(element, compiler, **kw):
    return "strftime('%Y-%m', {})".format(*_args(element, compiler, **kw))


@compiles(year_month, "postgresql")
def _year_month_postgresql(element, compiler, **kw):
    return "to_char({}, 'YYYY-MM')".format(*_args(element, compiler, **kw))


@compiles(month_of, "sqlite")
def _month_of_sqlite(element, compiler, **kw):
    return "CAST(strftime('%m', {}) AS INTEGER)".format(*_args(element, compiler, **kw))


@compiles(month_of, "postgresql")
def _month_of_postgresql(element, compiler, **kw):
    return "CAST(EXTRACT(MONTH FROM {}) AS INTEGER)".format(*_args(element, compiler, **kw))


@compiles(days_between, "sqlite")
def _days_between_sqlite(element, compiler, **kw):
    return "CAST(julianday({}) - julianday({}) AS INTEGER)".format(*_args(element, compiler, **kw))


@compiles(days_between, "postgresql")
def _days_between_postgresql(element, compiler, **kw):
    return "({} - {})".format(*_args(element, compiler, **kw))
