"""The check of a pain.001.001.03 file before it may be downloaded.

The file is validated against the pain.001.001.03 XSD that the sepaxml package ships, then read
back with `pain001.read_tree` and compared with the list.

The XSD check uses libxml2 (lxml's `XMLSchema`), not the `xmlschema` package: on this machine
xmlschema needs about 4–5 s for a 15 000-transfer file, libxml2 under 0.1 s, and a payment run
must be checked before every download. The tests check that both agree on valid and invalid
files.
"""

from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import sepaxml
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from lxml import etree

from ostoja.core.fields import group_account_number
from ostoja.payments.bankfiles import pain001
from ostoja.payments.bankfiles.model import BankFileError, Batch, PainProfile, nrb
from ostoja.payments.bankfiles.problems import (
    Matcher,
    Problem,
    Report,
    amount_text,
    check_account,
    check_amount,
    check_batch,
    check_execution_date,
    check_same_account,
    check_same_amount,
    check_totals,
    quoted,
)
from ostoja.payments.bankfiles.text import pain_cleaner

SCHEMA_PATH = Path(sepaxml.__file__).parent / "schemas" / f"{pain001.SCHEMA}.xsd"
FORM_NAMES = {"iban": "IBAN", "nrb": "Othr/Id (NRB)"}


@lru_cache(maxsize=1)
def schema() -> Any:
    return etree.XMLSchema(etree.parse(str(SCHEMA_PATH)))


def _check_schema(report: Report, root: Any) -> None:
    validator = schema()
    if validator.validate(root):
        return
    namespace = f"{{{pain001.NAMESPACE}}}"
    for entry in validator.error_log:
        report.error(
            "schema",
            _("The file does not conform to the %(schema)s schema (line %(line)s): %(detail)s")
            % {
                "schema": pain001.SCHEMA,
                "line": entry.line,
                "detail": str(entry.message).replace(namespace, ""),
            },
            line=entry.line,
        )


class _PainCheck:
    def __init__(self, report: Report, batch: Batch, profile: PainProfile) -> None:
        self.report = report
        self.batch = batch
        self.profile = profile
        self.clean = pain_cleaner(profile)

    def form(self, found: str, account: str, reference: str, line: int) -> None:
        if found != self.profile.account_form:
            self.report.error(
                "account_form",
                _(
                    "The account %(account)s is written as %(found)s; the bank's settings say "
                    "%(expected)s."
                )
                % {
                    "account": group_account_number(account),
                    "found": FORM_NAMES[found],
                    "expected": FORM_NAMES[self.profile.account_form],
                },
                reference=reference,
                line=line,
            )

    def text(
        self, element: str, found: str, expected: str, limit: int, reference: str, line: int
    ) -> None:
        """A text of the file against the list's, as the writer must have cleaned it."""
        if len(expected) > limit:
            self.report.error(
                "too_long",
                ngettext(
                    "The element %(element)s needs %(length)s character; the bank accepts at "
                    "most %(max)s.",
                    "The element %(element)s needs %(length)s characters; the bank accepts at "
                    "most %(max)s.",
                    len(expected),
                )
                % {"element": element, "length": len(expected), "max": limit},
                reference=reference,
                line=line,
            )
        elif found != expected:
            self.report.error(
                "text_differs",
                _("The element %(element)s says %(found)s; the list says %(expected)s.")
                % {"element": element, "found": quoted(found), "expected": quoted(expected)},
                reference=reference,
                line=line,
            )
        self.ascii(element, found, reference, line)

    def ascii(self, element: str, found: str, reference: str, line: int) -> None:
        if self.profile.transliterate and not found.isascii():
            characters = " ".join(dict.fromkeys(char for char in found if not char.isascii()))
            self.report.error(
                "non_ascii",
                _(
                    "The element %(element)s holds characters outside ASCII (%(characters)s), "
                    "though the bank's settings ask for writing without Polish letters."
                )
                % {"element": element, "characters": characters},
                reference=reference,
                line=line,
            )

    def header(self, pain: pain001.PainFile, total: Decimal) -> None:
        count = len(pain.transactions)
        for element, found_count, found_sum in (
            ("GrpHdr", pain.number_of_transactions, pain.control_sum),
            ("PmtInf", pain.payment_number_of_transactions, pain.payment_control_sum),
        ):
            if found_count is not None and found_count != count:
                self.report.error(
                    "header_count",
                    ngettext(
                        "The element %(element)s/NbOfTxs gives %(found)s transfer; the file "
                        "holds %(expected)s.",
                        "The element %(element)s/NbOfTxs gives %(found)s transfers; the file "
                        "holds %(expected)s.",
                        found_count,
                    )
                    % {"element": element, "found": found_count, "expected": count},
                )
            if found_sum is None:
                self.report.warning(
                    "header_total_missing",
                    _("The element %(element)s/CtrlSum (the control sum) is missing.")
                    % {"element": element},
                )
            elif found_sum != total:
                self.report.error(
                    "header_total",
                    _(
                        "The element %(element)s/CtrlSum gives %(found)s; the transfers of the "
                        "file add up to %(expected)s."
                    )
                    % {
                        "element": element,
                        "found": amount_text(found_sum),
                        "expected": amount_text(total),
                    },
                )

    def debtor(self, pain: pain001.PainFile, line: int) -> None:
        account = pain.debtor_account
        self.form(pain.debtor_account_form, account, "", line)
        check_account(self.report, account, reference="", line=line)
        payer = nrb(self.batch.payer_account)
        check_same_account(self.report, account, payer, payer=True, reference="", line=line)
        expected = self.clean(self.batch.payer_name)
        self.text("Dbtr/Nm", pain.debtor_name, expected, pain001.NAME_LENGTH, "", line)

    def transaction(self, transaction: pain001.PainTransaction, matcher: Matcher) -> None:
        reference = transaction.end_to_end_id
        line = transaction.line
        transfer = matcher.match(reference, line)
        if transaction.currency != "PLN":
            self.report.error(
                "currency",
                _("The currency is %(found)s; a domestic transfer is in PLN.")
                % {"found": transaction.currency or "—"},
                reference=reference,
                line=line,
            )
        amount_ok = check_amount(self.report, transaction.amount, reference=reference, line=line)
        account = transaction.creditor_account
        self.form(transaction.creditor_account_form, account, reference, line)
        check_account(self.report, account, reference=reference, line=line)
        for address_line in transaction.creditor_address:
            self.ascii("Cdtr/PstlAdr/AdrLine", address_line, reference, line)
        if transfer is None:
            return
        if amount_ok:
            check_same_amount(self.report, transaction.amount, transfer, line=line)
        check_same_account(
            self.report,
            account,
            nrb(transfer.payee_account),
            payer=False,
            reference=reference,
            line=line,
        )
        address = pain001.address_lines(transfer.payee_address, self.profile)
        if transaction.creditor_address != address:
            self.report.error(
                "text_differs",
                _("The element %(element)s says %(found)s; the list says %(expected)s.")
                % {
                    "element": "Cdtr/PstlAdr/AdrLine",
                    "found": quoted(" | ".join(transaction.creditor_address)),
                    "expected": quoted(" | ".join(address)),
                },
                reference=reference,
                line=line,
            )
        name = self.clean(transfer.payee_name)
        self.text("Cdtr/Nm", transaction.creditor_name, name, pain001.NAME_LENGTH, reference, line)
        title = pain001.remittance(transfer.title, self.profile)
        self.text(
            "RmtInf/Ustrd", transaction.remittance, title, pain001.TITLE_LENGTH, reference, line
        )


def validate_pain001(data: bytes, *, batch: Batch, profile: PainProfile) -> list[Problem]:
    """The problems of a pain.001.001.03 file written for `batch`; any error forbids its
    download."""
    report = Report()
    by_reference = check_batch(report, batch)
    try:
        root = pain001.parse(data)
        _check_schema(report, root)
        pain = pain001.read_tree(root)
    except BankFileError as error:
        report.error("unreadable", error.message, line=error.line)
        return report.problems()
    check = _PainCheck(report, batch, profile)
    total = sum((transaction.amount for transaction in pain.transactions), Decimal(0))
    check.header(pain, total)
    check_execution_date(
        report, pain.execution_date, batch.execution_date, reference="", line=pain.payment_line
    )
    check.debtor(pain, pain.payment_line)
    matcher = Matcher(report, by_reference)
    for transaction in pain.transactions:
        check.transaction(transaction, matcher)
    matcher.finish()
    check_totals(report, batch, len(pain.transactions), total)
    return report.problems()
