"""The form of a plan row on the budget page. Field names are the Polish words the page's
addresses carry."""

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ostoja.core.fields import AmountField
from ostoja.payments.models import BudgetPlan
from ostoja.payments.models.budget import FIRST_YEAR, LAST_YEAR
from ostoja.payments.models.common import Funding
from ostoja.payments.models.configuration import CHAPTER, PARAGRAPH, SECTION

# The services' arguments under the form's fields.
FORM_FIELDS = {
    "year": "rok",
    "section": "dzial",
    "chapter": "rozdzial",
    "paragraph": "paragraf",
    "funding": "finansowanie",
    "amount": "kwota",
    "note": "uwagi",
}


class BudgetPlanForm(forms.Form):
    """A plan row; when it changes a row already entered (`plan`), its classification and
    source are shown but not changed: a different classification is a different row."""

    rok = forms.IntegerField(label=gettext_lazy("year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    dzial = forms.CharField(
        label=gettext_lazy("section (dział)"),
        max_length=3,
        validators=[SECTION],
        help_text=gettext_lazy("3 digits, e.g. 852 (social assistance) or 855 (family)."),
    )
    rozdzial = forms.CharField(
        label=gettext_lazy("chapter (rozdział)"),
        max_length=5,
        validators=[CHAPTER],
        help_text=gettext_lazy("5 digits beginning with the section, e.g. 85216."),
    )
    paragraf = forms.CharField(
        label=gettext_lazy("paragraph"),
        max_length=4,
        validators=[PARAGRAPH],
        help_text=gettext_lazy("4 digits, e.g. 3110 (social benefits)."),
    )
    finansowanie = forms.ChoiceField(
        label=gettext_lazy("funding"),
        required=False,
        choices=[("", gettext_lazy("every source together")), *Funding.choices],
        help_text=gettext_lazy(
            "Choose a source only if the plan of this classification is split by source."
        ),
    )
    kwota = AmountField(
        label=gettext_lazy("planned amount"),
        max_digits=14,
        help_text=gettext_lazy("In zł, e.g. 10 000,00; 0 when the task is no longer planned."),
    )
    uwagi = forms.CharField(
        label=gettext_lazy("note"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("E.g. the council's resolution that set or changed the plan."),
    )
    wersja = forms.IntegerField(required=False, widget=forms.HiddenInput)

    KEY_FIELDS = ("rok", "dzial", "rozdzial", "paragraf", "finansowanie")

    def __init__(self, *args: Any, plan: BudgetPlan | None = None, **kwargs: Any) -> None:
        if plan is not None:
            kwargs["initial"] = {
                "rok": plan.year,
                "dzial": plan.section,
                "rozdzial": plan.chapter,
                "paragraf": plan.paragraph,
                "finansowanie": plan.funding,
                "kwota": plan.amount,
                "uwagi": plan.note,
                "wersja": plan.version,
            }
        super().__init__(*args, **kwargs)
        self.plan = plan
        if plan is not None:
            for name in self.KEY_FIELDS:
                self.fields[name].disabled = True

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        section, chapter = cleaned.get("dzial"), cleaned.get("rozdzial")
        if section and chapter and not chapter.startswith(section):
            self.add_error(
                "rozdzial",
                _(
                    "The chapter %(chapter)s is not in section %(section)s: a chapter begins "
                    "with the digits of its section."
                )
                % {"chapter": chapter, "section": section},
            )
        return cleaned

    def plan_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "year": data["rok"],
            "section": data["dzial"],
            "chapter": data["rozdzial"],
            "paragraph": data["paragraf"],
            "funding": data["finansowanie"] or "",
            "amount": data["kwota"],
            "note": data["uwagi"] or "",
            "expected_version": data["wersja"] if self.plan is not None else None,
        }
