"""Forms of the administration. They parse and validate input; the services save it and check
again (`ostoja/accounts/services.py`)."""

from typing import Any

from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext_lazy as _

from ostoja.accounts.models import Area, User
from ostoja.accounts.roles import Role
from ostoja.administration import selectors

ACTIVE_CHOICES = [("", _("all")), ("tak", _("active")), ("nie", _("deactivated"))]


class UserFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or login"), required=False, max_length=100)
    role = forms.ChoiceField(
        label=_("Role"), required=False, choices=[("", _("all roles")), *Role.choices]
    )
    active = forms.ChoiceField(label=_("Account"), required=False, choices=ACTIVE_CHOICES)

    def query(self) -> dict[str, Any]:
        """The filters for `selectors.users_filter`; an invalid value filters nothing."""
        if not self.is_bound or not self.is_valid():
            return {}
        active = {"tak": True, "nie": False}.get(self.cleaned_data["active"])
        return {
            "search": self.cleaned_data["q"],
            "role": self.cleaned_data["role"],
            "active": active,
        }


class UserForm(forms.Form):
    """An account: the role first, since it decides whether the account has areas."""

    role = forms.ChoiceField(
        label=_("Role"),
        choices=[("", _("— choose a role —")), *Role.choices],
        help_text=_("The role decides what the account may do."),
        error_messages={"required": _("Choose the role of this member of staff.")},
    )
    first_name = forms.CharField(
        label=_("First name"),
        max_length=150,
        error_messages={"required": _("Enter the first name.")},
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        error_messages={"required": _("Enter the last name.")},
    )
    username = forms.CharField(
        label=_("Login"),
        max_length=150,
        help_text=_("Used to log in: letters, digits and . @ + - _ only, e.g. anowak."),
        error_messages={"required": _("Enter the login.")},
        validators=[
            UnicodeUsernameValidator(
                message=_("Use only letters, digits and . @ + - _ in the login, without spaces.")
            )
        ],
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        error_messages={"invalid": _("Enter an e-mail address such as anna.nowak@gops.pl.")},
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("Areas"),
        queryset=Area.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only a social worker is assigned to areas."),
    )
    is_active = forms.BooleanField(
        label=_("Active account (may log in)"), required=False, initial=True
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["areas"].queryset = Area.objects.order_by("name")  # type: ignore[attr-defined]

    @classmethod
    def for_user(cls, user: User, data: Any = None) -> "UserForm":
        initial = {
            "role": user.role,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "username": user.username,
            "email": user.email,
            "areas": list(user.areas.all()),
            "is_active": user.is_active,
        }
        return cls(data, initial=initial)

    @property
    def chosen_role(self) -> str:
        """The role as typed (bound) or as it was (unbound), to show or hide the areas."""
        if self.is_bound:
            return str(self.data.get("role", ""))
        return str(self.initial.get("role", ""))

    @property
    def shows_areas(self) -> bool:
        return self.chosen_role == Role.SOCIAL_WORKER

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("role") and cleaned["role"] != Role.SOCIAL_WORKER:
            cleaned["areas"] = []  # hidden for other roles: nothing to assign
        return cleaned

    def account_data(self) -> dict[str, Any]:
        fields = ("role", "first_name", "last_name", "username", "email", "is_active")
        return {name: self.cleaned_data[name] for name in fields}


class AreaForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the area"),
        max_length=100,
        help_text=_("E.g. Rejon Północ, or the villages it covers."),
        error_messages={"required": _("Enter the name of the area.")},
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Streets or villages of the area, in plain words."),
    )

    @classmethod
    def for_area(cls, area: Area, data: Any = None) -> "AreaForm":
        return cls(data, initial={"name": area.name, "description": area.description})


class WorkerChoiceField(forms.ModelMultipleChoiceField[User]):
    """A social worker with the areas they already have, to spread the work evenly."""

    def label_from_instance(self, obj: Any) -> str:
        areas = ", ".join(area.name for area in obj.areas.all())
        return f"{obj} ({areas})" if areas else str(obj)


class AreaWorkersForm(forms.Form):
    workers = WorkerChoiceField(
        label=_("Assigned social workers"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only active social workers are listed."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["workers"].queryset = selectors.assignable_workers()  # type: ignore[attr-defined]
