"""The services that change areas and their social workers."""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ostoja.accounts import services
from ostoja.accounts.models import Area, User
from ostoja.accounts.roles import Role
from ostoja.core.actions import actions_about
from ostoja.core.models import ActionRecord

pytestmark = pytest.mark.django_db


def _worker(**fields: Any) -> User:
    """A social worker (accounts' tests may not import the registry's factories)."""
    fields.setdefault("role", Role.SOCIAL_WORKER)
    return User.objects.create_user(**fields)


def test_area_create(administrator: User) -> None:
    area = services.area_create(
        actor=administrator, data={"name": "Rejon Zachód", "description": "ul. Polna, Lipowa"}
    )
    area.refresh_from_db()
    assert (area.name, area.description) == ("Rejon Zachód", "ul. Polna, Lipowa")
    [entry] = actions_about(area)
    assert (entry.label, entry.summary) == ("Utworzenie rejonu", "Rejon Zachód")
    assert area.history.latest().history_user == administrator


def test_area_create_refuses_a_name_taken(administrator: User, area_north: Area) -> None:
    with pytest.raises(ValidationError) as error:
        services.area_create(actor=administrator, data={"name": "Rejon Północ"})
    assert "name" in error.value.error_dict


def test_area_create_refuses_an_empty_name(administrator: User) -> None:
    with pytest.raises(ValidationError) as error:
        services.area_create(actor=administrator, data={"name": ""})
    assert "name" in error.value.error_dict


def test_area_create_refuses_other_fields(administrator: User) -> None:
    with pytest.raises(TypeError):
        services.area_create(actor=administrator, data={"name": "X", "workers": []})


def test_only_the_administrator_may_create_areas(director: User) -> None:
    with pytest.raises(PermissionDenied):
        services.area_create(actor=director, data={"name": "Rejon Wschód"})


def test_area_update(administrator: User, area_north: Area) -> None:
    services.area_update(
        actor=administrator, area=area_north, data={"name": "Północ", "description": "wsie"}
    )
    area_north.refresh_from_db()
    assert area_north.name == "Północ"
    [entry] = actions_about(area_north)
    assert (entry.label, entry.summary) == ("Zmiana danych rejonu", "Północ: nazwa, opis")


def test_area_update_without_a_change_records_nothing(
    administrator: User, area_north: Area
) -> None:
    services.area_update(actor=administrator, area=area_north, data={"name": "Rejon Północ"})
    assert ActionRecord.objects.count() == 0


def test_area_update_refuses_a_name_taken(
    administrator: User, area_north: Area, area_south: Area
) -> None:
    with pytest.raises(ValidationError) as error:
        services.area_update(actor=administrator, area=area_north, data={"name": area_south.name})
    assert "name" in error.value.error_dict
    area_north.refresh_from_db()
    assert area_north.name == "Rejon Północ"


def test_only_the_administrator_may_update_areas(social_worker: User, area_north: Area) -> None:
    with pytest.raises(PermissionDenied):
        services.area_update(actor=social_worker, area=area_north, data={"name": "X"})


def test_area_workers_set_records_who_was_added_and_removed(
    administrator: User, social_worker: User, area_north: Area
) -> None:
    newcomer = _worker(username="bnowak", first_name="Barbara", last_name="Nowak")

    services.area_workers_set(actor=administrator, area=area_north, workers=[newcomer])

    assert list(area_north.workers.all()) == [newcomer]
    [entry] = actions_about(area_north)
    assert entry.label == "Zmiana pracowników socjalnych rejonu"
    assert entry.summary == (f"Rejon Północ; przypisani: Barbara Nowak; odpięci: {social_worker}")
    # both workers' histories show it
    assert [e.label for e in actions_about(social_worker)] == [entry.label]
    assert [e.label for e in actions_about(newcomer)] == [entry.label]


def test_area_workers_set_unchanged_records_nothing(
    administrator: User, social_worker: User, area_north: Area
) -> None:
    services.area_workers_set(actor=administrator, area=area_north, workers=[social_worker])
    assert ActionRecord.objects.count() == 0


def test_a_director_cannot_become_a_worker_of_an_area(
    administrator: User, director: User, area_north: Area
) -> None:
    with pytest.raises(ValidationError) as error:
        services.area_workers_set(actor=administrator, area=area_north, workers=[director])
    assert error.value.message_dict["workers"] == [
        "Do rejonu można przypisać tylko aktywnych pracowników socjalnych: Krystyna Kierownik."
    ]
    assert director not in area_north.workers.all()


def test_a_deactivated_social_worker_cannot_be_assigned(
    administrator: User, area_south: Area
) -> None:
    former = _worker(username="byly", is_active=False)
    with pytest.raises(ValidationError):
        services.area_workers_set(actor=administrator, area=area_south, workers=[former])
    assert area_south.workers.count() == 0


def test_only_the_administrator_may_assign_workers(
    director: User, social_worker: User, area_south: Area
) -> None:
    with pytest.raises(PermissionDenied):
        services.area_workers_set(actor=director, area=area_south, workers=[social_worker])


def test_area_workers_set_may_empty_an_area(
    administrator: User, social_worker: User, area_north: Area
) -> None:
    services.area_workers_set(actor=administrator, area=area_north, workers=[])
    assert area_north.workers.count() == 0
    [entry] = actions_about(area_north)
    assert entry.summary == f"Rejon Północ; przypisani: —; odpięci: {social_worker}"


def test_unused_fixture_guard(household_north: Any) -> None:
    # the household count of an area comes through the reverse relation
    assert household_north.area.households.count() == 1
