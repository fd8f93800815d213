"""The registry's forms take amounts, postcodes, account numbers and phones as staff type them
(the fields of `ostoja.core.fields`), and refuse what cannot be read with a Polish message on
the field."""

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation

from ostoja.accounts.models import Area
from ostoja.registry.forms import AlimonyForm, HouseholdAddressForm, IncomeForm, PersonForm
from ostoja.registry.models import Person
from ostoja.registry.tests.factories import make_nrb, person_form_data

pytestmark = pytest.mark.django_db


def _income(**values: str) -> IncomeForm:
    data = {"person": "", "month": "2026-01", "kind": "wynagrodzenie"}
    data |= {"gross": "0", "tax": "0", "health": "0", "social": "0"} | values
    return IncomeForm(data=data, members=Person.objects.all())


def test_income_amounts_as_typed() -> None:
    form = _income(gross="12 500,50 zł", tax="100", health="1\u00a0000.25", social="2.000,00")
    assert form.is_valid() or set(form.errors) == {"person"}
    assert {k: form.cleaned_data.get(k) for k in ("gross", "tax", "health", "social")} == {
        "gross": Decimal("12500.50"),
        "tax": Decimal("100"),
        "health": Decimal("1000.25"),
        "social": Decimal("2000.00"),
    }


@pytest.mark.parametrize("field", ["gross", "tax", "health", "social"])
def test_income_amount_errors_sit_on_their_field(field: str) -> None:
    with translation.override("pl"):
        form = _income(**{field: "-5"})
        assert not form.is_valid()
        assert form.errors[field] == ["Kwota nie może być ujemna."]


def test_alimony_amount_refuses_the_english_way() -> None:
    form = AlimonyForm(
        data={"person": "", "month": "2026-01", "amount": "1,200.00"}, members=Person.objects.all()
    )
    with translation.override("pl"):
        assert not form.is_valid()
        assert form.errors["amount"] == ["Oddziel grosze przecinkiem, np. 2 500,50."]


def _person(**values: Any) -> PersonForm:
    return PersonForm(data=person_form_data(**values))


def test_person_form_normalises_phone_postcode_and_account() -> None:
    nrb = make_nrb(4)
    form = _person(
        phone="+48 600-100-200",
        registered_postcode="00950",
        actual_postcode=" 01-234 ",
        bank_account=f"PL {nrb[:2]} {nrb[2:6]}-{nrb[6:]}",
    )
    assert form.is_valid(), form.errors
    data = form.person_data()
    assert (data["phone"], data["registered_postcode"], data["actual_postcode"]) == (
        "600 100 200",
        "00-950",
        "01-234",
    )
    assert data["bank_account"] == nrb


def test_person_form_landline() -> None:
    form = _person(phone="22 1234567")
    assert form.is_valid(), form.errors
    assert form.person_data()["phone"] == "22 123 45 67"


def test_person_form_refuses_a_wrong_phone_on_the_field() -> None:
    with translation.override("pl"):
        form = _person(phone="600 100")
        assert not form.is_valid()
        assert form.errors["phone"] == [
            "Ten numer telefonu jest błędny: sprawdź cyfry (np. 600 100 200)."
        ]


def test_household_postcode_as_typed(area_north: Area, director: Any) -> None:
    data = {
        "area": str(area_north.pk),
        "gmina": "Dębowo",
        "town": "Dębowo",
        "street": "",
        "house_number": "12",
        "flat_number": "",
        "postcode": "00950",
        "notes": "",
    }
    form = HouseholdAddressForm(data=data, user=director)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["postcode"] == "00-950"


def test_edit_form_shows_the_account_in_groups_of_four(director: Any) -> None:
    from ostoja.registry.tests.factories import PersonFactory

    nrb = make_nrb(9)
    person = PersonFactory(bank_account=nrb, birth_date=datetime.date(1980, 1, 1))
    html = str(PersonForm(instance=person)["bank_account"])
    assert f'value="{nrb[:2]} {nrb[2:6]} {nrb[6:10]}' in html
