"""Importing profiles and slots on the web: preview, confirm once, all or nothing, and who may."""

import io
import re
from datetime import datetime

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from matchmaker.domain.clock import today
from matchmaker.extensions import db
from matchmaker.models import CONSENT_SCOPE, Candidate, ImportBatch, ImportKind, Slot, SlotStatus
from matchmaker.services import imports
from matchmaker.services.imports import batches
from tests.factories import (
    AgencyFactory,
    Committed,
    EmployerFactory,
    caseworker,
    coordinator,
    district,
    employer_user,
)
from tests.import_files import CANDIDATE_HEADER, SLOT_HEADER, candidate, slot, write_csv, write_xlsx


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def upload(client, path, kind="candidates", **fields):
    data = {"file": (io.BytesIO(path.read_bytes()), path.name), **fields}
    return client.post(f"/import/{kind}", data=data, content_type="multipart/form-data")


def staged(client, path, kind="candidates", **fields) -> int:
    response = upload(client, path, kind, **fields)
    assert response.status_code == 302, response.text
    return int(response.headers["Location"].rsplit("/", 1)[1])


def problems(response) -> list[str]:
    rows = re.findall(r'<tr data-testid="import-problem">(.*?)</tr>', response.text, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in rows]


def candidates_file(tmp_path, *rows, name="profile.csv", **options):
    return write_csv(tmp_path / name, [CANDIDATE_HEADER, *rows], **options)


def slots_file(tmp_path, *rows, name="angebote.csv"):
    return write_csv(tmp_path / name, [SLOT_HEADER, *(rows or [slot()])])


# -- the way through -------------------------------------------------------------------

def test_caseworker_sees_the_upload_form_with_both_template_downloads(client, login_as):
    login_as(caseworker())
    page = client.get("/import/candidates")
    assert page.status_code == 200
    for testid in ("import-form", "template-csv", "template-xlsx", "import-columns"):
        assert f'data-testid="{testid}"' in page.text
    assert client.get("/import/").headers["Location"] == "/import/candidates"


def test_the_csv_template_is_utf8_with_bom_and_semicolons_for_german_excel(client, login_as):
    login_as(employer_user())
    response = client.get("/import/slots/vorlage.csv")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.data.startswith(b"\xef\xbb\xbf")
    lines = response.data.decode("utf-8-sig").splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("Titel;Art;Deutsch mindestens;Beschreibung;Fähigkeiten")


def test_the_xlsx_template_has_the_same_header_row(client, login_as, tmp_path):
    login_as(caseworker())
    response = client.get("/import/candidates/vorlage.xlsx")
    path = tmp_path / "vorlage.xlsx"
    path.write_bytes(response.data)
    header = [cell.value for cell in load_workbook(path).active[1]]
    assert header == [column.header for column in imports.SPECS[ImportKind.CANDIDATES].columns]


def test_an_upload_shows_count_and_first_rows_and_writes_nothing_yet(client, login_as, tmp_path):
    login_as(caseworker())
    batch_id = staged(client, candidates_file(tmp_path, candidate(), candidate("Jürgen", "M")))
    page = client.get(f"/import/batches/{batch_id}")
    assert '<strong data-testid="import-count">2</strong>' in page.text
    assert "Jürgen" in page.text and "Bäcker (3 J.)" in page.text
    assert 'data-testid="import-confirm"' in page.text and 'data-testid="import-cancel"' in page.text
    assert count(Candidate) == 0


def test_confirming_writes_every_profile_with_consent_recorded(client, login_as, tmp_path):
    me = caseworker()
    login_as(me)
    batch_id = staged(client, candidates_file(tmp_path, candidate(), candidate("Jürgen", "M", districts="Hamborn")))
    response = client.post(f"/import/batches/{batch_id}/confirm")
    assert response.status_code == 302
    assert "2 Profile sind angelegt" in client.get(response.headers["Location"]).text
    rows = db.session.scalars(sa.select(Candidate).order_by(Candidate.first_name)).all()
    assert [(c.first_name, c.agency_id, c.consent_recorded_by_id) for c in rows] == [
        ("Amina", me.organisation_id, me.id), ("Jürgen", me.organisation_id, me.id)]
    assert all(c.consent_given_on == today() and c.consent_scope == CONSENT_SCOPE for c in rows)
    assert rows[1].occupations == [{"name": "Bäcker", "years": 3}]
    assert [d.name for d in rows[1].districts] == ["Hamborn"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
@pytest.mark.parametrize("separator", [";", ","])
def test_profiles_import_from_csv_in_every_encoding_and_separator(client, login_as, tmp_path, encoding, separator):
    login_as(caseworker())
    path = candidates_file(tmp_path, candidate("Jürgen", "Ö", occupations="Bäcker:2, Größe sortieren"),
                           encoding=encoding, separator=separator)
    batch_id = staged(client, path)
    client.post(f"/import/batches/{batch_id}/confirm")
    imported = db.session.scalars(sa.select(Candidate)).one()
    assert (imported.first_name, imported.last_initial) == ("Jürgen", "Ö")
    assert [o["name"] for o in imported.occupations] == ["Bäcker", "Größe sortieren"]


def test_slots_import_from_an_xlsx_file_with_real_dates(client, login_as, tmp_path):
    me = employer_user()
    login_as(me)
    path = write_xlsx(tmp_path / "angebote.xlsx", [SLOT_HEADER, slot(start=datetime(2027, 8, 1)), slot(start=None)])
    batch_id = staged(client, path, "slots")
    client.post(f"/import/batches/{batch_id}/confirm")
    rows = db.session.scalars(sa.select(Slot).order_by(Slot.id)).all()
    assert [str(s.start_date) for s in rows] == ["2027-08-01", "None"]
    assert rows[0].skills == ["Kassieren", "Größe sortieren"]
    assert rows[0].district_id == district("Hochfeld").id
    assert {(s.status, s.contact_person_id, s.organisation_id) for s in rows} == {
        (SlotStatus.OPEN, me.id, me.organisation_id)}


# -- problems --------------------------------------------------------------------------

def test_a_file_with_problems_lists_each_by_row_and_column_and_keeps_nothing(client, login_as, tmp_path):
    login_as(caseworker())
    path = candidates_file(tmp_path, candidate(), candidate(level="B7"),
                           candidate(districts="Atlantis", consent="nein"))
    response = upload(client, path)
    assert response.status_code == 422
    assert problems(response) == [
        "3 Deutsch Unbekanntes Sprachniveau „B7“. Erlaubt sind A1, A2, B1, B2, C1 und C2.",
        "4 Stadtteile Unbekannter Stadtteil „Atlantis“.",
        "4 Einwilligung Ohne Einwilligung („ja“) wird kein Profil angelegt. Bitte holen Sie die Einwilligung ein "
        "oder lassen Sie die Zeile weg.",
    ]
    assert 'data-testid="import-confirm"' not in response.text
    assert (count(ImportBatch), count(Candidate)) == (0, 0)


def test_an_xlsx_with_a_formula_cell_is_refused(client, login_as, tmp_path):
    login_as(employer_user())
    path = write_xlsx(tmp_path / "f.xlsx", [SLOT_HEADER, slot()], formulas={"A2": '=CONCAT("Pr","aktikum")'})
    response = upload(client, path, "slots")
    assert response.status_code == 422
    assert problems(response)[0].startswith("2 Titel Die Zelle enthält eine Formel")


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_csv_cells_starting_like_a_formula_are_refused(client, login_as, tmp_path, start):
    login_as(employer_user())
    response = upload(client, slots_file(tmp_path, slot(title=f"{start}Praktikum")), "slots")
    assert response.status_code == 422
    assert problems(response)[0].startswith("2 Titel Zellen dürfen nicht mit =, +, - oder @ beginnen")


def test_a_utf16_file_is_refused_with_a_german_hint(client, login_as, tmp_path):
    login_as(caseworker())
    response = upload(client, candidates_file(tmp_path, candidate(), encoding="utf-16"))
    assert response.status_code == 422
    [problem] = problems(response)
    assert problem.startswith("Datei – Die Datei ist als UTF-16")
    assert "UTF-16" in response.text and "CSV UTF-8 (durch Trennzeichen getrennt)" in response.text


def test_missing_columns_give_one_clear_message(client, login_as, tmp_path):
    login_as(employer_user())
    path = write_csv(tmp_path / "m.csv", [["Titel", "Stadtteil"], ["Lager", "Marxloh"]])
    found = problems(upload(client, path, "slots"))
    assert len(found) == 1
    assert "Es fehlen die Pflichtspalten „Art“, „Deutsch mindestens“." in found[0]


def test_a_candidate_row_without_consent_is_refused(client, login_as, tmp_path):
    login_as(caseworker())
    response = upload(client, candidates_file(tmp_path, candidate(consent="")))
    assert problems(response)[0].startswith("2 Einwilligung Ohne Einwilligung")


def test_more_rows_than_the_web_takes_are_sent_to_the_command(client, login_as, tmp_path):
    login_as(employer_user())
    path = slots_file(tmp_path, *[slot()] * (imports.WEB_MAX_ROWS + 1))
    response = upload(client, path, "slots")
    assert response.status_code == 422
    assert "mehr als 5.000 Zeilen" in response.text and "flask import" in response.text
    assert count(ImportBatch) == 0


def test_a_file_over_the_upload_limit_gets_the_german_413_page(client, login_as, app, tmp_path):
    login_as(employer_user())
    path = tmp_path / "riesig.csv"
    path.write_bytes(b"Titel;Art\r\n" + b"x" * app.config["MAX_CONTENT_LENGTH"])
    response = upload(client, path, "slots")
    assert response.status_code == 413
    assert "Datei zu groß" in response.text
    assert count(ImportBatch) == 0


def test_other_file_types_and_no_file_are_field_errors(client, login_as, tmp_path):
    login_as(caseworker())
    text = tmp_path / "notiz.txt"
    text.write_text("Vorname\nA\n")
    wrong = upload(client, text)
    empty = client.post("/import/candidates", data={}, content_type="multipart/form-data")
    assert wrong.status_code == empty.status_code == 422
    assert "CSV-Datei (.csv) oder Excel-Arbeitsmappe (.xlsx)" in wrong.text
    assert "Bitte wählen Sie eine Datei aus." in empty.text


# -- all or nothing, once --------------------------------------------------------------

def test_one_bad_row_means_nothing_is_written(client, login_as, tmp_path):
    login_as(caseworker())
    response = upload(client, candidates_file(tmp_path, candidate(), candidate(), candidate(level="Z1"), candidate()))
    assert response.status_code == 422
    assert len(problems(response)) == 1
    assert (count(Candidate), count(ImportBatch)) == (0, 0)


def test_when_writing_fails_everything_is_rolled_back_and_the_batch_stays_open(client, login_as, tmp_path,
                                                                                 monkeypatch):
    login_as(employer_user())
    batch_id = staged(client, slots_file(tmp_path, *[slot()] * 3), "slots")
    real = batches.create_slots_bulk

    def write_then_fail(*args, **kwargs):
        real(*args, **kwargs)
        raise RuntimeError("disk full")

    monkeypatch.setattr(batches, "create_slots_bulk", write_then_fail)
    failed = client.post(f"/import/batches/{batch_id}/confirm")
    assert "fehlgeschlagen; es wurde nichts gespeichert" in client.get(failed.headers["Location"]).text
    assert count(Slot) == 0
    assert db.session.get(ImportBatch, batch_id).imported_at is None
    monkeypatch.setattr(batches, "create_slots_bulk", real)
    client.post(f"/import/batches/{batch_id}/confirm")
    assert count(Slot) == 3


def test_a_file_that_no_longer_validates_at_confirmation_writes_nothing(client, login_as, tmp_path):
    me = employer_user()
    colleague = employer_user(organisation=me.organisation, email="kollege@example.org")
    login_as(me)
    path = write_csv(tmp_path / "k.csv", [[*SLOT_HEADER, "Ansprechperson (E-Mail)"], [*slot(), colleague.email]])
    batch_id = staged(client, path, "slots")
    colleague.active = False
    db.session.commit()
    response = client.post(f"/import/batches/{batch_id}/confirm")
    assert response.status_code == 422
    assert problems(response)[0].startswith("2 Ansprechperson (E-Mail)")
    assert count(Slot) == 0


def test_confirming_twice_imports_once(client, login_as, tmp_path):
    login_as(caseworker())
    batch_id = staged(client, candidates_file(tmp_path, candidate(), candidate()))
    client.post(f"/import/batches/{batch_id}/confirm")
    second = client.post(f"/import/batches/{batch_id}/confirm")
    page = client.get(second.headers["Location"])
    assert "schon importiert; es wurde nichts doppelt angelegt" in page.text
    assert 'data-testid="import-done"' in page.text
    assert count(Candidate) == 2
    batch = db.session.get(ImportBatch, batch_id)
    assert (batch.imported_rows, batch.content) == (2, b"")  # the personal data goes once written


def test_a_confirmation_that_loses_the_race_writes_nothing(app, tmp_path):
    me = caseworker()
    content = candidates_file(tmp_path, candidate()).read_bytes()
    _, batch = Committed(imports).stage(me, me.organisation, ImportKind.CANDIDATES, "profile.csv", content)
    # Another request confirms in between: this session still holds the batch as unconfirmed.
    with db.engine.begin() as other:
        other.execute(sa.update(ImportBatch).where(ImportBatch.id == batch.id).values(imported_rows=1,
                                                                                        imported_at=sa.func.now()))
    assert batch.imported_at is None
    with pytest.raises(imports.AlreadyImported):
        imports.confirm(me, batch)
    assert count(Candidate) == 0


def test_discarding_a_batch_deletes_the_file(client, login_as, tmp_path):
    login_as(caseworker())
    batch_id = staged(client, candidates_file(tmp_path, candidate()))
    response = client.post(f"/import/batches/{batch_id}/discard")
    assert response.headers["Location"] == "/import/candidates"
    assert (count(ImportBatch), count(Candidate)) == (0, 0)


def test_confirming_needs_a_csrf_token(client, login_as, app, tmp_path):
    me = caseworker()
    login_as(me)
    content = candidates_file(tmp_path, candidate()).read_bytes()
    _, batch = Committed(imports).stage(me, me.organisation, ImportKind.CANDIDATES, "profile.csv", content)
    app.config["WTF_CSRF_ENABLED"] = True
    refused = client.post(f"/import/batches/{batch.id}/confirm")
    assert refused.status_code == 400 and "Formular abgelaufen" in refused.text
    assert count(Candidate) == 0
    page = client.get(f"/import/batches/{batch.id}").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert client.post(f"/import/batches/{batch.id}/confirm", data={"csrf_token": token[1]}).status_code == 302
    assert count(Candidate) == 1


# -- who may ---------------------------------------------------------------------------

@pytest.mark.parametrize(("maker", "kind"), [(caseworker, "slots"), (employer_user, "candidates"),
                                             (coordinator, "candidates")])
def test_each_role_imports_only_its_own_kind(client, login_as, maker, kind):
    login_as(maker())
    assert client.get(f"/import/{kind}").status_code == 403
    assert client.get(f"/import/{kind}/vorlage.csv").status_code == 403


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    assert client.get("/import/candidates").headers["Location"].startswith("/login")


def test_caseworker_cannot_see_or_confirm_another_agencys_batch(client, login_as, tmp_path):
    owner = caseworker()
    login_as(owner)
    batch_id = staged(client, candidates_file(tmp_path, candidate()))
    client.post("/logout")
    login_as(caseworker())
    for method, path in [("get", ""), ("post", "/confirm"), ("post", "/discard")]:
        assert getattr(client, method)(f"/import/batches/{batch_id}{path}").status_code == 404
    assert (count(Candidate), count(ImportBatch)) == (0, 1)


def test_a_colleague_cannot_confirm_a_batch_someone_else_uploaded(client, login_as, tmp_path):
    owner = caseworker()
    login_as(owner)
    batch_id = staged(client, candidates_file(tmp_path, candidate()))
    client.post("/logout")
    login_as(caseworker(organisation=owner.organisation))
    assert client.post(f"/import/batches/{batch_id}/confirm").status_code == 404
    assert count(Candidate) == 0


def test_employer_cannot_import_for_another_organisation(client, login_as, tmp_path):
    me, other = employer_user(), EmployerFactory()
    login_as(me)
    batch_id = staged(client, slots_file(tmp_path), "slots", organisation=str(other.id))
    client.post(f"/import/batches/{batch_id}/confirm")
    assert db.session.scalars(sa.select(Slot.organisation_id)).all() == [me.organisation_id]


def test_employer_cannot_confirm_another_employers_batch(client, login_as, tmp_path):
    login_as(employer_user())
    batch_id = staged(client, slots_file(tmp_path), "slots")
    client.post("/logout")
    login_as(employer_user())
    assert client.post(f"/import/batches/{batch_id}/confirm").status_code == 404
    assert count(Slot) == 0


def test_an_unverified_employers_slots_arrive_as_drafts(client, login_as, tmp_path):
    login_as(employer_user(organisation=EmployerFactory(unverified=True)))
    batch_id = staged(client, slots_file(tmp_path, slot(), slot()), "slots")
    assert 'data-testid="import-drafts"' in client.get(f"/import/batches/{batch_id}").text
    done = client.post(f"/import/batches/{batch_id}/confirm")
    assert "als Entwürfe gespeichert" in client.get(done.headers["Location"]).text
    rows = db.session.scalars(sa.select(Slot)).all()
    assert [(s.status, s.published_at) for s in rows] == [(SlotStatus.DRAFT, None)] * 2


def test_coordinator_imports_slots_for_a_chosen_employer(client, login_as, tmp_path):
    employer = EmployerFactory(unverified=True, name="Bäckerei Yıldız")
    first_person = employer_user(organisation=employer)
    me = coordinator()
    login_as(me)
    assert "Bäckerei Yıldız" in client.get("/import/slots").text
    batch_id = staged(client, slots_file(tmp_path), "slots", organisation=str(employer.id))
    client.post(f"/import/batches/{batch_id}/confirm")
    imported = db.session.scalars(sa.select(Slot)).one()
    assert (imported.organisation_id, imported.created_by_id) == (employer.id, me.id)
    assert imported.contact_person_id == first_person.id  # the coordinator is nobody's contact there
    assert imported.status is SlotStatus.DRAFT


def test_coordinator_must_choose_an_employer_and_never_an_agency(client, login_as, tmp_path):
    login_as(coordinator())
    none = upload(client, slots_file(tmp_path), "slots")
    agency = upload(client, slots_file(tmp_path), "slots", organisation=str(AgencyFactory().id))
    assert none.status_code == agency.status_code == 422
    assert "Bitte wählen Sie einen Betrieb." in none.text
    assert (count(ImportBatch), count(Slot)) == (0, 0)


# -- rows to think twice about (issue 12) ------------------------------------------------

def test_the_same_file_twice_warns_about_every_row_and_skips_them_unless_told_otherwise(client, login_as, tmp_path):
    login_as(caseworker())
    path = candidates_file(tmp_path, candidate("Amina", "K"), candidate("Dawit", "M"))
    client.post(f"/import/batches/{staged(client, path)}/confirm", data={})
    assert count(Candidate) == 2
    batch_id = staged(client, path)
    preview = client.get(f"/import/batches/{batch_id}").text
    assert "2 Zeilen sollten Sie prüfen" in preview and "Gibt es schon: Profil K-" in preview
    assert 'name="skip" value="2" checked' in preview and 'name="skip" value="3" checked' in preview
    client.post(f"/import/batches/{batch_id}/confirm", data={"skip": ["2"]})  # Dawit is meant twice
    assert count(Candidate) == 3


def test_the_template_example_row_and_a_row_repeated_in_the_file_are_flagged(client, login_as, tmp_path):
    login_as(caseworker())
    header = [*CANDIDATE_HEADER, "Geburtsjahr"]
    path = write_csv(tmp_path / "p.csv", [header, [*candidate("Amina", "K"), "1998"],
                                           [*candidate("Leyla", "S"), "2001"], [*candidate("Leyla", "S"), "2001"]])
    batch_id = staged(client, path)
    preview = client.get(f"/import/batches/{batch_id}").text
    assert "Das ist die Beispielzeile aus der Vorlage." in preview
    assert "Steht schon in Zeile 3 dieser Datei." in preview
    response = client.post(f"/import/batches/{batch_id}/confirm", data={"skip": ["2", "4"]})
    assert response.status_code == 302
    assert [c.first_name for c in db.session.scalars(sa.select(Candidate))] == ["Leyla"]


def test_slots_with_a_title_the_business_already_has_are_flagged(client, login_as, tmp_path):
    boss = employer_user()
    from tests.factories import SlotFactory

    SlotFactory(organisation=boss.organisation, title="Verkauf in der Bäckerei", status=SlotStatus.OPEN)
    login_as(boss)
    batch_id = staged(client, slots_file(tmp_path, slot(), slot(title="Backstube")), kind="slots")
    preview = client.get(f"/import/batches/{batch_id}").text
    assert "Gibt es schon: Angebot „Verkauf in der Bäckerei“." in preview
    client.post(f"/import/batches/{batch_id}/confirm", data={"skip": ["2"]})
    assert sorted(db.session.scalars(sa.select(Slot.title))) == ["Backstube", "Verkauf in der Bäckerei"]


def test_skipping_every_row_imports_nothing_and_says_so(client, login_as, tmp_path):
    login_as(caseworker())
    path = candidates_file(tmp_path, candidate("Amina", "K"))
    client.post(f"/import/batches/{staged(client, path)}/confirm", data={})
    batch_id = staged(client, path)
    response = client.post(f"/import/batches/{batch_id}/confirm", data={"skip": ["2"]}, follow_redirects=True)
    assert "Alle Zeilen sind übersprungen" in response.text and count(Candidate) == 1
