"""Form fields that take values as staff type them and keep them in one canonical form.

- `AmountField`: "2 500,50", "2500,50 zł", "2 500.50", "2.500,50", "2500" → Decimal("2500.50").
- `PostcodeField`: "00950", " 00-950 " → "00-950".
- `AccountNumberField`: an NRB with spaces, dashes or a "PL" in front → 26 digits, checked by
  their IBAN check digits; shown in groups of four.
- `PhoneField`: a number read by `phonenumbers` with Poland as the default region →
  "600 100 200", "22 123 45 67", or "+49 30 1234567" for a foreign one.

Every refusal is a `ValidationError` on the field with a message that says how to write it.
"""

import re
from decimal import Decimal, InvalidOperation
from typing import Any

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _
from stdnum import iban

# Spaces people and spreadsheets put between thousands: ordinary, non-breaking, narrow
# non-breaking, thin.
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]")
_CURRENCY = re.compile(r"(zł|zl|pln)\.?$", re.IGNORECASE)
# Dots grouping thousands in the Polish way: "2.500,50", "1.250.000,00".
_DOT_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+,\d*$")


class _NoLengthLimit:
    """A CharField whose `max_length` is checked after normalising, not on what was typed
    (spaces and dashes would otherwise count), and not by the browser either."""

    def _drop_length_limit(self) -> None:
        field: Any = self
        field.max_length = None
        field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
        field.widget.attrs.pop("maxlength", None)


class AmountField(forms.DecimalField):
    """An amount in złote with at most two decimals (grosze), not negative.

    Accepted: spaces of any kind between thousands, a comma or a dot as the decimal separator,
    "zł"/"PLN" after the number, and dots between thousands when a comma is the decimal
    separator ("2.500,50", as Polish documents print it).

    Refused: "2,500.50". With a dot after a comma the comma can only be a thousands separator in
    the English way, while in Polish a comma is always the decimal separator; rather than guess
    and record a hundred or a thousand times the amount, the field asks to write it again.
    A lone dot ("2.500") is a decimal point: on a numeric keypad the dot is the decimal key.
    """

    widget = forms.TextInput

    default_error_messages = {
        "invalid": _("Write the amount in digits, e.g. 2 500,50."),
        "english": _("Write the amount with a comma before the grosze, e.g. 2 500,50."),
        "negative": _("The amount cannot be negative."),
        "max_decimal_places": _("Give at most two digits after the comma (grosze)."),
        "max_digits": _("This amount is too large."),
        "max_whole_digits": _("This amount is too large."),
    }

    def __init__(self, *, max_digits: int = 12, **kwargs: Any) -> None:
        kwargs.setdefault("decimal_places", 2)
        kwargs.pop("min_value", None)  # never negative: checked here with its own message
        kwargs.pop("localize", None)
        super().__init__(max_digits=max_digits, **kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {}  # no "step"/"min": the input is text, so that "2 500,50" can be typed

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        if isinstance(value, int | float):
            return Decimal(str(value))
        text = _SPACES.sub("", str(value))
        text = _CURRENCY.sub("", text)
        if "," in text and "." in text:
            if _DOT_THOUSANDS.match(text):
                text = text.replace(".", "")
            else:
                raise ValidationError(self.error_messages["english"], code="english")
        text = text.replace(",", ".")
        if not re.fullmatch(r"[-+]?(\d+(\.\d*)?|\.\d+)", text):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            amount = Decimal(text)
        except InvalidOperation as error:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from error
        if amount < 0:
            raise ValidationError(self.error_messages["negative"], code="negative")
        return amount

    def prepare_value(self, value: Any) -> Any:
        """A Decimal shown as the office writes it: "2500,50"."""
        if isinstance(value, Decimal):
            return f"{value:.2f}".replace(".", ",")
        return value


POSTCODE = re.compile(r"^\d{2}-\d{3}$")


def normalize_postcode(value: str) -> str:
    """ "00950", "00 950" and " 00-950 " become "00-950"; anything else only loses its spaces,
    for the validator to refuse ("0-0950" is a slip, not a postcode)."""
    compact = _SPACES.sub("", value or "")
    if re.fullmatch(r"\d{5}", compact):
        return f"{compact[:2]}-{compact[2:]}"
    return compact


class PostcodeField(_NoLengthLimit, forms.CharField):
    default_error_messages = {"postcode": _("Write the postcode as NN-NNN, e.g. 00-950.")}

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._drop_length_limit()
        self.widget.attrs.setdefault("placeholder", "00-000")
        self.widget.attrs.setdefault("inputmode", "numeric")

    def to_python(self, value: Any) -> str:
        return normalize_postcode(super().to_python(value) or "")

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value and not POSTCODE.match(value):
            raise ValidationError(self.error_messages["postcode"], code="postcode")


def normalize_account_number(value: str) -> str:
    """Spaces, dashes and a leading "PL" removed: "PL 61 1090-1014 …" → "611090…"."""
    return re.sub(r"[\s\u00a0-]", "", value or "").upper().removeprefix("PL")


def group_account_number(nrb: str) -> str:
    """ "61109010140000071219812874" → "61 1090 1014 0000 0712 1981 2874"."""
    if not re.fullmatch(r"\d{26}", nrb or ""):
        return nrb
    return " ".join([nrb[:2], *(nrb[i : i + 4] for i in range(2, 26, 4))])


class AccountNumberField(_NoLengthLimit, forms.CharField):
    """A Polish bank account number (NRB): 26 digits with valid IBAN check digits."""

    default_error_messages = {
        "nrb_length": _("An account number has 26 digits."),
        "nrb_checksum": _("This account number is wrong: check the digits."),
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._drop_length_limit()
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def to_python(self, value: Any) -> str:
        return normalize_account_number(super().to_python(value) or "")

    def validate(self, value: Any) -> None:
        super().validate(value)
        if not value:
            return
        if not re.fullmatch(r"\d{26}", value):
            raise ValidationError(self.error_messages["nrb_length"], code="nrb_length")
        if not iban.is_valid("PL" + value):
            raise ValidationError(self.error_messages["nrb_checksum"], code="nrb_checksum")

    def prepare_value(self, value: Any) -> Any:
        return group_account_number(value) if isinstance(value, str) else value


def normalize_phone(value: str, region: str = "PL") -> str | None:
    """A number as written in its country: a Polish one nationally ("600 100 200",
    "22 123 45 67"), a foreign one internationally ("+49 30 1234567"); None when it is not a
    valid number."""
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    style = phonenumbers.PhoneNumberFormat
    home = number.country_code == phonenumbers.country_code_for_region(region)
    return phonenumbers.format_number(number, style.NATIONAL if home else style.INTERNATIONAL)


class PhoneField(_NoLengthLimit, forms.CharField):
    """A phone number, Polish unless it starts with + and another country's code."""

    default_error_messages = {
        "phone": _("This phone number is wrong: check the digits (e.g. 600 100 200)."),
    }

    def __init__(self, *, region: str = "PL", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.region = region
        self._drop_length_limit()
        self.widget.attrs.update({"inputmode": "tel", "autocomplete": "tel"})

    def to_python(self, value: Any) -> str:
        text = super().to_python(value) or ""
        if not text:
            return text
        normalized = normalize_phone(text, self.region)
        if normalized is None:
            raise ValidationError(self.error_messages["phone"], code="phone")
        return normalized
