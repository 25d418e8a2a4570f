"""In real Chromium: an agency's caseworker makes an API token, copies it once, the API takes it;
the token page and the API's documentation pass the accessibility check."""

from __future__ import annotations

import pytest
import requests

from tests.factories import caseworker

from .pages import log_in

try:
    from playwright.sync_api import Page, expect
except ImportError:  # the `browser` fixture then skips, or fails under REQUIRE_BROWSER=1
    Page = expect = None

pytestmark = pytest.mark.browser


def test_a_caseworker_makes_a_token_that_the_api_takes_and_the_pages_are_accessible(live_server, page: Page, axe):
    worker = caseworker()
    log_in(page, worker.email)
    page.goto("/team/")
    page.get_by_role("link", name="API-Zugänge verwalten").click()
    axe.check(page)
    page.get_by_label("Name des Zugangs").fill("Fallverwaltung")
    page.get_by_label("Profile lesen", exact=False).first.check()
    page.get_by_role("button", name="Zugang anlegen").click()
    secret = page.get_by_test_id("token-secret").input_value()
    assert secret.startswith("kd_")
    axe.check(page)
    answer = requests.get(f"{live_server}/api/v1/profiles", headers={"Authorization": f"Bearer {secret}"},
                          timeout=10)
    assert answer.status_code == 200 and answer.json()["items"] == []
    page.goto("/team/api-tokens")
    expect(page.get_by_test_id("token-secret")).to_have_count(0)  # shown once, never again
    expect(page.get_by_test_id("api-tokens")).to_contain_text("Fallverwaltung")
    page.goto("/api/v1/docs")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kurzer Draht API")
    axe.check(page)
    axe.assert_clean()
