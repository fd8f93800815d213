"""The form of a record of social work."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ostoja.casework.models import NoteKind
from ostoja.casework.models.common import not_future
from ostoja.registry.models import Person

DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
TEXT = forms.Textarea(attrs={"rows": 3})

NOTE_FIELDS = (
    "kind",
    "occurred_on",
    "persons",
    "with_whom",
    "what_was_done",
    "outcome",
    "next_step",
    "next_step_on",
    "confidential",
)


class NoteForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(label=_("kind"), choices=NoteKind.choices)
    occurred_on = forms.DateField(label=_("date"), widget=DATE_WIDGET, validators=[not_future])
    persons = forms.ModelMultipleChoiceField(
        label=_("family members present"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    with_whom = forms.CharField(
        label=_("with whom"),
        max_length=300,
        required=False,
        help_text=_("Others present: an institution, a neighbour, a relative outside the family."),
    )
    what_was_done = forms.CharField(label=_("what was done"), widget=TEXT)
    outcome = forms.CharField(label=_("outcome"), required=False, widget=TEXT)
    next_step = forms.CharField(label=_("next step"), required=False, widget=TEXT)
    next_step_on = forms.DateField(label=_("next step by"), required=False, widget=DATE_WIDGET)
    confidential = forms.BooleanField(
        label=_("confidential"),
        required=False,
        help_text=_("Seen only by the author and the director, e.g. a note about violence."),
    )

    def __init__(self, *args: Any, members: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["persons"].queryset = members  # type: ignore[attr-defined]
        self.fields["occurred_on"].initial = timezone.localdate()

    def note_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in NOTE_FIELDS}
