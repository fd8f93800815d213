"""The forms of the applications' pages: the list's filter, registering an application, changing
what was registered, the benefits asked for, the facts stated about a member, a document, the
periods not counted towards the deadline and the withdrawal."""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ostoja.accounts.models import User
from ostoja.accounts.roles import CAPABILITIES, Capability, Role
from ostoja.benefits.catalogue import Act, BenefitSpec, Frequency, benefits_of
from ostoja.benefits.deadlines import FIRST_NOVEMBER_PERIOD, benefit_period_of
from ostoja.benefits.models import (
    OPEN_APPLICATION_STATES,
    Application,
    ApplicationState,
    Channel,
    Disability,
    Incapacity,
    MemberFacts,
    PauseKind,
    RequestedBenefit,
)
from ostoja.benefits.models.common import not_future
from ostoja.benefits.selectors.applications import CHILD_SUPPLEMENTS, FAMILY_SUPPLEMENTS
from ostoja.benefits.services.applications import BenefitAsked
from ostoja.core.fields import AmountField
from ostoja.registry.models import Membership, Person
from ostoja.rules.catalogues import BENEFITS_RECEIVED

DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
MONTH_WIDGET = forms.DateInput(format="%Y-%m", attrs={"type": "month"})
TEXT = forms.Textarea(attrs={"rows": 3})
CHECKBOXES = forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"})

# The list's filter: the handler "anyone" and the state "any state".
ANYONE = "wszyscy"
ANY_STATE = "wszystkie"


def with_purpose(benefit: BenefitSpec) -> bool:
    """A benefit asked for a stated need, with an amount the family names: the purpose
    allowances (zasiłek celowy, specjalny zasiłek celowy): cash, once, the amount the clerk's."""
    return benefit.cash and benefit.frequency is Frequency.ONE_OFF and benefit.amount_by_clerk


def handlers() -> QuerySet[User]:
    """Who may handle an application: active staff whose role registers and assesses them."""
    roles = [role for role in Role if Capability.BENEFITS_EDIT in CAPABILITIES[role]]
    return User.objects.filter(is_active=True, role__in=roles).order_by(
        "last_name", "first_name", "pk"
    )


class StaffChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.username  # type: ignore[no-any-return]


class PersonChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} ({obj.birth_date:%d.%m.%Y})"


def period_choices(day: datetime.date) -> list[tuple[str, str]]:
    """The benefit periods an application received on `day` may be for: the one containing
    the day and the next (applications for it are taken from the summer, art. 26 ust. 2a
    u.ś.r. as the centres publish it)."""
    if day < FIRST_NOVEMBER_PERIOD:
        return []
    first, last = benefit_period_of(day)
    following_first, following_last = benefit_period_of(last + datetime.timedelta(days=1))
    return [
        (start.isoformat(), f"{start.year}/{end.year} ({start:%d.%m.%Y}–{end:%d.%m.%Y})")
        for start, end in ((first, last), (following_first, following_last))
    ]


def _bound_value(form: forms.BaseForm, name: str) -> Any:
    """What the form was given for a field (bound) or starts with (unbound)."""
    if form.is_bound:
        return form.data.get(form.add_prefix(name))
    return form.initial.get(name, form.fields[name].initial if name in form.fields else None)


def unbound_copy[F: forms.BaseForm](form: F, **kwargs: Any) -> F:
    """The same form unbound, starting from what was typed: to redraw part of it (when the act
    changes) without showing errors for fields the user has not reached yet."""
    initial = {
        name: field.widget.value_from_datadict(form.data, form.files, form.add_prefix(name))
        for name, field in form.fields.items()
    }
    return type(form)(initial=initial, prefix=form.prefix, **kwargs)


# ---------------------------------------------------------------------------------------------
# The list's filter
# ---------------------------------------------------------------------------------------------


def _benefit_choices() -> list[tuple[Any, Any]]:
    groups = [(act.label, [(b.code.value, b.label) for b in benefits_of(act)]) for act in Act]
    return [("", _("any benefit")), *groups]


class ApplicationFilterForm(forms.Form):
    prowadzacy = forms.ChoiceField(label=_("handled by"), required=False)
    stan = forms.ChoiceField(
        label=_("state"),
        required=False,
        choices=[
            ("", _("open (not settled yet)")),
            *ApplicationState.choices,
            (ANY_STATE, _("any state")),
        ],
    )
    ustawa = forms.ChoiceField(
        label=_("act"), required=False, choices=[("", _("both acts")), *Act.choices]
    )
    swiadczenie = forms.ChoiceField(label=_("benefit"), required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        # Whoever handles applications starts from their own; accounting, which handles none,
        # from everyone's.
        self.handles = user.has_capability(Capability.BENEFITS_EDIT)
        self.staff = {str(u.pk): u for u in handlers()}
        first: list[tuple[str, Any]] = (
            [("", _("me (my applications)")), (ANYONE, _("anyone"))]
            if self.handles
            else [("", _("anyone"))]
        )
        people = [(pk, u.get_full_name() or u.username) for pk, u in self.staff.items()]
        field = self.fields["prowadzacy"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [*first, *people]
        benefit = self.fields["swiadczenie"]
        assert isinstance(benefit, forms.ChoiceField)
        benefit.choices = _benefit_choices()

    def filters(self) -> dict[str, Any]:
        """The selector's filters; the defaults (my open applications) when nothing valid was
        asked."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        handler_code = data.get("prowadzacy", "")
        if handler_code == "":
            handler = self.user if self.handles else None
        elif handler_code == ANYONE:
            handler = None
        else:
            handler = self.staff.get(handler_code)
        state = data.get("stan", "")
        states: Sequence[str]
        if state == "":
            states = [str(s) for s in OPEN_APPLICATION_STATES]
        elif state == ANY_STATE:
            states = []
        else:
            states = [state]
        return {
            "handler": handler,
            "states": states,
            "act": data.get("ustawa", ""),
            "benefit": data.get("swiadczenie", ""),
        }

    @property
    def changed_from_default(self) -> bool:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return any(data.get(name) for name in self.fields)


# ---------------------------------------------------------------------------------------------
# The benefits asked for (registering and changing them)
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BenefitRow:
    """One benefit's checkbox with, for a purpose allowance, its purpose and amount."""

    checkbox: Any
    purpose: forms.BoundField | None
    amount: forms.BoundField | None


class BenefitsFields(forms.Form):
    """The benefits of one act as checkboxes, each purpose allowance with its purpose and the
    amount asked for. `act` says which act; a form choosing the act sets it before this runs."""

    def add_benefit_fields(self, act: str) -> None:
        self.benefits_act = act
        self.act_label = Act(act).label
        self.benefit_specs = benefits_of(Act(act))
        self.fields["benefits"] = forms.MultipleChoiceField(
            label=_("benefits asked for"),
            choices=[(b.code.value, b.label) for b in self.benefit_specs],
            widget=CHECKBOXES,
            error_messages={"required": _("Choose at least one benefit.")},
        )
        for benefit in self.benefit_specs:
            if not with_purpose(benefit):
                continue
            self.fields[f"purpose_{benefit.code.value}"] = forms.CharField(
                label=_("purpose (%(benefit)s)") % {"benefit": benefit.label},
                max_length=300,
                required=False,
                help_text=_("E.g. fuel, medicines, a school kit."),
            )
            self.fields[f"amount_{benefit.code.value}"] = AmountField(
                label=_("amount (%(benefit)s)") % {"benefit": benefit.label},
                max_digits=10,
                required=False,
            )

    def purpose_fields(self) -> list[str]:
        return [name for name in self.fields if name.startswith(("purpose_", "amount_"))]

    def benefit_rows(self) -> list[BenefitRow]:
        rows = []
        boxes = {box.data["value"]: box for box in self["benefits"]}
        for benefit in self.benefit_specs:
            code = benefit.code.value
            purpose = f"purpose_{code}"
            amount = f"amount_{code}"
            rows.append(
                BenefitRow(
                    checkbox=boxes[code],
                    purpose=self[purpose] if purpose in self.fields else None,
                    amount=self[amount] if amount in self.fields else None,
                )
            )
        return rows

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        chosen = set(cleaned.get("benefits") or [])
        for benefit in self.benefit_specs:
            code = benefit.code.value
            if not with_purpose(benefit):
                continue
            purpose = (cleaned.get(f"purpose_{code}") or "").strip()
            amount = cleaned.get(f"amount_{code}")
            if code in chosen and not purpose:
                self.add_error(
                    f"purpose_{code}",
                    _("Say what the allowance is for, as the application states it."),
                )
            elif code not in chosen and "benefits" in cleaned and (purpose or amount is not None):
                self.add_error(
                    "benefits",
                    _(
                        "A purpose or an amount is filled in for %(benefit)s: tick it too, "
                        "or clear them."
                    )
                    % {"benefit": benefit.label},
                )
        return cleaned

    def benefits_asked(self) -> list[BenefitAsked]:
        return [
            BenefitAsked(
                benefit=code,
                purpose=(self.cleaned_data.get(f"purpose_{code}") or "").strip(),
                amount=self.cleaned_data.get(f"amount_{code}"),
            )
            for code in self.cleaned_data["benefits"]
        ]


def benefits_initial(requested: Iterable[RequestedBenefit]) -> dict[str, Any]:
    """The benefits form's values for what an application asks for now."""
    initial: dict[str, Any] = {"benefits": []}
    for item in requested:
        initial["benefits"].append(item.benefit)
        initial[f"purpose_{item.benefit}"] = item.purpose
        initial[f"amount_{item.benefit}"] = item.amount
    return initial


class ApplicationBenefitsForm(BenefitsFields):
    def __init__(self, *args: Any, act: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_benefit_fields(act)


# ---------------------------------------------------------------------------------------------
# Registering
# ---------------------------------------------------------------------------------------------


class ApplicationRegisterForm(BenefitsFields):
    act = forms.ChoiceField(
        label=_("act"),
        choices=Act.choices,
        initial=Act.SOCIAL_ASSISTANCE,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    received_on = forms.DateField(
        label=_("received on"),
        widget=DATE_WIDGET,
        validators=[not_future],
        help_text=_("The day the application reached the centre (the stamp or the UPO)."),
    )
    channel = forms.ChoiceField(label=_("channel"), choices=Channel.choices)
    applicant = PersonChoiceField(
        label=_("applicant"),
        queryset=Person.objects.none(),
        help_text=_("A member of the family on the day of receipt."),
    )
    handled_by = StaffChoiceField(label=_("handled by"), queryset=User.objects.none())
    complicated = forms.BooleanField(
        label=_("particularly complicated case"),
        required=False,
        help_text=_("Two months instead of one to settle it (art. 35 § 3 k.p.a.)."),
    )
    notes = forms.CharField(label=_("notes"), required=False, widget=TEXT)

    def __init__(self, *args: Any, household: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.household = household
        today = timezone.localdate()
        self.fields["received_on"].initial = today
        self.fields["channel"].initial = Channel.IN_PERSON
        self.fields["handled_by"].initial = user.pk
        self.fields["handled_by"].queryset = handlers()  # type: ignore[attr-defined]
        act = _bound_value(self, "act")
        self.add_benefit_fields(act if act in Act.values else Act.SOCIAL_ASSISTANCE)
        self.day = self._received_on_given() or today
        members = Membership.objects.current_on(self.day).filter(household=household)
        self.fields["applicant"].queryset = Person.objects.filter(  # type: ignore[attr-defined]
            pk__in=members.values("person_id")
        ).order_by("surname", "first_names", "pk")
        if self.benefits_act == Act.FAMILY_BENEFITS:
            self.fields["benefit_period_start"] = forms.ChoiceField(
                label=_("benefit period"),
                choices=[("", _("the period of the day of receipt")), *period_choices(self.day)],
                required=False,
                help_text=_("An application taken in the summer is usually for the next period."),
            )
        self.order_fields(
            ["act", "benefits", *self.purpose_fields(), "received_on", "channel", "applicant"]
        )

    def _received_on_given(self) -> datetime.date | None:
        value = _bound_value(self, "received_on")
        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.date.fromisoformat(str(value or ""))
        except ValueError:
            return None

    def application_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        period = data.get("benefit_period_start") or ""
        return {
            "act": data["act"],
            "received_on": data["received_on"],
            "channel": data["channel"],
            "applicant": data["applicant"],
            "handled_by": data["handled_by"],
            "complicated": data["complicated"],
            "notes": data["notes"],
            "benefits": self.benefits_asked(),
            "benefit_period_start": datetime.date.fromisoformat(period) if period else None,
        }


# ---------------------------------------------------------------------------------------------
# Changing what was registered
# ---------------------------------------------------------------------------------------------


class ApplicationEditForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    received_on = forms.DateField(
        label=_("received on"), widget=DATE_WIDGET, validators=[not_future]
    )
    channel = forms.ChoiceField(label=_("channel"), choices=Channel.choices)
    handled_by = StaffChoiceField(label=_("handled by"), queryset=User.objects.none())
    complicated = forms.BooleanField(
        label=_("particularly complicated case"),
        required=False,
        help_text=_("Two months instead of one to settle it (art. 35 § 3 k.p.a.)."),
    )
    farm_hectares = forms.DecimalField(
        label=_("conversion hectares of the farm"),
        max_digits=10,
        decimal_places=4,
        min_value=0,
        localize=True,
        help_text=_("As the certificate or the tax notice states them; 0 without a farm."),
    )
    income_month = forms.DateField(
        label=_("income month"),
        widget=MONTH_WIDGET,
        input_formats=["%Y-%m"],
        required=False,
        help_text=_(
            "Only when the income of another month than the one before the application is "
            "assessed (a lost income: the month of the application, art. 8 ust. 3 u.p.s.)."
        ),
    )
    notes = forms.CharField(label=_("notes"), required=False, widget=TEXT)

    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        kwargs.setdefault("initial", edit_initial(application))
        super().__init__(*args, **kwargs)
        self.fields["handled_by"].queryset = handlers() | User.objects.filter(  # type: ignore[attr-defined]
            pk=application.handled_by_id
        )
        if application.act == Act.FAMILY_BENEFITS:
            choices = period_choices(application.received_on)
            current = application.benefit_period_start
            if current is not None and current.isoformat() not in dict(choices):
                choices.insert(0, (current.isoformat(), f"{current:%d.%m.%Y}"))
            self.fields["benefit_period_start"] = forms.TypedChoiceField(
                label=_("benefit period"),
                choices=choices,
                coerce=datetime.date.fromisoformat,
            )

    def changes(self) -> dict[str, Any]:
        """The fields the user changed, for the service (which names them in the record)."""
        return {
            name: self.cleaned_data[name]
            for name in self.changed_data
            if name not in {"version"} and name in self.cleaned_data
        }


def edit_initial(application: Application) -> dict[str, Any]:
    return {
        "version": application.version,
        "received_on": application.received_on,
        "channel": application.channel,
        "handled_by": application.handled_by_id,
        "complicated": application.complicated,
        "farm_hectares": application.farm_hectares,
        "income_month": application.income_month,
        "notes": application.notes,
        "benefit_period_start": (
            application.benefit_period_start.isoformat()
            if application.benefit_period_start
            else None
        ),
    }


# ---------------------------------------------------------------------------------------------
# The facts stated about a member
# ---------------------------------------------------------------------------------------------


class StatedSelect(forms.NullBooleanSelect):
    """Yes, no, or what the application does not say."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.choices = [("unknown", _("not stated")), ("true", _("yes")), ("false", _("no"))]


class MemberFactsForm(forms.Form):
    incapacity = forms.ChoiceField(
        label=_("inability to work"),
        choices=[("", _("not stated (decided by age)")), *Incapacity.choices],
        required=False,
    )
    disability = forms.ChoiceField(label=_("disability"), choices=Disability.choices)
    care_indications = forms.BooleanField(
        label=_("indications of permanent care (point 7 and 8 of the certificate)"),
        required=False,
    )
    in_education = forms.NullBooleanField(
        label=_("in education"), widget=StatedSelect, required=False
    )
    married = forms.BooleanField(label=_("married"), required=False)
    under_legal_guardian = forms.BooleanField(label=_("under a legal guardian"), required=False)
    has_own_child = forms.BooleanField(label=_("has a child of their own"), required=False)
    benefits_received = forms.MultipleChoiceField(
        label=_("benefits received"),
        choices=list(BENEFITS_RECEIVED.items()),
        required=False,
        widget=CHECKBOXES,
    )

    def __init__(
        self,
        *args: Any,
        application: Application,
        person: Person,
        others: Sequence[Person],
        facts: MemberFacts | None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("initial", facts_initial(facts))
        super().__init__(*args, **kwargs)
        if application.act == Act.FAMILY_BENEFITS:
            # The income of the base year (the calendar year before the benefit period) is
            # family benefits' (art. 3 pkt 1–2 u.ś.r.); social assistance assesses the
            # registry's monthly incomes instead (art. 8 ust. 3 u.p.s.).
            self.fields["annual_income"] = AmountField(
                label=_("income in the base year"),
                help_text=_("As the documents for the base year state it."),
            )
            self.fields["annual_alimony_paid"] = AmountField(
                label=_("alimony paid in the base year")
            )
            self.fields["cares_for"] = forms.TypedMultipleChoiceField(
                label=_("cares for"),
                choices=[(str(p.pk), p.full_name) for p in others if p.pk != person.pk],
                coerce=int,
                required=False,
                widget=CHECKBOXES,
                help_text=_("The members this person gives up work to care for (care benefits)."),
            )
            # The family's own supplements (art. 10, 11a, 12a, 13) are the applicant's to ask
            # for; a child's (art. 9, 14, 15) are stated on the child.
            family = FAMILY_SUPPLEMENTS if person.pk == application.applicant_id else {}
            self.fields["supplements"] = forms.MultipleChoiceField(
                label=_("supplements asked for"),
                choices=[*family.items(), *CHILD_SUPPLEMENTS.items()],
                required=False,
                widget=CHECKBOXES,
            )

    def facts(self) -> dict[str, Any]:
        facts = dict(self.cleaned_data)
        if "cares_for" in facts:
            facts["cares_for"] = list(facts["cares_for"])
        return facts


def facts_initial(facts: MemberFacts | None) -> dict[str, Any]:
    if facts is None:
        return {"disability": Disability.NONE, "annual_income": 0, "annual_alimony_paid": 0}
    return {
        "incapacity": facts.incapacity,
        "disability": facts.disability,
        "care_indications": facts.care_indications,
        "in_education": facts.in_education,
        "married": facts.married,
        "under_legal_guardian": facts.under_legal_guardian,
        "has_own_child": facts.has_own_child,
        "annual_income": facts.annual_income,
        "annual_alimony_paid": facts.annual_alimony_paid,
        "benefits_received": list(facts.benefits_received or []),
        "cares_for": [str(pk) for pk in facts.cares_for or []],
        "supplements": list(facts.supplements or []),
    }


# ---------------------------------------------------------------------------------------------
# Documents, pauses, withdrawal
# ---------------------------------------------------------------------------------------------


class AttachmentForm(forms.Form):
    name = forms.CharField(
        label=_("document"),
        max_length=200,
        help_text=_("What it is, e.g. zaświadczenie o dochodach, orzeczenie o niepełnosprawności."),
    )
    file = forms.FileField(
        label=_("file"),
        widget=forms.ClearableFileInput(
            attrs={"accept": "application/pdf,image/jpeg,image/png,image/tiff"}
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "A PDF or a scan (JPEG, PNG or TIFF), at most %(limit)s MB."
        ) % {"limit": settings.OSTOJA_ATTACHMENT_MAX_MB}


class PauseStartForm(forms.Form):
    kind = forms.ChoiceField(label=_("why the deadline stops"), choices=PauseKind.choices)
    starts_on = forms.DateField(
        label=_("from"),
        widget=DATE_WIDGET,
        help_text=_("The first day not counted, e.g. the day a missing document was asked for."),
    )
    note = forms.CharField(
        label=_("note"),
        max_length=300,
        required=False,
        help_text=_("E.g. which document the family was asked for and until when."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["starts_on"].initial = timezone.localdate()


class PauseEndForm(forms.Form):
    ends_on = forms.DateField(
        label=_("until"),
        widget=DATE_WIDGET,
        help_text=_("The last day not counted; the deadline runs again from the next day."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ends_on"].initial = timezone.localdate()


class WithdrawForm(forms.Form):
    withdrawn_on = forms.DateField(
        label=_("withdrawn on"),
        widget=DATE_WIDGET,
        help_text=_("The day the party's withdrawal reached the centre."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["withdrawn_on"].initial = timezone.localdate()
