"""The interview's forms: planning, the answers of the questionnaire, completing, signing,
correcting, a refusal, an attempt, and a correction of the registry from segment A.

The answers' form only carries what is typed: every input is named `a:<question key>` (the
offline script reads the same names) and keeps the raw text; the service cleans it with the
questionnaire (`clean_answers`) and its errors go back onto the inputs, nothing typed lost."""

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ostoja.casework.models import InterviewKind
from ostoja.casework.questionnaire import AnswerType, Question, Segment
from ostoja.casework.services.interviews import PLANNABLE_KINDS
from ostoja.registry.models import IncomeKind, Relation

DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
TEXT = forms.Textarea(attrs={"rows": 3})
PREFIX = "a:"
YES, NO = "tak", "nie"


def _today() -> datetime.date:
    return timezone.localdate()


class PlanForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("kind of interview"),
        choices=[(k.value, k.label) for k in InterviewKind if k in PLANNABLE_KINDS],
    )
    need_known_on = forms.DateField(
        label=_("need known on"),
        widget=DATE_WIDGET,
        help_text=_("The day the centre learnt that the interview is needed."),
    )
    urgent = forms.BooleanField(
        label=_("urgent case"),
        required=False,
        help_text=_("Due within 2 working days instead of 14."),
    )
    planned_on = forms.DateField(label=_("visit planned on"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["need_known_on"].initial = _today()


class CompleteForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    conducted_on = forms.DateField(label=_("conducted on"), widget=DATE_WIDGET)
    place = forms.CharField(
        label=_("place"),
        max_length=200,
        help_text=_("Where the interview was conducted, e.g. the family's flat."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["conducted_on"].initial = _today()


class SignForm(forms.Form):
    signed_on = forms.DateField(label=_("signed on"), widget=DATE_WIDGET)
    signed_place = forms.CharField(label=_("signed in"), max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["signed_on"].initial = _today()


class CorrectForm(forms.Form):
    correction_reason = forms.CharField(
        label=_("reason for the correction"),
        widget=TEXT,
        help_text=_("What was wrong in the completed interview; the old version stays."),
    )


class RefusalForm(forms.Form):
    need_known_on = forms.DateField(label=_("need known on"), required=False, widget=DATE_WIDGET)
    refused_on = forms.DateField(label=_("refused on"), widget=DATE_WIDGET)
    refusal_circumstances = forms.CharField(
        label=_("circumstances of the refusal"),
        widget=TEXT,
        help_text=_("Who refused, how, what the person was told of the consequences."),
    )
    assessment = forms.CharField(
        label=_("the worker's assessment"),
        widget=TEXT,
        help_text=_("Whether it was justified, in the light of the family's situation."),
    )

    def __init__(self, *args: Any, with_interview: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["refused_on"].initial = _today()
        if with_interview:
            del self.fields["need_known_on"]


class AttemptForm(forms.Form):
    attempted_on = forms.DateField(label=_("date"), widget=DATE_WIDGET)
    place = forms.CharField(label=_("place"), max_length=200, required=False)
    note = forms.CharField(
        label=_("what happened"),
        widget=TEXT,
        help_text=_("E.g. nobody at home; a notice left in the letterbox."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attempted_on"].initial = _today()


class NotPossibleForm(forms.Form):
    note = forms.CharField(
        label=_("why the interview is not possible"),
        widget=TEXT,
        help_text=_("E.g. the family moved out of the gmina; the person cannot be found."),
    )


class RegistryForm(forms.Form):
    """A member's data as the interview found them, saved to the registry."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    person_version = forms.IntegerField(widget=forms.HiddenInput)
    first_names = forms.CharField(label=_("first names"), max_length=100)
    surname = forms.CharField(label=_("surname"), max_length=100)
    birth_date = forms.DateField(label=_("birth date"), widget=DATE_WIDGET)
    relation = forms.ChoiceField(label=_("relation to the head"), choices=Relation.choices)
    income_month = forms.DateField(
        label=_("income of the month"),
        required=False,
        widget=forms.DateInput(format="%Y-%m", attrs={"type": "month"}),
        input_formats=["%Y-%m", "%Y-%m-%d"],
        help_text=_("Only when the interview found an income the registry lacks."),
    )
    income_kind = forms.ModelChoiceField(
        label=_("kind of income"), queryset=IncomeKind.objects.all(), required=False
    )
    income_gross = forms.DecimalField(
        label=_("gross amount"), required=False, min_value=Decimal("0"), decimal_places=2
    )

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("version")
        return data


# ---------------------------------------------------------------------------------------------
# The answers
# ---------------------------------------------------------------------------------------------


def input_name(key: str) -> str:
    return f"{PREFIX}{key}"


def raw_value(question: Question, value: Any) -> Any:
    """A stored answer as the input shows it (the inverse of `clean_answer`)."""
    if value is None:
        return [] if question.type == AnswerType.MULTI_CHOICE else ""
    if question.type == AnswerType.YES_NO:
        return YES if value else NO
    if question.type == AnswerType.MULTI_CHOICE:
        return list(value)
    return str(value)


def _field(question: Question, *, mandatory: bool) -> forms.Field:
    common: dict[str, Any] = {
        "label": question.label,
        "required": False,
        "help_text": question.help,
    }
    match question.type:
        case AnswerType.LONG_TEXT:
            field: forms.Field = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), **common)
        case AnswerType.INTEGER:
            field = forms.CharField(
                widget=forms.TextInput(attrs={"inputmode": "numeric"}), **common
            )
        case AnswerType.DECIMAL:
            field = forms.CharField(
                widget=forms.TextInput(attrs={"inputmode": "decimal"}), **common
            )
        case AnswerType.DATE:
            field = forms.CharField(widget=forms.DateInput(attrs={"type": "date"}), **common)
        case AnswerType.YES_NO:
            field = forms.ChoiceField(
                choices=[
                    (YES, pgettext_lazy("answer", "yes")),
                    (NO, pgettext_lazy("answer", "no")),
                ],
                widget=forms.RadioSelect,
                **common,
            )
        case AnswerType.CHOICE:
            field = forms.ChoiceField(
                choices=[("", "—"), *((c.code, c.label) for c in question.choices)], **common
            )
        case AnswerType.MULTI_CHOICE:
            field = forms.MultipleChoiceField(
                choices=[(c.code, c.label) for c in question.choices],
                widget=forms.CheckboxSelectMultiple,
                **common,
            )
        case _:
            field = forms.CharField(**common)
    # The required mark: what completion asks for (a required question of a mandatory segment).
    field.required_on_completion = mandatory and question.required  # type: ignore[attr-defined]
    field.question = question  # type: ignore[attr-defined]
    return field


class AnswersForm(forms.Form):
    """The typed questions of the given segments, named `a:<key>`; `registry` questions are
    not inputs (segment A's registry data is shown, and corrected in the registry)."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(
        self,
        data: QueryDict | None = None,
        *,
        segments: Iterable[Segment],
        answers: Mapping[str, Any],
        version: int,
    ) -> None:
        self.segments = tuple(segments)
        self.questions = [
            q for s in self.segments for q in s.questions if q.type != AnswerType.REGISTRY
        ]
        initial: dict[str, Any] = {"version": version}
        initial.update(
            {input_name(q.key): raw_value(q, answers.get(q.key)) for q in self.questions}
        )
        super().__init__(data, initial=initial, auto_id="id_%s")
        for segment in self.segments:
            for question in segment.questions:
                if question.type != AnswerType.REGISTRY:
                    self.fields[input_name(question.key)] = _field(
                        question, mandatory=segment.mandatory
                    )

    def raw_answers(self) -> dict[str, Any]:
        """What was typed, by question key, as the service takes it (a list for a checkbox
        group, left out of the post when nothing is ticked)."""
        assert self.data is not None
        raw: dict[str, Any] = {}
        for question in self.questions:
            name = input_name(question.key)
            if question.type == AnswerType.MULTI_CHOICE:
                raw[question.key] = self.data.getlist(name)  # type: ignore[attr-defined]
            else:
                raw[question.key] = self.data.get(name, "")
        return raw

    def add_answer_errors(self, errors: Mapping[str, list[str]]) -> list[str]:
        """Put the service's errors on their inputs; those of no input here are returned."""
        self.is_valid()  # make `errors` exist; every answer field accepts any text
        others = []
        for key, messages in errors.items():
            name = input_name(key)
            if name in self.fields:
                for message in messages:
                    self.add_error(name, message)
            else:
                others.extend(messages)
        return others
