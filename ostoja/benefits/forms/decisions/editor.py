"""The decision editor's forms: the content of a draft and its benefits as a small formset
(prefix "lines", so that the services' line errors `lines-N-field` name its rows)."""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ostoja.benefits.catalogue import Act, benefits_of
from ostoja.benefits.forms.decisions.common import (
    DATE_WIDGET,
    LINES_PREFIX,
    TEXT_ROWS,
    PersonChoiceField,
    label_of,
)
from ostoja.benefits.models import (
    KINDS_CHANGING_A_DECISION,
    MAX_INSTALMENTS,
    Decision,
    DecisionKind,
    DecisionLine,
    PaymentMethod,
    Relief,
)
from ostoja.benefits.services.decisions import KINDS_WITH_LINES, UPDATABLE_FIELDS
from ostoja.core.fields import AccountNumberField, AmountField
from ostoja.registry.models import Person


class DecisionForm(forms.Form):
    """The content of a draft: the party, the day it takes effect (a decision acting on
    another), the texts, and the flags of art. 108 and art. 107 § 4 k.p.a."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    party = PersonChoiceField(
        label=label_of(Decision, "party"),
        queryset=Person.objects.none(),
        help_text=_("The applicant or a member of the family the decision is addressed to."),
    )
    effective_from = forms.DateField(
        label=label_of(Decision, "effective_from"),
        widget=DATE_WIDGET,
        required=False,
        help_text=_("From this day the changed terms apply, e.g. the first day of a month."),
    )
    # The terms of repaying an undue benefit, and those a relief changes (`TERM_FIELDS`).
    relief = forms.ChoiceField(
        label=label_of(Decision, "relief"), choices=[("", "—"), *Relief.choices], required=False
    )
    relief_amount = AmountField(
        label=label_of(Decision, "relief_amount"),
        required=False,
        max_digits=10,
        help_text=_("Only a waiver in part: empty waives everything still owed."),
    )
    repay_by = forms.DateField(
        label=label_of(Decision, "repay_by"),
        widget=DATE_WIDGET,
        required=False,
        help_text=_("The deadline, or the day the first instalment is due."),
    )
    instalments = forms.IntegerField(
        label=label_of(Decision, "instalments"),
        min_value=1,
        max_value=MAX_INSTALMENTS,
        initial=1,
        required=False,
        help_text=_("1: at once. Later instalments fall due on the same day of each month."),
    )
    interest_from = forms.DateField(
        label=label_of(Decision, "interest_from"),
        widget=DATE_WIDGET,
        required=False,
        help_text=_(
            "Family benefits only: statutory interest for delay runs from this day "
            "(art. 30 ust. 1 u.ś.r.)."
        ),
    )
    legal_basis = forms.CharField(label=label_of(Decision, "legal_basis"))
    operative = forms.CharField(
        label=label_of(Decision, "operative"),
        help_text=_("One point per line; the decision prints them in this order."),
    )
    justification_facts = forms.CharField(
        label=label_of(Decision, "justification_facts"),
        required=False,
        help_text=_("The facts found, the evidence relied on (art. 107 § 3 k.p.a.)."),
    )
    justification_law = forms.CharField(
        label=label_of(Decision, "justification_law"),
        required=False,
        help_text=_("The provisions applied and why (art. 107 § 3 k.p.a.)."),
    )
    appeal_instruction = forms.CharField(label=label_of(Decision, "appeal_instruction"))
    distribution = forms.CharField(
        label=label_of(Decision, "distribution"), help_text=_("One recipient per line.")
    )
    grants_request_in_full = forms.BooleanField(
        label=_("the decision grants the request in full"),
        required=False,
        help_text=_(
            "Then the justification may be left out (art. 107 § 4 k.p.a.), and a decision "
            "without one is final on delivery (art. 127 § 1a k.p.a.)."
        ),
    )
    immediately_enforceable = forms.BooleanField(
        label=_("immediately enforceable (art. 108 § 1 k.p.a.)"), required=False
    )
    enforceability_reason = forms.CharField(
        label=label_of(Decision, "enforceability_reason"),
        required=False,
        max_length=300,
        help_text=_("Only with immediate enforceability: e.g. the family's subsistence."),
    )

    def __init__(
        self, *args: Any, kind: str, members: QuerySet[Person], act: str = "", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        party = self.fields["party"]
        assert isinstance(party, forms.ModelChoiceField)
        party.queryset = members
        for name, rows in TEXT_ROWS.items():
            self.fields[name].widget = forms.Textarea(attrs={"rows": rows})
        if kind not in KINDS_CHANGING_A_DECISION:
            del self.fields["effective_from"]
        else:
            self.fields["effective_from"].required = True
        if kind != DecisionKind.GRANT:
            del self.fields["grants_request_in_full"]
        for name in set(TERM_FIELDS) - set(terms_fields(kind, act)):
            del self.fields[name]
        if kind == DecisionKind.UNDUE:
            self.fields["repay_by"].required = True
        if kind == DecisionKind.RELIEF:
            self.fields["relief"].required = True

    @property
    def term_fields(self) -> list[forms.BoundField]:
        """The repayment terms shown, for the editor's section "Warunki zwrotu"."""
        return [self[name] for name in TERM_FIELDS if name in self.fields]

    def clean_instalments(self) -> int:
        return self.cleaned_data.get("instalments") or 1

    def content(self) -> dict[str, Any]:
        """What the services take, from the cleaned data."""
        data = self.cleaned_data
        values = {name: data[name] for name in UPDATABLE_FIELDS if name in data}
        values.setdefault("grants_request_in_full", False)
        if "relief" in values:
            values["relief"] = values["relief"] or ""
        return values

    def changes_from(self, decision: Decision) -> dict[str, Any]:
        """The fields whose cleaned value differs from the stored draft's."""
        changed = {}
        for name, value in self.content().items():
            stored = getattr(decision, name)
            new = value.strip() if isinstance(value, str) else value
            if stored != new:
                changed[name] = value
        return changed


TERM_FIELDS = ("relief", "relief_amount", "repay_by", "instalments", "interest_from")


def terms_fields(kind: str, act: str) -> tuple[str, ...]:
    """The terms a kind fixes: an undue benefit its deadline and instalments (and, a family
    benefit, the day interest runs from); a relief which one it is, the amount of a waiver in
    part, and the new deadline and instalments."""
    if kind == DecisionKind.UNDUE:
        if act == Act.FAMILY_BENEFITS:
            return ("repay_by", "instalments", "interest_from")
        return ("repay_by", "instalments")
    if kind == DecisionKind.RELIEF:
        return ("relief", "relief_amount", "repay_by", "instalments")
    return ()


def decision_initial(decision: Decision) -> dict[str, Any]:
    """A stored draft as the form's initial values."""
    initial = {name: getattr(decision, name) for name in UPDATABLE_FIELDS}
    initial["party"] = decision.party_id
    initial["version"] = decision.version
    return initial


def benefit_choices(act: str) -> list[tuple[str, Any]]:
    """The benefits of the act that are granted by a decision."""
    return [("", "—")] + [
        (benefit.code.value, benefit.label)
        for benefit in benefits_of(Act(act))
        if benefit.needs_decision
    ]


class LineForm(forms.Form):
    """One benefit of the operative part."""

    benefit = forms.ChoiceField(label=label_of(DecisionLine, "benefit"))
    person = PersonChoiceField(
        label=label_of(DecisionLine, "person"), queryset=Person.objects.none()
    )
    amount = AmountField(label=label_of(DecisionLine, "amount"), required=False, max_digits=10)
    purpose = forms.CharField(
        label=label_of(DecisionLine, "purpose"), required=False, max_length=300
    )
    period_from = forms.DateField(label=label_of(DecisionLine, "period_from"), widget=DATE_WIDGET)
    period_to = forms.DateField(
        label=label_of(DecisionLine, "period_to"),
        widget=DATE_WIDGET,
        required=False,
        help_text=_("Empty: until further notice."),
    )
    payee = PersonChoiceField(
        label=label_of(DecisionLine, "payee"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("the party"),
    )
    method = forms.ChoiceField(
        label=label_of(DecisionLine, "method"),
        choices=PaymentMethod.choices,
        initial=PaymentMethod.CASH,
    )
    account = AccountNumberField(label=label_of(DecisionLine, "account"), required=False)

    def __init__(self, *args: Any, act: str, members: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        benefit = self.fields["benefit"]
        assert isinstance(benefit, forms.ChoiceField)
        benefit.choices = benefit_choices(act)
        for name in ("person", "payee"):
            chooser = self.fields[name]
            assert isinstance(chooser, forms.ModelChoiceField)
            chooser.queryset = members

    def line(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "benefit": data["benefit"],
            "person": data["person"],
            "amount": data.get("amount"),
            "purpose": data.get("purpose") or "",
            "period_from": data["period_from"],
            "period_to": data.get("period_to"),
            "payee": data.get("payee"),
            "method": data["method"],
            "account": data.get("account") or "",
        }


BaseLineFormSet = forms.formset_factory(LineForm, extra=0, can_delete=True)


def line_formset(
    data: Any,
    *,
    act: str,
    members: QuerySet[Person],
    initial: Sequence[dict[str, Any]] = (),
    add_row: bool = False,
) -> forms.BaseFormSet:  # type: ignore[type-arg]
    """The lines' formset: bound to `data` when given, else starting from `initial`. With
    `add_row`, one empty row more (the "add a benefit" button posts the form)."""
    form_kwargs = {
        "act": act,
        "members": members,
        "empty_permitted": True,
        "use_required_attribute": False,
    }
    if data is None:
        rows = [_row_initial(row) for row in initial]
        if add_row:
            rows.append({})
        return BaseLineFormSet(prefix=LINES_PREFIX, initial=rows, form_kwargs=form_kwargs)
    if add_row:
        data = data.copy()
        total = f"{LINES_PREFIX}-TOTAL_FORMS"
        data[total] = str(int(data.get(total, "0") or 0) + 1)
    return BaseLineFormSet(data, prefix=LINES_PREFIX, form_kwargs=form_kwargs)


def _row_initial(row: dict[str, Any]) -> dict[str, Any]:
    values = dict(row)
    for name in ("person", "payee"):
        person = values.get(name)
        values[name] = person.pk if isinstance(person, Person) else person
    return values


def kept_line_forms(formset: forms.BaseFormSet) -> list[forms.Form]:  # type: ignore[type-arg]
    """The rows that are lines: filled in and not marked for removal, in order. The service
    numbers its line errors (`lines-N-field`) by this order."""
    kept = []
    for row in formset.forms:
        data = getattr(row, "cleaned_data", None)
        if not data or data.get("DELETE"):
            continue
        kept.append(row)
    return kept


def lines_from(formset: forms.BaseFormSet) -> list[dict[str, Any]]:  # type: ignore[type-arg]
    return [row.line() for row in kept_line_forms(formset)]  # type: ignore[attr-defined]


def lines_for_preview(formset: forms.BaseFormSet) -> list[dict[str, Any]]:  # type: ignore[type-arg]
    """The rows complete enough to print, from whatever was typed (an unfinished row is left
    out of the preview, never refused)."""
    rows = []
    for row in formset.forms:
        row.is_valid()
        data = getattr(row, "cleaned_data", {}) or {}
        if data.get("DELETE"):
            continue
        needed = ("benefit", "person", "period_from", "method")
        if all(data.get(name) for name in needed):
            rows.append(row.line())
    return rows


def kinds_with_lines() -> tuple[str, ...]:
    return tuple(str(kind) for kind in KINDS_WITH_LINES)
