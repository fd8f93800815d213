"""The contracts and referrals browser tests use the registry's browser set-up: Debian's
Chromium, the synthetic office (two areas, their workers, the director, one family in each
area), screenshots and a real sign-in with the second factor."""

from importlib import import_module

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


@pytest.fixture(autouse=True)
def _help_reasons(transactional_db: None) -> None:
    """The dictionary of reasons as migration 0002 seeds it: a transactional test's flush
    empties the table for the tests that follow."""
    from ostoja.casework.models import HelpReason

    seeded = import_module("ostoja.casework.migrations.0002_help_reasons_and_exclusions")
    for position, (code, name, article, active) in enumerate(seeded.REASONS, start=1):
        HelpReason.objects.update_or_create(
            code=code,
            defaults={"name": name, "article": article, "ordering": position, "active": active},
        )
