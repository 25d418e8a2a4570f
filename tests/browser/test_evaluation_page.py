"""In real Chromium: the coordinator's dashboard renders with its charts."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.factories import coordinator

from .pages import log_in

try:
    from playwright.sync_api import Page, expect
except ImportError:  # the `browser` fixture then skips, or fails under REQUIRE_BROWSER=1
    Page = expect = None

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def test_the_dashboard_renders_with_charts_and_prints(live_server, page: Page, runner):
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    boss = coordinator()
    log_in(page, boss.email)
    page.get_by_test_id("nav-evaluation").click()
    expect(page.get_by_test_id("evaluation-heading")).to_have_text("Auswertung")
    for chart in ("funnel-chart", "trend-chart", "chart-bezirk", "chart-age_group"):
        expect(page.get_by_test_id(chart)).to_be_visible()
    assert page.get_by_test_id("funnel-chart").locator("rect").count() >= 5
    ARTIFACTS.mkdir(exist_ok=True)
    shot = page.screenshot(path=str(ARTIFACTS / "evaluation-dashboard.png"), full_page=True)
    assert len(shot) > 20_000  # a real picture, not a blank page
    page.emulate_media(media="print")
    expect(page.get_by_test_id("evaluation-filters")).to_be_hidden()


@pytest.mark.parametrize("device", ["phone_page", "page"])
def test_the_dashboard_passes_the_accessibility_check_and_shows_only_the_chosen_period(
        live_server, runner, request, device, axe):
    """axe found scrollable tables that keyboards could not reach; every period field showed
    whatever the period said."""
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    page = request.getfixturevalue(device)
    log_in(page, coordinator().email)
    page.goto("/evaluation/")
    axe.check(page)
    expect(page.get_by_label("Quartal")).to_be_hidden()
    page.get_by_label("Zeitraum").select_option("quarter")
    expect(page.get_by_label("Quartal")).to_be_visible()
    expect(page.get_by_label("Monat", exact=True)).to_be_hidden()
    page.get_by_label("Quartal").select_option("Q2")
    page.get_by_role("button", name="Anzeigen").click()
    expect(page.get_by_label("Quartal")).to_be_visible()
    axe.check(page)
    axe.assert_clean()
