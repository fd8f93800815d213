"""Reading a pain.001.001.03 file back: what it says, accounts as NRBs whichever form it uses.

The reading needs the elements our files have and a validator checks; the XSD is the
validator's business (`pain_validation`), so a file can be read even where the schema fails.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from lxml import etree

from ostoja.payments.bankfiles.model import BankFileError

SCHEMA = "pain.001.001.03"
NAMESPACE = f"urn:iso:std:iso:20022:tech:xsd:{SCHEMA}"


def qualified(path: str) -> str:
    """An element path in the pain.001 namespace: "Cdtr/Nm" → "{urn:…}Cdtr/{urn:…}Nm"."""
    return "/".join(f"{{{NAMESPACE}}}{step}" for step in path.split("/"))


# What a missing element is, for the error: translated only when an error is raised.
_DEBTOR_ACCOUNT = pgettext_lazy("bank file", "debtor's account")
_DEBTOR_NAME = pgettext_lazy("bank file", "debtor's name")
_CREDITOR_ACCOUNT = pgettext_lazy("bank file", "creditor's account")
_CREDITOR_NAME = pgettext_lazy("bank file", "creditor's name")
_EXECUTION_DATE = pgettext_lazy("bank file", "execution date")
_REFERENCE = pgettext_lazy("bank file", "reference")
_AMOUNT = pgettext_lazy("bank file", "amount")
_MESSAGE_ID = pgettext_lazy("bank file", "message id")
_COUNT = pgettext_lazy("bank file", "number of transfers")

_DOCUMENT = qualified("Document")
_INITIATION = qualified("CstmrCdtTrfInitn")
_HEADER = qualified("GrpHdr")
_BLOCK = qualified("PmtInf")
_TRANSACTION = qualified("CdtTrfTxInf")
# Tags by local name, for reading the transactions' few children.
_T = {
    name: qualified(name)
    for name in [
        *("PmtId", "InstrId", "EndToEndId", "Amt", "InstdAmt", "Cdtr", "Nm", "PstlAdr"),
        *("AdrLine", "CdtrAcct", "RmtInf", "Ustrd", "Id", "IBAN", "Othr"),
    ]
}


@dataclass(frozen=True)
class PainTransaction:
    line: int
    instruction_id: str
    end_to_end_id: str
    amount: Decimal
    currency: str
    creditor_name: str
    creditor_address: tuple[str, ...]
    creditor_account: str
    creditor_account_form: str
    remittance: str


@dataclass(frozen=True)
class PainFile:
    """What a pain.001 file says: the group header, its one payment block and the transfers.
    Accounts are NRBs whichever form the file uses (`…_account_form` tells which)."""

    message_id: str
    payment_line: int
    number_of_transactions: int
    control_sum: Decimal | None
    payment_number_of_transactions: int | None
    payment_control_sum: Decimal | None
    execution_date: datetime.date
    debtor_name: str
    debtor_account: str
    debtor_account_form: str
    transactions: tuple[PainTransaction, ...]


def _parser() -> Any:
    # A bank file comes back from disk or an upload: no entities, no network, no DTD.
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)


def parse(data: bytes) -> Any:
    """The XML tree of a file; `BankFileError` when it is not well-formed XML."""
    try:
        return etree.fromstring(data, parser=_parser())
    except etree.XMLSyntaxError as error:
        line = error.position[0] if error.position else None
        raise BankFileError(
            _("The file is not well-formed XML (line %(line)s): %(detail)s")
            % {"line": line, "detail": error.msg},
            line=line,
        ) from error


def _missing(line: int | None, path: str, what: Promise) -> BankFileError:
    return BankFileError(
        _("Line %(line)s: the element %(element)s (%(what)s) is missing.")
        % {"line": line, "element": path, "what": str(what)},
        line=line,
    )


def _optional(parent: Any, path: str) -> str | None:
    value = parent.findtext(qualified(path))
    return None if value is None else str(value).strip()


def _text(parent: Any, path: str, what: Promise) -> str:
    value = _optional(parent, path)
    if value is None:
        raise _missing(parent.sourceline, path, what)
    return value


def _child(parent: Any, path: str, what: Promise) -> Any:
    element = parent.find(qualified(path))
    if element is None:
        raise _missing(parent.sourceline, path, what)
    return element


def _amount(value: str, line: int) -> Decimal:
    try:
        number = Decimal(value)
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite():
        raise BankFileError(
            _("Line %(line)s: %(value)s is not an amount.") % {"line": line, "value": value},
            line=line,
        )
    return number


def _decimal(value: str | None, line: int) -> Decimal | None:
    return None if value is None else _amount(value, line)


def _integer(value: str | None, line: int) -> int | None:
    if value is None:
        return None
    if not value.isdigit():
        raise BankFileError(
            _("Line %(line)s: %(value)s is not a number of transfers.")
            % {"line": line, "value": value},
            line=line,
        )
    return int(value)


_NOTHING: dict[Any, Any] = {}


def _children(element: Any) -> dict[Any, Any]:
    """The children of `element` by tag, the first of each tag."""
    if element is None:
        return _NOTHING
    return {child.tag: child for child in reversed(element)}


def _value(element: Any) -> str | None:
    return None if element is None or element.text is None else str(element.text).strip()


def _account(account: Any, what: Promise) -> tuple[str, str]:
    """(NRB, form) of an `…Acct` element: an IBAN loses its "PL", an `Othr/Id` is taken as is."""
    identification = _children(_children(account).get(_T["Id"]))
    iban = _value(identification.get(_T["IBAN"]))
    if iban is not None:
        return (iban[2:] if iban.startswith("PL") else iban), "iban"
    other = _value(_children(identification.get(_T["Othr"])).get(_T["Id"]))
    if other is None:
        raise _missing(account.sourceline, "Id/IBAN", what)
    return other, "nrb"


# The elements of a transaction that the reading needs, found by lxml's C iteration filtered
# by tag: a file has thousands of transactions, and a path search for each value (or a Python
# walk over every child) would take most of the validation's time.
_WANTED = tuple(
    _T[name]
    for name in ("InstrId", "EndToEndId", "InstdAmt", "Nm", "AdrLine", "IBAN", "Id", "Ustrd")
)


def _transaction(transaction: Any) -> PainTransaction:
    line = transaction.sourceline
    found: dict[str, str] = {}
    address: list[str] = []
    remittance: list[str] = []
    amount = None
    for element in transaction.iter(*_WANTED):
        tag = element.tag
        text = "" if element.text is None else str(element.text).strip()
        if tag == _T["InstdAmt"]:
            amount = amount if amount is not None else element
        elif tag == _T["Ustrd"]:
            remittance.append(text)
        elif tag == _T["Nm"]:
            # Also the names of agents and ultimate parties: the creditor's only.
            if element.getparent().tag == _T["Cdtr"]:
                found.setdefault("name", text)
        elif tag == _T["AdrLine"]:
            if element.getparent().getparent().tag == _T["Cdtr"]:
                address.append(text)
        elif tag == _T["IBAN"]:
            if element.getparent().getparent().tag == _T["CdtrAcct"]:
                found.setdefault("iban", text)
        elif tag == _T["Id"]:
            # `Id` is also the container of an account's id and of parties' ids.
            parent = element.getparent()
            if parent.tag == _T["Othr"] and parent.getparent().getparent().tag == _T["CdtrAcct"]:
                found.setdefault("other", text)
        else:
            found.setdefault(tag, text)
    if amount is None:
        raise _missing(line, "Amt/InstdAmt", _AMOUNT)
    end_to_end_id = found.get(_T["EndToEndId"])
    if end_to_end_id is None:
        raise _missing(line, "PmtId/EndToEndId", _REFERENCE)
    if "name" not in found:
        raise _missing(line, "Cdtr/Nm", _CREDITOR_NAME)
    if "iban" in found:
        iban = found["iban"]
        account, form = (iban[2:] if iban.startswith("PL") else iban), "iban"
    elif "other" in found:
        account, form = found["other"], "nrb"
    else:
        raise _missing(line, "CdtrAcct/Id/IBAN", _CREDITOR_ACCOUNT)
    return PainTransaction(
        line=line,
        instruction_id=found.get(_T["InstrId"], ""),
        end_to_end_id=end_to_end_id,
        amount=_amount(str(amount.text or "").strip(), line),
        currency=str(amount.get("Ccy", "")),
        creditor_name=found["name"],
        creditor_address=tuple(address),
        creditor_account=account,
        creditor_account_form=form,
        remittance=" ".join(remittance),
    )


def read_tree(root: Any) -> PainFile:
    """`read` for a tree already parsed."""
    if root.tag != _DOCUMENT:
        raise BankFileError(
            _("This is not a %(schema)s file: its root element is %(tag)s.")
            % {"schema": SCHEMA, "tag": etree.QName(root).localname},
            line=root.sourceline,
        )
    initiation = root.find(_INITIATION)
    header = None if initiation is None else initiation.find(_HEADER)
    blocks = [] if initiation is None else initiation.findall(_BLOCK)
    if header is None or len(blocks) != 1:
        raise BankFileError(
            _("The file must hold one group header (GrpHdr) and one payment block (PmtInf)."),
            line=root.sourceline,
        )
    block = blocks[0]
    debtor = _child(block, "DbtrAcct", _DEBTOR_ACCOUNT)
    debtor_account, debtor_form = _account(debtor, _DEBTOR_ACCOUNT)
    day = _text(block, "ReqdExctnDt", _EXECUTION_DATE)
    try:
        execution_date = datetime.date.fromisoformat(day)
    except ValueError as error:
        raise BankFileError(
            _("Line %(line)s: the execution date %(value)s is not a date.")
            % {"line": block.sourceline, "value": day},
            line=block.sourceline,
        ) from error
    header_line = header.sourceline
    return PainFile(
        message_id=_text(header, "MsgId", _MESSAGE_ID),
        payment_line=block.sourceline,
        number_of_transactions=_integer(_text(header, "NbOfTxs", _COUNT), header_line) or 0,
        control_sum=_decimal(_optional(header, "CtrlSum"), header_line),
        payment_number_of_transactions=_integer(_optional(block, "NbOfTxs"), block.sourceline),
        payment_control_sum=_decimal(_optional(block, "CtrlSum"), block.sourceline),
        execution_date=execution_date,
        debtor_name=_text(block, "Dbtr/Nm", _DEBTOR_NAME),
        debtor_account=debtor_account,
        debtor_account_form=debtor_form,
        transactions=tuple(map(_transaction, block.iterchildren(_TRANSACTION))),
    )


def read(data: bytes) -> PainFile:
    """What a pain.001.001.03 file says; `BankFileError` (with the line) when it is not XML or
    lacks an element this reading needs."""
    return read_tree(parse(data))
