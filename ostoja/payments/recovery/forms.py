"""The forms of the recovery pages: the day of the debtors' list, a repayment, cancelling one,
and settling an overpayment."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ostoja.benefits.models import Decision
from ostoja.core.fields import AmountField
from ostoja.payments.models import RepaymentWay

DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class DebtsFilterForm(forms.Form):
    na_dzien = forms.DateField(label=_("Owed on"), widget=DATE_WIDGET, required=False)
    stan = forms.ChoiceField(
        label=_("Debts"),
        required=False,
        choices=[
            ("", _("open")),
            ("zalegle", _("overdue")),
            ("wszystkie", _("all, settled too")),
        ],
    )


class RepaymentForm(forms.Form):
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE_WIDGET)
    amount = AmountField(label=_("Amount"), max_digits=10)
    way = forms.ChoiceField(label=_("How"), choices=RepaymentWay.choices)
    reference = forms.CharField(
        label=_("Document"),
        max_length=80,
        required=False,
        help_text=_("The cash receipt (KP) number or the bank statement's reference."),
    )


class CancelRepaymentForm(forms.Form):
    cancel_reason = forms.CharField(label=_("Reason for cancelling"), max_length=300)


class NotUndueForm(forms.Form):
    note = forms.CharField(
        label=_("Why it is not undue"),
        max_length=300,
        help_text=_("E.g. the family reported the change in time; the centre paid late."),
    )


class DecisionChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        day = f"{obj.issued_on:%d.%m.%Y}" if obj.issued_on else ""
        return f"{obj.number} {day}".strip()


class SettleForm(forms.Form):
    decision = DecisionChoiceField(
        label=_("Undue-benefit decision"), queryset=Decision.objects.none()
    )

    def __init__(self, *args: Any, decisions: QuerySet[Decision], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["decision"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = decisions
