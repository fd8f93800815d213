"""The re-indexation's browser test uses the registry's browser set-up (Debian's Chromium,
screenshots, a real sign-in with the second factor) and the re-indexation's world of Monday
16 December 2024; its clock ticks, for the live server's thread too."""

import datetime
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from ostoja.accounts.models import User
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
        datetime.datetime(2024, 12, 16, 10, 0, tzinfo=ZoneInfo("Europe/Warsaw")), tick=True
    ) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def passwords(clerk: User, signer: User) -> None:
    """The world's users sign in through the real login page, so they need the password."""
    for user in (clerk, signer):
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
