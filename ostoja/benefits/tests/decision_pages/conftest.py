# mypy: allow-untyped-calls
"""The decisions' pages: Tuesday 14 January 2025 in Dębowo; the staff of the root conftest (the
director, authorised to sign; a social worker of each area; a benefits clerk, who drafts; an
accountant; an administrator; the data protection officer); the register of social-assistance
decisions; and Zofia Dębowska, 74, living alone in the northern area on a pension of 600 zł,
whose application for a zasiłek stały of 10 December 2024 has a completed environmental
interview and an assessment made through the rules.

The assessment, worked out by hand (reference.md § 2.3 and § 3.3): the law of 10 December 2024,
the day of the application, applies; she is unable to work because of age (a woman of 60 or
more, art. 6 pkt 7 u.p.s.) and lives alone, with 600 zł of own income in November 2024, the
month before the application (art. 8 ust. 3 u.p.s.), under the single person's criterion of
776 zł (Dz.U. 2021 poz. 1296), so she is eligible (art. 37 ust. 1 pkt 1 u.p.s.); the amount is
130 % of that criterion less her income (art. 37 ust. 2 pkt 1 u.p.s. as in force from 1 January
2024): 1.3 × 776 = 1008.80; 1008.80 − 600 = 408.80 zł, above the 100 zł minimum and below the
1000 zł maximum of 2024."""

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
from ostoja.benefits.catalogue import Benefit
from ostoja.benefits.models import Application, Assessment, Decision, DecisionRegister
from ostoja.benefits.services import decisions as services
from ostoja.benefits.services.assessments import assessment_create
from ostoja.benefits.tests.assessment.factories import (
    Someone,
    application_for,
    family,
    income,
    interview,
    members_of,
)
from ostoja.benefits.tests.decisions import factories
from ostoja.registry.models import Household, Person, Relation

TODAY = datetime.date(2025, 1, 14)
RECEIVED = datetime.date(2024, 12, 10)
NOVEMBER = datetime.date(2024, 11, 1)
INTERVIEWED = datetime.date(2024, 12, 16)
ZS = Benefit.ZASILEK_STALY.value
# 130 % × 776 − 600 (see the module's docstring).
AMOUNT = Decimal("408.80")
PENSIONER = Someone(datetime.date(1950, 3, 1), "K", Relation.APPLICANT, "Zofia")


def noon(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12, 0), tzinfo=ZoneInfo("Europe/Warsaw"))


@pytest.fixture(autouse=True)
def clock() -> Iterator[Any]:
    """Today is 14 January 2025; `clock.move_to(noon(day))` moves on."""
    with time_machine.travel(noon(TODAY), tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _own_media(settings: Any, tmp_path: Path) -> None:
    """The frozen PDFs of each test in a directory of its own."""
    settings.MEDIA_ROOT = tmp_path / "media"


@dataclass
class Case:
    household: Household
    pensioner: Person
    application: Application
    assessment: Assessment


@pytest.fixture
def clerk(benefits_clerk: User) -> User:
    return benefits_clerk


@pytest.fixture
def signer(director: User) -> User:
    """The director, authorised since 2024 for both acts."""
    factories.authorisation(director, recorded_by=director)
    return director


@pytest.fixture
def ups_register(db: None) -> DecisionRegister:
    return factories.register(symbol="GOPS.8311", act=factories.UPS)


def pensioner_case(*, area: Area, clerk: User, worker: User) -> Case:
    household = family(area=area, members=[PENSIONER])
    pensioner = members_of(household)[0]
    income(pensioner, NOVEMBER, "600.00", kind="emerytura")
    interview(household, conducted_on=INTERVIEWED, worker=worker)
    application = application_for(household, [ZS], received_on=RECEIVED, handled_by=clerk)
    assessment = assessment_create(actor=clerk, application=application, benefit=ZS)
    return Case(household, pensioner, application, assessment)


@pytest.fixture
def case(area_north: Area, clerk: User, social_worker: User) -> Case:
    return pensioner_case(area=area_north, clerk=clerk, worker=social_worker)


def grant_line(case: Case, **values: Any) -> services.LineData:
    """The zasiłek stały from December 2024, the month of the application (art. 106 ust. 3
    u.p.s.), until further notice, at the cash desk."""
    return factories.line(
        case.pensioner,
        benefit=ZS,
        amount=AMOUNT,
        period_from=datetime.date(2024, 12, 1),
        period_to=None,
        **values,
    )


def draft(case: Case, actor: User, **values: Any) -> Decision:
    """A granting draft of the clerk's, through the service."""
    values.setdefault("lines", [grant_line(case)])
    return factories.draft(
        actor=actor,
        household=case.household,
        party=case.pensioner,
        application=case.application,
        assessment=case.assessment,
        **values,
    )


def for_signature(case: Case, actor: User, **values: Any) -> Decision:
    return services.decision_submit(actor=actor, decision=draft(case, actor, **values))


def signed(case: Case, clerk: User, signer: User) -> Decision:
    made = for_signature(case, clerk)
    return services.decision_sign(actor=signer, decision=made, base_version=made.version)
