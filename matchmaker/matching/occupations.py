"""The occupation backbone: the BA's list of German occupation titles with their KldB 2010 codes.

The bundled file is derived from the Gesamtberufsliste der Bundesagentur für Arbeit (BA) by
`build_titles` (`flask occupations build FILE.xlsx`); see data/README.md for the source.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

BUNDLED_FILE = "berufsliste.tsv.gz"
COLUMNS = ("code", "state", "title", "male", "female")
SHEET = "Gesamtberufsliste der BA"
_CODE = re.compile(r"^B (\d{5})-\d{3}$")
# E: current in the BA's placement systems, T: from the KldB index, M: meta unit, R: dormant or outdated.
STATES = ("E", "T", "M", "R")


@dataclass(frozen=True)
class Title:
    code: str  # five-digit KldB 2010 code (Berufsgattung)
    title: str  # neutral short title as the BA writes it ("Bäcker/in")
    state: str  # E, T, M or R
    forms: tuple[str, ...] = ()  # the male and female long forms where they differ from the title


def load_titles(path: str | Path | None = None) -> list[Title]:
    """The titles of the bundled file, or of a file written by `build_titles`."""
    if path is None:
        raw = resources.files(__package__).joinpath("data").joinpath(BUNDLED_FILE).read_bytes()
    else:
        raw = Path(path).read_bytes()
    reader = csv.DictReader(io.StringIO(gzip.decompress(raw).decode("utf-8")), delimiter="\t",
                            quoting=csv.QUOTE_NONE)
    return [Title(row["code"], row["title"], row["state"],
                  tuple(form for form in (row["male"], row["female"]) if form)) for row in reader]


def read_ba_list(xlsx_path: str | Path) -> list[Title]:
    """Every title of the BA's xlsx (sheet 'Gesamtberufsliste der BA', header in row 4)."""
    from openpyxl import load_workbook

    workbook = load_workbook(xlsx_path, read_only=True)
    try:
        rows = workbook[SHEET].iter_rows(values_only=True)
        header = next((row for row in rows if row and row[1] == "Codenummer"), None)
        if header is None:
            raise ValueError(f"{xlsx_path}: no header row with 'Codenummer' in sheet {SHEET!r}")
        titles = []
        for row in rows:
            _dkz, number, state, short, male, female = (list(row) + [None] * 6)[:6]
            found = _CODE.match(str(number or "").strip())
            if not found or not short or state not in STATES:
                continue
            short = _clean(short)
            forms = tuple(dict.fromkeys(f for f in (_clean(male), _clean(female)) if f and f != short))
            titles.append(Title(found.group(1), short, state, forms))
        return titles
    finally:
        workbook.close()


def _clean(text: object) -> str:
    return " ".join(str(text or "").replace("\t", " ").split())


def build_titles(xlsx_path: str | Path, out_path: str | Path) -> int:
    """Derive the compact data file from the BA's xlsx; returns the number of titles written."""
    titles = sorted(read_ba_list(xlsx_path), key=lambda t: (t.code, STATES.index(t.state), t.title))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t", quoting=csv.QUOTE_NONE, lineterminator="\n", escapechar="\\")
    writer.writerow(COLUMNS)
    for t in titles:
        forms = (*t.forms, "", "")
        writer.writerow((t.code, t.state, t.title, forms[0], forms[1]))
    # mtime=0: the same list always gives the same bytes, so a rebuild shows no spurious diff.
    Path(out_path).write_bytes(gzip.compress(buffer.getvalue().encode("utf-8"), compresslevel=9, mtime=0))
    return len(titles)
