"""What the validators report, and the checks both file formats share.

A `Problem` is an error (the file must not be downloaded) or a warning (the user should look,
e.g. a sort code whose check digit does not match: the algorithm was checked on a handful of
real codes only, docs/payments/formats.md §1.4). `code` names the kind of problem for programs
and tests; `message` is for people, in the interface language.
"""

import datetime
import operator
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Literal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ostoja.core.fields import group_account_number
from ostoja.core.money import format_pln, to_grosze
from ostoja.payments.bankfiles.model import Batch, Transfer
from ostoja.registry.validators import validate_nrb

Severity = Literal["error", "warning"]

# A wrong date or account on every line of a 15 000-line file is one mistake, not 15 000: the
# first ones of a kind are listed, the rest counted.
LIMIT_PER_CODE = 100

SORT_CODE_WEIGHTS = (3, 9, 7, 1, 3, 9, 7)
_NRB = re.compile(r"\d{26}")


@dataclass(frozen=True)
class Problem:
    severity: Severity
    message: str
    reference: str = ""
    line: int | None = None
    code: str = ""


def has_errors(problems: Iterable[Problem]) -> bool:
    """Whether a file with these problems must be refused for download."""
    return any(problem.severity == "error" for problem in problems)


class Report:
    def __init__(self) -> None:
        self._problems: list[Problem] = []
        self._counts: Counter[tuple[Severity, str]] = Counter()

    def add(
        self,
        severity: Severity,
        code: str,
        message: str,
        *,
        reference: str = "",
        line: int | None = None,
    ) -> None:
        self._counts[severity, code] += 1
        if self._counts[severity, code] <= LIMIT_PER_CODE:
            self._problems.append(Problem(severity, message, reference, line, code))

    def error(
        self, code: str, message: str, *, reference: str = "", line: int | None = None
    ) -> None:
        self.add("error", code, message, reference=reference, line=line)

    def warning(
        self, code: str, message: str, *, reference: str = "", line: int | None = None
    ) -> None:
        self.add("warning", code, message, reference=reference, line=line)

    def problems(self) -> list[Problem]:
        problems = list(self._problems)
        for (severity, code), count in self._counts.items():
            hidden = count - LIMIT_PER_CODE
            if hidden > 0:
                message = ngettext(
                    "%(count)s more problem of this kind is not listed.",
                    "%(count)s more problems of this kind are not listed.",
                    hidden,
                ) % {"count": hidden}
                problems.append(Problem(severity, message, code=code))
        return problems


def amount_text(amount: Decimal) -> str:
    """ "1 234,56 zł"; an amount with more decimals than a złoty has is shown as it is, lest
    rounding hide the very difference a message is about."""
    if amount == to_grosze(amount):
        return format_pln(amount)
    return f"{amount}".replace(".", ",") + "\xa0zł"


def quoted(text: str) -> str:
    return f"„{text}”"


def polish_date(day: datetime.date) -> str:
    return day.strftime("%d.%m.%Y")


@lru_cache(maxsize=4096)
def sort_code_valid(code: str) -> bool:
    """The 8th digit of a sort code against the first seven, weights 3 9 7 1 3 9 7."""
    if not re.fullmatch(r"\d{8}", code):
        return False
    total: int = sum(map(operator.mul, map(int, code[:7]), SORT_CODE_WEIGHTS))
    return (10 - total % 10) % 10 == int(code[7])


@lru_cache(maxsize=65536)
def account_problem(account: str) -> str:
    """ "" for a valid NRB as a bank file writes it (26 bare digits), else "account_length" or
    "account_checksum".

    The registry's `validate_nrb` (python-stdnum's IBAN check of "PL"+NRB) decides what is
    wrong. An account it would accept is recognised first by the same ISO 7064 MOD 97-10 rule
    in integer arithmetic (docs/payments/formats.md §1.4: `NRB[2:] + "2521" + NRB[:2]` leaves 1
    modulo 97),
    because python-stdnum's generic path costs about 25 µs an account, the largest single cost
    of checking a 15 000-line file. A test holds the two to the same verdict.
    """
    if not _NRB.fullmatch(account):
        return "account_length"
    if int(account[2:] + "2521" + account[:2]) % 97 == 1:
        return ""
    try:
        validate_nrb(account)
    except ValidationError as error:
        return "account_length" if error.code == "nrb_length" else "account_checksum"
    return ""


def check_account(report: Report, account: str, *, reference: str, line: int | None) -> bool:
    """Errors for a malformed NRB, a warning for a doubtful sort code; True when valid."""
    problem = account_problem(account)
    if not problem and sort_code_valid(account[2:10]):
        return True
    shown = group_account_number(account)
    if problem == "account_length":
        report.error(
            problem,
            _("The account number %(account)s must have 26 digits.") % {"account": shown},
            reference=reference,
            line=line,
        )
        return False
    if problem:
        report.error(
            problem,
            _("The account number %(account)s is wrong: check the check digits.")
            % {"account": shown},
            reference=reference,
            line=line,
        )
        return False
    report.warning(
        "sort_code_check",
        _(
            "The bank's sort code %(sort_code)s in the account number %(account)s has a "
            "wrong check digit: check the number with the account holder."
        )
        % {"sort_code": account[2:10], "account": shown},
        reference=reference,
        line=line,
    )
    return True


def amount_usable(amount: Decimal) -> bool:
    return amount > 0 and amount == to_grosze(amount)


def check_amount(report: Report, amount: Decimal, *, reference: str, line: int | None) -> bool:
    if amount <= 0:
        report.error(
            "amount_not_positive",
            _("The amount %(amount)s is not greater than zero.") % {"amount": amount_text(amount)},
            reference=reference,
            line=line,
        )
        return False
    if amount != to_grosze(amount):
        report.error(
            "amount_decimals",
            _("The amount %(amount)s has more than 2 decimal places.")
            % {"amount": amount_text(amount)},
            reference=reference,
            line=line,
        )
        return False
    return True


def check_batch(report: Report, batch: Batch) -> dict[str, Transfer]:
    """The list's own faults (no transfers, a reference twice, an amount no file can carry);
    the transfers by reference."""
    if not batch.transfers:
        report.error("empty", _("The list has no transfers."))
    by_reference: dict[str, Transfer] = {}
    for transfer in batch.transfers:
        if transfer.reference in by_reference:
            report.error(
                "duplicate_reference",
                _("The reference %(reference)s appears more than once in the list.")
                % {"reference": transfer.reference},
                reference=transfer.reference,
            )
            continue
        by_reference[transfer.reference] = transfer
        check_amount(report, transfer.amount, reference=transfer.reference, line=None)
        if not transfer.payee_name.strip():
            report.error(
                "name_empty", _("The payee's name is empty."), reference=transfer.reference
            )
        if not any(line.strip() for line in transfer.title):
            report.error(
                "title_empty", _("The transfer has no title."), reference=transfer.reference
            )
    return by_reference


class Matcher:
    """Pairs the file's transfers with the list's by reference, each reference once."""

    def __init__(self, report: Report, by_reference: dict[str, Transfer]) -> None:
        self._report = report
        self._by_reference = by_reference
        self._seen: set[str] = set()

    def match(self, reference: str, line: int) -> Transfer | None:
        transfer = self._by_reference.get(reference)
        if transfer is None:
            self._report.error(
                "unknown_reference",
                _("The file holds a transfer %(reference)s that is not on the list.")
                % {"reference": reference},
                reference=reference,
                line=line,
            )
            return None
        if reference in self._seen:
            self._report.error(
                "duplicate_reference",
                _("The reference %(reference)s appears more than once in the file.")
                % {"reference": reference},
                reference=reference,
                line=line,
            )
            return None
        self._seen.add(reference)
        return transfer

    def finish(self) -> None:
        for reference in self._by_reference.keys() - self._seen:
            self._report.error(
                "missing_reference",
                _("The transfer %(reference)s of the list is missing from the file.")
                % {"reference": reference},
                reference=reference,
            )


def check_totals(report: Report, batch: Batch, count: int, total: Decimal) -> None:
    if count != batch.count:
        report.error(
            "count",
            ngettext(
                "The file holds %(found)s transfer; the list has %(expected)s.",
                "The file holds %(found)s transfers; the list has %(expected)s.",
                count,
            )
            % {"found": count, "expected": batch.count},
        )
    if total != batch.total:
        report.error(
            "total",
            _("The transfers in the file add up to %(found)s; the list to %(expected)s.")
            % {"found": amount_text(total), "expected": amount_text(batch.total)},
        )


def check_execution_date(
    report: Report, found: datetime.date, expected: datetime.date, *, reference: str, line: int
) -> None:
    if found != expected:
        report.error(
            "execution_date",
            _("The file is to be executed on %(found)s; the list on %(expected)s.")
            % {"found": polish_date(found), "expected": polish_date(expected)},
            reference=reference,
            line=line,
        )


def check_same_amount(report: Report, found: Decimal, transfer: Transfer, *, line: int) -> None:
    if amount_usable(transfer.amount) and found != transfer.amount:
        report.error(
            "amount_differs",
            _("The file pays %(found)s; the list %(expected)s.")
            % {"found": amount_text(found), "expected": amount_text(transfer.amount)},
            reference=transfer.reference,
            line=line,
        )


def check_same_account(
    report: Report, found: str, expected: str, *, payer: bool, reference: str, line: int
) -> None:
    if found == expected:
        return
    values = {"found": group_account_number(found), "expected": group_account_number(expected)}
    if payer:
        message = _("The file debits the account %(found)s; the list the account %(expected)s.")
    else:
        message = _("The file pays to the account %(found)s; the list to %(expected)s.")
    report.error("account_differs", message % values, reference=reference, line=line)
