"""The main journeys of a social worker, through a real browser.

Elements are found by ids, names, hrefs and roles rather than by their (Polish) text, so the tests
hold while the translation catalogue is being completed; messages are compared with what gettext
gives in Polish.
"""

import datetime
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import Page, expect

from ostoja.accounts.models import User
from ostoja.core.text import surname_plural_genitive
from ostoja.registry.models import Household, Person
from ostoja.registry.tests.browser.conftest import (
    PASSWORD,
    Office,
    confirmed_device,
    make_pesel,
    next_code,
    wrong_check_digit,
)

pytestmark = pytest.mark.browser

Screenshot = Callable[[str], Path]
LoginAs = Callable[[User], None]


def polish(message: str) -> str:
    with translation.override("pl"):
        return gettext(message)


def settle(page: Page) -> None:
    """Leave the last field and let its inline validation answer before saving."""
    page.keyboard.press("Tab")
    page.wait_for_load_state("networkidle")


def test_login_with_wrong_then_right_password(
    page: Page, live_server: Any, office: Office, screenshot: Screenshot
) -> None:
    device = confirmed_device(office.worker_north)
    page.goto(live_server.url + reverse("accounts:login"))
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    screenshot("1-form")

    page.locator("#id_username").fill("anowak")
    page.locator("#id_password").fill("to-nie-jest-haslo")
    page.locator("form button[type=submit]").click()
    error = page.get_by_role("alert")
    expect(error).to_be_visible()
    expect(error).to_contain_text(polish("Wrong user name or password. Both are case-sensitive."))
    expect(page.locator("#id_username")).to_have_value("anowak")
    screenshot("2-wrong-password")

    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    # The second step: the code from her authenticator app.
    expect(page).to_have_url(re.compile(re.escape(reverse("accounts:second_factor"))))
    page.locator("#id_code").fill(next_code(device))
    page.locator("form button[type=submit]").first.click()
    expect(page).to_have_url(live_server.url + reverse("registry:home"))
    expect(page.locator("header")).to_contain_text("Anna Nowak")
    expect(page.locator("h1")).to_contain_text("Anna")
    screenshot("3-start-page")


def test_search_by_pesel_in_top_bar(
    page: Page, live_server: Any, office: Office, login_as: LoginAs, screenshot: Screenshot
) -> None:
    login_as(office.worker_north)
    page.goto(live_server.url + reverse("registry:home"))
    head = office.head_north
    assert head.pesel

    box = page.locator("#szukaj-top")
    box.press_sequentially(head.pesel, delay=20)
    results = page.locator("#szukaj-top-wyniki")
    match = results.locator(f"a[href='{reverse('registry:person_detail', args=[head.pk])}']")
    expect(match).to_be_visible()
    expect(match).to_contain_text(head.surname)
    # The list shows the PESEL masked, never whole.
    expect(results).not_to_contain_text(head.pesel)
    screenshot("1-live-results")

    box.press("Enter")
    expect(page).to_have_url(live_server.url + reverse("registry:person_detail", args=[head.pk]))
    expect(page.locator("h1")).to_contain_text(f"{head.first_names} {head.surname}")
    screenshot("2-person")


def test_open_household_from_start_page(
    page: Page, live_server: Any, office: Office, login_as: LoginAs, screenshot: Screenshot
) -> None:
    login_as(office.worker_north)
    page.goto(live_server.url + reverse("registry:home"))
    href = reverse("registry:household_detail", args=[office.household_north.pk])
    # A social worker sees the households of their own area only.
    expect(page.locator(f"main a[href='{href}']")).to_have_count(1)
    south = reverse("registry:household_detail", args=[office.household_south.pk])
    expect(page.locator(f"main a[href='{south}']")).to_have_count(0)
    screenshot("1-start-page")

    page.locator(f"main a[href='{href}']").click()
    expect(page).to_have_url(live_server.url + href)
    family = surname_plural_genitive(office.head_north.surname)  # "Rodzina Lipowskich"
    expect(page.locator("h1")).to_contain_text(f"Rodzina {family}")
    expect(page.locator("h1")).to_contain_text("Lipowa")
    members = page.locator("section[aria-labelledby=czlonkowie] table tbody")
    expect(members).to_contain_text(office.head_north.full_name)
    expect(members).to_contain_text(office.child_north.full_name)
    screenshot("2-household")


def test_register_family_of_two(
    page: Page, live_server: Any, office: Office, login_as: LoginAs, screenshot: Screenshot
) -> None:
    login_as(office.worker_north)
    page.goto(live_server.url + reverse("registry:home"))
    page.locator(f"main a[href='{reverse('registry:household_register')}']").click()
    expect(page).to_have_url(live_server.url + reverse("registry:household_register"))
    screenshot("1-empty-form")

    page.locator("#id_household-area").select_option(label=office.north.name)
    page.locator("#id_household-gmina").fill("Dębowo")
    page.locator("#id_household-town").fill("Dębowo")
    page.locator("#id_household-street").fill("Kasztanowa")
    page.locator("#id_household-house_number").fill("12")
    page.locator("#id_household-flat_number").fill("4")
    page.locator("#id_household-postcode").fill("00-950")

    head_birth = datetime.date(1988, 2, 29)
    head_pesel = make_pesel(head_birth, 301, "K")
    pesel = page.locator("#id_head-pesel")
    pesel.fill(head_pesel)
    pesel.press("Tab")  # leaving the field validates it and fills the birth date and sex
    expect(page.locator("#id_head-birth_date")).to_have_value(head_birth.isoformat())
    expect(page.locator("#id_head-sex")).to_have_value("K")
    expect(page.locator("#id_head-pesel")).not_to_have_attribute("aria-invalid", "true")
    page.locator("#id_head-first_names").fill("Ewa")
    page.locator("#id_head-surname").fill("Kasztelan")
    screenshot("2-filled")

    settle(page)
    page.locator("main form .form-actions button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/rodziny/\d+/$"))
    household = Household.objects.get(street="Kasztanowa")
    assert household.area == office.north
    expect(page.get_by_role("status")).to_be_visible()  # "the family was registered"
    expect(page.locator("h1")).to_contain_text("Kasztelan")
    screenshot("3-household")

    add_member = reverse("registry:member_add", args=[household.pk])
    page.locator(f"main a[href='{add_member}']").click()
    expect(page).to_have_url(live_server.url + add_member)
    page.locator("#id_membership-relation").select_option("dziecko")
    child_birth = datetime.date(2015, 6, 30)
    child_pesel = make_pesel(child_birth, 302, "M")
    page.locator("#id_person-pesel").fill(child_pesel)
    page.locator("#id_person-pesel").press("Tab")
    expect(page.locator("#id_person-birth_date")).to_have_value(child_birth.isoformat())
    expect(page.locator("#id_person-sex")).to_have_value("M")
    page.locator("#id_person-first_names").fill("Piotr")
    page.locator("#id_person-surname").fill("Kasztelan")
    screenshot("4-child-form")

    settle(page)
    page.locator("main form .form-actions button[type=submit]").click()
    expect(page).to_have_url(
        live_server.url + reverse("registry:household_detail", args=[household.pk])
    )
    members = page.locator("section[aria-labelledby=czlonkowie] table tbody tr")
    expect(members).to_have_count(2)
    expect(members.filter(has_text="Ewa Kasztelan")).to_have_count(1)
    expect(members.filter(has_text="Piotr Kasztelan")).to_have_count(1)
    screenshot("5-family-of-two")
    child = Person.objects.get(pesel=child_pesel)
    assert child.birth_date == child_birth
    assert child.sex == "M"


def test_inline_validation_of_wrong_pesel_check_digit(
    page: Page, live_server: Any, office: Office, login_as: LoginAs, screenshot: Screenshot
) -> None:
    login_as(office.worker_north)
    page.goto(live_server.url + reverse("registry:household_register"))
    wrong = wrong_check_digit(make_pesel(datetime.date(1990, 7, 15), 401, "M"))

    page.locator("#id_head-pesel").fill(wrong)
    page.locator("#id_head-pesel").press("Tab")
    field = page.locator("#id_head-pesel")
    expect(field).to_have_attribute("aria-invalid", "true")
    error = page.locator("#id_head-pesel_errors")
    expect(error).to_be_visible()
    expect(error).to_have_text(
        polish("This PESEL is wrong: check the digits, the check digit does not match.")
    )
    # The message sits under the field and is tied to it for screen readers.
    expect(field).to_have_attribute("aria-describedby", re.compile(r"\bid_head-pesel_errors\b"))
    expect(page.locator("#pole-head-pesel #id_head-pesel_errors")).to_have_count(1)
    # What was typed is kept, and nothing else on the form turned red.
    expect(field).to_have_value(wrong)
    expect(page.locator("[aria-invalid=true]")).to_have_count(1)
    screenshot("1-error-under-pesel")


def test_worker_gets_404_for_household_of_another_area(
    page: Page, live_server: Any, office: Office, login_as: LoginAs, screenshot: Screenshot
) -> None:
    login_as(office.worker_north)
    url = live_server.url + reverse("registry:household_detail", args=[office.household_south.pk])
    response = page.goto(url)
    assert response is not None
    assert response.status == 404
    expect(page.locator("h1")).to_have_text(polish("Not found"))
    expect(page.locator("main")).not_to_contain_text(office.head_south.surname)
    expect(page.locator(f"main a[href='{reverse('registry:home')}']")).to_be_visible()
    screenshot("1-not-found")

    # The director sees every area.
    login_as(office.director)
    response = page.goto(url)
    assert response is not None
    assert response.status == 200
    expect(page.locator("h1")).to_contain_text(office.head_south.surname)
