"""Segment A's tables from the registry, on the interview's day."""

import datetime
from decimal import Decimal
from typing import Any

import pytest

from ostoja.casework.documents import RegistryData, blank_registry_table
from ostoja.registry.models import Membership
from ostoja.registry.tests.factories import IncomeFactory, MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 11, 20)


def test_members_on_the_day_with_their_age_then(household_north: Any) -> None:
    head = household_north.memberships.order_by("pk").first()
    head.person.birth_date = datetime.date(1970, 11, 21)
    head.person.save()
    gone = MembershipFactory(
        household=household_north,
        person=PersonFactory(surname="Wyprowadzony"),
        valid_from=datetime.date(2020, 1, 1),
        valid_to=datetime.date(2026, 10, 31),
    )
    data = RegistryData(household_north, DAY)
    table = data.table("members")
    assert table is not None
    names = [row[1].text for row in table.rows]
    assert gone.person.full_name not in names
    assert len(names) == 3
    # born 21.11.1970: on 20.11.2026 the birthday is a day away, so 55, not 56
    assert table.rows[0][5].text == "55"
    assert gone.person_id not in data.person_ids
    assert set(data.person_ids) == set(
        Membership.objects.current_on(DAY)
        .filter(household=household_north)
        .values_list("person_id", flat=True)
    )


def test_incomes_of_the_last_three_months_and_that_month_totalled(household_north: Any) -> None:
    person = household_north.memberships.order_by("pk").first().person
    for month, gross in (
        (datetime.date(2026, 7, 1), "999.00"),  # four months before: not shown
        (datetime.date(2026, 8, 1), "1000.00"),
        (datetime.date(2026, 11, 1), "500.00"),
    ):
        IncomeFactory(
            person=person,
            month=month,
            gross=Decimal(gross),
            tax=Decimal("0"),
            health=Decimal("0"),
            social=Decimal("0"),
        )
    table = RegistryData(household_north, DAY).table("incomes")
    assert table is not None
    months = [row[0].text for row in table.rows]
    # months from August (November minus three) to November; 1000.00 + 500.00 = 1500.00
    assert months == ["11.2026", "08.2026", "Razem"]
    assert table.rows[-1][4].text == "1\xa0500,00\xa0zł"


def test_address_is_one_line(household_north: Any) -> None:
    table = RegistryData(household_north, DAY).table("address")
    assert table is not None
    assert table.line == str(household_north.address)


def test_a_source_the_print_does_not_know_falls_back_to_the_answer(household_north: Any) -> None:
    assert RegistryData(household_north, DAY).table("benefits") is None
    assert blank_registry_table("benefits") is None


def test_blank_tables_for_the_empty_form() -> None:
    members = blank_registry_table("members")
    assert members is not None
    assert [row[0].text for row in members.rows] == ["1", "2", "3", "4", "5", "6"]
    assert all(cell.text == "" for row in members.rows for cell in row[1:])
    address = blank_registry_table("address")
    assert address is not None
    assert address.line == ""
