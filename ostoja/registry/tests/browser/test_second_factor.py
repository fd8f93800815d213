"""The login's second step in the browser: enrolment on first login, then a login with the code,
and no Content-Security-Policy violation on the way or on the main pages."""

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import ConsoleMessage, Page, expect

from ostoja.registry.tests.browser.conftest import PASSWORD, Office, next_code

pytestmark = pytest.mark.browser

Screenshot = Callable[[str], Path]


def csp_violations(page: Page) -> list[str]:
    """Collects the console's Content-Security-Policy complaints for the rest of the test."""
    seen: list[str] = []

    def listen(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            seen.append(message.text)

    page.on("console", listen)
    page.on("pageerror", lambda error: seen.append(str(error)))
    return seen


def test_first_login_enrols_the_app_then_logs_in_with_the_code(
    page: Page, live_server: Any, office: Office, screenshot: Screenshot
) -> None:
    violations = csp_violations(page)
    user = office.director
    page.goto(live_server.url + reverse("accounts:login"))
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()

    # No authenticator yet: the enrolment, with the QR code and the key typed in groups.
    expect(page).to_have_url(re.compile(re.escape(reverse("accounts:enrol"))))
    expect(page.locator("h1")).to_have_text("Skonfiguruj aplikację uwierzytelniającą")
    expect(page.locator(".qr svg")).to_be_visible()
    secret = page.locator(".secret code").inner_text()
    assert re.fullmatch(r"[A-Z2-7]{4}( [A-Z2-7]{4})+", secret), secret
    expect(page.locator("#nawigacja")).to_have_count(0)  # no menu before the second factor
    screenshot("1-enrol")

    device = TOTPDevice.objects.get(user=user, confirmed=False)
    page.locator("#id_code").fill("000000" if next_code(device) != "000000" else "111111")
    page.locator("form button[type=submit]").first.click()
    expect(page.locator("#id_code")).to_have_class(re.compile("is-invalid"))
    expect(page.get_by_text("Kod jest błędny albo już wygasł.")).to_be_visible()
    screenshot("2-enrol-wrong-code")
    # django-otp throttles a device after a failure (1 s, doubling): a person types slower.
    page.wait_for_timeout(1_200)

    page.locator("#id_code").fill(next_code(device))
    page.locator("form button[type=submit]").first.click()
    expect(page.locator("h1")).to_have_text("Twoje kody odzyskiwania")
    codes = page.locator("ol.codes li")
    expect(codes).to_have_count(10)
    screenshot("3-recovery-codes")
    page.get_by_role("link", name="Kody są zapisane – dalej").click()
    expect(page).to_have_url(live_server.url + reverse("registry:home"))

    # Log out and in again: now the code step.
    page.get_by_role("button", name="Wyloguj").click()
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(re.compile(re.escape(reverse("accounts:second_factor"))))
    expect(page.locator("h1")).to_have_text("Drugi krok logowania")
    screenshot("4-code-step")
    page.locator("#id_code").fill(next_code(device))
    page.locator("form button[type=submit]").first.click()
    expect(page).to_have_url(live_server.url + reverse("registry:home"))
    expect(page.locator("header")).to_contain_text("Krzysztof Kowalski")
    expect(page.locator("header")).to_contain_text("Gminny Ośrodek Pomocy Społecznej")
    screenshot("5-start-page")
    assert violations == []


def test_main_pages_raise_no_csp_violation(
    page: Page,
    live_server: Any,
    office: Office,
    login_as: Callable[[Any], None],
    screenshot: Screenshot,
) -> None:
    violations = csp_violations(page)
    login_as(office.worker_north)
    household = office.household_north
    pages = [
        reverse("registry:home"),
        reverse("registry:search") + "?q=Lip",
        reverse("registry:household_detail", args=[household.pk]),
        reverse("registry:person_detail", args=[office.head_north.pk]),
    ]
    for path in pages:
        response = page.goto(live_server.url + path)
        assert response is not None
        assert response.ok, path
        assert "script-src" in (response.headers.get("content-security-policy") or "")
        page.wait_for_load_state("networkidle")
    box = page.locator("#szukaj-top")
    box.press_sequentially("Lip", delay=20)
    expect(page.locator("#szukaj-top-wyniki a").first).to_be_visible()
    screenshot("1-live-search-under-csp")
    assert violations == []
