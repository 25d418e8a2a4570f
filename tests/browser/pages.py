"""Steps every browser test takes the same way."""

from __future__ import annotations

from tests.factories import PASSWORD


def log_in(page, email: str, password: str = PASSWORD) -> None:
    page.goto("/login")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort", exact=True).fill(password)
    page.get_by_test_id("login-submit").click()


def log_out(page) -> None:
    from playwright.sync_api import expect

    page.get_by_test_id("logout").click()
    expect(page.get_by_test_id("register-link")).to_be_visible()
