"""Fixtures of the interview tests: a fixed day, an open case of the northern area."""

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine

from ostoja.casework.models import CaseFile
from ostoja.casework.tests.factories import CaseFileFactory

# Monday 15 June 2026; Thursday 4 June 2026 is Boże Ciało (Easter on 5 April + 60 days).
TODAY = datetime.date(2026, 6, 15)
OPENED = datetime.date(2026, 5, 4)


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(
        datetime.datetime(2026, 6, 15, 10, 0, tzinfo=datetime.UTC), tick=False
    ):
        yield


@pytest.fixture
def case(household_north: Any, social_worker: Any) -> CaseFile:
    return CaseFileFactory(household=household_north, worker=social_worker, opened_on=OPENED)
