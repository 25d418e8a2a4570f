"""Imports take an optional KldB column: slots one code, profiles one per prior occupation."""

import sqlalchemy as sa
from openpyxl import load_workbook

from matchmaker.extensions import db
from matchmaker.models import Candidate, ImportKind, Slot
from matchmaker.services import imports
from tests.factories import caseworker, employer_user
from tests.import_files import CANDIDATE_HEADER, SLOT_HEADER, candidate, slot, write_csv, write_xlsx
from tests.web.test_imports import problems, staged, upload


def _confirm(client, batch_id: int) -> None:
    assert client.post(f"/import/batches/{batch_id}/confirm").status_code == 302


def test_slots_import_a_kldb_column_as_the_confirmed_occupation(client, login_as, tmp_path):
    login_as(employer_user())
    path = write_csv(tmp_path / "angebote.csv", [
        [*SLOT_HEADER, "KldB"],
        [*slot(title="Anlagenmechaniker SHK (m/w/d)"), "34202"],
        [*slot(title="Verkauf"), ""],
    ])
    _confirm(client, staged(client, path, kind="slots"))
    codes = db.session.scalars(sa.select(Slot.occupation_code).order_by(Slot.id)).all()
    assert codes == ["34202", None]


def test_a_kldb_number_cell_of_an_xlsx_keeps_its_leading_zero(client, login_as, tmp_path):
    login_as(employer_user())
    path = write_xlsx(tmp_path / "angebote.xlsx", [[*SLOT_HEADER, "KldB"], [*slot(start="sofort"), 1104]])
    _confirm(client, staged(client, path, kind="slots"))
    assert db.session.scalars(sa.select(Slot.occupation_code)).one() == "01104"


def test_bad_slot_codes_are_listed_by_row_and_column(client, login_as, tmp_path):
    login_as(employer_user())
    path = write_csv(tmp_path / "angebote.csv", [
        [*SLOT_HEADER, "KldB"], [*slot(), "3420"], [*slot(), "00000"], [*slot(), "34202"]])
    found = problems(upload(client, path, kind="slots"))
    assert len(found) == 2
    assert found[0].startswith("2 KldB") and "ist kein KldB-Code" in found[0]
    assert found[1].startswith("3 KldB") and "gibt es in der Berufsliste" in found[1]
    assert db.session.scalars(sa.select(Slot)).first() is None


def test_profiles_import_codes_for_their_occupations_in_order(client, login_as, tmp_path):
    login_as(caseworker())
    path = write_csv(tmp_path / "profile.csv", [
        [*CANDIDATE_HEADER, "KldB"],
        [*candidate(occupations="Bäcker:3, Installateur:2, Koch"), " , 34202"],
        [*candidate(first_name="Dawit", occupations="Bäcker (KldB 29222)"), ""],
    ])
    _confirm(client, staged(client, path))
    first, second = db.session.scalars(sa.select(Candidate).order_by(Candidate.id)).all()
    assert first.occupations == [{"name": "Bäcker", "years": 3},
                                 {"name": "Installateur", "years": 2, "kldb": "34202"},
                                 {"name": "Koch", "years": None}]
    assert second.occupations == [{"name": "Bäcker", "years": None, "kldb": "29222"}]


def test_profile_code_problems_name_row_and_column(client, login_as, tmp_path):
    login_as(caseworker())
    path = write_csv(tmp_path / "profile.csv", [
        [*CANDIDATE_HEADER, "KldB"],
        [*candidate(occupations="Bäcker"), "29222, 34202"],
        [*candidate(occupations="Bäcker (KldB 29222)"), "34202"],
        [*candidate(occupations="Bäcker"), "2922"],
        [*candidate(occupations="Bäcker (KldB 99)"), ""],
    ])
    found = problems(upload(client, path))
    assert len(found) == 4
    assert found[0].startswith("2 KldB") and "2 Codes" in found[0]
    assert found[1].startswith("3 KldB") and "zwei verschiedene KldB-Codes" in found[1]
    assert found[2].startswith("4 KldB") and "ist kein KldB-Code" in found[2]
    assert found[3].startswith("5 Berufserfahrung") and "ist kein KldB-Code" in found[3]
    assert db.session.scalars(sa.select(Candidate)).first() is None


def test_both_templates_offer_the_kldb_column(client, login_as, tmp_path):
    for kind, user in ((ImportKind.SLOTS, employer_user()), (ImportKind.CANDIDATES, caseworker())):
        headers = [column.header for column in imports.SPECS[kind].columns]
        assert "KldB" in headers
        login_as(user)
        assert "KldB" in client.get(f"/import/{kind.value}/vorlage.csv").data.decode("utf-8-sig").splitlines()[0]
        path = tmp_path / f"{kind.value}.xlsx"
        path.write_bytes(client.get(f"/import/{kind.value}/vorlage.xlsx").data)
        assert "KldB" in [cell.value for cell in load_workbook(path).active[1]]
        client.post("/logout")


def test_the_import_command_reads_the_kldb_column_too(runner, tmp_path):
    me = employer_user()
    path = write_csv(tmp_path / "angebote.csv", [[*SLOT_HEADER, "KldB"], [*slot(), "34202"]])
    result = runner.invoke(args=["import", "slots", str(path), "--organisation", str(me.organisation_id)])
    assert result.exit_code == 0, result.output
    assert db.session.scalars(sa.select(Slot.occupation_code)).one() == "34202"
    bad = write_csv(tmp_path / "falsch.csv", [[*SLOT_HEADER, "KldB"], [*slot(), "123"]])
    result = runner.invoke(args=["import", "slots", str(bad), "--organisation", str(me.organisation_id)])
    assert result.exit_code != 0
    assert "Zeile 2" in result.output and "KldB" in result.output
