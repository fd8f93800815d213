import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def not_future(value: datetime.date) -> None:
    """A date of something that has happened: not after today."""
    if value and value > timezone.localdate():
        raise ValidationError(_("This date cannot be in the future."), code="future")
