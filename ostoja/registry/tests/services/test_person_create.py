"""Registering a person: the form validates identifiers, the service refuses a taken PESEL."""

import datetime
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext

from ostoja.accounts.models import Area, User
from ostoja.registry import services
from ostoja.registry.forms import PersonForm
from ostoja.registry.models import Household, Person
from ostoja.registry.tests.factories import (
    PersonFactory,
    household_form_data,
    make_nrb,
    make_pesel,
    person_form_data,
)

PESEL = make_pesel(datetime.date(1980, 4, 2), 417, sex="K")


def _form(**values: Any) -> PersonForm:
    return PersonForm(data=person_form_data(**values))


def _service_data(**values: Any) -> dict[str, Any]:
    form = _form(**values)
    assert form.is_valid(), form.errors
    return form.person_data()


def test_create_fills_birth_date_and_sex_from_the_pesel(director: User) -> None:
    person = services.person_create(actor=director, data=_service_data(pesel=PESEL))
    assert person.birth_date == datetime.date(1980, 4, 2)
    assert person.sex == "K"
    assert person.surname_folded == "wisniewska"
    record = person.history.get()
    assert record.history_type == "+"
    assert record.history_user == director


def test_pesel_with_spaces_is_normalised(director: User) -> None:
    spaced = f"{PESEL[:6]} {PESEL[6:]}"
    person = services.person_create(actor=director, data=_service_data(pesel=spaced))
    assert person.pesel == PESEL


def _bad_checksum(pesel: str) -> str:
    return pesel[:-1] + str((int(pesel[-1]) + 1) % 10)


@pytest.mark.parametrize(
    ("pesel", "code"),
    [
        (_bad_checksum(PESEL), "pesel_checksum"),
        (PESEL[:-1], "pesel_length"),
        (PESEL + "1", "pesel_length"),
        ("8004024170X", "pesel_length"),
    ],
)
def test_invalid_pesel_is_a_field_error(db: None, pesel: str, code: str) -> None:
    form = _form(pesel=pesel)
    assert not form.is_valid()
    assert form.has_error("pesel", code)


@time_machine.travel(datetime.datetime(2025, 6, 15, 12, 0, tzinfo=datetime.UTC), tick=False)
def test_pesel_born_tomorrow_is_refused(db: None) -> None:
    form = _form(pesel=make_pesel(datetime.date(2025, 6, 16), 3))
    assert not form.is_valid()
    assert form.has_error("pesel", "pesel_future")
    today = _form(pesel=make_pesel(datetime.date(2025, 6, 15), 3))
    assert today.is_valid(), today.errors


@time_machine.travel(datetime.datetime(2025, 6, 15, 12, 0, tzinfo=datetime.UTC), tick=False)
def test_birth_date_in_the_future_without_pesel_is_refused(db: None) -> None:
    form = _form(
        pesel="",
        document_type="paszport",
        document_number="XY1234567",
        birth_date="2025-06-16",
        sex="M",
    )
    assert not form.is_valid()
    assert "birth_date" in form.errors


def test_birth_date_or_sex_contradicting_the_pesel(db: None) -> None:
    form = _form(pesel=PESEL, birth_date="1981-04-02", sex="M")
    assert not form.is_valid()
    assert {"birth_date", "sex"} <= set(form.errors)


def test_without_pesel_a_document_is_required(db: None) -> None:
    form = _form(pesel="")
    assert not form.is_valid()
    assert {"document_type", "document_number", "birth_date", "sex"} <= set(form.errors)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("bank_account", "12345"),
        ("bank_account", make_nrb(1)[:-1] + str((int(make_nrb(1)[-1]) + 1) % 10)),
        ("registered_postcode", "0095"),  # "00950" is read as 00-950
        ("actual_postcode", "0-0950"),
    ],
)
def test_invalid_nrb_and_postcode_are_field_errors(db: None, field: str, value: str) -> None:
    form = _form(**{field: value})
    assert not form.is_valid()
    assert list(form.errors) == [field]


def test_valid_nrb_is_normalised(director: User) -> None:
    nrb = make_nrb(42)
    spaced = "PL " + " ".join([nrb[:2], *(nrb[i : i + 4] for i in range(2, 26, 4))])
    person = services.person_create(actor=director, data=_service_data(bank_account=spaced))
    assert person.bank_account == nrb


def test_duplicate_pesel_is_refused_with_the_owner(director: User) -> None:
    owner = PersonFactory(pesel=PESEL, birth_date=datetime.date(1980, 4, 2), sex="K")
    with pytest.raises(ValidationError) as caught:
        services.person_create(actor=director, data=_service_data(pesel=PESEL))
    (error,) = caught.value.error_dict["pesel"]
    assert error.code == "pesel_taken"
    assert error.params == {"person_id": owner.pk}
    assert Person.objects.count() == 1


def test_register_view_with_a_taken_pesel_links_to_the_owner(
    login: Callable[[User], Client], director: User, area_north: Area
) -> None:
    owner = PersonFactory(pesel=PESEL, birth_date=datetime.date(1980, 4, 2), sex="K")
    data = household_form_data("household", area=area_north) | person_form_data("head")
    response = login(director).post(reverse("registry:household_register"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("registry:person_detail", args=[owner.pk]) in html
    assert escape(gettext("A person with this PESEL is already registered.")) in html
    assert Person.objects.count() == 1
    assert not Household.objects.exists()


def test_member_add_view_with_a_taken_pesel_offers_to_attach(
    login: Callable[[User], Client], director: User, household_north: Household
) -> None:
    owner = PersonFactory(pesel=PESEL, birth_date=datetime.date(1980, 4, 2), sex="K")
    count = Person.objects.count()
    data = person_form_data("person") | {
        "membership-relation": "dziecko",
        "membership-valid_from": "2024-01-01",
    }
    response = login(director).post(reverse("registry:member_add", args=[household_north.pk]), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("registry:person_detail", args=[owner.pk]) in html
    assert reverse("registry:member_attach", args=[household_north.pk]) in html
    assert Person.objects.count() == count


def test_a_taken_pesel_of_a_person_outside_the_scope_names_nobody(
    login: Callable[[User], Client], social_worker: User, household_south: Household
) -> None:
    """Regression: the form linked to (and offered to attach) a person of another area."""
    owner = household_south.memberships.order_by("pk")[0].person
    data = household_form_data("household", area=social_worker.areas.get()) | person_form_data(
        "head",
        pesel=owner.pesel,
        birth_date=owner.birth_date.isoformat(),
        sex=owner.sex,
    )
    response = login(social_worker).post(reverse("registry:household_register"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("registry:person_detail", args=[owner.pk]) not in html
    assert owner.surname not in html
    assert escape(gettext("ask the director of the centre")) in html
    assert not Household.objects.exclude(pk=household_south.pk).exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("pesel", _bad_checksum(PESEL)),
        ("bank_account", "1234"),
        ("registered_postcode", "1234"),
    ],
)
def test_register_view_shows_field_errors_and_saves_nothing(
    login: Callable[[User], Client], social_worker: User, area_north: Area, field: str, value: str
) -> None:
    overrides: dict[str, Any] = {field: value}
    data = household_form_data("household", area=area_north) | person_form_data("head", **overrides)
    response = login(social_worker).post(reverse("registry:household_register"), data)
    assert response.status_code == 200
    assert field in response.context["person_form"].errors
    assert f'id="id_head-{field}_errors"' in response.content.decode()
    assert not Person.objects.exists()
    assert not Household.objects.exists()


def test_possible_duplicate_warns_and_needs_confirmation(
    login: Callable[[User], Client], director: User, area_north: Area
) -> None:
    twin = PersonFactory(
        pesel=None,
        document_type="paszport",
        document_number="AB0000001",
        first_names="Maria",
        surname="Wiśniewska",
        birth_date=datetime.date(1980, 4, 2),
        sex="K",
    )
    client = login(director)
    url = reverse("registry:household_register")
    data = household_form_data("household", area=area_north) | person_form_data(
        "head", surname="WISNIEWSKA"
    )
    warned = client.post(url, data)
    assert warned.status_code == 200
    assert warned.context["duplicates"].visible == [twin]
    html = warned.content.decode()
    assert 'name="not_duplicate"' in html
    assert reverse("registry:person_detail", args=[twin.pk]) in html
    assert Person.objects.count() == 1

    confirmed = client.post(url, data | {"not_duplicate": "1"})
    assert confirmed.status_code == 302
    assert Person.objects.count() == 2
    assert Household.objects.count() == 1


def test_possible_duplicate_on_member_add(
    login: Callable[[User], Client], social_worker: User, household_north: Household
) -> None:
    head = household_north.memberships.order_by("pk")[0].person
    client = login(social_worker)
    url = reverse("registry:member_add", args=[household_north.pk])
    data = person_form_data(
        "person",
        pesel="",
        document_type="paszport",
        document_number="ZZ9999999",
        first_names=head.first_names,
        surname=head.surname,
        birth_date=head.birth_date.isoformat(),
        sex=head.sex,
    ) | {"membership-relation": "dziecko", "membership-valid_from": "2024-01-01"}
    count = Person.objects.count()
    warned = client.post(url, data)
    assert warned.status_code == 200
    assert warned.context["duplicates"].visible == [head]
    assert Person.objects.count() == count
    assert client.post(url, data | {"not_duplicate": "1"}).status_code == 302
    assert Person.objects.count() == count + 1


def test_a_possible_duplicate_outside_the_scope_is_not_named(
    login: Callable[[User], Client], social_worker: User, area_north: Area
) -> None:
    """Regression: the duplicate warning listed persons of other areas (name, birth date, link)
    and wrote no access-log row."""
    twin = PersonFactory(
        pesel=None,
        document_type="paszport",
        document_number="AB0000001",
        first_names="Maria",
        surname="Wiśniewska",
        birth_date=datetime.date(1980, 4, 2),
        sex="K",
    )
    client = login(social_worker)
    url = reverse("registry:household_register")
    data = household_form_data("household", area=area_north) | person_form_data(
        "head", surname="Wiśniewska"
    )
    warned = client.post(url, data)
    assert warned.status_code == 200
    duplicates = warned.context["duplicates"]
    assert duplicates.visible == []
    assert duplicates.elsewhere
    html = warned.content.decode()
    assert reverse("registry:person_detail", args=[twin.pk]) not in html
    assert 'name="not_duplicate"' in html
    assert escape(gettext("ask the director of the centre")) in html
    assert client.post(url, data | {"not_duplicate": "1"}).status_code == 302
