# mypy: allow-untyped-calls
"""What the ZUS tests share: the months paid through the real run, the payer's settings filled
with invented, checksum-valid identifiers, and the staff who act. Synthetic data only."""

import datetime
from typing import Any

from ostoja.accounts.models import User
from ostoja.accounts.roles import Role
from ostoja.payments.models import ItemState, ListState, PaymentList, ZusSettings
from ostoja.payments.services import runs
from ostoja.payments.tests.factories import staff
from ostoja.payments.zus.configuration import zus_settings

D = datetime.date

# Invented identifiers with correct check digits.
NIP = "1234563218"
REGON = "123456785"
# An NRS: check digits, ZUS's 60000002, six digits, the NIP.
NRS = "87600000020000001234563218"
# Not a code of ZUS's list: the real one is the centre's to copy from Płatnik.
TITLE_CODE = "999912"


def clerk() -> User:
    """Prepares: records registrations and the month's contributions."""
    return staff(username="urzedniczka", role=Role.BENEFITS_CLERK)


def accountant() -> User:
    """Approves (declares the month) and keeps the settings."""
    return staff(username="ksiegowa")


def payer(**changes: Any) -> ZusSettings:
    """The settings with the payer's data and a title code, changed by `changes`."""
    row = zus_settings()
    values = {
        "payer_nip": NIP,
        "payer_regon": REGON,
        "payer_short_name": "GOPS Dębowo",
        "title_code": TITLE_CODE,
        "contribution_account": NRS,
        **changes,
    }
    for name, value in values.items():
        setattr(row, name, value)
    row.save()
    return row


def pay(month: datetime.date, *, today: datetime.date | None = None) -> None:
    """Run the month's payment lists and pay every list of the month, as a bank export and
    its statement leave them."""
    run = runs.payment_run_start(actor=accountant(), month=month)
    runs.payment_run_execute(run.pk, today=today or month)
    for payment_list in PaymentList.objects.filter(month=month).exclude(state=ListState.PAID):
        payment_list.state = ListState.PAID
        payment_list.prepared_by = staff(username="przygotowala", role=Role.BENEFITS_CLERK)
        payment_list.approved_by = accountant()
        payment_list.save()
        payment_list.items.filter(state=ItemState.PLANNED).update(state=ItemState.PAID)
