from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Wrong user name or password. Both are case-sensitive."),
        "inactive": _("This account is disabled. Ask the administrator."),
    }


class CodeForm(forms.Form):
    """The second step of the login: six digits from the app, or one recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        error_messages={"required": _("Enter the code from the authenticator app.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split()).replace("-", "").lower()
        if not code.isalnum():
            raise forms.ValidationError(
                _("The code has six digits (or, for a recovery code, letters and digits).")
            )
        return code

    def reject(self) -> None:
        self.add_error("code", _("The code is wrong or has expired. Enter the current one."))
