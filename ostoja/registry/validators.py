"""Identifiers and codes of the registry, validated with python-stdnum where it has them."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum import iban
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.pl import pesel as stdnum_pesel

POSTCODE = re.compile(r"^\d{2}-\d{3}$")


def normalize_pesel(value: str) -> str:
    return re.sub(r"\s", "", value or "")


def validate_pesel(value: str) -> None:
    """A PESEL: 11 digits, a correct check digit, a real birth date not in the future."""
    pesel = normalize_pesel(value)
    if not re.fullmatch(r"\d{11}", pesel):
        raise ValidationError(_("A PESEL has 11 digits."), code="pesel_length")
    try:
        stdnum_pesel.validate(pesel)
    except StdnumError as error:
        if "checksum" in str(error).lower():
            raise ValidationError(
                _("This PESEL is wrong: check the digits, the check digit does not match."),
                code="pesel_checksum",
            ) from error
        raise ValidationError(
            _("This PESEL does not encode a real birth date."), code="pesel_date"
        ) from error
    if pesel_birth_date(pesel) > timezone.localdate():
        raise ValidationError(
            _("This PESEL gives a birth date in the future."), code="pesel_future"
        )


def pesel_birth_date(pesel: str) -> datetime.date:
    return stdnum_pesel.get_birth_date(pesel)


def pesel_sex(pesel: str) -> str:
    """ "K" (kobieta) or "M" (mężczyzna), from the tenth digit."""
    return "M" if stdnum_pesel.get_gender(pesel) == "M" else "K"


def normalize_nrb(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "").upper().removeprefix("PL")


def validate_nrb(value: str) -> None:
    """A Polish bank account number (NRB): 26 digits with valid IBAN check digits."""
    nrb = normalize_nrb(value)
    if not re.fullmatch(r"\d{26}", nrb):
        raise ValidationError(_("An account number has 26 digits."), code="nrb_length")
    if not iban.is_valid("PL" + nrb):
        raise ValidationError(
            _("This account number is wrong: check the digits."), code="nrb_checksum"
        )


def validate_postcode(value: str) -> None:
    if not POSTCODE.match(value or ""):
        raise ValidationError(_("Write the postcode as NN-NNN, e.g. 00-950."), code="postcode")


def validate_not_future(value: datetime.date) -> None:
    if value and value > timezone.localdate():
        raise ValidationError(_("This date is in the future."), code="future")
