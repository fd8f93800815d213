"""What both readers give back and the rules they share: the error, the search for our reference
and for the return marker, account numbers, amounts in grosze and the decoding of the file."""

import codecs
import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from stdnum import iban

GROSZ = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class ReturnedTransfer:
    """One transfer that came back, as the bank's file reports it.

    ``amount`` is positive (the money that came back); ``reference`` is our own reference found in
    the entry, "" when none was found; ``account`` is a checksum-valid NRB of 26 digits when the
    file gives one, else ""; ``line`` is the 1-based line of a CSV file or the 1-based entry (the
    ``:61:`` field) of an MT940 statement.
    """

    line: int
    booked_on: datetime.date
    amount: Decimal
    reference: str
    account: str
    name: str
    description: str


class StatementError(ValueError):
    """The bank's file cannot be read. The message is for the user: it names the line or the entry
    and what is wrong with it."""


def compile_reference_pattern(pattern: str) -> re.Pattern[str]:
    """Our reference as a regular expression, e.g. ``r"W-\\d{4}-\\d{2}-\\d{6}"``.

    A wrong pattern is a setting to fix, not a fault of the bank's file, hence a plain ValueError.
    """
    try:
        compiled = re.compile(pattern)
    except re.error as exc:
        msg = f"reference_pattern {pattern!r} is not a regular expression: {exc}"
        raise ValueError(msg) from exc
    if compiled.fullmatch(""):
        # Such a pattern "finds" a reference in every entry, so nothing could be told apart.
        msg = f"reference_pattern {pattern!r} matches the empty text"
        raise ValueError(msg)
    return compiled


def find_reference(pattern: re.Pattern[str], texts: Iterable[str]) -> str:
    """The first match in the texts, tried in their order; "" when there is none.

    Banks cut a long title into lines of 35 or 65 characters and join the lines back with a
    space, or with nothing, so a reference cut at a line's end may come back with a space inside
    it. Each text is therefore also tried with its white space removed, before the next text.
    """
    for text in texts:
        for variant in (text, re.sub(r"\s+", "", text)):
            match = pattern.search(variant)
            if match:
                return match.group(0)
    return ""


def marker_pattern(marker: str) -> re.Pattern[str] | None:
    """The word that marks a return ("ZWROT"), in any letter case and only at a word's start, so
    that "zwrotny" is a return and "bezzwrotna" is not; None when no marker is set."""
    marker = marker.strip()
    if not marker:
        return None
    return re.compile(r"(?<!\w)" + re.escape(marker), re.IGNORECASE)


def has_marker(marker: re.Pattern[str] | None, texts: Iterable[str]) -> bool:
    return marker is None or any(marker.search(text) for text in texts)


def collapse_spaces(text: str) -> str:
    return " ".join(text.split())


def normalise_nrb(value: str) -> str:
    """The 26 digits of a Polish account number written in ``value`` ("PL27 1140 …", "'2711…",
    '="2711…"'), or "" when it is not a checksum-valid NRB.

    An account number that fails its checksum was misread somewhere; matching a return to a
    payment by it would only mislead, so it is dropped rather than passed on.
    """
    compact = re.sub(r"[\s\-'=\"/]", "", value).upper().removeprefix("PL")
    if re.fullmatch(r"\d{26}", compact) and iban.is_valid("PL" + compact):
        return compact
    return ""


def nrb_from_bban(sort_code: str, account: str) -> str:
    """The NRB for a sort code (8 digits) and an account number (16 digits) given apart, as some
    banks do in MT940 sub-fields ~30 and ~31; the check digits are computed (ISO 7064 MOD 97-10
    for "PL"). "" when the parts do not have those lengths."""
    bban = re.sub(r"\s", "", sort_code) + re.sub(r"\s", "", account)
    if not re.fullmatch(r"\d{24}", bban):
        return ""
    check = 98 - int(bban + "252100") % 97
    return f"{check:02d}{bban}"


_NRB_IN_TEXT = re.compile(r"(?<![\dA-Za-z])(?:PL)?\s?(\d{2}(?:[ -]?\d{4}){6})(?!\d)")


def find_nrb(text: str, *, exclude: str = "") -> str:
    """The first checksum-valid NRB written anywhere in free text, other than ``exclude`` (the
    statement's own account, which such texts often repeat); "" when there is none."""
    for match in _NRB_IN_TEXT.finditer(text):
        nrb = normalise_nrb(match.group(1))
        if nrb and nrb != exclude:
            return nrb
    return ""


def exact_grosze(amount: Decimal) -> Decimal | None:
    """The amount with exactly two decimal places, or None when it has a finer fraction: money in
    a bank's file never has one, so such a figure was misread and must not be rounded away."""
    try:
        quantized = amount.quantize(GROSZ)
    except InvalidOperation:
        return None
    return quantized if quantized == amount else None


def decode(data: bytes, encoding: str) -> str:
    """The file's text with its line ends made "\\n".

    A UTF-8 byte-order mark overrides the encoding set for the bank: it says for certain how the
    file was written, and banks that offer a choice of encodings add it to their UTF-8 files.
    """
    if data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise StatementError(
            _(
                "Line %(line)s: the file is not %(encoding)s text. Check the character encoding "
                "set for this bank."
            )
            % {"line": line, "encoding": encoding}
        ) from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")
