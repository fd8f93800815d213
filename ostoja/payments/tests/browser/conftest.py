"""The payments' browser test uses the registry's browser set-up (Debian's Chromium,
screenshots, a real sign-in with the second factor) on Tuesday 1 December 2026; its clock
ticks, for the live server's thread too."""

import datetime
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from ostoja.registry.tests.browser.conftest import (  # noqa: F401
    PASSWORD,
    _chromium_present,
    browser_context_args,
    browser_type_launch_args,
    login_as,
    page,
    screenshot,
)


@pytest.fixture(autouse=True)
def clock() -> Iterator[Any]:
    with time_machine.travel(
        datetime.datetime(2026, 12, 1, 10, 0, tzinfo=ZoneInfo("Europe/Warsaw")), tick=True
    ) as traveller:
        yield traveller
