"""Command-line tools: the first coordinator, demo data, districts."""

import sqlalchemy as sa

from matchmaker.extensions import db
from matchmaker.models import Candidate, Contact, District, Organisation, Slot, User, VerificationStatus
from tests.conftest import login
from tests.factories import employer_user


def test_the_first_coordinator_comes_from_the_command_line(runner, client):
    result = runner.invoke(args=["users", "create-coordinator", "--email", "Chefin@Stadt.example",
                                 "--name", "Chefin", "--password", "sehr-geheim-123"])
    assert result.exit_code == 0, result.output
    user = db.session.scalars(sa.select(User).where(User.email == "chefin@stadt.example")).one()
    assert user.role.value == "coordinator"
    assert login(client, "chefin@stadt.example", "sehr-geheim-123").status_code == 302
    result = runner.invoke(args=["users", "create-coordinator", "--email", "zwei@stadt.example",
                                 "--name", "Zwei", "--password", "sehr-geheim-123"])
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Organisation)) == 1  # one office


def test_create_coordinator_refuses_a_taken_email_and_short_passwords(runner):
    employer_user(email="da@example.org")
    taken = runner.invoke(args=["users", "create-coordinator", "--email", "da@example.org", "--name", "X",
                                "--password", "sehr-geheim-123"])
    short = runner.invoke(args=["users", "create-coordinator", "--email", "neu@example.org", "--name", "X",
                                "--password", "kurz"])
    assert taken.exit_code != 0 and "schon einen Zugang" in taken.output
    assert short.exit_code != 0 and "10 Zeichen" in short.output


def test_demo_load_creates_three_logins_and_is_idempotent(runner, client):
    first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0, first.output
    second = runner.invoke(args=["demo", "load"])
    assert "0 neue Zugänge" in second.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 3 + 8  # + history, no logins
    for email, home in [("betrieb@example.org", "/employer/"), ("beratung@example.org", "/caseworker/"),
                        ("koordination@example.org", "/coordinator/")]:
        assert login(client, email, "kurzer-draht-demo").status_code == 302
        assert client.get("/home").headers["Location"] == home
        client.post("/logout")
    employer = db.session.scalars(sa.select(User).where(User.email == "betrieb@example.org")).one()
    assert employer.organisation.verification_status is VerificationStatus.VERIFIED
    # Enough to look at, and not doubled by the second run.
    demo_org = employer.organisation_id
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Slot).where(Slot.organisation_id == demo_org)) == 3
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Candidate)) == 4 + 90  # demo + history
    history = db.session.scalar(sa.select(sa.func.count()).select_from(Contact).where(Contact.placed_on.is_not(None)))
    assert history >= 10  # placements spread over past months, for evaluation
    waiting = db.session.scalar(sa.select(sa.func.count()).select_from(Contact).where(Contact.status == "proposed"))
    assert waiting >= 2  # at least the one proposal waiting on each side


def test_demo_load_if_empty_leaves_a_used_database_alone(runner):
    employer_user()
    result = runner.invoke(args=["demo", "load", "--if-empty"])
    assert "nicht geladen" in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 1


def test_demo_load_is_refused_in_production(runner, app):
    app.config["APP_ENV"] = "production"
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code != 0
    assert "Produktion" in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


def test_districts_load_reads_a_city_file(runner, tmp_path):
    path = tmp_path / "stadt.json"
    path.write_text('{"city": "Musterstadt", "bezirke": [{"name": "Nord", "ortsteile": [{"name": "Hafen"}]}]}')
    result = runner.invoke(args=["districts", "load", str(path)])
    assert result.exit_code == 0, result.output
    assert "Musterstadt: 2 Stadtteile neu" in result.output
    assert db.session.scalars(sa.select(District).where(District.name == "Hafen")).one()


def test_districts_load_rejects_a_broken_file_with_a_message(runner, tmp_path):
    path = tmp_path / "kaputt.json"
    path.write_text("{")
    result = runner.invoke(args=["districts", "load", str(path)])
    assert result.exit_code != 0
    assert "ungültig" in result.output


def _ba_workbook(path):
    """A small workbook shaped like the BA's Gesamtberufsliste (header in row 4)."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Impressum"
    sheet = book.create_sheet("Gesamtberufsliste der BA")
    for _ in range(3):
        sheet.append([])
    sheet.append(["DKZ-ID", "Codenummer", "Zustand", "Bezeichnung neutral kurz", "Bezeichnung männlich lang",
                  "Bezeichnung weiblich lang"])
    sheet.append([1, "B 29222-100", "E", "Bäcker/in", "Bäcker", "Bäckerin"])
    sheet.append([2, "B 29201-101", "T", "Helfer/in - Bäckerei", None, None])
    sheet.append([3, "kein Code", "E", "Zeile ohne Code", None, None])
    book.save(path)


def test_the_occupation_file_is_rebuilt_from_a_newer_ba_list(runner, tmp_path):
    from matchmaker.matching.occupations import load_titles

    source, target = tmp_path / "liste.xlsx", tmp_path / "berufsliste.tsv.gz"
    _ba_workbook(source)
    result = runner.invoke(args=["occupations", "build", str(source), "--out", str(target)])
    assert result.exit_code == 0, result.output
    assert "2 Berufsbezeichnungen" in result.output
    titles = load_titles(target)
    assert [(t.code, t.state, t.title, t.forms) for t in titles] == [
        ("29201", "T", "Helfer/in - Bäckerei", ()), ("29222", "E", "Bäcker/in", ("Bäcker", "Bäckerin"))]


def test_a_file_that_is_no_ba_list_gets_a_clear_message(runner, tmp_path):
    from openpyxl import Workbook

    source = tmp_path / "falsch.xlsx"
    Workbook().save(source)
    result = runner.invoke(args=["occupations", "build", str(source), "--out", str(tmp_path / "x.tsv.gz")])
    assert result.exit_code != 0
    assert "Berufsliste konnte nicht gelesen werden" in result.output
