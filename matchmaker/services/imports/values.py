"""Cell parsers: each turns one cell into a value or raises CellError with a German message.

A parser is called as `parse(cell, lookups)`; factories below build parsers with limits.
Lists and references to districts and people are in `lists`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _

from ...domain import candidates as rules
from ...domain.fields import FieldError
from ...matching.normalise import fold
from ...models import GermanLevel, LabelledEnum
from .. import occupations
from .lookups import Lookups, enum_key
from .reading import Cell, Formula

Parser = Callable[[Cell, Lookups], Any]

# What spreadsheets treat as the start of a formula (CSV injection, OWASP).
FORMULA_STARTS = ("=", "+", "-", "@")
YES = {"ja", "j", "x", "yes", "y", "1", "wahr", "true"}
NO = {"nein", "n", "no", "0", "falsch", "false"}
_GERMAN_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2})?)?")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


class CellError(ValueError):
    """One cell cannot be imported; the message is German and says what would work."""


def refuse_formula_start(value: str) -> str:
    if value.startswith(FORMULA_STARTS):
        raise CellError(_("Zellen dürfen nicht mit =, +, - oder @ beginnen, weil Tabellenprogramme sie als Formel "
                          "ausführen. Bitte entfernen oder ersetzen Sie das erste Zeichen."))
    return value


def text(cell: Cell) -> str:
    """The cell as trimmed text; formulas and formula-like text are refused."""
    if cell is None:
        return ""
    if isinstance(cell, Formula):
        raise CellError(_("Die Zelle enthält eine Formel (%(formula)s). Bitte fügen Sie nur Werte ein "
                          "(„Einfügen → Werte“).", formula=cell[:40]))
    if isinstance(cell, bool):
        return "ja" if cell else "nein"
    if isinstance(cell, datetime | date):
        return cell.strftime("%d.%m.%Y")
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if not isinstance(cell, str):
        return str(cell)
    return refuse_formula_start(cell.strip())


def _required() -> CellError:
    return CellError(_("Dieses Feld ist Pflicht. Bitte füllen Sie es aus."))


def _quoted(values) -> str:
    return ", ".join(f"„{value}“" for value in values)


def single_line(max_length: int, required: bool = False) -> Parser:
    return _text_parser(max_length, required, lambda value: " ".join(value.split()))


def multi_line(max_length: int) -> Parser:
    return _text_parser(max_length, False, lambda value: value.replace("\r\n", "\n"))


def _text_parser(max_length: int, required: bool, tidy: Callable[[str], str]) -> Parser:
    def parse(cell: Cell, lookups: Lookups) -> str:
        value = tidy(text(cell))
        if required and not value:
            raise _required()
        if len(value) > max_length:
            raise CellError(_("Bitte höchstens %(max)d Zeichen (hier %(n)d).", max=max_length, n=len(value)))
        return value

    return parse


def last_initial(cell: Cell, lookups: Lookups) -> str:
    return _by_rule(rules.clean_last_initial, text(cell))


def german_level(cell: Cell, lookups: Lookups) -> GermanLevel:
    value = text(cell)
    if not value:
        raise CellError(_("Bitte geben Sie ein Sprachniveau von A1 bis C2 an."))
    try:
        return GermanLevel(value.split()[0].upper())  # "B1" or the label "B1 – selbstständig"
    except ValueError:
        raise CellError(_("Unbekanntes Sprachniveau „%(value)s“. Erlaubt sind A1, A2, B1, B2, C1 und C2.",
                          value=value)) from None


def yes_no(cell: Cell, lookups: Lookups) -> bool:
    value = fold(text(cell))
    if value in YES:
        return True
    if not value or value in NO:
        return False
    raise CellError(_("Bitte „ja“ oder „nein“ angeben, nicht „%(value)s“.", value=text(cell)))


def consent(cell: Cell, lookups: Lookups) -> bool:
    if fold(text(cell)) in YES:
        return True
    raise CellError(_("Ohne Einwilligung („ja“) wird kein Profil angelegt. Bitte holen Sie die Einwilligung "
                      "ein oder lassen Sie die Zeile weg."))


def _date(cell: Cell) -> date | None:
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    value = text(cell)
    if not value:
        return None
    if match := _GERMAN_DATE.fullmatch(value):
        day, month, year = map(int, match.groups())
    elif match := _ISO_DATE.fullmatch(value):
        year, month, day = map(int, match.groups())
    else:
        raise CellError(_("Bitte ein Datum wie 31.12.2025 angeben (TT.MM.JJJJ), nicht „%(value)s“.", value=value))
    try:
        return date(year, month, day)
    except ValueError:
        raise CellError(_("Das Datum „%(value)s“ gibt es nicht.", value=value)) from None


def any_day(cell: Cell, lookups: Lookups) -> date | None:
    return _date(cell)


def start_day(cell: Cell, lookups: Lookups) -> date | None:
    """Empty or "sofort" means: from now on."""
    if fold(text(cell)) in {"sofort", "ab sofort"}:
        return None
    return _date(cell)


def consent_day(cell: Cell, lookups: Lookups) -> date:
    given = _date(cell) or lookups.today
    if given > lookups.today:
        raise CellError(_("Das Datum der Einwilligung liegt in der Zukunft."))
    return given


def whole_number(low: int, high: int, default: int | None = None) -> Parser:
    def parse(cell: Cell, lookups: Lookups) -> int | None:
        value = number(cell)
        if value is None:
            return default
        if not value.is_integer() or not low <= value <= high:
            raise CellError(_("Bitte eine ganze Zahl von %(low)d bis %(high)d angeben.", low=low, high=high))
        return int(value)

    return parse


def birth_year(cell: Cell, lookups: Lookups) -> int | None:
    """A plausible working age, as in the form (matchmaker/domain/candidates.py)."""
    low, high = rules.birth_years()
    try:
        year = whole_number(low, high)(cell, lookups)
    except CellError:
        year = low - 1  # not a whole number in range: the rule's own message
    return _by_rule(rules.check_birth_year, year)


def _by_rule(check: Callable, value):
    """A domain field rule as an import check: the same test and message as in the form."""
    try:
        return check(value)
    except FieldError as error:
        raise CellError(str(error)) from None


def number(cell: Cell) -> float | None:
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return float(cell)
    value = text(cell).replace(" ", "")
    if not value:
        return None
    if not _NUMBER.fullmatch(value):
        raise CellError(_("Bitte eine Zahl angeben, nicht „%(value)s“.", value=value))
    return float(value.replace(",", "."))


def kldb_code(cell: Cell, lookups: Lookups) -> str | None:
    """A KldB 2010 code (five digits) as a person confirmed it; a number cell lost its leading zero."""
    if isinstance(cell, int | float) and not isinstance(cell, bool) and float(cell).is_integer():
        cell = str(int(cell)).zfill(5)
    try:
        return occupations.clean_code(text(cell), lookups.title_for)
    except occupations.CodeError as error:
        raise CellError(str(error)) from None


def choice(enum_cls: type[LabelledEnum], default: LabelledEnum | None = None) -> Parser:
    """One enum member by its German label or stored value; empty gives the default (or is refused)."""

    def parse(cell: Cell, lookups: Lookups) -> LabelledEnum:
        value = text(cell)
        if not value:
            if default is None:
                raise _required()
            return default
        return enum_member(enum_cls, value, lookups)

    return parse


def enum_member(enum_cls: type[LabelledEnum], value: str, lookups: Lookups) -> LabelledEnum:
    member = lookups.enum_keys(enum_cls).get(enum_key(value))
    if member is None:
        raise CellError(_("Unbekannter Wert „%(value)s“. Erlaubt sind: %(allowed)s.",
                          value=value, allowed=_quoted(str(m.label) for m in enum_cls)))
    return member
