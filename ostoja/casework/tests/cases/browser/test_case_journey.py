"""A social worker opens the family's case file from its page, records a visit and a
confidential note, and reads them on the case's timeline; a colleague of the same area does not
see the confidential one. Through a real browser, screenshots in test-artifacts/."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from ostoja.accounts.models import User
from ostoja.casework.models import CaseFile, SocialWorkNote
from ostoja.registry.tests.browser.conftest import PASSWORD, Office

pytestmark = pytest.mark.browser

Screenshot = Callable[[str], Path]
LoginAs = Callable[[User], None]


def test_open_a_case_and_record_social_work(
    page: Page, live_server: Any, office: Office, login_as: LoginAs, screenshot: Screenshot
) -> None:
    login_as(office.worker_north)
    household = office.household_north
    page.goto(live_server.url + reverse("registry:household_detail", args=[household.pk]))
    open_url = reverse("casework:case_open", args=[household.pk])
    page.locator(f"a[href='{open_url}']").click()
    page.wait_for_url(f"**{open_url}")
    page.locator("input[name=reasons][value=ubostwo]").check()
    page.locator("input[name=reasons][value=bezrobocie]").check()
    screenshot("1-open-form")
    # Wait for the answer before reading the database: the live server and the test share
    # SQLite's one in-memory connection, and two threads in it at once break a transaction.
    page.locator("main form button.btn-primary[type=submit]").click()
    page.wait_for_url("**/praca-socjalna/sprawy/*/")
    case = CaseFile.objects.get(household=household)
    page.wait_for_url(f"**{reverse('casework:case_detail', args=[case.pk])}")
    expect(page.locator("#powody")).to_be_visible()
    screenshot("2-case-page")

    page.locator(f"a[href='{reverse('casework:note_add', args=[case.pk])}']").first.click()
    page.locator("#id_kind").select_option("wizyta")
    page.locator(f"input[name=persons][value='{office.head_north.pk}']").check()
    page.locator("#id_what_was_done").fill("Wizyta w domu, rozmowa o poszukiwaniu pracy.")
    page.locator("#id_next_step").fill("Skierowanie do PUP")
    screenshot("3-note-form")
    page.locator("main form button.btn-primary[type=submit]").click()
    page.wait_for_url("**/praca-socjalna/notatki/*/")
    note = SocialWorkNote.objects.get()
    page.wait_for_url(f"**{reverse('casework:note_detail', args=[note.pk])}")
    expect(page.get_by_text("Skierowanie do PUP")).to_be_visible()

    page.goto(live_server.url + reverse("casework:note_add", args=[case.pk]))
    page.locator("#id_kind").select_option("telefon")
    page.locator("#id_what_was_done").fill("Zgłoszenie sąsiadki o awanturach — poufne.")
    page.locator("#id_confidential").check()
    page.locator("main form button.btn-primary[type=submit]").click()
    page.wait_for_url(lambda url: "/notatki/nowa/" not in url)
    secret = SocialWorkNote.objects.get(confidential=True)
    page.wait_for_url(f"**{reverse('casework:note_detail', args=[secret.pk])}")

    page.goto(live_server.url + reverse("casework:case_detail", args=[case.pk]))
    timeline = page.locator("#przebieg").locator("xpath=..")
    expect(
        timeline.locator(f"a[href='{reverse('casework:note_detail', args=[note.pk])}']")
    ).to_be_visible()
    expect(
        timeline.locator(f"a[href='{reverse('casework:note_detail', args=[secret.pk])}']")
    ).to_be_visible()
    screenshot("4-timeline")

    colleague = User.objects.create_user(
        "cmazur",
        password=PASSWORD,
        role="pracownik_socjalny",
        first_name="Celina",
        last_name="Mazur",
    )
    office.north.workers.add(colleague)
    login_as(colleague)
    page.goto(live_server.url + reverse("casework:case_detail", args=[case.pk]))
    expect(page.get_by_text("poufne")).to_have_count(0)
    expect(
        page.locator(f"a[href='{reverse('casework:note_detail', args=[note.pk])}']").first
    ).to_be_visible()
    screenshot("5-colleague")
