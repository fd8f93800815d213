"""Fixtures of the assessment tests: the staff and areas of the root conftest
(`benefits_clerk`, `social_worker` of the northern area, `other_social_worker` of the southern
one, `accountant`), and a clerk under a shorter name."""

from typing import Any

import pytest

from ostoja.accounts.models import User


@pytest.fixture
def clerk(benefits_clerk: Any) -> User:
    """A benefits clerk: sees every household, may assess."""
    user: User = benefits_clerk
    return user
