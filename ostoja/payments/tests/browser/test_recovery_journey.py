# mypy: allow-untyped-calls
"""Done when: an undue benefit is asked back, in instalments, and its repayment followed in the
browser.

Tuesday 1 December 2026. Anna Jaworska's zasiłek okresowy of 600,00 zł a month was cut
backdated: 300,00 zł of November 2026 was paid over what is owed, and the run left it as an
overpayment. The clerk drafts the undue-benefit decision from it, in 3 instalments from 31
December 2026: 300,00 ÷ 3 = 100,00 zł each, due 31 December, 31 January and 28 February
(art. 104 ust. 3 u.p.s.; social assistance, no interest). The director signs it; the clerk
settles the overpayment with it. The accountant records 100,00 zł at the cash desk: 200,00 zł
is owed. On 5 February 2027 the second instalment (due 31 January) is unpaid: she writes a
reminder for the 100,00 zł overdue and prints it. Once the decision is final, the February
run sets the overdue 100,00 zł off against her zasiłek okresowy (art. 104 ust. 2 u.p.s.).
"""

import datetime
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from ostoja.accounts.models import User
from ostoja.accounts.roles import Role
from ostoja.benefits.models import Decision, DecisionKind, DecisionState
from ostoja.benefits.tests.decision_pages.browser.steps import (
    send_for_signature,
    sign_as_director,
    submit_main_form,
    text_of,
)
from ostoja.benefits.tests.decisions import factories as decision_factories
from ostoja.casework.tests.browser.waiting import click_and_wait_for_post
from ostoja.payments.models import (
    Overpayment,
    OverpaymentState,
    PaymentList,
    Reminder,
    Repayment,
)
from ostoja.payments.tests.factories import staff
from ostoja.payments.tests.recovery.factories import granted_with_award
from ostoja.registry.tests.browser.conftest import PASSWORD
from ostoja.registry.tests.browser.test_accessibility import assert_no_axe_violations

pytestmark = pytest.mark.browser

Screenshot = Callable[[str], Path]
LoginAs = Callable[[User], None]
NBSP = "\xa0"
D = datetime.date


def _user(username: str, role: str, last_name: str) -> User:
    user = staff(username=username, role=role, first_name="Ewa", last_name=last_name)
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    return user


def test_an_undue_benefit_is_asked_back_in_instalments_and_followed(
    page: Page,
    live_server: Any,
    login_as: LoginAs,
    screenshot: Screenshot,
    clock: Any,
    transactional_db: None,
) -> None:
    clerk = _user("swiadczenia", Role.BENEFITS_CLERK, "Świadczeniowa")
    director = _user("kierownik", Role.DIRECTOR, "Kierownik")
    accountant = _user("ksiegowa", Role.ACCOUNTING, "Księgowa")
    decision_factories.authorisation(director, recorded_by=director)
    decision_factories.register(symbol="GOPS.8311", act=decision_factories.UPS)
    award = granted_with_award(since=D(2026, 10, 1))
    person = award.person
    person.first_names, person.surname, person.sex = "Anna", "Jaworska", "K"
    person.save(update_fields=["first_names", "surname", "sex"])
    overpayment = Overpayment.objects.create(
        person=award.person,
        household=award.household,
        benefit="zasilek_okresowy",
        service_month=D(2026, 11, 1),
        amount=Decimal("300.00"),
    )

    # 1. The clerk drafts the decision from the overpayment, in 3 instalments.
    login_as(clerk)
    page.goto(live_server.url + reverse("payments:overpayments"))
    expect(page.locator("main")).to_contain_text("Anna Jaworska")
    assert_no_axe_violations(page)
    screenshot("recovery-1-overpayments")
    page.get_by_role("link", name="Przygotuj decyzję o nienależnie pobranym świadczeniu").click()
    expect(page.locator("h1")).to_contain_text("nienależnie pobrane świadczenie")
    page.get_by_label("Termin zwrotu").fill("2026-12-31")
    page.get_by_label("Liczba rat").fill("3")
    click_and_wait_for_post(
        page, page.get_by_role("button", name="Utwórz treść na nowo na podstawie świadczeń").click
    )
    operative = page.get_by_label("Rozstrzygnięcie")
    expect(operative).to_contain_text("Zobowiązuje się Panią Annę Jaworską do zwrotu")
    expect(operative).to_contain_text("w 3 ratach miesięcznych")
    expect(operative).to_contain_text(f"każda rata wynosi 100,00{NBSP}zł")
    expect(page.get_by_label("Uzasadnienie prawne")).to_contain_text("art. 6 pkt 16")
    # Why it is undue is the clerk's to write.
    page.get_by_label("Uzasadnienie faktyczne").fill(
        "Strona nie zgłosiła podjęcia zatrudnienia od 1 listopada 2026 r.; zasiłek okresowy za "
        "listopad 2026 r. wypłacono w kwocie wyższej o 300,00 zł od należnej."
    )
    assert_no_axe_violations(page)
    screenshot("recovery-2-editor")
    click_and_wait_for_post(page, lambda: submit_main_form(page))
    undue = Decision.objects.get(kind=DecisionKind.UNDUE)
    assert (undue.repay_by, undue.instalments) == (D(2026, 12, 31), 3)
    send_for_signature(page, undue)

    # 2. The director signs it.
    login_as(director)
    sign_as_director(page, live_server, undue, screenshot, 3)

    # 3. The clerk settles the overpayment with the decision.
    login_as(clerk)
    page.goto(live_server.url + reverse("payments:overpayments"))
    page.get_by_label("Decyzja o nienależnie pobranym świadczeniu").select_option(str(undue.pk))
    click_and_wait_for_post(page, page.get_by_role("button", name="Rozlicz").click)
    expect(page.locator("main")).to_contain_text("Żadna nadpłata nie czeka na rozliczenie")
    overpayment.refresh_from_db()
    assert overpayment.state == OverpaymentState.RECOVERY

    # 4. The accountant records 100,00 zł at the cash desk: 200,00 zł owed.
    login_as(accountant)
    page.goto(live_server.url + reverse("payments:debts"))
    expect(page.locator("main table")).to_contain_text("Anna Jaworska")
    assert_no_axe_violations(page)
    screenshot("recovery-5-debts")
    page.get_by_role("link", name="Anna Jaworska").click()
    page.get_by_label("Kwota").fill("100,00")
    page.get_by_label("Dokument").fill("KP 41/2026")
    click_and_wait_for_post(page, page.get_by_role("button", name="Zapisz", exact=True).click)
    expect(page.locator("h1")).to_contain_text(f"200,00{NBSP}zł")
    assert Repayment.objects.get().amount == Decimal("100.00")
    assert_no_axe_violations(page)
    screenshot("recovery-6-debt")

    # 5. On 5 February 2027 the second instalment is overdue: a reminder, printed.
    clock.move_to(datetime.datetime(2027, 2, 5, 10, 0, tzinfo=ZoneInfo("Europe/Warsaw")))
    # Two months on, the session has ended: she signs in again.
    login_as(accountant)
    page.goto(live_server.url + reverse("payments:debt_detail", args=[undue.pk]))
    expect(page.locator("main")).to_contain_text("po terminie")
    click_and_wait_for_post(page, page.get_by_role("button", name="Wystaw upomnienie").click)
    reminder = Reminder.objects.get()
    # Due by 5 February: the instalments of 31 December (paid) and 31 January (not): 100,00.
    assert reminder.overdue == Decimal("100.00")
    screenshot("recovery-7-reminder")
    pdf = page.request.get(live_server.url + reverse("payments:reminder_pdf", args=[reminder.pk]))
    assert pdf.headers["content-type"] == "application/pdf"
    text = text_of(pdf.body())
    assert "UPOMNIENIE" in text
    assert "100,00 zł" in text
    assert undue.number in text

    # 6. The decision has become final (its delivery is the clerk's, not shown here). The
    #    February run sets the overdue instalment off against her zasiłek okresowy, paid on
    #    Wednesday 10 February: 600,00 − 100,00 = 500,00 zł left to pay at the cash desk.
    Decision.objects.filter(pk=undue.pk).update(state=DecisionState.FINAL)
    page.goto(live_server.url + reverse("payments:month", args=["2027-02"]))
    click_and_wait_for_post(page, page.get_by_role("button", name="Utwórz listy wypłat").click)
    cash = PaymentList.objects.get(month=D(2027, 2, 1))
    page.get_by_role("link", name=cash.number).click()
    expect(page.locator("main")).to_contain_text(f"potrącono 100,00{NBSP}zł")
    expect(page.get_by_role("status")).to_contain_text(f"do wypłaty pozostaje 500,00{NBSP}zł")
    assert_no_axe_violations(page)
    screenshot("recovery-8-setoff")
    item = cash.items.get()
    assert (item.amount, item.setoff, item.setoff_debt_id) == (
        Decimal("600.00"),
        Decimal("100.00"),
        undue.pk,
    )
