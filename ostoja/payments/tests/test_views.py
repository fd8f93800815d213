"""The payment pages with the test client, role by role: the month with its run, a list with
its items and steps, the bank files, a payment with its marks, the statement of returns and the
payments to make again. Every page that shows payees writes one access event with them."""

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from ostoja.accounts.models import User
from ostoja.benefits.models import PaymentMethod
from ostoja.core.models import AccessLog
from ostoja.core.money import format_pln
from ostoja.payments.access_kinds import ITEM_DETAIL, LIST_ITEMS
from ostoja.payments.models import (
    ItemState,
    ListState,
    PaymentItem,
    PaymentList,
    PaymentSettings,
)
from ostoja.payments.services import lists, runs
from ostoja.payments.tests.factories import award
from ostoja.registry.tests.factories import make_nrb

pytestmark = pytest.mark.django_db
D = datetime.date
DECEMBER = D(2026, 12, 1)
MONTH = reverse("payments:month", args=["2026-12"])


def _draft(clerk: User, method: str = PaymentMethod.BANK) -> PaymentList:
    PaymentSettings.objects.filter(pk=1).update(centre_account=make_nrb(900))
    award(amount="713.00", valid_from=DECEMBER, method=method)
    award(amount="1229.00", valid_from=DECEMBER, method=method)
    runs.payment_run_execute(runs.payment_run_start(actor=clerk, month=DECEMBER).pk, today=DECEMBER)
    return PaymentList.objects.get()


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
def test_who_sees_the_month(
    login: Any, request: pytest.FixtureRequest, role: str, status: int
) -> None:
    user = request.getfixturevalue(role)
    response = login(user).get(MONTH)
    assert response.status_code == status


def test_the_month_shows_its_lists_and_generates_them(
    login: Any, benefits_clerk: User, django_capture_on_commit_callbacks: Any
) -> None:
    award(amount="713.00", valid_from=DECEMBER)
    client = login(benefits_clerk)
    empty = client.get(MONTH)
    assert "Brak list za ten miesiąc" in empty.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(MONTH, {"miesiac": "2026-12"})
    assert started.status_code == 302
    response = client.get(MONTH)
    payment_list = PaymentList.objects.get()
    page = response.content.decode()
    assert payment_list.number in page
    assert format_pln(Decimal("713.00")) in page


def test_a_bad_month_is_refused_at_the_field(login: Any, benefits_clerk: User) -> None:
    response = login(benefits_clerk).post(MONTH, {"miesiac": "grudzień"})
    assert response.status_code == 200
    assert "Wpisz miesiąc w postaci RRRR-MM" in response.content.decode()
    assert not PaymentList.objects.exists()


def test_a_director_sees_but_does_not_generate(login: Any, director: User) -> None:
    response = login(director).post(MONTH, {"miesiac": "2026-12"})
    assert response.status_code == 403


def test_the_list_page_shows_items_and_logs_the_payees(
    login: Any, benefits_clerk: User, accountant: User
) -> None:
    payment_list = _draft(benefits_clerk)
    response = login(accountant).get(reverse("payments:list_detail", args=[payment_list.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert format_pln(Decimal("1229.00")) in page
    assert format_pln(Decimal("713.00")) in page
    # The totals by classification: 713.00 + 1 229.00 = 1 942.00 zł in 852/85216/3110.
    assert "852/85216/3110" in page
    assert format_pln(Decimal("1942.00")) in page
    event = AccessLog.objects.get(what=LIST_ITEMS)
    payees = set(payment_list.items.values_list("payee_id", flat=True))
    assert payees <= set(event.persons.values_list("person_id", flat=True))


def test_the_whole_way_of_a_transfer_list(
    login: Any, benefits_clerk: User, accountant: User
) -> None:
    payment_list = _draft(benefits_clerk)
    detail = reverse("payments:list_detail", args=[payment_list.pk])
    clerk = login(benefits_clerk)
    clerk.post(reverse("payments:list_prepare", args=[payment_list.pk]))
    assert PaymentList.objects.get().state == ListState.PREPARED
    # The preparer is not offered approval, and is refused it.
    assert "Zatwierdź listę" not in clerk.get(detail).content.decode()
    accountant_client = login(accountant)
    assert "Zatwierdź listę" in accountant_client.get(detail).content.decode()
    accountant_client.post(reverse("payments:list_approve", args=[payment_list.pk]))
    assert PaymentList.objects.get().state == ListState.APPROVED
    response = accountant_client.post(
        reverse("payments:list_bank_file", args=[payment_list.pk, "elixir"])
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content.count(b"\r\n") == 2
    assert PaymentList.objects.get().state == ListState.EXPORTED
    accountant_client.post(
        reverse("payments:list_mark_paid", args=[payment_list.pk]), {"dzien": "2026-12-10"}
    )
    assert set(PaymentItem.objects.values_list("state", flat=True)) == {ItemState.PAID}


def test_the_preparer_is_refused_approval_by_the_page(login: Any, accountant: User) -> None:
    payment_list = lists.payment_list_prepare(actor=accountant, payment_list=_draft(accountant))
    response = login(accountant).post(
        reverse("payments:list_approve", args=[payment_list.pk]), follow=True
    )
    assert "zatwierdza ją i przekazuje do wypłaty inna osoba" in response.content.decode()
    assert PaymentList.objects.get().state == ListState.PREPARED


def test_a_clerk_cannot_approve(login: Any, benefits_clerk: User, accountant: User) -> None:
    payment_list = lists.payment_list_prepare(actor=accountant, payment_list=_draft(accountant))
    response = login(benefits_clerk).post(reverse("payments:list_approve", args=[payment_list.pk]))
    assert response.status_code == 403


def test_a_payment_page_returns_and_pays_again(
    login: Any, benefits_clerk: User, accountant: User
) -> None:
    payment_list = lists.payment_list_prepare(
        actor=benefits_clerk, payment_list=_draft(benefits_clerk)
    )
    lists.payment_list_approve(actor=accountant, payment_list=payment_list)
    client = login(accountant)
    client.post(reverse("payments:list_bank_file", args=[payment_list.pk, "pain001"]))
    lists.payment_list_mark_paid(
        actor=accountant, payment_list=PaymentList.objects.get(), paid_on=D(2026, 12, 10)
    )
    item = PaymentItem.objects.order_by("pk").first()
    assert item is not None
    page = reverse("payments:item_detail", args=[item.pk])
    assert client.get(page).status_code == 200
    assert AccessLog.objects.filter(what=ITEM_DETAIL).exists()
    client.post(page, {"krok": "zwrot", "dzien": "2026-12-14", "uwagi": "rachunek zamknięty"})
    item.refresh_from_db()
    assert item.state == ItemState.RETURNED
    # A transfer without an account number is refused at the field, and nothing is made.
    refused = client.post(page, {"krok": "ponownie", "sposob": "przelew", "rachunek": ""})
    assert refused.status_code == 200
    assert not PaymentItem.objects.filter(reissues=item).exists()
    client.post(page, {"krok": "ponownie", "sposob": "kasa"})
    again = PaymentItem.objects.get(reissues=item)
    assert (again.channel, again.amount) == ("kasa", item.amount)
    back = client.get(reverse("payments:back_at_centre"))
    assert back.status_code == 200


def test_the_statement_of_returns_marks_a_paid_transfer(
    login: Any, benefits_clerk: User, accountant: User
) -> None:
    payment_list = lists.payment_list_prepare(
        actor=benefits_clerk, payment_list=_draft(benefits_clerk)
    )
    lists.payment_list_approve(actor=accountant, payment_list=payment_list)
    client = login(accountant)
    client.post(reverse("payments:list_bank_file", args=[payment_list.pk, "elixir"]))
    lists.payment_list_mark_paid(
        actor=accountant, payment_list=PaymentList.objects.get(), paid_on=D(2026, 12, 10)
    )
    item = PaymentItem.objects.order_by("pk").first()
    assert item is not None
    amount = f"{item.amount:.2f}".replace(".", ",")
    csv = (
        "Data księgowania;Kwota;Tytuł\r\n"
        f"2026-12-14;{amount};ZWROT {item.reference} rachunek zamknięty\r\n"
        "2026-12-14;10,00;ZWROT W-9999999999\r\n"
    ).encode("cp1250")
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("payments:returns_import"),
        {"plik": SimpleUploadedFile("zwroty.csv", csv, content_type="text/csv")},
    )
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.state == ItemState.RETURNED
    # The other entry names no transfer of the centre: listed, not marked.
    page = response.content.decode()
    assert "W-9999999999" in page
    assert "Nie wskazuje żadnego przelewu ośrodka." in page


def test_an_unknown_list_is_a_404(login: Any, accountant: User) -> None:
    assert login(accountant).get(reverse("payments:list_detail", args=[999])).status_code == 404


def test_a_list_being_generated_is_not_shown(
    login: Any, benefits_clerk: User, accountant: User
) -> None:
    payment_list = _draft(benefits_clerk)
    PaymentList.objects.filter(pk=payment_list.pk).update(state=ListState.GENERATING)
    assert (
        login(accountant).get(reverse("payments:list_detail", args=[payment_list.pk])).status_code
        == 404
    )
    # Nor is it among the month's lists.
    month = login(accountant).get(MONTH).content.decode()
    assert payment_list.number not in month
