"""Returned transfers from a bank's CSV export: the account history or a report of returns.

Every bank lays its export out differently, so a :class:`CsvProfile` says where things are; the
defaults fit the common shape of a Polish export (Windows-1250, ";" between columns, a header
row, dates as 2026-12-03 or 03.12.2026, amounts as "1 234,56").
"""

import codecs
import csv
import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from ostoja.payments.statements.common import (
    GROSZ,
    ReturnedTransfer,
    StatementError,
    collapse_spaces,
    compile_reference_pattern,
    decode,
    find_reference,
    has_marker,
    marker_pattern,
    normalise_nrb,
)
from ostoja.payments.statements.detect import detect_format

# A column by its name in the header row, or by its 0-based position.
Column = str | int


@dataclass(frozen=True, slots=True, kw_only=True)
class CsvProfile:
    """How one bank writes its CSV export.

    ``skip_lines`` physical lines (the account's details that some banks print first) come
    before the header row, or before the first data row when ``header`` is false; then every
    column must be given by position. ``footer_lines`` rows at the end (totals, balances) are
    not entries. ``description_column`` may be several columns, joined with a space, for banks
    that spread the title over more than one. With ``credits_only`` only money that came in
    (a positive amount) is a return; without it every entry is one and the amount's sign is
    ignored, as in a report that lists nothing but returns. ``return_marker`` (e.g. "ZWROT"),
    when set, must appear at a word's start in the description, in any letter case.
    """

    encoding: str = "cp1250"
    delimiter: str = ";"
    quotechar: str = '"'
    skip_lines: int = 0
    header: bool = True
    footer_lines: int = 0
    booked_on_column: Column = "Data księgowania"
    amount_column: Column = "Kwota"
    description_column: Column | tuple[Column, ...] = "Tytuł"
    account_column: Column | None = None
    name_column: Column | None = None
    date_formats: tuple[str, ...] = ("%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y")
    credits_only: bool = True
    return_marker: str = ""

    def __post_init__(self) -> None:
        # A wrong profile is a setting to fix, not a fault of the bank's file: plain ValueErrors.
        try:
            codecs.lookup(self.encoding)
        except LookupError as exc:
            msg = f"unknown encoding {self.encoding!r}"
            raise ValueError(msg) from exc
        if len(self.delimiter) != 1 or len(self.quotechar) != 1:
            msg = "the delimiter and the quote character are one character each"
            raise ValueError(msg)
        if self.skip_lines < 0 or self.footer_lines < 0:
            msg = "skip_lines and footer_lines cannot be negative"
            raise ValueError(msg)
        if not self.date_formats:
            msg = "at least one date format is needed"
            raise ValueError(msg)
        columns = self._columns()
        if not columns["description"]:
            msg = "at least one description column is needed"
            raise ValueError(msg)
        for column in (c for cs in columns.values() for c in cs):
            if isinstance(column, int) and column < 0:
                msg = f"column positions start at 0, not {column}"
                raise ValueError(msg)
            if isinstance(column, str) and not self.header:
                msg = f"column {column!r} is named, but the file has no header row"
                raise ValueError(msg)

    def _columns(self) -> dict[str, tuple[Column, ...]]:
        description = self.description_column
        return {
            "booked_on": (self.booked_on_column,),
            "amount": (self.amount_column,),
            "description": description if isinstance(description, tuple) else (description,),
            "account": () if self.account_column is None else (self.account_column,),
            "name": () if self.name_column is None else (self.name_column,),
        }


@dataclass(frozen=True, slots=True)
class _Cell:
    index: int
    name: str  # "" for a column given by position


type _Row = tuple[int, list[str]]


def parse_returns_csv(
    data: bytes, *, profile: CsvProfile, reference_pattern: str
) -> list[ReturnedTransfer]:
    """The returned transfers in a CSV export, in the file's order.

    Raises StatementError for an empty or unreadable file, an MT940 statement, a missing column,
    a date or an amount that cannot be read.
    """
    reference = compile_reference_pattern(reference_pattern)
    marker = marker_pattern(profile.return_marker)
    if detect_format(data) == "mt940":
        raise StatementError(
            _("This file is an MT940 statement, not a CSV export. Read it as an MT940 statement.")
        )
    rows = _rows(decode(data, profile.encoding), profile)
    layout, body = _layout(rows, profile)
    if profile.footer_lines:
        body = body[: -profile.footer_lines]
    returns = []
    for line, cells in body:
        booked_on = _date(line, _value(line, cells, layout["booked_on"][0]), profile)
        amount = _amount(line, _value(line, cells, layout["amount"][0]))
        if amount == 0 or (profile.credits_only and amount < 0):
            continue
        pieces = [_value(line, cells, cell) for cell in layout["description"]]
        description = collapse_spaces(" ".join(pieces))
        if not has_marker(marker, [description]):
            continue
        name = collapse_spaces(_optional(cells, layout["name"]))
        returns.append(
            ReturnedTransfer(
                line=line,
                booked_on=booked_on,
                amount=abs(amount),
                reference=find_reference(reference, [description, name]),
                account=normalise_nrb(_optional(cells, layout["account"])),
                name=name,
                description=description,
            )
        )
    return returns


def _rows(text: str, profile: CsvProfile) -> list[_Row]:
    """The rows with content after the skipped lines, each with the line it starts on."""
    # Lines are skipped before the CSV reader sees them: the account details some banks print
    # first are not CSV and may hold a lone quotation mark.
    lines = [line + "\n" for line in text.split("\n")][profile.skip_lines :]
    # strict: an unclosed quotation mark would otherwise swallow the rest of the file unnoticed.
    reader = csv.reader(
        lines, delimiter=profile.delimiter, quotechar=profile.quotechar, strict=True
    )
    rows: list[_Row] = []
    start = profile.skip_lines + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return rows
        except csv.Error as exc:
            raise StatementError(
                _(
                    "Line %(line)s: the line cannot be read. Check the column separator and the "
                    "quotation marks set for this bank."
                )
                % {"line": start}
            ) from exc
        if any(cell.strip() for cell in cells):
            rows.append((start, [cell.strip() for cell in cells]))
        start = profile.skip_lines + reader.line_num + 1


def _layout(rows: list[_Row], profile: CsvProfile) -> tuple[dict[str, list[_Cell]], list[_Row]]:
    """Where each column is, and the data rows (those after the header row, if there is one)."""
    header_line, names, body = 0, [], rows
    if profile.header:
        if not rows:
            raise StatementError(_("The file has no header row with the column names."))
        (header_line, header), body = rows[0], rows[1:]
        names = [cell.casefold() for cell in header]
    layout: dict[str, list[_Cell]] = {}
    for key, columns in profile._columns().items():
        layout[key] = []
        for column in columns:
            if isinstance(column, int):
                layout[key].append(_Cell(column, ""))
                continue
            wanted = column.strip().casefold()
            if wanted not in names:
                raise StatementError(
                    _(
                        "Line %(line)s: the header has no column %(column)s. Check the column "
                        "names and the separator set for this bank."
                    )
                    % {"line": header_line, "column": column}
                )
            layout[key].append(_Cell(names.index(wanted), column))
    return layout, body


def _value(line: int, cells: list[str], cell: _Cell) -> str:
    if cell.index < len(cells):
        return cells[cell.index]
    if cell.name:
        message = _("Line %(line)s: the row is too short, it has no column %(column)s.") % {
            "line": line,
            "column": cell.name,
        }
    else:
        message = _("Line %(line)s: the row is too short, it has no column number %(number)s.") % {
            "line": line,
            "number": cell.index + 1,
        }
    raise StatementError(message)


def _optional(cells: list[str], layout: list[_Cell]) -> str:
    """The counterparty's account or name: some exports leave empty trailing cells out."""
    return next((cells[cell.index] for cell in layout if cell.index < len(cells)), "")


def _date(line: int, value: str, profile: CsvProfile) -> datetime.date:
    for date_format in profile.date_formats:
        try:
            return datetime.datetime.strptime(value, date_format).date()  # noqa: DTZ007 (a day)
        except ValueError:
            continue
    raise StatementError(
        _("Line %(line)s: the date %(value)s cannot be read.") % {"line": line, "value": value}
    )


_AMOUNT = re.compile(
    r"""
    (?P<sign>[-+\u2212]?)
    (?P<whole>\d{1,3}(?P<group>[.,])\d{3}(?:(?P=group)\d{3})*|\d+)
    (?:(?P<point>[.,])(?P<fraction>\d{1,2}))?
    """,
    re.VERBOSE,
)
_CURRENCY = re.compile(r"(?:PLN|zł)$", re.IGNORECASE)


def _amount(line: int, value: str) -> Decimal:
    """ "1 234,56", "-713,00", "713.00", "1.234,56", "713,00 PLN" as Decimal.

    A grouping mark ("1.234") is accepted only with a decimal part after it: without one,
    "1,234" could be a thousand and more or a figure with three decimals, and guessing would
    put a wrong amount against a payment.
    """
    compact = _CURRENCY.sub("", re.sub(r"\s", "", value))
    match = _AMOUNT.fullmatch(compact)
    if match is None or (match["group"] and match["point"] in {None, match["group"]}):
        raise StatementError(
            _("Line %(line)s: the amount %(value)s cannot be read.")
            % {"line": line, "value": value}
        )
    sign = "-" if match["sign"] in {"-", "\u2212"} else ""
    whole = match["whole"].replace(match["group"] or ",", "")
    return Decimal(f"{sign}{whole}.{match['fraction'] or '00'}").quantize(GROSZ)
