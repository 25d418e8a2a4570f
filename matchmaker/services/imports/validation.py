"""Check a whole table against a column layout and collect every problem, by row and column.

Nothing stops at the first problem: the user fixes the file once, not once per message.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext

from ...matching.normalise import fold
from ...models import ImportKind, LabelledEnum
from ..candidates import Experience, Qualification
from .lookups import Lookups
from .reading import Cell, Table
from .values import CellError, Parser

PREVIEW_ROWS = 20


@dataclass(frozen=True)
class Column:
    """One column of an import file. Headers are a fixed German file format, documented in the
    README and the templates, so they are not translated: a translation would break files."""

    header: str
    field: str
    parse: Parser
    required: bool = False
    example: str = ""
    aliases: tuple[str, ...] = ()
    show: Callable[[Any, Lookups], str] | None = None  # how the preview prints the value


@dataclass(frozen=True)
class Spec:
    kind: ImportKind
    columns: tuple[Column, ...]
    build: Callable[[dict[str, Any], Lookups], Any]  # parsed values -> what the writer takes
    preview: tuple[str, ...]  # fields shown in the preview table
    # Rules across columns of one row: (field, German message) for each problem.
    check: Callable[[dict[str, Any]], list[tuple[str, str]]] | None = None


@dataclass(frozen=True)
class Problem:
    row: int | None  # as the spreadsheet shows it; None: the file as a whole
    column: str
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        if not self.column:
            return _("Zeile %(row)d: %(message)s", row=self.row, message=self.message)
        return _("Zeile %(row)d, Spalte „%(column)s“: %(message)s", row=self.row, column=self.column,
                 message=self.message)


@dataclass(frozen=True)
class ParsedRow:
    row: int
    record: Any  # CandidateRow or SlotData
    values: dict[str, Any]


@dataclass
class Validation:
    kind: ImportKind
    rows: list[ParsedRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    preview_headers: list[str] = field(default_factory=list)
    preview_rows: list[tuple[int, list[str]]] = field(default_factory=list)
    warnings: list[Any] = field(default_factory=list)  # duplicates.RowWarning: rows to think twice about

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)


def header_key(header: str) -> str:
    """Headers match regardless of case, umlaut spelling, spacing and a required-mark star."""
    return fold(header).rstrip("*: ").strip()


def map_headers(spec: Spec, headers: list[str], header_row: int) -> tuple[dict[int, Column], Validation]:
    """Which file column holds which field; unknown columns are tolerated and reported."""
    by_key = {header_key(name): column for column in spec.columns for name in (column.header, *column.aliases)}
    found: dict[int, Column] = {}
    result = Validation(spec.kind)
    for index, header in enumerate(headers):
        column = by_key.get(header_key(header)) if header else None
        if column is None:
            if header:
                result.ignored_columns.append(header)
        elif column in found.values():
            result.problems.append(Problem(header_row, header, _("Diese Spalte kommt zweimal vor.")))
        else:
            found[index] = column
    missing = [column.header for column in spec.columns if column.required and column not in found.values()]
    if missing:
        result.problems.insert(0, _missing_columns(missing, headers, header_row))
    return found, result


def _missing_columns(missing: list[str], headers: list[str], header_row: int) -> Problem:
    names = ", ".join(f"„{name}“" for name in missing)
    message = ngettext("Es fehlt die Pflichtspalte %(names)s.", "Es fehlen die Pflichtspalten %(names)s.",
                       len(missing), names=names)
    read = " | ".join(h for h in headers if h)[:150]
    message += " " + _("Bitte verwenden Sie die Kopfzeile aus der Vorlage. Gelesen wurde: „%(read)s“.", read=read)
    return Problem(header_row, "", message)


def validate_table(spec: Spec, table: Table, lookups: Lookups,
                   step: Callable[[int], Any] | None = None) -> Validation:
    """Parse every row; rows with problems are left out and their problems listed."""
    columns, result = map_headers(spec, table.headers, table.header_row)
    if result.problems:
        return result
    for number, cells in table.rows:
        values, problems = _parse_row(columns, table.headers, number, cells, lookups)
        if not problems and spec.check is not None:
            headers = {column.field: table.headers[index] for index, column in columns.items()}
            problems = [Problem(number, headers[name], message) for name, message in spec.check(values)]
        if problems:
            result.problems.extend(problems)
        else:
            result.rows.append(ParsedRow(number, spec.build(values, lookups), values))
        if step is not None:
            step(1)
    _add_preview(spec, columns, result, lookups)
    return result


def _parse_row(columns: dict[int, Column], headers: list[str], number: int, cells: list[Cell],
               lookups: Lookups) -> tuple[dict[str, Any], list[Problem]]:
    values, problems = {}, []
    for index, column in columns.items():
        cell = cells[index] if index < len(cells) else None
        try:
            values[column.field] = column.parse(cell, lookups)
        except CellError as error:
            problems.append(Problem(number, headers[index], str(error)))
    return values, problems


def _add_preview(spec: Spec, columns: dict[int, Column], result: Validation, lookups: Lookups) -> None:
    shown = [column for name in spec.preview for column in columns.values() if column.field == name]
    result.preview_headers = [column.header for column in shown]
    result.preview_rows = [
        (row.row, [(column.show or show)(row.values[column.field], lookups) for column in shown])
        for row in result.rows[:PREVIEW_ROWS]
    ]


def show(value: Any, lookups: Lookups | None = None) -> str:
    """A parsed value as the preview prints it."""
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, LabelledEnum):
        return str(value.label)
    if isinstance(value, bool):
        return _("ja") if value else _("nein")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, Experience):
        shown = value.name if value.years is None else _("%(name)s (%(years)s J.)", name=value.name,
                                                          years=value.years)
        return f"{shown} · KldB {value.kldb}" if value.kldb else shown
    if isinstance(value, Qualification):
        return f"{value.name} ({value.recognition.label})"
    if isinstance(value, list):
        return ", ".join(show(item) for item in value)
    return str(value)


def show_districts(value: int | list[int] | None, lookups: Lookups) -> str:
    ids = value if isinstance(value, list) else [value] if value else []
    return ", ".join(lookups.district_names[i] for i in ids) or "–"
