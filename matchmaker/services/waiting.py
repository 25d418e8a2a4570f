"""What waits for a person, for the top of their home page: each item says what and how many,
and links straight to it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

import sqlalchemy as sa
from flask import url_for
from flask_babel import ngettext

from .. import access
from ..domain import candidates as candidate_rules
from ..domain import clock
from ..extensions import db
from ..models import Contact, ContactStatus, Match, Role, User
from ..per_request import keep_for_request, once_per_request

ANSWER_COUNT = "waiting_count"  # the request's count of what waits for the user's answer (`answer_count`)


@dataclass(frozen=True)
class Waiting:
    text: str
    url: str
    key: str


def week_start() -> datetime:
    """Monday 00:00 of this week, local time."""
    today = clock.today()
    return datetime.combine(today - timedelta(days=today.weekday()), time.min, tzinfo=clock.timezone())


def answer_count(user: User) -> int:
    """Proposals the other side made that wait for this user's side: the navigation shows the
    number on every page and the home page says it, counted once per request (or read with a
    page's own query: `templating.waiting_count_column`, `keep_answer_count`)."""
    return once_per_request(ANSWER_COUNT, lambda: access.count(access.awaiting_answer(user)))


def keep_answer_count(value: int) -> None:
    """`answer_count` for this request, counted by the page already."""
    keep_for_request(ANSWER_COUNT, value)


def for_user(user: User) -> list[Waiting]:
    if user.role not in (Role.EMPLOYER, Role.CASEWORKER):
        return []
    found = []
    answer = answer_count(user)
    if answer:
        text = (ngettext("%(num)d Vorschlag einer Beratungsstelle wartet auf Ihre Antwort",
                         "%(num)d Vorschläge von Beratungsstellen warten auf Ihre Antwort", answer)
                if user.role is Role.EMPLOYER else
                ngettext("%(num)d Anfrage eines Betriebs wartet auf Ihre Antwort",
                         "%(num)d Anfragen von Betrieben warten auf Ihre Antwort", answer))
        found.append(Waiting(text, url_for("contacts.inbox", _anchor="warten"), "answer"))
    accepted = access.count(access.visible_contacts(user).where(Contact.status == ContactStatus.ACCEPTED))
    if accepted:
        found.append(Waiting(ngettext("%(num)d angenommener Kontakt: Tragen Sie ein, wie es weitergeht",
                                      "%(num)d angenommene Kontakte: Tragen Sie ein, wie es weitergeht", accepted),
                             url_for("contacts.inbox", _anchor="angenommen"), "outcome"))
    since = week_start()
    if user.role is Role.EMPLOYER:
        new = _distinct(access.matches_for_own_slots(user), Match.candidate_id, since)
        if new:
            found.append(Waiting(ngettext("%(num)d neues passendes Profil seit Montag",
                                          "%(num)d neue passende Profile seit Montag", new),
                                 url_for("employer.slots", status="open"), "new"))
    else:
        new = _distinct(access.matches_for_agency(user).where(candidate_rules.matched_sql()), Match.slot_id, since)
        if new:
            found.append(Waiting(ngettext("%(num)d neues passendes Angebot seit Montag",
                                          "%(num)d neue passende Angebote seit Montag", new),
                                 url_for("caseworker.slots"), "new"))
    return found


def _distinct(query: sa.Select, column, since: datetime) -> int:
    rows = query.where(Match.created_at >= since).with_only_columns(column).distinct().subquery()
    return db.session.scalar(sa.select(sa.func.count()).select_from(rows))
