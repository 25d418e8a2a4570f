"""Parsers for comma-separated cells (skills, qualifications, districts) and references to people.

Each entry of a list is checked like a cell of its own.
"""

from __future__ import annotations

import difflib
import re

from flask_babel import gettext as _

from ...matching.normalise import fold
from ...models import LabelledEnum
from .. import profile_text
from ..candidates import Experience, Qualification
from .lookups import Lookups
from .reading import Cell
from .values import CellError, Parser, enum_member, kldb_code, refuse_formula_start, text

# A comma between two digits is a German decimal ("Bäcker:1,5"), not a separator.
_LIST_SEPARATOR = re.compile(r"(?<!\d),|,(?!\d)")


def choice_list(enum_cls: type[LabelledEnum]) -> Parser:
    def parse(cell: Cell, lookups: Lookups) -> list[LabelledEnum]:
        members = [enum_member(enum_cls, item, lookups) for item in items(cell)]
        return list(dict.fromkeys(members))

    return parse


def items(cell: Cell) -> list[str]:
    """A comma-separated list; each entry is checked like a cell of its own."""
    return [refuse_formula_start(part.strip()) for part in _LIST_SEPARATOR.split(text(cell)) if part.strip()]


def _read(parse, item: str):
    try:
        return parse(item)
    except profile_text.TextError as error:
        raise CellError(str(error)) from None


def tag_list(cell: Cell, lookups: Lookups) -> list[str]:
    return [_read(profile_text.tag, item) for item in items(cell)]


def experience_list(cell: Cell, lookups: Lookups) -> list[Experience]:
    """`Bäcker:3, Kassieren`: names with optional years of experience."""
    return [_read(profile_text.parse_experience, item) for item in items(cell)]


def occupation_list(cell: Cell, lookups: Lookups) -> list[Experience]:
    """`Bäcker:3, Anlagenmechaniker SHK (KldB 34212)`: experience with optional confirmed codes."""
    return [_read(lambda entry: profile_text.parse_occupation(entry, lookups.title_for), item)
            for item in items(cell)]


def kldb_list(cell: Cell, lookups: Lookups) -> list[str | None]:
    """KldB codes for the occupations, in their order; an empty place leaves that one to the
    matcher (`29302, , 34212`)."""
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return [kldb_code(cell, lookups)]  # one code typed into a number cell
    value = text(cell)
    if not value:
        return []
    return [kldb_code(part.strip(), lookups) if part.strip() else None for part in value.split(",")]


def qualification_list(cell: Cell, lookups: Lookups) -> list[Qualification]:
    """`Bäckergeselle (in Anerkennung), Staplerschein (anerkannt)`; without a bracket: not recognised."""
    entries = [refuse_formula_start(item) for item in profile_text.split_qualifications(text(cell))]
    return [_read(profile_text.parse_qualification, item) for item in entries]


def district_list(cell: Cell, lookups: Lookups) -> list[int]:
    return list(dict.fromkeys(_district(item, lookups) for item in items(cell)))


def one_district(cell: Cell, lookups: Lookups) -> int | None:
    value = text(cell)
    return _district(value, lookups) if value else None


def _district(name: str, lookups: Lookups) -> int:
    district_id = lookups.districts.get(fold(name))
    if district_id is None:
        close = difflib.get_close_matches(fold(name), list(lookups.districts), n=1)
        hint = (" " + _("Meinten Sie „%(name)s“?", name=lookups.district_names[lookups.districts[close[0]]])
                if close else "")
        raise CellError(_("Unbekannter Stadtteil „%(name)s“.", name=name) + hint)
    return district_id


def contact_person(cell: Cell, lookups: Lookups) -> int | None:
    email = text(cell).lower()
    if not email:
        return lookups.default_contact_id
    if email not in lookups.contacts:
        raise CellError(_("„%(email)s“ ist keine aktive Person dieses Betriebs. Bitte geben Sie die E-Mail-Adresse "
                          "einer Kollegin oder eines Kollegen an (oder lassen Sie das Feld leer).", email=email))
    return lookups.contacts[email]
