"""Field rules shared by forms, imports and services: one function per rule, raising FieldError
with a German message; forms and import columns wrap it in their own error type."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from flask_babel import gettext as _

from . import clock


class FieldError(ValueError):
    """A value the field does not accept; str() is the German message for the user."""


def not_in_future(day: date | None) -> date | None:
    if day is not None and day > clock.today():
        raise FieldError(_("Das Datum liegt in der Zukunft."))
    return day


def not_in_past(day: date | None) -> date | None:
    if day is not None and day < clock.today():
        raise FieldError(_("Das Datum liegt in der Vergangenheit."))
    return day


def at_most(limit: int) -> Callable[[str], str]:
    def check(value: str) -> str:
        if value and len(value) > limit:
            raise FieldError(_("Bitte höchstens %(max)d Zeichen (hier %(n)d).", max=limit, n=len(value)))
        return value

    return check
