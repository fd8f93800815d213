import datetime
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine

from ostoja.casework.models import CaseFile
from ostoja.casework.tests.factories import CaseFileFactory

TODAY = datetime.date(2026, 6, 15)
OPENED = datetime.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(
        datetime.datetime(2026, 6, 15, 10, 0, tzinfo=datetime.UTC), tick=False
    ):
        yield


@pytest.fixture
def case(household_north: Any, social_worker: Any) -> CaseFile:
    return CaseFileFactory(household=household_north, worker=social_worker, opened_on=OPENED)


@pytest.fixture
def client_person(household_north: Any) -> Any:
    return household_north.memberships.order_by("pk").first().person
