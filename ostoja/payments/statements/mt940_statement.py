"""Returned transfers from an MT940 statement.

The ``mt-940`` package reads the fields. Its reading of a structured ``:86:`` is the German one
(sub-fields after "?"); Polish banks use the same numbering after "~": ``~00`` the kind of
operation, ``~20``…``~25`` the title (with some banks up to ``~29``), ``~30`` the counterparty's
sort code and ``~31`` its account, ``~32``/``~33`` its name, ``~38`` its IBAN. So the package is
told to keep ``:86:`` as written and the sub-fields are read here, after "~", "^", "<" or "?"
alike: no one document says which mark each bank uses.
"""

import datetime
import io
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import mt940
from django.utils.translation import gettext as _

from ostoja.payments.statements.common import (
    ReturnedTransfer,
    StatementError,
    collapse_spaces,
    compile_reference_pattern,
    decode,
    exact_grosze,
    find_nrb,
    find_reference,
    has_marker,
    marker_pattern,
    normalise_nrb,
    nrb_from_bban,
)
from ostoja.payments.statements.detect import detect_format, strip_swift_envelope

_OPTIONS = mt940.Options(
    # A reversal of a debit (RD) is money coming back in, as a returned transfer may be booked;
    # a reversal of a credit (RC) is money going out.
    reversal_sign=True,
    case_insensitive_marks=True,
    # Otherwise the package cuts :86: after 9 × 65 characters, and a bank that writes more than
    # the standard's 6 × 65 would lose the end of the title, where the reference often is.
    unbounded_details=True,
)

_NO_TYPE_CODE = "----"


def _keep_entries_apart(
    transactions: Any, tag: Any, tag_dict: dict[str, Any], result: dict[str, Any]
) -> dict[str, Any]:
    # The package opens a new entry at a :61: only when the entry before has a transaction type
    # code; without this an entry lacking one would be overwritten by the next.
    if not result.get("id"):
        result["id"] = _NO_TYPE_CODE
    return result


_PROCESSORS: dict[str, list[Any]] = {
    "post_statement": [
        *mt940.models.Transactions.DEFAULT_PROCESSORS["post_statement"],
        _keep_entries_apart,
    ],
    "post_transaction_details": [],
}

# What the package raises on a field it cannot read: no match for the field's pattern
# (RuntimeError), a day that does not exist (ValueError), a figure that is not one.
_UNREADABLE = (RuntimeError, ValueError, ArithmeticError, LookupError, TypeError)

_TAG = re.compile(r"^:(?P<tag>\d{2}|NS)(?P<letter>[A-Z])?:", re.MULTILINE)


def parse_returns_mt940(
    data: bytes, *, reference_pattern: str, return_marker: str = "", encoding: str | None = None
) -> list[ReturnedTransfer]:
    """The returned transfers in an MT940 statement (or several in one file), in its order.

    Only credit entries are returns. ``return_marker`` (e.g. "ZWROT"), when set, must appear at a
    word's start somewhere in the entry's ``:86:``. ``encoding`` None reads UTF-8 when the file
    is valid UTF-8 and Windows-1250 otherwise (the structure is ASCII either way; only names and
    titles depend on it).

    Raises StatementError for an empty or unreadable file, a CSV export, or a field that cannot
    be read.
    """
    reference = compile_reference_pattern(reference_pattern)
    marker = marker_pattern(return_marker)
    if detect_format(data) != "mt940":
        raise StatementError(
            _(
                "This file is not an MT940 statement: it does not begin with the field :20:. "
                "If it is a CSV export, read it as a CSV file."
            )
        )
    text = strip_swift_envelope(decode(data, encoding or _guess_encoding(data)))
    returns = []
    entry = 0
    for statement in _read(text):
        own_account = normalise_nrb(str(statement.data.get("account_identification") or ""))
        for transaction in statement:
            entry += 1
            returned = _returned(entry, transaction.data, reference, marker, own_account)
            if returned is not None:
                returns.append(returned)
    return returns


def _guess_encoding(data: bytes) -> str:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1250"
    return "utf-8"


def _parse(text: str) -> list[mt940.models.Transactions]:
    # A file handle, not the text itself: the package would first try the text as a file name.
    return mt940.parse_statements(io.StringIO(text), processors=_PROCESSORS, options=_OPTIONS)


def _read(text: str) -> list[mt940.models.Transactions]:
    try:
        return _parse(text)
    except _UNREADABLE as exc:
        raise _unreadable_field(text) from exc


def _unreadable_field(text: str) -> StatementError:
    """The error naming the first field the package cannot read.

    The package reads the fields in order and does not say which one failed; the shortest run of
    whole fields from the file's start that fails ends with that field, and a binary search
    finds it in a few more readings.
    """
    tags = [m for m in _TAG.finditer(text) if _tag_id(m["tag"]) in mt940.tags.TAG_BY_ID]
    ends = [tag.start() for tag in tags[1:]] + [len(text)]
    readable, failing = 0, len(tags)
    while failing - readable > 1:
        middle = (readable + failing) // 2
        try:
            _parse(text[: ends[middle - 1]])
        except _UNREADABLE:
            failing = middle
        else:
            readable = middle
    tag = tags[failing - 1]
    value = text[tag.end() : ends[failing - 1]].strip().split("\n")[0]
    return StatementError(
        _("Line %(line)s: the field :%(tag)s: cannot be read: %(value)s.")
        % {
            "line": text.count("\n", 0, tag.start()) + 1,
            "tag": tag["tag"] + (tag["letter"] or ""),
            "value": value if len(value) <= 60 else value[:60] + "…",
        }
    )


def _tag_id(tag: str) -> int | str:
    return int(tag) if tag.isdigit() else tag


def _returned(
    entry: int,
    data: dict[str, Any],
    reference: re.Pattern[str],
    marker: re.Pattern[str] | None,
    own_account: str,
) -> ReturnedTransfer | None:
    signed: Decimal = data["amount"].amount
    amount = exact_grosze(abs(signed))
    if amount is None:
        raise StatementError(
            _("Entry %(entry)s: the amount %(value)s has more than two decimal places.")
            % {"entry": entry, "value": str(abs(signed)).replace(".", ",")}
        )
    if signed <= 0:
        return None
    details = _Details.read(str(data.get("transaction_details") or ""))
    if not has_marker(marker, details.texts):
        return None
    statement_line = [str(data.get(key) or "") for key in ("customer_reference", "extra_details")]
    booked = data.get("entry_date") or data["date"]
    return ReturnedTransfer(
        line=entry,
        booked_on=datetime.date(booked.year, booked.month, booked.day),
        amount=amount,
        reference=find_reference(
            reference, [details.description, details.name, *details.texts, *statement_line]
        ),
        account=details.account(own_account),
        name=details.name,
        description=details.description,
    )


# A structured :86: starts with the 3-digit operation code, then a separator and a 2-digit
# sub-field number: "020~00…", "076^20…".
_STRUCTURED = re.compile(r"(?:\d{3})?(?P<mark>[~^<?])\d{2}")


@dataclass(frozen=True, slots=True)
class _Details:
    """What one ``:86:`` says: the title, the counterparty, the texts that the reference and the
    return marker are looked for in, and where its account number may be."""

    description: str
    name: str
    texts: tuple[str, ...]
    accounts: tuple[str, ...]  # each either an NRB as a whole or not one at all
    free_text: str  # an NRB may be written anywhere in it

    @classmethod
    def read(cls, details: str) -> "_Details":
        lines = details.split("\n")
        spaced = collapse_spaces(" ".join(lines))
        # The lines of a structured :86: carry no meaning: the sub-field marks do.
        joined = "".join(lines)
        structure = _STRUCTURED.match(joined)
        if structure is None:
            return cls(description=spaced, name="", texts=(spaced,), accounts=(), free_text=spaced)
        parts = re.split(re.escape(structure["mark"]) + r"(\d{2})", joined)
        fields: dict[int, list[str]] = {}
        for number, value in zip(parts[1::2], parts[2::2], strict=True):
            fields.setdefault(int(number), []).append(value)

        def field(*numbers: int) -> list[str]:
            return [value for number in numbers for value in fields.get(number, [])]

        values = [value for number in sorted(fields) for value in fields[number]]
        # ~20…~29 are title lines, except that some banks put a bare account number in ~29.
        title = [value for value in field(*range(20, 30)) if not normalise_nrb(value)]
        account = "".join(field(31))
        return cls(
            description=collapse_spaces(" ".join(title)) or collapse_spaces(" ".join(field(0))),
            name=collapse_spaces(" ".join(field(32, 33))),
            texts=(*values, spaced, joined),
            accounts=(*field(38), account, *field(29), nrb_from_bban("".join(field(30)), account)),
            free_text=" ".join(values),
        )

    def account(self, own_account: str) -> str:
        """The counterparty's NRB: from the sub-fields meant for it, else the first one written
        in the text that is not the statement's own account."""
        for candidate in self.accounts:
            if nrb := normalise_nrb(candidate):
                return nrb
        return find_nrb(self.free_text, exclude=own_account)
