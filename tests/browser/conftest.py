"""Browser tests: headless Chromium (Playwright, sync API) against the app on a live server.

The browser is the system Chromium (`CHROMIUM_PATH`, default /usr/bin/chromium); browsers
are never downloaded. Without it the tests are skipped, unless REQUIRE_BROWSER=1 (as in CI),
which turns the skip into a failure.

The live server serves the very `app` of tests/conftest.py (same database, same cleanup),
with CSRF protection on, as in production.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

BROWSER_DIR = Path(__file__).resolve().parent
ARTIFACTS_DIR = BROWSER_DIR.parent.parent / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
]
TIMEOUT_MS = 10_000
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}


# -- marking and failure reports ---------------------------------------------------------

def pytest_collection_modifyitems(config, items):
    """Every test in this folder drives a browser: mark it, so `-m "not browser"` works."""
    for item in items:
        if BROWSER_DIR in item.path.resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item, so fixtures can see whether the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def _failed(request) -> bool:
    report = getattr(request.node, "report_call", None)
    return report is not None and report.failed


def _save_screenshot(page, request, suffix: str) -> None:
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)
    try:
        page.screenshot(path=str(ARTIFACTS_DIR / f"{name}-{suffix}.png"), full_page=True)
    except Exception as error:  # a screenshot must never hide the real failure
        print(f"could not save screenshot: {error}")


# -- browser -----------------------------------------------------------------------------

def _unavailable(reason: str):
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"REQUIRE_BROWSER=1 but no browser can run: {reason}", pytrace=False)
    pytest.skip(f"browser tests need Chromium: {reason}")


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        _unavailable(f"playwright is not importable ({error}); install the 'test' extras")
    executable = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
    if not os.path.isfile(executable) or not os.access(executable, os.X_OK):
        _unavailable(f"no Chromium executable at {executable} (set CHROMIUM_PATH)")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


# -- pages -------------------------------------------------------------------------------

def _page(browser, live_server, request, **options):
    context = browser.new_context(base_url=live_server, locale="de-DE", **options)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    if _failed(request):
        _save_screenshot(page, request, request.fixturename)
    context.close()


@pytest.fixture
def page(browser, live_server, request):
    """A desktop page in a fresh context; relative URLs go to the live server."""
    yield from _page(browser, live_server, request)


@pytest.fixture
def phone_page(browser, live_server, request):
    """A phone-sized, touch page in its own fresh context (own cookies)."""
    yield from _page(browser, live_server, request, **PHONE)


# -- accessibility -----------------------------------------------------------------------

AXE_PATH = BROWSER_DIR / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


class Axe:
    """axe-core run in the page (through the DevTools protocol, so the page's strict CSP needs
    no exception): `check(page)` after each page a journey visits, `assert_clean()` at the end."""

    def __init__(self, source: str):
        self.source = source
        self.found: list[str] = []
        self.checked: list[str] = []

    def check(self, page) -> None:
        page.wait_for_load_state("load")
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.evaluate(self.source)
        result = page.evaluate(
            "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations"
            ".map(v => v.id + ' (' + v.impact + '): ' + v.nodes.map(n => n.target.join(' ')).join(', '))",
            WCAG_21_AA)
        self.checked.append(page.url)
        self.found += [f"{page.url}: {line}" for line in result]

    def assert_clean(self) -> None:
        assert self.checked, "no page was checked"
        assert not self.found, "WCAG 2.1 A/AA violations:\n" + "\n".join(self.found)


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_PATH.is_file():
        _unavailable(f"axe-core is not installed at {AXE_PATH} (make install-test runs npm ci)")
    return AXE_PATH.read_text(encoding="utf-8")


@pytest.fixture
def axe(axe_source) -> Axe:
    return Axe(axe_source)
