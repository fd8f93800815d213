"""The list pages run a fixed number of queries, however many rows they show."""

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ostoja.accounts.models import Area, User
from ostoja.registry.tests.factories import (
    HouseholdFactory,
    IncomeFactory,
    MembershipFactory,
    PersonFactory,
    household_with_members,
)

# A fixed budget: session, user, scope, the page's reads, the access event and its persons.
MAX_QUERIES = 24
# The start page also shows the social worker's deadlines (interviews, updates, contract
# reviews, referrals, her cases and their last contacts): a fixed number of reads more.
# The family's file also shows the benefits panel (awards and open applications): two reads.
EXTRA_QUERIES = {"home": 6, "household_detail": 2}


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _households(area: Area, n: int) -> None:
    for _ in range(n):
        household_with_members(area=area, members=2)


def _search_people(area: Area, n: int) -> None:
    household = HouseholdFactory(area=area)
    for i in range(n):
        MembershipFactory(household=household, person=PersonFactory(surname=f"Liczony{i:02d}"))


def _big_household(area: Area, n: int) -> int:
    household = household_with_members(area=area, members=n)
    for membership in household.memberships.all():
        IncomeFactory(person=membership.person)
    return household.pk


def _person_with_history(area: Area, n: int) -> int:
    person = PersonFactory()
    for i in range(n):
        household = HouseholdFactory(area=area)
        MembershipFactory(
            household=household,
            person=person,
            valid_from=datetime.date(1990 + i, 1, 1),
            valid_to=datetime.date(1990 + i, 12, 31),
        )
        IncomeFactory(person=person, month=datetime.date(2000 + i % 20, 1 + i % 12, 1))
    for i in range(n):
        person.notes = f"zmiana {i}"
        person.save()
    return person.pk


PAGES: list[tuple[str, Callable[..., object], Callable[[object], str]]] = [
    ("home", _households, lambda _: reverse("registry:home")),
    ("search", _search_people, lambda _: reverse("registry:search") + "?q=liczony"),
    (
        "household_detail",
        _big_household,
        lambda pk: reverse("registry:household_detail", args=[pk]),
    ),
    (
        "person_detail",
        _person_with_history,
        lambda pk: reverse("registry:person_detail", args=[pk]),
    ),
]


@pytest.mark.parametrize(("screen", "make", "url"), PAGES, ids=[p[0] for p in PAGES])
@pytest.mark.parametrize("role", ["social_worker", "director"])
def test_query_count_does_not_grow_with_rows(
    request: pytest.FixtureRequest,
    login: Callable[[User], Client],
    area_north: Area,
    screen: str,
    make: Callable[..., Any],
    url: Callable[[Any], str],
    role: str,
    django_assert_max_num_queries: Any,
) -> None:
    client = login(request.getfixturevalue(role))
    few = _count(client, url(make(area_north, 3)))
    many_url = url(make(area_north, 30))
    with django_assert_max_num_queries(MAX_QUERIES + EXTRA_QUERIES.get(screen, 0)):
        response = client.get(many_url)
    assert response.status_code == 200
    many = _count(client, many_url)
    assert many == few, f"{screen}: {few} queries with 3 rows, {many} with 30"
