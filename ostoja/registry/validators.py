"""Identifiers and codes of the registry, validated with python-stdnum where it has them."""

import datetime
import re

import phonenumbers
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


def normalize_phone(value: str) -> str:
    """A Polish number as written in Poland ("600 100 200", "22 123 45 67"), a foreign one in
    the international format ("+49 30 123456"); the input unchanged when it cannot be read (the
    validator then says why)."""
    try:
        number = phonenumbers.parse(value, "PL")
    except phonenumbers.NumberParseException:
        return value.strip()
    if not phonenumbers.is_valid_number(number):
        return value.strip()
    national = number.country_code == 48
    style = phonenumbers.PhoneNumberFormat
    return phonenumbers.format_number(number, style.NATIONAL if national else style.INTERNATIONAL)


def validate_phone(value: str) -> None:
    """A phone number valid for its country (Polish when no +prefix is given)."""
    if not value:
        return
    try:
        number = phonenumbers.parse(value, "PL")
    except phonenumbers.NumberParseException as error:
        raise ValidationError(
            _("This is not a phone number: write e.g. 600 100 200 or +48 22 123 45 67."),
            code="phone",
        ) from error
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("This phone number is wrong: check the digits (e.g. 600 100 200)."), code="phone"
        )


ID_CARD = re.compile(r"^[A-Z]{3}\d{6}$")
ID_CARD_WEIGHTS = (7, 3, 1, 9, 7, 3, 1, 7, 3)
PASSPORT = re.compile(r"^[A-Z]{2}\d{7}$")
OTHER_DOCUMENT = re.compile(r"^[A-Z0-9][A-Z0-9 /-]{1,29}$")


def normalize_document_number(value: str) -> str:
    return re.sub(r"\s", "", value or "").upper()


def _id_card_checksum_ok(number: str) -> bool:
    """Polish ID card (dowód osobisty): three letters (A=10 … Z=35) and six digits, the first
    digit being the check digit; the weighted sum with 7 3 1 9 7 3 1 7 3 is divisible by 10."""
    values = [ord(char) - 55 if char.isalpha() else int(char) for char in number]
    return sum(v * w for v, w in zip(values, ID_CARD_WEIGHTS, strict=True)) % 10 == 0


def validate_document_number(document_type: str, value: str) -> None:
    """The number of an identity document: an ID card by its check digit, a passport by its form
    (two letters, seven digits; its check digit is not verified), other documents by their
    characters."""
    number = normalize_document_number(value)
    if document_type == "dowod_osobisty":
        if not ID_CARD.match(number):
            raise ValidationError(
                _("An ID card number has three letters and six digits, e.g. ABA300000."),
                code="id_card_format",
            )
        if not _id_card_checksum_ok(number):
            raise ValidationError(
                _("This ID card number is wrong: the check digit does not match."),
                code="id_card_checksum",
            )
    elif document_type == "paszport":
        if not PASSPORT.match(number):
            raise ValidationError(
                _("A passport number has two letters and seven digits, e.g. EA1234567."),
                code="passport_format",
            )
    elif not OTHER_DOCUMENT.match(number):
        raise ValidationError(
            _("Write the document number with letters and digits only."), code="document_format"
        )


def normalize_postcode(value: str) -> str:
    """ "00950" and " 00-950 " become "00-950"; anything else is left for the validator."""
    compact = re.sub(r"[\s-]", "", value or "")
    if re.fullmatch(r"\d{5}", compact):
        return f"{compact[:2]}-{compact[2:]}"
    return (value or "").strip()
