"""A social worker drafts a social contract with obligations of both sides (adding a row without
JavaScript help), signs it, reviews it (a review before the start is refused on the field,
nothing typed lost), refers the client to an institution and records its feedback; the case's
timeline shows every step. Through a real browser, screenshots in test-artifacts/."""

import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from ostoja.accounts.models import User
from ostoja.casework.models import CaseFile, Referral, SocialContract, WorkerAssignment
from ostoja.partners.models import Institution
from ostoja.registry.tests.browser.conftest import Office

pytestmark = pytest.mark.browser

Screenshot = Callable[[str], Path]
LoginAs = Callable[[User], None]


def test_contract_and_referral_through_the_browser(
    page: Page, live_server: Any, office: Office, login_as: LoginAs, screenshot: Screenshot
) -> None:
    today = timezone.localdate()
    start = today - datetime.timedelta(days=10)
    case = CaseFile.objects.create(household=office.household_north, opened_on=start)
    WorkerAssignment.objects.create(case=case, worker=office.worker_north, valid_from=start)
    Institution.objects.create(
        name="Powiatowy Urząd Pracy w Lipowie", kind="urzad_pracy", town="Lipowo"
    )
    login_as(office.worker_north)

    page.goto(live_server.url + reverse("casework:contract_add", args=[case.pk]))
    page.locator("#id_person").select_option(str(office.head_north.pk))
    page.locator("#id_variant").select_option("B")
    page.locator("#id_valid_from").fill(start.isoformat())
    page.locator("#id_valid_to").fill((start + datetime.timedelta(days=180)).isoformat())
    page.locator("#id_problem").fill("Długotrwałe bezrobocie.")
    page.locator("#id_goals").fill("Podjęcie zatrudnienia.")
    page.locator("#id_obligations-0-party").select_option("klient")
    page.locator("#id_obligations-0-description").fill("Zarejestrować się w PUP")
    page.locator("#id_obligations-1-party").select_option("osrodek")
    page.locator("#id_obligations-1-description").fill("Zasiłek celowy na dojazdy")
    page.locator("#id_obligations-1-amount").fill("1 234,50")
    page.locator("button[name=add_row]").click()
    expect(page.locator("#id_obligations-2-party")).to_be_visible()
    expect(page.locator("#id_obligations-0-description")).to_have_value("Zarejestrować się w PUP")
    page.locator("#id_obligations-2-party").select_option("klient")
    page.locator("#id_obligations-2-description").fill("Przyjść na rozmowę z doradcą")
    screenshot("1-contract-form")
    # Wait for the answer before reading the database: the live server and the test share
    # SQLite's one in-memory connection, and two threads in it at once break a transaction.
    page.locator("main form button.btn-primary[type=submit]").click()
    page.wait_for_url("**/praca-socjalna/kontrakty/*/")
    contract = SocialContract.objects.get()
    page.wait_for_url(f"**{reverse('casework:contract_detail', args=[contract.pk])}")
    expect(page.locator("tfoot td.fw-semibold")).to_have_text("1 234,50 zł")
    screenshot("2-contract-draft")

    page.locator(f"a[href='{reverse('casework:contract_sign', args=[contract.pk])}']").click()
    page.locator("#id_signed_on").fill(start.isoformat())
    page.locator("main form button.btn-primary[type=submit]").click()
    page.wait_for_url(f"**{reverse('casework:contract_detail', args=[contract.pk])}")

    page.goto(live_server.url + reverse("casework:contract_review", args=[contract.pk]))
    page.locator("#id_reviewed_on").fill((start - datetime.timedelta(days=3)).isoformat())
    page.locator("#id_findings").fill("Zarejestrowany w PUP.")
    page.locator("main form button.btn-primary[type=submit]").click()
    expect(page.locator("#id_reviewed_on_errors")).to_contain_text("początek kontraktu")
    expect(page.locator("#id_findings")).to_have_value("Zarejestrowany w PUP.")
    screenshot("3-review-before-start")
    page.locator("#id_reviewed_on").fill(today.isoformat())
    page.locator("main form button.btn-primary[type=submit]").click()
    page.wait_for_url(f"**{reverse('casework:contract_detail', args=[contract.pk])}")
    expect(page.get_by_text("Zarejestrowany w PUP.")).to_be_visible()

    page.goto(live_server.url + reverse("casework:referral_add", args=[case.pk]))
    page.locator("#id_person").select_option(str(office.head_north.pk))
    page.locator("#id_kind").select_option("urzad_pracy")
    page.locator("#id_purpose").fill("Oferty pracy i szkolenia.")
    page.locator("button[name=choose_kind]").click()
    expect(page.locator("#id_purpose")).to_have_value("Oferty pracy i szkolenia.")
    page.locator("#id_institution").select_option(label="Powiatowy Urząd Pracy w Lipowie")
    page.locator("#id_sent_on").fill(today.isoformat())
    screenshot("4-referral-form")
    page.locator("main form button.btn-primary[type=submit]").click()
    page.wait_for_url("**/praca-socjalna/skierowania/*/")
    referral = Referral.objects.get()
    page.wait_for_url(f"**{reverse('casework:referral_detail', args=[referral.pk])}")
    page.locator(f"a[href='{reverse('casework:referral_feedback', args=[referral.pk])}']").click()
    page.locator("#id_feedback").fill("Zarejestrowany, skierowany na szkolenie.")
    page.locator("#id_feedback_on").fill(today.isoformat())
    page.locator("main form button.btn-primary[type=submit]").click()
    page.wait_for_url(f"**{reverse('casework:referral_detail', args=[referral.pk])}")

    page.goto(live_server.url + reverse("casework:case_detail", args=[case.pk]))
    expect(page.locator("#kontrakty")).to_be_visible()
    expect(page.locator("#skierowania")).to_be_visible()
    main = page.locator("main")
    for step in (
        "Podpisanie kontraktu",
        "Ocena realizacji kontraktu",
        "Informacja zwrotna od instytucji",
    ):
        expect(main.get_by_text(step).first).to_be_visible()
    screenshot("5-case-page")
