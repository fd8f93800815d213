"""Elixir-O import files: one transfer a line, 16 comma-separated fields, no header or trailer.

The layout is the one two independent public writers produce (docs/payments/formats.md §1.3):

     1 order type           5 0                       9 payee's name|address   13 empty
     2 date YYYYMMDD        6 payer's NRB            10 0                      14 empty
     3 amount in grosze     7 payee's NRB            11 payee's sort code      15 classification
     4 payer's sort code    8 payer's name|address   12 title lines            16 our reference

Fields 4 and 11 are digits 3–10 of the NRBs, derived here and never stored. Text fields are
quoted, with up to 4 lines of 35 characters joined by `|`; name and address fields are padded to
4 lines, as in the worked example of §1.5. Which fields are quoted, the encoding and the codes of
fields 1 and 15 are settings of the bank (`ElixirProfile`), not confirmed for every bank.

`write` never shortens a text to make it fit: a file that says less than the list is worse than
one the validator refuses.
"""

import csv
import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ostoja.core.money import to_grosze
from ostoja.payments.bankfiles.model import BankFileError, Batch, ElixirProfile, nrb
from ostoja.payments.bankfiles.text import MAX_LINES, elixir_cleaner, wrap

FIELD_COUNT = 16
SUBFIELD_SEPARATOR = "|"

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_OTHER_CONTROLS = r"[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f]"
_STRAY = {
    "\r\n": re.compile(rf"\r(?!\n)|(?<!\r)\n|{_OTHER_CONTROLS}"),
    "\n": re.compile(rf"\r|{_OTHER_CONTROLS}"),
}
_GROSZE = re.compile(r"\d{1,15}")
_DATE = re.compile(r"\d{8}")


@dataclass(frozen=True)
class ElixirRecord:
    """One line of an Elixir-O file, every field as read (texts split at `|`)."""

    line: int
    order_type: str
    execution_date: datetime.date
    amount: Decimal
    payer_sort_code: str
    execution_mode: str
    payer_account: str
    payee_account: str
    payer_name_address: tuple[str, ...]
    payee_name_address: tuple[str, ...]
    fees: str
    payee_sort_code: str
    title: tuple[str, ...]
    field_13: str
    field_14: str
    classification: str
    reference: str


def sort_code(account: str) -> str:
    """The bank's sort code inside an NRB: its digits 3–10."""
    return account[2:10]


def grosze(amount: Decimal) -> int:
    return int(to_grosze(amount).scaleb(2))


def name_lines(name: str, address: tuple[str, ...], profile: ElixirProfile) -> tuple[str, ...]:
    """Fields 8 and 9: the name, then the address, in lines of 35, padded to 4 lines."""
    return _name_lines(name, address, elixir_cleaner(profile))


def _name_lines(
    name: str, address: tuple[str, ...], clean: Callable[[str], str]
) -> tuple[str, ...]:
    lines = [*wrap(clean(name))]
    for part in address:
        lines.extend(wrap(clean(part)))
    return tuple(lines) + ("",) * (MAX_LINES - len(lines))


def title_lines(title: tuple[str, ...], profile: ElixirProfile) -> tuple[str, ...]:
    """Field 12: the title's lines, cleaned, as they were rendered (not re-wrapped: the
    template decides where a line ends)."""
    return _title_lines(title, elixir_cleaner(profile))


def _title_lines(title: tuple[str, ...], clean: Callable[[str], str]) -> tuple[str, ...]:
    return tuple(line for line in map(clean, title) if line)


class Expected:
    """What the file's texts must say for a list, computed once a profile."""

    def __init__(self, profile: ElixirProfile) -> None:
        self.clean = elixir_cleaner(profile)

    def name_lines(self, name: str, address: tuple[str, ...]) -> tuple[str, ...]:
        return _name_lines(name, address, self.clean)

    def title_lines(self, title: tuple[str, ...]) -> tuple[str, ...]:
        return _title_lines(title, self.clean)


def _quoted(value: str) -> str:
    return f'"{value}"'


def write(batch: Batch, profile: ElixirProfile) -> bytes:
    """The Elixir-O file of `batch`, encoded for `profile` (which never fails: characters the
    encoding cannot hold were replaced while cleaning)."""
    payer = nrb(batch.payer_account)
    expected = Expected(profile)
    account = _quoted if profile.quote_accounts else str
    classification = (
        _quoted(profile.classification) if profile.quote_classification else profile.classification
    )
    # Fields 1–2 and 4–6 are the same on every line.
    head = f"{profile.order_type},{batch.execution_date:%Y%m%d}"
    payer_part = f"{sort_code(payer)},0,{account(payer)}"
    payer_name = _quoted(
        SUBFIELD_SEPARATOR.join(expected.name_lines(batch.payer_name, batch.payer_address))
    )
    lines = []
    for transfer in batch.transfers:
        payee = nrb(transfer.payee_account)
        payee_name = expected.name_lines(transfer.payee_name, transfer.payee_address)
        fields = (
            head,
            str(grosze(transfer.amount)),
            payer_part,
            account(payee),
            payer_name,
            _quoted(SUBFIELD_SEPARATOR.join(payee_name)),
            "0",
            sort_code(payee),
            _quoted(SUBFIELD_SEPARATOR.join(expected.title_lines(transfer.title))),
            '""',
            '""',
            classification,
            _quoted(expected.clean(transfer.reference)),
        )
        lines.append(",".join(fields) + profile.line_end)
    return "".join(lines).encode(profile.encoding, errors="replace")


def _line_end_name(line_end: str) -> str:
    return "CR LF" if line_end == "\r\n" else "LF"


def _decode(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise BankFileError(
            _("Line %(line)s holds bytes that are not %(encoding)s text.")
            % {"line": line, "encoding": encoding},
            line=line,
        ) from error


@lru_cache(maxsize=64)
def _date(value: str) -> datetime.date | None:
    if not _DATE.fullmatch(value):
        return None
    try:
        return datetime.date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        return None


def _fail(message: str, number: int) -> BankFileError:
    return BankFileError(message, line=number)


def _unmatched_quotes(number: int) -> BankFileError:
    return _fail(
        _("Line %(line)s cannot be read: the quotes around a text field do not match.")
        % {"line": number},
        number,
    )


def _check_characters(body: str, line_end: str) -> None:
    """No line break but the profile's and no control character."""
    if not _CONTROL.search(body.replace(line_end, " ")):
        return
    found = _STRAY[line_end].search(body)
    if found is None:
        return
    number = body.count(line_end, 0, found.start()) + 1
    char = found.group(0)
    if char in "\r\n":
        raise _fail(
            _(
                "Line %(line)s has a line break inside it; each transfer must be one line "
                "ending in %(line_end)s."
            )
            % {"line": number, "line_end": _line_end_name(line_end)},
            number,
        )
    raise _fail(
        _(
            "Line %(line)s holds a control character (code %(code)s), which a bank file "
            "may not contain."
        )
        % {"line": number, "code": ord(char)},
        number,
    )


def _record(fields: list[str], number: int) -> ElixirRecord:
    if len(fields) != FIELD_COUNT:
        raise _fail(
            ngettext(
                "Line %(line)s has %(found)s field; an Elixir-O transfer has %(expected)s.",
                "Line %(line)s has %(found)s fields; an Elixir-O transfer has %(expected)s.",
                len(fields),
            )
            % {"line": number, "found": len(fields), "expected": FIELD_COUNT},
            number,
        )
    day = _date(fields[1])
    if day is None:
        raise _fail(
            _("Line %(line)s: the execution date %(value)s is not a date written as YYYYMMDD.")
            % {"line": number, "value": fields[1]},
            number,
        )
    if not _GROSZE.fullmatch(fields[2]):
        raise _fail(
            _("Line %(line)s: the amount %(value)s is not a whole number of grosze.")
            % {"line": number, "value": fields[2]},
            number,
        )
    return ElixirRecord(
        line=number,
        order_type=fields[0],
        execution_date=day,
        amount=Decimal(int(fields[2])).scaleb(-2),
        payer_sort_code=fields[3],
        execution_mode=fields[4],
        payer_account=fields[5],
        payee_account=fields[6],
        payer_name_address=tuple(fields[7].split(SUBFIELD_SEPARATOR)),
        payee_name_address=tuple(fields[8].split(SUBFIELD_SEPARATOR)),
        fees=fields[9],
        payee_sort_code=fields[10],
        title=tuple(fields[11].split(SUBFIELD_SEPARATOR)),
        field_13=fields[12],
        field_14=fields[13],
        classification=fields[14],
        reference=fields[15],
    )


def read(data: bytes, profile: ElixirProfile) -> list[ElixirRecord]:
    """The records of an Elixir-O file; `BankFileError` (with the 1-based line) on the first
    line that is not a well-formed transfer."""
    text = _decode(data, profile.encoding)
    if text.startswith("\ufeff"):
        raise _fail(
            _("The file starts with a byte order mark (BOM), which banks do not accept."), 1
        )
    if not text:
        return []
    line_end = profile.line_end
    if not text.endswith(line_end):
        last = text.count(line_end) + 1
        raise _fail(
            _("Line %(line)s does not end with %(line_end)s, as every line of the file must.")
            % {"line": last, "line_end": _line_end_name(line_end)},
            last,
        )
    body = text[: -len(line_end)]
    _check_characters(body, line_end)
    lines = body.split(line_end)
    # One reader for the whole file (a reader a line costs more than the parsing): a line is
    # one item, so a record that takes more than one item has an unclosed quote.
    reader = csv.reader(lines, strict=True)
    records: list[ElixirRecord] = []
    expected = 1
    while True:
        try:
            fields = next(reader, None)
        except csv.Error as error:
            raise _unmatched_quotes(reader.line_num) from error
        if fields is None:
            return records
        if reader.line_num != expected:
            raise _unmatched_quotes(expected)
        records.append(_record(fields, expected))
        expected += 1
