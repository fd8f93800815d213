"""What the payment models share: the ways money leaves the centre, the funding sources of the
budget classification, and the month arithmetic of the schedule."""

import datetime

from dateutil.relativedelta import relativedelta
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ostoja.benefits.models import PaymentMethod

# Amounts paid are positive: a correction downwards is never a negative item but an
# overpayment to settle (`Overpayment`).
POSITIVE = MinValueValidator(0.01)


class Channel(models.TextChoices):
    """How a list is paid: one list per payment date and channel."""

    BANK = "przelew", _("bank transfer")
    CASH = "kasa", _("cash desk")
    POSTAL = "przekaz", _("postal order")


# The channel of each way a decision orders payment; paid "to an institution" goes by transfer
# to the account the decision names; benefits in kind are not paid in money.
CHANNEL_OF_METHOD: dict[str, Channel] = {
    PaymentMethod.BANK: Channel.BANK,
    PaymentMethod.INSTITUTION: Channel.BANK,
    PaymentMethod.CASH: Channel.CASH,
    PaymentMethod.POSTAL: Channel.POSTAL,
}


class Funding(models.TextChoices):
    """Who finances the expense (the budget's own division of the gmina's tasks)."""

    OWN = "wlasne", _("own task")
    OWN_SUBSIDISED = "wlasne_dotacja", _("own task financed by the state subsidy")
    COMMISSIONED = "zlecone", _("commissioned task")


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def month_end(day: datetime.date) -> datetime.date:
    result: datetime.date = month_start(day) + relativedelta(months=1, days=-1)
    return result


def months_between(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """The first days of every month from the month of `first` to the month of `last`."""
    months = []
    month = month_start(first)
    while month <= last:
        months.append(month)
        month = month + relativedelta(months=1)
    return months


def shift_month(month: datetime.date, months: int) -> datetime.date:
    """The first day of the month `months` after (or, negative, before) the month of `month`."""
    index = month.year * 12 + month.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)
