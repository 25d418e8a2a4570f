"""On a phone, in real Chromium: an employer posts a slot; a caseworker creates a profile
with consent."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from matchmaker.extensions import db
from matchmaker.models import Candidate, Slot, SlotStatus
from tests.factories import EmployerFactory, caseworker, district, employer_user

from .pages import log_in

try:
    from playwright.sync_api import Page, expect
except ImportError:  # the `browser` fixture then skips, or fails under REQUIRE_BROWSER=1
    Page = expect = None

pytestmark = pytest.mark.browser



def test_employer_posts_a_slot_from_a_phone(live_server, phone_page: Page):
    owner = employer_user(organisation=EmployerFactory(district=district("Marxloh")))
    page = phone_page
    log_in(page, owner.email)
    page.get_by_test_id("home-new-slot").tap()

    page.get_by_label("Beruf oder Tätigkeit").fill("Bäcker/in")
    page.get_by_label("Art des Angebots").select_option(label="Ausbildung")
    page.get_by_label("Was die Person mitbringen sollte").fill("Teig kneten, Frühschicht")
    page.get_by_label("Wir unterstützen Deutschlernen im Betrieb (Sprachförderung)").check()
    page.get_by_test_id("publish-slot").tap()

    expect(page.get_by_test_id("slot-title")).to_contain_text("Bäcker/in")
    expect(page.get_by_role("status").filter(has_text="veröffentlicht")).to_be_visible()
    slot = db.session.scalars(sa.select(Slot)).one()
    assert (slot.status, slot.district.name, slot.language_support) == (SlotStatus.OPEN, "Marxloh", True)
    assert slot.skills == ["Teig kneten", "Frühschicht"]

    # Suggestions while typing come from tags in use (progressive enhancement).
    page.goto("/employer/slots/new")
    page.get_by_label("Was die Person mitbringen sollte").press_sequentially("Teig")
    expect(page.locator("datalist option").first).to_have_attribute("value", "Teig kneten", timeout=5000)

    page.goto("/employer/slots/")
    expect(page.get_by_test_id("slots")).to_contain_text("Bäcker/in")
    page.get_by_role("link", name="Bäcker/in").tap()
    page.get_by_test_id("pause").tap()
    expect(page.get_by_test_id(f"slot-status-{slot.id}")).to_have_text("pausiert")


def test_caseworker_creates_a_profile_with_consent_on_a_phone(live_server, phone_page: Page, axe):
    worker = caseworker()
    page = phone_page
    log_in(page, worker.email)
    page.get_by_test_id("home-new-candidate").tap()

    page.get_by_label("Vorname").fill("Amira")
    page.get_by_label("Anfangsbuchstabe des Nachnamens").fill("K")
    page.get_by_label("Deutschkenntnisse", exact=True).select_option("B1")
    page.get_by_label("Fähigkeiten", exact=True).fill("Kassieren:2, Lager")
    page.get_by_test_id("save-candidate").tap()

    # Without consent there is no profile, and nothing typed is lost.
    expect(page.get_by_test_id("error-consent")).to_have_text("Ohne Einwilligung kann kein Profil angelegt werden.")
    expect(page.get_by_label("Vorname")).to_have_value("Amira")
    assert db.session.scalars(sa.select(Candidate)).first() is None

    # Districts by plain taps: open a Bezirk, tick Ortsteile; chips show the choice.
    picker = page.locator("[data-district-picker]")
    expect(picker.locator("[data-chips]")).to_contain_text("keine Auswahl")
    picker.locator("summary", has_text="Hamborn").tap()
    picker.get_by_label("Marxloh", exact=True).check()
    picker.get_by_label("Neumühl").check()
    expect(picker.locator(".chip")).to_have_text(["Marxloh", "Neumühl"])
    picker.get_by_label("ganz Hamborn").check()  # the whole Bezirk covers its Ortsteile
    expect(picker.get_by_label("Marxloh", exact=True)).not_to_be_checked()
    expect(picker.locator(".chip")).to_have_text(["ganz Hamborn"])
    picker.get_by_label("ganz Hamborn").uncheck()
    picker.get_by_label("Marxloh", exact=True).check()

    page.get_by_label("Das pseudonyme Profil darf freigeschalteten Betrieben gezeigt werden.").check()
    page.get_by_test_id("save-candidate").tap()

    pseudonym = page.get_by_test_id("pseudonym")
    expect(pseudonym).to_have_text(re.compile(r"K-[2-9A-Z]{4}"))
    candidate = db.session.scalars(sa.select(Candidate)).one()
    assert candidate.consent_recorded_by_id == worker.id
    assert [d.name for d in candidate.districts] == ["Marxloh"]
    axe.check(page)
    page.get_by_test_id("history-link").tap()
    expect(page.get_by_test_id("history")).to_contain_text("Profil angelegt")
    axe.check(page)


def test_caseworker_imports_a_csv_fixes_the_bad_row_and_imports_on_a_phone(live_server, phone_page: Page, tmp_path):
    worker = caseworker()
    header = "Vorname;Nachname (Initiale);Deutsch;Fähigkeiten;Stadtteile;Einwilligung\n"
    good = "Amira;K;B1;Kassieren:2, Lager;Marxloh;ja\n"
    bad = tmp_path / "profile.csv"
    bad.write_text(header + good + "Dawit;T;B7;Lager;Hochfeld;ja\n", encoding="cp1252")
    page = phone_page
    log_in(page, worker.email)
    page.get_by_test_id("nav-import").tap()

    page.locator("input[type=file]").set_input_files(str(bad))
    page.get_by_test_id("import-upload").tap()
    problems = page.get_by_test_id("import-problem")
    expect(problems).to_have_count(1)
    expect(problems.first).to_contain_text("3")  # the row as the spreadsheet numbers it
    expect(problems.first).to_contain_text("Deutsch")
    assert db.session.scalars(sa.select(Candidate)).first() is None

    fixed = tmp_path / "profile-korrigiert.csv"
    fixed.write_text(header + good + "Dawit;T;B2;Lager;Hochfeld;ja\n", encoding="cp1252")
    page.goto("/import/candidates")
    page.locator("input[type=file]").set_input_files(str(fixed))
    page.get_by_test_id("import-upload").tap()
    expect(page.get_by_test_id("import-count")).to_have_text("2")
    page.get_by_test_id("import-confirm").tap()
    expect(page.get_by_test_id("import-done")).to_be_visible()

    names = sorted(c.first_name for c in db.session.scalars(sa.select(Candidate)))
    assert names == ["Amira", "Dawit"]
    page.get_by_test_id("nav-candidates").tap()
    expect(page.get_by_test_id("candidates")).to_contain_text("Amira")
