"""The payment settings: the accountant's page and services, the checks of a title template
(known fields, 4 lines of 35 characters), and who may change them."""

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ostoja.accounts.models import User
from ostoja.core.models import ActionRecord
from ostoja.payments.models import BenefitPayment, PaymentSettings
from ostoja.payments.services.settings import benefit_payment_update, payment_settings_update
from ostoja.registry.tests.factories import make_nrb

pytestmark = pytest.mark.django_db
RETURNS_CSV = {
    "returns_encoding": "utf-8",
    "returns_delimiter": ",",
    "returns_skip_lines": "2",
    "returns_date_column": "Data",
    "returns_amount_column": "Kwota operacji",
    "returns_description_column": "Opis",
    "returns_account_column": "",
    "returns_name_column": "",
    "returns_marker": "ZWROT",
}


def test_the_accountant_sets_the_centres_account(login: Any, accountant: User) -> None:
    account = make_nrb(901)
    grouped = "PL" + " ".join([account[:2]] + [account[i : i + 4] for i in range(2, 26, 4)])
    data = {
        "centre_account": grouped,
        "bank_name": "Bank Spółdzielczy",
        "title_prefix": "",
        "encoding": "cp1250",
        "quote_accounts": "on",
        "quote_classification": "on",
        "order_type": "110",
        "classification": "51",
        "reference_length": "16",
        "forbidden_characters": ":;&@$",
        "pain_account_form": "iban",
        **RETURNS_CSV,
    }
    response = login(accountant).post(reverse("payments:settings"), data)
    assert response.status_code == 302
    row = PaymentSettings.objects.get()
    assert row.centre_account == account
    assert (row.returns_delimiter, row.returns_skip_lines, row.returns_marker) == (",", 2, "ZWROT")
    assert ActionRecord.objects.filter(action="payments.settings_update").exists()


def test_the_returns_are_read_as_the_settings_say(accountant: User) -> None:
    from ostoja.payments.services.returns import read_statement

    PaymentSettings.objects.filter(pk=1).update(
        returns_encoding="utf-8",
        returns_delimiter=",",
        returns_skip_lines=1,
        returns_date_column="Data",
        returns_amount_column="Kwota operacji",
        returns_description_column="Opis",
        returns_marker="ZWROT",
    )
    csv = (
        "Wyciąg z rachunku 12/2026\r\n"
        "Data,Kwota operacji,Opis\r\n"
        '2026-12-14,"713,00",ZWROT W-0000000007 rachunek zamknięty\r\n'
        '2026-12-14,"50,00",wpłata darowizny\r\n'
    ).encode()
    entries = read_statement(csv)
    # Only the entry marked ZWROT is a return: 713,00 zł for W-0000000007.
    assert [(e.reference, e.amount) for e in entries] == [("W-0000000007", Decimal("713.00"))]


def test_a_wrong_account_is_refused_at_its_field(login: Any, accountant: User) -> None:
    account = make_nrb(901)
    spoilt = account[:-1] + str((int(account[-1]) + 1) % 10)
    response = login(accountant).post(
        reverse("payments:settings"),
        {
            "centre_account": spoilt,
            "encoding": "cp1250",
            "order_type": "110",
            "classification": "51",
            "reference_length": "16",
            "pain_account_form": "iban",
        },
    )
    assert response.status_code == 200
    assert "id_centre_account_errors" in response.content.decode()
    assert PaymentSettings.objects.get().centre_account == ""


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{benefit} za {miesiac}", "miesiac"),
        ("A|B|C|D|E", "5"),
        ("Zasiłek za {month} dla {person} i rodziny", "35"),
    ],
)
def test_a_title_the_bank_files_cannot_carry_is_refused(
    accountant: User, template: str, message: str
) -> None:
    payment = BenefitPayment.objects.get(benefit="zasilek_staly")
    with pytest.raises(ValidationError) as refused:
        benefit_payment_update(
            actor=accountant, benefit_payment=payment, data={"title_template": template}
        )
    assert message in str(refused.value)
    payment.refresh_from_db()
    assert payment.title_template.startswith("Zasiłek stały za {month}")


def test_a_chapter_outside_its_section_is_refused(accountant: User) -> None:
    payment = BenefitPayment.objects.get(benefit="zasilek_staly")
    with pytest.raises(ValidationError):
        benefit_payment_update(actor=accountant, benefit_payment=payment, data={"chapter": "85502"})


def test_the_benefit_page_saves_a_new_day(login: Any, accountant: User) -> None:
    payment = BenefitPayment.objects.get(benefit="zasilek_staly")
    url = reverse("payments:benefit_payment_edit", args=["zasilek_staly"])
    client = login(accountant)
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "section": "852",
            "chapter": "85216",
            "paragraph": "3110",
            "funding": "wlasne_dotacja",
            "payment_day": "15",
            "title_template": payment.title_template,
        },
    )
    assert response.status_code == 302
    payment.refresh_from_db()
    assert payment.payment_day == 15
    assert payment.history.get(payment_day=15).history_user == accountant


@pytest.mark.parametrize("role", ["benefits_clerk", "director", "social_worker", "iod"])
def test_only_accounting_changes_the_settings(
    login: Any, request: pytest.FixtureRequest, role: str
) -> None:
    user = request.getfixturevalue(role)
    assert login(user).get(reverse("payments:settings")).status_code == 403
    with pytest.raises(PermissionDenied):
        payment_settings_update(actor=user, data={"bank_name": "X"})
