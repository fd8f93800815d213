"""One household at a time per person; one head per household at a time."""

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from ostoja.accounts.models import Area, User
from ostoja.registry import services
from ostoja.registry.models import Household, Relation
from ostoja.registry.tests.factories import HouseholdFactory, PersonFactory

D = datetime.date


@pytest.fixture
def household(area_north: Area) -> Any:
    return HouseholdFactory(area=area_north)


@pytest.fixture
def other_household(area_north: Area) -> Any:
    return HouseholdFactory(area=area_north)


def test_add_records_the_actor(director: User, household: Household) -> None:
    person = PersonFactory()
    membership = services.membership_add(
        actor=director,
        household=household,
        person=person,
        relation=Relation.CHILD,
        valid_from=D(2024, 1, 1),
    )
    assert membership.history.get().history_user == director


def test_overlapping_households_are_refused(
    director: User, household: Household, other_household: Household
) -> None:
    person = PersonFactory()
    services.membership_add(
        actor=director,
        household=household,
        person=person,
        relation=Relation.CHILD,
        valid_from=D(2020, 1, 1),
        valid_to=D(2022, 12, 31),
    )
    for start, end in [
        (D(2022, 12, 31), None),
        (D(2019, 1, 1), D(2020, 1, 1)),
        (D(2021, 5, 1), None),
    ]:
        with pytest.raises(ValidationError) as caught:
            services.membership_add(
                actor=director,
                household=other_household,
                person=person,
                relation=Relation.CHILD,
                valid_from=start,
                valid_to=end,
            )
        assert "valid_from" in caught.value.error_dict
    assert person.memberships.count() == 1


def test_consecutive_households_are_fine(
    director: User, household: Household, other_household: Household
) -> None:
    person = PersonFactory()
    services.membership_add(
        actor=director,
        household=household,
        person=person,
        relation=Relation.CHILD,
        valid_from=D(2020, 1, 1),
        valid_to=D(2022, 12, 31),
    )
    services.membership_add(
        actor=director,
        household=other_household,
        person=person,
        relation=Relation.APPLICANT,
        valid_from=D(2023, 1, 1),
    )
    assert person.memberships.count() == 2


def test_open_membership_blocks_any_later_one(
    director: User, household: Household, other_household: Household
) -> None:
    person = PersonFactory()
    services.membership_add(
        actor=director,
        household=household,
        person=person,
        relation=Relation.CHILD,
        valid_from=D(2020, 1, 1),
    )
    with pytest.raises(ValidationError):
        services.membership_add(
            actor=director,
            household=other_household,
            person=person,
            relation=Relation.CHILD,
            valid_from=D(2030, 1, 1),
        )


def test_one_head_at_a_time(director: User, household: Household) -> None:
    services.membership_add(
        actor=director,
        household=household,
        person=PersonFactory(),
        relation=Relation.APPLICANT,
        valid_from=D(2020, 1, 1),
        valid_to=D(2023, 6, 30),
    )
    with pytest.raises(ValidationError) as caught:
        services.membership_add(
            actor=director,
            household=household,
            person=PersonFactory(),
            relation=Relation.APPLICANT,
            valid_from=D(2023, 6, 30),
        )
    assert "relation" in caught.value.error_dict
    services.membership_add(
        actor=director,
        household=household,
        person=PersonFactory(),
        relation=Relation.APPLICANT,
        valid_from=D(2023, 7, 1),
    )
    assert household.memberships.filter(relation=Relation.APPLICANT).count() == 2


def test_end_before_start_is_refused(director: User, household: Household) -> None:
    membership = services.membership_add(
        actor=director,
        household=household,
        person=PersonFactory(),
        relation=Relation.CHILD,
        valid_from=D(2020, 1, 1),
    )
    with pytest.raises(ValidationError):
        services.membership_end(actor=director, membership=membership, valid_to=D(2019, 1, 1))
    ended = services.membership_end(actor=director, membership=membership, valid_to=D(2021, 1, 1))
    assert ended.valid_to == D(2021, 1, 1)
    assert ended.history.first().history_user == director


def test_household_register_makes_the_head(director: User, area_north: Area) -> None:
    head = PersonFactory()
    household = services.household_register(
        actor=director,
        area=area_north,
        address={
            "gmina": "Dębowo",
            "town": "Dębowo",
            "street": "Żytnia",
            "house_number": "3",
            "flat_number": "",
            "postcode": "00-950",
        },
        head=head,
        since=D(2024, 2, 1),
    )
    assert household.street_folded == "zytnia"
    assert household.memberships.get().relation == Relation.APPLICANT
    assert household.history.get().history_user == director


def test_household_register_with_bad_postcode_saves_nothing(
    director: User, area_north: Area
) -> None:
    from ostoja.registry.models import Household

    with pytest.raises(ValidationError):
        services.household_register(
            actor=director,
            area=area_north,
            address={
                "gmina": "D",
                "town": "D",
                "street": "",
                "house_number": "1",
                "flat_number": "",
                "postcode": "0095",
            },
            head=PersonFactory(),
            since=D(2024, 2, 1),
        )
    assert not Household.objects.exists()
