"""The director keeps the benefits' settings in the browser: the settings page, a new register
whose first number follows what she types (htmx), an error shown on its field, and the
"Świadczenia" panel on a family's file. axe-core on each page; screenshots in test-artifacts/.

The clock (the live server's thread too) stands at Monday 16 March 2026, 10:00 in Warsaw, and
ticks."""

import datetime
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from playwright.sync_api import Page, Response, expect

from ostoja.accounts.models import User
from ostoja.benefits.models import DecisionRegister
from ostoja.registry.tests.browser.conftest import Office
from ostoja.registry.tests.browser.test_accessibility import (
    assert_no_axe_violations,
    unlabelled_fields,
)

pytestmark = pytest.mark.browser

NOW = datetime.datetime(2026, 3, 16, 10, 0, tzinfo=ZoneInfo("Europe/Warsaw"))


def _validation_of(field: str) -> Callable[[Response], bool]:
    def answer(response: Response) -> bool:
        return response.request.headers.get("x-ostoja-validate") == field

    return answer


@pytest.fixture
def monday() -> Iterator[None]:
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.mark.usefixtures("monday")
def test_the_director_adds_a_register_and_sees_its_numbers_as_she_types(
    page: Page,
    live_server: Any,
    office: Office,
    login_as: Callable[[User], None],
    screenshot: Callable[[str], Path],
) -> None:
    login_as(office.director)
    page.goto(live_server.url + reverse("benefits:settings"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Ustawienia świadczeń")
    assert_no_axe_violations(page)
    screenshot("ustawienia")

    page.get_by_role("link", name="Dodaj rejestr").click()
    assert_no_axe_violations(page)
    assert unlabelled_fields(page) == []
    page.locator("#id_name").fill("Rejestr decyzji z pomocy społecznej")
    example = page.locator("#przyklad-numeru")
    page.locator("#id_symbol").press_sequentially("GOPS.8311")
    expect(example).to_have_text("GOPS.8311.1.2026")
    pattern = page.locator("#id_pattern")
    pattern.fill("{symbol}/{number}")
    expect(example).to_contain_text("Wzór musi zawierać {year}")
    pattern.fill("{symbol}/{year}/{number}")
    expect(example).to_have_text("GOPS.8311/2026/1")
    # A pattern without the year, checked as she leaves the field: the error under it.
    pattern.fill("{symbol}.{number}")
    with page.expect_response(_validation_of("pattern")):
        pattern.press("Tab")
    expect(page.locator("#id_pattern_errors")).to_contain_text("Wzór musi zawierać {year}")
    expect(page.locator("#id_pattern")).to_have_attribute("aria-invalid", "true")
    # Saved as it is: refused again on its field, what was typed kept.
    page.locator("main form .form-actions button[type=submit]").click()
    expect(page.locator("#id_pattern_errors")).to_contain_text("Wzór musi zawierać {year}")
    expect(page.locator("#id_symbol")).to_have_value("GOPS.8311")
    expect(page.locator("#id_pattern")).to_have_value("{symbol}.{number}")
    assert_no_axe_violations(page)
    screenshot("rejestr-blad")
    pattern = page.locator("#id_pattern")
    pattern.fill("{symbol}/{year}/{number}")
    with page.expect_response(_validation_of("pattern")):
        pattern.press("Tab")
    page.locator("main form .form-actions button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}{reverse('benefits:settings')}#rejestry")
    expect(page.locator("section[aria-labelledby=rejestry]")).to_contain_text("GOPS.8311/2026/1")
    assert DecisionRegister.objects.filter(symbol="GOPS.8311").exists()

    # The family's file with its (empty) benefits panel.
    login_as(office.worker_north)
    page.goto(
        live_server.url + reverse("registry:household_detail", args=[office.household_north.pk])
    )
    expect(page.locator("#swiadczenia-rodziny")).to_have_text("Świadczenia")
    assert_no_axe_violations(page)
    screenshot("panel-swiadczenia")
