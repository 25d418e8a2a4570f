"""`flask import candidates|slots FILE`: the web import, for files too large to upload.

Same reading and validation as the web; every problem is printed, and nothing is written
unless the whole file is valid.
"""

from __future__ import annotations

from pathlib import Path

import click
import sqlalchemy as sa
from flask.cli import AppGroup

from .extensions import db
from .models import ImportKind, Organisation, OrganisationKind, User, normalise_email
from .services import imports

import_cli = AppGroup("import", help="Import candidate profiles or slots from a CSV or XLSX file.")

FILE = click.Path(exists=True, dir_okay=False, readable=True, path_type=Path)


def _import_command(kind: ImportKind, option: str, org_kind: OrganisationKind, none_such: str, org_help: str,
                   user_help: str, summary: str) -> None:
    """`flask import <kind> FILE --<option> ID [--user EMAIL]`: both kinds work alike."""

    @import_cli.command(kind.value, help=summary)
    @click.argument("file", type=FILE)
    @click.option(f"--{option}", "organisation_id", type=int, required=True, help=org_help)
    @click.option("--user", "email", help=user_help)
    def command(file: Path, organisation_id: int, email: str | None) -> None:
        organisation = _organisation(organisation_id, org_kind, none_such)
        _run(kind, file, organisation, _actor(organisation, email))


_import_command(ImportKind.CANDIDATES, "agency", OrganisationKind.AGENCY, "keine Beratungsstelle",
                "Id of the agency (Beratungsstelle).", "Acting caseworker (default: the agency's first active user).",
                'Import candidate profiles into an agency; every row needs consent ("ja").')
_import_command(ImportKind.SLOTS, "organisation", OrganisationKind.EMPLOYER, "keinen Betrieb",
                "Id of the employer (Betrieb).", "Acting person of the employer (default: its first active user).",
                "Import slots for an employer; unverified employers get drafts.")


def _organisation(organisation_id: int, kind: OrganisationKind, none_such: str) -> Organisation:
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None or organisation.kind is not kind:
        raise click.ClickException(f"Es gibt {none_such} mit der Id {organisation_id}.")
    return organisation


def _actor(organisation: Organisation, email: str | None) -> User:
    query = sa.select(User).where(User.organisation_id == organisation.id, User.active.is_(True))
    if email:
        query = query.where(sa.func.lower(User.email) == normalise_email(email))
    user = db.session.scalars(query.order_by(User.id)).first()
    if user is None:
        who = f"„{email}“ ist keine aktive Person" if email else "Es gibt keine aktive Person"
        raise click.ClickException(f"{who} bei {organisation.name} (Id {organisation.id}).")
    return user


def _run(kind: ImportKind, path: Path, organisation: Organisation, actor: User) -> None:
    try:
        table = imports.read_table(path.read_bytes(), path.name)
    except imports.ImportFileError as error:
        raise click.ClickException(f"{path.name}: {error}") from error
    lookups = imports.load_lookups(actor, organisation)
    with click.progressbar(length=len(table.rows), label="Zeilen prüfen", update_min_steps=100) as bar:
        validation = imports.validate_table(imports.SPECS[kind], table, lookups, step=bar.update)
    if validation.problems:
        for problem in validation.problems:
            click.echo(str(problem), err=True)
        raise click.ClickException(f"{len(validation.problems)} Probleme in {path.name}; es wurde nichts importiert.")
    if validation.ignored_columns:
        click.echo(f"Nicht gelesen (unbekannte Spalten): {', '.join(validation.ignored_columns)}")
    with click.progressbar(length=len(validation.rows), label="Schreiben") as bar:
        count = imports.import_rows(actor, organisation, kind, validation.rows, step=bar.update)
    click.echo(_done(kind, organisation, count))


def _done(kind: ImportKind, organisation: Organisation, count: int) -> str:
    if kind is ImportKind.CANDIDATES:
        return f"{count} Profile für {organisation.name} angelegt."
    state = "veröffentlicht" if organisation.is_verified else "als Entwürfe gespeichert (Betrieb nicht freigeschaltet)"
    return f"{count} Angebote für {organisation.name} {state}."
