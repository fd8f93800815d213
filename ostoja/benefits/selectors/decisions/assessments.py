"""One assessment as its page shows it: the frozen result in rows, the warnings, the chain of
earlier assessments of the same benefit, and the decisions resting on it."""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from ostoja.accounts.models import User
from ostoja.benefits.catalogue import BENEFITS, spec
from ostoja.benefits.models import (
    Assessment,
    AssessmentFlag,
    Decision,
)
from ostoja.benefits.reasons import reason_texts
from ostoja.casework.models import CaseFile
from ostoja.core.policy import visible_to

# Flags that send the clerk to the family's case file to plan (or redo) the interview.
INTERVIEW_FLAGS = (
    AssessmentFlag.INTERVIEW_MISSING,
    AssessmentFlag.INTERVIEW_STALE,
    AssessmentFlag.INTERVIEW_REFUSED,
)


def assessment_get(user: User, assessment_id: int) -> Assessment:
    """The assessment if the user may see it (`Assessment.DoesNotExist` otherwise)."""
    assessments: QuerySet[Assessment] = visible_to(user, Assessment)
    return assessments.select_related(
        "application",
        "application__household",
        "application__household__area",
        "application__applicant",
        "made_by",
        "supersedes",
    ).get(pk=assessment_id)


def assessment_chain(assessment: Assessment) -> list[Assessment]:
    """The earlier assessments this one re-assesses, the latest first: one query for every
    assessment of the same benefit in the application, followed along `supersedes`."""
    siblings = {
        a.pk: a
        for a in Assessment.objects.filter(
            application_id=assessment.application_id, benefit=assessment.benefit
        ).select_related("made_by")
    }
    chain: list[Assessment] = []
    current = siblings.get(assessment.supersedes_id) if assessment.supersedes_id else None
    while current is not None and current not in chain:
        chain.append(current)
        current = siblings.get(current.supersedes_id) if current.supersedes_id else None
    return chain


def superseded_by(assessment: Assessment) -> Assessment | None:
    """The re-assessment that replaced this one, if any."""
    return Assessment.objects.filter(supersedes=assessment).order_by("-made_at", "-pk").first()


@dataclass(frozen=True)
class ReasonRow:
    text: str
    article: str
    unverified: bool


@dataclass(frozen=True)
class ParameterRow:
    name: str
    value: str
    start: datetime.date | None
    end: datetime.date | None
    reference: str
    unverified: bool


@dataclass(frozen=True)
class FlagRow:
    code: str
    label: str
    # Whether the way out is an environmental interview (link to plan one).
    about_interview: bool


@dataclass(frozen=True)
class AssessmentView:
    """An assessment's frozen result as the page shows it."""

    computed: bool
    monthly: bool
    amount: Decimal | None
    amount_min: Decimal | None
    amount_max: Decimal | None
    income: Decimal | None
    income_per_person: Decimal | None
    criterion: Decimal | None
    period_start: datetime.date
    period_end: datetime.date
    period_default: bool
    reasons: list[ReasonRow]
    parameters: list[ParameterRow]
    flags: list[FlagRow]
    unverified: bool


def _decimal(value: Any) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def _date(value: Any) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _flag_label(code: str) -> str:
    try:
        return str(AssessmentFlag(code).label)
    except ValueError:
        return code


def parameter_value(value: Any) -> str:
    """A parameter's value as the office writes numbers: "776,00", "1,3"."""
    number = _decimal(value)
    return str(value) if number is None else f"{number:f}".replace(".", ",")


def assessment_view(assessment: Assessment) -> AssessmentView:
    result: Mapping[str, Any] = assessment.result or {}
    period: Mapping[str, Any] = result.get("period") or {}
    reasons = [
        ReasonRow(
            text=text,
            article=str(reason.get("article") or ""),
            unverified=bool(reason.get("unverified")),
        )
        for reason, text in reason_texts(assessment)
    ]
    parameters = [
        ParameterRow(
            name=str(used.get("name") or ""),
            value=parameter_value(used.get("value")),
            start=_date(used.get("start")),
            end=_date(used.get("end")),
            reference=str(used.get("reference") or ""),
            unverified=bool(used.get("unverified")),
        )
        for used in result.get("parameters_used", [])
    ]
    flags = [
        FlagRow(code=code, label=_flag_label(code), about_interview=code in INTERVIEW_FLAGS)
        for code in assessment.flags or []
    ]
    return AssessmentView(
        computed=bool(result.get("computed", True)),
        monthly=assessment.benefit in BENEFITS and spec(assessment.benefit).monthly,
        amount=assessment.amount,
        amount_min=_decimal(result.get("amount_min")),
        amount_max=_decimal(result.get("amount_max")),
        income=_decimal(result.get("income")),
        income_per_person=_decimal(result.get("income_per_person")),
        criterion=_decimal(result.get("criterion")),
        period_start=assessment.period_start,
        period_end=assessment.period_end,
        period_default=bool(period.get("default")),
        reasons=reasons,
        parameters=parameters,
        flags=flags,
        unverified=bool(result.get("unverified")),
    )


def case_file_of(household_id: int) -> CaseFile | None:
    return CaseFile.objects.filter(household_id=household_id).first()


def decisions_on(assessment: Assessment) -> list[Decision]:
    """The decisions that rest on the assessment."""
    return list(assessment.decisions.order_by("-created_at", "-pk"))
