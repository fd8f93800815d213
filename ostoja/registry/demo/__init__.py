"""The demo municipality: gmina Dębowo, about 8 000 inhabitants, 400 client households.

Everything here is synthetic. PESELs are built from random birth dates and serials with correct
check digits; bank accounts are random NRBs with correct IBAN check digits; names come from Faker
`pl_PL` and a list of common Polish surnames. A fixed seed and a fixed reference day make the
persons, households and memberships the same on every run; incomes are for the six full months
before today, so that the demo always has fresh incomes to compute with.

Amounts are plausible, not authoritative: wages around the minimum wage (4 666 zł in 2025,
4 806 zł in 2026), pensions 1 900–4 300 zł, 800+ per child, zasiłek rodzinny 95/124/135 zł by
the child's age (art. 6 ust. 2 u.ś.r., amounts from 1.11.2016); tax and contributions use the
2022+ PIT scale roughly (12 %, 300 zł monthly reduction, 250 zł costs, 13.71 % employee social
contributions, 9 % health).
"""

import datetime
from dataclasses import dataclass

from simple_history.utils import bulk_create_with_history

from ostoja.accounts.models import Area, User
from ostoja.accounts.roles import Role
from ostoja.registry.demo.amounts import employment_deductions, minimum_wage, pension_deductions
from ostoja.registry.demo.families import DemoBuilder
from ostoja.registry.demo.gmina import AREA_TOWN, AREA_VILLAGES, DEMO_USERS, TOWN, VILLAGES
from ostoja.registry.demo.identifiers import BANK_CODES, female_surname, nrb_for, pesel_for
from ostoja.registry.models import Household, Income, IncomeKind, Membership, PaidAlimony, Person

__all__ = [
    "AREA_TOWN",
    "AREA_VILLAGES",
    "BANK_CODES",
    "DEMO_USERS",
    "Summary",
    "demo_present",
    "employment_deductions",
    "female_surname",
    "minimum_wage",
    "nrb_for",
    "pension_deductions",
    "pesel_for",
    "seed",
]


def create_users() -> dict[str, User]:
    users = {}
    for spec in DEMO_USERS:
        admin = spec["role"] == Role.ADMINISTRATOR
        user = User.objects.create_user(
            username=spec["username"],
            password=spec["password"],
            first_name=spec["first_name"],
            last_name=spec["last_name"],
            role=spec["role"],
            is_staff=admin,
            is_superuser=admin,
        )
        users[spec["username"]] = user
    return users


def create_areas(users: dict[str, User]) -> dict[str, Area]:
    areas = {
        AREA_TOWN: Area.objects.create(
            name=AREA_TOWN, description="Dębowo (miasto): ulice w granicach miejscowości."
        ),
        AREA_VILLAGES: Area.objects.create(
            name=AREA_VILLAGES,
            description="Wsie gminy: " + ", ".join(name for name, _ in VILLAGES) + ".",
        ),
    }
    for spec in DEMO_USERS:
        if "area" in spec:
            areas[spec["area"]].workers.add(users[spec["username"]])
    return areas


def director(users: dict[str, User]) -> User:
    return next(users[s["username"]] for s in DEMO_USERS if s["role"] == Role.DIRECTOR)


@dataclass(frozen=True)
class Summary:
    households: int
    persons: int
    memberships: int
    incomes: int
    alimony: int
    users: int


def seed(*, today: datetime.date) -> Summary:
    """Create the demo gmina. The caller runs it in a transaction and checks it is not there."""
    users = create_users()
    areas = create_areas(users)
    actor = director(users)
    builder = DemoBuilder(today=today)
    builder.build()
    for family in builder.families:
        in_town = family.household.town == TOWN
        family.household.area = areas[AREA_TOWN if in_town else AREA_VILLAGES]
    households = [f.household for f in builder.families]
    for row in households:
        row.clean_fields(exclude=["area"])
    for person in builder.persons:
        person.clean_fields()
    bulk_create_with_history(households, Household, batch_size=500, default_user=actor)
    bulk_create_with_history(builder.persons, Person, batch_size=500, default_user=actor)
    memberships = [
        Membership(
            household=family.household,
            person=member.person,
            relation=member.relation,
            valid_from=member.valid_from,
            valid_to=member.valid_to,
        )
        for family in builder.families
        for member in family.members
    ]
    bulk_create_with_history(memberships, Membership, batch_size=500, default_user=actor)
    kinds = {kind.code: kind for kind in IncomeKind.objects.all()}
    incomes = builder.incomes(kinds)
    bulk_create_with_history(incomes, Income, batch_size=1000, default_user=actor)
    alimony = builder.paid_alimony()
    bulk_create_with_history(alimony, PaidAlimony, batch_size=500, default_user=actor)
    return Summary(
        households=len(households),
        persons=len(builder.persons),
        memberships=len(memberships),
        incomes=len(incomes),
        alimony=len(alimony),
        users=len(users),
    )


def demo_present() -> bool:
    names = [spec["username"] for spec in DEMO_USERS]
    return (
        User.objects.filter(username__in=names).exists()
        or Area.objects.filter(name__in=[AREA_TOWN, AREA_VILLAGES]).exists()
    )
