"""The readers' messages are checked in their English source form, the text the code chooses;
the Polish catalogue's entries keep their placeholders (config/tests)."""

from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield
