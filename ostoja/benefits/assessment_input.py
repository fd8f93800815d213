"""The assessment's input: the one adapter from the registry and the casework to the rules.

`build_input(application, benefit)` gives everything an assessment computes from, and nothing
more: the day the law is applied on, the income period, the rules' household and the casework's
warnings. It reads and never writes.

* The family comes from the registry's bridge (`ostoja.registry.rules_adapter.rules_household`):
  who is a member on the day, which incomes of which month, the alimony paid. This module does
  not decide those again; it overlays what the application states beyond the registry
  (`MemberFacts`, the farm's conversion hectares) and the application's applicant.
* Social assistance (u.p.s.): the day is the day of receipt (art. 106 ust. 3); the income is that
  of `application.income_month`, or of the month before receipt (art. 8 ust. 3).
* Family benefits (u.ś.r.): the right is set for a benefit period (1 November – 31 October since
  2009, from the rules' dated parameter, found by `ostoja.benefits.periods`) from the month the
  application was filed (art. 24 ust. 2 u.ś.r.; the rule is confirmed by press and municipal
  sources, the wording of the provision was not read). So the day is the first day of the period
  asked for when the application came in before it, else the day of receipt; the income is the
  base year's, the calendar year before the period (art. 3 pkt 2 u.ś.r.), stated per member in
  the facts.
* Member ids are "o1", "o2", … in the registry's membership order, with `persons` mapping them
  to registry person ids: the frozen JSON holds no name, PESEL or address, only what the rules
  read.
"""

import datetime
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils.translation import gettext as _

from ostoja.benefits.catalogue import Act, Benefit, BenefitSpec
from ostoja.benefits.catalogue import spec as benefit_spec
from ostoja.benefits.models import Application, AssessmentFlag, MemberFacts
from ostoja.benefits.periods import benefit_period_start_on, is_benefit_period_start
from ostoja.casework.deadlines import update_due_on
from ostoja.casework.models import (
    INTERVIEW_FIXED_STATES,
    CaseFile,
    CooperationEvent,
    CooperationEventKind,
    Interview,
    InterviewKind,
)
from ostoja.registry.models import Household as RegistryHousehold
from ostoja.registry.rules_adapter import previous_month, rules_household
from ostoja.rules import household as rules
from ostoja.rules.errors import RulesInputError
from ostoja.rules.period import month_after
from ostoja.rules.swiadczenia_rodzinne.zasilek_rodzinny import RODZINNE

MONTH = "miesiac"
BASE_YEAR = "rok_bazowy"
ZERO = Decimal("0")
ONE_DAY = datetime.timedelta(days=1)
# Interviews of social assistance (art. 107 u.p.s.): the interview for family benefits
# (art. 23 ust. 4aa u.ś.r.) is not the one art. 106 ust. 4 u.p.s. requires.
CONDUCTED_KINDS = (InterviewKind.FULL, InterviewKind.UPDATE)
COOPERATION_MONTHS = 12
# A member's relation to the head read from the applicant when the applicant is the head's
# spouse or partner: the head's children are children of the family ("rodzice dzieci",
# art. 3 pkt 16 u.ś.r.), the head's parents and siblings are the applicant's in-laws.
_FROM_HEADS_SPOUSE = {
    "dziecko": "dziecko",
    "wnuk": "wnuk",
    "rodzic": "inny_krewny",
    "rodzenstwo": "inny_krewny",
    "inny_krewny": "inny_krewny",
    "niespokrewniony": "niespokrewniony",
}
# The head's relation to the applicant, by the applicant's relation to the head.
_HEAD_SEEN_FROM = {
    "malzonek": "malzonek",
    "partner": "partner",
    "dziecko": "rodzic",
    "rodzic": "dziecko",
    "rodzenstwo": "rodzenstwo",
    "wnuk": "dziadek",
    "inny_krewny": "inny_krewny",
    "niespokrewniony": "niespokrewniony",
}
_MEMBER_FIELD = re.compile(r"household\.members\[(\d+)\]\.(\w+)")


@dataclass(frozen=True)
class AssessmentInput:
    """What one assessment computes from, as it will be frozen."""

    benefit: str
    day: datetime.date  # the day the law is applied on
    period_kind: str  # "miesiac" or "rok_bazowy", as the rules' `Period`
    period_start: datetime.date
    period_end: datetime.date
    household: rules.Household
    persons: Mapping[str, int]  # rules member id -> registry person id
    flags: tuple[str, ...]  # AssessmentFlag codes from the casework

    @property
    def household_json(self) -> dict[str, Any]:
        return household_to_json(self.household)


# ---------------------------------------------------------------------------------------------
# The rules' household as JSON (the schema `household_from_dict` reads)
# ---------------------------------------------------------------------------------------------


def _number(value: Decimal) -> str:
    return format(value, "f")


def _income_json(income: rules.Income) -> dict[str, Any]:
    data: dict[str, Any] = {"kind": income.kind, "amount": _number(income.amount)}
    for name in ("tax", "health", "social"):
        value: Decimal = getattr(income, name)
        if value:
            data[name] = _number(value)
    return data


def _member_json(member: rules.Member) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": member.id,
        "birth_date": member.birth_date.isoformat(),
        "sex": member.sex,
    }
    flags = ("applicant", "care_indications", "married", "under_legal_guardian", "has_own_child")
    data.update({name: True for name in flags if getattr(member, name)})
    optional = {
        "relation": member.relation,
        "incapacity": member.incapacity,
        "in_education": member.in_education,
    }
    data.update({name: value for name, value in optional.items() if value is not None})
    if member.disability != "none":
        data["disability"] = member.disability
    if member.incomes:
        data["incomes"] = [_income_json(income) for income in member.incomes]
    for name in ("alimony_paid", "annual_income", "annual_alimony_paid"):
        amount: Decimal = getattr(member, name)
        if amount:
            data[name] = _number(amount)
    for name in ("cares_for", "benefits_received", "supplements"):
        items: tuple[str, ...] = getattr(member, name)
        if items:
            data[name] = list(items)
    return data


def household_to_json(household: rules.Household) -> dict[str, Any]:
    """The household in the rules' JSON schema, with only the fields that differ from the
    schema's defaults: `household_from_dict(household_to_json(h)) == h`."""
    data: dict[str, Any] = {"members": [_member_json(member) for member in household.members]}
    if household.farm_hectares:
        data["farm_hectares"] = _number(household.farm_hectares)
    if household.supplements:
        data["supplements"] = list(household.supplements)
    if household.income_month is not None:
        data["income_month"] = f"{household.income_month:%Y-%m}"
    if household.base_year is not None:
        data["base_year"] = household.base_year
    return data


# ---------------------------------------------------------------------------------------------
# The day and the income period
# ---------------------------------------------------------------------------------------------


def _period_asked_for(application: Application) -> datetime.date:
    """The first day of the benefit period the application asks for: the one stated, which must
    be a period's first day and not a period that ended before the application came in; else
    the period containing the day of receipt."""
    current = benefit_period_start_on(application.received_on)
    asked = application.benefit_period_start
    if asked is None:
        return current
    if not is_benefit_period_start(asked):
        raise ValidationError(
            {
                "benefit_period_start": _(
                    "A benefit period starts on the first day of its first month; the period "
                    "containing this day starts on %(start)s."
                )
                % {"start": f"{benefit_period_start_on(asked):%d.%m.%Y}"}
            }
        )
    if asked < current:
        raise ValidationError(
            {
                "benefit_period_start": _(
                    "The benefit period asked for ended before the application was received "
                    "(%(received)s)."
                )
                % {"received": f"{application.received_on:%d.%m.%Y}"}
            }
        )
    return asked


def law_day_field(application: Application, benefit: str) -> str:
    """The application's field the day of the law comes from, for an error about that day."""
    asked = application.benefit_period_start
    family = benefit_spec(benefit).act == Act.FAMILY_BENEFITS
    if family and asked is not None and asked > application.received_on:
        return "benefit_period_start"
    return "received_on"


# ---------------------------------------------------------------------------------------------
# The household: the registry's family, the applicant, the facts stated
# ---------------------------------------------------------------------------------------------


def _relation_to_applicant(
    member: rules.Member, applicant: rules.Member, head: rules.Member | None
) -> str | None:
    """The member's relation to the applicant, from relations recorded to the head; None where
    the registry does not tell it."""
    if head is not None and member.id == head.id:
        return _HEAD_SEEN_FROM.get(applicant.relation or "")
    if applicant.relation in ("malzonek", "partner") and member.relation is not None:
        return _FROM_HEADS_SPOUSE.get(member.relation)
    return None


def _with_applicant(
    members: tuple[rules.Member, ...], application: Application, day: datetime.date, act: str
) -> tuple[rules.Member, ...]:
    """The members with the application's applicant as the rules' applicant (zasiłek stały is
    the applicant's own right, art. 37 u.p.s.), the relations read from them."""
    applicant_id = str(application.applicant_id)
    applicant = next((m for m in members if m.id == applicant_id), None)
    if applicant is None:
        raise ValidationError(
            {
                "applicant": _("%(person)s is not a member of the family on %(day)s.")
                % {"person": application.applicant, "day": f"{day:%d.%m.%Y}"}
            }
        )
    if applicant.applicant:
        return members  # the head applies: the relations are recorded to the applicant
    head = next((m for m in members if m.applicant), None)
    rebuilt = tuple(
        replace(
            member,
            applicant=member.id == applicant_id,
            relation=None
            if member.id == applicant_id
            else _relation_to_applicant(member, applicant, head),
        )
        for member in members
    )
    # The family-benefit rules read who is a parent or a child from the relation and guess from
    # the age only where it is not given: a guess a decision must not rest on.
    if act == Act.FAMILY_BENEFITS and any(m.relation is None for m in rebuilt if not m.applicant):
        raise ValidationError(
            {
                "applicant": _(
                    "The registry records each member's relation to the head of the family: for "
                    "family benefits the applicant must be the head or the head's spouse or "
                    "partner."
                )
            }
        )
    return rebuilt


def _cared_for(facts: MemberFacts) -> tuple[str, ...]:
    try:
        return tuple(str(int(value)) for value in facts.cares_for)
    except (TypeError, ValueError) as error:
        message = _("%(person)s: the persons cared for are not recorded correctly.")
        raise ValidationError({"cares_for": message % {"person": facts.person}}) from error


def _with_facts(member: rules.Member, facts: MemberFacts | None, act: str) -> rules.Member:
    """The registry's member with what the application states about them, for the act's rules:
    the month's incomes for social assistance, the base year's for family benefits."""
    if act == Act.FAMILY_BENEFITS:
        member = replace(member, incomes=(), alimony_paid=ZERO)
    if facts is None:
        return member
    stated: dict[str, Any] = {
        "incapacity": facts.incapacity or None,  # empty: decided by age on the day
        "disability": facts.disability,
        "care_indications": facts.care_indications,
        "in_education": facts.in_education,
        "married": facts.married,
        "under_legal_guardian": facts.under_legal_guardian,
        "has_own_child": facts.has_own_child,
        "cares_for": _cared_for(facts),
        "benefits_received": tuple(str(code) for code in facts.benefits_received),
    }
    if act == Act.FAMILY_BENEFITS:
        stated["annual_income"] = facts.annual_income
        stated["annual_alimony_paid"] = facts.annual_alimony_paid
        stated["supplements"] = tuple(
            str(code) for code in facts.supplements if code not in RODZINNE
        )
    return replace(member, **stated)


def _family_supplements(facts: Iterable[MemberFacts]) -> tuple[str, ...]:
    """The supplements the rules take for the whole family (art. 10, 11a, 12a, 13 u.ś.r.), stated
    on whichever member's facts: each once, in the order stated."""
    codes = (str(code) for f in facts for code in f.supplements)
    return tuple(dict.fromkeys(code for code in codes if code in RODZINNE))


def _check_cares_for(members: tuple[rules.Member, ...], day: datetime.date) -> None:
    ids = {member.id for member in members}
    for member in members:
        if not set(member.cares_for) <= ids:
            raise ValidationError(
                {
                    "cares_for": _("A person cared for is not a member of the family on %(day)s.")
                    % {"day": f"{day:%d.%m.%Y}"}
                }
            )


def _renumbered(
    household: rules.Household,
) -> tuple[rules.Household, dict[str, int]]:
    """Registry person ids replaced by "o1", "o2", … in membership order."""
    new_ids = {member.id: f"o{index}" for index, member in enumerate(household.members, 1)}
    members = tuple(
        replace(
            member,
            id=new_ids[member.id],
            cares_for=tuple(new_ids[cared] for cared in member.cares_for),
        )
        for member in household.members
    )
    persons = {new: int(old) for old, new in new_ids.items()}
    return replace(household, members=members), persons


# ---------------------------------------------------------------------------------------------
# Warnings from the casework
# ---------------------------------------------------------------------------------------------


def last_interview_on(case: CaseFile | None) -> datetime.date | None:
    """The day the latest completed interview of social assistance was conducted (completed,
    signed or closed, with its date), or None."""
    if case is None:
        return None
    last: datetime.date | None = Interview.objects.filter(
        case=case,
        kind__in=CONDUCTED_KINDS,
        state__in=INTERVIEW_FIXED_STATES,
        conducted_on__isnull=False,
    ).aggregate(last=Max("conducted_on"))["last"]
    return last


def _refused_since(case: CaseFile, since: datetime.date | None) -> bool:
    """A refusal of the interview recorded and not followed by an interview conducted: a closed
    interview of kind "refused", or an event of the duty to cooperate of that kind."""
    interviews = Interview.objects.filter(case=case, kind=InterviewKind.REFUSED)
    events = CooperationEvent.objects.filter(case=case, kind=CooperationEventKind.REFUSED_INTERVIEW)
    if since is not None:
        interviews = interviews.filter(refused_on__gt=since)
        events = events.filter(occurred_on__gt=since)
    return interviews.exists() or events.exists()


def _cooperation_events(case: CaseFile, day: datetime.date) -> bool:
    """Events of the duty to cooperate (art. 11 u.p.s.) from the same day a year before `day`
    on. Events after `day` count too: what happens while the application is pending is what a
    refusal under art. 11 ust. 2 would rest on. A refused interview has its own warning."""
    since = day - relativedelta(months=COOPERATION_MONTHS)
    return (
        CooperationEvent.objects.filter(case=case, occurred_on__gte=since)
        .exclude(kind=CooperationEventKind.REFUSED_INTERVIEW)
        .exists()
    )


def casework_flags(
    household: RegistryHousehold, spec: BenefitSpec, day: datetime.date
) -> tuple[str, ...]:
    """The casework's warnings for deciding on `spec` on `day`, in AssessmentFlag order.

    * no interview: the benefit's decision needs one (art. 106 ust. 4 u.p.s.) and no interview
      of social assistance was conducted for the household;
    * stale interview, zasiłek stały only: the latest interview's update was due before `day`
      (art. 107 ust. 4 u.p.s., `update_due_on`);
    * refused interview and duty to cooperate, social assistance only (art. 107 ust. 4a and
      art. 11 u.p.s. are grounds of that act).
    """
    case = CaseFile.objects.filter(household=household).first()
    last = last_interview_on(case)
    flags: list[str] = []
    if spec.needs_interview and last is None:
        flags.append(AssessmentFlag.INTERVIEW_MISSING)
    stale = last is not None and update_due_on(conducted_on=last) < day
    if spec.code == Benefit.ZASILEK_STALY and stale:
        flags.append(AssessmentFlag.INTERVIEW_STALE)
    if case is not None and spec.act == Act.SOCIAL_ASSISTANCE:
        if _refused_since(case, last):
            flags.append(AssessmentFlag.INTERVIEW_REFUSED)
        if _cooperation_events(case, day):
            flags.append(AssessmentFlag.COOPERATION)
    return tuple(str(flag) for flag in flags)


# ---------------------------------------------------------------------------------------------
# The input
# ---------------------------------------------------------------------------------------------


def _day_and_period(
    application: Application, spec: BenefitSpec
) -> tuple[datetime.date, datetime.date, str, datetime.date, datetime.date]:
    """(day of the law, month whose incomes the registry gives, period kind, start, end)."""
    if spec.act == Act.SOCIAL_ASSISTANCE:
        day = application.received_on
        month = application.income_month or previous_month(day)
        return day, month, MONTH, month, month_after(month) - ONE_DAY
    period_start = _period_asked_for(application)
    day = max(application.received_on, period_start)
    base_year = period_start.year - 1
    start, end = datetime.date(base_year, 1, 1), datetime.date(base_year, 12, 31)
    # The registry's monthly incomes are not read for family benefits; the bridge needs a month.
    return day, previous_month(day), BASE_YEAR, start, end


def build_input(application: Application, benefit: str) -> AssessmentInput:
    """The input of the assessment of `benefit` asked for in `application`.

    Raises ValidationError (by field) for what the application or the registry must correct
    first, and RulesInputError ("date") when the rules know no benefit period for the day."""
    spec = benefit_spec(benefit)
    day, month, period_kind, income_start, income_end = _day_and_period(application, spec)
    family = rules_household(application.household, day=day, income_month=month)
    if family is None:
        raise ValidationError(
            {"household": _("The family has no members on %(day)s.") % {"day": f"{day:%d.%m.%Y}"}}
        )
    facts = list(application.member_facts.all())
    by_person = {str(f.person_id): f for f in facts}
    members = _with_applicant(family.members, application, day, spec.act)
    members = tuple(_with_facts(m, by_person.get(m.id), spec.act) for m in members)
    _check_cares_for(members, day)
    stated = rules.Household(
        members=members,
        farm_hectares=application.farm_hectares,
        supplements=_family_supplements(facts) if spec.act == Act.FAMILY_BENEFITS else (),
        income_month=income_start if period_kind == MONTH else None,
        base_year=income_start.year if period_kind == BASE_YEAR else None,
    )
    renumbered, persons = _renumbered(stated)
    # What is frozen is the JSON: compute from the household it gives back.
    household = rules.household_from_dict(household_to_json(renumbered))
    return AssessmentInput(
        benefit=benefit,
        day=day,
        period_kind=period_kind,
        period_start=income_start,
        period_end=income_end,
        household=household,
        persons=MappingProxyType(persons),
        flags=casework_flags(application.household, spec, day),
    )


def member_field(error: RulesInputError) -> tuple[int, str] | None:
    """(member index, field) of an error the rules raised about a member, else None."""
    match = _MEMBER_FIELD.match(error.field)
    return (int(match[1]), match[2]) if match else None
