"""The recovery pages with the test client, role by role: the debts with what is owed on a
day and their CSV, a debt's ledger with its repayments and reminders, and the overpayments to
settle. Each page that shows a debtor writes an access event with them."""

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from ostoja.accounts.models import User
from ostoja.core.models import AccessLog
from ostoja.core.money import format_pln
from ostoja.payments import access_kinds
from ostoja.payments.models import Overpayment, OverpaymentState, Reminder, Repayment
from ostoja.payments.tests.recovery.factories import granted_with_award, undue_debt

pytestmark = pytest.mark.django_db
D = datetime.date
DEBTS = reverse("payments:debts")
OVERPAYMENTS = reverse("payments:overpayments")


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("accountant", 200),
        ("benefits_clerk", 200),
        ("director", 200),
        ("social_worker", 403),
        ("administrator", 403),
        ("iod", 403),
    ],
)
def test_who_sees_the_debts(
    login: Any, request: pytest.FixtureRequest, role: str, status: int
) -> None:
    debt = undue_debt()
    client = login(request.getfixturevalue(role))
    assert client.get(DEBTS).status_code == status
    assert client.get(reverse("payments:debt_detail", args=[debt.pk])).status_code in (
        status,
        404,
    )


def test_the_debts_show_what_is_owed_on_the_day_chosen(login: Any, accountant: User) -> None:
    first = undue_debt(amount="600.00", repay_by=D(2026, 4, 1))
    undue_debt(amount="250.00", repay_by=D(2026, 6, 1))
    client = login(accountant)
    page = client.get(DEBTS, {"na_dzien": "2026-05-01"}).content.decode()
    assert first.party.full_name in page
    # 600,00 + 250,00 = 850,00 owed; the 600,00 past 1 April is overdue on 1 May.
    assert format_pln(Decimal("850.00")) in page
    assert format_pln(Decimal("600.00")) in page
    assert "1 należność zaległa" in page
    logged = AccessLog.objects.get(what=access_kinds.DEBTS)
    assert first.party_id in set(logged.persons.values_list("person_id", flat=True))


def test_the_debts_download_as_csv(login: Any, accountant: User) -> None:
    debt = undue_debt(amount="600.00")
    response = login(accountant).get(DEBTS, {"na_dzien": "2026-05-01", "format": "csv"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert debt.number in text
    assert "600" in text
    assert "naleznosci-2026-05-01" in response["Content-Disposition"]


def test_a_bad_day_is_shown_at_its_field_and_today_is_used(login: Any, accountant: User) -> None:
    undue_debt()
    response = login(accountant).get(DEBTS, {"na_dzien": "jutro"})
    assert response.status_code == 200
    assert response.context["as_of"] == timezone.localdate()
    assert response.context["form"].errors["na_dzien"]


def test_the_accountant_records_a_repayment_on_the_debt_page(login: Any, accountant: User) -> None:
    debt = undue_debt(amount="600.00")
    client = login(accountant)
    url = reverse("payments:debt_detail", args=[debt.pk])
    page = client.get(url).content.decode()
    assert "Zapisz wpłatę" in page or "Zapisz" in page
    response = client.post(
        reverse("payments:repayment_add", args=[debt.pk]),
        {"paid_on": "2026-03-20", "amount": "250,00", "way": "kasa", "reference": "KP 7/2026"},
    )
    assert response.status_code == 302
    repayment = Repayment.objects.get()
    assert repayment.amount == Decimal("250.00")
    page = client.get(url).content.decode()
    # 600,00 − 250,00 = 350,00 owed.
    assert format_pln(Decimal("350.00")) in page
    assert "KP 7/2026" in page
    assert AccessLog.objects.filter(what=access_kinds.DEBT).exists()


def test_a_bad_repayment_is_refused_at_its_field_and_keeps_what_was_typed(
    login: Any, accountant: User
) -> None:
    debt = undue_debt()
    response = login(accountant).post(
        reverse("payments:repayment_add", args=[debt.pk]),
        {"paid_on": "2026-03-20", "amount": "0", "way": "kasa", "reference": "KP 8/2026"},
    )
    assert response.status_code == 400
    form = response.context["repayment_form"]
    assert form.errors["amount"]
    assert "KP 8/2026" in response.content.decode()
    assert not Repayment.objects.exists()


def test_the_benefits_clerk_sees_the_debt_but_cannot_record_a_repayment(
    login: Any, benefits_clerk: User
) -> None:
    debt = undue_debt()
    client = login(benefits_clerk)
    page = client.get(reverse("payments:debt_detail", args=[debt.pk]))
    assert page.status_code == 200
    assert reverse("payments:repayment_add", args=[debt.pk]) not in page.content.decode()
    response = client.post(
        reverse("payments:repayment_add", args=[debt.pk]),
        {"paid_on": "2026-03-20", "amount": "10,00", "way": "kasa"},
    )
    assert response.status_code == 403


def test_a_repayment_is_cancelled_with_its_reason(login: Any, accountant: User) -> None:
    debt = undue_debt(amount="600.00")
    client = login(accountant)
    client.post(
        reverse("payments:repayment_add", args=[debt.pk]),
        {"paid_on": "2026-03-20", "amount": "250,00", "way": "kasa"},
    )
    repayment = Repayment.objects.get()
    cancel = reverse("payments:repayment_cancel", args=[repayment.pk])
    refused = client.post(cancel, {f"c{repayment.pk}-cancel_reason": ""})
    assert refused.status_code == 400
    response = client.post(cancel, {f"c{repayment.pk}-cancel_reason": "wpłata innej osoby"})
    assert response.status_code == 302
    repayment.refresh_from_db()
    assert repayment.cancelled
    page = client.get(reverse("payments:debt_detail", args=[debt.pk])).content.decode()
    assert "wpłata innej osoby" in page


def test_a_reminder_is_written_and_printed(login: Any, accountant: User) -> None:
    debt = undue_debt(amount="600.00", repay_by=D(2026, 4, 1))
    client = login(accountant)
    response = client.post(reverse("payments:reminder_add", args=[debt.pk]))
    assert response.status_code == 302
    reminder = Reminder.objects.get()
    assert reminder.overdue == Decimal("600.00")
    pdf = client.get(reverse("payments:reminder_pdf", args=[reminder.pk]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert AccessLog.objects.filter(what=access_kinds.REMINDER).exists()


def test_a_reminder_before_anything_is_overdue_is_refused_with_a_message(
    login: Any, accountant: User
) -> None:
    today = timezone.localdate()
    debt = undue_debt(issued_on=today, repay_by=today + datetime.timedelta(days=30))
    client = login(accountant)
    response = client.post(reverse("payments:reminder_add", args=[debt.pk]), follow=True)
    assert "Nic nie jest zaległe" in response.content.decode()
    assert not Reminder.objects.exists()


def test_a_social_worker_gets_no_debt_nor_its_reminder(
    login: Any, accountant: User, social_worker: User
) -> None:
    debt = undue_debt(repay_by=D(2026, 4, 1))
    login(accountant).post(reverse("payments:reminder_add", args=[debt.pk]))
    reminder = Reminder.objects.get()
    client = login(social_worker)
    assert client.get(reverse("payments:reminder_pdf", args=[reminder.pk])).status_code in (
        403,
        404,
    )


def test_the_overpayments_page_settles_one_by_the_undue_decision(
    login: Any, benefits_clerk: User
) -> None:
    debt = undue_debt()
    overpayment = Overpayment.objects.create(
        person=debt.party,
        household=debt.household,
        benefit="zasilek_okresowy",
        service_month=D(2025, 12, 1),
        amount=Decimal("300.00"),
    )
    client = login(benefits_clerk)
    page = client.get(OVERPAYMENTS).content.decode()
    assert debt.party.full_name in page
    assert debt.number in page
    response = client.post(
        reverse("payments:overpayment_settle", args=[overpayment.pk]),
        {f"s{overpayment.pk}-decision": debt.pk},
    )
    assert response.status_code == 302
    overpayment.refresh_from_db()
    assert overpayment.state == OverpaymentState.RECOVERY
    assert debt.party.full_name not in client.get(OVERPAYMENTS).content.decode()
    assert AccessLog.objects.filter(what=access_kinds.OVERPAYMENTS).exists()


def test_an_overpayment_is_found_not_undue_with_a_reason(login: Any, benefits_clerk: User) -> None:
    debt = undue_debt()
    overpayment = Overpayment.objects.create(
        person=debt.party,
        household=debt.household,
        benefit="zasilek_okresowy",
        service_month=D(2025, 12, 1),
        amount=Decimal("300.00"),
    )
    client = login(benefits_clerk)
    url = reverse("payments:overpayment_not_undue", args=[overpayment.pk])
    client.post(url, {f"n{overpayment.pk}-note": ""})
    overpayment.refresh_from_db()
    assert overpayment.state == OverpaymentState.OPEN
    client.post(url, {f"n{overpayment.pk}-note": "Ośrodek wypłacił po terminie."})
    overpayment.refresh_from_db()
    assert overpayment.state == OverpaymentState.NOT_UNDUE


def test_an_overpayment_links_to_the_undue_decision_prefilled(
    login: Any, benefits_clerk: User
) -> None:
    award = granted_with_award(since=D(2025, 11, 1))
    overpayment = Overpayment.objects.create(
        person=award.person,
        household=award.household,
        benefit="zasilek_okresowy",
        service_month=D(2025, 12, 1),
        amount=Decimal("300.00"),
    )
    client = login(benefits_clerk)
    row = client.get(OVERPAYMENTS).context["rows"][0]
    assert row["overpayment"] == overpayment
    link = row["undue_link"]
    assert link.startswith(reverse("benefits:decision_change", args=[award.decision_id]))
    editor = client.get(link)
    assert editor.status_code == 200
    [line] = editor.context["formset"].initial
    # The overpaid month: 300,00 for December 2025, interest none (social assistance).
    assert (line["amount"], line["period_from"], line["period_to"]) == (
        Decimal("300.00"),
        D(2025, 12, 1),
        D(2025, 12, 31),
    )
    initial = editor.context["form"].initial
    assert initial["interest_from"] is None
    assert initial["repay_by"] == timezone.localdate() + datetime.timedelta(days=30)


def test_the_debt_page_links_to_each_relief_with_what_is_owed(
    login: Any, benefits_clerk: User, accountant: User
) -> None:
    debt = undue_debt(amount="600.00")
    login(accountant).post(
        reverse("payments:repayment_add", args=[debt.pk]),
        {"paid_on": "2026-03-20", "amount": "100,00", "way": "kasa"},
    )
    client = login(benefits_clerk)
    links = dict(
        client.get(reverse("payments:debt_detail", args=[debt.pk])).context["relief_links"]
    )
    assert len(links) == 4
    instalments = next(url for label, url in links.items() if "raty" in label)
    editor = client.get(instalments)
    assert editor.status_code == 200
    assert editor.context["form"].initial["relief"] == "raty"
    # 600,00 − 100,00 = 500,00 still owed, written into the draft's operative part.
    assert "500,00" in editor.context["form"].initial["operative"]


def test_the_accountant_is_told_of_the_overdue_debts(login: Any, accountant: User) -> None:
    undue_debt(repay_by=D(2026, 4, 1))
    today = timezone.localdate()
    undue_debt(issued_on=today, repay_by=today + datetime.timedelta(days=30))
    page = login(accountant).get(reverse("payments:home"), follow=True).content.decode()
    # One of the two is past its deadline.
    assert "1 należność z tytułu świadczenia nienależnego po terminie" in page
    assert f"{DEBTS}?stan=zalegle" in page


def test_the_debts_are_shown_fifty_a_page_and_the_total_counts_them_all(
    login: Any, accountant: User
) -> None:
    for _ in range(51):
        undue_debt(amount="10.00")
    client = login(accountant)
    first = client.get(DEBTS)
    assert len(first.context["debts"]) == 50
    # 51 × 10,00 = 510,00 owed, whatever the page.
    assert first.context["totals"].owed == Decimal("510.00")
    second = client.get(DEBTS, {"strona": 2})
    assert len(second.context["debts"]) == 1
    csv = b"".join(client.get(DEBTS, {"format": "csv"}).streaming_content).decode("utf-8-sig")
    # The header and the 51 debts.
    assert len(csv.strip().splitlines()) == 52
