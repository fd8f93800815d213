"""The forms of the lists: the director's choice of decisions to sign and the filter of the
register of decisions."""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ostoja.accounts.models import User
from ostoja.accounts.roles import CAPABILITIES, Capability, Role
from ostoja.benefits.catalogue import Act, Benefit, benefits_of
from ostoja.benefits.forms.decisions.common import DATE_WIDGET, StaffChoiceField
from ostoja.benefits.models import Decision, DecisionKind, DecisionState


class SignManyForm(forms.Form):
    decyzje = forms.TypedMultipleChoiceField(
        label=_("decisions to sign"), coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, decisions: Sequence[Decision], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        chosen = self.fields["decyzje"]
        assert isinstance(chosen, forms.TypedMultipleChoiceField)
        chosen.choices = [(d.pk, str(d.pk)) for d in decisions]
        chosen.error_messages["required"] = _("Tick the decisions to sign.")


DRAFTS = "projekty"
ALL_STATES = "wszystkie"


def decision_staff() -> QuerySet[User]:
    """Who drafts or signs decisions."""
    roles = [
        role
        for role in Role
        if {Capability.BENEFITS_EDIT, Capability.BENEFITS_SIGN} & CAPABILITIES[role]
    ]
    return User.objects.filter(role__in=roles).order_by("last_name", "first_name", "pk")


def _benefit_filter_choices() -> list[tuple[Any, Any]]:
    groups = [
        (act.label, [(b.code.value, b.label) for b in benefits_of(act) if b.needs_decision])
        for act in Act
    ]
    return [("", _("any benefit")), *groups]


class RegisterFilterForm(forms.Form):
    rodzaj = forms.ChoiceField(
        label=_("kind"), required=False, choices=[("", _("any kind")), *DecisionKind.choices]
    )
    swiadczenie = forms.ChoiceField(label=_("benefit"), required=False)
    stan = forms.ChoiceField(
        label=_("state"),
        required=False,
        choices=[
            ("", _("issued (signed)")),
            *[
                (s.value, s.label)
                for s in DecisionState
                if s not in (DecisionState.DRAFT, DecisionState.FOR_APPROVAL)
            ],
            (DRAFTS, _("drafts (not signed)")),
            (ALL_STATES, _("any state")),
        ],
    )
    sporzadzil = StaffChoiceField(
        label=_("drafted by"), required=False, queryset=User.objects.none(), empty_label=_("anyone")
    )
    podpisal = StaffChoiceField(
        label=_("signed by"), required=False, queryset=User.objects.none(), empty_label=_("anyone")
    )
    od = forms.DateField(label=_("issued from"), required=False, widget=DATE_WIDGET)
    do = forms.DateField(label=_("issued until"), required=False, widget=DATE_WIDGET)
    numer = forms.CharField(label=_("number"), required=False, max_length=80)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        benefit = self.fields["swiadczenie"]
        assert isinstance(benefit, forms.ChoiceField)
        benefit.choices = _benefit_filter_choices()
        staff = decision_staff()
        for name in ("sporzadzil", "podpisal"):
            chooser = self.fields[name]
            assert isinstance(chooser, forms.ModelChoiceField)
            chooser.queryset = staff

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("od"), data.get("do")
        if start and end and end < start:
            self.add_error("do", _("The end cannot be before the start."))
        return data

    def filters(self) -> dict[str, Any]:
        """The selector's filters; none when nothing valid was asked."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        state = data.get("stan", "")
        states: list[str]
        if state == DRAFTS:
            states = [DecisionState.DRAFT, DecisionState.FOR_APPROVAL]
        elif state == ALL_STATES:
            states = list(DecisionState.values)
        elif state:
            states = [state]
        else:
            states = []
        return {
            "kind": data.get("rodzaj", ""),
            "benefit": data.get("swiadczenie", ""),
            "states": states,
            "drafted_by": data.get("sporzadzil"),
            "signed_by": data.get("podpisal"),
            "issued_from": data.get("od"),
            "issued_to": data.get("do"),
            "number": data.get("numer", ""),
        }

    @property
    def filtered(self) -> bool:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return any(data.get(name) for name in self.fields)


def benefit_label(code: str) -> str:
    try:
        return str(Benefit(code).label)
    except ValueError:
        return code
