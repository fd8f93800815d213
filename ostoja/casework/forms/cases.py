"""Forms of the case file: opening, closing, reopening, the worker, reasons, permanent help."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ostoja.accounts.models import Area, User
from ostoja.accounts.roles import Role
from ostoja.casework.models import CaseState, CloseReason, HelpReason
from ostoja.casework.models.common import not_future
from ostoja.registry.models import Person

DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def active_social_workers() -> QuerySet[User]:
    return User.objects.filter(role=Role.SOCIAL_WORKER, is_active=True).order_by(
        "last_name", "first_name", "pk"
    )


class WorkerChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        areas = ", ".join(area.name for area in obj.areas.all())
        return f"{obj} ({areas})" if areas else str(obj)


def _worker_field(*, required: bool, help_text: Any = "") -> WorkerChoiceField:
    return WorkerChoiceField(
        label=_("social worker"),
        queryset=active_social_workers().prefetch_related("areas"),
        required=required,
        help_text=help_text,
    )


class CaseOpenForm(forms.Form):
    opened_on = forms.DateField(label=_("opened on"), widget=DATE_WIDGET, validators=[not_future])
    worker = _worker_field(
        required=False,
        help_text=_(
            "Leave empty for the social worker of the family's area (or yourself, "
            "when the area has several)."
        ),
    )
    reasons = forms.ModelMultipleChoiceField(
        label=_("reasons for help (the whole family)"),
        queryset=HelpReason.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        help_text=_("Reasons of one member are added on the case page."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["opened_on"].initial = timezone.localdate()
        self.fields["worker"].queryset = active_social_workers().prefetch_related("areas")  # type: ignore[attr-defined]
        self.fields["reasons"].queryset = HelpReason.objects.filter(active=True)  # type: ignore[attr-defined]


class CaseCloseForm(forms.Form):
    closed_on = forms.DateField(label=_("closed on"), widget=DATE_WIDGET, validators=[not_future])
    reason = forms.ChoiceField(label=_("reason for closing"), choices=CloseReason.choices)
    note = forms.CharField(
        label=_("note on closing"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["closed_on"].initial = timezone.localdate()


class CaseReopenForm(forms.Form):
    reopened_on = forms.DateField(
        label=_("reopened on"), widget=DATE_WIDGET, validators=[not_future]
    )
    worker = _worker_field(
        required=False,
        help_text=_("Leave empty for the worker who led the case before."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reopened_on"].initial = timezone.localdate()
        self.fields["worker"].queryset = active_social_workers().prefetch_related("areas")  # type: ignore[attr-defined]


class CaseAssignForm(forms.Form):
    worker = _worker_field(required=True)
    since = forms.DateField(label=_("since"), widget=DATE_WIDGET)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["since"].initial = timezone.localdate()
        self.fields["worker"].queryset = active_social_workers().prefetch_related("areas")  # type: ignore[attr-defined]


class CaseReasonForm(forms.Form):
    reason = forms.ModelChoiceField(label=_("reason"), queryset=HelpReason.objects.none())
    person = forms.ModelChoiceField(
        label=_("person"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("the whole family"),
    )
    valid_from = forms.DateField(label=_("since"), widget=DATE_WIDGET, validators=[not_future])
    note = forms.CharField(label=_("note"), max_length=300, required=False)

    def __init__(self, *args: Any, members: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].queryset = HelpReason.objects.filter(active=True)  # type: ignore[attr-defined]
        self.fields["person"].queryset = members  # type: ignore[attr-defined]
        self.fields["valid_from"].initial = timezone.localdate()


class CaseReasonEndForm(forms.Form):
    valid_to = forms.DateField(label=_("until"), widget=DATE_WIDGET, validators=[not_future])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["valid_to"].initial = timezone.localdate()


class PermanentHelpForm(forms.Form):
    since = forms.DateField(
        label=_("permanent help since"),
        widget=DATE_WIDGET,
        required=False,
        validators=[not_future],
        help_text=_("Leave empty when the family no longer receives help in a permanent form."),
    )


class CaseFilterForm(forms.Form):
    q = forms.CharField(
        label=_("surname or street"),
        required=False,
        max_length=100,
    )
    state = forms.ChoiceField(
        label=_("state"), required=False, choices=[("", _("any")), *CaseState.choices]
    )
    worker = forms.ModelChoiceField(
        label=_("social worker"), queryset=User.objects.none(), required=False
    )
    area = forms.ModelChoiceField(label=_("area"), queryset=Area.objects.none(), required=False)
    reason = forms.ModelChoiceField(
        label=_("reason for help"), queryset=HelpReason.objects.none(), required=False
    )

    def __init__(self, *args: Any, areas: QuerySet[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = active_social_workers()  # type: ignore[attr-defined]
        self.fields["area"].queryset = areas  # type: ignore[attr-defined]
        self.fields["reason"].queryset = HelpReason.objects.all()  # type: ignore[attr-defined]
