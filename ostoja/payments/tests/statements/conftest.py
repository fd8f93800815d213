"""The readers' messages are checked in their English source form: the Polish catalogue may or
may not hold them yet, and the English text is what the code chooses."""

from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield
