"""The forms of a referral: sending it, the institution's answer, its feedback, the end."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ostoja.casework.models import ReferralKind
from ostoja.partners.models import Institution
from ostoja.registry.models import Person

DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
TEXT = forms.Textarea(attrs={"rows": 3})

REFERRAL_FIELDS = ("person", "kind", "institution", "purpose", "sent_on")


class ReferralForm(forms.Form):
    person = forms.ModelChoiceField(label=_("person"), queryset=Person.objects.none())
    kind = forms.ChoiceField(label=_("kind"), choices=ReferralKind.choices)
    institution = forms.ModelChoiceField(
        label=_("institution"),
        queryset=Institution.objects.none(),
        help_text=_("Active institutions of the directory, of the kind of help chosen."),
    )
    purpose = forms.CharField(
        label=_("purpose"), widget=TEXT, help_text=_("Why and for what help.")
    )
    sent_on = forms.DateField(label=_("sent on"), widget=DATE_WIDGET)

    def __init__(
        self,
        *args: Any,
        members: QuerySet[Person],
        institutions: QuerySet[Institution],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = members  # type: ignore[attr-defined]
        self.fields["institution"].queryset = institutions  # type: ignore[attr-defined]

    def referral_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in REFERRAL_FIELDS}


ANSWER_CHOICES = [("tak", _("accepted")), ("nie", _("refused"))]


class ReferralAnswerForm(forms.Form):
    accepted = forms.ChoiceField(label=_("the institution's answer"), choices=ANSWER_CHOICES)
    answered_on = forms.DateField(label=_("answer on"), widget=DATE_WIDGET)
    note = forms.CharField(label=_("note"), widget=TEXT, required=False)


class ReferralFeedbackForm(forms.Form):
    feedback = forms.CharField(label=_("feedback from the institution"), widget=TEXT)
    feedback_on = forms.DateField(label=_("feedback on"), widget=DATE_WIDGET)


class ReferralCompleteForm(forms.Form):
    completed_on = forms.DateField(label=_("completed on"), widget=DATE_WIDGET)
    feedback = forms.CharField(
        label=_("feedback from the institution"), widget=TEXT, required=False
    )
