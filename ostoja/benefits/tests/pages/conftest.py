"""The applications' pages: a family of three in the northern area, the staff of the root
conftest (the director, a social worker of each area, a benefits clerk, an accountant, an
administrator, the data protection officer) and the day frozen on Monday 16 March 2026."""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from ostoja.accounts.models import Area, User
from ostoja.benefits.catalogue import Act, Benefit
from ostoja.benefits.models import Application, Channel
from ostoja.benefits.services.applications import BenefitAsked, application_register
from ostoja.registry.models import Household, Person, Relation
from ostoja.registry.tests.factories import HouseholdFactory, MembershipFactory, PersonFactory

TODAY = datetime.date(2026, 3, 16)
# Tuesday 10 March 2026: one month on (art. 57 § 3 k.p.a.) is Friday 10 April 2026, a working
# day, so the term ends then; on Monday 16 March 2026 that is 15 days of March (17–31) and 10
# of April away: 25 days left.
RECEIVED = datetime.date(2026, 3, 10)
DUE = datetime.date(2026, 4, 10)
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def frozen_today() -> Iterator[Any]:
    with time_machine.travel(
        datetime.datetime(2026, 3, 16, 10, 0, tzinfo=ZoneInfo("Europe/Warsaw")), tick=False
    ) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _own_media(settings: Any, tmp_path: Path) -> None:
    """Each test's uploads in a directory of its own: attachments are stored under their
    checksum, and a file left by another test would change the stored name."""
    settings.MEDIA_ROOT = tmp_path / "media"


@dataclass
class Family:
    household: Household
    mother: Person
    son: Person
    daughter: Person


@pytest.fixture
def family(area_north: Area) -> Family:
    household = HouseholdFactory(area=area_north, street="Lipowa", house_number="3")
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
        household=household, person=mother, relation=Relation.APPLICANT, valid_from=since
    )
    MembershipFactory(household=household, person=son, relation=Relation.CHILD, valid_from=since)
    MembershipFactory(
        household=household, person=daughter, relation=Relation.CHILD, valid_from=since
    )
    return Family(household, mother, son, daughter)


def register(actor: User, family: Family, **overrides: Any) -> Application:
    values: dict[str, Any] = {
        "actor": actor,
        "household": family.household,
        "applicant": family.mother,
        "act": Act.SOCIAL_ASSISTANCE,
        "received_on": RECEIVED,
        "channel": Channel.IN_PERSON,
        "benefits": [
            BenefitAsked(Benefit.ZASILEK_OKRESOWY),
            BenefitAsked(Benefit.ZASILEK_CELOWY, purpose="opał", amount=Decimal("600.00")),
        ],
    }
    values.update(overrides)
    return application_register(**values)


@pytest.fixture
def application(benefits_clerk: User, family: Family) -> Application:
    """Registered by the benefits clerk, who handles it."""
    return register(benefits_clerk, family)
