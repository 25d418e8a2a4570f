"""Email digests: who is due, what is new for them, and sending it exactly once.

A match counts as sent to a user only once the mail server has accepted the message that
listed it; the DigestEntry rows and last_digest_at are then committed together, per user.
"""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext

from .. import mail
from ..extensions import db
from ..models import DigestEntry, DigestFrequency, User
from ..reasons import reason_texts
from . import tokens
from .digest_queries import ContactLine, MatchLine, load_due_users, load_matches, load_proposals

DAILY_INTERVAL = timedelta(hours=23)  # a little under a day, so a cron job a minute late still sends
WEEKLY_INTERVAL = timedelta(days=6, hours=23)
# At most this many matches per mail, best first; the rest stay new for the next digest.
MAX_MATCHES_PER_DIGEST = 50
UNSUBSCRIBE_MAX_AGE = 366 * 24 * 3600  # seconds; links in a year-old mail still work


@dataclass
class Digest:
    """Everything one mail needs, as plain values: no ORM objects survive the per-user commits."""

    user_id: int
    email: str
    display_name: str
    is_employer: bool
    matches: list[MatchLine]
    more: int  # new matches beyond the cap, left for the next digest
    proposals: list[ContactLine]


@dataclass
class Failure:
    email: str
    reason: str


@dataclass
class DigestReport:
    sent: int = 0
    skipped_nothing_new: int = 0
    failed: list[Failure] = field(default_factory=list)
    digests: list[Digest] = field(default_factory=list)  # what was (or, dry, would be) sent
    another_run: bool = False  # another run (another machine's timer) was sending: this one did nothing


# Who is due ----------------------------------------------------------------------------

def due_condition(now: datetime) -> sa.ColumnElement[bool]:
    """Active users whose chosen interval has passed since their last digest."""
    return sa.and_(
        User.active.is_(True),
        sa.or_(
            sa.and_(User.digest_frequency == DigestFrequency.DAILY,
                    sa.or_(User.last_digest_at.is_(None), User.last_digest_at <= now - DAILY_INTERVAL)),
            sa.and_(User.digest_frequency == DigestFrequency.WEEKLY,
                    sa.or_(User.last_digest_at.is_(None), User.last_digest_at <= now - WEEKLY_INTERVAL)),
        ),
    )


def collect(now: datetime) -> tuple[list[Digest], int]:
    """The digests due at `now` and how many due users have nothing new; a fixed number of
    queries however many users and matches there are."""
    users = load_due_users(due_condition(now))
    matches, totals = load_matches(due_condition(now), MAX_MATCHES_PER_DIGEST)
    proposals = load_proposals(due_condition(now))
    digests, skipped = [], 0
    for user in users.values():
        lines = matches.get(user.id, [])
        waiting = proposals.get(user.id, [])
        since = user.last_digest_at or user.digest_since
        if not lines and not any(p.created_at > since for p in waiting):
            skipped += 1
            continue
        digests.append(Digest(user.id, user.email, user.display_name, user.is_employer, lines,
                              totals.get(user.id, 0) - len(lines), waiting))
    return digests, skipped


# Sending -------------------------------------------------------------------------------

def send_due(now: datetime, dry_run: bool = False) -> DigestReport:
    """Send every due digest over one connection; failures are reported, never recorded. One run
    at a time across all machines (`locks.only_one`): a second run started meanwhile does
    nothing, and a later one finds the digests recorded, so nobody gets one twice."""
    from ..locks import only_one

    if dry_run:
        return _send_due(now, dry_run)
    with only_one("digests") as mine:
        return _send_due(now, dry_run) if mine else DigestReport(another_run=True)


def _send_due(now: datetime, dry_run: bool) -> DigestReport:
    digests, skipped = collect(now)
    report = DigestReport(skipped_nothing_new=skipped)
    if dry_run or not digests:
        report.digests = digests
        return report
    with ExitStack() as stack:
        try:
            sender = _Sender(stack)
        except mail.MailError as error:
            report.failed = [Failure(d.email, str(error)) for d in digests]
            return report
        for digest in digests:
            try:
                sender.send(build(digest))
            except mail.MailError as error:
                report.failed.append(Failure(digest.email, str(error)))
                continue
            try:
                _record(digest, now)
            except sa.exc.SQLAlchemyError as error:  # sent but not noted: the next run repeats it
                db.session.rollback()
                report.failed.append(Failure(digest.email, f"zugestellt, aber nicht vermerkt: {error}"))
                continue
            report.sent += 1
            report.digests.append(digest)
    return report


class _Sender:
    """One connection for the run; if it breaks, it is reopened once and the message retried."""

    def __init__(self, stack: ExitStack):
        self.stack = stack
        self.conn = stack.enter_context(mail.connection())
        self.reopened = False

    def send(self, message) -> None:
        try:
            self.conn.send(message)
            return
        except mail.MailError:
            if self.reopened or self.conn.is_open():
                raise  # the server refused this message; the connection itself is fine
        self.reopened = True
        self.stack.close()
        self.conn = self.stack.enter_context(mail.connection())
        self.conn.send(message)


def _record(digest: Digest, now: datetime) -> None:
    """The server took the mail: remember its matches and the time, in one transaction."""
    if digest.matches:
        db.session.execute(sa.insert(DigestEntry), [
            {"user_id": digest.user_id, "match_id": line.match_id, "sent_at": now} for line in digest.matches
        ])
    db.session.execute(sa.update(User).where(User.id == digest.user_id).values(last_digest_at=now))
    db.session.commit()


def build(digest: Digest):
    """The mail for one digest, text and HTML, with one-click unsubscribe headers."""
    unsubscribe = mail.absolute_url("notifications.unsubscribe", token=unsubscribe_token(digest.user_id))
    if "contacts.inbox" in current_app.view_functions:
        inbox = mail.absolute_url("contacts.inbox")
    else:
        inbox = mail.absolute_url("public.home")
    count = len(digest.matches) + digest.more
    if count:
        subject = ngettext("Kurzer Draht: %(num)d neuer Vorschlag", "Kurzer Draht: %(num)d neue Vorschläge", count)
    else:
        subject = _("Kurzer Draht: Anfragen warten auf Ihre Antwort")
    message = mail.build_message(
        digest.email, subject, "digest",
        headers={"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
        digest=digest, inbox=inbox, unsubscribe=unsubscribe, home=mail.absolute_url("public.home"),
        settings=mail.absolute_url("notifications.settings"),
        items=_items(digest),
    )
    return message


@dataclass(frozen=True)
class Item:
    """One listed match as the mail shows it."""

    title: str
    fit: str
    link: str
    reasons: list[str]


def _items(digest: Digest) -> list[Item]:
    """The wording is looked up once per mail, not once per line: gettext is the slow part
    of rendering a digest with fifty lines."""
    if digest.is_employer:
        title = _("Profil %(pseudonym)s für „%(slot)s“")
    else:
        title = _("Profil %(pseudonym)s: „%(slot)s“ bei %(employer)s")
    fit = _("Passung %(score)d von 100")
    return [
        Item(title % {"pseudonym": line.pseudonym, "slot": line.slot_title, "employer": line.employer_name},
             fit % {"score": round(line.score)}, _link(digest, line), reason_texts(line.reasons[:3]))
        for line in digest.matches
    ]


def _link(digest: Digest, line: MatchLine) -> str:
    if digest.is_employer:
        return mail.absolute_url("employer.slot", slot_id=line.slot_id)
    return mail.absolute_url("caseworker.candidate", candidate_id=line.candidate_id)


# Preferences ---------------------------------------------------------------------------

def set_frequency(user: User, frequency: DigestFrequency, now: datetime) -> None:
    """Matches made while a user had no digest never count as new for them afterwards."""
    if user.digest_frequency is DigestFrequency.NEVER and frequency is not DigestFrequency.NEVER:
        user.digest_since = now
    user.digest_frequency = frequency
    db.session.commit()


def unsubscribe_token(user_id: int) -> str:
    return tokens.make_token("unsubscribe", {"user": user_id})


def user_for_unsubscribe_token(token: str) -> User | None:
    payload = tokens.read_token("unsubscribe", token, max_age=UNSUBSCRIBE_MAX_AGE)
    if payload is None or not isinstance(payload.get("user"), int):
        return None
    return db.session.get(User, payload["user"])
