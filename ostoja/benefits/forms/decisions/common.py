"""What the decisions' forms share: the date widget, the labels taken from the models, and the
choice fields of people and staff."""

from typing import Any

from django import forms

DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
LINES_PREFIX = "lines"
# The texts of a draft (art. 107 § 1 k.p.a.), in the order the decision prints them.
TEXT_FIELDS = (
    "legal_basis",
    "operative",
    "justification_facts",
    "justification_law",
    "appeal_instruction",
    "distribution",
)
TEXT_ROWS = {
    "legal_basis": 4,
    "operative": 6,
    "justification_facts": 6,
    "justification_law": 6,
    "appeal_instruction": 5,
    "distribution": 4,
}
# The line fields in the order of the formset's row.
LINE_FIELDS = (
    "benefit",
    "person",
    "amount",
    "purpose",
    "period_from",
    "period_to",
    "payee",
    "method",
    "account",
)


def label_of(model: type[Any], name: str) -> Any:
    return model._meta.get_field(name).verbose_name


class PersonChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} ({obj.birth_date:%d.%m.%Y})"


class StaffChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.username  # type: ignore[no-any-return]
