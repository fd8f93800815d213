"""The payment pages' forms. Field names are the Polish words the addresses carry."""

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ostoja.benefits.catalogue import BENEFITS
from ostoja.payments.models import BenefitPayment, Channel, ItemState, PaymentSettings
from ostoja.payments.services.settings import BENEFIT_FIELDS, SETTINGS_FIELDS
from ostoja.registry.validators import normalize_nrb, validate_nrb

DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
MONTH_FORMAT = "%Y-%m"


class MonthField(forms.DateField):
    """A month typed as YYYY-MM (the browser's month picker), the first day of it."""

    widget = forms.DateInput(format=MONTH_FORMAT, attrs={"type": "month"})
    input_formats = [MONTH_FORMAT]
    default_error_messages = {"invalid": _("Write the month as YYYY-MM, e.g. 2026-12.")}

    def to_python(self, value: Any) -> datetime.date | None:
        day = super().to_python(value)
        return day.replace(day=1) if day else None


class RunStartForm(forms.Form):
    miesiac = MonthField(
        label=_("month"),
        help_text=_(
            "The month whose lists are made: every benefit owed up to that month and not yet "
            "on a list, arrears and top-ups included."
        ),
    )


class ItemFilterForm(forms.Form):
    szukaj = forms.CharField(label=_("payee or decision"), required=False, max_length=100)
    swiadczenie = forms.ChoiceField(
        label=_("benefit"),
        required=False,
        choices=[("", _("all"))]
        + [(code, spec.label) for code, spec in BENEFITS.items() if spec.cash],
    )
    stan = forms.ChoiceField(
        label=_("state"), required=False, choices=[("", _("all")), *ItemState.choices]
    )

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {"benefit": "", "state": "", "search": ""}
        return {
            "benefit": self.cleaned_data.get("swiadczenie") or "",
            "state": self.cleaned_data.get("stan") or "",
            "search": (self.cleaned_data.get("szukaj") or "").strip(),
        }


def _today() -> datetime.date:
    return timezone.localdate()


class DayForm(forms.Form):
    dzien = forms.DateField(label=_("day"), widget=DATE_WIDGET, initial=_today)


class CashPaymentForm(forms.Form):
    dzien = forms.DateField(label=_("paid on"), widget=DATE_WIDGET, initial=_today)
    numer_kw = forms.CharField(
        label=_("cash receipt (KW)"),
        max_length=40,
        help_text=_("The number of the cash receipt the payee signed, e.g. KW 123/2026."),
    )


class ReturnForm(forms.Form):
    dzien = forms.DateField(label=_("returned on"), widget=DATE_WIDGET, initial=_today)
    uwagi = forms.CharField(
        label=_("reason"),
        max_length=300,
        required=False,
        help_text=_("As the bank gives it, e.g. account closed."),
    )


class ReissueForm(forms.Form):
    sposob = forms.ChoiceField(
        label=_("pay again"),
        choices=[(Channel.BANK, _("by transfer")), (Channel.CASH, _("at the cash desk"))],
        widget=forms.RadioSelect,
        initial=Channel.BANK,
    )
    rachunek = forms.CharField(
        label=_("account number"),
        max_length=40,
        required=False,
        help_text=_("26 digits. A new number is saved in the person's file, with its history."),
    )

    def clean_rachunek(self) -> str:
        account = normalize_nrb(self.cleaned_data.get("rachunek") or "")
        if account:
            validate_nrb(account)
        return account

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("sposob") == Channel.BANK and not cleaned.get("rachunek"):
            self.add_error("rachunek", _("Give the account number to pay the transfer to."))
        return cleaned


class ReverseForm(forms.Form):
    uwagi = forms.CharField(
        label=_("why the mark is reversed"),
        max_length=300,
        help_text=_("E.g. the wrong line was marked as paid."),
    )


class StatementForm(forms.Form):
    plik = forms.FileField(
        label=_("statement of returned transfers"),
        help_text=_("The bank's CSV export or MT940 statement, up to 5 MB."),
    )

    MAX_BYTES = 5 * 1024 * 1024

    def clean_plik(self) -> Any:
        upload = self.cleaned_data["plik"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


class PaymentSettingsForm(forms.ModelForm[PaymentSettings]):
    centre_account = forms.CharField(
        label=_("the centre's account (NRB)"),
        max_length=40,
        required=False,
        help_text=_("26 digits; spaces and PL in front are allowed."),
    )

    class Meta:
        model = PaymentSettings
        fields = list(SETTINGS_FIELDS)

    def clean_centre_account(self) -> str:
        return normalize_nrb(self.cleaned_data.get("centre_account") or "")


class BenefitPaymentForm(forms.ModelForm[BenefitPayment]):
    class Meta:
        model = BenefitPayment
        fields = list(BENEFIT_FIELDS)
        widgets = {"title_template": forms.Textarea(attrs={"rows": 2})}
