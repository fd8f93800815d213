"""The administrator creates a social worker's account in a real browser.

Elements are found by ids, names and hrefs; texts are compared with what gettext gives in Polish.
"""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from ostoja.accounts.models import Area, User

pytestmark = pytest.mark.browser


def test_administrator_creates_a_social_worker_with_an_area(
    page: Page,
    live_server: Any,
    transactional_db: None,
    administrator: User,
    area_north: Area,
    browser_login: Callable[[User], None],
    screenshot: Callable[[str], Path],
) -> None:
    browser_login(administrator)
    page.goto(live_server.url + reverse("administration:user_list"))
    screenshot("list")
    page.click(f"a[href='{reverse('administration:user_create')}']")
    assert page.locator("input[name=areas]").count() == 0  # no role chosen: no areas yet

    page.select_option("#id_role", "pracownik_socjalny")
    area_box = page.locator(f"input[name=areas][value='{area_north.pk}']")
    expect(area_box).to_be_visible()  # the areas came with htmx for a social worker
    area_box.check()
    page.fill("#id_first_name", "Zofia")
    page.fill("#id_last_name", "Wiśniewska")
    page.fill("#id_username", "z wisniewska")  # a space: refused on the field
    page.click("main button[type=submit]")
    expect(page.locator("#id_username_errors")).to_be_visible()
    expect(page.locator("#id_first_name")).to_have_value("Zofia")  # nothing typed is lost
    screenshot("error")

    page.fill("#id_username", "zwisniewska")
    page.click("main button[type=submit]")
    password = page.locator("#haslo-jednorazowe").inner_text()
    screenshot("password")

    user = User.objects.get(username="zwisniewska")
    assert user.check_password(password)
    assert list(user.areas.all()) == [area_north]
    page.click(f"a[href='{reverse('administration:user_detail', args=[user.pk])}']")
    expect(page.locator("h1")).to_contain_text("Zofia Wiśniewska")
    screenshot("account")
