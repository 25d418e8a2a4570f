"""Journeys where each side decides (issue 12), on a phone and on a desktop, with axe-core
checking every page they visit for WCAG 2.1 A/AA."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from matchmaker.extensions import db
from matchmaker.models import GermanLevel, SlotKind, SlotStatus
from tests.browser.pages import log_in, log_out
from tests.factories import (
    CandidateFactory,
    EmployerFactory,
    MatchFactory,
    SlotFactory,
    caseworker,
    coordinator,
    district,
    employer_user,
)

DEVICES = ["phone_page", "page"]


@pytest.mark.parametrize("device", DEVICES)
def test_a_caseworker_finds_a_slot_proposes_the_employer_reads_the_profile_accepts_and_declines(
        live_server, request, device, axe, mailbox):
    boss = employer_user(display_name="Ayşe Yılmaz", phone="0203 111222")
    slot = SlotFactory(organisation=boss.organisation, contact_person=boss, status=SlotStatus.OPEN,
                       title="Bäcker/in", kind=SlotKind.AUSBILDUNG, min_german=GermanLevel.A2,
                       district=district("Marxloh"), weekly_hours=39, shift_work=True,
                       description="Frühschicht ab 5 Uhr; der Meister arbeitet Sie ein.")
    SlotFactory(status=SlotStatus.OPEN, title="Verkäufer/in")
    worker = caseworker(display_name="Jonas Berger")
    amira = CandidateFactory(agency=worker.organisation, created_by=worker, pseudonym="K-AB12",
                             occupations=[{"name": "Bäcker", "years": 3}], german_level=GermanLevel.B1)
    dawit = CandidateFactory(agency=worker.organisation, created_by=worker, pseudonym="K-CD34")
    MatchFactory(slot=slot, candidate=amira, score=82)
    MatchFactory(slot=slot, candidate=dawit, score=64)
    db.session.commit()
    page = request.getfixturevalue(device)

    # The caseworker finds the slot through the list of open slots and reads it.
    log_in(page, worker.email)
    axe.check(page)
    page.get_by_test_id("nav-open-slots").click()
    axe.check(page)
    page.locator("summary", has_text="Suchen und filtern").click()
    page.get_by_label("Suche").fill("bäcker")
    page.get_by_role("button", name="Filtern").click()
    expect(page.get_by_test_id("open-slot")).to_have_count(1)
    page.get_by_role("link", name="Bäcker/in").click()
    expect(page.get_by_test_id("slot-description")).to_contain_text("Frühschicht ab 5 Uhr")
    expect(page.get_by_test_id("slot-hours")).to_have_text("39")
    axe.check(page)

    # ... and proposes both matching profiles from there.
    for code in ("K-AB12", "K-CD34"):
        page.get_by_test_id("match").filter(has_text=code).get_by_test_id("propose").click()
        axe.check(page)
        page.get_by_test_id("start-submit").click()
        expect(page.get_by_test_id("contact-status")).to_have_text("wartet auf Antwort")
        page.get_by_test_id("slot-link").click()
    log_out(page)

    # The business opens the proposal from its home page, reads the profile, and accepts.
    log_in(page, boss.email)
    expect(page.get_by_test_id("waiting-answer")).to_contain_text("2 Vorschläge")
    axe.check(page)
    page.get_by_test_id("waiting-answer").click()
    page.get_by_test_id("inbox-waiting").get_by_role("link").filter(has_text="K-AB12").first.click()
    axe.check(page)
    page.get_by_test_id("candidate-link").click()
    expect(page.get_by_test_id("candidate-occupations")).to_contain_text("Bäcker · 3 J.")
    axe.check(page)
    page.go_back()
    page.get_by_test_id("accept").click()
    expect(page.get_by_test_id("direct-line")).to_contain_text(worker.email)
    axe.check(page)

    # ... and declines the other: the reason opens only on choosing to decline.
    page.goto("/contacts/")
    page.get_by_test_id("inbox-waiting").get_by_role("link").filter(has_text="K-CD34").first.click()
    expect(page.get_by_label("Grund")).to_be_hidden()
    page.get_by_test_id("decline-open").click()
    page.get_by_test_id("decline").click()
    expect(page.get_by_test_id("error-summary")).to_be_focused()
    expect(page.get_by_test_id("error-reason")).to_have_text("Bitte wählen Sie einen Grund.")
    axe.check(page)
    page.get_by_label("Grund").select_option(index=1)
    page.get_by_test_id("decline").click()
    expect(page.get_by_test_id("contact-status")).to_have_text("abgelehnt")
    axe.check(page)

    # The inbox lists it among the ended ones, and that section pages on its own.
    page.goto("/contacts/")
    expect(page.get_by_test_id("inbox-done")).to_contain_text("K-CD34")
    axe.check(page)
    page.goto("/contacts/?liste=abgeschlossen")
    expect(page.get_by_role("heading", level=1)).to_have_text("Abgeschlossen (1)")
    axe.check(page)

    # The side that asked hears of both answers by mail.
    mails = mailbox.wait_for(worker.email, count=2)
    assert sorted(m["Subject"] for m in mails) == ["Absage: Bäcker/in", "Kontakt angenommen: Bäcker/in"]
    axe.assert_clean()


@pytest.mark.parametrize("device", DEVICES)
def test_a_rejected_business_corrects_its_data_and_is_verified_on_the_second_review(
        live_server, request, device, page, axe, mailbox):
    chief = coordinator()
    owner = employer_user(organisation=EmployerFactory(unverified=True, name="Bäckerei Yilmz", phone="0203 987654",
                                                       address="Weseler Straße 12", district=district("Marxloh")))
    db.session.commit()
    business = request.getfixturevalue(device) if device == "phone_page" else page
    office = page if device == "phone_page" else request.getfixturevalue("phone_page")

    log_in(office, chief.email)
    office.get_by_role("link", name="Bäckerei Yilmz").click()
    axe.check(office)
    office.get_by_text("Ablehnen …").click()
    office.get_by_label("Begründung").fill("Der Name stimmt nicht mit dem Handelsregister überein.")
    office.get_by_test_id("reject-form").get_by_role("button", name="Ablehnen").click()
    assert mailbox.wait_for(owner.email)[0]["Reply-To"]

    log_in(business, owner.email)
    expect(business.get_by_test_id("verification-rejected")).to_contain_text("Handelsregister")
    axe.check(business)
    business.get_by_test_id("request-review").click()
    axe.check(business)
    business.get_by_label("Name des Betriebs").fill("Bäckerei Yılmaz")
    business.get_by_test_id("business-submit").click()
    expect(business.get_by_test_id("verification-pending")).to_be_visible()
    axe.check(business)

    office.goto("/coordinator/")
    expect(office.get_by_test_id("pending-employers")).to_contain_text("Bäckerei Yılmaz")
    office.get_by_role("link", name="Bäckerei Yılmaz").click()
    office.get_by_test_id("verify").click()

    business.reload()
    expect(business.get_by_test_id("verification-verified")).to_be_visible()
    axe.check(business)
    axe.assert_clean()


def test_the_accessibility_check_finds_what_it_should(live_server, page, axe):
    """The checker itself: a control without a name on an otherwise clean page is reported."""
    page.goto("/login")
    axe.check(page)
    assert not axe.found
    page.evaluate("() => document.querySelector('main').insertAdjacentHTML('beforeend', '<input type=text>')")
    axe.check(page)
    assert any("label" in line for line in axe.found), axe.found
