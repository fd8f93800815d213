"""No PESEL reaches a log line. The whole run is checked at its end (conftest); these tests make
sure the run does log requests carrying PESELs, and that the mask works."""

import datetime
import logging
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from stdnum.pl import pesel as stdnum_pesel

from conftest import pesels_in
from ostoja.core.logging import MASK, MaskPeselFilter, mask_pesel


def _synthetic_pesel(birth: datetime.date, serial: str) -> str:
    """A checksum-valid PESEL computed for a made-up birth date and serial."""
    digits = f"{birth:%y%m%d}{serial}"
    weights = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)
    check = (10 - sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 10) % 10
    pesel = digits + str(check)
    assert stdnum_pesel.is_valid(pesel)
    return pesel


PESEL = _synthetic_pesel(datetime.date(1984, 5, 14), "1350")


def test_mask_hides_every_eleven_digit_run_but_not_longer_numbers() -> None:
    nrb = "61109010140000071219812874"
    text = f"Not Found: /osoby/{PESEL}/ and 12345678901 but {nrb} and 1234567890"
    masked = mask_pesel(text)
    assert PESEL not in masked
    assert "12345678901" not in masked
    assert nrb in masked
    assert "1234567890" in masked
    assert masked.count(MASK) == 2


def test_filter_masks_arguments_exception_text_and_stack() -> None:
    try:
        raise ValueError(f"bad {PESEL}")
    except ValueError:
        record = logging.LogRecord(
            "x", logging.ERROR, __file__, 1, "Person %s", (PESEL,), exc_info=None
        )
        import sys

        record.exc_info = sys.exc_info()
    record.stack_info = f"stack {PESEL}"
    assert MaskPeselFilter().filter(record) is True
    formatted = logging.Formatter("%(message)s").format(record)
    assert PESEL not in formatted
    assert record.getMessage() == f"Person {MASK}"
    assert record.stack_info == f"stack {MASK}"


def test_404_for_a_pesel_in_the_url_is_logged_masked(
    login: Callable[[Any], Client],
    director: Any,
    suite_log: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    client = login(director)
    before = len(suite_log.lines)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get(reverse("registry:person_detail", args=[int(PESEL)]))
    assert response.status_code == 404
    # Django did log the request with the number in it...
    assert any(record.name == "django.request" for record in caplog.records)
    # ...and what the configured handlers write has it masked.
    new_lines = suite_log.lines[before:]
    assert any("django.request" in line and MASK in line for line in new_lines), new_lines
    assert not any(pesels_in(line) for line in new_lines)


def test_failed_login_with_a_pesel_as_user_name_is_logged_masked(
    client: Client, suite_log: Any, db: None
) -> None:
    before = len(suite_log.lines)
    response = client.post(reverse("accounts:login"), {"username": PESEL, "password": "x"})
    assert response.status_code == 200
    new_lines = suite_log.lines[before:]
    assert any("AXES" in line for line in new_lines), new_lines
    assert not any(pesels_in(line) for line in new_lines)


@pytest.mark.parametrize("name", ["mask_pesel"])
def test_console_handler_is_wired_with_the_mask(name: str) -> None:
    from django.conf import settings

    logging_config: Any = settings.LOGGING
    assert name in logging_config["handlers"]["console"]["filters"]
    console = logging.getHandlerByName("console")
    assert console is not None
    assert any(isinstance(f, MaskPeselFilter) for f in console.filters)
