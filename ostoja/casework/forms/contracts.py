"""The forms of a social contract: the contract with its obligations (a formset: rows added
and removed without JavaScript), signing, a review, the end and a correction."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ostoja.casework.models import ContractEnd, ContractVariant, Party
from ostoja.registry.models import Person

DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
TEXT = forms.Textarea(attrs={"rows": 3})

CONTRACT_FIELDS = ("person", "variant", "valid_from", "valid_to", "problem", "goals", "resources")
OBLIGATIONS_PREFIX = "obligations"


class ContractForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    person = forms.ModelChoiceField(
        label=_("client"),
        queryset=Person.objects.none(),
        help_text=_("The person who concludes the contract (for a family: its representative)."),
    )
    variant = forms.ChoiceField(label=_("variant"), choices=ContractVariant.choices)
    valid_from = forms.DateField(label=_("in force from"), widget=DATE_WIDGET)
    valid_to = forms.DateField(label=_("in force until"), widget=DATE_WIDGET)
    problem = forms.CharField(
        label=_("the difficult situation"),
        widget=TEXT,
        help_text=_("What the contract is to solve, in plain words."),
    )
    goals = forms.CharField(label=_("goals"), widget=TEXT)
    resources = forms.CharField(
        label=_("the client's strengths and resources"), widget=TEXT, required=False
    )

    def __init__(self, *args: Any, members: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = members  # type: ignore[attr-defined]

    def contract_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in CONTRACT_FIELDS}


class AmountField(forms.DecimalField):
    """An amount in zł as people type it: "1 234,50", "1234.50"."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = "".join(value.split()).replace(",", ".")
        return super().to_python(value)


class ObligationForm(forms.Form):
    # A blank choice, so that a row left empty is skipped rather than refused.
    party = forms.ChoiceField(label=_("who"), choices=[("", "—"), *Party.choices])
    description = forms.CharField(label=_("what"), widget=forms.Textarea(attrs={"rows": 2}))
    due_on = forms.DateField(label=_("by"), required=False, widget=DATE_WIDGET)
    amount = AmountField(
        label=_("cost of help"),
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=2,
        # A text box: a number input refuses "1 234,50" as people write it.
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text=_("For the centre's obligations: the planned cost, in zł."),
    )


ObligationFormSet = forms.formset_factory(ObligationForm, extra=0, can_delete=True)
# Two empty rows on a new contract: one for each side.
NEW_ROWS = 2


def obligation_rows(formset: forms.BaseFormSet) -> list[dict[str, Any]]:  # type: ignore[type-arg]
    """The rows the user kept (not marked to remove and not left empty)."""
    rows = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", {})
        if not data or data.get("DELETE"):
            continue
        rows.append({k: data.get(k) for k in ("party", "description", "due_on", "amount")})
    return rows


class ContractSignForm(forms.Form):
    signed_on = forms.DateField(label=_("signed on"), widget=DATE_WIDGET)


class ContractReviewForm(forms.Form):
    reviewed_on = forms.DateField(label=_("date of the review"), widget=DATE_WIDGET)
    findings = forms.CharField(label=_("findings"), widget=TEXT)
    next_review_on = forms.DateField(label=_("next review"), required=False, widget=DATE_WIDGET)


class ContractEndForm(forms.Form):
    ended_on = forms.DateField(label=_("ended on"), widget=DATE_WIDGET)
    end_reason = forms.ChoiceField(label=_("how it ended"), choices=ContractEnd.choices)
    note = forms.CharField(
        label=_("note on the end"),
        widget=TEXT,
        required=False,
        help_text=_("For a breach: the social worker's assessment, whether it was justified."),
    )
    breach_evidence = forms.CharField(
        label=_("evidence of the breach"),
        widget=TEXT,
        required=False,
        help_text=_("Only for a broken contract: what shows it (a note, a letter)."),
    )


class ContractCorrectForm(forms.Form):
    reason = forms.CharField(label=_("reason for the correction"), widget=TEXT)
