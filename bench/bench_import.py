"""Import benchmark: 10,000 seeded synthetic profiles and 10,000 slots, parse+validate and write timed apart.

Runs on a temporary SQLite database built by the real migrations and, when BENCH_DATABASE_URL
is set, on that PostgreSQL database too (its name must contain "bench": it is wiped).
`python -m bench.bench_import` (or `make bench`); BENCH_REPEAT sets the repetitions (default 5).
"""

from __future__ import annotations

import csv
import io
import os
import random
import statistics
import sys
import time
from dataclasses import dataclass

from bench.common import bench_app, databases

ROWS = 10_000
SEED = 20261124
REPEAT = int(os.environ.get("BENCH_REPEAT", "5"))

FIRST_NAMES = ["Amina", "Jürgen", "Oksana", "Mehmet", "Fatima", "Ahmad", "Ioana", "Samir", "Lena", "Yusuf"]
OCCUPATIONS = ["Bäcker", "Verkäuferin", "Lagerhelfer", "Elektriker", "Friseurin", "Koch", "Maler", "Fahrer"]
SKILLS = ["Kassieren", "Teig kneten", "Staplerschein", "Größe sortieren", "Kundenberatung", "Schweißen", "Excel"]
REGIONS = ["Naher und Mittlerer Osten", "EU – Südosteuropa", "Nordafrika", "keine Angabe", "Afghanistan und Südasien"]
KINDS = ["Praktikum", "Einstiegsqualifizierung (EQ)", "Ausbildung", "Helfertätigkeit", "Fachkraftstelle"]
LEVELS = ["A1", "A2", "B1", "B2", "C1"]


def _csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def candidate_file(rng: random.Random, districts: list[str]) -> list[list[str]]:
    header = ["Vorname", "Nachname (Initiale)", "Geburtsjahr", "Herkunftsregion", "Deutsch", "Fähigkeiten",
              "Berufserfahrung", "Qualifikationen", "Gewünschte Angebotsarten", "Stadtteile", "Verfügbar ab",
              "Arbeitserlaubnis", "Einwilligung", "Einwilligung am"]
    rows = [[
        rng.choice(FIRST_NAMES), rng.choice("ABCDEFGHKLMNS"), str(rng.randint(1965, 2008)), rng.choice(REGIONS),
        rng.choice(LEVELS), ", ".join(f"{s}:{rng.randint(1, 9)}" for s in rng.sample(SKILLS, 2)),
        f"{rng.choice(OCCUPATIONS)}:{rng.randint(1, 15)}", f"{rng.choice(OCCUPATIONS)}geselle (in Anerkennung)",
        ", ".join(rng.sample(KINDS, 2)), ", ".join(rng.sample(districts, 2)),
        f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.2027", rng.choice(["erlaubt", "ungeklärt"]), "ja",
        f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.2025",
    ] for _ in range(ROWS)]
    return [header, *rows]


def slot_file(rng: random.Random, districts: list[str]) -> list[list[str]]:
    header = ["Titel", "Art", "Deutsch mindestens", "Beschreibung", "Fähigkeiten", "Sprachförderung", "Stadtteil",
              "Beginn", "Plätze", "Wochenstunden", "Dauer (Wochen)", "Schichtarbeit"]
    rows = [[
        f"{rng.choice(KINDS)} als {rng.choice(OCCUPATIONS)}", rng.choice(KINDS), rng.choice(LEVELS),
        "Mithilfe im Betrieb, Einarbeitung durch das Team.", ", ".join(rng.sample(SKILLS, 3)),
        rng.choice(["ja", "nein"]), rng.choice(districts), rng.choice(["sofort", "01.08.2027"]),
        str(rng.randint(1, 5)), str(rng.randint(15, 40)), str(rng.randint(2, 12)), rng.choice(["ja", "nein"]),
    ] for _ in range(ROWS)]
    return [header, *rows]


def xlsx(rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@dataclass
class Result:
    database: str
    case: str
    parse: list[float]
    write: list[float]


def people():
    """A verified employer and an agency, each with one user, as the importers."""
    from matchmaker.extensions import db
    from matchmaker.models import Carrier, Chamber, Organisation, OrganisationKind, Sector, User, utcnow

    agency = Organisation(kind=OrganisationKind.AGENCY, name="Beratungsstelle Bench", carrier=Carrier.STAEDTISCH)
    employer = Organisation(kind=OrganisationKind.EMPLOYER, name="Betrieb Bench", sector=Sector.HANDWERK,
                            chamber=Chamber.HWK, verified_at=utcnow())
    caseworker = User(organisation=agency, email="beratung@bench.example", display_name="Beratung")
    owner = User(organisation=employer, email="betrieb@bench.example", display_name="Betrieb")
    db.session.add_all([caseworker, owner])
    db.session.commit()
    return caseworker, owner


def clear_imported() -> None:
    from matchmaker.extensions import db

    for table in ("candidate_districts", "candidates", "slots", "skill_tags", "audit_log"):
        db.session.execute(db.text(f"DELETE FROM {table}"))  # noqa: S608  (our own table names)
    db.session.commit()


def run_case(kind, actor, content: bytes, filename: str, write: bool) -> tuple[float, float]:
    from matchmaker.services import imports

    start = time.perf_counter()
    validation = imports.check_file(actor, actor.organisation, kind, filename, content, max_rows=None)
    parsed = time.perf_counter()
    assert validation.ok and len(validation.rows) == ROWS, validation.problems[:3]
    if not write:
        return parsed - start, float("nan")
    imports.import_rows(actor, actor.organisation, kind, validation.rows)
    written = time.perf_counter()
    clear_imported()
    return parsed - start, written - parsed


def bench_database(label: str, url: str) -> list[Result]:
    from matchmaker.extensions import db
    from matchmaker.models import District, ImportKind

    results = []
    with bench_app(url):
        caseworker, owner = people()
        districts = sorted(db.session.scalars(db.select(District.name)))
        rng = random.Random(SEED)
        candidates, slots = candidate_file(rng, districts), slot_file(rng, districts)
        cases = [
            ("10,000 profiles (CSV)", ImportKind.CANDIDATES, caseworker, _csv(candidates), "p.csv", True),
            ("10,000 slots (CSV)", ImportKind.SLOTS, owner, _csv(slots), "s.csv", True),
            ("10,000 profiles (XLSX), validation only", ImportKind.CANDIDATES, caseworker, xlsx(candidates), "p.xlsx",
             False),
        ]
        for case, kind, actor, content, filename, write in cases:
            timings = [run_case(kind, actor, content, filename, write) for _ in range(REPEAT)]
            results.append(Result(label, case, [t[0] for t in timings], [t[1] for t in timings]))
            print(f"  {label}: {case} done", file=sys.stderr)
    return results


def _seconds(values: list[float]) -> str:
    median = statistics.median(values)
    return "–" if median != median else f"{median:.2f} s"  # NaN: not measured


def print_table(results: list[Result]) -> None:
    print(f"\nImport benchmark: median of {REPEAT} runs, {os.cpu_count()} CPU cores, Python "
          f"{sys.version.split()[0]}\n")
    print("| database | case | parse + validate | write + commit | total |")
    print("|---|---|---|---|---|")
    for r in results:
        total = [p + (w if w == w else 0) for p, w in zip(r.parse, r.write, strict=True)]
        print(f"| {r.database} | {r.case} | {_seconds(r.parse)} | {_seconds(r.write)} | {_seconds(total)} |")


def main() -> None:
    results = []
    for label, url in databases():
        results += bench_database(label, url)
    print_table(results)


if __name__ == "__main__":
    main()
