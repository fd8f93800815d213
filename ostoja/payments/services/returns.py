"""The bank's statement of returned transfers, read and matched to the items it returns.

A return is matched by the reference our files carried (`W-0000012345`, Elixir field 16 and
pain.001 EndToEndId), which banks repeat in the return's description. A return is marked only
when it finds a transfer the bank paid out, of the same amount; everything else is reported
and left for the accountant to look at (a return of another payer's transfer, a partial
return, one marked already).
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ostoja.accounts.models import User
from ostoja.core.money import format_pln
from ostoja.core.services import require
from ostoja.payments import policy as payments_policy
from ostoja.payments.models import (
    REFERENCE_PATTERN,
    Channel,
    ItemState,
    PaymentItem,
    PaymentSettings,
    item_id_of,
)
from ostoja.payments.services.marks import payment_item_mark_returned
from ostoja.payments.statements import (
    CsvProfile,
    ReturnedTransfer,
    StatementError,
    detect_format,
    parse_returns_csv,
    parse_returns_mt940,
)


@dataclass(frozen=True)
class Unmatched:
    entry: ReturnedTransfer
    item: PaymentItem | None
    reason: str


@dataclass
class ReturnsReport:
    marked: list[PaymentItem] = field(default_factory=list)
    unmatched: list[Unmatched] = field(default_factory=list)


def csv_profile() -> CsvProfile:
    """How the centre's bank writes its CSV export, from the payment settings."""
    row = PaymentSettings.objects.get(pk=1)
    return CsvProfile(
        encoding=row.returns_encoding,
        delimiter=row.returns_delimiter,
        skip_lines=row.returns_skip_lines,
        booked_on_column=row.returns_date_column,
        amount_column=row.returns_amount_column,
        description_column=row.returns_description_column,
        account_column=row.returns_account_column or None,
        name_column=row.returns_name_column or None,
        return_marker=row.returns_marker,
    )


def read_statement(data: bytes) -> list[ReturnedTransfer]:
    """The returns in a CSV export or an MT940 statement; a file that cannot be read is a
    ValidationError with the reader's message (which names the line)."""
    try:
        if detect_format(data) == "mt940":
            return parse_returns_mt940(data, reference_pattern=REFERENCE_PATTERN)
        return parse_returns_csv(data, profile=csv_profile(), reference_pattern=REFERENCE_PATTERN)
    except StatementError as error:
        raise ValidationError({"plik": str(error)}) from error


@transaction.atomic
def payment_returns_import(*, actor: User, data: bytes, note_prefix: str = "") -> ReturnsReport:
    """Mark as returned every paid transfer the statement returns in full; report the rest."""
    require(actor, payments_policy.RETURNS)
    report = ReturnsReport()
    for entry in read_statement(data):
        item = _item_named(entry)
        reason = _why_not(entry, item)
        if reason or item is None:
            report.unmatched.append(Unmatched(entry, item, reason))
            continue
        note = " ".join(part for part in (note_prefix, entry.description) if part)[:300]
        report.marked.append(
            payment_item_mark_returned(
                actor=actor, item=item, returned_on=entry.booked_on, note=note
            )
        )
    return report


def _why_not(entry: ReturnedTransfer, item: PaymentItem | None) -> str:
    if item is None:
        return _("It names no transfer of the centre.")
    if item.state in (ItemState.RETURNED, ItemState.REISSUED):
        return _("This transfer is marked as returned already.")
    if item.state != ItemState.PAID:
        return _("This transfer is not marked as paid out by the bank yet.")
    if item.payable != entry.amount:
        return _("The amount returned (%(returned)s) is not the amount paid (%(paid)s).") % {
            "returned": format_pln(entry.amount),
            "paid": format_pln(item.payable),
        }
    return ""


def _item_named(entry: ReturnedTransfer) -> PaymentItem | None:
    item_id = item_id_of(entry.reference) if entry.reference else None
    if item_id is None:
        return None
    item: PaymentItem | None = (
        PaymentItem.objects.select_related("payment_list")
        .filter(pk=item_id, channel=Channel.BANK)
        .first()
    )
    return item
