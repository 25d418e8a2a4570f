"""Read an uploaded CSV or XLSX file into numbered rows of cells, or say in German why not.

Row numbers are the ones a spreadsheet shows (header = 1), so every message points at a cell
the user can find.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _

XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0"
# An XLSX is a zip of XML; refuse one that would unpack to far more than any real sheet, before
# openpyxl sees it: a file of 0.5 MB can hold millions of tiny shared strings, which openpyxl
# keeps in memory all at once (gigabytes, a minute of parsing).
MAX_UNPACKED_BYTES = 60 * 1024 * 1024
MAX_SHARED_STRINGS_BYTES = 12 * 1024 * 1024  # 100,000 distinct texts of 100 characters
MAX_COLUMNS = 100  # our templates have about 20; cells beyond are never read
# Excel keeps formatted but empty rows; after this many in a row, the data is over.
MAX_BLANK_RUN = 1000
SEPARATORS = (";", ",", "\t")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Formula(str):
    """The text of a spreadsheet formula found in an XLSX cell: refused, never evaluated."""


Cell = str | int | float | bool | date | datetime | Formula | None


class ImportFileError(ValueError):
    """The file as a whole cannot be read; the German message says what to do."""


@dataclass
class Table:
    headers: list[str]
    header_row: int
    rows: list[tuple[int, list[Cell]]]  # (row number as the spreadsheet shows it, cells)


def _save_as_hint() -> str:
    return _("Bitte öffnen Sie die Datei in Excel und speichern Sie sie über „Datei → Speichern unter“ "
             "als „CSV UTF-8 (durch Trennzeichen getrennt)“ oder als „Excel-Arbeitsmappe (.xlsx)“.")


def read_table(content: bytes, filename: str, max_rows: int | None = None) -> Table:
    """Header and data rows of the file's first sheet; blank rows are skipped."""
    if not content.strip():
        raise ImportFileError(_("Die Datei ist leer."))
    if content.startswith(XLSX_MAGIC):
        return _table(_xlsx_rows(content), max_rows)
    if content.startswith(XLS_MAGIC):
        raise ImportFileError(_("Das alte Excel-Format (.xls) kann nicht gelesen werden.") + " " + _save_as_hint())
    if filename.lower().endswith(".xlsx"):
        raise ImportFileError(_("Die Datei ist keine gültige Excel-Arbeitsmappe (.xlsx).") + " " + _save_as_hint())
    return _table(_csv_rows(decode(content)), max_rows)


def decode(content: bytes) -> str:
    """UTF-8 (with or without BOM) first, then Windows-1252, which Excel writes here."""
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in content[:4096]:
        raise ImportFileError(
            _("Die Datei ist als UTF-16 („Unicode-Text“) gespeichert und kann so nicht gelesen werden.")
            + " " + _save_as_hint()
        )
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("cp1252")
        except UnicodeDecodeError:
            raise ImportFileError(
                _("Die Zeichenkodierung der Datei ist unbekannt.") + " " + _save_as_hint()
            ) from None
    if _CONTROL.search(text):
        raise ImportFileError(
            _("Die Datei enthält Steuerzeichen und ist wohl keine Textdatei.") + " " + _save_as_hint()
        )
    return text


def sniff_separator(text: str) -> str:
    """The separator that occurs most often in the header line; semicolon on a tie."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = {sep: header.count(sep) for sep in SEPARATORS}
    best = max(SEPARATORS, key=lambda sep: counts[sep])
    return best if counts[best] else ";"


def _csv_rows(text: str) -> Iterator[list[Cell]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_separator(text))
    try:
        yield from reader
    except csv.Error as error:
        raise ImportFileError(
            _("Die CSV-Datei ist ab Zeile %(line)d nicht lesbar (%(error)s).", line=reader.line_num, error=error)
        ) from error


def _xlsx_rows(content: bytes) -> Iterator[list[Cell]]:
    _check_unpacked_size(content)
    try:
        import openpyxl

        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception as error:  # untrusted file: openpyxl raises many kinds, all mean "unreadable"
        raise ImportFileError(_("Die Excel-Datei kann nicht gelesen werden.") + " " + _save_as_hint()) from error
    try:
        for row in workbook.worksheets[0].iter_rows(max_col=MAX_COLUMNS):
            yield [Formula(cell.value) if cell.data_type == "f" else cell.value for cell in row]
    except Exception as error:  # a damaged sheet fails only while it is read
        raise ImportFileError(_("Die Excel-Datei ist beschädigt.") + " " + _save_as_hint()) from error
    finally:
        workbook.close()


def _check_unpacked_size(content: bytes) -> None:
    """What the zip says it unpacks to (the sizes in its directory are checked against the
    data while reading, so they cannot lie about it)."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile as error:
        raise ImportFileError(_("Die Excel-Datei ist beschädigt.") + " " + _save_as_hint()) from error
    shared = sum(info.file_size for info in members if info.filename.lower().endswith("sharedstrings.xml"))
    if sum(info.file_size for info in members) > MAX_UNPACKED_BYTES or shared > MAX_SHARED_STRINGS_BYTES:
        raise ImportFileError(_("Die Excel-Datei ist entpackt zu groß. Bitte teilen Sie sie auf."))


def _is_blank(cells: list[Cell]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def _table(rows: Iterable[list[Cell]], max_rows: int | None) -> Table:
    headers: list[str] | None = None
    header_row, data, blank_run = 0, [], 0
    for number, cells in enumerate(rows, start=1):
        if _is_blank(cells):
            blank_run += 1
            if blank_run >= MAX_BLANK_RUN:
                break
            continue
        blank_run = 0
        if headers is None:
            headers, header_row = ["" if c is None else str(c).strip() for c in cells], number
            continue
        if max_rows is not None and len(data) >= max_rows:
            raise ImportFileError(_too_many_rows(max_rows))
        data.append((number, cells))
    if headers is None or not data:
        raise ImportFileError(_("Die Datei enthält außer der Kopfzeile keine Zeilen."))
    return Table(headers=headers, header_row=header_row, rows=data)


def _too_many_rows(max_rows: int) -> str:
    return _(
        "Die Datei hat mehr als %(n)s Zeilen. Bitte teilen Sie sie in kleinere Dateien auf; sehr große "
        "Dateien liest die Koordinierungsstelle mit dem Befehl „flask import“ ein.",
        n=f"{max_rows:,}".replace(",", "."),
    )
