"""The form of an event of the duty to cooperate (art. 11 u.p.s.)."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ostoja.casework.models import CooperationEventKind, Interview, SocialContract
from ostoja.casework.models.common import not_future
from ostoja.registry.models import Person

DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})

EVENT_FIELDS = (
    "kind",
    "person",
    "occurred_on",
    "evidence",
    "assessment",
    "contract",
    "interview",
)


class InterviewChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        day = obj.conducted_on or obj.planned_on or obj.need_known_on
        return f"{obj} ({day:%d.%m.%Y})" if day else str(obj)


class CooperationEventForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=CooperationEventKind.choices)
    person = forms.ModelChoiceField(
        label=_("person"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("the whole family"),
    )
    occurred_on = forms.DateField(label=_("date"), widget=DATE_WIDGET, validators=[not_future])
    evidence = forms.CharField(
        label=_("evidence"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What shows it: a letter of the labour office, a note, …"),
    )
    assessment = forms.CharField(
        label=_("the worker's assessment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Whether it was justified, in the light of the family's situation."),
    )
    contract = forms.ModelChoiceField(
        label=_("contract"), queryset=SocialContract.objects.none(), required=False
    )
    interview = InterviewChoiceField(
        label=_("interview"), queryset=Interview.objects.none(), required=False
    )

    def __init__(
        self,
        *args: Any,
        members: QuerySet[Person],
        contracts: QuerySet[SocialContract],
        interviews: QuerySet[Interview],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = members  # type: ignore[attr-defined]
        self.fields["contract"].queryset = contracts  # type: ignore[attr-defined]
        self.fields["interview"].queryset = interviews  # type: ignore[attr-defined]
        self.fields["occurred_on"].initial = timezone.localdate()

    def event_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in EVENT_FIELDS}
