"""The bank files of an approved transfer list: written, re-read by the validator, and handed
over only when the validator finds no error; every download is an action with the file's
SHA-256, and the first one sends the list for payment.
"""

import datetime
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ostoja.accounts.models import User
from ostoja.core.services import require
from ostoja.payments import policy as payments_policy
from ostoja.payments.bankfiles import (
    Batch,
    ElixirProfile,
    PainProfile,
    Problem,
    Transfer,
    elixir,
    has_errors,
    pain001,
    validate_elixir,
    validate_pain001,
)
from ostoja.payments.models import Channel, ItemState, PaymentList, PaymentSettings
from ostoja.payments.models.items import reference_of
from ostoja.payments.services.lists import payment_list_export

ELIXIR, PAIN001 = "elixir", "pain001"
FORMATS = {ELIXIR: ("pli", "text/plain"), PAIN001: ("xml", "application/xml")}


class BankFileRefused(ValidationError):
    """The validator found errors: the file is not handed over."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__([problem.message for problem in problems if problem.severity == "error"])


@dataclass(frozen=True)
class BankFile:
    name: str
    content_type: str
    data: bytes
    sha256: str
    warnings: tuple[Problem, ...]


def _address_lines(address: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in address.split(",") if part.strip())


def batch_of(payment_list: PaymentList, *, created_at: datetime.datetime) -> Batch:
    """The list as the bank files carry it: the centre as the payer, each item a transfer."""
    settings_row = PaymentSettings.objects.get(pk=1)
    if not settings_row.centre_account:
        raise ValidationError(
            _("The centre's account number is not set: enter it in the payment settings.")
        )
    # An item set off whole against a debt has nothing to transfer. Plain rows: a city's list
    # of 15 000 model instances cost more than writing its file (bench/README.md).
    rows = (
        payment_list.items.filter(state=ItemState.PLANNED)
        .filter(amount__gt=F("setoff"))
        .order_by("pk")
        .values_list("pk", "amount", "setoff", "payee_name", "payee_address", "account", "title")
    )
    transfers = tuple(
        Transfer(
            reference=reference_of(pk),
            amount=amount - setoff,
            payee_name=name,
            payee_address=_address_lines(address),
            payee_account=account,
            title=tuple(title.split("|")),
        )
        for pk, amount, setoff, name, address, account, title in rows
    )
    return Batch(
        file_id=f"LW{payment_list.pk:06d}{created_at:%Y%m%d%H%M%S}",
        created_at=created_at,
        execution_date=payment_list.payment_date,
        payer_name=settings.OSTOJA_CENTRE_NAME,
        payer_address=_address_lines(settings.OSTOJA_CENTRE_ADDRESS),
        payer_account=settings_row.centre_account,
        transfers=transfers,
    )


def elixir_profile(settings_row: PaymentSettings) -> ElixirProfile:
    return ElixirProfile(
        encoding=settings_row.encoding,
        quote_accounts=settings_row.quote_accounts,
        quote_classification=settings_row.quote_classification,
        order_type=settings_row.order_type,
        classification=settings_row.classification,
        reference_length=settings_row.reference_length,
        forbidden_characters=settings_row.forbidden_characters,
        transliterate=settings_row.transliterate,
    )


def pain_profile(settings_row: PaymentSettings) -> PainProfile:
    return PainProfile(
        account_form="nrb" if settings_row.pain_account_form == "nrb" else "iban",
        transliterate=settings_row.transliterate,
    )


def write_checked(batch: Batch, file_format: str) -> tuple[bytes, list[Problem]]:
    """The file and what its validator found on reading it back."""
    settings_row = PaymentSettings.objects.get(pk=1)
    if file_format == ELIXIR:
        profile = elixir_profile(settings_row)
        data = elixir.write(batch, profile)
        return data, validate_elixir(data, batch=batch, profile=profile)
    pain = pain_profile(settings_row)
    data = pain001.write(batch, pain)
    return data, validate_pain001(data, batch=batch, profile=pain)


@transaction.atomic
def payment_list_bank_file(*, actor: User, payment_list: PaymentList, file_format: str) -> BankFile:
    """The list's file in `file_format` (Elixir-O or pain.001), checked. Refused with the
    validator's errors (BankFileRefused) when it finds any: such a file never leaves."""
    payment_list = PaymentList.objects.select_for_update().get(pk=payment_list.pk)
    require(actor, payments_policy.EXPORT, payment_list)
    if payment_list.channel != Channel.BANK:
        raise ValidationError(_("Only a transfer list has a bank file."))
    if file_format not in FORMATS:
        raise ValidationError(_("Choose Elixir-O or pain.001."))
    created_at = timezone.localtime()
    batch = batch_of(payment_list, created_at=created_at)
    data, problems = write_checked(batch, file_format)
    if has_errors(problems):
        raise BankFileRefused(problems)
    digest = hashlib.sha256(data).hexdigest()
    extension, content_type = FORMATS[file_format]
    name = f"{payment_list.number.replace('/', '-')}.{extension}"
    payment_list_export(actor=actor, payment_list=payment_list, document=name, sha256=digest)
    warnings = tuple(problem for problem in problems if problem.severity != "error")
    return BankFile(name, content_type, data, digest, warnings)
