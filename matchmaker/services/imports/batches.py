"""Validate, stage and write imports: nothing is written unless every row is valid, and a staged
file is written at most once, however often "Importieren" is pressed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from ... import transaction
from ...extensions import db
from ...models import ImportBatch, ImportKind, Organisation, User, utcnow
from .. import matching
from ..candidates import create_candidates_bulk
from ..slots import create_slots_bulk
from . import candidates, duplicates, slots
from .lookups import load_lookups
from .reading import ImportFileError, read_table
from .validation import ParsedRow, Problem, Validation, validate_table

log = logging.getLogger(__name__)

SPECS = {ImportKind.CANDIDATES: candidates.SPEC, ImportKind.SLOTS: slots.SPEC}
WEB_MAX_ROWS = 5000
WRITE_CHUNK = 1000
# Staged files may hold personal data: unconfirmed ones go after a day, confirmed ones at once.
STALE_AFTER = timedelta(days=1)


class AlreadyImported(Exception):
    """The batch was confirmed before (a double click, a second tab): nothing is written again."""


class ImportRefused(Exception):
    """The file no longer validates (a colleague or district went away since the preview)."""

    def __init__(self, validation: Validation):
        super().__init__(f"{len(validation.problems)} problems")
        self.validation = validation


class ImportFailed(Exception):
    """Writing failed; everything was rolled back."""


def check_file(actor: User, organisation: Organisation, kind: ImportKind, filename: str, content: bytes,
               max_rows: int | None = WEB_MAX_ROWS, step: Callable[[int], Any] | None = None) -> Validation:
    """Read and validate a file; a file that cannot be read at all is one problem without a row."""
    try:
        table = read_table(content, filename, max_rows)
    except ImportFileError as error:
        return Validation(kind, problems=[Problem(None, "", str(error))])
    validation = validate_table(SPECS[kind], table, load_lookups(actor, organisation), step)
    if validation.ok:
        validation.warnings = duplicates.find(SPECS[kind], organisation, validation)
    return validation


def stage(actor: User, organisation: Organisation, kind: ImportKind, filename: str,
          content: bytes) -> tuple[Validation, ImportBatch | None]:
    """Keep a valid upload until it is confirmed; an invalid one is only reported, never kept."""
    _purge_stale()
    validation = check_file(actor, organisation, kind, filename, content)
    batch = None
    if validation.ok:
        batch = ImportBatch(kind=kind, organisation_id=organisation.id, uploaded_by_id=actor.id,
                            filename=filename[-200:], content=content)
        db.session.add(batch)
        db.session.flush()
    return validation, batch


def _purge_stale() -> None:
    db.session.execute(
        sa.delete(ImportBatch).where(ImportBatch.imported_at.is_(None), ImportBatch.created_at < utcnow() - STALE_AFTER)
    )


def check_batch(actor: User, batch: ImportBatch) -> Validation:
    organisation = db.session.get(Organisation, batch.organisation_id)
    return check_file(actor, organisation, batch.kind, batch.filename, batch.content)


def confirm(actor: User, batch: ImportBatch, skip: frozenset[int] = frozenset()) -> int:
    """Write a staged batch, all or nothing, exactly once, leaving out the rows (by number) the
    person chose to skip; returns the number of rows written."""
    if batch.imported_at is not None:
        raise AlreadyImported
    organisation = db.session.get(Organisation, batch.organisation_id)
    validation = check_batch(actor, batch)
    if not validation.ok:
        raise ImportRefused(validation)
    rows = [row for row in validation.rows if row.row not in skip]
    if not rows:
        raise ImportFailed(_("Alle Zeilen sind übersprungen; es wurde nichts importiert."))
    try:
        _claim(batch.id, len(rows))
        ids = write_rows(actor, organisation, batch.kind, rows)
        _refresh_matches(batch.kind, ids)
        transaction.commit()
    except AlreadyImported:
        transaction.rollback()
        raise
    except Exception as error:  # whatever failed, nothing half-written may stay
        transaction.rollback()
        log.exception("import batch %s failed", batch.id)
        raise ImportFailed(_("Der Import ist fehlgeschlagen; es wurde nichts gespeichert. Bitte versuchen Sie "
                             "es noch einmal.")) from error
    return len(ids)


def _refresh_matches(kind: ImportKind, ids: list[int]) -> None:
    """The imported rows against the other side, once, after the import is safely stored."""
    side = "candidate" if kind is ImportKind.CANDIDATES else "slot"
    if ids:
        matching.rematch_after_commit(side, ids, batch=f"rematch:import:{side}:{min(ids)}-{max(ids)}")


def _claim(batch_id: int, rows: int) -> None:
    """Mark the batch imported in the writing transaction; a second confirmation finds nothing to claim.

    On PostgreSQL a concurrent second UPDATE waits for the first transaction and then matches no row;
    SQLite lets one writer at a time. Either way exactly one confirmation writes.
    """
    result = db.session.execute(
        sa.update(ImportBatch)
        .where(ImportBatch.id == batch_id, ImportBatch.imported_at.is_(None))
        .values(imported_at=utcnow(), imported_rows=rows, content=b""),
        execution_options={"synchronize_session": False},
    )
    if result.rowcount != 1:
        raise AlreadyImported


def discard(batch: ImportBatch) -> None:
    if batch.imported_at is None:
        db.session.delete(batch)


def write_rows(actor: User, organisation: Organisation, kind: ImportKind, rows: list[ParsedRow],
               step: Callable[[int], Any] | None = None) -> list[int]:
    """Insert validated rows in chunks of one transaction; the caller commits or rolls back."""
    written: list[int] = []
    for start in range(0, len(rows), WRITE_CHUNK):
        chunk = [row.record for row in rows[start:start + WRITE_CHUNK]]
        if kind is ImportKind.CANDIDATES:
            written += create_candidates_bulk(
                actor, organisation, [r.data for r in chunk], [r.consent_given_on for r in chunk]
            )
        else:
            # Unverified employers prepare drafts; they go live after verification.
            written += create_slots_bulk(actor, organisation, chunk, publish=organisation.is_verified)
        if step is not None:
            step(len(chunk))
    return written


def import_rows(actor: User, organisation: Organisation, kind: ImportKind, rows: list[ParsedRow],
                step: Callable[[int], Any] | None = None) -> int:
    """Write validated rows and commit once; on any error roll everything back (the command's path)."""
    try:
        ids = write_rows(actor, organisation, kind, rows, step)
        _refresh_matches(kind, ids)
        transaction.commit()
    except Exception:
        transaction.rollback()
        raise
    return len(ids)
