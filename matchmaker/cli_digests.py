"""`flask digests send`: the cron job that mails every due user their digest."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from .models import utcnow

digests_cli = AppGroup("digests", help="Email digests of new matches.")


@digests_cli.command("send")
@click.option("--dry-run", is_flag=True, help="Only show what would go out; send and record nothing.")
@click.option("--queue", "queued", is_flag=True,
              help="With REDIS_URL: hand the run to the job worker (retried when mail is refused).")
def send_digests(dry_run: bool, queued: bool) -> None:
    """Send every user who is due a digest of their new matches (exit code 1 on any failure)."""
    from . import jobs
    from .services import digests

    if queued and not dry_run and jobs.redis_connection() is not None:  # without Redis: run here, now
        jobs.scheduled("digests")
        click.echo("Versand der Zusammenfassungen ist eingereiht.")
        return
    report = digests.send_due(utcnow(), dry_run=dry_run)
    if dry_run:
        for digest in report.digests:
            more = f" (+{digest.more} später)" if digest.more else ""
            click.echo(f"{digest.email}: {len(digest.matches)} Vorschläge{more}, "
                       f"{len(digest.proposals)} offene Anfragen")
        click.echo(f"Probelauf: {len(report.digests)} Zusammenfassungen würden gesendet, "
                   f"{report.skipped_nothing_new} ohne Neues; nichts gesendet, nichts vermerkt.")
        return
    if report.another_run:
        click.echo("Ein anderer Lauf versendet gerade; dieser tut nichts.")
        return
    click.echo(f"{report.sent} Zusammenfassungen gesendet, {report.skipped_nothing_new} ohne Neues, "
               f"{len(report.failed)} fehlgeschlagen.")
    for failure in report.failed:
        click.echo(f"Nicht zugestellt an {failure.email}: {failure.reason}", err=True)
    if report.failed:
        raise SystemExit(1)
