"""Onboarding in a real browser: an employer registers on a phone, the coordinator verifies
the business, and the employer then sees it as verified."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from matchmaker.extensions import db
from matchmaker.models import Organisation
from tests.factories import PASSWORD, coordinator

from .pages import log_in, log_out

try:
    from playwright.sync_api import Page, expect
except ImportError:  # the `browser` fixture then skips, or fails under REQUIRE_BROWSER=1
    Page = expect = None

pytestmark = pytest.mark.browser

COORDINATOR_EMAIL = "koordination@example.org"
EMPLOYER_EMAIL = "inhaberin@baeckerei-yilmaz.example"
EMPLOYER_PASSWORD = "Brötchen-seit-1987"
BUSINESS = "Bäckerei Yılmaz"



def test_employer_registers_coordinator_verifies_and_employer_sees_verified_home(
    live_server, phone_page: Page, page: Page, mailbox
):
    coordinator(email=COORDINATOR_EMAIL, display_name="Kim Koordination")

    # The employer, on a phone: from the landing page to the registration form.
    phone = phone_page
    phone.goto("/")
    phone.get_by_test_id("register-link").tap()
    expect(phone).to_have_url(f"{live_server}/register")
    expect(phone.get_by_role("heading", name="Betrieb registrieren")).to_be_visible()

    # Sent empty, the form answers field by field, in German.
    phone.get_by_test_id("register-submit").click()
    expect(phone.get_by_test_id("error-organisation_name")).to_have_text(
        "Bitte geben Sie den Namen Ihres Betriebs an."
    )
    expect(phone.get_by_test_id("error-accept_terms")).to_have_text("Bitte bestätigen Sie das.")
    expect(phone.get_by_label("Name des Betriebs")).to_have_attribute("aria-invalid", "true")

    phone.get_by_label("Name des Betriebs").fill(BUSINESS)
    phone.get_by_label("Bereich").select_option(label="Handwerk")
    phone.get_by_label("Kammer", exact=True).select_option(label="Handwerkskammer (HWK)")
    phone.get_by_label("Anschrift").fill("Weseler Straße 12, 47169 Duisburg")
    phone.get_by_label("Stadtteil des Betriebs").select_option(label="Marxloh")
    phone.get_by_label("Telefon").fill("0203 987654")
    phone.get_by_label("Ihr Name").fill("Ayşe Yılmaz")
    phone.get_by_label("Ihre E-Mail-Adresse").fill(EMPLOYER_EMAIL)
    phone.get_by_label("Passwort", exact=True).fill(EMPLOYER_PASSWORD)
    phone.get_by_label("Passwort wiederholen").fill(EMPLOYER_PASSWORD)
    phone.get_by_label("Ich bestätige, dass ich für diesen Betrieb handeln darf.").check()
    phone.get_by_test_id("register-submit").click()

    # Nobody is signed in before the address is confirmed; the page says where to look.
    expect(phone).to_have_url(f"{live_server}/login")
    expect(phone.get_by_role("status")).to_contain_text("Bitte bestätigen Sie Ihre Adresse")
    [confirmation] = mailbox.wait_for(EMPLOYER_EMAIL)
    link = re.search(r"https?://\S+/register/confirm/\S+", mailbox.text(confirmation)).group(0)
    phone.goto(link)

    expect(phone).to_have_url(f"{live_server}/employer/")
    expect(phone.get_by_test_id("home-heading")).to_have_text("Guten Tag, Ayşe Yılmaz")
    expect(phone.get_by_test_id("verification-pending")).to_be_visible()
    expect(phone.get_by_text("Marxloh")).to_be_visible()
    log_out(phone)

    employer = db.session.scalars(
        sa.select(Organisation).where(Organisation.name == BUSINESS)
    ).one()
    assert employer.verified_at is None
    # The coordinator was told by mail, with a link that works on this server.
    [notice] = mailbox.to(COORDINATOR_EMAIL)
    assert f"{live_server}/coordinator/organisations/{employer.id}" in mailbox.text(notice)

    # The coordinator, at a desk: signs in and finds the business waiting.
    log_in(page, COORDINATOR_EMAIL, PASSWORD)
    expect(page).to_have_url(f"{live_server}/coordinator/")
    pending = page.get_by_test_id("pending-employers")
    expect(pending).to_contain_text(BUSINESS)
    expect(pending).to_contain_text("Marxloh")
    page.get_by_test_id(f"verify-{employer.id}").click()

    expect(page).to_have_url(f"{live_server}/coordinator/organisations/{employer.id}")
    expect(page.get_by_role("status")).to_contain_text(f"{BUSINESS} ist freigeschaltet.")
    expect(page.get_by_test_id(f"status-{employer.id}")).to_have_text("freigeschaltet")
    expect(page.get_by_test_id("verify")).to_have_count(0)
    log_out(page)

    # The employer, back on the phone, now sees the business as verified.
    log_in(phone, EMPLOYER_EMAIL, EMPLOYER_PASSWORD)
    expect(phone).to_have_url(f"{live_server}/employer/")
    expect(phone.get_by_test_id("verification-verified")).to_have_text(
        "Ihr Betrieb ist freigeschaltet."
    )
    expect(phone.get_by_test_id("verification-pending")).to_have_count(0)
