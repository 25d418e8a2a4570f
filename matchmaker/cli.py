"""Command-line tools: `flask users`, `flask districts`, `flask demo`."""

from __future__ import annotations

import logging

import click
import sqlalchemy as sa
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from . import transaction
from .cli_digests import digests_cli
from .cli_import import import_cli
from .extensions import db
from .models import District, User
from .services import accounts, demo
from .services.districts import DistrictFileError, load_districts, read_district_file

users_cli = AppGroup("users", help="Manage user accounts.")
districts_cli = AppGroup("districts", help="Load the city's districts.")
demo_cli = AppGroup("demo", help="Demo data for trying the product out.")
matches_cli = AppGroup("matches", help="The matches between profiles and slots.")
occupations_cli = AppGroup("occupations", help="The BA's list of occupation titles (KldB 2010).")
retention_cli = AppGroup("retention", help="Erase what is kept longer than it may be (run daily).")
slots_cli = AppGroup("slots", help="Slots (Angebote).")
log = logging.getLogger(__name__)


@slots_cli.command("close-expired")
def close_expired() -> None:
    """Close the slots published until a day that has passed, and tell their employers (run daily)."""
    from .domain import clock
    from .services import slots

    closed = slots.close_expired(clock.today())
    transaction.commit()
    click.echo(f"{len(closed)} abgelaufene Angebote geschlossen.")


@retention_cli.command("run")
@click.option("--dry-run", is_flag=True, help="Only list what would be erased.")
@click.option("--queue", "queued", is_flag=True, help="With REDIS_URL: hand the run to the job worker.")
def run_retention(dry_run: bool, queued: bool) -> None:
    """Erase inactive profiles, old free text, import files and old audit entries."""
    from . import jobs
    from .services import retention

    if queued and not dry_run and jobs.redis_connection() is not None:  # without Redis: run here, now
        jobs.scheduled("retention")
        click.echo("Löschlauf ist eingereiht.")
        return
    done = retention.plan() if dry_run else retention.run()
    if not dry_run:
        transaction.commit()
    click.echo("Probelauf, nichts gelöscht:" if dry_run else "Gelöscht:")
    for line in done.lines():
        click.echo(f"  {line}")


@occupations_cli.command("build")
@click.argument("xlsx", type=click.Path(exists=True, dir_okay=False))
@click.option("--out", type=click.Path(dir_okay=False), default=None,
              help="Where to write the file (default: the one bundled with the matcher).")
def build_occupations(xlsx: str, out: str | None) -> None:
    """Derive the matcher's occupation file from the BA's Gesamtberufsliste (xlsx)."""
    from importlib import resources

    from .matching.occupations import BUNDLED_FILE, build_titles

    target = out or str(resources.files("matchmaker.matching").joinpath("data").joinpath(BUNDLED_FILE))
    try:
        count = build_titles(xlsx, target)
    except (ValueError, KeyError, OSError) as exc:
        raise click.ClickException(f"Die Berufsliste konnte nicht gelesen werden: {exc}") from exc
    click.echo(f"{count} Berufsbezeichnungen nach {target} geschrieben.")


@matches_cli.command("rebuild")
def rebuild_matches() -> None:
    """Re-score every active profile against every open slot."""
    from .services import matching

    candidates = len(matching.active_candidate_specs())
    click.echo(f"{candidates} aktive Profile, {len(matching.open_slot_specs())} offene Angebote.")
    with click.progressbar(length=candidates, label="Profile bewerten", show_pos=True) as bar:
        stored = matching.rebuild(progress=bar.update)
    click.echo(f"{stored} Vorschläge gespeichert.")


@users_cli.command("create-coordinator")
@click.option("--email", prompt="E-Mail")
@click.option("--name", "display_name", prompt="Name")
@click.password_option("--password", prompt="Passwort", confirmation_prompt=True)
def create_coordinator(email: str, display_name: str, password: str) -> None:
    """Create a coordinator (the very first one comes from here)."""
    if len(password) < 10:
        raise click.ClickException("Das Passwort muss mindestens 10 Zeichen lang sein.")
    try:
        user = accounts.create_coordinator(email, display_name, password)
        transaction.commit()
    except accounts.AccountError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Koordinator angelegt: {user.email} (id {user.id})")


@districts_cli.command("load")
@click.argument("path", required=False, type=click.Path(exists=True, dir_okay=False))
@click.option("--if-empty", is_flag=True, help="Only when no districts are loaded yet.")
def load_districts_command(path: str | None, if_empty: bool) -> None:
    """Load districts from PATH (default: DISTRICTS_FILE, else the bundled Duisburg file)."""
    if if_empty and db.session.scalar(sa.select(sa.func.count()).select_from(District)):
        click.echo("Stadtteile sind schon geladen.")
        return
    try:
        data = read_district_file(path or current_app.config["DISTRICTS_FILE"])
    except (DistrictFileError, OSError) as error:
        raise click.ClickException(f"Stadtteil-Datei ungültig: {error}") from error
    result = load_districts(data)
    click.echo(f"{result.city}: {result.created} Stadtteile neu, {result.updated} geändert.")


@demo_cli.command("load")
@click.option("--if-empty", is_flag=True, help="Only when the database has no users yet.")
def load_demo(if_empty: bool) -> None:
    """Create the demo organisations and logins (never in production)."""
    if current_app.config["APP_ENV"] == "production":
        raise click.ClickException("Demodaten werden in der Produktion nicht geladen (APP_ENV=production).")
    if if_empty and db.session.scalar(sa.select(sa.func.count()).select_from(User)):
        click.echo("Die Datenbank hat schon Nutzer; Demodaten werden nicht geladen.")
        return
    created = demo.load()
    click.echo(f"Demodaten geladen ({created} neue Zugänge).")
    for email in demo.LOGINS:
        click.echo(f"  {email}  /  {demo.PASSWORD}")


@click.command("worker")
@click.option("--burst", is_flag=True, help="Run what is queued, then stop.")
@with_appcontext
def worker(burst: bool) -> None:
    """Run the jobs queued on Redis (REDIS_URL): re-matching after saves. One process keeps one
    matcher warm across jobs (RQ's SimpleWorker: no fork per job); start more for more throughput."""
    from rq import SimpleWorker

    from . import jobs

    if jobs.redis_connection() is None:
        raise click.ClickException("REDIS_URL ist nicht gesetzt: ohne Redis laufen Jobs im Webprozess.")
    from .services import matching

    matching.engine()  # built before the first job, not during it
    _warm_evaluation()
    db.session.remove()
    click.echo(f"Worker für die Warteschlange {jobs.QUEUE!r} läuft.")
    SimpleWorker([jobs.queue()], connection=jobs.redis_connection()).work(burst=burst, with_scheduler=True,
                                                                          logging_level="WARNING")


def _warm_evaluation() -> None:
    """The dashboard's default view counted into Redis, so that no web worker counts it on a
    first view; a failure here is logged and the worker starts anyway."""
    from .domain import clock
    from .services import evaluation

    try:
        evaluation.warm(clock.today())
    except Exception:  # the figures are counted on the first view instead
        log.exception("evaluation figures not counted at the worker's start")
        db.session.rollback()


@click.command("smoke")
@with_appcontext
def smoke() -> None:
    """Check that this installation works: the database answers, its migrations are current,
    Redis answers when configured, and the login page renders (after a restore, a release)."""
    from .models import Candidate, Contact, Organisation, Slot
    from .services import readiness

    failed = [name for name, check in readiness.checks().items() if not check["ok"]]
    page = current_app.test_client().get("/login", base_url=current_app.config["BASE_URL"])
    if page.status_code != 200:
        failed.append(f"login page ({page.status_code})")
    if failed:
        raise click.ClickException("smoke: failed: " + ", ".join(failed))
    counts = {model.__tablename__: db.session.scalar(sa.select(sa.func.count()).select_from(model))
              for model in (Organisation, User, Candidate, Slot, Contact)}
    click.echo("smoke: ok (" + ", ".join(f"{table} {n}" for table, n in counts.items()) + ")")


def register_cli(app: Flask) -> None:
    for group in (users_cli, districts_cli, demo_cli, matches_cli, occupations_cli, import_cli, digests_cli,
                  retention_cli, slots_cli, worker, smoke):
        app.cli.add_command(group)
        _collector_paused(group)


def _collector_paused(command: click.Command) -> None:
    """A command runs with the cyclic collector paused, as a request or a job does (see
    matchmaker/matching/collector.py); the job worker's loop is left alone, its jobs pause."""
    from .matching import collector

    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _collector_paused(sub)
    elif command is not worker and command.callback is not None:
        command.callback = collector.paused()(command.callback)
