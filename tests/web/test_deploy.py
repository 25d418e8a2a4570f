"""The documented production setup: gunicorn with deploy/gunicorn.conf.py and Redis for jobs and
limits starts from the project's own dependencies; the systemd units name real commands; a
backup restores into a fresh database and the app works on it; request ids reach the logs."""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from matchmaker import create_app
from matchmaker.logs import HEADER, JsonFormatter
from tests.conftest import _base_config, _free_port
from tests.http_client import Browser

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
REDIS = "redis://127.0.0.1:6379/15"


def _redis_or_skip() -> None:
    import redis

    try:
        redis.Redis.from_url(REDIS).ping()
    except redis.ConnectionError:
        if os.environ.get("REQUIRE_REDIS") == "1":
            raise
        pytest.skip("no Redis")


def _production_env(database_url: str, tmp_path: Path, **extra) -> dict:
    return {**os.environ, "APP_ENV": "production", "SECRET_KEY": "x" * 48, "DATABASE_URL": database_url,
            "BASE_URL": "https://kurzer-draht.test", "BEHIND_PROXY": "1", "MAIL_OUTBOX": "1",
            "INSTANCE_PATH": str(tmp_path), "REDIS_URL": REDIS, "RATELIMIT_STORAGE_URI": REDIS,
            "LOG_FORMAT": "json", "DB_POOL_SIZE": "1", "DB_MAX_OVERFLOW": "1", **extra}  # as deploy/ advises


def _get(url: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    """One request, redirects not followed."""
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
    try:
        connection.request("GET", parts.path, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def test_production_starts_as_documented_with_gunicorn_postgres_or_sqlite_and_redis(migrated_database, tmp_path):
    """gunicorn with deploy/gunicorn.conf.py, APP_ENV=production, Redis for jobs and limits: the
    health checks answer over plain HTTP, pages over HTTPS behind the proxy, and a worker starts."""
    _redis_or_skip()
    port = _free_port()
    env = _production_env(migrated_database, tmp_path, WEB_BIND=f"127.0.0.1:{port}", WEB_WORKERS="2")
    server = subprocess.Popen([str(BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "wsgi:app"], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(600):  # the master builds the matcher before it serves (preload_app)
            try:
                status, _headers, body = _get(f"http://127.0.0.1:{port}/healthz")
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not answer")
        assert status == 200 and json.loads(body) == {"status": "ok"}
        # The master forks every worker it replaces (max_requests) from a single thread: gunicorn's
        # control socket ran an asyncio thread in it (deploy/gunicorn.conf.py turns it off).
        assert _threads(server.pid) == 1
        status, headers, body = _get(f"http://127.0.0.1:{port}/readyz", {HEADER: "probe-1234-abcd"})
        ready = json.loads(body)
        assert status == 200, ready
        assert ready["checks"]["redis"]["ok"] and ready["checks"]["migrations"]["ok"] and "queue" in ready
        assert headers[HEADER] == "probe-1234-abcd"
        status, headers, _body = _get(f"http://127.0.0.1:{port}/login", {"X-Forwarded-Proto": "https"})
        assert status == 200 and "Content-Security-Policy" in headers
        status, headers, _body = _get(f"http://127.0.0.1:{port}/login")
        assert status in (301, 302) and headers["Location"].startswith("https://")  # pages only over HTTPS
        worker = subprocess.run([str(BIN / "flask"), "--app", "matchmaker", "worker", "--burst"], cwd=ROOT, env=env,
                                capture_output=True, text=True, timeout=60)
        assert worker.returncode == 0, worker.stderr
    finally:
        server.terminate()
        access, _errors = server.communicate(timeout=30)
    assert "rid=probe-1234-abcd" in access and '"GET /readyz"' in access  # the access log names the request


def _threads(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"^Threads:\s+(\d+)", status, re.M).group(1))


def test_every_systemd_unit_runs_a_command_that_exists(app):
    """ExecStart lines name the project's commands; the gunicorn config is the one documented."""
    commands = set(app.cli.list_commands(app.app_context()))
    units = sorted((ROOT / "deploy" / "systemd").glob("*.service"))
    assert len(units) >= 4
    for unit in units:
        for line in unit.read_text().splitlines():
            found = re.match(r"Exec(?:Start|StartPre)=\S+/flask --app matchmaker (\S+)", line)
            if found:
                assert found.group(1) in commands, (unit.name, line)
            if line.startswith("ExecStart=") and "gunicorn" in line:
                assert "-c deploy/gunicorn.conf.py wsgi:app" in line
    timers = {t.stem for t in (ROOT / "deploy" / "systemd").glob("*.timer")}
    assert {"kurzer-draht-digests", "kurzer-draht-retention"} <= timers
    import runpy

    settings = runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))  # as gunicorn reads it
    assert settings["worker_class"] == "sync" and settings["workers"] >= 2
    template = (ROOT / "deploy" / "kurzer-draht.env.example").read_text()
    for name in ("APP_ENV", "SECRET_KEY", "DATABASE_URL", "REDIS_URL", "RATELIMIT_STORAGE_URI", "BASE_URL",
                 "DB_POOL_SIZE", "DB_MAX_OVERFLOW"):
        assert f"\n{name}=" in template


def test_a_backup_restores_into_a_fresh_database_and_the_app_works_on_it(tmp_path):
    """deploy/backup.sh dumps, deploy/restore-check.sh creates a database, restores and runs
    `flask smoke` against it: on PostgreSQL, with the real commands."""
    server = "postgresql://postgres@127.0.0.1:5432"
    if subprocess.run(["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q"]).returncode != 0:
        pytest.skip("no PostgreSQL")
    suffix = uuid.uuid4().hex[:8]
    source, target = f"test_backup_{suffix}", f"test_restore_{suffix}"
    env = {**os.environ, "SECRET_KEY": "x" * 48, "INSTANCE_PATH": str(tmp_path), "BACKUP_DIR": str(tmp_path / "dumps"),
           "FLASK": str(BIN / "flask")}
    subprocess.run(["psql", f"{server}/postgres", "-q", "-c", f'CREATE DATABASE "{source}"'], check=True)
    try:
        env["DATABASE_URL"] = f"{server}/{source}"
        for command in (["db", "upgrade"], ["districts", "load"], ["demo", "load"]):
            done = subprocess.run([str(BIN / "flask"), "--app", "matchmaker", *command], cwd=ROOT, env=env,
                                  capture_output=True, text=True, timeout=300)
            assert done.returncode == 0, done.stderr[-2000:]
        # Migration 0018: pages of `matches` keep room for a rebuild's new scores (bench/bench_rebuild.py).
        options = subprocess.run(["psql", f"{server}/{source}", "-Atc",
                                  "SELECT reloptions FROM pg_class WHERE relname = 'matches'"],
                                 capture_output=True, text=True, check=True).stdout.strip()
        assert options == "{fillfactor=50}"
        backup = subprocess.run(["deploy/backup.sh"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        assert backup.returncode == 0, backup.stderr
        dump = backup.stdout.strip().splitlines()[-1]
        assert Path(dump).exists() and oct(Path(dump).stat().st_mode)[-3:] == "600"  # readable by the owner only
        check = subprocess.run(["deploy/restore-check.sh", dump, f"{server}/{target}", "--drop"], cwd=ROOT, env=env,
                               capture_output=True, text=True, timeout=300)
        assert check.returncode == 0, check.stderr
        assert "smoke: ok" in check.stdout and "candidates 0" not in check.stdout  # the demo's people came back
    finally:
        for name in (source, target):
            subprocess.run(["psql", f"{server}/postgres", "-q", "-c", f'DROP DATABASE IF EXISTS "{name}"'])


def test_requests_carry_an_id_into_the_logs(migrated_database, caplog):
    app = create_app(_base_config(migrated_database))

    @app.route("/logs-something")
    def logs_something():
        logging.getLogger("matchmaker.test").warning("something happened")
        return "ok"

    client = app.test_client()
    own = client.get("/logs-something")
    assert re.fullmatch(r"[0-9a-f]{32}", own.headers[HEADER])
    with caplog.at_level(logging.WARNING):
        echoed = client.get("/logs-something", headers={HEADER: "from-the-proxy-42"})
    assert echoed.headers[HEADER] == "from-the-proxy-42"
    ids = [r.request_id for r in caplog.records if r.getMessage() == "something happened"]
    assert ids[-1] == "from-the-proxy-42" and own.headers[HEADER] in ids
    crafted = client.get("/logs-something", headers={HEADER: "x FAKE LOG LINE rid=admin " + "y" * 80})
    assert re.fullmatch(r"[0-9a-f]{32}", crafted.headers[HEADER])  # nothing of it reaches a log line
    record = logging.LogRecord("matchmaker", logging.ERROR, __file__, 1, "failed %s", ("a",), None)
    record.request_id = "rid-1"
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "failed a" and line["request_id"] == "rid-1" and line["level"] == "ERROR"


def test_two_app_instances_and_two_workers_behave_as_one(app, migrated_database, tmp_path):
    """Two gunicorn instances on two ports and two job workers, one database, one Redis: a login
    on one is a login on the other, failed logins are counted together, a save's re-match runs
    once on whichever worker takes it, and two digest runs started together mail once."""
    import redis

    from matchmaker.extensions import db
    from tests.factories import PASSWORD, CandidateFactory, SlotFactory, caseworker, employer_user

    _redis_or_skip()
    redis.Redis.from_url(REDIS).flushdb()
    worker_user = caseworker()
    SlotFactory(title="Bäcker/in")
    candidate = CandidateFactory(agency=worker_user.organisation, created_by=worker_user, skills=[{"name": "Bäcker"}])
    victim = employer_user()
    email, candidate_id, victim_email = worker_user.email, candidate.id, victim.email
    db.session.commit()
    ports = [_free_port(), _free_port()]
    processes = []
    try:
        for port in ports:
            env = _production_env(migrated_database, tmp_path, WEB_BIND=f"127.0.0.1:{port}", WEB_WORKERS="1",
                                  LOG_FORMAT="")
            processes.append(subprocess.Popen([str(BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "wsgi:app"],
                                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
            processes.append(subprocess.Popen([str(BIN / "flask"), "--app", "matchmaker", "worker"], cwd=ROOT,
                                              env=env, stdout=subprocess.DEVNULL,
                                              stderr=open(tmp_path / f"worker-{port}.log", "w")))  # noqa: SIM115
        for port in ports:
            for _ in range(600):
                try:
                    if _get(f"http://127.0.0.1:{port}/readyz")[0] == 200:
                        break
                except OSError:
                    time.sleep(0.1)
            else:
                pytest.fail("an instance did not start")
        first, second = ports
        browser = Browser()
        assert browser.login(first, email, PASSWORD) == 302
        assert browser.request(second, "GET", f"/caseworker/candidates/{candidate_id}")[0] == 200  # one session
        token = browser.token(second, f"/caseworker/candidates/{candidate_id}")
        assert browser.request(first, "POST", f"/caseworker/candidates/{candidate_id}/pause",
                               {"csrf_token": token})[0] == 302
        token = browser.token(first, f"/caseworker/candidates/{candidate_id}")
        assert browser.request(second, "POST", f"/caseworker/candidates/{candidate_id}/activate",
                               {"csrf_token": token})[0] == 302
        status = f"/caseworker/candidates/{candidate_id}/matches/status"
        for _ in range(300):
            if '"updating":false' in browser.request(second, "GET", status)[1].replace(" ", ""):
                break
            time.sleep(0.1)
        else:
            pytest.fail("the re-match did not land")
        db.session.expire_all()
        from matchmaker.models import Candidate, Match

        logs = "".join(p.read_text() for p in tmp_path.glob("worker-*.log"))
        state = db.session.get(Candidate, candidate_id).status
        # Two workers took the pause's and the activation's re-match; they did not overlap, so the
        # one that read "paused" did not delete what the other stored.
        assert db.session.query(Match).filter_by(candidate_id=candidate_id).count() == 1, (state, logs[-3000:])
        # Failed logins: three on each instance; the sixth is refused, whichever instance takes it.
        attacker = Browser()
        codes = [attacker.login(ports[n % 2], victim_email, "falsch") for n in range(6)]
        assert codes[:5] == [200] * 5 and codes[5] == 429
        # Two digest runs at once (two machines' timers): the caseworker gets one mail.
        env = _production_env(migrated_database, tmp_path, LOG_FORMAT="")
        runs = [subprocess.Popen([str(BIN / "flask"), "--app", "matchmaker", "digests", "send"], cwd=ROOT, env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
        outputs = [run.communicate(timeout=120) for run in runs]
        assert all(run.returncode == 0 for run in runs), outputs
        mails = [p for p in (tmp_path / "outbox").glob("*.eml") if email in p.read_text(errors="replace")]
        assert len(mails) == 1, outputs
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=60)
