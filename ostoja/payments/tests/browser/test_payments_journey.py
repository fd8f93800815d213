"""Done when: an accountant runs a month in the browser — generates, checks, approves as
another user, downloads the Elixir-O and pain.001 files (both checked, and parsed back here),
prints the cash list, marks a return and pays it again.

The month: December 2026. Three families with a zasiłek stały from 1 December 2026, by
decisions delivered and final: 713,00 zł and 1 229,00 zł by transfer (1 942,00 zł on the
transfer list of Thursday 10 December), 400,00 zł at the cash desk.
"""

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from ostoja.accounts.models import User
from ostoja.accounts.roles import Role
from ostoja.benefits.models import PaymentMethod
from ostoja.casework.tests.browser.waiting import click_and_wait_for_post
from ostoja.payments.bankfiles import elixir, pain001
from ostoja.payments.models import (
    ItemKind,
    ItemState,
    ListState,
    PaymentItem,
    PaymentList,
    PaymentSettings,
)
from ostoja.payments.services.exports import elixir_profile
from ostoja.payments.tests.factories import award, staff
from ostoja.registry.tests.browser.conftest import PASSWORD
from ostoja.registry.tests.browser.test_accessibility import assert_no_axe_violations
from ostoja.registry.tests.factories import make_nrb

pytestmark = pytest.mark.browser

Screenshot = Callable[[str], Path]
LoginAs = Callable[[User], None]
NBSP = "\xa0"


def _user(username: str, role: str, last_name: str) -> User:
    user = staff(username=username, role=role, first_name="Ewa", last_name=last_name)
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    return user


def _download(page: Page, button: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("button", name=button).click()
    return Path(info.value.path()).read_bytes()


def test_an_accountant_runs_the_month(
    page: Page, live_server: Any, login_as: LoginAs, screenshot: Screenshot, transactional_db: None
) -> None:
    clerk = _user("swiadczenia", Role.BENEFITS_CLERK, "Świadczeniowa")
    chief = _user("ksiegowa", Role.ACCOUNTING, "Księgowa")
    PaymentSettings.objects.filter(pk=1).update(centre_account=make_nrb(900))
    award(amount="713.00", valid_from=PaymentList._meta.get_field("month").to_python("2026-12-01"))
    award(amount="1229.00", valid_from=PaymentList._meta.get_field("month").to_python("2026-12-01"))
    award(
        amount="400.00",
        valid_from=PaymentList._meta.get_field("month").to_python("2026-12-01"),
        method=PaymentMethod.CASH,
    )

    # 1. The clerk generates December's lists from the month's page.
    login_as(clerk)
    page.get_by_role("link", name="Wypłaty", exact=True).click()
    expect(page.locator("h1")).to_contain_text("Wypłaty za 12.2026")
    expect(page.locator("main")).to_contain_text("Brak list za ten miesiąc")
    assert_no_axe_violations(page)
    screenshot("1-empty-month")
    click_and_wait_for_post(page, page.get_by_role("button", name="Utwórz listy wypłat").click)
    table = page.locator("main table").first
    expect(table).to_contain_text("LW/2026/12/10/P/1")
    expect(table).to_contain_text("LW/2026/12/10/K/1")
    expect(table).to_contain_text(f"1{NBSP}942,00{NBSP}zł")
    assert_no_axe_violations(page)
    screenshot("2-month")

    # 2. She checks the transfer list and sends it for approval, and the cash list too.
    transfers = PaymentList.objects.get(channel="przelew")
    cash = PaymentList.objects.get(channel="kasa")
    page.get_by_role("link", name=transfers.number).click()
    expect(page.locator("main")).to_contain_text("852/85216/3110")
    expect(page.locator("main tbody").last.locator("tr")).to_have_count(2)
    assert_no_axe_violations(page)
    screenshot("3-draft-list")
    click_and_wait_for_post(page, page.get_by_role("button", name="Przekaż do zatwierdzenia").click)
    expect(page.locator("main")).to_contain_text("Zatwierdza ją inna osoba z księgowości")
    expect(page.get_by_role("button", name="Zatwierdź listę")).to_have_count(0)
    page.goto(f"{live_server.url}{reverse('payments:list_detail', args=[cash.pk])}")
    click_and_wait_for_post(page, page.get_by_role("button", name="Przekaż do zatwierdzenia").click)

    # 3. The chief accountant sees what waits for her, approves and downloads the files.
    login_as(chief)
    expect(page.locator("main")).to_contain_text("2 listy czekają na Twoje zatwierdzenie")
    screenshot("4-start-page")
    page.goto(f"{live_server.url}{reverse('payments:list_detail', args=[transfers.pk])}")
    click_and_wait_for_post(page, page.get_by_role("button", name="Zatwierdź listę").click)
    expect(page.locator("main")).to_contain_text("Lista została zatwierdzona.")
    data = _download(page, "Pobierz plik Elixir-O")
    records = elixir.read(data, elixir_profile(PaymentSettings.objects.get()))
    assert sorted(record.amount for record in records) == [Decimal("713.00"), Decimal("1229.00")]
    parsed = pain001.read(_download(page, "Pobierz plik pain.001"))
    assert parsed.control_sum == Decimal("1942.00")
    page.reload()
    expect(page.locator("main")).to_contain_text("przekazana do wypłaty")
    assert_no_axe_violations(page)
    screenshot("5-sent")

    # 4. The bank paid the list out on the 10th; one transfer comes back and is paid again.
    page.get_by_label("dzień").fill("2026-12-10")
    click_and_wait_for_post(
        page, page.get_by_role("button", name="Oznacz jako zrealizowaną przez bank").click
    )
    expect(page.locator("main")).to_contain_text(
        "Lista została oznaczona jako zrealizowana przez bank."
    )
    item = PaymentItem.objects.filter(payment_list=transfers).order_by("amount").first()
    assert item is not None
    page.goto(f"{live_server.url}{reverse('payments:item_detail', args=[item.pk])}")
    page.get_by_label("data zwrotu").fill("2026-12-14")
    page.get_by_label("powód").fill("rachunek zamknięty")
    click_and_wait_for_post(page, page.get_by_role("button", name="Oznacz jako zwrócony").click)
    expect(page.locator("main")).to_contain_text("Przelew został oznaczony jako zwrócony.")
    new_account = make_nrb(4242)
    page.get_by_label("numer rachunku").fill(new_account)
    click_and_wait_for_post(page, page.get_by_role("button", name="Wypłać ponownie").click)
    expect(page.locator("main")).to_contain_text("Wypłata została ponowiona")
    again = PaymentItem.objects.get(reissues=item)
    assert (again.kind, again.account, again.amount) == (ItemKind.REISSUE, new_account, item.amount)
    item.refresh_from_db()
    assert item.state == ItemState.REISSUED
    assert_no_axe_violations(page)
    screenshot("6-paid-again")

    # 5. The month's health contributions: the three recipients of zasiłek stały to register.
    page.goto(f"{live_server.url}{reverse('payments:zus_month', args=['2026-12'])}")
    expect(page.locator("main")).to_contain_text("Zgłoszenia do zapisania")
    click_and_wait_for_post(
        page, page.get_by_role("button", name="Zapisz zgłoszenia i wyrejestrowania").click
    )
    expect(page.locator("main")).to_contain_text("Zapisane zgłoszenia: 3")
    assert_no_axe_violations(page)
    screenshot("7-zus")

    # 6. The year's budget: December's transfers paid, against no plan yet.
    page.goto(f"{live_server.url}{reverse('payments:budget')}?rok=2026")
    expect(page.locator("main")).to_contain_text("852/85216/3110")
    assert_no_axe_violations(page)
    screenshot("8-budget")

    # 7. The cash list: approved and printed for the cash desk.
    page.goto(f"{live_server.url}{reverse('payments:list_detail', args=[cash.pk])}")
    click_and_wait_for_post(page, page.get_by_role("button", name="Zatwierdź listę").click)
    # The print is made by the task worker (at once in the tests); the page hands it over.
    click_and_wait_for_post(page, page.get_by_role("button", name="Drukuj listę kasową").click)
    expect(page.locator("main")).to_contain_text("Wydruki listy")
    with page.expect_download() as info:
        page.get_by_role("link", name="Pobierz PDF").click()
    pdf = Path(info.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    assert_no_axe_violations(page)
    screenshot("9-cash-list-printed")
    assert PaymentList.objects.get(pk=cash.pk).state == ListState.EXPORTED
