"""In real Chromium: a caseworker proposes a candidate, the employer accepts, and both see
the other's contact details."""

from __future__ import annotations

import pytest

from matchmaker.extensions import db
from matchmaker.models import Match
from tests.factories import CandidateFactory, SlotFactory, caseworker, employer_user

from .pages import log_in

try:
    from playwright.sync_api import Page, expect
except ImportError:  # the `browser` fixture then skips, or fails under REQUIRE_BROWSER=1
    Page = expect = None

pytestmark = pytest.mark.browser



def test_caseworker_proposes_employer_accepts_and_both_see_each_others_contact_details(
    live_server, page: Page, phone_page: Page, mailbox
):
    boss = employer_user(phone="0203 111 222")
    worker = caseworker(phone="0203 333 444")
    slot = SlotFactory(organisation=boss.organisation, contact_person=boss, title="Bäcker/in")
    candidate = CandidateFactory(agency=worker.organisation, created_by=worker, first_name="Amira")
    db.session.add(Match(slot_id=slot.id, candidate_id=candidate.id, score=82, reasons=["Beruf passt: Bäcker/in"]))
    db.session.commit()

    # The caseworker, at a desk, proposes Amira from her profile's matches.
    log_in(page, worker.email)
    page.goto(f"/caseworker/candidates/{candidate.id}")
    page.get_by_test_id("propose").first.click()
    page.get_by_label("Kurze Nachricht (freiwillig)").fill("Sehr motiviert, kann sofort anfangen.")
    page.get_by_label("Vornamen der Person mitteilen, sobald der Betrieb annimmt").check()
    page.get_by_test_id("start-submit").click()
    expect(page.get_by_test_id("contact-status")).to_have_text("wartet auf Antwort")

    # The employer, on a phone, sees the waiting proposal in the navigation and accepts.
    log_in(phone_page, boss.email)
    expect(phone_page.get_by_test_id("nav-contacts-count")).to_have_text("1")
    phone_page.get_by_test_id("nav-contacts").tap()
    phone_page.get_by_test_id("inbox-waiting").get_by_role("link").first.tap()
    expect(phone_page.get_by_test_id("contact-message")).to_contain_text("Sehr motiviert")
    expect(phone_page.get_by_test_id("direct-line")).to_have_count(0)
    phone_page.get_by_test_id("accept").tap()
    line = phone_page.get_by_test_id("direct-line")
    expect(line).to_contain_text(worker.email)
    expect(line).to_contain_text("0203 333 444")
    expect(phone_page.get_by_test_id("candidate-first-name")).to_have_text("Amira")

    # Back at the desk: the caseworker sees the employer's direct line.
    page.reload()
    expect(page.get_by_test_id("contact-status")).to_have_text("angenommen")
    expect(page.get_by_test_id("direct-line")).to_contain_text(boss.email)
    expect(page.get_by_test_id("direct-line")).to_contain_text("0203 111 222")
    assert mailbox.wait_for(boss.email) and mailbox.wait_for(worker.email)  # mails are jobs: a moment later
