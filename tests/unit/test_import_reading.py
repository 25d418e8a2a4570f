"""Reading and validating import files: encodings, separators, XLSX, and every kind of problem."""

from datetime import date, datetime

import pytest

from matchmaker.domain.clock import today
from matchmaker.models import (
    GermanLevel,
    ImportKind,
    OriginRegion,
    Recognition,
    SlotKind,
    WorkPermit,
)
from matchmaker.services import imports
from matchmaker.services.imports.reading import Formula
from tests.factories import caseworker, district, employer_user
from tests.import_files import CANDIDATE_HEADER, SLOT_HEADER, candidate, slot, write_csv, write_xlsx

CANDIDATES, SLOTS = ImportKind.CANDIDATES, ImportKind.SLOTS


def read(path, max_rows=None):
    return imports.read_table(path.read_bytes(), path.name, max_rows)


def check(path, kind=CANDIDATES, user=None):
    user = user or (caseworker() if kind is CANDIDATES else employer_user())
    return imports.check_file(user, user.organisation, kind, path.name, path.read_bytes())


def messages(validation) -> list[str]:
    return [str(problem) for problem in validation.problems]


# -- reading ---------------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
@pytest.mark.parametrize("separator", [";", ",", "\t"])
def test_csv_in_every_supported_encoding_and_separator_reads_the_same(app, tmp_path, encoding, separator):
    path = write_csv(tmp_path / "profile.csv", [["Vorname", "Größe"], ["Jürgen", "Bäcker"]], encoding, separator)
    table = read(path)
    assert table.headers == ["Vorname", "Größe"]
    assert table.rows == [(2, ["Jürgen", "Bäcker"])]


def test_a_byte_order_mark_does_not_end_up_in_the_first_header(app, tmp_path):
    path = write_csv(tmp_path / "bom.csv", [["Vorname", "Deutsch"], ["A", "B1"]], "utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert read(path).headers[0] == "Vorname"


def test_the_separator_is_taken_from_the_header_line_even_when_cells_hold_commas(app, tmp_path):
    path = write_csv(tmp_path / "s.csv", [["Vorname", "Berufserfahrung"], ["A", "Bäcker:3, Verkauf, Lager"]])
    assert read(path).rows[0][1] == ["A", "Bäcker:3, Verkauf, Lager"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_utf16_files_are_refused_with_a_hint_to_save_as_csv_utf8(app, tmp_path, encoding):
    path = write_csv(tmp_path / "unicode.csv", [["Vorname", "Deutsch"], ["Jürgen", "B1"]], encoding)
    with pytest.raises(imports.ImportFileError, match="UTF-16") as error:
        read(path)
    assert "CSV UTF-8" in str(error.value)


def test_bytes_that_are_neither_utf8_nor_windows_1252_are_refused(app, tmp_path):
    path = tmp_path / "odd.csv"
    path.write_bytes(b"Vorname;Deutsch\r\nA;B1\r\n" + b"\x81\x8d\xc3")
    with pytest.raises(imports.ImportFileError, match="Zeichenkodierung"):
        read(path)


def test_a_binary_file_named_csv_is_refused(app, tmp_path):
    path = tmp_path / "bild.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(1, 8)) * 20)
    with pytest.raises(imports.ImportFileError, match="Steuerzeichen"):
        read(path)


def test_blank_rows_are_skipped_and_row_numbers_are_the_spreadsheets(app, tmp_path):
    path = write_csv(tmp_path / "gaps.csv", [["Vorname"], ["A"], [""], [" "], ["B"]])
    assert [number for number, _ in read(path).rows] == [2, 5]


def test_a_file_with_only_a_header_or_nothing_is_refused(app, tmp_path):
    header_only = write_csv(tmp_path / "kopf.csv", [CANDIDATE_HEADER])
    empty = tmp_path / "leer.csv"
    empty.write_bytes(b"")
    with pytest.raises(imports.ImportFileError, match="keine Zeilen"):
        read(header_only)
    with pytest.raises(imports.ImportFileError, match="leer"):
        read(empty)


def test_more_rows_than_the_limit_are_refused(app, tmp_path):
    path = write_csv(tmp_path / "gross.csv", [CANDIDATE_HEADER] + [candidate()] * 11)
    with pytest.raises(imports.ImportFileError, match="mehr als 10 Zeilen"):
        read(path, max_rows=10)
    assert len(read(path, max_rows=11).rows) == 11


def test_xlsx_dates_arrive_as_dates_and_formulas_as_formulas(app, tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", [["Titel", "Beginn", "Plätze"], ["Lager", datetime(2027, 3, 1), 2]],
                      formulas={"C2": "=1+1"})
    table = read(path)
    assert table.rows[0][1][1] == datetime(2027, 3, 1)
    assert isinstance(table.rows[0][1][2], Formula)


def test_an_old_xls_or_a_broken_xlsx_is_refused(app, tmp_path):
    old, broken = tmp_path / "alt.xls", tmp_path / "kaputt.xlsx"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    broken.write_bytes(b"PK\x03\x04 kaputt")
    with pytest.raises(imports.ImportFileError, match=r"\.xls"):
        read(old)
    with pytest.raises(imports.ImportFileError, match="beschädigt"):
        read(broken)


# -- columns ---------------------------------------------------------------------------

def test_missing_required_columns_are_one_problem_naming_them_all(app, tmp_path):
    path = write_csv(tmp_path / "m.csv", [["Vorname", "Stadtteile"], ["A", "Marxloh"]])
    problems = check(path).problems
    assert len(problems) == 1
    for name in ("Nachname (Initiale)", "Deutsch", "Einwilligung"):
        assert name in problems[0].message


def test_headers_match_regardless_of_case_umlaut_spelling_and_order(app, tmp_path):
    header = ["EINWILLIGUNG", "deutsch *", "Nachname (Initiale)", "vorname", "Faehigkeiten "]
    path = write_csv(tmp_path / "h.csv", [header, ["ja", "A2", "K", "Amina", "Kassieren"]])
    validation = check(path)
    assert validation.ok, messages(validation)
    assert validation.rows[0].record.data.skills[0].name == "Kassieren"


def test_unknown_columns_are_tolerated_and_reported(app, tmp_path):
    path = write_csv(tmp_path / "x.csv", [[*CANDIDATE_HEADER, "Lieblingsfarbe"], [*candidate(), "blau"]])
    validation = check(path)
    assert validation.ok
    assert validation.ignored_columns == ["Lieblingsfarbe"]


def test_a_column_given_twice_is_a_problem(app, tmp_path):
    path = write_csv(tmp_path / "d.csv", [[*CANDIDATE_HEADER, "Deutsch"], [*candidate(), "B2"]])
    assert "zweimal" in messages(check(path))[0]


# -- values ----------------------------------------------------------------------------

def test_every_problem_is_collected_with_its_row_and_column(app, tmp_path):
    rows = [CANDIDATE_HEADER, candidate(), candidate(level="B7"), candidate(districts="Atlantis", initial="")]
    validation = check(write_csv(tmp_path / "p.csv", rows))
    found = {(p.row, p.column) for p in validation.problems}
    assert found == {(3, "Deutsch"), (4, "Stadtteile"), (4, "Nachname (Initiale)")}
    assert not validation.ok


@pytest.mark.parametrize("value", ["=HYPERLINK(\"http://x\")", "+49 203", "-1", "@SUM(A1)", "  =1+1"])
def test_cells_that_spreadsheets_would_run_as_formulas_are_refused(app, tmp_path, value):
    path = write_csv(tmp_path / "f.csv", [CANDIDATE_HEADER, candidate(first_name=value)])
    validation = check(path)
    assert [(p.row, p.column) for p in validation.problems] == [(2, "Vorname")]
    assert "=, +, - oder @" in validation.problems[0].message


def test_a_formula_hidden_in_a_list_entry_is_refused_too(app, tmp_path):
    path = write_csv(tmp_path / "f.csv", [CANDIDATE_HEADER, candidate(occupations="Bäcker, =cmd")])
    assert check(path).problems[0].column == "Berufserfahrung"


def test_an_xlsx_formula_cell_is_refused_with_a_hint_to_paste_values(app, tmp_path):
    path = write_xlsx(tmp_path / "f.xlsx", [CANDIDATE_HEADER, candidate()], formulas={"C2": '=IF(1,"B1","A1")'})
    validation = check(path)
    assert [(p.row, p.column) for p in validation.problems] == [(2, "Deutsch")]
    assert "Formel" in validation.problems[0].message


def test_a_candidate_row_without_consent_is_refused(app, tmp_path):
    rows = [CANDIDATE_HEADER, candidate(consent="nein"), candidate(consent="")]
    validation = check(write_csv(tmp_path / "c.csv", rows))
    assert [(p.row, p.column) for p in validation.problems] == [(2, "Einwilligung"), (3, "Einwilligung")]
    assert "Einwilligung" in validation.problems[0].message


def test_consent_defaults_to_today_and_may_not_lie_in_the_future(app, tmp_path):
    header = [*CANDIDATE_HEADER, "Einwilligung am"]
    rows = [header, [*candidate(), ""], [*candidate(), "2025-03-01"], [*candidate(), "01.01.2999"]]
    validation = check(write_csv(tmp_path / "c.csv", rows))
    assert [r.record.consent_given_on for r in validation.rows] == [today(), date(2025, 3, 1)]
    assert [(p.row, p.column) for p in validation.problems] == [(4, "Einwilligung am")]


def test_candidate_values_are_read_by_their_german_labels_or_stored_values(app, tmp_path):
    header = ["Vorname", "Nachname (Initiale)", "Deutsch", "Einwilligung", "Herkunftsregion", "Arbeitserlaubnis",
              "Qualifikationen", "Gewünschte Angebotsarten", "Stadtteile", "Fähigkeiten", "Deutsch-Zertifikat",
              "Verfügbar ab", "Geburtsjahr"]
    row = ["Jürgen", "M.", "b2 – gut", "Ja", "EU - Südosteuropa", "Zustimmung der Ausländerbehörde nötig",
           "Bäckergeselle (in Anerkennung), Staplerschein (anerkannt), Erste Hilfe", "EQ, Ausbildung",
           "Hamborn, Neudorf-Süd", "Teig kneten:1,5, Kassieren", "nein", "01.09.2027", "1990"]
    validation = check(write_csv(tmp_path / "v.csv", [header, row], "cp1252"))
    assert validation.ok, messages(validation)
    data = validation.rows[0].record.data
    assert (data.first_name, data.last_initial, data.german_level) == ("Jürgen", "M", GermanLevel.B2)
    assert data.origin_region is OriginRegion.EU_SUEDOST and data.work_permit is WorkPermit.ZUSTIMMUNG
    assert [q.recognition for q in data.qualifications] == [
        Recognition.IN_ANERKENNUNG, Recognition.ANERKANNT, Recognition.KEINE]
    assert data.desired_kinds == [SlotKind.EQ, SlotKind.AUSBILDUNG]
    assert data.district_ids == [district("Hamborn").id, district("Neudorf-Süd").id]  # a Stadtbezirk stands for itself
    assert [(s.name, s.years) for s in data.skills] == [("Teig kneten", 1.5), ("Kassieren", None)]
    assert (data.available_from, data.birth_year, data.german_certified) == (date(2027, 9, 1), 1990, False)


@pytest.mark.parametrize(("column", "value", "fragment"), [
    ("Herkunftsregion", "Mars", "Unbekannter Wert „Mars“"),
    ("Arbeitserlaubnis", "vielleicht", "Beschäftigung erlaubt"),
    ("Gewünschte Angebotsarten", "Praktikum, Weltreise", "„Weltreise“"),
    ("Stadtteile", "Marxlo", "Meinten Sie „Marxloh“"),
    ("Qualifikationen", "Koch (vielleicht)", "die Anerkennung unbekannt"),
    ("Berufserfahrung", "Bäcker:drei", "Bäcker:3"),
    ("Deutsch-Zertifikat", "vielleicht", "„ja“ oder „nein“"),
    ("Verfügbar ab", "31.02.2027", "gibt es nicht"),
    ("Verfügbar ab", "nächste Woche", "TT.MM.JJJJ"),
    ("Geburtsjahr", "98", "Geburtsjahr"),
    ("Nachname (Initiale)", "Müller", "Initiale"),
])
def test_unknown_or_malformed_values_are_named_in_german(app, tmp_path, column, value, fragment):
    header = [*CANDIDATE_HEADER, column] if column not in CANDIDATE_HEADER else CANDIDATE_HEADER
    row = [*candidate(), value] if column not in CANDIDATE_HEADER else candidate()
    row[header.index(column)] = value
    validation = check(write_csv(tmp_path / "u.csv", [header, row]))
    assert [(p.row, p.column) for p in validation.problems] == [(2, column)]
    assert fragment in validation.problems[0].message


def test_slot_rows_read_kinds_numbers_yes_no_and_dates(app, tmp_path):
    header = [*SLOT_HEADER, "Plätze", "Wochenstunden", "Sprachförderung", "Schichtarbeit", "Dauer (Wochen)"]
    rows = [header, [*slot(start="sofort"), "3", "38,0", "ja", "x", "4"],
            [*slot(kind="Einstiegsqualifizierung", start="2027-02-01"), "", "", "", "", ""]]
    validation = check(write_csv(tmp_path / "s.csv", rows, separator=","), kind=SLOTS)
    assert validation.ok, messages(validation)
    first, second = (row.record for row in validation.rows)
    assert (first.kind, first.start_date, first.open_positions, first.weekly_hours) == (SlotKind.PRAKTIKUM, None, 3, 38)
    assert (first.language_support, first.shift_work, first.duration_weeks) == (True, True, 4)
    assert first.skills == ["Kassieren", "Größe sortieren"]
    assert (second.kind, second.start_date, second.open_positions) == (SlotKind.EQ, date(2027, 2, 1), 1)


def test_slot_numbers_out_of_range_are_refused(app, tmp_path):
    header = [*SLOT_HEADER, "Plätze", "Wochenstunden"]
    rows = [header, [*slot(), "0", "61"], [*slot(), "2,5", "viel"]]
    validation = check(write_csv(tmp_path / "n.csv", rows), kind=SLOTS)
    assert {(p.row, p.column) for p in validation.problems} == {
        (2, "Plätze"), (2, "Wochenstunden"), (3, "Plätze"), (3, "Wochenstunden")}


def test_a_slot_contact_must_be_an_active_colleague_and_defaults_to_the_importer(app, tmp_path):
    me = employer_user()
    colleague = employer_user(organisation=me.organisation, email="kollegin@example.org")
    employer_user(email="fremd@example.org")
    header = [*SLOT_HEADER, "Ansprechperson (E-Mail)"]
    rows = [header, [*slot(), "Kollegin@Example.org"], [*slot(), ""], [*slot(), "fremd@example.org"]]
    validation = check(write_csv(tmp_path / "k.csv", rows), kind=SLOTS, user=me)
    assert [r.record.contact_person_id for r in validation.rows] == [colleague.id, me.id]
    assert [(p.row, p.column) for p in validation.problems] == [(4, "Ansprechperson (E-Mail)")]


def test_the_templates_are_valid_files_of_their_own_kind(app, tmp_path):
    for kind in (CANDIDATES, SLOTS):
        spec = imports.SPECS[kind]
        for name, content in (("v.csv", imports.template_csv(spec)), ("v.xlsx", imports.template_xlsx(spec))):
            path = tmp_path / name
            path.write_bytes(content)
            validation = check(path, kind=kind)
            assert validation.ok and len(validation.rows) == 1, (kind, name, messages(validation))


@pytest.mark.parametrize(("column", "value", "expected"), [
    ("Gewünschte Angebotsarten", "EQ, helfertätigkeit", [SlotKind.EQ, SlotKind.HELFER]),
    ("Arbeitserlaubnis", "nicht erlaubt", WorkPermit.NICHT_ERLAUBT),
    ("Arbeitserlaubnis", "Zustimmung", WorkPermit.ZUSTIMMUNG),
    ("Herkunftsregion", "Europa außerhalb der EU", OriginRegion.EUROPA_NICHT_EU),
    ("Herkunftsregion", "afrika suedlich der sahara", OriginRegion.SUBSAHARA),
])
def test_short_forms_of_choices_are_understood(app, tmp_path, column, value, expected):
    field = {"Gewünschte Angebotsarten": "desired_kinds", "Arbeitserlaubnis": "work_permit",
             "Herkunftsregion": "origin_region"}[column]
    validation = check(write_csv(tmp_path / "k.csv", [[*CANDIDATE_HEADER, column], [*candidate(), value]]))
    assert validation.ok, messages(validation)
    assert getattr(validation.rows[0].record.data, field) == expected


def _with_shared_strings(path, count: int):
    """The attack: a small workbook whose shared-string table holds `count` tiny texts."""
    import zipfile

    with zipfile.ZipFile(path) as original:
        members = {info.filename: original.read(info) for info in original.infolist()}
    table = (f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{count}" '
             f'uniqueCount="{count}">' + "<si><t>x</t></si>" * count + "</sst>").encode()
    members["xl/sharedStrings.xml"] = table
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as hostile:
        for name, data in members.items():
            hostile.writestr(name, data)
    return path


def test_a_small_xlsx_with_millions_of_shared_strings_is_refused_before_parsing(app, tmp_path):
    import tracemalloc

    path = _with_shared_strings(write_xlsx(tmp_path / "bombe.xlsx", [CANDIDATE_HEADER, candidate()]), 1_000_000)
    assert path.stat().st_size < 500_000
    tracemalloc.start()
    with pytest.raises(imports.ImportFileError, match="entpackt zu groß"):
        read(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 60 * 2**20  # the file itself, not a million parsed strings


def test_cells_far_to_the_right_are_never_read(app, tmp_path):
    import openpyxl

    path = write_xlsx(tmp_path / "breit.xlsx", [CANDIDATE_HEADER, candidate()])
    workbook = openpyxl.load_workbook(path)
    workbook.active.cell(row=2, column=16000, value="weit rechts")
    workbook.save(path)
    table = read(path)
    assert all(len(cells) <= 100 for _, cells in table.rows)
