"""The decision tests' world: 1 April 2025 (a Tuesday) in Dębowo, a benefits clerk who drafts,
a director authorised to sign, the register of social-assistance decisions, a family of three
with a completed environmental interview, and its application for a zasiłek okresowy with an
assessment."""

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine

from ostoja.benefits.models import Application, Assessment, DecisionRegister
from ostoja.benefits.tests.decisions import factories

TODAY = datetime.date(2025, 4, 1)


def noon(day: datetime.date) -> datetime.datetime:
    """Noon in Warsaw on `day` (10:00 UTC in summer time, 11:00 in winter: the same date)."""
    return datetime.datetime.combine(day, datetime.time(10, 0), tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def clock() -> Iterator[Any]:
    """Today is 1 April 2025; `clock.move_to(noon(day))` moves on."""
    with time_machine.travel(noon(TODAY), tick=False) as traveller:
        yield traveller


@pytest.fixture
def clerk(benefits_clerk: Any) -> Any:
    """Drafts decisions; holds no authorisation."""
    return benefits_clerk


@pytest.fixture
def signer(director: Any) -> Any:
    """The director, authorised since 2024 for both acts."""
    factories.authorisation(director, recorded_by=director)
    return director


@pytest.fixture
def ups_register(db: None) -> DecisionRegister:
    return factories.register(symbol="GOPS.8311", act=factories.UPS)


@pytest.fixture
def household(household_north: Any, social_worker: Any) -> Any:
    """A family of three (members since 2020) with a completed environmental interview."""
    factories.completed_interview(household_north, worker=social_worker)
    return household_north


@pytest.fixture
def application(household: Any, clerk: Any) -> Application:
    return factories.application(household, handled_by=clerk)


@pytest.fixture
def assessment(application: Application, clerk: Any) -> Assessment:
    return factories.assessment(application, made_by=clerk)


@pytest.fixture
def grant_values(application: Application, assessment: Assessment) -> dict[str, Any]:
    """What a granting decision on the application needs besides the actor and the family."""
    return {"application": application, "assessment": assessment}
