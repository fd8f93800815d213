"""Form fields that take amounts, postcodes, account numbers and phones as staff type them."""

from decimal import Decimal

import pytest
from django import forms
from django.utils import translation

from ostoja.core.fields import (
    AccountNumberField,
    AmountField,
    PhoneField,
    PostcodeField,
    group_account_number,
)

NBSP, NARROW_NBSP = "\u00a0", "\u202f"


def _nrb(seed: int) -> str:
    """26 digits with correct IBAN check digits (synthetic: bank 1090 1014, a made-up number)."""
    bban = f"10901014{seed:016d}"
    remainder = int(bban + "252100") % 97  # "PL" = 25 21, then "00"
    return f"{98 - remainder:02d}{bban}"


class _Form(forms.Form):
    amount = AmountField(label="kwota", required=False)
    postcode = PostcodeField(label="kod", required=False)
    account = AccountNumberField(label="konto", required=False)
    phone = PhoneField(label="telefon", required=False)


def _clean(field: str, value: str) -> object:
    form = _Form({field: value})
    assert form.is_valid(), form.errors
    return form.cleaned_data[field]


def _error(field: str, value: str) -> str:
    with translation.override("pl"):
        form = _Form({field: value})
        assert not form.is_valid()
        return " ".join(str(message) for message in form.errors[field])


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("2 500,50", "2500.50"),
        ("2500,50 zł", "2500.50"),
        ("2500,50zł", "2500.50"),
        ("2 500.50", "2500.50"),
        ("2500", "2500"),
        (f"2{NBSP}500,50", "2500.50"),
        (f"1{NARROW_NBSP}250{NARROW_NBSP}000,00 PLN", "1250000.00"),
        ("2.500,50", "2500.50"),  # dots between thousands, as Polish documents print them
        ("1.250.000,00", "1250000.00"),
        (" 0,5 ", "0.5"),
        (",50", "0.50"),
        ("0", "0"),
    ],
)
def test_amount_as_typed(typed: str, amount: str) -> None:
    assert _clean("amount", typed) == Decimal(amount)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2,500.50", "Oddziel grosze przecinkiem, np. 2 500,50."),
        ("-100", "Kwota nie może być ujemna."),
        ("-100,00 zł", "Kwota nie może być ujemna."),
        ("100,505", "Podaj najwyżej dwie cyfry po przecinku (grosze)."),
        ("dwieście", "Wpisz kwotę cyframi, np. 2 500,50."),
        ("2,50,00", "Wpisz kwotę cyframi, np. 2 500,50."),
        ("1e5", "Wpisz kwotę cyframi, np. 2 500,50."),
        ("12345678901,00", "Ta kwota jest za duża."),
    ],
)
def test_amount_refused_with_a_polish_message(typed: str, message: str) -> None:
    assert _error("amount", typed) == message


def test_amount_is_shown_with_a_comma_and_typed_as_text() -> None:
    form = _Form(initial={"amount": Decimal("2500.5")})
    html = str(form["amount"])
    assert 'value="2500,50"' in html
    assert 'type="text"' in html
    assert 'inputmode="decimal"' in html


@pytest.mark.parametrize(
    ("typed", "postcode"), [("00950", "00-950"), (" 00-950 ", "00-950"), ("00 950", "00-950")]
)
def test_postcode_as_typed(typed: str, postcode: str) -> None:
    assert _clean("postcode", typed) == postcode


@pytest.mark.parametrize("typed", ["0095", "0-0950", "00-9500", "AB-123", "009500"])
def test_postcode_refused(typed: str) -> None:
    assert _error("postcode", typed) == "Wpisz kod pocztowy w postaci NN-NNN, np. 00-950."


def test_account_number_with_spaces_dashes_or_pl() -> None:
    nrb = "61109010140000071219812874"  # the NRB of the banks' own examples
    grouped = "61 1090 1014 0000 0712 1981 2874"
    assert group_account_number(nrb) == grouped
    assert _clean("account", grouped) == nrb
    assert _clean("account", f"PL{nrb}") == nrb
    assert _clean("account", f"pl {grouped}") == nrb
    assert _clean("account", "61-1090-1014-0000-0712-1981-2874") == nrb
    assert _clean("account", _nrb(3)) == _nrb(3)


def test_account_number_refused() -> None:
    nrb = _nrb(1)
    wrong = nrb[:-1] + str((int(nrb[-1]) + 1) % 10)
    assert "26 cyfr" in _error("account", nrb[:-1])
    assert _error("account", wrong) == _error("account", "0" * 26)
    assert "sprawdź cyfry" in _error("account", wrong)


def test_account_number_is_shown_in_groups_of_four() -> None:
    nrb = _nrb(5)
    assert f'value="{group_account_number(nrb)}"' in str(_Form(initial={"account": nrb})["account"])


@pytest.mark.parametrize(
    ("typed", "phone"),
    [
        ("600 100 200", "600 100 200"),
        ("600100200", "600 100 200"),
        ("+48 600-100-200", "600 100 200"),
        ("0048 600 100 200", "600 100 200"),
        ("22 123 45 67", "22 123 45 67"),
        ("(22) 1234567", "22 123 45 67"),
        ("+49 30 1234567", "+49 30 1234567"),
    ],
)
def test_phone_as_typed(typed: str, phone: str) -> None:
    assert _clean("phone", typed) == phone


@pytest.mark.parametrize("typed", ["600 100", "123", "telefon", "+48 600 100 200 300"])
def test_phone_refused(typed: str) -> None:
    assert "sprawdź cyfry" in _error("phone", typed)


def test_empty_values_stay_empty() -> None:
    form = _Form({"amount": "", "postcode": "  ", "account": "", "phone": ""})
    assert form.is_valid()
    assert form.cleaned_data == {"amount": None, "postcode": "", "account": "", "phone": ""}
