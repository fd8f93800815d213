"""Keeping PESEL numbers out of the logs.

A PESEL can reach a log line through a URL (`/osoby/<11 digits>/` answered with 404 is logged
by `django.request`), through a user name typed at the login page (logged by django-axes) or
through an exception's text. The filter masks every run of exactly 11 digits in the message,
the exception text and the stack, whether or not the check digit matches: a mistyped PESEL is
personal data too.
"""

import logging
import re

ELEVEN_DIGITS = re.compile(r"(?<!\d)\d{11}(?!\d)")
MASK = "[PESEL]"


def mask_pesel(text: str) -> str:
    return ELEVEN_DIGITS.sub(MASK, text)


class MaskPeselFilter(logging.Filter):
    """Rewrite the record so that no handler after this filter sees an 11-digit number."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed log call: keep what can be kept, masked
            message = f"{record.msg} {record.args}"
        record.msg = mask_pesel(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_pesel(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_pesel(record.stack_info)
        return True
