from decimal import Decimal

from django import forms, template
from django.forms import BoundField

from ostoja.core.money import format_pln
from ostoja.core.text import surname_plural_genitive

register = template.Library()


@register.filter
def pln(amount: Decimal | int | None) -> str:
    return format_pln(amount)


@register.filter
def masked_pesel(pesel: str | None) -> str:
    """PESEL with the serial part hidden: 850312*****."""
    if not pesel:
        return ""
    return pesel[:6] + "*" * (len(pesel) - 6)


@register.filter
def nrb_groups(nrb: str | None) -> str:
    """An account number shown as the bank prints it: 12 3456 7890 ..."""
    if not nrb:
        return ""
    return " ".join([nrb[:2], *(nrb[i : i + 4] for i in range(2, len(nrb), 4))])


@register.filter
def control(field: BoundField) -> str:
    """The field's widget with Bootstrap's classes and the ARIA links to its help and errors."""
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        css = "form-check-input"
    elif isinstance(widget, forms.Select | forms.SelectMultiple):
        css = "form-select"
    else:
        css = "form-control"
    attrs: dict[str, str | bool] = {"class": css + (" is-invalid" if field.errors else "")}
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}_help")
    if field.errors:
        described_by.append(f"{field.auto_id}_errors")
        attrs["aria-invalid"] = "true"
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    if field.field.required:
        attrs["aria-required"] = "true"
    return field.as_widget(attrs=attrs)


@register.filter
def fields_with_errors(form: forms.BaseForm) -> list[BoundField]:
    """The visible fields that failed validation, for the summary above a long form."""
    return [field for field in form.visible_fields() if field.errors]


@register.filter
def family_of(surname: str) -> str:
    """The surname as in "Rodzina Nowaków"."""
    return surname_plural_genitive(surname)
