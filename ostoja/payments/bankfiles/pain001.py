"""pain.001.001.03 files for domestic PLN transfers (ZBP recommendation 2.0; see
docs/payments/formats.md §2).

The document is built by `sepaxml` (`domestic=True`, so no SEPA service level; `currency="PLN"`)
and then finished with lxml, because sepaxml cannot write everything a Polish bank needs:

* `MsgId`, `PmtInfId` and `CreDtTm` come from the batch instead of sepaxml's random id and
  clock, so that the same list always gives the same file and the bank's duplicate check
  (MsgId unique, mBank) sees our file id;
* `InstrId` (mBank requires it unique) is added, equal to `EndToEndId`, our reference;
* for banks that take the bare NRB (`account_form="nrb"`, BNP Paribas' guide) each
  `<IBAN>PL…</IBAN>` of the debtor's and the creditors' accounts becomes
  `<Othr><Id>26 digits</Id></Othr>`;
* `ChrgBr` follows the profile (sepaxml always writes "SLEV");
* one element a line, so that the validator's line numbers point somewhere.

Post-processing sepaxml's output keeps its tested element order and amount formatting for both
account forms; a builder of our own for the NRB form would duplicate them for a three-element
difference.

sepaxml's `clean=True` (the profile's `transliterate`) also cuts names to 70 and the title to
140 characters; the validator compares the file with the list, so a cut never passes unseen.

Reading a file back is `pain001_reader`; its names are re-exported here.
"""

import datetime
import zoneinfo
from collections.abc import Callable
from typing import Any

from lxml import etree
from sepaxml import SepaTransfer

from ostoja.payments.bankfiles.elixir import grosze
from ostoja.payments.bankfiles.model import Batch, PainProfile, nrb
from ostoja.payments.bankfiles.pain001_reader import (
    NAMESPACE,
    SCHEMA,
    PainFile,
    PainTransaction,
    parse,
    qualified,
    read,
    read_tree,
)
from ostoja.payments.bankfiles.text import pain_cleaner, wrap

__all__ = [
    "NAMESPACE",
    "SCHEMA",
    "PainFile",
    "PainTransaction",
    "address_lines",
    "parse",
    "read",
    "read_tree",
    "remittance",
    "write",
]

NAME_LENGTH = 70
TITLE_LENGTH = 140
ADDRESS_LINE_LENGTH = 70
TITLE_JOINER = ", "
WARSAW = zoneinfo.ZoneInfo("Europe/Warsaw")

_HEADER = qualified("CstmrCdtTrfInitn/GrpHdr")
_BLOCK = qualified("CstmrCdtTrfInitn/PmtInf")
_MESSAGE_ID = qualified("MsgId")
_CREATED = qualified("CreDtTm")
_BLOCK_ID = qualified("PmtInfId")
_CHARGE_BEARER = qualified("ChrgBr")
_END_TO_END = qualified("EndToEndId")
_IBAN = qualified("IBAN")
_INSTRUCTION_ID = qualified("InstrId")
_OTHER = qualified("Othr")
_ID = qualified("Id")


def _remittance(title: tuple[str, ...], clean: Callable[[str], str]) -> str:
    return TITLE_JOINER.join(line for line in map(clean, title) if line)


def remittance(title: tuple[str, ...], profile: PainProfile) -> str:
    """`Ustrd`: the title's lines joined with ", "."""
    return _remittance(title, pain_cleaner(profile))


def _address_lines(address: tuple[str, ...], clean: Callable[[str], str]) -> tuple[str, ...]:
    joined = TITLE_JOINER.join(part for part in map(clean, address) if part)
    return wrap(joined, ADDRESS_LINE_LENGTH)


def address_lines(address: tuple[str, ...], profile: PainProfile) -> tuple[str, ...]:
    """`AdrLine`s: the address parts joined with ", " in lines of 70 (one line for a usual
    Polish address, as in the example of docs/payments/formats.md §2.3)."""
    return _address_lines(address, pain_cleaner(profile))


def _timestamp(moment: datetime.datetime) -> str:
    if moment.tzinfo is not None:
        moment = moment.astimezone(WARSAW)
    return moment.strftime("%Y-%m-%dT%H:%M:%S")


def _sepaxml_document(batch: Batch, profile: PainProfile) -> bytes:
    clean = pain_cleaner(profile)
    config: dict[str, Any] = {
        "name": clean(batch.payer_name),
        "IBAN": "PL" + nrb(batch.payer_account),
        "currency": "PLN",
        "batch": True,
        "domestic": True,
    }
    payer_address = _address_lines(batch.payer_address, clean)
    if payer_address:
        config["address"] = {"lines": list(payer_address)}
    document = SepaTransfer(config, schema=SCHEMA, clean=profile.transliterate)
    for transfer in batch.transfers:
        payment: dict[str, Any] = {
            "name": clean(transfer.payee_name),
            "IBAN": "PL" + nrb(transfer.payee_account),
            "amount": grosze(transfer.amount),
            "description": _remittance(transfer.title, clean),
            "execution_date": batch.execution_date,
            "endtoend_id": clean(transfer.reference),
        }
        payee_address = _address_lines(transfer.payee_address, clean)
        if payee_address:
            payment["address"] = {"lines": list(payee_address)}
        document.add_payment(payment)
    return bytes(document.export(validate=False))


def _finish(document: bytes, batch: Batch, profile: PainProfile) -> bytes:
    root = parse(document)
    header = root.find(_HEADER)
    header.find(_MESSAGE_ID).text = profile.message_id_prefix + batch.file_id
    header.find(_CREATED).text = _timestamp(batch.created_at)
    for block in root.iterfind(_BLOCK):  # one block: sepaxml groups by execution date
        block.find(_BLOCK_ID).text = batch.file_id
        charge_bearer = block.find(_CHARGE_BEARER)
        if profile.charge_bearer:
            charge_bearer.text = profile.charge_bearer
        else:
            block.remove(charge_bearer)
    # Thousands of transactions: lxml's C iteration by tag, not a path search for each.
    for end_to_end in list(root.iter(_END_TO_END)):
        instruction = etree.Element(_INSTRUCTION_ID)
        instruction.text = end_to_end.text
        end_to_end.addprevious(instruction)
    if profile.account_form == "nrb":
        # sepaxml writes IBAN only in the debtor's and the creditors' accounts.
        # The element becomes <Othr> in place, cheaper than building and swapping one.
        for iban in list(root.iter(_IBAN)):
            iban.tag = _OTHER
            etree.SubElement(iban, _ID).text = nrb(iban.text or "")
            iban.text = None
    etree.indent(root, space=" ")
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def write(batch: Batch, profile: PainProfile) -> bytes:
    """The pain.001.001.03 file of `batch` for the bank of `profile` (UTF-8)."""
    return _finish(_sepaxml_document(batch, profile), batch, profile)
