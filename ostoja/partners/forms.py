"""The forms of the directory of institutions."""

from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ostoja.partners.models import Institution, InstitutionKind
from ostoja.partners.services import INSTITUTION_FIELDS, normalize


class InstitutionForm(forms.ModelForm):  # type: ignore[type-arg]
    """Add or change an institution; the identifiers are normalised and checked on the field
    (inline validation posts the form when one of them changes)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Institution
        fields = INSTITUTION_FIELDS
        widgets = {
            "offer": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Typed with separators or a "PL" prefix, they are longer than stored: the length is
        # checked on the normalised value (the model's validators).
        for name in ("nip", "regon", "krs", "postcode"):
            field = self.fields[name]
            field.max_length = None  # type: ignore[attr-defined]
            field.validators = [
                v for v in field.validators if not isinstance(v, MaxLengthValidator)
            ]
            field.widget.attrs.pop("maxlength", None)

    def _normalised(self, name: str) -> Any:
        value = self.cleaned_data.get(name, "")
        return normalize({name: value})[name] if value else value

    def clean_nip(self) -> Any:
        return self._normalised("nip")

    def clean_regon(self) -> Any:
        return self._normalised("regon")

    def clean_krs(self) -> Any:
        return self._normalised("krs")

    def clean_postcode(self) -> Any:
        return self._normalised("postcode")

    def clean_phone(self) -> Any:
        return self._normalised("phone")

    def validate_constraints(self) -> None:
        """Left to the service, whose message names the institution that already has the NIP
        or REGON (the database's unique constraints hold it under concurrency); the check
        constraints repeat the fields' own validators."""

    def institution_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in INSTITUTION_FIELDS}


ACTIVE_CHOICES = [
    ("", pgettext_lazy("institution", "all")),
    ("tak", pgettext_lazy("institution", "active")),
    ("nie", pgettext_lazy("institution", "inactive")),
]


class InstitutionFilterForm(forms.Form):
    q = forms.CharField(label=_("Name, town or NIP"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("kind"), required=False, choices=[("", _("all")), *InstitutionKind.choices]
    )
    active = forms.ChoiceField(label=_("active"), required=False, choices=ACTIVE_CHOICES)
