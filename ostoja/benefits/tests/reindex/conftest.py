"""The re-indexation tests' world: Monday 16 December 2024 in Dębowo, the criteria of 2025 just
published; a benefits clerk who starts the run (and so drafts), the director who is authorised
to sign, a social worker of the northern area; families with awards granted on 1 March 2024.

The families (each its own household; synthetic names):
* `zasilek_staly`: Halina, born 15 March 1950 (74: unable to work because of age), alone, with
  a pension of 600 zł; zasiłek stały 408,80 zł (worked out in the tests);
* `okresowy_kept` and `okresowy_raised`: a single unemployed person with 300 zł of income and the
  clerk's zasiłek okresowy of 400 zł and 300 zł (the 2024 range is 238–418 zł);
* `pielegnacyjne_adult`: a mother caring for a son with a significant degree of disability who
  turns 18 on 20 November 2024: świadczenie pielęgnacyjne 2 988 zł;
* `zasilek_pielegnacyjny`: a boy of 10 with a disability certificate: 215,84 zł.
The south has one more zasiłek stały (`zasilek_staly_south`) for the scope tests.
"""

import datetime
from collections.abc import Iterator
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from ostoja.accounts.models import Area, User
from ostoja.benefits.catalogue import Benefit
from ostoja.benefits.models import Reindexation
from ostoja.benefits.tests.reindex import factories
from ostoja.benefits.tests.reindex.factories import Granted, Member

TODAY = datetime.date(2024, 12, 16)
DAY = datetime.date(2025, 1, 1)


@pytest.fixture(autouse=True)
def clock() -> Iterator[Any]:
    with time_machine.travel(
        datetime.datetime(2024, 12, 16, 10, 0, tzinfo=ZoneInfo("Europe/Warsaw")), tick=False
    ) as traveller:
        yield traveller


@pytest.fixture
def clerk(benefits_clerk: User) -> User:
    """Starts the runs, so the assessments and drafts are hers; holds no authorisation."""
    return benefits_clerk


@pytest.fixture
def signer(director: User) -> User:
    factories.authorisation(director, recorded_by=director)
    return director


def _pension(amount: str) -> dict[str, Any]:
    return {"incomes": [{"kind": "emerytura", "amount": amount}]}


def _salary(amount: str) -> dict[str, Any]:
    return {"incomes": [{"kind": "wynagrodzenie", "amount": amount}]}


@pytest.fixture
def zasilek_staly(area_north: Area, clerk: User, signer: User, social_worker: User) -> Granted:
    made = factories.granted(
        area=area_north,
        benefit=Benefit.ZASILEK_STALY,
        members=[
            Member(
                datetime.date(1950, 3, 15),
                first_names="Halina",
                surname="Wiśniewska",
                facts=_pension("600.00"),
            )
        ],
        clerk=clerk,
        signer=signer,
    )
    factories.interview(
        made.household, worker=social_worker, conducted_on=datetime.date(2024, 10, 1)
    )
    return made


@pytest.fixture
def zasilek_staly_south(area_south: Area, clerk: User, signer: User) -> Granted:
    return factories.granted(
        area=area_south,
        benefit=Benefit.ZASILEK_STALY,
        members=[
            Member(
                datetime.date(1951, 6, 1),
                first_names="Jadwiga",
                surname="Południowa",
                facts=_pension("500.00"),
            )
        ],
        clerk=clerk,
        signer=signer,
        street="Polna",
    )


def _okresowy(area: Area, clerk: User, signer: User, amount: str, surname: str) -> Granted:
    return factories.granted(
        area=area,
        benefit=Benefit.ZASILEK_OKRESOWY,
        members=[
            Member(
                datetime.date(1980, 5, 5),
                sex="M",
                first_names="Piotr",
                surname=surname,
                facts=_salary("300.00"),
            )
        ],
        clerk=clerk,
        signer=signer,
        amount=Decimal(amount),
        until=datetime.date(2025, 6, 30),
    )


@pytest.fixture
def okresowy_kept(area_north: Area, clerk: User, signer: User) -> Granted:
    return _okresowy(area_north, clerk, signer, "400.00", "Nowak")


@pytest.fixture
def okresowy_raised(area_north: Area, clerk: User, signer: User) -> Granted:
    return _okresowy(area_north, clerk, signer, "300.00", "Kowalski")


@pytest.fixture
def pielegnacyjne_adult(area_north: Area, clerk: User, signer: User) -> Granted:
    return factories.granted(
        area=area_north,
        benefit=Benefit.SWIADCZENIE_PIELEGNACYJNE,
        members=[
            Member(
                datetime.date(1975, 2, 2),
                first_names="Ewa",
                surname="Zielińska",
                facts={"cares_for": ["o2"]},
            ),
            Member(
                datetime.date(2006, 11, 20),
                sex="M",
                first_names="Tomasz",
                surname="Zieliński",
                facts={"disability": "significant"},
            ),
        ],
        clerk=clerk,
        signer=signer,
    )


@pytest.fixture
def zasilek_pielegnacyjny(area_north: Area, clerk: User, signer: User) -> Granted:
    return factories.granted(
        area=area_north,
        benefit=Benefit.ZASILEK_PIELEGNACYJNY,
        members=[
            Member(datetime.date(1985, 7, 7), first_names="Marta", surname="Wójcik"),
            Member(
                datetime.date(2014, 4, 4),
                sex="M",
                first_names="Kacper",
                surname="Wójcik",
                facts={"disability": "certificate"},
            ),
        ],
        clerk=clerk,
        signer=signer,
        person_index=1,
    )


@pytest.fixture
def run(clerk: User) -> Reindexation:
    """The run of 1 January 2025, created as the start does it, not yet done."""
    return Reindexation.objects.create(effective_on=DAY, started_by=clerk)
