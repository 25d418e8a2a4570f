"""Jobs off the request path: with Redis a worker runs them (deduplicated, retried, failures
listed); without Redis the web process runs them after the response. A real Redis (db 15)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from matchmaker import jobs, transaction
from matchmaker.domain import clock
from matchmaker.extensions import db
from matchmaker.models import Match
from tests.conftest import login
from tests.factories import CandidateFactory, MatchFactory, SlotFactory, caseworker, coordinator


@pytest.fixture
def profile(app):
    worker = caseworker()
    slot = SlotFactory(title="Bäcker/in")
    candidate = CandidateFactory(agency=worker.organisation, created_by=worker, skills=[{"name": "Bäcker"}])
    return worker, slot, candidate


def _matches(candidate_id: int) -> int:
    db.session.expire_all()
    return db.session.scalar(sa.select(sa.func.count()).select_from(Match).where(Match.candidate_id == candidate_id))


def _work(app) -> None:
    result = app.test_cli_runner().invoke(args=["worker", "--burst"])
    assert result.exit_code == 0, result.output


def test_a_save_queues_one_rematch_per_profile_and_the_worker_runs_it(queued, profile):
    worker, _slot, candidate = profile
    client = queued.test_client()
    assert login(client, worker).status_code == 302
    candidate = type("Ids", (), {"id": candidate.id})  # the worker ends the session its objects live in
    for action in ("pause", "activate") * 5:  # ten saves in a row
        assert client.post(f"/caseworker/candidates/{candidate.id}/{action}").status_code == 302
    assert jobs.queue().count == 1  # one re-match waits, not ten
    assert _matches(candidate.id) == 0  # nothing was matched inside the requests
    page = client.get(f"/caseworker/candidates/{candidate.id}").text
    assert 'data-testid="matches-updating"' in page and "Vorschläge werden aktualisiert" in page
    assert client.get(f"/caseworker/candidates/{candidate.id}/matches/status").json == {"updating": True}
    _work(queued)
    assert _matches(candidate.id) == 1
    assert client.get(f"/caseworker/candidates/{candidate.id}/matches/status").json == {"updating": False}
    assert 'data-testid="matches-updating"' not in client.get(f"/caseworker/candidates/{candidate.id}").text
    client.post(f"/caseworker/candidates/{candidate.id}/pause")  # after the job started, a save queues anew
    assert jobs.queue().count == 1
    _work(queued)
    assert _matches(candidate.id) == 0


def test_a_failing_job_is_retried_then_listed_for_coordinators(queued, profile, monkeypatch):
    worker, _slot, candidate = profile
    email, candidate, boss_email = worker.email, type("Ids", (), {"id": candidate.id}), coordinator().email
    runs = []

    def broken(kind, ids):
        runs.append(ids)
        raise RuntimeError("matcher on fire")

    monkeypatch.setitem(jobs.JOBS, "rematch", broken)
    monkeypatch.setattr(jobs, "RETRY_SECONDS", (0, 0, 0))  # no waiting between the tries here
    client = queued.test_client()
    assert login(client, email).status_code == 302
    client.post(f"/caseworker/candidates/{candidate.id}/pause")
    _work(queued)
    assert len(runs) == 4  # the first try and three retries
    failures = jobs.failures()
    assert [f.key for f in failures] == [f"rematch:candidate:{candidate.id}"]
    assert failures[0].error == "RuntimeError"
    boss = queued.test_client()
    assert login(boss, boss_email).status_code == 302
    page = boss.get("/coordinator/jobs").text
    assert f"rematch:candidate:{candidate.id}" in page and "RuntimeError" in page
    assert "matcher on fire" not in page  # messages may carry personal data: they stay in the log
    assert email not in page


def test_without_redis_the_job_runs_after_the_response(app, profile):
    worker, _slot, candidate = profile
    client = app.test_client()
    assert login(client, worker).status_code == 302
    client.post(f"/caseworker/candidates/{candidate.id}/pause")
    client.post(f"/caseworker/candidates/{candidate.id}/activate")
    assert _matches(candidate.id) == 1  # run once the response went out (the test client waits for that)
    assert not jobs.pending(f"rematch:candidate:{candidate.id}")
    result = app.test_cli_runner().invoke(args=["worker", "--burst"])
    assert result.exit_code != 0 and "REDIS_URL" in result.output


def test_readiness_checks_database_migrations_and_redis(queued, client):
    assert client.get("/healthz").json == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json["checks"]["database"]["ok"] and ready.json["checks"]["redis"]["ok"]
    assert ready.json["checks"]["migrations"]["ok"] and ready.json["queue"] == 0
    queued.config["REDIS_URL"] = "redis://127.0.0.1:1/0"
    queued.extensions.pop("jobs", None)
    down = client.get("/readyz")
    assert down.status_code == 503 and down.json["checks"]["redis"] == {"ok": False}


def test_readiness_fails_while_a_migration_is_missing(app, client):
    newest = db.session.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    db.session.execute(sa.text("UPDATE alembic_version SET version_num = '0012'"))
    db.session.commit()
    try:
        response = client.get("/readyz")
        assert response.status_code == 503 and response.json["checks"]["migrations"] == {"ok": False}
    finally:
        db.session.execute(sa.text("UPDATE alembic_version SET version_num = :v"), {"v": newest})
        db.session.commit()


def test_contact_mails_are_jobs_one_per_person_retried_when_the_server_refuses(queued, mailbox, monkeypatch):
    """A proposal's mail waits in the queue (the click does not wait for SMTP); a refused
    delivery is retried for that person alone, and lands once the server takes it."""
    from matchmaker.services import contacts
    from tests.factories import employer_user

    boss = employer_user()
    worker = caseworker()
    slot = SlotFactory(organisation=boss.organisation, contact_person=boss, title="Bäcker/in")
    candidate = CandidateFactory(agency=worker.organisation, created_by=worker, skills=[{"name": "Bäcker"}])
    MatchFactory(slot=slot, candidate=candidate)
    address = boss.email
    monkeypatch.setattr(jobs, "RETRY_SECONDS", (0,))  # retried at once here (10 s, 1 min, 5 min in use)
    contacts.start(worker, slot, candidate, "")
    transaction.commit()
    assert mailbox.to(address) == [] and jobs.queue().count >= 1  # queued, not sent
    mailbox.refuse.add(address.lower())
    runs = []
    original = contacts.deliver

    def counted(*args):
        runs.append(args)
        if len(runs) == 2:
            mailbox.refuse.clear()  # the server takes mail again before the retry
        return original(*args)

    monkeypatch.setattr(contacts, "deliver", counted)
    _work(queued)
    assert len(runs) == 2 and len(mailbox.wait_for(address)) == 1  # refused once, delivered once
    assert jobs.failures() == []


def test_whether_a_rematch_runs_is_told_only_to_those_who_see_the_object(app, profile, login_as):
    """The status a page asks for is scoped like the page: another agency's caseworker and an
    employer get 404 for a profile, another employer for a slot; only coordinators see the jobs."""
    from tests.factories import employer_user

    _worker, slot, candidate = profile
    path = f"/caseworker/candidates/{candidate.id}/matches/status"
    client = login_as(caseworker())  # another agency
    assert client.get(path).status_code == 404
    assert client.get("/coordinator/jobs").status_code == 403
    client.post("/logout")
    login_as(employer_user())  # not the slot's business
    assert client.get(f"/employer/slots/{slot.id}/matches/status").status_code == 404
    assert client.get(path).status_code == 403


def test_account_and_expiry_mails_are_jobs_retried_when_the_server_refuses(queued, mailbox, monkeypatch):
    """A confirmation link, the coordinators' note of a new employer and an expired slot's mail
    wait in the queue like contact mails; a refused one is retried and lands once."""
    from datetime import timedelta

    from matchmaker.models import Chamber, Sector
    from matchmaker.services import accounts, slots
    from tests.factories import district, employer_user

    monkeypatch.setattr(jobs, "RETRY_SECONDS", (0,))
    boss, owner = coordinator(), employer_user()
    SlotFactory(organisation=owner.organisation, contact_person=owner, title="Bäcker/in",
                publish_until=clock.today() - timedelta(days=2))
    new = accounts.register_employer(
        {"name": "Bäckerei Neu", "address": "Weg 1, 47051 Duisburg", "district_id": district("Marxloh").id,
         "sector": Sector.HANDWERK, "chamber": Chamber.HWK},
        {"email": "neu@baeckerei.example", "display_name": "Frau Neu", "password": "richtig-gutes-passwort"})
    transaction.commit()
    assert slots.close_expired(clock.today())
    transaction.commit()
    accounts.tell_coordinators_about(new.organisation)
    transaction.commit()
    addresses = (new.email, owner.email, boss.email)
    # Queued, not sent: three mails and the expired slot's re-match.
    assert all(mailbox.to(a) == [] for a in addresses) and jobs.queue().count == 4
    mailbox.refuse.update(a.lower() for a in addresses)
    runs = []
    original = jobs.JOBS["mail"]

    def counted(*args):
        runs.append(args)
        if len(runs) == 4:
            mailbox.refuse.clear()  # the server takes mail again after the three first tries
        return original(*args)

    monkeypatch.setitem(jobs.JOBS, "mail", counted)
    _work(queued)
    assert len(runs) == 6 and jobs.failures() == []  # each refused once, then delivered once
    assert [len(mailbox.wait_for(a)) for a in addresses] == [1, 1, 1]
    assert "bestätigen" in mailbox.wait_for(new.email)[0]["Subject"]


def test_the_digest_timer_queues_one_run_which_is_retried_until_the_mail_is_delivered_once(
        queued, mailbox, monkeypatch):
    """`flask digests send --queue` (the timer): one run waits however often it is asked; a refused
    mail fails the run, the retry sends what is still due, and nobody gets a digest twice."""
    from matchmaker.services import digests
    from tests.factories import employer_user

    boss = employer_user()
    slot = SlotFactory(organisation=boss.organisation, title="Bäcker/in")
    MatchFactory(slot=slot, candidate=CandidateFactory())
    monkeypatch.setattr(jobs, "RETRY_SECONDS", (0,))  # retried at once here (10 s, 1 min, 5 min in use)
    runner = queued.test_cli_runner()
    for _ in range(2):
        result = runner.invoke(args=["digests", "send", "--queue"])
        assert result.exit_code == 0 and "eingereiht" in result.output, result.output
    assert jobs.queue().count == 1 and mailbox.to(boss.email) == []
    mailbox.refuse.add(boss.email.lower())
    runs = []
    original = digests.send_due

    def counted(now, **kwargs):
        runs.append(now)
        if len(runs) == 2:
            mailbox.refuse.clear()  # the server takes mail again before the retry
        return original(now, **kwargs)

    monkeypatch.setattr(digests, "send_due", counted)
    _work(queued)
    assert len(runs) == 2 and len(mailbox.wait_for(boss.email)) == 1
    assert jobs.failures() == []


def test_the_retention_timer_queues_its_run_for_the_worker(queued):
    from datetime import timedelta

    from matchmaker.models import AuditLog, utcnow

    db.session.add(AuditLog(at=utcnow() - timedelta(days=3 * 365), action="slot.create", object_type="slots"))
    db.session.commit()
    result = queued.test_cli_runner().invoke(args=["retention", "run", "--queue"])
    assert result.exit_code == 0 and "eingereiht" in result.output, result.output
    assert db.session.scalar(sa.select(sa.func.count(AuditLog.id))) == 1  # not yet: the worker runs it
    _work(queued)
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count(AuditLog.id))) == 0
