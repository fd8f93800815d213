"""The re-indexation's forms: the day a run starts for, and the outcome its awards are
filtered by."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from ostoja.benefits.models import ReindexOutcome
from ostoja.benefits.services import reindex as services

DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class ReindexationStartForm(forms.Form):
    effective_on = forms.DateField(
        label=_("day the new amounts apply from"),
        widget=DATE_WIDGET,
        help_text=_(
            "A day on which the parameters of the law change, e.g. 1 January when the income "
            "criteria or the amount of świadczenie pielęgnacyjne change. Every monthly benefit "
            "in force on that day is assessed again."
        ),
    )

    def clean_effective_on(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["effective_on"]
        if not services.is_change_day(day):
            raise forms.ValidationError(
                _(
                    "No parameter of social assistance or family benefits changes on %(day)s: "
                    "choose one of the days listed."
                )
                % {"day": f"{day:%d.%m.%Y}"}
            )
        return day


class ItemFilterForm(forms.Form):
    wynik = forms.ChoiceField(
        label=_("outcome"),
        required=False,
        choices=[("", _("all")), *ReindexOutcome.choices],
    )

    def outcome(self) -> str:
        """The outcome asked for, or "" (all, also for a value not in the list)."""
        if not self.is_valid():
            return ""
        return str(self.cleaned_data.get("wynik") or "")
