# mypy: allow-untyped-calls, allow-untyped-decorators
"""Factories for the registry's tests. Synthetic data only: every PESEL is computed here from a
birth date and a serial, with its check digit, and belongs to nobody."""

import datetime
from decimal import Decimal
from typing import Any, cast

from factory.declarations import LazyAttributeSequence, LazyFunction, Sequence, SubFactory
from factory.django import DjangoModelFactory, Password
from factory.helpers import post_generation
from stdnum.pl import pesel as stdnum_pesel

from ostoja.accounts.models import Area, User
from ostoja.accounts.roles import Role
from ostoja.registry.demo.identifiers import pesel_for
from ostoja.registry.models import Household, Income, IncomeKind, Membership, Person, Relation

TEST_PASSWORD = "test-haslo-1234"


def make_pesel(birth_date: datetime.date, serial: int = 0, *, sex: str | None = None) -> str:
    """A checksum-valid synthetic PESEL for `birth_date`; `serial` (0-4999) picks one of many,
    `sex` ("K"/"M") the parity of the tenth digit (alternating by serial when not given)."""
    pesel = pesel_for(birth_date, sex or ("M" if serial % 2 else "K"), serial)
    assert stdnum_pesel.is_valid(pesel), pesel
    return pesel


def make_nrb(seed: int = 1) -> str:
    """A Polish account number (26 digits) with correct IBAN check digits."""
    bban = f"{10901014:08d}{seed:016d}"
    remainder = int(bban + "252100") % 97  # "PL" = 25 21, then "00"
    return f"{98 - remainder:02d}{bban}"


class _AreaFactory(DjangoModelFactory[Area]):
    class Meta:
        model = Area
        django_get_or_create = ("name",)

    name = Sequence(lambda n: f"Rejon {n + 1}")


class _UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = Sequence(lambda n: f"pracownik{n}")
    first_name = "Anna"
    last_name = Sequence(lambda n: f"Testowa{n}")
    role = Role.SOCIAL_WORKER
    password = Password(TEST_PASSWORD)

    @post_generation
    def areas(self: User, create: bool, extracted: list[Area] | None, **kwargs: object) -> None:
        if create and extracted:
            for area in extracted:
                area.workers.add(self)


class _PersonFactory(DjangoModelFactory[Person]):
    class Meta:
        model = Person

    first_names = "Jan"
    surname = Sequence(lambda n: f"Kowalski{n}")
    birth_date = Sequence(lambda n: datetime.date(1970, 1, 1) + datetime.timedelta(n))
    sex = "M"
    pesel = LazyAttributeSequence(lambda o, n: make_pesel(o.birth_date, n, sex=o.sex))
    registered_gmina = "Dębowo"
    registered_town = "Dębowo"


class _HouseholdFactory(DjangoModelFactory[Household]):
    class Meta:
        model = Household

    area = SubFactory(_AreaFactory)
    gmina = "Dębowo"
    town = "Dębowo"
    street = Sequence(lambda n: f"Lipowa {n}")
    house_number = Sequence(lambda n: str(n + 1))
    postcode = "00-950"


class _MembershipFactory(DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    household = SubFactory(_HouseholdFactory)
    person = SubFactory(_PersonFactory)
    relation = Relation.CHILD
    valid_from = datetime.date(2020, 1, 1)


def income_kind(code: str = "wynagrodzenie") -> IncomeKind:
    """A kind from the dictionary the migration loads."""
    return IncomeKind.objects.get(code=code)


class _IncomeFactory(DjangoModelFactory[Income]):
    class Meta:
        model = Income

    person = SubFactory(_PersonFactory)
    month = datetime.date(2025, 1, 1)
    kind = LazyFunction(income_kind)
    gross = Decimal("3000.00")
    tax = Decimal("100.00")
    health = Decimal("200.00")
    social = Decimal("300.00")


# Typed entry points: factory_boy has no type hints, the tests get model instances.


def AreaFactory(**kwargs: Any) -> Area:
    return cast(Area, _AreaFactory(**kwargs))


def UserFactory(**kwargs: Any) -> User:
    return cast(User, _UserFactory(**kwargs))


def PersonFactory(**kwargs: Any) -> Person:
    return cast(Person, _PersonFactory(**kwargs))


def HouseholdFactory(**kwargs: Any) -> Household:
    return cast(Household, _HouseholdFactory(**kwargs))


def MembershipFactory(**kwargs: Any) -> Membership:
    return cast(Membership, _MembershipFactory(**kwargs))


def IncomeFactory(**kwargs: Any) -> Income:
    return cast(Income, _IncomeFactory(**kwargs))


def household_with_members(
    *, area: Area, members: int = 2, since: datetime.date = datetime.date(2020, 1, 1)
) -> Household:
    """A household in `area` with a head and `members - 1` children, all current."""
    household = HouseholdFactory(area=area)
    for index in range(members):
        MembershipFactory(
            household=household,
            relation=Relation.APPLICANT if index == 0 else Relation.CHILD,
            valid_from=since,
        )
    return household


def person_form_data(
    prefix: str = "", person: Person | None = None, **values: Any
) -> dict[str, Any]:
    """POST data for PersonForm (optionally prefixed), from `person` or defaults, with
    `values` overriding."""
    data: dict[str, object] = {
        "pesel": make_pesel(datetime.date(1980, 4, 2), 417, sex="K"),
        "document_type": "",
        "document_number": "",
        "first_names": "Maria",
        "surname": "Wiśniewska",
        "family_name": "",
        "birth_date": "",
        "sex": "",
        "citizenship": "polskie",
        "phone": "",
        "email": "",
        "registered_gmina": "Dębowo",
        "registered_town": "Dębowo",
        "registered_street": "Lipowa",
        "registered_house_number": "1",
        "registered_flat_number": "",
        "registered_postcode": "00-950",
        "actual_gmina": "",
        "actual_town": "",
        "actual_street": "",
        "actual_house_number": "",
        "actual_flat_number": "",
        "actual_postcode": "",
        "bank_account": "",
        "notes": "",
    }
    if person is not None:
        for name in data:
            value = getattr(person, name)
            data[name] = "" if value is None else value
        data["birth_date"] = person.birth_date.isoformat()
        data["version"] = person.version
    data.update(values)
    if not prefix:
        return data
    return {f"{prefix}-{name}": value for name, value in data.items()}


def household_form_data(
    prefix: str = "", area: Area | None = None, **values: Any
) -> dict[str, Any]:
    data: dict[str, object] = {
        "area": area.pk if area else "",
        "gmina": "Dębowo",
        "town": "Dębowo",
        "street": "Klonowa",
        "house_number": "7",
        "flat_number": "2",
        "postcode": "00-950",
        "notes": "",
    }
    data.update(values)
    if not prefix:
        return data
    return {f"{prefix}-{name}": value for name, value in data.items()}
