"""The decisions' browser tests use the registry's browser set-up: Debian's Chromium, the
synthetic office (two areas, their workers, the director, one family in each area), screenshots
and a real sign-in with the second factor. The clock ticks from Tuesday 14 January 2025, noon
in Warsaw, for the live server's thread too (the pages' frozen clock would stop it)."""

from collections.abc import Iterator
from typing import Any

import pytest
import time_machine

from ostoja.benefits.tests.decision_pages.conftest import TODAY, noon
from ostoja.registry.tests.browser.conftest import (  # noqa: F401
    Office,
    _chromium_present,
    browser_context_args,
    browser_type_launch_args,
    login_as,
    office,
    page,
    screenshot,
)


@pytest.fixture(autouse=True)
def clock() -> Iterator[Any]:
    with time_machine.travel(noon(TODAY), tick=True) as traveller:
        yield traveller
