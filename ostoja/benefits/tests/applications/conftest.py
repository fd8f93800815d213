"""A small centre for the applications' tests: an area with its social worker, one in another
area, a benefits clerk, an accountant, and a family of three in the first area."""

import datetime
from dataclasses import dataclass

import pytest

from ostoja.accounts.models import Area, User
from ostoja.accounts.roles import Role
from ostoja.registry.models import Household, Person, Relation
from ostoja.registry.tests.factories import (
    AreaFactory,
    HouseholdFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)


@dataclass
class Centre:
    north: Area
    worker: User
    other_worker: User
    clerk: User
    accountant: User
    family: Household
    mother: Person
    son: Person
    daughter: Person


@pytest.fixture
def centre(db: None) -> Centre:
    north, south = AreaFactory(name="Północ"), AreaFactory(name="Południe")
    worker = UserFactory(username="socjalna", role=Role.SOCIAL_WORKER, areas=[north])
    other = UserFactory(username="socjalny_pld", role=Role.SOCIAL_WORKER, areas=[south])
    clerk = UserFactory(username="swiadczenia", role=Role.BENEFITS_CLERK)
    accountant = UserFactory(username="ksiegowa", role=Role.ACCOUNTING)
    family = HouseholdFactory(area=north)
    since = datetime.date(2020, 1, 1)
    mother = PersonFactory(
        first_names="Maria", surname="Lipowska", sex="K", birth_date=datetime.date(1985, 3, 2)
    )
    son = PersonFactory(
        first_names="Adam", surname="Lipowski", birth_date=datetime.date(2012, 5, 6)
    )
    daughter = PersonFactory(
        first_names="Ewa", surname="Lipowska", sex="K", birth_date=datetime.date(2016, 9, 1)
    )
    MembershipFactory(
        household=family, person=mother, relation=Relation.APPLICANT, valid_from=since
    )
    MembershipFactory(household=family, person=son, relation=Relation.CHILD, valid_from=since)
    MembershipFactory(household=family, person=daughter, relation=Relation.CHILD, valid_from=since)
    return Centre(north, worker, other, clerk, accountant, family, mother, son, daughter)
