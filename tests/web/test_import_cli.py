"""`flask import candidates|slots`: the same rules as the web, for large files, with a progress bar."""

from datetime import datetime

import sqlalchemy as sa

from matchmaker.extensions import db
from matchmaker.models import Candidate, Slot, SlotStatus
from tests.factories import AgencyFactory, EmployerFactory, caseworker, employer_user
from tests.import_files import CANDIDATE_HEADER, SLOT_HEADER, candidate, slot, write_csv, write_xlsx


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_import_candidates_writes_every_row_as_the_agencys_first_person(runner, tmp_path):
    agency = AgencyFactory()
    first, _second = caseworker(organisation=agency), caseworker(organisation=agency)
    path = write_csv(tmp_path / "profile.csv", [CANDIDATE_HEADER, candidate(), candidate("Jürgen")], "cp1252")
    result = runner.invoke(args=["import", "candidates", str(path), "--agency", str(agency.id)])
    assert result.exit_code == 0, result.output
    assert "Zeilen prüfen" in result.output and "Schreiben" in result.output
    assert f"2 Profile für {agency.name} angelegt." in result.output
    rows = db.session.scalars(sa.select(Candidate)).all()
    assert {(c.agency_id, c.created_by_id) for c in rows} == {(agency.id, first.id)}


def test_the_command_prints_every_problem_and_writes_nothing(runner, tmp_path):
    agency = caseworker().organisation
    rows = [CANDIDATE_HEADER, candidate(), candidate(level="B9"), candidate(consent="nein", districts="Atlantis")]
    result = runner.invoke(args=["import", "candidates", str(write_csv(tmp_path / "p.csv", rows)),
                                 "--agency", str(agency.id)])
    assert result.exit_code != 0
    assert "Zeile 3, Spalte „Deutsch“: Unbekanntes Sprachniveau „B9“" in result.output
    assert "Zeile 4, Spalte „Stadtteile“: Unbekannter Stadtteil „Atlantis“." in result.output
    assert "Zeile 4, Spalte „Einwilligung“" in result.output
    assert "3 Probleme in p.csv; es wurde nichts importiert." in result.output
    assert count(Candidate) == 0


def test_an_unreadable_file_is_one_clear_message(runner, tmp_path):
    agency = caseworker().organisation
    path = write_csv(tmp_path / "u.csv", [CANDIDATE_HEADER, candidate()], "utf-16")
    result = runner.invoke(args=["import", "candidates", str(path), "--agency", str(agency.id)])
    assert result.exit_code != 0
    assert "UTF-16" in result.output and "CSV UTF-8" in result.output


def test_import_slots_reads_xlsx_and_keeps_an_unverified_employers_slots_as_drafts(runner, tmp_path):
    employer = EmployerFactory(unverified=True)
    employer_user(organisation=employer)
    path = write_xlsx(tmp_path / "a.xlsx", [SLOT_HEADER, slot(start=datetime(2027, 1, 4)), slot()])
    result = runner.invoke(args=["import", "slots", str(path), "--organisation", str(employer.id)])
    assert result.exit_code == 0, result.output
    assert "als Entwürfe gespeichert" in result.output
    assert db.session.scalars(sa.select(Slot.status)).all() == [SlotStatus.DRAFT, SlotStatus.DRAFT]


def test_the_command_has_no_web_row_limit(runner, tmp_path):
    employer = employer_user().organisation
    path = write_csv(tmp_path / "viele.csv", [SLOT_HEADER, *[slot()] * 5001])
    result = runner.invoke(args=["import", "slots", str(path), "--organisation", str(employer.id)])
    assert result.exit_code == 0, result.output
    assert count(Slot) == 5001


def test_the_acting_user_can_be_chosen_but_only_from_that_organisation(runner, tmp_path):
    employer = EmployerFactory()
    employer_user(organisation=employer)
    chosen = employer_user(organisation=employer, email="chefin@example.org")
    outsider = employer_user(email="fremd@example.org")
    path = write_csv(tmp_path / "a.csv", [SLOT_HEADER, slot()])
    base = ["import", "slots", str(path), "--organisation", str(employer.id), "--user"]
    refused = runner.invoke(args=[*base, outsider.email])
    assert refused.exit_code != 0 and "keine aktive Person" in refused.output
    assert runner.invoke(args=[*base, "Chefin@Example.org"]).exit_code == 0
    assert db.session.scalars(sa.select(Slot.created_by_id)).all() == [chosen.id]


def test_the_organisation_must_exist_and_be_of_the_right_kind(runner, tmp_path):
    agency, employer = caseworker().organisation, employer_user().organisation
    slots = write_csv(tmp_path / "a.csv", [SLOT_HEADER, slot()])
    profiles = write_csv(tmp_path / "p.csv", [CANDIDATE_HEADER, candidate()])
    wrong_kind = runner.invoke(args=["import", "slots", str(slots), "--organisation", str(agency.id)])
    wrong_agency = runner.invoke(args=["import", "candidates", str(profiles), "--agency", str(employer.id)])
    missing = runner.invoke(args=["import", "candidates", str(profiles), "--agency", "999999"])
    assert "keinen Betrieb mit der Id" in wrong_kind.output
    assert "keine Beratungsstelle mit der Id" in wrong_agency.output
    assert "keine Beratungsstelle mit der Id 999999" in missing.output
    assert count(Slot) == count(Candidate) == 0
