"""Starting a run, the awards it goes through, and the run itself: its passes over the awards in
locked batches (written by `batch`), its counters and its end."""

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ostoja.accounts.models import User
from ostoja.benefits import policy as benefits_policy
from ostoja.benefits.models import Award, Reindexation, ReindexItem, ReindexOutcome, ReindexState
from ostoja.benefits.services.reindex.batch import _reindex_batch
from ostoja.benefits.services.reindex.changes import is_change_day, reindexed_benefits
from ostoja.benefits.services.reindex.common import (
    CLERK_AMOUNT_RULES,
    CLERK_AMOUNT_SETTING,
    KEEP_WITHIN_BOUNDS,
    logger,
)
from ostoja.core import policy
from ostoja.core.actions import action_kind, record_action

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

BATCH_SIZE = 500
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
