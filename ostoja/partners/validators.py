"""Identifiers of institutions, checked with python-stdnum: NIP and REGON by their check digits;
the KRS number has no check digit, so only its form (10 digits) is checked."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.pl import nip, regon


def _digits(value: str) -> str:
    return "".join(ch for ch in value if ch not in " -")


def normalize_nip(value: str) -> str:
    return _digits(value.strip().upper().removeprefix("PL"))


def validate_nip(value: str) -> None:
    if not value:
        return
    try:
        nip.validate(normalize_nip(value))
    except StdnumError as error:
        raise ValidationError(
            _("NIP has 10 digits; check the last one, the check digit."), code="nip"
        ) from error


def validate_regon(value: str) -> None:
    if not value:
        return
    try:
        regon.validate(_digits(value))
    except StdnumError as error:
        raise ValidationError(
            _("REGON has 9 or 14 digits; check the last one, the check digit."), code="regon"
        ) from error


def validate_krs(value: str) -> None:
    if value and not (len(_digits(value)) == 10 and _digits(value).isdigit()):
        raise ValidationError(_("The KRS number has 10 digits."), code="krs")
