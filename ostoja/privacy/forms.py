"""Forms of the data protection officer's screens."""

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ostoja.accounts.models import User
from ostoja.core.audit import access_kind_choices
from ostoja.core.models import AccessLog
from ostoja.privacy import selectors
from ostoja.privacy.selectors import DEFAULT_SORT, SORTS, AccessLogQuery
from ostoja.registry.models import Person
from ostoja.registry.validators import normalize_pesel, validate_pesel

DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]


class StaffChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        name = obj.get_full_name()
        return f"{name} ({obj.username})" if name else obj.username


def _check_period(cleaned: dict[str, Any], form: forms.Form) -> None:
    date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
    if date_from and date_to and date_from > date_to:
        form.add_error("date_to", _("The end of the period is before its start."))


class AccessLogFilterForm(forms.Form):
    user = StaffChoiceField(
        label=_("member of staff"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("everybody"),
    )
    person = forms.CharField(
        label=_("person"),
        required=False,
        max_length=100,
        help_text=_("PESEL, or the beginning of the surname."),
    )
    date_from = forms.DateField(
        label=_("from"), required=False, widget=DATE_WIDGET, input_formats=DATE_INPUT_FORMATS
    )
    date_to = forms.DateField(
        label=_("to"), required=False, widget=DATE_WIDGET, input_formats=DATE_INPUT_FORMATS
    )
    what = forms.ChoiceField(label=_("screen"), required=False)
    outcome = forms.ChoiceField(
        label=_("outcome"),
        required=False,
        choices=[("", _("shown and refused")), *AccessLog.Outcome.choices],
    )
    sortuj = forms.ChoiceField(
        label=_("order"),
        required=False,
        choices=[(key, key) for key in SORTS],
        widget=forms.HiddenInput,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user_field = self.fields["user"]
        assert isinstance(user_field, StaffChoiceField)
        user_field.queryset = selectors.staff_for_filter()
        what_field = self.fields["what"]
        assert isinstance(what_field, forms.ChoiceField)
        what_field.choices = [("", _("any screen")), *access_kind_choices()]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        _check_period(cleaned, self)
        return cleaned

    def query(self) -> AccessLogQuery:
        """The query of a valid form; an invalid form filters nothing out (errors are shown)."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return AccessLogQuery(
            user=data.get("user"),
            person=data.get("person") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            what=data.get("what") or "",
            outcome=data.get("outcome") or "",
            sort=data.get("sortuj") or DEFAULT_SORT,
        )


def year_ago(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


class AccessReportForm(forms.Form):
    pesel = forms.CharField(
        label=_("PESEL"),
        max_length=13,
        validators=[validate_pesel],
        help_text=_("The PESEL of the person who asked for the information."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    date_from = forms.DateField(
        label=_("period from"), widget=DATE_WIDGET, input_formats=DATE_INPUT_FORMATS
    )
    date_to = forms.DateField(
        label=_("period to"), widget=DATE_WIDGET, input_formats=DATE_INPUT_FORMATS
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["date_from"].initial = year_ago(today)
        self.fields["date_to"].initial = today
        self.person: Person | None = None

    def clean_pesel(self) -> str:
        pesel = normalize_pesel(self.cleaned_data["pesel"])
        person = Person.objects.filter(pesel=pesel).first()
        if person is None:
            raise forms.ValidationError(
                _("There is no such person in the registry."), code="unknown_person"
            )
        self.person = selectors.live_person(person)
        return pesel

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        _check_period(cleaned, self)
        return cleaned
