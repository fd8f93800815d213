"""Re-indexation: when the law's parameters change on a day (the criteria of art. 8 u.p.s. with
the amounts of art. 9 ust. 5, the yearly amount of świadczenie pielęgnacyjne of art. 17 ust. 3d
u.ś.r.), every monthly award in force that day is assessed again from the household its decision
was computed with, and an amending decision is drafted for each award whose amount changes
(art. 106 ust. 5 u.p.s., art. 32 ust. 1 u.ś.r.: the decision is changed ex officio).

One run per day of change (`Reindexation` is unique per `effective_on`); starting a run again
queues the same run once more. The run (`reindexation_run`, a background task) is resumable and
idempotent: an award is processed in one transaction that first claims the award's item in the
run (unique per run and award) and ends with the item saved beside the draft, so a run killed
half-way and run again goes on where it stopped, and two workers on the same run never draft
twice (the second one's claim fails on the constraint and that award is left to the first).

What becomes of each award (`ReindexOutcome`):
* the new amount equals the old one: UNCHANGED (the new assessment is kept as the proof);
* it differs: CHANGED, with a draft decision of kind CHANGE effective that day;
* the rules find no right any more: NOT_ELIGIBLE, without a draft: whether the award is revoked
  is the clerk's decision (the family may have another ground the frozen input does not show);
* anything else (no assessment to start from, a refusal of the drafting checks, an amount the
  rules do not split between several awards): ERROR with the message, and the run goes on.
  Starting the run again retries the awards that ended in an error.

For a benefit whose amount is the clerk's (`amount_by_clerk`: zasiłek okresowy, whose amount is
anything from the minimum share of the difference to the difference, art. 38 ust. 2–4 u.p.s.)
the clerk's amount stays while it lies within the new range and is brought to the nearer bound
otherwise; the setting `OSTOJA_REINDEX_CLERK_AMOUNT` ("bounds", the default, or "share": the
same share of the new maximum) chooses (docs/legal/choices.md).
"""

import datetime
import functools
import logging
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import DatabaseError, IntegrityError, InterfaceError, OperationalError, transaction
from django.db.models import Count, Exists, Max, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from ostoja.accounts.models import User
from ostoja.benefits import policy as benefits_policy
from ostoja.benefits.assessment_input import CONDUCTED_KINDS, COOPERATION_MONTHS
from ostoja.benefits.catalogue import BENEFITS, Act, Benefit, BenefitSpec
from ostoja.benefits.drafting import BENEFIT_FORMS, draft_texts, polish_date
from ostoja.benefits.models import (
    EDITABLE_STATES,
    Application,
    Assessment,
    AssessmentFlag,
    Award,
    Decision,
    DecisionKind,
    DecisionLine,
    DecisionState,
    Reindexation,
    ReindexItem,
    ReindexOutcome,
    ReindexState,
)
from ostoja.benefits.services.assessments import (
    ASSESSMENT_RECOMPUTE,
    assessment_recompute,
    result_to_json,
    rules_version,
)
from ostoja.benefits.services.configuration import valid_authorisation
from ostoja.benefits.services.decisions import (
    DECISION_DRAFT,
    LineData,
    SignManyResult,
    decision_draft,
    decision_submit,
    decisions_sign_many,
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
from ostoja.core.actions import action_kind, record_action
from ostoja.core.models import ActionRecord, ActionSubject
from ostoja.core.money import format_pln
from ostoja.registry.models import Membership, Person
from ostoja.registry.policy import households_visible_to
from ostoja.rules.benefits import calculate
from ostoja.rules.errors import RulesInputError
from ostoja.rules.household import household_from_dict
from ostoja.rules.parameters import default_parameters
from ostoja.rules.result import grosze, zl

logger = logging.getLogger(__name__)

REINDEX_START = action_kind(
    "benefits.reindex_start",
    gettext_lazy("Re-indexation started"),
    gettext_lazy("parameters changing on %(day)s"),
)
REINDEX_REQUEUE = action_kind(
    "benefits.reindex_requeue",
    gettext_lazy("Re-indexation queued again"),
    gettext_lazy("parameters changing on %(day)s; awards with an error tried again: %(retried)s"),
)
REINDEX_SIGN_ALL = action_kind(
    "benefits.reindex_sign_all",
    gettext_lazy("Drafts of a re-indexation signed"),
    gettext_lazy("%(signed)s signed, %(refused)s refused"),
)

BATCH_SIZE = 500
# The setting choosing what becomes of an amount the clerk set (see the module's docstring).
CLERK_AMOUNT_SETTING = "OSTOJA_REINDEX_CLERK_AMOUNT"
KEEP_WITHIN_BOUNDS = "bounds"
KEEP_SHARE = "share"
CLERK_AMOUNT_RULES = (KEEP_WITHIN_BOUNDS, KEEP_SHARE)
# The trees of parameters whose changes the start form lists (the acts the benefits are under).
PARAMETER_TREES = ("pomoc_spoleczna.", "swiadczenia_rodzinne.")
# Errors of the database connection itself: the run cannot go on, every award would fail.
FATAL_ERRORS = (OperationalError, InterfaceError)
# Zasiłek rodzinny is granted for a benefit period (art. 24 u.ś.r.) and its amounts change with
# a new period, for which the family applies again; the rules' amount is also the first month's
# total with the one-off supplements, which no monthly award equals. It is not re-indexed.
SET_FOR_A_BENEFIT_PERIOD = frozenset({Benefit.ZASILEK_RODZINNY.value})
# Świadczenie pielęgnacyjne: from this day the rules compute only the new right (the care of a
# person under 18); a carer of an adult keeps a right granted before it under the earlier rules.
CARE_BENEFIT_NEW_RULES_FROM = datetime.date(2024, 1, 1)
CARE_BENEFIT_AMOUNT = "swiadczenia_rodzinne.swiadczenie_pielegnacyjne.kwota"
# What the run reads of each award with it, in the one query of a batch.
AWARD_RELATED = (
    "decision",
    "decision__party",
    "decision__assessment__application__household",
    "household",
    "person",
    "payee",
)
# How many passes a run makes over its awards (the later ones find what a killed worker left).
PASSES = 3
# How far back the chain of segments is followed to find the assessment a decision rests on
# (a resumption without a line of its own continues the terms of the segment before it).
CHAIN_LIMIT = 20


class ReindexProblem(Exception):
    """An award the run cannot re-index by itself, with the message for the clerk."""


# ---------------------------------------------------------------------------------------------
# What is re-indexed, and on which days
# ---------------------------------------------------------------------------------------------


def reindexed_benefits() -> tuple[str, ...]:
    """The benefits re-indexed: monthly cash benefits whose amount the rules compute (the
    catalogue's `rules` names a calculation, not "kryterium" nor None), but zasiłek rodzinny
    (`SET_FOR_A_BENEFIT_PERIOD`)."""
    return tuple(
        code
        for code, benefit in BENEFITS.items()
        if benefit.monthly
        and benefit.cash
        and benefit.rules not in (None, "kryterium")
        and code not in SET_FOR_A_BENEFIT_PERIOD
    )


@dataclass(frozen=True)
class ParameterChange:
    """A day on which parameters of the acts change, with what changes."""

    day: datetime.date
    descriptions: tuple[str, ...]


def parameter_changes(*, since: datetime.date | None = None) -> list[ParameterChange]:
    """The days on which a parameter of social assistance or family benefits takes a new value
    (or ends), latest first, from `since` on; each with the parameters' descriptions."""
    by_day: dict[datetime.date, list[str]] = {}
    for name, parameter in default_parameters().parameters.items():
        if not name.startswith(PARAMETER_TREES):
            continue
        for value in parameter.values[1:]:
            if since is None or value.start >= since:
                by_day.setdefault(value.start, []).append(parameter.description)
    return [
        ParameterChange(day, tuple(sorted(set(descriptions))))
        for day, descriptions in sorted(by_day.items(), reverse=True)
    ]


def is_change_day(day: datetime.date) -> bool:
    return any(change.day == day for change in parameter_changes(since=day))


# ---------------------------------------------------------------------------------------------
# Starting a run
# ---------------------------------------------------------------------------------------------


def _enqueue(reindexation_id: int) -> None:
    """Queue the run's task and keep its id (after the commit: the worker must find the row)."""
    from ostoja.benefits.tasks import run_reindexation

    result = run_reindexation.enqueue(reindexation_id)
    Reindexation.objects.filter(pk=reindexation_id).update(task_id=str(result.id)[:64])


@transaction.atomic
def reindexation_start(*, actor: User, effective_on: datetime.date) -> Reindexation:
    """Queue the re-indexation of the day `effective_on` parameters change on.

    The run of that day is created once; starting it again (it was killed, it failed, or
    awards were granted since) queues the same run again, as the member of staff who starts it
    now, and tries again the awards that ended in an error. The task is queued when the
    transaction commits."""
    if not policy.can(actor, benefits_policy.REINDEX):
        raise PermissionDenied
    if not is_change_day(effective_on):
        raise ValidationError(
            {
                "effective_on": _(
                    "No parameter of social assistance or family benefits changes on %(day)s: "
                    "choose one of the days listed."
                )
                % {"day": f"{effective_on:%d.%m.%Y}"}
            }
        )
    run, created = Reindexation.objects.get_or_create(
        effective_on=effective_on, defaults={"started_by": actor}
    )
    details: dict[str, Any] = {"reindexation_id": run.pk, "day": f"{effective_on:%d.%m.%Y}"}
    if created:
        record_action(actor=actor, action=REINDEX_START, subjects=[run], details=details)
    else:
        run = Reindexation.objects.select_for_update().get(pk=run.pk)
        retried, _deleted = run.items.filter(outcome=ReindexOutcome.ERROR).delete()
        run.state = ReindexState.QUEUED
        run.started_by = actor
        run.task_id = ""
        run.error = ""
        run.finished_at = None
        run.version += 1
        run.save()
        _store_counters(run)
        details["retried"] = retried
        record_action(actor=actor, action=REINDEX_REQUEUE, subjects=[run], details=details)
    reindexation_id = run.pk
    transaction.on_commit(lambda: _enqueue(reindexation_id))
    return run


# ---------------------------------------------------------------------------------------------
# The awards a run goes through
# ---------------------------------------------------------------------------------------------


def affected_awards(effective_on: datetime.date) -> QuerySet[Award]:
    """The monthly awards in force on `effective_on`, not suspended, of the benefits re-indexed,
    with their decision (its party and its assessment with the application and its household),
    the family, the person and the payee, in one query, by id."""
    return (
        Award.objects.in_force_on(effective_on)
        .monthly()
        .filter(suspended=False, benefit__in=reindexed_benefits())
        .select_related(*AWARD_RELATED)
        .order_by("pk")
    )


def _pending(run: Reindexation, *, related: bool = True) -> QuerySet[Award]:
    """The awards of the run still without an item, but the segments its own signed decisions
    started (they are the result of the run, not its input); `related` false: the awards
    alone, without what `affected_awards` reads with them."""
    done = ReindexItem.objects.filter(reindexation=run, award=OuterRef("pk"))
    awards = affected_awards(run.effective_on)
    if not related:
        awards = awards.select_related(None)
    return awards.exclude(decision__reindexation=run).filter(~Exists(done))


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


# ---------------------------------------------------------------------------------------------
# The run
# ---------------------------------------------------------------------------------------------


def _clerk_amount_rule() -> str:
    rule = str(getattr(settings, CLERK_AMOUNT_SETTING, KEEP_WITHIN_BOUNDS))
    if rule not in CLERK_AMOUNT_RULES:
        raise ImproperlyConfigured(
            f"{CLERK_AMOUNT_SETTING} must be one of {', '.join(CLERK_AMOUNT_RULES)}, not {rule!r}"
        )
    return rule


def _store_counters(run: Reindexation) -> None:
    """The counters from the items themselves: right however many workers added them."""
    counts = dict(
        ReindexItem.objects.filter(reindexation=run)
        .order_by()
        .values("outcome")
        .annotate(count=Count("pk"))
        .values_list("outcome", "count")
    )
    run.processed = sum(counts.values())
    run.changed = counts.get(ReindexOutcome.CHANGED, 0)
    run.unchanged = counts.get(ReindexOutcome.UNCHANGED, 0)
    run.errors = counts.get(ReindexOutcome.ERROR, 0)
    Reindexation.objects.filter(pk=run.pk).update(
        processed=run.processed, changed=run.changed, unchanged=run.unchanged, errors=run.errors
    )


def _total(run: Reindexation) -> int:
    return ReindexItem.objects.filter(reindexation=run).count() + _pending(run).count()


def _begin(reindexation_id: int) -> Reindexation:
    with transaction.atomic():
        run = Reindexation.objects.select_for_update().get(pk=reindexation_id)
        run.state = ReindexState.RUNNING
        run.started_at = timezone.now()
        run.finished_at = None
        run.error = ""
        run.total = _total(run)
        run.save(update_fields=["state", "started_at", "finished_at", "error", "total"])
    _store_counters(run)
    return run


def _finish(run: Reindexation, *, error: BaseException | None = None) -> Reindexation:
    run.total = _total(run)
    run.state = ReindexState.DONE if error is None else ReindexState.FAILED
    run.error = "" if error is None else f"{type(error).__name__}: {error}"
    run.finished_at = timezone.now()
    Reindexation.objects.filter(pk=run.pk).update(
        total=run.total, state=run.state, error=run.error, finished_at=run.finished_at
    )
    _store_counters(run)
    return run


def reindexation_run(reindexation_id: int) -> Reindexation:
    """Do the run's work (the task calls this): every award of the run without an item yet,
    in batches of `BATCH_SIZE`, the counters after each batch; DONE at the end, or FAILED with
    the error when the run itself breaks (an error of one award does not: it becomes an ERROR
    item).

    A batch is one transaction (`_reindex_batch`). It locks its awards with SKIP LOCKED, so a
    second worker on the same run takes other awards instead of waiting, and reads their items
    again once they are locked; a pass that locked nothing ends the run, and the run passes
    over the awards again (up to `PASSES`) for any a killed worker left behind. The unique
    item per run and award stays the last guard. The run acts as the member of staff who
    started it: the assessments and the drafts are theirs, and so are the checks of the
    services."""
    run = _begin(reindexation_id)
    try:
        rule = _clerk_amount_rule()
        actor = run.started_by
        for _pass in range(PASSES):
            if not _one_pass(run, actor=actor, rule=rule):
                break
    except Exception as error:
        logger.exception("re-indexation %s failed", run.pk)
        _finish(run, error=error)
        raise
    return _finish(run)


def _one_pass(run: Reindexation, *, actor: User, rule: str) -> bool:
    """One pass over the pending awards in order of id; whether it did anything."""
    after = 0
    worked = False
    while True:
        with transaction.atomic():
            batch, last = _lock_batch(run, after=after)
            if last is None:
                return worked
            after = last
            if batch:
                _reindex_batch(run, batch, actor=actor, rule=rule)
                worked = True
        _store_counters(run)


def _lock_batch(run: Reindexation, *, after: int) -> tuple[list[Award], int | None]:
    """The next pending awards after id `after`, locked (those another worker holds are
    skipped), less those another worker has finished in the meantime; and the last id locked,
    where the next batch starts (None: nothing is left to lock)."""
    # The ids first, locked, from the awards' table alone (the joins of `affected_awards` over
    # every award of the city, then sorted and cut, made this half a second a batch); then the
    # awards with what the run reads of them, by those ids, but the basis's result, the largest
    # JSON of all, which only the "share" rule of a clerk's amount reads (then by itself).
    ids = list(
        _pending(run, related=False)
        .filter(pk__gt=after)
        .select_for_update(skip_locked=True, of=("self",))
        .values_list("pk", flat=True)[:BATCH_SIZE]
    )
    awards = affected_awards(run.effective_on).defer("decision__assessment__result")
    batch = list(awards.filter(pk__in=ids))
    done = set(
        ReindexItem.objects.filter(
            reindexation=run, award_id__in=[award.pk for award in batch]
        ).values_list("award_id", flat=True)
    )
    return [award for award in batch if award.pk not in done], (ids[-1] if ids else None)


# ---------------------------------------------------------------------------------------------
# One award through the services (the reference path)
# ---------------------------------------------------------------------------------------------


def _reindex_award(
    run: Reindexation, award: Award, *, actor: User, rule: str, siblings: Counter[tuple[int, str]]
) -> None:
    """One award through `assessment_recompute` and `decision_draft`, in its own savepoint;
    its failure becomes an ERROR item with the services' message."""
    try:
        with transaction.atomic():
            item = ReindexItem.objects.create(
                reindexation=run, award=award, outcome=ReindexOutcome.ERROR
            )
            _assess(run, award, item, actor=actor, rule=rule, siblings=siblings)
    except FATAL_ERRORS:
        raise
    except IntegrityError as error:
        if ReindexItem.objects.filter(reindexation=run, award=award).exists():
            return  # another worker of the same run has taken this award
        _record_error(run, award, error)
    except Exception as error:
        _record_error(run, award, error)


def _message(error: Exception) -> str:
    if isinstance(error, ReindexProblem):
        return str(error)
    if isinstance(error, ValidationError):
        return " ".join(str(message) for message in error.messages)
    if isinstance(error, PermissionDenied):
        return _(
            "The member of staff who started the run may not draft decisions for this family: "
            "a person who sees every family starts it again."
        )
    return f"{type(error).__name__}: {error}"


def _record_error(run: Reindexation, award: Award, error: Exception) -> None:
    if not isinstance(error, ReindexProblem | ValidationError | PermissionDenied):
        logger.error("re-indexation %s: award %s failed", run.pk, award.pk, exc_info=error)
    try:
        with transaction.atomic():
            ReindexItem.objects.create(
                reindexation=run,
                award=award,
                outcome=ReindexOutcome.ERROR,
                old_amount=award.amount,
                message=_message(error),
            )
    except IntegrityError:
        pass  # another worker of the same run has recorded this award meanwhile


def basis_of(award: Award) -> Assessment | None:
    """The assessment of the award's benefit that its decision rests on: the decision's own,
    or, for a segment whose decision has none of it (a resumption continuing earlier terms),
    that of the segment it continues, and so on back."""
    segment: Award | None = award
    for _step in range(CHAIN_LIMIT):
        if segment is None:
            return None
        assessment = segment.decision.assessment
        if assessment is not None and assessment.benefit == award.benefit:
            return assessment
        segment = segment.continues
    return None


def _no_basis() -> ReindexProblem:
    return ReindexProblem(
        _(
            "The decision awarding this benefit rests on no assessment of it: assess the family "
            "again and decide by hand."
        )
    )


def _starts_on_the_day() -> ReindexProblem:
    return ReindexProblem(
        _(
            "The award begins on the day of the change, so a decision changing it from that day "
            "cannot end it: correct the decision that awards it."
        )
    )


@dataclass
class _Outcome:
    """What the new assessment means for the award, before anything is drafted."""

    outcome: str
    amount: Decimal | None = None
    note: str = ""
    message: str = ""


def _outcome(
    run: Reindexation,
    award: Award,
    *,
    basis: Assessment,
    assessment: Assessment,
    rule: str,
    siblings: Counter[tuple[int, str]],
) -> _Outcome:
    """NOT_ELIGIBLE, UNCHANGED or CHANGED with the new amount; a `ReindexProblem` otherwise."""
    day = run.effective_on
    if not assessment.eligible:
        message = _not_eligible_message(award, basis, assessment, day)
        return _Outcome(ReindexOutcome.NOT_ELIGIBLE, message=message)
    amount, note = new_amount(
        award,
        basis=basis,
        assessment=assessment,
        rule=rule,
        siblings=siblings[(award.decision_id, award.benefit)],
    )
    if amount == award.amount:
        return _Outcome(ReindexOutcome.UNCHANGED, amount=amount)
    if award.valid_from >= day:
        raise _starts_on_the_day()
    return _Outcome(ReindexOutcome.CHANGED, amount=amount, note=note)


def _assess(
    run: Reindexation,
    award: Award,
    item: ReindexItem,
    *,
    actor: User,
    rule: str,
    siblings: Counter[tuple[int, str]],
) -> None:
    basis = basis_of(award)
    if basis is None:
        raise _no_basis()
    day = run.effective_on
    assessment = assessment_recompute(actor=actor, assessment=basis, day=day, reindexation=run)
    found = _outcome(run, award, basis=basis, assessment=assessment, rule=rule, siblings=siblings)
    item.assessment = assessment
    item.old_amount = award.amount
    item.outcome = found.outcome
    item.new_amount = found.amount
    item.message = found.message
    if found.outcome == ReindexOutcome.CHANGED:
        assert found.amount is not None
        content = _draft_content(
            run, award, assessment=assessment, amount=found.amount, note=found.note
        )
        item.decision = decision_draft(
            actor=actor,
            kind=DecisionKind.CHANGE,
            act=content.act,
            household=award.household,
            party=award.decision.party,
            assessment=assessment,
            changes=award.decision,
            effective_from=day,
            lines=[content.line],
            reindexation=run,
            legal_basis=content.texts["legal_basis"],
            operative=content.texts["operative"],
            justification_facts=content.texts["justification_facts"],
            justification_law=content.texts["justification_law"],
            appeal_instruction=content.texts["appeal_instruction"],
            distribution=content.texts["distribution"],
        )
    item.save()


def _reasons_text(assessment: Assessment) -> str:
    reasons = assessment.result.get("reasons", [])
    texts = (str(reason.get("text") or "").strip() for reason in reasons)
    return " ".join(text for text in texts if text)


def _not_eligible_message(
    award: Award, basis: Assessment, assessment: Assessment, day: datetime.date
) -> str:
    message = _(
        "The rules in force on %(day)s find no right to the benefit: %(reasons)s No decision "
        "was drafted: whether to revoke it is the clerk's decision."
    ) % {"day": f"{day:%d.%m.%Y}", "reasons": _reasons_text(assessment)}
    if (
        award.benefit == Benefit.SWIADCZENIE_PIELEGNACYJNE
        and basis.day < CARE_BENEFIT_NEW_RULES_FROM <= day
    ):
        amount = default_parameters().at(day).get(CARE_BENEFIT_AMOUNT)
        message += " " + _(
            "The benefit was granted before 1 January 2024 under the earlier rules, under which "
            "a carer keeps the right; the rules compute only the new right, so the clerk sets "
            "the amount from %(day)s (%(amount)s) by hand."
        ) % {"day": f"{day:%d.%m.%Y}", "amount": format_pln(amount)}
    return message


def _amount(result: dict[str, Any], key: str) -> Decimal | None:
    value = result.get(key)
    return None if value is None else Decimal(str(value))


def new_amount(
    award: Award, *, basis: Assessment, assessment: Assessment, rule: str, siblings: int = 1
) -> tuple[Decimal, str]:
    """The award's amount from the day of the change, and a sentence for the justification when
    the amount is not simply the rules' (a clerk's amount brought within the new range).

    * The clerk's amount (`amount_by_clerk`) stays while it lies within the new range
      [amount_min, amount_max], else it becomes the nearer bound (`rule` "bounds"); or, with
      `rule` "share", it keeps its share of the maximum, rounded half up to the grosz, within the
      range.
    * Otherwise the rules' amount, when the award is the decision's only one of the benefit;
      where the decision splits the benefit among several awards the rules' total is not split
      automatically: unchanged if the total is the same, a problem for the clerk if not."""
    spec = BENEFITS[award.benefit]
    if assessment.amount is None:
        raise ReindexProblem(_("The rules give no amount for this benefit: decide by hand."))
    if spec.amount_by_clerk:
        return _clerk_amount(award, basis=basis, assessment=assessment, spec=spec, rule=rule)
    if siblings > 1:
        if basis.amount == assessment.amount and award.amount is not None:
            return award.amount, ""
        raise ReindexProblem(
            _(
                "The assessed amount (%(old)s, from %(day)s %(new)s) is shared by several "
                "benefits of the decision: set the new amount of each by hand."
            )
            % {
                "old": format_pln(basis.amount),
                "new": format_pln(assessment.amount),
                "day": f"{assessment.day:%d.%m.%Y}",
            }
        )
    return assessment.amount, ""


def _clerk_amount(
    award: Award, *, basis: Assessment, assessment: Assessment, spec: BenefitSpec, rule: str
) -> tuple[Decimal, str]:
    low = _amount(assessment.result, "amount_min")
    high = _amount(assessment.result, "amount_max")
    if low is None or high is None or award.amount is None:
        raise ReindexProblem(
            _("The range of the clerk's amount is not known: set the new amount by hand.")
        )
    day = _polish_date(assessment.day)
    old_high = _amount(basis.result, "amount_max") if rule == KEEP_SHARE else None
    if old_high:
        target = min(max(grosze(award.amount * high / old_high), low), high)
        return target, (
            f"Zachowano udział dotychczasowej kwoty {format_pln(award.amount)} w kwocie "
            f"najwyższej ({format_pln(old_high)}), która od {day} wynosi {format_pln(high)}."
        )
    if award.amount < low:
        return low, (
            f"Dotychczasowa kwota {format_pln(award.amount)} jest niższa od najniższej kwoty "
            f"świadczenia należnej od {day} ({format_pln(low)}), dlatego podwyższa się ją do tej "
            f"kwoty ({spec.article} ust. 3 i 4 u.p.s.)."
        )
    if award.amount > high:
        return high, (
            f"Dotychczasowa kwota {format_pln(award.amount)} jest wyższa od najwyższej kwoty "
            f"świadczenia należnej od {day} ({format_pln(high)}), dlatego obniża się ją do tej "
            f"kwoty ({spec.article} ust. 2 u.p.s.)."
        )
    return award.amount, ""


def _changed_parameters(assessment: Assessment, day: datetime.date) -> list[str]:
    """The parameters the new assessment used that take their value on `day`, in words."""
    known = default_parameters().parameters
    changed = []
    for used in assessment.result.get("parameters_used", []):
        if used.get("start") != day.isoformat() or used.get("name") not in known:
            continue
        parameter = known[used["name"]]
        value = Decimal(str(used["value"]))
        shown = format_pln(value) if parameter.unit == "zł" else f"{value.normalize():f}"
        changed.append(f"{parameter.description} – {shown} ({used.get('reference', '')})")
    return changed


def _change_sentences(award: Award, *, assessment: Assessment, amount: Decimal, note: str) -> str:
    """The factual justification's opening: what changed on the day and what follows."""
    day = _polish_date(assessment.day)
    changed = _changed_parameters(assessment, assessment.day)
    what = f": {'; '.join(changed)}" if changed else ""
    genitive = BENEFIT_FORMS[award.benefit][1]
    number = award.decision.number or "—"
    sentences = [
        f"Z dniem {day} zmieniły się przepisy, od których zależy wysokość świadczenia{what}.",
        f"Wysokość {genitive} ustalono ponownie na podstawie danych, na których oparto decyzję "
        f"nr {number}: dotychczas {format_pln(award.amount)} miesięcznie, od {day} "
        f"{format_pln(amount)} miesięcznie.",
    ]
    if note:
        sentences.append(note)
    return " ".join(sentences)


@functools.cache
def _polish_date(day: datetime.date) -> str:
    """`polish_date`, once per day: the run writes the same day into every draft."""
    return polish_date(day)


@dataclass
class _TextLine:
    """The line as `draft_texts` reads it (`drafting.Line`), without a model to build."""

    benefit: str
    person: Person
    amount: Decimal | None
    purpose: str
    period_from: datetime.date
    period_to: datetime.date | None
    payee: Person
    method: str
    account: str


@dataclass(frozen=True)
class _DraftContent:
    act: str
    texts: dict[str, str]
    line: LineData


def _draft_content(
    run: Reindexation, award: Award, *, assessment: Assessment, amount: Decimal, note: str
) -> _DraftContent:
    """The amending decision (kind CHANGE) of the award's decision, effective on the day of the
    change: its texts (from `draft_texts`, the factual justification opened by what changed)
    and its one line: the new amount for the award's person, period, payee and payment."""
    day = run.effective_on
    spec = BENEFITS[award.benefit]
    line = LineData(
        benefit=award.benefit,
        person=award.person,
        period_from=day,
        period_to=award.valid_to,
        method=award.method,
        amount=amount,
        payee=award.payee,
        account=award.account,
    )
    drafted = draft_texts(
        kind=DecisionKind.CHANGE,
        act=spec.act,
        # The acts are cited in the consolidated texts of the day the decision is drafted.
        day=timezone.localdate(),
        party=award.decision.party,
        lines=[
            _TextLine(
                benefit=award.benefit,
                person=award.person,
                amount=amount,
                purpose="",
                period_from=day,
                period_to=award.valid_to,
                payee=award.payee,
                method=award.method,
                account=award.account,
            )
        ],
        benefits=[award.benefit],
        assessment=assessment,
        changes_number=award.decision.number,
        effective_from=day,
    )
    facts = " ".join(
        part
        for part in (
            _change_sentences(award, assessment=assessment, amount=amount, note=note),
            drafted.justification_facts,
        )
        if part
    )
    texts = {
        "legal_basis": drafted.legal_basis,
        "operative": drafted.operative,
        "justification_facts": facts,
        "justification_law": drafted.justification_law,
        "appeal_instruction": drafted.appeal_instruction,
        "distribution": drafted.distribution,
    }
    return _DraftContent(act=spec.act, texts=texts, line=line)


# ---------------------------------------------------------------------------------------------
# A batch at once: the same rows as the services write, in a few statements
# ---------------------------------------------------------------------------------------------


class _NotUsual(Exception):
    """An award the batch leaves to the services (they give the exact refusal or message)."""


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


def _relations(model: type[Any]) -> list[str]:
    return [field.name for field in model._meta.concrete_fields if field.is_relation]


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


@dataclass(frozen=True)
class _DraftingFacts:
    """What the checks of `decision_draft` read, for a batch's families at once."""

    may_register: frozenset[int]
    members_today: dict[int, set[int]]
    members_on_day: dict[int, set[int]]

    @classmethod
    def read(cls, actor: User, household_ids: set[int], day: datetime.date) -> "_DraftingFacts":
        # `benefits.register` on a family: the action's capability and the family in scope.
        register = policy.ACTIONS[benefits_policy.REGISTER]
        may = (
            set(
                households_visible_to(actor)
                .filter(pk__in=household_ids)
                .values_list("pk", flat=True)
            )
            if policy.has_capability(actor, register.capability)
            else set()
        )
        return cls(
            may_register=frozenset(may),
            members_today=_members(household_ids, timezone.localdate()),
            members_on_day=_members(household_ids, day),
        )


def _members(household_ids: set[int], day: datetime.date) -> dict[int, set[int]]:
    members: dict[int, set[int]] = {}
    rows = (
        Membership.objects.current_on(day)
        .filter(household_id__in=household_ids)
        .values_list("household_id", "person_id")
    )
    for household_id, person_id in rows:
        members.setdefault(household_id, set()).add(person_id)
    return members


def _checked_draft(
    run: Reindexation,
    award: Award,
    *,
    assessment: Assessment,
    found: _Outcome,
    actor: User,
    facts: _DraftingFacts,
) -> tuple[Decision, DecisionLine]:
    """The draft `decision_draft` would save for the award, and its line, when it passes every
    check that service makes of a change drafted without an application; `_NotUsual`
    otherwise, and the service itself then words the refusal."""
    assert found.amount is not None
    content = _draft_content(
        run, award, assessment=assessment, amount=found.amount, note=found.note
    )
    party = award.decision.party
    decision = Decision(
        kind=DecisionKind.CHANGE,
        act=content.act,
        household=award.household,
        party=party,
        application=None,
        assessment=assessment,
        changes=award.decision,
        effective_from=run.effective_on,
        immediately_enforceable=False,
        enforceability_reason="",
        grants_request_in_full=False,
        reindexation=run,
        drafted_by=actor,
        state=DecisionState.DRAFT,
        **{name: text.strip() for name, text in content.texts.items()},
    )
    data = content.line
    line = DecisionLine(
        decision=decision,
        benefit=data.benefit,
        person=data.person,
        amount=data.amount,
        purpose=data.purpose.strip(),
        period_from=data.period_from,
        period_to=data.period_to,
        payee=data.payee or party,
        method=data.method,
        account=data.account.strip(),
    )
    if not _passes_draft_checks(decision, line, assessment=assessment, facts=facts):
        raise _NotUsual
    return decision, line


def _passes_draft_checks(
    decision: Decision, line: DecisionLine, *, assessment: Assessment, facts: _DraftingFacts
) -> bool:
    """The checks of `decision_draft` for a change of one award without an application:
    `benefits.register` on the family; the fields of the decision and of its line (their
    relations are the award's own rows, which exist); the party a member today; the changed
    decision issued, of the family and the act; the assessment of the family; the benefit of
    the act, given by a decision, with an amount; the person and the payee members on the day
    the line starts, which is the day the decision takes effect. (The line's benefit and person
    are those of an award of the changed decision, as `_check_lines_continue` requires.)"""
    household_id = decision.household_id
    if household_id not in facts.may_register:
        return False
    try:
        decision.clean_fields(exclude=_relations(Decision))
        line.clean_fields(exclude=_relations(DecisionLine))
        line.clean()
    except ValidationError:
        return False
    changes = decision.changes
    benefit = BENEFITS[line.benefit]
    return (
        decision.effective_from is not None
        and decision.party_id in facts.members_today.get(household_id, set())
        and changes is not None
        and changes.is_issued
        and changes.household_id == household_id
        and changes.act == decision.act
        and assessment.application.household_id == household_id
        and benefit.act == decision.act
        and benefit.needs_decision
        and (not benefit.cash or bool(line.amount))
        and {line.person_id, line.payee_id} <= facts.members_on_day.get(household_id, set())
        and line.period_from == decision.effective_from
    )


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


# ---------------------------------------------------------------------------------------------
# Signing the run's drafts
# ---------------------------------------------------------------------------------------------


def _refusal_reasons(error: Exception) -> list[str]:
    if isinstance(error, ValidationError):
        return [str(message) for message in error.messages]
    return [_("You may not send this draft for signature.")]


def reindexation_sign_all(*, actor: User, reindexation: Reindexation) -> SignManyResult:
    """Sign every draft of the run the signer sees, each in its own transaction
    (`decisions_sign_many`). A draft still being drafted is first sent for signature by the
    signer (`decision_submit`); a refusal there or at the signature is reported with its
    reasons and does not stop the others."""
    if not policy.can(actor, benefits_policy.REINDEX):
        raise PermissionDenied
    drafts = (
        policy.visible_to(actor, Decision)
        .filter(reindexation=reindexation, state__in=[state.value for state in EDITABLE_STATES])
        .order_by("pk")
    )
    ready: list[Decision] = []
    refused: list[tuple[Decision, list[str]]] = []
    for decision in drafts:
        if decision.state == DecisionState.DRAFT:
            try:
                decision = decision_submit(actor=actor, decision=decision)
            except (ValidationError, PermissionDenied) as error:
                refused.append((decision, _refusal_reasons(error)))
                continue
        ready.append(decision)
    result = decisions_sign_many(actor=actor, decisions=ready)
    outcome = SignManyResult(signed=result.signed, refused=[*refused, *result.refused])
    with transaction.atomic():
        record_action(
            actor=actor,
            action=REINDEX_SIGN_ALL,
            subjects=[reindexation],
            details={
                "reindexation_id": reindexation.pk,
                "signed": len(outcome.signed),
                "refused": len(outcome.refused),
            },
        )
    return outcome


# ---------------------------------------------------------------------------------------------
# Reads for the screens
# ---------------------------------------------------------------------------------------------


def reindexations() -> QuerySet[Reindexation]:
    """Every run, latest day first (the list of finished tasks: no personal data in it)."""
    return Reindexation.objects.select_related("started_by").order_by("-effective_on")


def reindexation_items(
    user: User, reindexation: Reindexation, *, outcome: str = ""
) -> QuerySet[ReindexItem]:
    """The run's items of the families the user sees, by award, optionally of one outcome."""
    items = (
        policy.visible_to(user, ReindexItem)
        .filter(reindexation=reindexation)
        .select_related("award__household", "award__person", "decision")
        .order_by("pk")
    )
    return items.filter(outcome=outcome) if outcome else items


def outcome_counts(user: User, reindexation: Reindexation) -> dict[str, int]:
    """The number of the run's items of each outcome among the families the user sees."""
    rows = (
        reindexation_items(user, reindexation)
        .order_by()
        .values("outcome")
        .annotate(count=Count("pk"))
        .values_list("outcome", "count")
    )
    return dict(rows)


def drafts_to_sign(user: User, reindexation: Reindexation) -> int:
    """How many of the run's drafts, among the families the user sees, wait for a signature."""
    states = [state.value for state in EDITABLE_STATES]
    return (
        policy.visible_to(user, Decision)
        .filter(reindexation=reindexation, state__in=states)
        .count()
    )


def may_sign_drafts(user: User, reindexation: Reindexation, today: datetime.date) -> bool:
    """Whether the run's page offers the user the signing of its drafts: they may sign and
    hold an authorisation valid today for the act of one of the drafts they see (art. 268a
    k.p.a.). The signing checks each decision again."""
    if not policy.can(user, benefits_policy.SIGN):
        return False
    acts = (
        policy.visible_to(user, Decision)
        .filter(reindexation=reindexation, state__in=[state.value for state in EDITABLE_STATES])
        .values_list("act", flat=True)
        .distinct()
    )
    return any(valid_authorisation(user, act, today) is not None for act in acts)


def person_ids(items: Iterable[ReindexItem]) -> list[int]:
    """The persons a page of items shows (for the access log)."""
    return [item.award.person_id for item in items]
