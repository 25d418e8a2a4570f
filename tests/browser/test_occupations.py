"""In real Chromium: an employer sees which occupation the slot title was recognised as,
corrects it, and the slot's match list follows the correction."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from matchmaker.extensions import db
from matchmaker.models import Candidate
from matchmaker.services import matching
from tests.factories import CandidateFactory, EmployerFactory, caseworker, district, employer_user

from .pages import log_in

try:
    from playwright.sync_api import Page, expect
except ImportError:  # the `browser` fixture then skips, or fails under REQUIRE_BROWSER=1
    Page = expect = None

pytestmark = pytest.mark.browser

SHK_TITLE = "Anlagenmechaniker/in - Sanitär-, Heizungs- und Klimatechnik"
KLEMPNER = "34202"


@pytest.fixture(autouse=True)
def _engine_ready(app):
    """The engine loads the BA's list once per process (seconds); not while the browser waits."""
    matching.engine()


def test_employer_corrects_the_recognised_occupation_and_the_matches_follow(live_server, page: Page):
    owner = employer_user(organisation=EmployerFactory(district=district("Marxloh")))
    fits_the_guess = CandidateFactory(skills=[], occupations=[{"name": "Anlagenmechaniker SHK", "years": 3}])
    fits_the_correction = CandidateFactory(skills=[], occupations=[{"name": "Klempner/in", "years": 3}])
    log_in(page, owner.email)
    page.goto("/employer/slots/new")

    page.get_by_label("Beruf oder Tätigkeit").press_sequentially("Anlagenmechaniker SHK (m/w/d)")
    recognised = page.get_by_test_id("occupation-recognised")
    expect(recognised).to_contain_text(f"erkannt als: {SHK_TITLE} · KldB 34212")
    expect(page.get_by_test_id("occupation-suggestion").first).to_be_visible()
    page.get_by_label("Art des Angebots").select_option(label="Ausbildung")
    page.get_by_test_id("publish-slot").click()

    matches = page.get_by_test_id("match-pseudonym")
    expect(page.get_by_test_id("slot-occupation")).to_contain_text("KldB 34212")
    # The re-match runs after the response (a job); the first one in a process builds the matcher.
    expect(matches.first).to_have_text(fits_the_guess.pseudonym, timeout=20_000)

    # The employer meant a Klempner: the code from the payroll's Tätigkeitsschlüssel beats the guess.
    page.get_by_test_id("edit-slot").click()
    expect(recognised).to_contain_text("KldB 34212")
    page.get_by_label("KldB-Code des Berufs (freiwillig)").fill(KLEMPNER)
    expect(recognised).to_contain_text("festgelegt: ")
    expect(recognised).to_contain_text(f"KldB {KLEMPNER}")
    page.get_by_test_id("save-slot").click()

    expect(page.get_by_test_id("slot-occupation")).to_contain_text("festgelegt: ")
    expect(page.get_by_test_id("slot-occupation")).to_contain_text(f"KldB {KLEMPNER}")
    expect(matches.first).to_have_text(fits_the_correction.pseudonym, timeout=20_000)


def test_picking_a_suggested_title_on_a_phone_stores_its_code_and_can_be_undone(live_server, phone_page: Page):
    owner = employer_user(organisation=EmployerFactory(district=district("Hochfeld")))
    page = phone_page
    log_in(page, owner.email)
    page.goto("/employer/slots/new")
    code_field = page.get_by_label("KldB-Code des Berufs (freiwillig)")
    recognised = page.get_by_test_id("occupation-recognised")

    page.get_by_label("Beruf oder Tätigkeit").press_sequentially("Anlagenmechaniker SHK (m/w/d)")
    expect(recognised).to_contain_text("KldB 34212")
    code = page.get_by_test_id("occupation-suggestion").first.get_attribute("data-code")
    page.locator(f'[data-testid="occupation-suggestion"][data-code="{code}"]').tap()
    expect(code_field).to_have_value(code)
    expect(recognised).to_contain_text("festgelegt: ")
    expect(recognised).to_contain_text(f"KldB {code}")
    page.get_by_test_id("draft-slot").tap()
    expect(page.get_by_test_id("slot-occupation")).to_contain_text(f"KldB {code}")

    page.get_by_test_id("edit-slot").tap()
    expect(code_field).to_have_value(code)
    page.get_by_test_id("occupation-reset").tap()
    expect(code_field).to_have_value("")
    expect(recognised).to_contain_text("erkannt als: ")
    page.get_by_test_id("save-slot").tap()
    expect(page.get_by_test_id("slot-occupation")).to_contain_text(f"erkannt als: {SHK_TITLE} · KldB 34212")


def test_caseworker_sees_each_prior_occupation_recognised_and_confirms_one(live_server, page: Page):
    worker = caseworker()
    log_in(page, worker.email)
    page.goto("/caseworker/candidates/new")
    field = page.get_by_label("Bisherige Tätigkeiten und Berufe")

    field.press_sequentially("Koch:2, Anlagenmechaniker SHK")
    items = page.get_by_test_id("occupation-item")
    expect(items).to_have_count(2)
    expect(items.nth(0)).to_contain_text("Koch: erkannt als: Koch/Köchin · KldB 29302")
    expect(items.nth(1)).to_contain_text("KldB 34212")
    code = page.get_by_test_id("occupation-suggestion").nth(1).get_attribute("data-code")
    page.locator(f'[data-testid="occupation-suggestion"][data-code="{code}"]').click()
    expect(field).to_have_value(f"Koch:2, Anlagenmechaniker SHK (KldB {code})")
    expect(items.nth(1)).to_contain_text("festgelegt: ")

    page.get_by_label("Vorname").fill("Amira")
    page.get_by_label("Anfangsbuchstabe des Nachnamens").fill("K")
    page.get_by_label("Das pseudonyme Profil darf freigeschalteten Betrieben gezeigt werden.").check()
    page.get_by_test_id("save-candidate").click()
    expect(page.get_by_test_id("candidate-occupations")).to_contain_text("Anlagenmechaniker SHK: festgelegt: ")
    [candidate] = db.session.scalars(sa.select(Candidate)).all()
    assert candidate.occupations[0] == {"name": "Koch", "years": 2}
    assert candidate.occupations[1] == {"name": "Anlagenmechaniker SHK", "years": None, "kldb": code}
