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


def test_the_council_report_prints_to_clean_a4_pages(live_server, page: Page, runner, axe):
    """The yearly report, printed from Chromium to PDF: A4 pages, the cover alone on the first,
    every section in the document, nothing of the navigation or the year form."""
    import io
    import unicodedata

    from pypdf import PdfReader

    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    log_in(page, coordinator().email)
    page.goto("/evaluation/")
    page.get_by_test_id("report-link").click()
    expect(page.get_by_test_id("report-cover")).to_be_visible()
    axe.check(page)
    axe.assert_clean()
    printed = page.pdf(format="A4", print_background=True)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "jahresbericht.pdf").write_bytes(printed)  # kept for a look, also when a check fails
    pdf = PdfReader(io.BytesIO(printed))
    pages = [unicodedata.normalize("NFKC", p.extract_text()) for p in pdf.pages]  # ligatures: "ﬁ" -> "fi"
    assert len(pages) >= 6
    width, height = (float(v) for v in pdf.pages[0].mediabox.upper_right)
    assert abs(width - 595.3) < 1.5 and abs(height - 841.9) < 1.5  # A4: 210 x 297 mm in points
    assert "Jahresbericht" in pages[0] and "Vom Profil zur Vermittlung" not in pages[0].split("Inhalt")[0]
    text = " ".join(" ".join(pages).split())  # lines wrap where the page does
    for heading in ("Begriffe: was gezählt wird", "Vom Profil zur Vermittlung", "Modellquartiere und übrige Stadt",
                    "Zeit bis zur Vermittlung", "Kohorten", "Hinweise zur Geheimhaltung"):
        assert heading in text, heading
    assert "Bericht zeigen" not in text and "Abmelden" not in text  # the form and the navigation stay off paper


def test_the_report_passes_the_accessibility_check_on_a_phone(live_server, phone_page: Page, runner, axe):
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    log_in(phone_page, coordinator().email)
    phone_page.goto("/evaluation/report")
    axe.check(phone_page)
    axe.assert_clean()
    size = phone_page.get_by_test_id("survival-slot_kind").locator("text").first.evaluate(
        "node => parseFloat(getComputedStyle(node).fontSize) * node.getScreenCTM().a")
    assert size >= 10  # chart text a phone can read (drawn size in CSS pixels)
