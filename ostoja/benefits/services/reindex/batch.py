"""A batch at once: the same rows as the services write, in a few statements. The usual awards
of a batch are worked out without a write and then written together; every other award goes
through the services one by one (`award`)."""

import datetime
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.db.models import Count, Max
from simple_history.utils import bulk_create_with_history

from ostoja.accounts.models import User
from ostoja.benefits import policy as benefits_policy
from ostoja.benefits.assessment_input import CONDUCTED_KINDS, COOPERATION_MONTHS
from ostoja.benefits.catalogue import BENEFITS, Act, Benefit, BenefitSpec
from ostoja.benefits.models import (
    Application,
    Assessment,
    AssessmentFlag,
    Award,
    Decision,
    DecisionLine,
    Reindexation,
    ReindexItem,
    ReindexOutcome,
)
from ostoja.benefits.services.assessments import ASSESSMENT_RECOMPUTE, result_to_json, rules_version
from ostoja.benefits.services.decisions import DECISION_DRAFT
from ostoja.benefits.services.reindex.award import _Outcome, _outcome, _reindex_award, basis_of
from ostoja.benefits.services.reindex.batch_checks import _checked_draft, _DraftingFacts
from ostoja.benefits.services.reindex.common import (
    FATAL_ERRORS,
    ReindexProblem,
    _NotUsual,
    _relations,
    logger,
)
from ostoja.casework.deadlines import update_due_on
from ostoja.casework.models import (
    INTERVIEW_FIXED_STATES,
    CaseFile,
    CooperationEvent,
    CooperationEventKind,
    Interview,
    InterviewKind,
)
from ostoja.core import policy
from ostoja.core.models import ActionRecord, ActionSubject
from ostoja.rules.benefits import calculate
from ostoja.rules.errors import RulesInputError
from ostoja.rules.household import household_from_dict
from ostoja.rules.result import grosze, zl

# ---------------------------------------------------------------------------------------------
# A batch at once: the same rows as the services write, in a few statements
# ---------------------------------------------------------------------------------------------


def _siblings(run: Reindexation, batch: Sequence[Award]) -> Counter[tuple[int, str]]:
    """How many awards of the same benefit each decision of the batch has in force on the
    day: the rules' amount is the decision's total, which one award alone carries only when it
    is the only one."""
    decisions = {award.decision_id for award in batch}
    rows = (
        Award.objects.in_force_on(run.effective_on)
        .monthly()
        .filter(suspended=False, decision_id__in=decisions)
        .order_by()
        .values("decision_id", "benefit")
        .annotate(count=Count("pk"))
        .values_list("decision_id", "benefit", "count")
    )
    return Counter({(decision_id, benefit): count for decision_id, benefit, count in rows})


@dataclass
class _Plan:
    """One award of a batch, worked out and not yet written."""

    award: Award
    basis: Assessment
    assessment: Assessment
    found: _Outcome
    decision: Decision | None = None
    line: DecisionLine | None = None


def _reindex_batch(run: Reindexation, batch: Sequence[Award], *, actor: User, rule: str) -> None:
    """The batch's awards, inside the batch's transaction.

    The usual ones (the rules run on the frozen input; the outcome is clear; a draft, where the
    amount changes, passes every check `decision_draft` makes) are written together by
    `_write_plans`: the rows, action records and history `assessment_recompute` and
    `decision_draft` write, in a few statements instead of some forty per award. Every other
    award (no assessment to start from, the rules refuse the input, a check fails, a problem for
    the clerk) goes through the services one by one (`_reindex_award`), so that what it ends
    with is exactly what the services say; and if the writing of the plans fails, the whole
    batch goes that way."""
    siblings = _siblings(run, batch)
    plans, others = _plan_batch(run, batch, actor=actor, rule=rule, siblings=siblings)
    if plans:
        try:
            with transaction.atomic():
                _write_plans(run, plans, actor=actor)
        except FATAL_ERRORS:
            raise
        except DatabaseError:
            logger.exception("re-indexation %s: a batch goes award by award", run.pk)
            others = [*others, *(plan.award for plan in plans)]
    for award in sorted(others, key=lambda award: award.pk):
        _reindex_award(run, award, actor=actor, rule=rule, siblings=siblings)


def _plan_batch(
    run: Reindexation,
    batch: Sequence[Award],
    *,
    actor: User,
    rule: str,
    siblings: Counter[tuple[int, str]],
) -> tuple[list[_Plan], list[Award]]:
    """The plans of the usual awards, and the others."""
    if not policy.can(actor, benefits_policy.REINDEX):
        return [], list(batch)  # `assessment_recompute` refuses each with its own error
    day = run.effective_on
    bases = {award.pk: basis_of(award) for award in batch}
    found_bases = [basis for basis in bases.values() if basis is not None]
    _lock_applications(basis.application_id for basis in found_bases)
    flags = batch_casework_flags(
        ((basis.application.household_id, BENEFITS[basis.benefit]) for basis in found_bases), day
    )
    facts = _DraftingFacts.read(actor, {award.household_id for award in batch}, day)
    plans: list[_Plan] = []
    others: list[Award] = []
    for award in batch:
        basis = bases[award.pk]
        try:
            if basis is None:
                raise _NotUsual
            household_flags = flags[(basis.application.household_id, basis.benefit)]
            assessment = recomputed(
                actor=actor, assessment=basis, day=day, reindexation=run, flags=household_flags
            )
            found = _outcome(
                run, award, basis=basis, assessment=assessment, rule=rule, siblings=siblings
            )
            plan = _Plan(award=award, basis=basis, assessment=assessment, found=found)
            if found.outcome == ReindexOutcome.CHANGED:
                plan.decision, plan.line = _checked_draft(
                    run, award, assessment=assessment, found=found, actor=actor, facts=facts
                )
        except FATAL_ERRORS:
            raise
        except (_NotUsual, ReindexProblem, RulesInputError, ValidationError):
            others.append(award)
            continue
        except Exception:
            logger.exception("re-indexation %s: award %s left to the services", run.pk, award.pk)
            others.append(award)
            continue
        plans.append(plan)
    return plans, others


def _lock_applications(application_ids: Iterable[int]) -> None:
    """`assessment_recompute` locks the application it assesses again (its assessments
    supersede one another in order); here all of the batch's at once, by id."""
    ids = sorted(set(application_ids))
    list(Application.objects.select_for_update().filter(pk__in=ids).order_by("pk").values("pk"))


def recomputed(
    *,
    actor: User,
    assessment: Assessment,
    day: datetime.date,
    reindexation: Reindexation,
    flags: Sequence[str],
) -> Assessment:
    """What `assessment_recompute(actor=…, assessment=…, day=…, reindexation=…)` makes, not yet
    saved: the frozen household of `assessment` computed on `day` with the parameters in force
    then, superseding it, with the casework's warnings of `day` (`flags`, from
    `batch_casework_flags`), validated as the service validates it. The caller has checked
    `benefits.reindex` and locked the application; `_write_plans` saves it with the service's
    action record. A `RulesInputError` is left to the service, which words it."""
    spec = BENEFITS[assessment.benefit]
    if spec.rules is None:
        raise _NotUsual  # the service's text for a benefit the rules do not compute
    result = calculate(spec.rules, household_from_dict(assessment.household), day)
    raised = [AssessmentFlag.UNVERIFIED] if result.unverified else []
    made = Assessment(
        application=assessment.application,
        benefit=spec.code.value,
        day=day,
        period_kind=assessment.period_kind,
        period_start=assessment.period_start,
        period_end=assessment.period_end,
        household=dict(assessment.household),
        persons=dict(assessment.persons),
        result=result_to_json(result),
        eligible=result.eligible,
        amount=None if result.amount is None else grosze(result.amount),
        rules_version=rules_version(),
        flags=[str(flag) for flag in (*flags, *raised)],
        supersedes=assessment,
        reindexation=reindexation,
        made_by=actor,
    )
    # The service's full_clean, but for the relations (rows of this transaction, each kept by a
    # PROTECT foreign key of the award) and the one constraint, checked here.
    made.clean_fields(exclude=["flags", *_relations(Assessment)])
    if made.amount is not None and made.amount < 0:
        raise ValidationError("assessment_amount_not_negative")
    return made


def batch_casework_flags(
    households: Iterable[tuple[int, BenefitSpec]], day: datetime.date
) -> dict[tuple[int, str], tuple[str, ...]]:
    """`casework_flags(household, spec, day)` of `ostoja.benefits.assessment_input` for many
    (household id, benefit) at once, by (household id, benefit code): the same warnings in the
    same order, from five queries instead of five per household."""
    pairs = list(households)
    household_ids = {household_id for household_id, _spec in pairs}
    cases = dict(
        CaseFile.objects.filter(household_id__in=household_ids).values_list("household_id", "pk")
    )
    case_ids = set(cases.values())
    last_conducted = dict(
        Interview.objects.filter(
            case_id__in=case_ids,
            kind__in=CONDUCTED_KINDS,
            state__in=INTERVIEW_FIXED_STATES,
            conducted_on__isnull=False,
        )
        .order_by()
        .values("case_id")
        .annotate(last=Max("conducted_on"))
        .values_list("case_id", "last")
    )
    refusals: dict[int, list[datetime.date | None]] = {}
    for case_id, refused_on in Interview.objects.filter(
        case_id__in=case_ids, kind=InterviewKind.REFUSED
    ).values_list("case_id", "refused_on"):
        refusals.setdefault(case_id, []).append(refused_on)
    for case_id, occurred_on in CooperationEvent.objects.filter(
        case_id__in=case_ids, kind=CooperationEventKind.REFUSED_INTERVIEW
    ).values_list("case_id", "occurred_on"):
        refusals.setdefault(case_id, []).append(occurred_on)
    since = day - relativedelta(months=COOPERATION_MONTHS)
    cooperating = set(
        CooperationEvent.objects.filter(case_id__in=case_ids, occurred_on__gte=since)
        .exclude(kind=CooperationEventKind.REFUSED_INTERVIEW)
        .values_list("case_id", flat=True)
    )
    flags: dict[tuple[int, str], tuple[str, ...]] = {}
    for household_id, spec in pairs:
        case = cases.get(household_id)
        last = None if case is None else last_conducted.get(case)
        found: list[str] = []
        if spec.needs_interview and last is None:
            found.append(AssessmentFlag.INTERVIEW_MISSING)
        stale = last is not None and update_due_on(conducted_on=last) < day
        if spec.code == Benefit.ZASILEK_STALY and stale:
            found.append(AssessmentFlag.INTERVIEW_STALE)
        if case is not None and spec.act == Act.SOCIAL_ASSISTANCE:
            refused = refusals.get(case, [])
            if any(last is None or (on is not None and on > last) for on in refused):
                found.append(AssessmentFlag.INTERVIEW_REFUSED)
            if case in cooperating:
                found.append(AssessmentFlag.COOPERATION)
        flags[(household_id, spec.code.value)] = tuple(str(flag) for flag in found)
    return flags


def _write_plans(run: Reindexation, plans: Sequence[_Plan], *, actor: User) -> None:
    """Save the plans: the assessments with the action `assessment_recompute` records, the
    drafts with their history, lines and the action `decision_draft` records, and the items."""
    Assessment.objects.bulk_create([plan.assessment for plan in plans])
    _record_actions(
        actor,
        ASSESSMENT_RECOMPUTE,
        [
            (
                [plan.basis.application.household, plan.basis.application, plan.assessment],
                _assessment_details(plan.assessment),
            )
            for plan in plans
        ],
    )
    drafted = [plan for plan in plans if plan.decision is not None and plan.line is not None]
    for plan in drafted:
        assert plan.decision is not None
        plan.decision.assessment = plan.assessment
    bulk_create_with_history(
        [plan.decision for plan in drafted if plan.decision is not None],
        Decision,
        default_user=actor,
    )
    lines = []
    entries: list[tuple[list[Any], dict[str, Any]]] = []
    for plan in drafted:
        assert plan.decision is not None
        assert plan.line is not None
        plan.line.decision = plan.decision
        lines.append(plan.line)
        entries.append((_draft_subjects(plan.decision), _draft_details(plan.decision, plan.line)))
    DecisionLine.objects.bulk_create(lines)
    _record_actions(actor, DECISION_DRAFT, entries)
    ReindexItem.objects.bulk_create(
        [
            ReindexItem(
                reindexation=run,
                award=plan.award,
                outcome=plan.found.outcome,
                old_amount=plan.award.amount,
                new_amount=plan.found.amount,
                assessment=plan.assessment,
                decision=plan.decision,
                message=plan.found.message,
            )
            for plan in plans
        ]
    )


def _record_actions(
    actor: User, action: str, entries: Sequence[tuple[Sequence[Any], dict[str, Any]]]
) -> None:
    """`record_action` for many actions of one kind: each record, then its subjects (each
    record once, in the order given)."""
    records = ActionRecord.objects.bulk_create(
        [
            ActionRecord(actor=actor, action=action, details=details)
            for _subjects, details in entries
        ]
    )
    ActionSubject.objects.bulk_create(
        [
            ActionSubject(record=record, kind=kind, object_id=object_id)
            for record, (subjects, _details) in zip(records, entries, strict=True)
            for kind, object_id in dict.fromkeys(
                (subject._meta.label_lower, int(subject.pk)) for subject in subjects if subject.pk
            )
        ]
    )


def _assessment_details(assessment: Assessment) -> dict[str, Any]:
    """The details `assessment_recompute` records."""
    spec = BENEFITS[assessment.benefit]
    return {
        "assessment_id": assessment.pk,
        "benefit": str(spec.label),
        "benefit_code": spec.code.value,
        "day": assessment.day.isoformat(),
        "eligible": assessment.eligible,
        "amount": None if assessment.amount is None else zl(assessment.amount),
        "flags": list(assessment.flags),
        "supersedes_id": assessment.supersedes_id,
    }


def _draft_subjects(decision: Decision) -> list[Any]:
    """The records `decision_draft` names in its action (no application here)."""
    return [decision, decision.household, decision.party, decision.changes]


def _draft_details(decision: Decision, line: DecisionLine) -> dict[str, Any]:
    """The details `decision_draft` records."""
    return {
        "decision_id": decision.pk,
        "kind": str(decision.get_kind_display()),
        "act": str(decision.get_act_display()),
        "number": decision.number,
        "lines": f"{line.get_benefit_display()} ({line.person.full_name})",
    }
