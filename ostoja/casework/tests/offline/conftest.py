"""Fixtures of the offline tests: a fixed day, an interview in progress of the northern area."""

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine

from ostoja.casework.models import CaseFile, Interview, InterviewKind
from ostoja.casework.services.interviews import interview_plan, interview_start
from ostoja.casework.tests.factories import CaseFileFactory

# Monday 15 June 2026, a working day.
TODAY = datetime.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(
        datetime.datetime(2026, 6, 15, 10, 0, tzinfo=datetime.UTC), tick=False
    ):
        yield


@pytest.fixture
def case(household_north: Any, social_worker: Any) -> CaseFile:
    return CaseFileFactory(
        household=household_north, worker=social_worker, opened_on=datetime.date(2026, 5, 4)
    )


@pytest.fixture
def interview(case: CaseFile, social_worker: Any) -> Interview:
    planned = interview_plan(
        actor=social_worker,
        case=case,
        kind=InterviewKind.FULL,
        need_known_on=datetime.date(2026, 6, 10),
    )
    return interview_start(actor=social_worker, interview=planned, version=planned.version)
