"""The check of an Elixir-O file before it may be downloaded.

The file is read back with `elixir.read`, never taken on the writer's word, and compared with
the list: every transfer once, the same amounts, accounts, date and texts, within the limits of
the format and of the bank's settings.
"""

import re
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy

from ostoja.core.fields import group_account_number
from ostoja.payments.bankfiles import elixir
from ostoja.payments.bankfiles.model import BankFileError, Batch, ElixirProfile, nrb
from ostoja.payments.bankfiles.problems import (
    Matcher,
    Problem,
    Report,
    check_account,
    check_amount,
    check_batch,
    check_execution_date,
    check_same_account,
    check_same_amount,
    check_totals,
    quoted,
)
from ostoja.payments.bankfiles.text import (
    CONTROL_CHARACTERS,
    LINE_WIDTH,
    MAX_LINES,
    unencodable_finder,
)

FIELD_NAMES: dict[int, Promise] = {
    1: pgettext_lazy("bank file", "order type"),
    4: pgettext_lazy("bank file", "payer's sort code"),
    5: pgettext_lazy("bank file", "execution mode"),
    8: pgettext_lazy("bank file", "payer's name and address"),
    9: pgettext_lazy("bank file", "payee's name and address"),
    10: pgettext_lazy("bank file", "fees and commissions"),
    11: pgettext_lazy("bank file", "payee's sort code"),
    12: pgettext_lazy("bank file", "title"),
    13: pgettext_lazy("bank file", "reserved field"),
    14: pgettext_lazy("bank file", "reserved field"),
    15: pgettext_lazy("bank file", "classification"),
    16: pgettext_lazy("bank file", "reference"),
}


def _field(number: int) -> dict[str, object]:
    return {"field": number, "name": str(FIELD_NAMES[number])}


class _ElixirCheck:
    def __init__(self, report: Report, batch: Batch, profile: ElixirProfile) -> None:
        self.report = report
        self.batch = batch
        self.profile = profile
        self.forbidden = frozenset('"' + profile.forbidden_characters) | CONTROL_CHARACTERS
        # One search of a field for any of them (the usual answer is "none"), then the set.
        self._forbidden_search = re.compile(
            "[" + re.escape("".join(sorted(self.forbidden))) + "]"
        ).search
        self.payer = nrb(batch.payer_account)
        self.expected = elixir.Expected(profile)
        self.unencodable = unencodable_finder(profile)
        self.payer_lines = self.expected.name_lines(batch.payer_name, batch.payer_address)
        self._checked_payer_accounts: set[str] = set()
        self._checked_payer_names: set[tuple[str, ...]] = set()

    def fixed_fields(self, record: elixir.ElixirRecord, reference: str) -> None:
        fixed = (
            (1, record.order_type, self.profile.order_type),
            (5, record.execution_mode, "0"),
            (10, record.fees, "0"),
            (13, record.field_13, ""),
            (14, record.field_14, ""),
            (15, record.classification, self.profile.classification),
        )
        for number, found, expected in fixed:
            if found != expected:
                self.report.error(
                    "field_value",
                    _("Field %(field)s (%(name)s) holds %(found)s; it should hold %(expected)s.")
                    % {**_field(number), "found": quoted(found), "expected": quoted(expected)},
                    reference=reference,
                    line=record.line,
                )

    def sort_code(self, number: int, found: str, account: str, reference: str, line: int) -> None:
        expected = elixir.sort_code(account)
        if found != expected:
            self.report.error(
                "sort_code_field",
                _(
                    "Field %(field)s (%(name)s) holds %(found)s, but the account number "
                    "%(account)s has the sort code %(expected)s."
                )
                % {
                    **_field(number),
                    "found": quoted(found),
                    "account": group_account_number(account),
                    "expected": expected,
                },
                reference=reference,
                line=line,
            )

    def accounts(self, record: elixir.ElixirRecord, reference: str, payee: str | None) -> None:
        line = record.line
        # The payer's account is the same on every line: its problems are told once.
        if record.payer_account not in self._checked_payer_accounts:
            self._checked_payer_accounts.add(record.payer_account)
            check_account(self.report, record.payer_account, reference="", line=line)
        check_same_account(
            self.report,
            record.payer_account,
            self.payer,
            payer=True,
            reference=reference,
            line=line,
        )
        self.sort_code(4, record.payer_sort_code, record.payer_account, reference, line)
        check_account(self.report, record.payee_account, reference=reference, line=line)
        self.sort_code(11, record.payee_sort_code, record.payee_account, reference, line)
        if payee is not None:
            check_same_account(
                self.report,
                record.payee_account,
                payee,
                payer=False,
                reference=reference,
                line=line,
            )

    def text(
        self,
        number: int,
        parts: tuple[str, ...],
        expected: tuple[str, ...] | None,
        reference: str,
        line: int,
    ) -> None:
        joined = "".join(parts)
        bad = self.forbidden.intersection(joined) if self._forbidden_search(joined) else set()
        if bad:
            self.report.error(
                "forbidden_character",
                _(
                    "Field %(field)s (%(name)s) holds characters the bank does not accept: "
                    "%(characters)s."
                )
                % {**_field(number), "characters": " ".join(sorted(bad))},
                reference=reference,
                line=line,
            )
        if len(parts) > MAX_LINES:
            self.report.error(
                "too_many_lines",
                ngettext(
                    "Field %(field)s (%(name)s) takes %(count)s line; the bank accepts at most "
                    "4 lines of 35 characters.",
                    "Field %(field)s (%(name)s) takes %(count)s lines; the bank accepts at most "
                    "4 lines of 35 characters.",
                    len(parts),
                )
                % {**_field(number), "count": len(parts)},
                reference=reference,
                line=line,
            )
        for part in parts:
            if len(part) > LINE_WIDTH:
                self.report.error(
                    "line_too_long",
                    ngettext(
                        "A line of field %(field)s (%(name)s) has %(length)s character: "
                        "%(text)s; the bank accepts at most 35.",
                        "A line of field %(field)s (%(name)s) has %(length)s characters: "
                        "%(text)s; the bank accepts at most 35.",
                        len(part),
                    )
                    % {**_field(number), "length": len(part), "text": quoted(part)},
                    reference=reference,
                    line=line,
                )
        if not bad and expected is not None and parts != expected:
            self.report.error(
                "text_differs",
                _("Field %(field)s (%(name)s) says %(found)s; the list says %(expected)s.")
                % {
                    **_field(number),
                    "found": quoted("|".join(parts)),
                    "expected": quoted("|".join(expected)),
                },
                reference=reference,
                line=line,
            )

    def reference(self, record: elixir.ElixirRecord) -> None:
        reference = record.reference
        self.text(16, (reference,), None, reference, record.line)
        if len(reference) > self.profile.reference_length:
            self.report.error(
                "reference_too_long",
                ngettext(
                    "The reference %(reference)s has %(length)s character; the bank accepts at "
                    "most %(max)s.",
                    "The reference %(reference)s has %(length)s characters; the bank accepts at "
                    "most %(max)s.",
                    len(reference),
                )
                % {
                    "reference": reference,
                    "length": len(reference),
                    "max": self.profile.reference_length,
                },
                reference=reference,
                line=record.line,
            )

    def encodable(self, number: int, texts: tuple[str, ...], reference: str) -> None:
        found = "".join(map(self.unencodable, texts))
        if found:
            self.report.error(
                "unencodable_character",
                _(
                    "Field %(field)s (%(name)s) needs characters that the file's encoding "
                    "%(encoding)s cannot hold: %(characters)s. Correct the data, or choose "
                    "another encoding or writing without Polish letters in the bank's settings."
                )
                % {
                    **_field(number),
                    "encoding": self.profile.encoding,
                    "characters": " ".join(dict.fromkeys(found)),
                },
                reference=reference,
            )

    def list_texts(self) -> None:
        """What of the list the file's encoding cannot carry: the file then says something else
        than the approved list, which the user has to decide on."""
        self.encodable(8, (self.batch.payer_name, *self.batch.payer_address), "")
        for transfer in self.batch.transfers:
            reference = transfer.reference
            self.encodable(9, (transfer.payee_name, *transfer.payee_address), reference)
            self.encodable(12, transfer.title, reference)
            self.encodable(16, (reference,), reference)

    def record(self, record: elixir.ElixirRecord, matcher: Matcher) -> None:
        reference = record.reference
        transfer = matcher.match(reference, record.line)
        self.fixed_fields(record, reference)
        check_execution_date(
            self.report,
            record.execution_date,
            self.batch.execution_date,
            reference=reference,
            line=record.line,
        )
        if check_amount(self.report, record.amount, reference=reference, line=record.line) and (
            transfer is not None
        ):
            check_same_amount(self.report, record.amount, transfer, line=record.line)
        payee = None if transfer is None else nrb(transfer.payee_account)
        self.accounts(record, reference, payee)
        # The payer's field is the same on every line: a fault in it is told once.
        if record.payer_name_address not in self._checked_payer_names:
            self._checked_payer_names.add(record.payer_name_address)
            self.text(8, record.payer_name_address, self.payer_lines, "", record.line)
        expected_payee = expected_title = None
        if transfer is not None:
            expected_payee = self.expected.name_lines(transfer.payee_name, transfer.payee_address)
            expected_title = self.expected.title_lines(transfer.title)
        self.text(9, record.payee_name_address, expected_payee, reference, record.line)
        self.text(12, record.title, expected_title, reference, record.line)
        self.reference(record)


def validate_elixir(data: bytes, *, batch: Batch, profile: ElixirProfile) -> list[Problem]:
    """The problems of an Elixir-O file written for `batch`; any error forbids its download."""
    report = Report()
    by_reference = check_batch(report, batch)
    check = _ElixirCheck(report, batch, profile)
    check.list_texts()
    try:
        records = elixir.read(data, profile)
    except BankFileError as error:
        report.error("unreadable", error.message, line=error.line)
        return report.problems()
    matcher = Matcher(report, by_reference)
    for record in records:
        check.record(record, matcher)
    matcher.finish()
    check_totals(
        report, batch, len(records), sum((record.amount for record in records), Decimal(0))
    )
    return report.problems()
