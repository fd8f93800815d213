"""The benefits' browser tests use the registry's browser set-up: Debian's Chromium, the
synthetic office (two areas, their workers, the director, one family in each area), screenshots
and a real sign-in with the second factor."""

import pytest

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


@pytest.fixture
def frozen_today() -> None:
    """The pages' clock, frozen and still, would stop the live server's: the browser test
    moves the clock itself, ticking."""
