"""Email digests: sent to a real SMTP server on loopback, each match at most once per user,
nothing lost when the server is down or refuses someone, and unsubscribing without a login."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from matchmaker.extensions import db
from matchmaker.models import (
    CandidateStatus,
    Contact,
    DigestEntry,
    DigestFrequency,
    Initiator,
    Match,
    OriginRegion,
    SlotStatus,
    User,
    utcnow,
)
from matchmaker.services import digests
from tests.factories import (
    CandidateFactory,
    EmployerFactory,
    SlotFactory,
    caseworker,
    coordinator,
    employer_user,
)

WEEK = timedelta(days=7)


def _match(slot, candidate, score=80.0, reasons=("Beruf passt: Bäcker/in",), created_at=None) -> Match:
    match = Match(slot_id=slot.id, candidate_id=candidate.id, score=score, reasons=list(reasons),
                  created_at=created_at or utcnow())
    db.session.add(match)
    db.session.commit()
    return match


def _sent_pairs() -> set[tuple[int, int]]:
    rows = db.session.execute(sa.select(DigestEntry.user_id, DigestEntry.match_id))
    return {(row.user_id, row.match_id) for row in rows}


def _send(now=None):
    return digests.send_due(now or utcnow() + timedelta(minutes=1))


def _reload(user: User) -> User:
    db.session.expire_all()
    return db.session.get(User, user.id)


@pytest.fixture(autouse=True)
def _in_app(app):
    """Every test here works on the app's database."""
    return app


@pytest.fixture
def employer_with_matches():
    """An employer with one open slot and three matching profiles of scores 60, 90 and 75."""
    boss = employer_user(display_name="Frau Bäckerin")
    slot = SlotFactory(organisation=boss.organisation, title="Bäcker/in (m/w/d)")
    people = [CandidateFactory(pseudonym=f"K-DIG{n}", first_name=f"Geheim{n}", birth_year=1987,
                               origin_region=OriginRegion.EU_SUEDOST) for n in range(3)]
    found = [_match(slot, person, score) for person, score in zip(people, (60.0, 90.0, 75.0), strict=True)]
    return boss, slot, found


# -- what goes out ----------------------------------------------------------------------

def test_an_employer_gets_one_german_mail_with_text_and_html_best_first(employer_with_matches, mailbox):
    boss, slot, _ = employer_with_matches
    report = _send()
    assert (report.sent, report.failed) == (1, [])
    [message] = mailbox.to(boss.email)
    assert message["Subject"] == "Kurzer Draht: 3 neue Vorschläge"
    text, html = mailbox.text(message), mailbox.html(message)
    assert "Guten Tag Frau Bäckerin," in text and "die besten zuerst" in text
    assert text.index("K-DIG1") < text.index("K-DIG2") < text.index("K-DIG0")
    assert html.index("K-DIG1") < html.index("K-DIG2") < html.index("K-DIG0")
    assert f"http://kurzer-draht.test/employer/slots/{slot.id}" in text
    assert f'href="http://kurzer-draht.test/employer/slots/{slot.id}"' in html
    assert "Passung 90 von 100" in text and "Beruf passt: Bäcker/in" in text


def test_employers_see_only_pseudonyms_never_names_origin_or_birth_year(employer_with_matches, mailbox):
    boss, _, _ = employer_with_matches
    _send()
    [message] = mailbox.to(boss.email)
    for body in (mailbox.text(message), mailbox.html(message)):
        for private in ("Geheim", "1987", "Südosteuropa", "eu_suedost"):
            assert private not in body


def test_mails_carry_one_click_unsubscribe_headers(employer_with_matches, mailbox):
    boss, _, _ = employer_with_matches
    _send()
    [message] = mailbox.to(boss.email)
    assert message["List-Unsubscribe"].startswith("<http://kurzer-draht.test/notifications/unsubscribe/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    raw = dict(message.raw_items())["List-Unsubscribe"]
    assert raw.startswith("<http://") and "=?" not in raw  # a plain URL on the wire, as mail programs need
    assert message["List-Unsubscribe"][1:-1] in mailbox.text(message)


def test_a_caseworker_gets_the_matches_of_the_agencys_profiles_with_links_to_them(mailbox):
    worker = caseworker()
    person = CandidateFactory(agency=worker.organisation, pseudonym="K-AG1")
    slot = SlotFactory(title="Maler/in", organisation=EmployerFactory(name="Malerbetrieb Rhein"))
    _match(slot, person, 70.0)
    _send()
    [message] = mailbox.to(worker.email)
    text = mailbox.text(message)
    assert message["Subject"] == "Kurzer Draht: 1 neuer Vorschlag"
    assert "Profil K-AG1: „Maler/in“ bei Malerbetrieb Rhein" in text
    assert f"http://kurzer-draht.test/caseworker/candidates/{person.id}" in text


def test_nobody_gets_a_mail_when_nothing_is_new(mailbox):
    employer_user()
    caseworker()
    report = _send()
    assert (report.sent, report.skipped_nothing_new) == (0, 2)
    assert mailbox.messages == []


def test_others_matches_never_reach_other_organisations_or_agencies(mailbox):
    boss, stranger = employer_user(), employer_user()
    worker, other_worker = caseworker(), caseworker()
    slot = SlotFactory(organisation=boss.organisation)
    _match(slot, CandidateFactory(agency=worker.organisation))
    _send()
    assert len(mailbox.to(boss.email)) == 1 and len(mailbox.to(worker.email)) == 1
    assert mailbox.to(stranger.email) == [] and mailbox.to(other_worker.email) == []


def test_hidden_matches_are_left_out(mailbox):
    boss, worker = employer_user(), caseworker()
    own_slot = SlotFactory(organisation=boss.organisation)
    paused = CandidateFactory(agency=worker.organisation, status=CandidateStatus.PAUSED)
    _match(own_slot, paused)  # employers see active profiles only
    _match(SlotFactory(organisation=boss.organisation, status=SlotStatus.PAUSED),
           CandidateFactory(agency=worker.organisation))  # nobody hears of paused slots
    _match(SlotFactory(organisation=EmployerFactory(unverified=True)),
           CandidateFactory(agency=worker.organisation))  # unverified employers stay hidden
    report = _send()
    assert report.sent == 0 and mailbox.messages == []


def test_coordinators_and_deactivated_users_get_no_digest(mailbox):
    boss = employer_user(active=False)
    coordinator()
    _match(SlotFactory(organisation=boss.organisation), CandidateFactory())
    report = _send()
    assert (report.sent, report.skipped_nothing_new) == (0, 0)
    assert mailbox.messages == []


def test_matches_older_than_the_users_digests_do_not_count(mailbox):
    boss = employer_user()
    _match(SlotFactory(organisation=boss.organisation), CandidateFactory(), created_at=utcnow() - WEEK)
    assert _send().sent == 0


def test_open_proposals_awaiting_the_user_are_listed_and_alone_are_reason_enough(mailbox, app):
    boss = employer_user()
    slot = SlotFactory(organisation=boss.organisation, title="Lagerhelfer/in")
    person = CandidateFactory(pseudonym="K-ASK1")
    db.session.add(Contact(slot_id=slot.id, candidate_id=person.id, initiated_by=Initiator.CASEWORKER))
    db.session.add(Contact(slot_id=SlotFactory(organisation=boss.organisation).id, candidate_id=person.id,
                           initiated_by=Initiator.EMPLOYER))  # the employer's own, waits on the other side
    db.session.commit()
    _send()
    [message] = mailbox.to(boss.email)
    text = mailbox.text(message)
    assert "1 Anfrage wartet auf Ihre Antwort" in text and "Profil K-ASK1 für „Lagerhelfer/in“" in text
    inbox = "contacts/" if "contacts.inbox" in app.view_functions else "home"
    assert f"http://kurzer-draht.test/{inbox}" in text


# -- exactly once -----------------------------------------------------------------------

def test_each_match_goes_to_each_user_at_most_once_across_runs(employer_with_matches, mailbox):
    boss, slot, found = employer_with_matches
    now = utcnow() + timedelta(minutes=1)
    digests.send_due(now)
    later = _match(slot, CandidateFactory(pseudonym="K-LATE"), 50.0)
    digests.send_due(now + WEEK)
    _first, second = mailbox.to(boss.email)
    assert "K-LATE" in mailbox.text(second)
    assert not any(f"K-DIG{n}" in mailbox.text(second) for n in range(3))
    assert _sent_pairs() == {(boss.id, m.id) for m in [*found, later]}
    assert digests.send_due(now + 2 * WEEK).sent == 0


def test_a_capped_digest_leaves_the_rest_for_the_next_one_until_all_arrived(mailbox, monkeypatch):
    monkeypatch.setattr(digests, "MAX_MATCHES_PER_DIGEST", 2)
    boss = employer_user()
    slot = SlotFactory(organisation=boss.organisation)
    found = [_match(slot, CandidateFactory(pseudonym=f"K-CAP{n}"), 50.0 + n) for n in range(5)]
    now = utcnow() + timedelta(minutes=1)
    for week in range(4):
        digests.send_due(now + week * WEEK)
    mails = [mailbox.text(m) for m in mailbox.to(boss.email)]
    assert len(mails) == 3
    assert "und 3 weitere Vorschläge" in mails[0] and "K-CAP4" in mails[0] and "K-CAP3" in mails[0]
    assert "und 1 weiterer Vorschlag" in mails[1]
    assert "weitere" not in mails[2] and "K-CAP0" in mails[2]
    assert _sent_pairs() == {(boss.id, m.id) for m in found}


@pytest.mark.parametrize(
    ("frequency", "since_last", "due"),
    [
        (DigestFrequency.DAILY, timedelta(hours=22), False),
        (DigestFrequency.DAILY, timedelta(hours=23), True),
        (DigestFrequency.WEEKLY, timedelta(days=1), False),
        (DigestFrequency.WEEKLY, timedelta(days=6, hours=22), False),
        (DigestFrequency.WEEKLY, timedelta(days=6, hours=23), True),
        (DigestFrequency.NEVER, timedelta(days=365), False),
        (DigestFrequency.NEVER, None, False),
    ],
)
def test_users_are_due_after_their_chosen_interval(mailbox, frequency, since_last, due):
    now = utcnow() + timedelta(minutes=1)
    boss = employer_user(digest_frequency=frequency, last_digest_at=now - since_last if since_last else None)
    _match(SlotFactory(organisation=boss.organisation), CandidateFactory())
    assert digests.send_due(now).sent == (1 if due else 0)


def test_weekly_is_the_default_and_a_first_digest_goes_out_at_once(mailbox):
    boss = employer_user()
    assert boss.digest_frequency is DigestFrequency.WEEKLY
    _match(SlotFactory(organisation=boss.organisation), CandidateFactory())
    now = utcnow() + timedelta(minutes=1)
    assert digests.send_due(now).sent == 1
    assert _reload(boss).last_digest_at == now
    _match(SlotFactory(organisation=boss.organisation), CandidateFactory())
    assert digests.send_due(now + timedelta(days=3)).sent == 0


# -- failures ---------------------------------------------------------------------------

def test_a_server_refusing_connections_fails_the_run_and_the_next_run_delivers_everything_once(
        employer_with_matches, mailbox, runner, app):
    boss, _, found = employer_with_matches
    worker = caseworker()
    _match(SlotFactory(), CandidateFactory(agency=worker.organisation))
    app.config["MAIL_PORT"] = 1
    failed = runner.invoke(args=["digests", "send"])
    assert failed.exit_code == 1
    assert "2 fehlgeschlagen" in failed.output and boss.email in failed.output
    assert _sent_pairs() == set() and _reload(boss).last_digest_at is None
    app.config["MAIL_PORT"] = mailbox.port
    ok = runner.invoke(args=["digests", "send"])
    assert ok.exit_code == 0, ok.output
    assert "2 Zusammenfassungen gesendet" in ok.output
    again = runner.invoke(args=["digests", "send"])
    assert again.exit_code == 0 and "0 Zusammenfassungen gesendet" in again.output
    assert len(mailbox.to(boss.email)) == 1 and len(mailbox.to(worker.email)) == 1
    assert {pair for pair in _sent_pairs() if pair[0] == boss.id} == {(boss.id, m.id) for m in found}


def test_a_refused_recipient_does_not_stop_the_others_and_gets_it_next_time(mailbox, runner):
    refused, fine = employer_user(), employer_user()
    for user in (refused, fine):
        _match(SlotFactory(organisation=user.organisation), CandidateFactory())
    mailbox.refuse.add(refused.email)
    result = runner.invoke(args=["digests", "send"])
    assert result.exit_code == 1
    assert f"Nicht zugestellt an {refused.email}" in result.output
    assert len(mailbox.to(fine.email)) == 1 and mailbox.to(refused.email) == []
    assert {user for user, _ in _sent_pairs()} == {fine.id}
    mailbox.refuse.clear()
    assert runner.invoke(args=["digests", "send"]).exit_code == 0
    assert len(mailbox.to(refused.email)) == 1 and len(mailbox.to(fine.email)) == 1


def test_a_broken_connection_is_reopened_once_and_the_run_goes_on(employer_with_matches, mailbox, monkeypatch):
    boss, _, _ = employer_with_matches
    other = employer_user()
    _match(SlotFactory(organisation=other.organisation), CandidateFactory())
    from matchmaker import mail

    original, calls = mail._Smtp.send, []

    def send_then_drop(self, message):
        calls.append(message["To"])
        if len(calls) == 1:
            self.client.close()  # the server hung up
        return original(self, message)

    monkeypatch.setattr(mail._Smtp, "send", send_then_drop)
    report = _send()
    assert (report.sent, report.failed) == (2, [])
    assert len(mailbox.to(boss.email)) == 1 and len(mailbox.to(other.email)) == 1


def test_a_dry_run_shows_what_would_go_out_and_sends_and_records_nothing(employer_with_matches, mailbox, runner):
    boss, _, _ = employer_with_matches
    result = runner.invoke(args=["digests", "send", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert f"{boss.email}: 3 Vorschläge" in result.output and "Probelauf" in result.output
    assert mailbox.messages == [] and _sent_pairs() == set()
    assert _reload(boss).last_digest_at is None


# -- settings and unsubscribing ---------------------------------------------------------

def _unsubscribe_path(user: User) -> str:
    return f"/notifications/unsubscribe/{digests.unsubscribe_token(user.id)}"


def test_the_unsubscribe_link_works_without_login(client):
    boss = employer_user()
    page = client.get(_unsubscribe_path(boss))
    assert page.status_code == 200 and "Zusammenfassungen abbestellen" in page.text and boss.email in page.text
    assert _reload(boss).digest_frequency is DigestFrequency.WEEKLY  # a link scanner's GET changes nothing
    done = client.post(_unsubscribe_path(boss))
    assert done.status_code == 200 and "keine Zusammenfassungen mehr" in done.text
    assert _reload(boss).digest_frequency is DigestFrequency.NEVER


def test_one_click_unsubscribe_needs_no_csrf_token(client, app):
    app.config["WTF_CSRF_ENABLED"] = True
    worker = caseworker()
    response = client.post(_unsubscribe_path(worker), data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert _reload(worker).digest_frequency is DigestFrequency.NEVER


def test_unsubscribed_users_get_no_more_digests(employer_with_matches, client, mailbox):
    boss, _, _ = employer_with_matches
    client.post(_unsubscribe_path(boss))
    assert _send().sent == 0 and mailbox.messages == []


@pytest.mark.parametrize("method", ["get", "post"])
def test_forged_or_expired_unsubscribe_links_get_a_friendly_page(client, monkeypatch, method):
    boss = employer_user()
    forged = getattr(client, method)(_unsubscribe_path(boss)[:-3] + "xyz")
    assert forged.status_code == 400 and "Dieser Link gilt nicht mehr" in forged.text
    monkeypatch.setattr(digests, "UNSUBSCRIBE_MAX_AGE", -1)
    expired = getattr(client, method)(_unsubscribe_path(boss))
    assert expired.status_code == 400 and "Dieser Link gilt nicht mehr" in expired.text
    assert _reload(boss).digest_frequency is DigestFrequency.WEEKLY


def test_the_settings_page_changes_the_frequency(client, login_as):
    boss = employer_user()
    login_as(boss)
    assert 'href="/notifications/"' in client.get("/account").text
    page = client.get("/notifications/")
    assert page.status_code == 200 and "wöchentlich" in page.text and "keine Zusammenfassung" in page.text
    response = client.post("/notifications/", data={"frequency": "daily"})
    assert response.status_code == 302
    assert "Ihre Einstellung ist gespeichert" in client.get("/notifications/").text
    assert _reload(boss).digest_frequency is DigestFrequency.DAILY


def test_the_settings_page_refuses_unknown_choices_and_needs_a_login(client, login_as):
    assert client.get("/notifications/").status_code == 302
    login_as(caseworker())
    assert client.post("/notifications/", data={"frequency": "hourly"}).status_code == 422


def test_resubscribing_does_not_bring_back_matches_made_while_unsubscribed(client, login_as, mailbox):
    boss = employer_user(digest_frequency=DigestFrequency.NEVER)
    _match(SlotFactory(organisation=boss.organisation), CandidateFactory())
    login_as(boss)
    client.post("/notifications/", data={"frequency": "weekly"})
    assert _send().sent == 0


def _queries_to_collect(now) -> int:
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    sa.event.listen(db.engine, "before_cursor_execute", listener)
    try:
        digests.collect(now)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", listener)
    return len(statements)


def test_collecting_digests_takes_the_same_few_queries_however_many_users_and_matches():
    now = utcnow() + timedelta(minutes=1)
    boss = employer_user()
    _match(SlotFactory(organisation=boss.organisation), CandidateFactory())
    few = _queries_to_collect(now)
    worker = caseworker()
    for _ in range(3):
        slot = SlotFactory(organisation=employer_user().organisation)
        for _ in range(5):
            _match(slot, CandidateFactory(agency=worker.organisation))
    assert _queries_to_collect(now) == few <= 4


def test_two_runs_at_once_send_each_digest_once(employer_with_matches, mailbox):
    """Two machines' timers start `flask digests send` together: while one run holds the lock,
    the other does nothing; the run after it finds the digests recorded."""
    from matchmaker.locks import only_one

    boss, _slot, _ = employer_with_matches
    with only_one("digests") as first:
        assert first
        other = _send()  # the second machine, meanwhile
        assert other.another_run and other.sent == 0 and mailbox.to(boss.email) == []
    assert _send().sent == 1
    assert _send().sent == 0  # recorded: not due again
    assert len(mailbox.to(boss.email)) == 1
    from flask import current_app

    result = current_app.test_cli_runner().invoke(args=["digests", "send"])
    assert result.exit_code == 0 and len(mailbox.to(boss.email)) == 1
