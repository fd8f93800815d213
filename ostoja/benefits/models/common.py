import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ostoja.benefits.catalogue import BENEFITS

NOT_NEGATIVE = MinValueValidator(0, message=_("The amount cannot be negative."))
POSITIVE_AMOUNT = MinValueValidator(
    Decimal("0.01"), message=_("The amount must be greater than zero.")
)


def not_future(value: datetime.date) -> None:
    """A date of something that has happened: not after today."""
    if value and value > timezone.localdate():
        raise ValidationError(_("This date cannot be in the future."), code="future")


def known_benefit(value: str) -> None:
    if value not in BENEFITS:
        raise ValidationError(_("Choose a benefit from the list."), code="benefit")
