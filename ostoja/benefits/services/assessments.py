"""Assessments: the rules applied to one benefit asked for in one application, frozen.

`assessment_create` builds the input (`ostoja.benefits.assessment_input.build_input`: the
registry's family with the application's facts, the day of the law, the casework's warnings),
runs the benefit's calculation and stores it all in an `Assessment` that never changes: the
household as the rules' JSON, who is who, the result with its reasons, their Polish sentences and
the parameters used with their references, and the rules' version. A re-assessment is a new row
that supersedes the latest one.

`assessment_recompute` runs a frozen household again on another day, with the parameters in
force then (the re-indexation of 1 January): the registry is not read again, since the input a
decision rests on is the point.

The benefit's `rules` in the catalogue says what is computed:
* a calculation's name: that calculation;
* "kryterium": the income against the criterion of art. 8 u.p.s. only, the same calculation the
  registry's `income_test` runs, here on the application's input (its income month, its farm);
* None: nothing. The assessment then says that the rules compute nothing for the benefit and
  that the need is the social worker's finding from the interview; it still carries the
  warnings. Its `eligible` is true (the rules set no bar) and its amount empty.
"""

import datetime
import hashlib
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

import ostoja.rules
from ostoja.accounts.models import User
from ostoja.benefits import policy as benefits_policy
from ostoja.benefits.assessment_input import (
    build_input,
    casework_flags,
    law_day_field,
    member_field,
)
from ostoja.benefits.catalogue import BENEFITS, Act, BenefitSpec
from ostoja.benefits.models import (
    Application,
    ApplicationState,
    Assessment,
    AssessmentFlag,
    Reindexation,
)
from ostoja.core import policy
from ostoja.core.actions import action_kind, record_action
from ostoja.core.services import day_text
from ostoja.registry.models import Person
from ostoja.rules import household as rules
from ostoja.rules.benefits import calculate
from ostoja.rules.errors import RulesInputError
from ostoja.rules.result import Result, grosze, zl

ASSESSMENT_CREATE = action_kind(
    "benefits.assessment_create",
    gettext_lazy("Assessment made"),
    gettext_lazy("%(benefit)s: %(amount)s"),
)
ASSESSMENT_RECOMPUTE = action_kind(
    "benefits.assessment_recompute",
    gettext_lazy("Assessment made again on another day"),
    gettext_lazy("%(benefit)s on %(day)s: %(amount)s"),
)

RULES_DIR = Path(ostoja.rules.__file__).parent
ACT_ABBREVIATIONS = {Act.SOCIAL_ASSISTANCE: "u.p.s.", Act.FAMILY_BENEFITS: "u.ś.r."}
NO_RULES_REASON = "benefits.brak_wyliczenia"
DIGEST_LENGTH = 12


# ---------------------------------------------------------------------------------------------
# The rules' version and the result as JSON
# ---------------------------------------------------------------------------------------------


def _digest(root: Path, paths: Iterable[Path]) -> str:
    """SHA-256 over the files' paths (relative to `root`) and contents, in path order."""
    sha = hashlib.sha256()
    for path in sorted(paths):
        sha.update(path.relative_to(root).as_posix().encode() + b"\0")
        sha.update(path.read_bytes() + b"\0")
    return sha.hexdigest()[:DIGEST_LENGTH]


@cache
def rules_version() -> str:
    """The version of the rules an assessment was computed with, e.g.
    "parameters:3f2a…+code:91bc…+texts:07de…": a digest of the parameter files, one of the
    calculations (every module of `ostoja.rules` but its tests, with the income kinds they
    accept) and one of the reasons' Polish texts. Two assessments with the same version were
    computed by the same formulas on the same figures; the parts say which of them changed.

    The rules package has no version number of its own and the project's is not installed
    metadata in a checkout, so the code is identified by its content. Read once per process:
    the files do not change under a running server."""
    code = [
        path for path in RULES_DIR.rglob("*.py") if "tests" not in path.relative_to(RULES_DIR).parts
    ]
    parameters = _digest(RULES_DIR, (RULES_DIR / "parameters").rglob("*.yaml"))
    calculations = _digest(RULES_DIR, [*code, RULES_DIR / "income_kinds.yaml"])
    texts = _digest(RULES_DIR, (RULES_DIR / "texts").glob("*.yaml"))
    return f"parameters:{parameters}+code:{calculations}+texts:{texts}"


def result_to_json(result: Result) -> dict[str, Any]:
    """The result as the rules' CLI prints it (`Result.to_json`: amounts as strings, each reason
    with its code, article, facts, unverified mark and Polish sentence, the period assessed and
    the parameters used with their references), marked as computed."""
    return {**result.to_json(), "computed": True}


def _no_rules_json(spec: BenefitSpec, period: Mapping[str, Any]) -> dict[str, Any]:
    """What an assessment of a benefit the rules do not compute says."""
    text = _(
        "The rules compute nothing for %(benefit)s: whether it is needed, and in what form, is "
        "the social worker's finding from the environmental interview."
    ) % {"benefit": spec.label}
    reason = {
        "code": NO_RULES_REASON,
        "article": f"{spec.article} {ACT_ABBREVIATIONS[spec.act]}",
        "text": text,
        "facts": {},
        "unverified": False,
    }
    return {
        "computed": False,
        "eligible": True,
        "reasons": [reason],
        "period": {
            "kind": period["kind"],
            "start": period["start"].isoformat(),
            "end": period["end"].isoformat(),
            "default": False,
        },
        "parameters_used": [],
        "unverified": False,
    }


# ---------------------------------------------------------------------------------------------
# Shared steps
# ---------------------------------------------------------------------------------------------


def _lock(application: Application) -> None:
    """Serialise the assessments of one application: each supersedes the latest one."""
    list(Application.objects.select_for_update().filter(pk=application.pk))


def _compute(spec: BenefitSpec, household: rules.Household, day: datetime.date) -> Result | None:
    return None if spec.rules is None else calculate(spec.rules, household, day)


def _person_named(member_id: str, persons: Mapping[str, int]) -> str:
    person_id = persons.get(member_id)
    person = None if person_id is None else Person.objects.filter(pk=person_id).first()
    return person.full_name if person is not None else member_id


def _field_error(
    error: RulesInputError,
    *,
    household: rules.Household | None,
    persons: Mapping[str, int],
    day_field: str,
    day: datetime.date,
    spec: BenefitSpec,
) -> ValidationError:
    """The rules' refusal as a field error in the users' language: on the field the day of the
    law comes from, on the member's fact it names (with the person's name), or on the whole.
    The rules' own words, technical and in English, follow in brackets."""
    detail = error.message
    if error.field == "date":
        message = _("The rules cannot assess %(benefit)s on %(day)s (%(detail)s).")
        values = {"benefit": spec.label, "day": day_text(day), "detail": detail}
        return ValidationError({day_field: message % values})
    found = member_field(error)
    if found is not None and household is not None and found[0] < household.size:
        member = household.members[found[0]]
        who = _person_named(member.id, persons)
        if found[1] == "birth_date":
            message = _(
                "%(person)s: the birth date (%(birth)s) is after %(day)s, the day the law is "
                "applied on."
            )
            values = {"person": who, "birth": day_text(member.birth_date), "day": day_text(day)}
            return ValidationError({"birth_date": message % values})
        message = _("%(person)s: the rules cannot use this fact (%(detail)s).")
        return ValidationError({found[1]: message % {"person": who, "detail": detail}})
    if error.field == "household.supplements":
        message = _("The supplements asked for are not ones the rules know (%(detail)s).")
        return ValidationError({"supplements": message % {"detail": detail}})
    message = _("The rules cannot assess %(benefit)s (%(detail)s).")
    return ValidationError({NON_FIELD_ERRORS: message % {"benefit": spec.label, "detail": detail}})


def _amount_shown(amount: Any) -> str | None:
    return None if amount is None else zl(amount)


def _save(
    *,
    actor: User,
    application: Application,
    spec: BenefitSpec,
    day: datetime.date,
    period: Mapping[str, Any],
    household: Mapping[str, Any],
    persons: Mapping[str, int],
    result: Result | None,
    flags: Iterable[str],
    supersedes: Assessment | None,
    reindexation: Reindexation | None = None,
) -> Assessment:
    raised = [AssessmentFlag.UNVERIFIED] if result is not None and result.unverified else []
    assessment = Assessment(
        application=application,
        benefit=spec.code.value,
        day=day,
        period_kind=period["kind"],
        period_start=period["start"],
        period_end=period["end"],
        household=dict(household),
        persons=dict(persons),
        result=_no_rules_json(spec, period) if result is None else result_to_json(result),
        eligible=True if result is None else result.eligible,
        amount=None if result is None or result.amount is None else grosze(result.amount),
        rules_version=rules_version(),
        flags=[str(flag) for flag in (*flags, *raised)],
        supersedes=supersedes,
        reindexation=reindexation,
        made_by=actor,
    )
    # No warning is an empty list, which the field (not blank) would take for a missing value.
    assessment.full_clean(exclude=["flags"])
    assessment.save()
    return assessment


def _details(assessment: Assessment, spec: BenefitSpec) -> dict[str, Any]:
    return {
        "assessment_id": assessment.pk,
        "benefit": str(spec.label),
        "benefit_code": spec.code.value,
        "day": assessment.day.isoformat(),
        "eligible": assessment.eligible,
        "amount": _amount_shown(assessment.amount),
        "flags": list(assessment.flags),
        "supersedes_id": assessment.supersedes_id,
    }


# ---------------------------------------------------------------------------------------------
# The services
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def assessment_create(*, actor: User, application: Application, benefit: str) -> Assessment:
    """Assess `benefit`, one the application asks for, from the registry and the application's
    facts as they are now, and freeze it."""
    if not policy.can(actor, benefits_policy.EDIT_APPLICATION, application):
        raise PermissionDenied
    _lock(application)
    if not application.requested.filter(benefit=benefit).exists():
        raise ValidationError({"benefit": _("The application does not ask for this benefit.")})
    spec = BENEFITS[benefit]
    day_field = law_day_field(application, benefit)
    try:
        built = build_input(application, benefit)
    except RulesInputError as error:
        raise _field_error(
            error,
            household=None,
            persons={},
            day_field=day_field,
            day=application.received_on,
            spec=spec,
        ) from error
    try:
        result = _compute(spec, built.household, built.day)
    except RulesInputError as error:
        raise _field_error(
            error,
            household=built.household,
            persons=built.persons,
            day_field=day_field,
            day=built.day,
            spec=spec,
        ) from error
    latest = (
        Assessment.objects.filter(application=application, benefit=benefit)
        .order_by("-made_at", "-pk")
        .first()
    )
    period = {"kind": built.period_kind, "start": built.period_start, "end": built.period_end}
    assessment = _save(
        actor=actor,
        application=application,
        spec=spec,
        day=built.day,
        period=period,
        household=built.household_json,
        persons=built.persons,
        result=result,
        flags=built.flags,
        supersedes=latest,
    )
    if application.state == ApplicationState.REGISTERED:
        # The first assessment is the start of the work on the application.
        application.state = ApplicationState.IN_PROGRESS
        application._history_user = actor  # type: ignore[attr-defined]
        application.save(update_fields=["state", "updated_at"])
    record_action(
        actor=actor,
        action=ASSESSMENT_CREATE,
        subjects=[application.household, application, assessment],
        details=_details(assessment, spec),
    )
    return assessment


@transaction.atomic
def assessment_recompute(
    *,
    actor: User,
    assessment: Assessment,
    day: datetime.date,
    reindexation: Reindexation | None = None,
) -> Assessment:
    """The frozen household of `assessment` computed on `day` with the parameters in force
    then, as a new assessment superseding it; the casework's warnings are those of `day`.

    Part of a re-indexation (`benefits.reindex`, a run over every award) or, without one, a
    clerk's work on the open application (`benefits.edit_application`)."""
    application = assessment.application
    allowed = (
        policy.can(actor, benefits_policy.REINDEX)
        if reindexation is not None
        else policy.can(actor, benefits_policy.EDIT_APPLICATION, application)
    )
    if not allowed:
        raise PermissionDenied
    _lock(application)
    spec = BENEFITS[assessment.benefit]
    household = rules.household_from_dict(assessment.household)
    try:
        result = _compute(spec, household, day)
    except RulesInputError as error:
        raise _field_error(
            error,
            household=household,
            persons=assessment.persons,
            day_field="day",
            day=day,
            spec=spec,
        ) from error
    period = {
        "kind": assessment.period_kind,
        "start": assessment.period_start,
        "end": assessment.period_end,
    }
    recomputed = _save(
        actor=actor,
        application=application,
        spec=spec,
        day=day,
        period=period,
        household=assessment.household,
        persons=assessment.persons,
        result=result,
        flags=casework_flags(application.household, spec, day),
        supersedes=assessment,
        reindexation=reindexation,
    )
    record_action(
        actor=actor,
        action=ASSESSMENT_RECOMPUTE,
        subjects=[application.household, application, recomputed],
        details=_details(recomputed, spec),
    )
    return recomputed
