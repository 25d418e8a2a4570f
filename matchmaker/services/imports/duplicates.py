"""Rows to think twice about before importing: the template's example row left in, and rows
that match a profile or slot already there, or an earlier row of the same file.

A profile is the same person when first name, last-name initial and birth year agree within
the agency (the pseudonymous key; the caseworker knows the person, the system only these three);
a slot is the same when the employer already has an open, paused or draft slot of that title.
The person importing decides: each warned row can be skipped (by default it is)."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _

from ...extensions import db
from ...matching.normalise import fold
from ...models import Candidate, ImportKind, Organisation, Slot, SlotStatus
from .validation import Spec, Validation


@dataclass(frozen=True)
class RowWarning:
    row: int
    message: str


def find(spec: Spec, organisation: Organisation, validation: Validation) -> list[RowWarning]:
    key = _candidate_key if validation.kind is ImportKind.CANDIDATES else _slot_key
    example = key({column.field: column.example for column in spec.columns}, parsed=False)
    existing = _existing(validation.kind, organisation)
    seen: dict[tuple, int] = {}
    found = []
    for row in validation.rows:
        row_key = key(row.values)
        if row_key == example:
            found.append(RowWarning(row.row, _("Das ist die Beispielzeile aus der Vorlage.")))
        elif row_key in existing:
            found.append(RowWarning(row.row, _("Gibt es schon: %(what)s.", what=existing[row_key])))
        elif row_key in seen:
            found.append(RowWarning(row.row, _("Steht schon in Zeile %(row)d dieser Datei.", row=seen[row_key])))
        seen.setdefault(row_key, row.row)
    return found


def _candidate_key(values: dict, parsed: bool = True) -> tuple:
    year = values.get("birth_year")
    return (fold(values.get("first_name") or ""), (values.get("last_initial") or "").strip(". ").upper(),
            int(year) if year not in (None, "") else None)


def _slot_key(values: dict, parsed: bool = True) -> tuple:
    return (fold(values.get("title") or ""),)


def _existing(kind: ImportKind, organisation: Organisation) -> dict[tuple, str]:
    if kind is ImportKind.CANDIDATES:
        rows = db.session.execute(sa.select(Candidate.first_name, Candidate.last_initial, Candidate.birth_year,
                                            Candidate.pseudonym)
                                  .where(Candidate.agency_id == organisation.id,
                                         Candidate.consent_withdrawn_at.is_(None)))
        return {_candidate_key({"first_name": f, "last_initial": i, "birth_year": y}): _("Profil %(code)s", code=p)
                for f, i, y, p in rows}
    rows = db.session.execute(sa.select(Slot.title).where(
        Slot.organisation_id == organisation.id,
        Slot.status.in_([SlotStatus.OPEN, SlotStatus.PAUSED, SlotStatus.DRAFT])))
    return {_slot_key({"title": title}): _("Angebot „%(title)s“", title=title) for (title,) in rows}
