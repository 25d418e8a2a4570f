"""Attacks replayed (issue 11): each test first does what an attacker did, then checks it held.

Where each finding of the privacy and security review is replayed:
 1. personal data and tokens in error reports: tests/unit/test_observability.py
 2. a small XLSX with millions of shared strings: tests/unit/test_import_reading.py
 3. free text surviving consent withdrawal: test_consent_withdrawal_erases_…
 4. differencing two evaluation periods: test_free_date_ranges_are_not_offered_… (free ranges
    are gone) and test_differencing_months_quarters_and_the_year_… (all periods of a year are
    suppressed together; the attacker solves every published sum at once). Differencing a
    filtered view against the city view is a known leak, replayed by the strict xfail
    test_a_stadtbezirk_view_does_not_give_away_… until it is mended
 5. cookies working after logout: test_cookies_saved_before_logout_…, …_remembered_login_ends_…,
    …_signed_out_when_idle_…
 6. locking someone else's account: tests/web/test_login.py::test_someone_guessing_elsewhere_…
 7. invitations as a spam and probing tool: tests/web/test_invitations.py
 8. skill suggestions leaking profile text: test_skill_suggestions_never_repeat_…
 9. a line break in a title or name: test_a_line_break_in_a_title_…, test_a_title_typed_with_…
10. missing security headers: test_every_response_carries_security_headers_…, …_stay_on_https
11. telling which addresses have accounts: tests/web/test_password_reset.py, test_invitations.py,
    tests/web/test_registration.py (both forms answer before they look the address up)
12. reads missing from the audit log: test_every_page_that_shows_a_person_…
13. crafted input giving 500s: test_crafted_query_strings_…, test_free_date_ranges_…,
    test_two_people_accepting_one_invitation_…
14. no retention: tests/web/test_retention.py
15. weak secrets, a silent outbox, sign-out by invitation link: tests/unit/test_config.py,
    tests/unit/test_mail.py, test_opening_an_invitation_link_signs_nobody_out
"""

from __future__ import annotations

import csv
import io
import random
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from matchmaker.extensions import db
from matchmaker.models import Candidate, Contact, ContactStatus, Initiator, Slot, SlotKind
from matchmaker.services import candidates as candidate_service
from tests.conftest import login
from tests.differencing import recoverable
from tests.factories import (
    PASSWORD,
    AgencyFactory,
    CandidateFactory,
    EmployerFactory,
    MatchFactory,
    SlotFactory,
    caseworker,
    coordinator,
    district,
    employer_user,
)


def _client(app, user):
    client = app.test_client()
    assert login(client, user).status_code == 302
    return client


def test_a_line_break_in_a_title_or_name_neither_breaks_mail_nor_the_action(app, mailbox):
    boss, worker = employer_user(), caseworker()
    boss.organisation.name = "Bäckerei\r\nBcc: victim@example.org"
    slot = SlotFactory(organisation=boss.organisation, contact_person=boss, title="Bäcker/in\nX-Injected: yes")
    candidate = CandidateFactory(agency=worker.organisation, created_by=worker, skills=[{"name": "Bäcker"}])
    MatchFactory(slot=slot, candidate=candidate)
    response = _client(app, worker).post(f"/contacts/new?slot={slot.id}&candidate={candidate.id}", data={})
    assert response.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Contact)) == 1
    [mail] = mailbox.to(boss.email)
    assert mail["Subject"] == "Neuer Vorschlag für „Bäcker/in X-Injected: yes“"
    assert mail["X-Injected"] is None and mail["Bcc"] is None


def test_a_title_typed_with_a_line_break_is_saved_on_one_line(app):
    boss = employer_user()
    client = _client(app, boss)
    response = client.post("/employer/slots/new", data={
        "title": "Verkäufer/in\r\nim Laden", "kind": "helfer", "min_german": "A2", "open_positions": "1",
        "district": str(district("Marxloh").id), "contact_person": str(boss.id), "publish": "1"})
    assert response.status_code == 302
    assert db.session.scalars(sa.select(Slot.title)).one() == "Verkäufer/in im Laden"


def test_crafted_query_strings_on_paginated_lists_give_pages_not_errors(app):
    boss = employer_user()
    for n in range(30):
        SlotFactory(organisation=boss.organisation, title=f"Helfer/in {n}")
    client = _client(app, boss)
    for query in ("endpoint=x", "_method=POST", "_external=1&page=2", "page=abc", "page=-3"):
        response = client.get(f"/employer/slots/?{query}")
        assert response.status_code == 200, query
        assert "endpoint=x" not in response.text and "_method" not in response.text


def test_free_date_ranges_are_not_offered_so_overlapping_ranges_cannot_be_subtracted(app):
    """The attacks: a range from year 1 to 9999 gave a 500; two overlapping custom ranges,
    subtracted, recovered hidden cells. Only whole months, quarters and years remain."""
    client = _client(app, coordinator())
    for url in ("/evaluation/?period=custom&start=0001-01-01&end=9999-12-31",
                "/evaluation/zeiten.csv?period=custom&start=0001-01-01&end=9999-12-31",
                "/evaluation/?period=custom&start=2026-03-01&end=2026-03-20"):
        response = client.get(url)
        assert response.status_code == 200, url
    page = client.get("/evaluation/?period=custom&start=2026-03-01&end=2026-03-20&year=2026").text
    assert "01.01.2026 – 31.12.2026" in page  # the whole year instead
    assert 'value="custom"' not in page and 'name="start"' not in page


PERIODS = [f"period=month&month={m}" for m in range(1, 13)] + [f"period=quarter&quarter={q}" for q in range(1, 5)] \
    + ["period=year"]
TABLES = ("bezirk", "age_group", "slot_kind", "trichter", "verlauf")
PROFILES, PROPOSED, ACCEPTED, PLACED = ("Aktive Profile am Ende des Zeitraums", "Personen mit Anfrage",
                                       "Personen mit angenommenem Kontakt", "Personen mit begonnener Vermittlung")


def _seed_a_year_of_small_counts(year: int) -> None:
    """Three agencies in three Stadtbezirke, two kinds of slot, and a year of contacts whose
    monthly counts are mostly below five: the case where hidden cells are many."""
    rng = random.Random(7)
    places = [district(name) for name in ("Marxloh", "Altstadt", "Wedau")]
    agencies = [AgencyFactory(district=place) for place in places]
    slots = [SlotFactory(district=rng.choice(places), kind=kind, created_at=datetime(year - 1, 12, 1, tzinfo=UTC))
             for kind in (SlotKind.PRAKTIKUM, SlotKind.AUSBILDUNG) for _ in range(3)]
    for n in range(70):
        created = datetime(year, rng.randint(1, 12), rng.randint(1, 28), 9, tzinfo=UTC)
        person = CandidateFactory(agency=rng.choice(agencies), created_at=created - timedelta(days=30),
                                  birth_year=rng.choice([1990, 2003]))
        status, answered, placed = ContactStatus.PROPOSED, None, None
        if n % 3:
            answered, status = created + timedelta(days=rng.randint(1, 40)), ContactStatus.ACCEPTED
            if n % 2 and answered.year == year:
                placed = (answered + timedelta(days=rng.randint(1, 40))).date()
        if answered and answered.year > year:
            answered, status, placed = None, ContactStatus.PROPOSED, None
        if placed and placed.year > year:
            placed = None
        db.session.add(Contact(slot=rng.choice(slots), candidate=person, initiated_by=Initiator.CASEWORKER,
                               created_at=created, answered_at=answered, status=status, placed_on=placed))
    db.session.commit()


def _download(client, table: str, period: str, year: int) -> list[list[str]]:
    response = client.get(f"/evaluation/{table}.csv?year={year}&{period}")
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.text.lstrip("\ufeff")), delimiter=";"))


def test_a_stadtbezirk_view_does_not_give_away_what_the_city_view_hides(app):
    """The attack: the city's breakdown by Stadtbezirk hides Hamborn (3 people) and, to protect it,
    Mitte ("•"); the Mitte view shows its own total, 10, and the city's total minus Mitte and Süd
    gives Hamborn's 3. Found on 2026-12-03; mended by reading every filtered view from the city's
    system (a Stadtbezirk's total is the city's row)."""
    from matchmaker.services.evaluation import Filters, breakdown, funnel

    for name, count in (("Marxloh", 3), ("Altstadt", 10), ("Wedau", 20)):
        slot = SlotFactory(district=district(name), open_positions=50)
        agency = AgencyFactory(district=district(name))
        for _ in range(count):
            person = CandidateFactory(agency=agency, created_at=datetime(2024, 1, 5, tzinfo=UTC))
            db.session.add(Contact(slot=slot, candidate=person, initiated_by=Initiator.CASEWORKER,
                                   created_at=datetime(2024, 3, 5, tzinfo=UTC), status=ContactStatus.PROPOSED))
    db.session.commit()
    march = Filters.month(2024, 3)
    city = {row.label: row.proposals.value for row in breakdown(march, "bezirk").rows}
    total = breakdown(march, "bezirk").total.proposals.value
    assert city["Hamborn"] is None  # hidden in the city view
    views = {name: next(s.value.value for s in funnel(Filters.month(2024, 3, bezirk_id=district(name).id))
                        if s.key == "proposals") for name in city if name != "Hamborn"}
    shown = {name: city[name] if city[name] is not None else views[name] for name in views}
    recovered = None if total is None or None in shown.values() else total - sum(shown.values())
    assert recovered is None, f"Hamborn's hidden count recovered: {recovered}"


def test_every_single_filter_view_beside_the_city_view_recovers_no_hidden_cell(app):
    """The attack on all filters at once: take the city's funnel and every breakdown, and the
    funnel of every Stadtbezirk, every agency and every sector, and solve every sum they obey
    (each person here has one contact, so the people counts are exact sums). Agencies of 3, 10 and
    20 people, in three Stadtbezirke and two sectors."""
    from matchmaker.models import Sector
    from matchmaker.services.evaluation import DIMENSIONS, Filters, breakdown, funnel

    agencies = []
    for n, (name, count) in enumerate((("Marxloh", 3), ("Altstadt", 10), ("Wedau", 20))):
        agency = AgencyFactory(district=district(name))
        agencies.append(agency)
        slots = [SlotFactory(district=district(name), open_positions=50, organisation=EmployerFactory(sector=sector))
                 for sector in (Sector.HANDWERK, Sector.HANDEL)]
        for k in range(count):
            person = CandidateFactory(agency=agency, created_at=datetime(2024, 1, 5, tzinfo=UTC))
            db.session.add(Contact(slot=slots[(k + n) % 2], candidate=person, initiated_by=Initiator.CASEWORKER,
                                   created_at=datetime(2024, 3, 5, tzinfo=UTC), status=ContactStatus.PROPOSED))
    db.session.commit()
    march = Filters.month(2024, 3)

    def proposals(view: Filters) -> int | None:
        return next(s.value.value for s in funnel(view) if s.key == "proposals")

    published = {("city",): proposals(march)}
    relations = []
    for dimension in DIMENSIONS:
        rows = breakdown(march, dimension).rows
        published.update({("city", dimension, row.key): row.proposals.value for row in rows})
        relations.append((("city",), [("city", dimension, row.key) for row in rows]))
    families = {"bezirk_id": [r.key for r in breakdown(march, "bezirk").rows if r.key is not None],
                "agency_id": [a.id for a in agencies], "sector": [s.value for s in Sector]}
    for family, values in families.items():
        for value in values:
            published[family, value] = proposals(Filters.month(2024, 3, **{family: value}))
        relations.append((("city",), [(family, value) for value in values]))
    for key in families["bezirk_id"]:
        relations.append((("bezirk_id", key), [("city", "bezirk", key)]))
    for value in families["sector"]:
        if ("city", "sector", value) in published:
            relations.append((("sector", value), [("city", "sector", value)]))
    hidden = [key for key, value in published.items() if value is None]
    assert hidden, "the seeded city hides something"
    assert recoverable(published, relations) == {}


def test_differencing_months_quarters_and_the_year_recovers_no_hidden_cell(app):
    """The attack, now on whole periods: download every table for every month, quarter and
    the year, and solve all the sums they obey at once (rows add up to "Gesamt", months to
    their quarter, quarters to the year; the funnel, trend and tables repeat the same totals).
    Before, a hidden month came back as its quarter minus the months shown beside it."""
    year = 2025
    _seed_a_year_of_small_counts(year)
    client = _client(app, coordinator())
    published: dict[tuple, int | None] = {}
    relations: list[tuple] = []
    for period in PERIODS:
        for table in TABLES:
            header, *rows = _download(client, table, period, year)
            if table == "trichter":  # one column of figures, one row per step
                rows = [[label, value] for label, value, _rate, _definition in rows]
                header = ["Schritt", "Anzahl"]
            if table == "verlauf":  # one row per month: people with a proposal, people placed
                for month, *figures in rows:
                    for column, value in zip(header[1:], figures, strict=True):
                        published["month", month, column] = _value(value)
                continue
            for label, *figures in rows:
                for column, value in zip(header[1:], figures, strict=True):
                    if value != "–":
                        published[table, label, column, period] = _value(value)
            for column in header[1:]:
                if table not in ("trichter",) and (table, "Gesamt", column, period) in published:
                    relations.append(((table, "Gesamt", column, period),
                                      [(table, label, column, period) for label, *_f in rows if label != "Gesamt"
                                       and (table, label, column, period) in published]))
    # The same figure in several places is one unknown: tie them together.
    for period in PERIODS:
        tables = [t for t in TABLES if t not in ("trichter", "verlauf")]
        for column, step in ((PROPOSED, "Personen mit Kontaktanfrage"), (ACCEPTED, "Personen mit angenommenem Kontakt"),
                             (PLACED, "Personen mit begonnener Vermittlung")):
            for table in tables:
                relations.append((("trichter", step, "Anzahl", period), [(table, "Gesamt", column, period)]))
        for kind in ("Praktikum", "Ausbildung"):
            relations.append((("trichter", kind, "Anzahl", period), [("slot_kind", kind, PLACED, period)]))
    for m in range(1, 13):
        month = f"{year}-{m:02d}"
        for column, step in ((PROPOSED, "Personen mit Kontaktanfrage"),
                             (PLACED, "Personen mit begonnener Vermittlung")):
            relations.append((("month", month, column), [("trichter", step, "Anzahl", PERIODS[m - 1])]))
    # Along time: months sum to quarters, quarters and months to the year; profiles are counted
    # at the end of the period, so a quarter's count is its last month's.
    for key in [k for k in published if len(k) == 4 and k[3] == "period=year"]:
        table, label, column, _year = key
        at = {p: (table, label, column, p) for p in PERIODS}
        stock = column == PROFILES or label in ("Aktive Profile", "Offene Angebote")
        if not stock:
            for q in range(1, 5):
                relations.append((at[PERIODS[11 + q]], [at[PERIODS[m]] for m in range(3 * q - 3, 3 * q)]))
            relations.append((at["period=year"], [at[p] for p in PERIODS[12:16]]))
            relations.append((at["period=year"], [at[p] for p in PERIODS[:12]]))
        else:
            for q in range(1, 5):
                relations.append((at[PERIODS[11 + q]], [at[PERIODS[3 * q - 1]]]))
            relations.append((at["period=year"], [at[PERIODS[11]]]))
    relations = [(t, parts) for t, parts in relations if t in published and all(p in published for p in parts)]
    hidden = [key for key, value in published.items() if value is None]
    assert len(hidden) > 50  # the attack has something to find
    assert recoverable(published, relations) == {}


def _value(text: str) -> int | None:
    return None if text in ("< 5", "•") else int(text)


def test_every_response_carries_security_headers_and_personal_pages_are_not_cached(app):
    anonymous = app.test_client().get("/login")
    headers = anonymous.headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    worker = caseworker()
    candidate = CandidateFactory(agency=worker.organisation)
    client = _client(app, worker)
    for url in (f"/caseworker/candidates/{candidate.id}", "/evaluation/funnel.csv?period=year&year=2026"):
        response = client.get(url)
        assert response.headers.get("Cache-Control") == "no-store", url


def test_behind_https_the_browser_is_told_to_stay_on_https(migrated_database):
    from matchmaker import create_app
    from tests.conftest import _base_config

    app = create_app(_base_config(migrated_database, PREFERRED_URL_SCHEME="https", TESTING=False))
    response = app.test_client().get("/login", base_url="https://kurzer-draht.test")
    assert "max-age" in response.headers["Strict-Transport-Security"]
    assert app.test_client().get("/login", base_url="http://kurzer-draht.test").status_code in (301, 302)


# -- sessions -------------------------------------------------------------------------------

def _cookies(client) -> dict[str, str]:
    return {cookie.key: cookie.value for cookie in client._cookies.values()}


def test_cookies_saved_before_logout_no_longer_sign_anybody_in(app):
    worker = caseworker()
    client = app.test_client()
    client.post("/login", data={"email": worker.email, "password": PASSWORD, "remember": "y"})
    saved = _cookies(client)
    assert "remember_token" in saved and "session" in saved
    assert client.get("/caseworker/").status_code == 200
    client.post("/logout")
    for name in ("session", "remember_token"):
        thief = app.test_client()
        thief.set_cookie(name, saved[name])
        assert thief.get("/caseworker/").status_code == 302, name  # to the login page


def test_a_remembered_login_ends_after_the_configured_days(app, monkeypatch):
    import time as clock

    worker = caseworker()
    client = app.test_client()
    client.post("/login", data={"email": worker.email, "password": PASSWORD, "remember": "y"})
    later = clock.time() + (app.config["LOGIN_MAX_AGE_DAYS"] * 86400 + 60)
    monkeypatch.setattr("matchmaker.auth.sessions.time.time", lambda: later)
    assert client.get("/caseworker/").status_code == 302


def test_caseworkers_are_signed_out_when_idle_employers_are_not(app, monkeypatch):
    import time as clock

    worker, boss = caseworker(), employer_user()
    staff, shop = _client(app, worker), _client(app, boss)
    assert staff.get("/caseworker/").status_code == 200 and shop.get("/employer/").status_code == 200
    later = clock.time() + app.config["IDLE_TIMEOUT_MINUTES"] * 60 + 60
    monkeypatch.setattr("matchmaker.auth.sessions.time.time", lambda: later)
    response = staff.get("/caseworker/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert shop.get("/employer/").status_code == 200


def test_opening_an_invitation_link_signs_nobody_out(app):
    from matchmaker import transaction
    from matchmaker.services import accounts, tokens

    boss = employer_user()
    invitation = accounts.invite(boss, boss.organisation, "neu@example.org")
    transaction.commit()
    with app.test_request_context():
        link = f"/invitation/{tokens.make_token('invitation', {'invitation': invitation.id})}"
    client = _client(app, caseworker())
    assert client.get(link).status_code == 200
    assert client.get("/caseworker/").status_code == 200  # still signed in


def test_skill_suggestions_never_repeat_what_caseworkers_wrote_about_people(app):
    worker, boss = caseworker(), employer_user()
    client = _client(app, worker)
    client.post("/caseworker/candidates/new", data={
        "first_name": "Amira", "last_initial": "K", "german_level": "B1", "origin_region": "keine_angabe",
        "work_permit": "erlaubt", "skills": "Traumatherapie bei Dr. Nowak, Kassieren", "consent": "y",
        "consent_given_on": "2026-11-02"})
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Candidate)) == 1
    unverified = employer_user(organisation=EmployerFactory(unverified=True))
    _client(app, unverified).post("/employer/slots/new", data={
        "title": "Helfer/in", "kind": "helfer", "min_german": "A2", "open_positions": "1",
        "skills": "Traumapädagogik für Anfänger", "contact_person": str(unverified.id), "draft": "1"})
    shop = _client(app, boss)
    assert shop.get("/skills/suggest?q=trauma").json == []
    assert "Kassieren" in shop.get("/skills/suggest?q=kass").json  # the vocabulary's name, not the profile's
    shop.post("/employer/slots/new", data={
        "title": "Verkäufer/in", "kind": "helfer", "min_german": "A2", "open_positions": "1",
        "skills": "Kassensturz", "district": str(district("Marxloh").id), "contact_person": str(boss.id),
        "publish": "1"})
    assert "Kassensturz" in shop.get("/skills/suggest?q=kasse").json


def test_consent_withdrawal_erases_what_people_wrote_about_the_person(app):
    from matchmaker import transaction
    from matchmaker.domain.clock import today
    from matchmaker.models import ContactEvent, DeclineReason, Outcome
    from matchmaker.services import contacts

    boss, worker = employer_user(), caseworker()
    candidate = CandidateFactory(agency=worker.organisation, created_by=worker)
    notes = ("war in Therapie, Duldung bis März", "passt nicht wegen Kopftuch", "kam zu spät, Kind krank")
    first, second = (SlotFactory(organisation=boss.organisation, contact_person=boss) for _ in range(2))
    for slot in (first, second):
        MatchFactory(slot=slot, candidate=candidate)
    declined = contacts.start(worker, first, candidate, notes[0])
    contacts.answer(boss, declined, accept=False, reason=DeclineReason.OTHER, text=notes[1])
    accepted = contacts.start(worker, second, candidate, notes[0])
    contacts.answer(boss, accepted, accept=True)
    contacts.record_outcome(boss, accepted, Outcome.MEETING, today(), notes[2])
    transaction.commit()
    _client(app, worker).post(f"/caseworker/candidates/{candidate.id}/withdraw")
    db.session.expire_all()
    stored = list(db.session.execute(sa.select(Contact.message, Contact.decline_text, Contact.outcome_note)))
    stored += list(db.session.execute(sa.select(ContactEvent.note)))
    assert not any(note in str(stored) for note in notes)
    page = _client(app, boss).get(f"/contacts/{accepted.id}").text
    assert not any(note in page for note in notes)
    assert db.session.get(Contact, accepted.id).outcome is Outcome.MEETING  # what reports need stays


def test_two_people_accepting_one_invitation_at_once_give_one_account_and_a_message(app):
    import threading

    from matchmaker import transaction
    from matchmaker.models import Invitation, User
    from matchmaker.services import accounts

    boss = employer_user()
    invitation_id = accounts.invite(boss, boss.organisation, "neu@example.org").id
    transaction.commit()
    barrier, results = threading.Barrier(2), []

    def accept(n):
        with app.app_context():
            barrier.wait()
            try:
                invitation = db.session.get(Invitation, invitation_id)
                accounts.accept_invitation(invitation, f"Neu {n}", "", "ein-gutes-passwort")
                transaction.commit()
                results.append("account")
            except accounts.AccountError:
                transaction.rollback()
                results.append("message")
            except Exception as error:
                results.append(repr(error))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=accept, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(results) == ["account", "message"]
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User).where(User.email == "neu@example.org")) == 1


def test_every_page_that_shows_a_person_is_in_the_audit_log(app):
    from matchmaker.models import AuditAction, AuditLog

    worker = caseworker()
    amira = CandidateFactory(agency=worker.organisation, first_name="Amira")
    other = CandidateFactory(agency=worker.organisation, first_name="Dawit")
    client = _client(app, worker)
    assert "Amira" in client.get("/caseworker/candidates/?q=amira").text
    client.get(f"/caseworker/candidates/{amira.id}/edit")
    client.get(f"/caseworker/candidates/{amira.id}/withdraw")
    entries = db.session.execute(sa.select(AuditLog.action, AuditLog.object_id, AuditLog.details)
                                 .where(AuditLog.actor_id == worker.id)).all()
    listed = [(object_id, details) for action, object_id, details in entries if action == AuditAction.CANDIDATE_LIST]
    assert listed == [(amira.id, {"searched": True, "filtered": ["q"]})]  # not Dawit, and not the words searched
    pages = sorted(details["page"] for action, object_id, details in entries
                   if action == AuditAction.CANDIDATE_VIEW and object_id == amira.id)
    assert pages == ["edit", "withdraw"]
    assert other.id not in {object_id for _, object_id, _ in entries}


# -- data subject requests ------------------------------------------------------------------

def _person_with_history(app):
    from matchmaker import transaction
    from matchmaker.models import DeclineReason
    from matchmaker.services import contacts

    boss, worker = employer_user(), caseworker()
    person = CandidateFactory(agency=worker.organisation, created_by=worker, first_name="Amira",
                              notes="Therapie dienstags", birth_year=1999)
    slot = SlotFactory(organisation=boss.organisation, contact_person=boss, title="Bäcker/in")
    MatchFactory(slot=slot, candidate=person)
    contact = contacts.start(worker, slot, person, "Amira ist sehr zuverlässig")
    contacts.answer(boss, contact, accept=False, reason=DeclineReason.OTHER, text="Amira zu langsam")
    transaction.commit()
    return boss, worker, person


def test_a_caseworker_hands_out_everything_stored_about_a_person(app):
    _boss, worker, person = _person_with_history(app)
    client = _client(app, worker)
    profile = client.get(f"/caseworker/candidates/{person.id}").text
    assert f'href="/caseworker/candidates/{person.id}/auskunft"' in profile
    page = client.get(f"/caseworker/candidates/{person.id}/auskunft").text
    assert f'href="/caseworker/candidates/{person.id}/auskunft.json"' in page
    for stored in ("Amira", "Therapie dienstags", "1999", "Amira ist sehr zuverlässig", "Amira zu langsam",
                   "Bäcker/in"):
        assert stored in page, stored
    data = client.get(f"/caseworker/candidates/{person.id}/auskunft.json").json
    assert data["profil"]["first_name"] == "Amira" and data["kontakte"][0]["ablehnung_text"] == "Amira zu langsam"
    assert any(entry["was"] == "Auskunft erteilt (Art. 15 DSGVO)" for entry in data["protokoll"])


def test_another_agency_gets_neither_the_export_nor_the_erasure(app):
    from matchmaker.services import person_data
    from tests.factories import Committed

    _boss, _worker, person = _person_with_history(app)
    stranger = caseworker()
    client = _client(app, stranger)
    assert client.get(f"/caseworker/candidates/{person.id}/auskunft").status_code == 404
    assert client.post(f"/caseworker/candidates/{person.id}/loeschen").status_code == 404
    for attempt in (Committed(person_data).export, Committed(person_data).erase_on_request):
        with pytest.raises(candidate_service.CandidateError):
            attempt(stranger, db.session.get(Candidate, person.id))


def test_erasure_on_request_leaves_nothing_that_names_or_describes_the_person(app):
    from matchmaker.models import AuditLog, ContactEvent

    _boss, worker, person = _person_with_history(app)
    assert _client(app, worker).post(f"/caseworker/candidates/{person.id}/loeschen").status_code == 302
    db.session.expire_all()
    gone = db.session.get(Candidate, person.id)
    assert (gone.first_name, gone.notes, gone.birth_year, gone.origin_region.value) == (None, None, None,
                                                                                         "keine_angabe")
    stored = str(db.session.execute(sa.select(Contact.message, Contact.decline_text)).all())
    stored += str(db.session.scalars(sa.select(ContactEvent.note)).all())
    stored += str(db.session.scalars(sa.select(AuditLog.details)).all())
    assert "Amira" not in stored and "Therapie" not in stored
    actions = db.session.scalars(sa.select(AuditLog.action).where(AuditLog.object_id == person.id)).all()
    assert "candidate.erase" in actions


def test_control_characters_in_a_search_or_a_form_are_dropped_not_a_server_error(client, login_as):
    """PostgreSQL stores no NUL: a search for "Bäcker\\x00" was a 500 there (found by the API's
    property-based tests, replayed here through the web's own forms)."""
    from tests.factories import district, employer_user

    me = employer_user()
    login_as(me)
    assert client.get("/employer/slots/?q=B%C3%A4cker%00").status_code == 200
    response = client.post("/employer/slots/new", data={
        "title": "Bäcker\x00in", "kind": "praktikum", "min_german": "A2", "open_positions": "1",
        "district": str(district("Marxloh").id), "contact_person": str(me.id), "publish": "1"})
    assert response.status_code == 302
    from matchmaker.extensions import db
    from matchmaker.models import Slot

    assert db.session.query(Slot.title).scalar() == "Bäckerin"
