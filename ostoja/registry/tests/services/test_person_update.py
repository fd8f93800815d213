"""Editing a person with optimistic locking."""

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext

from ostoja.accounts.models import User
from ostoja.core.locking import ConflictError
from ostoja.registry import services
from ostoja.registry.forms import PersonForm
from ostoja.registry.models import Household, Person
from ostoja.registry.tests.factories import PersonFactory, make_pesel, person_form_data


def _data(person: Person | None, **values: Any) -> dict[str, Any]:
    form = PersonForm(data=person_form_data(person=person, **values), instance=person)
    assert form.is_valid(), form.errors
    return form.person_data()


@pytest.fixture
def person(director: User) -> Any:
    return services.person_create(
        actor=director,
        data=_data(None, pesel=make_pesel(datetime.date(1975, 9, 30), 88, sex="M")),
    )


def test_update_saves_bumps_the_version_and_records_the_actor(
    person: Person, benefits_clerk: User
) -> None:
    services.person_update(
        actor=benefits_clerk, person=person, version=1, data=_data(person, phone="601 000 000")
    )
    person.refresh_from_db()
    assert person.phone == "601 000 000"
    assert person.version == 2
    latest = person.history.first()
    assert latest.history_type == "~"
    assert latest.history_user == benefits_clerk
    assert latest.version == 2


def test_second_save_with_an_old_version_raises_conflict(
    person: Person, director: User, benefits_clerk: User
) -> None:
    stale = type(person).objects.get(pk=person.pk)
    services.person_update(
        actor=director,
        person=person,
        version=1,
        data=_data(person, phone="601 000 111", surname="Nowak"),
    )
    with pytest.raises(ConflictError) as caught:
        services.person_update(
            actor=benefits_clerk, person=stale, version=1, data=_data(stale, email="a@b.pl")
        )
    changed = {change.field for change in caught.value.changes}
    assert changed == {"phone", "surname"}
    assert caught.value.current_version == 2
    stale.refresh_from_db()
    assert stale.email == ""
    assert stale.version == 2


def test_update_to_a_taken_pesel_is_refused(person: Person, director: User) -> None:
    other = PersonFactory()
    with pytest.raises(ValidationError) as caught:
        services.person_update(
            actor=director,
            person=person,
            version=1,
            data=_data(person, pesel=other.pesel, birth_date="", sex=""),
        )
    assert caught.value.error_dict["pesel"][0].code == "pesel_taken"
    person.refresh_from_db()
    assert person.version == 1


def test_edit_view_shows_the_conflict_keeps_typed_values_and_saves_again(
    login: Callable[[User], Client], social_worker: User, director: User, household_north: Household
) -> None:
    person = household_north.memberships.order_by("pk")[0].person
    url = reverse("registry:person_edit", args=[person.pk])
    opened = person_form_data(person=person)  # the form as the worker opened it

    # Someone else saves in between.
    services.person_update(
        actor=director,
        person=person,
        version=person.version,
        data=_data(person, phone="601 000 222"),
    )

    client = login(social_worker)
    response = client.post(url, opened | {"notes": "Wpisane przez pracownika"})
    assert response.status_code == 200
    conflict = response.context["conflict"]
    assert [change.field for change in conflict.changes] == ["phone"]
    html = response.content.decode()
    assert escape(gettext("Someone else saved this record after you opened it")) in html
    assert "Wpisane przez pracownika" in html  # the typed value is kept
    form = response.context["form"]
    assert str(form["version"].value()) == "2"
    person.refresh_from_db()
    assert person.notes == ""

    again = client.post(url, opened | {"notes": "Wpisane przez pracownika", "version": 2})
    assert again.status_code == 302
    person.refresh_from_db()
    assert person.notes == "Wpisane przez pracownika"
    assert person.version == 3
    assert person.history.first().history_user == social_worker


def test_edit_view_with_a_taken_pesel_shows_a_field_error(
    login: Callable[[User], Client], director: User, person_north: Person
) -> None:
    other = PersonFactory()
    response = login(director).post(
        reverse("registry:person_edit", args=[person_north.pk]),
        person_form_data(person=person_north, pesel=other.pesel, birth_date="", sex=""),
    )
    assert response.status_code == 200
    assert response.context["form"].has_error("pesel", "pesel_taken")
    assert reverse("registry:person_detail", args=[other.pk]) in response.content.decode()
