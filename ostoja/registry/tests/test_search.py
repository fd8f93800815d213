"""Finding persons: by PESEL, by surname prefix without regard to case and diacritics, by first
name and address, in Polish alphabetical order on either database; and the access log."""

import datetime
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from ostoja.accounts.models import Area, User
from ostoja.core.models import AccessLog
from ostoja.registry.models import Household, Person
from ostoja.registry.selectors import PersonQuery, person_search
from ostoja.registry.tests.factories import (
    HouseholdFactory,
    MembershipFactory,
    PersonFactory,
    household_with_members,
)

POLISH_SURNAMES = ["Żak", "Źdźbło", "Zając", "Łukasz", "Łoś", "Lwowski", "Lis"]
POLISH_ORDER = ["Lis", "Lwowski", "Łoś", "Łukasz", "Zając", "Źdźbło", "Żak"]


def _search(user: User, **query: str) -> list[Person]:
    return list(person_search(user=user, query=PersonQuery(**query)))


def test_pesel_finds_exactly_that_person(director: User) -> None:
    target, _other = PersonFactory(), PersonFactory()
    assert target.pesel is not None
    assert _search(director, text=target.pesel) == [target]
    assert _search(director, text=f" {target.pesel[:5]} {target.pesel[5:]} ") == [target]
    wrong_check_digit = target.pesel[:10] + str((int(target.pesel[10]) + 1) % 10)
    assert _search(director, text=wrong_check_digit) == []


@pytest.mark.parametrize(
    ("text", "surname"),
    [
        ("zolt", "Żółtek"),
        ("ŻÓŁT", "Żółtek"),
        ("ŁUK", "Łukasiewicz"),
        ("luk", "Łukasiewicz"),
        ("łukasiewicz", "Łukasiewicz"),
    ],
)
def test_surname_prefix_ignores_case_and_diacritics(
    director: User, text: str, surname: str
) -> None:
    person = PersonFactory(surname=surname)
    PersonFactory(surname="Nowak")
    assert _search(director, text=text) == [person]


def test_surname_followed_by_first_name(director: User) -> None:
    anna = PersonFactory(surname="Żółtek", first_names="Anna")
    PersonFactory(surname="Żółtek", first_names="Jan")
    assert _search(director, text="zoltek an") == [anna]
    assert _search(director, text="Żółtek", first_name="ANN") == [anna]


def test_first_name_alone(director: User) -> None:
    ewa = PersonFactory(first_names="Ewa Maria")
    PersonFactory(first_names="Jan")
    assert _search(director, first_name="ewa") == [ewa]


def test_street_or_town_of_the_current_household(director: User, area_north: Area) -> None:
    at_polna = HouseholdFactory(area=area_north, street="Polna", town="Dębowo")
    in_lesna = HouseholdFactory(area=area_north, street="", town="Łęczyca Leśna")
    now = MembershipFactory(household=at_polna).person
    gone = MembershipFactory(household=at_polna, valid_to=datetime.date(2021, 1, 1)).person
    village = MembershipFactory(household=in_lesna).person
    assert _search(director, address="poln") == [now]
    assert gone not in _search(director, address="Polna")
    assert _search(director, address="leczyca") == [village]
    assert set(_search(director, address="DĘBO")) == {now}


def test_merged_records_are_not_found(director: User) -> None:
    kept = PersonFactory(surname="Scalony")
    PersonFactory(surname="Scalony", pesel=None, document_number="X1", merged_into=kept)
    assert _search(director, text="scal") == [kept]


def test_polish_alphabetical_order(director: User) -> None:
    for surname in POLISH_SURNAMES:
        PersonFactory(surname=surname, first_names="Sortowany")
    found = _search(director, first_name="Sortowany")
    assert [p.surname for p in found] == POLISH_ORDER


@pytest.mark.postgres
def test_postgres_uses_the_icu_polish_collation(director: User) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT collprovider FROM pg_collation WHERE collname = 'pl'")
        row = cursor.fetchone()
    assert row is not None
    assert row[0] == "i"  # ICU
    test_polish_alphabetical_order(director)


def test_search_is_limited_to_the_workers_scope(
    social_worker: User, area_north: Area, area_south: Area
) -> None:
    mine = household_with_members(area=area_north, members=1).memberships.get().person
    theirs = household_with_members(area=area_south, members=1).memberships.get().person
    mine.surname = theirs.surname = "Wspólny"
    mine.save()
    theirs.save()
    assert _search(social_worker, text="wspol") == [mine]


def test_search_writes_one_access_row_per_person_shown(
    login: Callable[[User], Client], director: User
) -> None:
    people = [PersonFactory(surname=f"Szukany{i}") for i in range(3)]
    response = login(director).get(reverse("registry:search"), {"q": "szukany"})
    assert response.status_code == 200
    rows = AccessLog.objects.filter(what="search_results")
    assert sorted(rows.values_list("person_id", flat=True)) == sorted(p.pk for p in people)
    assert {row.user_id for row in rows} == {director.pk}
    assert {row.route for row in rows} == {reverse("registry:search")}


def test_empty_search_logs_nothing(login: Callable[[User], Client], director: User) -> None:
    PersonFactory()
    assert login(director).get(reverse("registry:search")).status_code == 200
    assert not AccessLog.objects.exists()


def test_person_detail_writes_one_access_row(
    login: Callable[[User], Client], director: User, person_north: Person
) -> None:
    login(director).get(reverse("registry:person_detail", args=[person_north.pk]))
    row = AccessLog.objects.get()
    assert (row.person_id, row.what, row.user) == (person_north.pk, "person_detail", director)


def test_household_detail_writes_one_row_per_member(
    login: Callable[[User], Client], director: User, household_north: Household
) -> None:
    MembershipFactory(
        household=household_north,
        valid_from=datetime.date(2000, 1, 1),
        valid_to=datetime.date(2001, 1, 1),
    )
    login(director).get(reverse("registry:household_detail", args=[household_north.pk]))
    logged = list(
        AccessLog.objects.filter(what="household_detail").values_list("person_id", flat=True)
    )
    members = list(household_north.memberships.values_list("person_id", flat=True))
    assert len(members) == 4
    assert sorted(logged) == sorted(members)
