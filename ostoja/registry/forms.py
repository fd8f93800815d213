"""Forms of the registry. They parse and validate input; services save it."""

import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ostoja.accounts.models import Area, User
from ostoja.accounts.roles import Role
from ostoja.core.fields import AccountNumberField, AmountField, PhoneField, PostcodeField
from ostoja.registry.models import Household, IncomeKind, Membership, Person, Relation
from ostoja.registry.policy import areas_usable_by
from ostoja.registry.services import PERSON_FIELDS
from ostoja.registry.validators import (
    normalize_nrb,
    normalize_pesel,
    pesel_birth_date,
    pesel_sex,
    validate_not_future,
    validate_nrb,
    validate_pesel,
    validate_postcode,
)


def previous_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
MONTH_INPUT_FORMATS = ["%Y-%m", "%m.%Y"]


class PersonForm(forms.ModelForm[Person]):
    """A person's data. PESEL, when given, decides the birth date and sex."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Person
        fields = PERSON_FIELDS  # what `person_update` may change
        widgets = {
            "birth_date": DATE_WIDGET,
            "notes": forms.Textarea(attrs={"rows": 3}),
            "pesel": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "bank_account": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "registered_postcode": forms.TextInput(attrs={"placeholder": "00-000"}),
            "actual_postcode": forms.TextInput(attrs={"placeholder": "00-000"}),
        }
        # As staff type them: "00950", "+48 600-100-200", "PL 61 1090 …" (ostoja.core.fields).
        field_classes = {
            "phone": PhoneField,
            "registered_postcode": PostcodeField,
            "actual_postcode": PostcodeField,
            "bank_account": AccountNumberField,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["birth_date"].required = False
        self.fields["birth_date"].validators.append(validate_not_future)
        self.fields["sex"].required = False
        # Required only without a PESEL: the label says so, the form checks it (clean).
        for name in ("document_type", "document_number", "birth_date", "sex"):
            self.fields[name].required_when = _("required without a PESEL")  # type: ignore[attr-defined]
        # PESEL and account numbers may be typed with spaces ("PL 61 1090 …"); their length is
        # checked after normalising, by validate_pesel and validate_nrb.
        for name in ("pesel", "bank_account"):
            field = self.fields[name]
            field.max_length = None  # type: ignore[attr-defined]
            field.validators = [
                v for v in field.validators if not isinstance(v, MaxLengthValidator)
            ]
            field.widget.attrs.pop("maxlength", None)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        if self.instance.bank_account:
            self.initial["bank_account"] = self.instance.bank_account

    def clean_pesel(self) -> str:
        pesel = normalize_pesel(self.cleaned_data.get("pesel") or "")
        if pesel:
            validate_pesel(pesel)
        return pesel

    def clean_bank_account(self) -> str:
        nrb = normalize_nrb(self.cleaned_data.get("bank_account") or "")
        if nrb:
            validate_nrb(nrb)
        return nrb

    def clean_registered_postcode(self) -> str:
        return self._postcode("registered_postcode")

    def clean_actual_postcode(self) -> str:
        return self._postcode("actual_postcode")

    def _postcode(self, name: str) -> str:
        value = (self.cleaned_data.get(name) or "").strip()
        if value:
            validate_postcode(value)
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        pesel = cleaned.get("pesel")
        if pesel:
            self._reconcile_with_pesel(cleaned, pesel)
        elif "pesel" not in self.errors:
            self._require_document(cleaned)
        return cleaned

    def _reconcile_with_pesel(self, cleaned: dict[str, Any], pesel: str) -> None:
        birth_date, sex = pesel_birth_date(pesel), pesel_sex(pesel)
        if cleaned.get("birth_date") and cleaned["birth_date"] != birth_date:
            self.add_error(
                "birth_date",
                _("The birth date does not match the PESEL (%(date)s).")
                % {"date": birth_date.strftime("%d.%m.%Y")},
            )
        if cleaned.get("sex") and cleaned["sex"] != sex:
            self.add_error("sex", _("The sex does not match the PESEL."))
        cleaned["birth_date"], cleaned["sex"] = birth_date, sex

    def _require_document(self, cleaned: dict[str, Any]) -> None:
        if not cleaned.get("document_type"):
            self.add_error("document_type", _("Without a PESEL, choose the identity document."))
        if not cleaned.get("document_number"):
            self.add_error(
                "document_number", _("Without a PESEL, give the number of the identity document.")
            )
        if not cleaned.get("birth_date") and "birth_date" not in self.errors:
            self.add_error("birth_date", _("Without a PESEL, give the birth date."))
        if not cleaned.get("sex"):
            self.add_error("sex", _("Without a PESEL, choose the sex."))

    def _post_clean(self) -> None:
        # Uniqueness and the database check are the service's job, with a clearer message.
        pass

    def person_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in PERSON_FIELDS}


class HouseholdAddressForm(forms.ModelForm[Household]):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Household
        fields = [
            "area",
            "gmina",
            "town",
            "street",
            "house_number",
            "flat_number",
            "postcode",
            "shared_with",
            "notes",
        ]
        widgets = {
            "postcode": forms.TextInput(attrs={"placeholder": "00-000"}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }
        field_classes = {"postcode": PostcodeField}

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A social worker registers and moves families only in her own areas; a family already
        # in another area (shared with her) keeps its area on the form.
        areas = areas_usable_by(user)
        if self.instance.pk:
            areas = areas | Area.objects.filter(pk=self.instance.area_id)
        self.fields["area"].queryset = areas.distinct().order_by("name")  # type: ignore[attr-defined]
        self.fields["shared_with"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            role=Role.SOCIAL_WORKER, is_active=True
        ).order_by("last_name", "first_name")
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean_postcode(self) -> str:
        value = (self.cleaned_data.get("postcode") or "").strip()
        validate_postcode(value)
        return value

    def household_data(self) -> dict[str, Any]:
        """What `household_update` may change, as the form cleaned it."""
        return {"area": self.cleaned_data["area"], "notes": self.cleaned_data["notes"]} | (
            self.address_data()
        )

    def address_data(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data[name]
            for name in ("gmina", "town", "street", "house_number", "flat_number", "postcode")
        }


# The relation is always chosen: a default would be saved unnoticed.
CHOOSE = ("", _("— choose —"))


class MembershipForm(forms.Form):
    relation = forms.ChoiceField(
        label=_("relation to the head"),
        choices=[CHOOSE, *(c for c in Relation.choices if c[0] != Relation.APPLICANT)],
    )
    valid_from = forms.DateField(label=_("member since"), widget=DATE_WIDGET)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["valid_from"].initial = timezone.localdate()


class MembershipEditForm(forms.Form):
    relation = forms.ChoiceField(
        label=_("relation to the head"), choices=[CHOOSE, *Relation.choices]
    )
    valid_from = forms.DateField(label=_("member since"), widget=DATE_WIDGET)
    valid_to = forms.DateField(
        label=_("member until"),
        widget=DATE_WIDGET,
        required=False,
        help_text=_("Leave empty while the person still belongs to the family."),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("valid_from"), cleaned.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("The end cannot be before the start."))
        return cleaned


class MembershipEndForm(forms.Form):
    valid_to = forms.DateField(label=_("member until"), widget=DATE_WIDGET)


class IncomeForm(forms.Form):
    person = forms.ModelChoiceField(label=_("person"), queryset=Person.objects.none())
    month = forms.DateField(
        label=_("month"),
        input_formats=MONTH_INPUT_FORMATS,
        widget=forms.DateInput(format="%Y-%m", attrs={"type": "month"}),
        help_text=_("The month the income was received in."),
    )
    kind = forms.ModelChoiceField(label=_("kind"), queryset=IncomeKind.objects.all())
    gross = AmountField(label=_("gross amount"))
    tax = AmountField(label=_("income tax"), initial=Decimal("0"))
    health = AmountField(label=_("health contribution"), initial=Decimal("0"))
    social = AmountField(label=_("social contributions"), initial=Decimal("0"))

    def __init__(self, *args: Any, members: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if members is not None:
            self.fields["person"].queryset = members  # type: ignore[attr-defined]
        # Incomes are recorded after the month they were received in.
        self.fields["month"].initial = previous_month(timezone.localdate())

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        deductions = sum(cleaned.get(name) or 0 for name in ("tax", "health", "social"))
        if cleaned.get("gross") is not None and deductions > cleaned["gross"]:
            self.add_error(
                "gross", _("Tax and contributions cannot be more than the gross amount.")
            )
        return cleaned


class AlimonyForm(forms.Form):
    person = forms.ModelChoiceField(label=_("person"), queryset=Person.objects.none())
    month = forms.DateField(
        label=_("month"),
        input_formats=MONTH_INPUT_FORMATS,
        widget=forms.DateInput(format="%Y-%m", attrs={"type": "month"}),
    )
    amount = AmountField(label=_("alimony paid"))

    def __init__(self, *args: Any, members: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if members is not None:
            self.fields["person"].queryset = members  # type: ignore[attr-defined]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("PESEL or surname"), required=False, max_length=100)
    first_name = forms.CharField(label=_("first name"), required=False, max_length=100)
    address = forms.CharField(label=_("street or town"), required=False, max_length=100)


class MergeForm(forms.Form):
    merged = forms.IntegerField(
        label=_("number of the duplicate record"),
        min_value=1,
        help_text=_("The record that will be merged into this one."),
    )
    confirm = forms.BooleanField(label=_("I have checked that both records are the same person"))


class HeadChangeForm(forms.Form):
    """Another current member becomes the head of the family from a day on."""

    new_head = forms.ModelChoiceField(
        label=_("new head of the family"),
        queryset=Membership.objects.none(),
        empty_label=_("— choose —"),
    )
    since = forms.DateField(label=_("head of the family since"), widget=DATE_WIDGET)
    former_head_relation = forms.ChoiceField(
        label=_("the former head's relation to the new head"),
        choices=[CHOOSE, *(c for c in Relation.choices if c[0] != Relation.APPLICANT)],
        required=False,
        help_text=_("Needed when the former head stays in the family."),
    )

    def __init__(self, *args: Any, members: Any, has_head: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_head"].queryset = members  # type: ignore[attr-defined]
        self.fields["new_head"].label_from_instance = lambda m: m.person.full_name  # type: ignore[attr-defined]
        self.fields["since"].initial = timezone.localdate()
        self.has_head = has_head
        if has_head:
            self.fields["former_head_relation"].required = True

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("former_head_relation"):
            # The service asks for a relation even when there is no former head on that day;
            # "other relative" is never stored then.
            cleaned["former_head_relation"] = Relation.OTHER_RELATIVE
        return cleaned
