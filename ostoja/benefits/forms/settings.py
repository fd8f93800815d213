"""The forms of the benefits' settings (`benefits.admin`): a register of decisions, an
authorisation and its revocation, and the upload of a decision template. The services check
everything again and say what is wrong; these forms parse the input and catch the mistakes a
user makes before the service is asked."""

import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from ostoja.accounts.models import User
from ostoja.accounts.roles import CAPABILITIES, Capability, Role
from ostoja.benefits.catalogue import Act
from ostoja.benefits.models import Authorisation, DecisionKind, DecisionRegister

DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
DEFAULT_PATTERN = "{symbol}.{number}.{year}"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _label(model: type[Any], field: str) -> Any:
    return model._meta.get_field(field).verbose_name


def _help(model: type[Any], field: str) -> Any:
    return model._meta.get_field(field).help_text


# ---------------------------------------------------------------------------------------------
# The example number of a register
# ---------------------------------------------------------------------------------------------


def example_number(*, symbol: str, pattern: str, year: int) -> tuple[str, str]:
    """The first number a register would give in `year` (number 1), and "" — or "" and what
    keeps the pattern from giving a number, for the form to show as the user types."""
    pattern = pattern.strip()
    if "{number}" not in pattern:
        return "", str(_("The pattern must contain {number}."))
    if "{year}" not in pattern:
        return "", str(_("The pattern must contain {year}: the numbers start again every year."))
    register = DecisionRegister(symbol=symbol.strip(), pattern=pattern)
    try:
        return register.format_number(number=1, year=year), ""
    except (KeyError, IndexError, ValueError):
        return "", str(_("Use only {symbol}, {number} and {year} in the pattern."))


# ---------------------------------------------------------------------------------------------
# Registers
# ---------------------------------------------------------------------------------------------


def act_choices(*, both: StrOrPromise) -> list[tuple[str, Any]]:
    return [("", both), *Act.choices]


class RegisterForm(forms.Form):
    """A register of decisions; editing carries the version it was opened with."""

    name = forms.CharField(
        label=_label(DecisionRegister, "name"),
        max_length=120,
        help_text=_("E.g. “Rejestr decyzji z pomocy społecznej”."),
    )
    symbol = forms.CharField(
        label=_label(DecisionRegister, "symbol"),
        max_length=40,
        help_text=_help(DecisionRegister, "symbol"),
    )
    act = forms.ChoiceField(
        label=_("act"),
        choices=act_choices(both=_("both acts")),
        required=False,
        help_text=_(
            "The register numbers the decisions under this act. One register in use per act; "
            "one for both acts numbers the decisions of an act that has none of its own."
        ),
    )
    pattern = forms.CharField(
        label=_label(DecisionRegister, "pattern"),
        max_length=60,
        initial=DEFAULT_PATTERN,
        help_text=_help(DecisionRegister, "pattern"),
    )
    active = forms.BooleanField(label=_label(DecisionRegister, "active"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.editing = editing
        if not editing:
            del self.fields["version"]
            self.fields["active"].initial = True
        else:
            self.fields["version"].required = True

    @classmethod
    def for_register(cls, register: DecisionRegister, data: Any = None) -> "RegisterForm":
        initial = {
            "name": register.name,
            "symbol": register.symbol,
            "act": register.act,
            "pattern": register.pattern,
            "active": register.active,
            "version": register.version,
        }
        return cls(data, initial=initial, editing=True)

    def clean_pattern(self) -> str:
        """The pattern's problem as the user leaves the field (the service checks it again,
        with the length of the longest number it would give)."""
        pattern = str(self.cleaned_data["pattern"])
        _example, problem = example_number(symbol="", pattern=pattern, year=2000)
        if problem:
            raise forms.ValidationError(problem, code="pattern")
        return pattern

    def register_data(self) -> dict[str, Any]:
        """The service's keyword arguments (without the version)."""
        return {
            name: self.cleaned_data[name] for name in ("name", "symbol", "act", "pattern", "active")
        }

    def example(self, year: int) -> tuple[str, str]:
        """The example number of what the form holds (typed, or as it was opened)."""
        if self.is_bound:
            symbol = str(self.data.get(self.add_prefix("symbol"), ""))
            pattern = str(self.data.get(self.add_prefix("pattern"), ""))
        else:
            symbol = str(self.initial.get("symbol", ""))
            pattern = str(self.initial.get("pattern", self.fields["pattern"].initial))
        return example_number(symbol=symbol, pattern=pattern, year=year)


# ---------------------------------------------------------------------------------------------
# Authorisations
# ---------------------------------------------------------------------------------------------


def signing_roles() -> list[Role]:
    return [role for role in Role if Capability.BENEFITS_SIGN in CAPABILITIES[role]]


def signers() -> QuerySet[User]:
    """Who may be authorised: active staff whose role signs decisions."""
    return User.objects.filter(is_active=True, role__in=signing_roles()).order_by(
        "last_name", "first_name", "pk"
    )


class SignerChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        name = obj.get_full_name() or obj.username
        return f"{name} ({obj.get_role_display()})"


class AuthorisationForm(forms.Form):
    """An authorisation as the letter granting it says."""

    user = SignerChoiceField(
        label=_label(Authorisation, "user"),
        queryset=User.objects.none(),
        help_text=_("Only staff whose role signs decisions: director, social worker, clerk."),
    )
    number = forms.CharField(
        label=_("number of the authorisation"),
        max_length=60,
        help_text=_("As on the letter, e.g. OR.0052.1.2026."),
    )
    granted_by = forms.CharField(
        label=_label(Authorisation, "granted_by"),
        max_length=200,
        help_text=_help(Authorisation, "granted_by"),
    )
    granted_on = forms.DateField(label=_label(Authorisation, "granted_on"), widget=DATE_WIDGET)
    valid_from = forms.DateField(label=_label(Authorisation, "valid_from"), widget=DATE_WIDGET)
    valid_to = forms.DateField(
        label=_label(Authorisation, "valid_to"),
        widget=DATE_WIDGET,
        required=False,
        help_text=_("Leave empty when the letter gives no end (until revoked)."),
    )
    social_assistance = forms.BooleanField(
        label=_("decisions under the Social Assistance Act"), required=False, initial=True
    )
    family_benefits = forms.BooleanField(
        label=_("decisions under the Family Benefits Act"), required=False
    )
    position = forms.CharField(
        label=_label(Authorisation, "position"),
        max_length=120,
        help_text=_("As it is printed under the signature, e.g. “Kierownik GOPS w Dębowie”."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        assert isinstance(field, SignerChoiceField)
        field.queryset = signers()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not (cleaned.get("social_assistance") or cleaned.get("family_benefits")):
            self.add_error(
                "social_assistance",
                _("Tick at least one act the authorisation covers."),
            )
        return cleaned

    def authorisation_data(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class RevokeForm(forms.Form):
    revoked_on = forms.DateField(
        label=_("revoked from"),
        widget=DATE_WIDGET,
        help_text=_(
            "The first day the authorisation no longer holds; decisions cannot be signed "
            "under it from this day on."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"revoked_on": timezone.localdate()})
        super().__init__(*args, **kwargs)

    def revocation_day(self) -> datetime.date:
        value = self.cleaned_data["revoked_on"]
        assert isinstance(value, datetime.date)
        return value


# ---------------------------------------------------------------------------------------------
# Decision templates
# ---------------------------------------------------------------------------------------------


class TemplateUploadForm(forms.Form):
    """The centre's DOCX for one kind of decision under one act. The field names are the
    service's, so that its errors land on them."""

    kind = forms.ChoiceField(label=_("kind of decision"), choices=DecisionKind.choices)
    act = forms.ChoiceField(label=_("act"), choices=Act.choices)
    name = forms.CharField(
        label=_("name of the template"),
        max_length=200,
        help_text=_("For the list of templates, e.g. “Przyznanie – wzór 2026”."),
    )
    upload = forms.FileField(
        label=_("file (DOCX)"),
        help_text=_(
            "A Word document with the fields listed below in double braces, e.g. "
            "{{ party_name }}. Start from the default template."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": f".docx,{DOCX_TYPE}"}),
    )
