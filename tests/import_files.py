"""Real import files for tests: CSV in any encoding and separator, XLSX written by openpyxl."""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook

CANDIDATE_HEADER = ["Vorname", "Nachname (Initiale)", "Deutsch", "Berufserfahrung", "Stadtteile", "Einwilligung"]
SLOT_HEADER = ["Titel", "Art", "Deutsch mindestens", "Fähigkeiten", "Stadtteil", "Beginn"]


def candidate(first_name="Amina", initial="K", level="B1", occupations="Bäcker:3", districts="Marxloh",
              consent="ja") -> list:
    return [first_name, initial, level, occupations, districts, consent]


def slot(title="Verkauf in der Bäckerei", kind="Praktikum", level="A2", skills="Kassieren, Größe sortieren",
         district="Hochfeld", start="01.09.2027") -> list:
    return [title, kind, level, skills, district, start]


def write_csv(path: Path, rows: list[list], encoding: str = "utf-8", separator: str = ";") -> Path:
    with open(path, "w", encoding=encoding, newline="") as handle:
        csv.writer(handle, delimiter=separator, lineterminator="\r\n").writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list], formulas: dict[str, str] | None = None) -> Path:
    """`formulas` puts formulas into cells by reference, e.g. {"A2": "=1+1"}."""
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for ref, formula in (formulas or {}).items():
        sheet[ref] = formula
    workbook.save(path)
    return path
