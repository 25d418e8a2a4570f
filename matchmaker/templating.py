"""What templates may use besides their context: formatting filters, labels of stored values,
and the navigation's inbox count. Templates get rules as flags from their views
(matchmaker/domain); nothing here decides who may do or see what."""

from __future__ import annotations

import os
from datetime import date, datetime

import sqlalchemy as sa
from flask import Flask, abort
from flask_babel import format_currency, get_locale, to_user_timezone
from flask_login import current_user
from jinja2 import ChoiceLoader, FileSystemLoader

from .domain.disclosure import Experience, experience_text
from .extensions import db
from .models import AuditAction, EventKind, Recognition, Role, SlotKind
from .reasons import reason_texts
from .translations import translations


def _datetime_text(value: datetime) -> str:
    """As Babel's "dd.MM.yyyy HH:mm" in the user's time zone: digits only, in a fraction of the
    time (a profile's history page shows 50 of them)."""
    return to_user_timezone(value).strftime("%d.%m.%Y %H:%M")


def _date_text(value: date) -> str:
    """As Babel's "dd.MM.yyyy"; a point in time on the user's day."""
    return (to_user_timezone(value) if isinstance(value, datetime) else value).strftime("%d.%m.%Y")


def _chart_value(cell):
    """A Cell as a chart wants it: a number, or None where it must not be shown."""
    return None if cell.suppressed or cell.value is None else cell.value


FILTERS = {
    "datetime": lambda value: _datetime_text(value) if value else "–",
    "date": lambda value: _date_text(value) if value else "–",
    "euro": lambda value: format_currency(value, "EUR", format="#,##0 ¤", currency_digits=False),
    "percent": lambda value: "–" if value is None else f"{value * 100:.0f} %",
    "kind_label": lambda value: SlotKind(value).label,
    "recognition_label": lambda value: Recognition(value).label,
    "audit_label": AuditAction.label_of,
    "contact_event_label": EventKind.label_of,
    "reasons": reason_texts,
    # what the matcher recognised in a slot's title (or the code the employer confirmed)
    "occupation_of": lambda slot: _occupation_of(slot),
    # a stored experience ({"name", "years"}) as "Elektriker · 3 J."
    "experience": lambda item: experience_text(Experience(item["name"], item.get("years"))),
    # a list's query string for its page links: without the page, and without names url_for
    # keeps for itself ("?endpoint=x" or "?_method=POST" would break building the link)
    "reject_page": lambda args: {k: v for k, v in args.items()
                                 if k not in ("page", "endpoint") and not k.startswith("_")},
    # the evaluation dashboard's charts
    "chart_row": lambda step: (step.label, _chart_value(step.value), str(step.value)),
    "placements_row": lambda row: (row.label, _chart_value(row.placements), str(row.placements)),
    "trend_point": lambda p: (p.month[2:], [_chart_value(p.proposals), _chart_value(p.placements)]),
}


def _occupation_of(slot):
    from .services.occupations import recognise

    return recognise(slot.title, slot.occupation_code)


def _waiting_count() -> int:
    """Proposals waiting for the signed-in side, for the navigation (one count query, unless the
    page counted them already: the inbox, or a page whose own query carried `waiting_count_column`)."""
    from .services.waiting import answer_count

    if not current_user.is_authenticated or current_user.role is Role.COORDINATOR:
        return 0
    return answer_count(current_user)


def waiting_count_column() -> sa.ColumnElement[int]:
    """The navigation's count as a column that a page's own query carries along (a round trip
    less); the page hands the value to `services.waiting.keep_answer_count`."""
    from .access import awaiting_answer

    if not current_user.is_authenticated or current_user.role is Role.COORDINATOR:
        return sa.literal(0)
    return sa.select(sa.func.count()).select_from(awaiting_answer(current_user).subquery()).scalar_subquery()


def one_or_404_counting_waiting(query: sa.Select):
    """The one object a scoped detail query finds (else 404), read together with the navigation's
    count. Every row is read, so a joined collection comes whole."""
    found = db.session.execute(query.add_columns(waiting_count_column())).unique().one_or_none()
    if found is None:
        abort(404)
    from .services.waiting import keep_answer_count

    keep_answer_count(found[1])
    return found[0]


def paginate_counting_waiting(select: sa.Select, per_page: int):
    """A list page (`pagination.paginate`) read together with the navigation's count."""
    from .pagination import paginate
    from .services.waiting import keep_answer_count

    page = paginate(select, per_page, also=(waiting_count_column(),))
    if page.also is not None:  # a page past the end has no row to carry it: the navigation asks alone
        keep_answer_count(page.also[0])
    return page


def register(app: Flask) -> None:
    from .access import can_publish
    from .charts import curve_geometry

    # A deployment's own pages first (instance/templates/legal/datenschutz.html, …), then ours.
    app.jinja_loader = ChoiceLoader([FileSystemLoader(os.path.join(app.instance_path, "templates")),
                                     app.jinja_loader])
    app.jinja_env.globals.update(Role=Role, can_publish=can_publish, get_locale=get_locale,
                                 curve_geometry=curve_geometry)
    app.jinja_env.filters.update(FILTERS)
    app.context_processor(lambda: {"waiting_count": _waiting_count})
    # Flask-Babel's own callables, with the translations looked up once per request.
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: translations().ugettext(s),
        ngettext=lambda s, p, n: translations().ungettext(s, p, n),
        pgettext=lambda c, s: translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n),
        newstyle=True,
    )
