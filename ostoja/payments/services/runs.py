"""The run of a month: starting it, and the run itself (the task's work).

Starting the month again (for a supplementary list, or after a run was killed or failed)
queues the same run. A run begins by taking back its month's draft lists (their items are
deleted and made again: nothing of a draft has been approved; a payment made again by hand
stays), goes over the entitlements in batches (`generation.run_batch`), sets the payees'
overdue undue benefits off against the month's items (`recovery.setoff`), and ends by counting
each list from its items and showing the lists generated as drafts; lists that came out empty
are removed.

A run killed half-way leaves its lists `generating`, which no page shows; the next run of the
month finds what they hold already given and completes them.
"""

import datetime
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ostoja.accounts.models import User
from ostoja.core.actions import action_kind, record_action
from ostoja.core.services import require
from ostoja.payments import policy as payments_policy
from ostoja.payments.models import (
    ItemKind,
    ListState,
    PaymentItem,
    PaymentList,
    PaymentRun,
    PaymentSettings,
    RunState,
)
from ostoja.payments.models.common import month_start
from ostoja.payments.recovery.setoff import set_off_month
from ostoja.payments.services import generation
from ostoja.payments.services.entitlements import keys_of_month

logger = logging.getLogger(__name__)

RUN_START = action_kind(
    "payments.run_start",
    gettext_lazy("Payment lists generated"),
    gettext_lazy("for %(month)s"),
)

BATCH_SIZE = 500


def _enqueue(run_id: int) -> None:
    from ostoja.payments.tasks import generate_payment_lists

    result = generate_payment_lists.enqueue(run_id)
    PaymentRun.objects.filter(pk=run_id).update(task_id=str(result.id)[:64])


@transaction.atomic
def payment_run_start(*, actor: User, month: datetime.date) -> PaymentRun:
    """Queue the generation of the lists of `month` (any day of it). The first run ever also
    fixes the first month paid with Ostoja."""
    require(actor, payments_policy.GENERATE)
    month = month_start(month)
    settings_row = PaymentSettings.objects.select_for_update().get(pk=1)
    if settings_row.first_month is None:
        settings_row.first_month = month
        settings_row.first_run_at = timezone.now()
        settings_row.save(update_fields=["first_month", "first_run_at", "updated_at"])
    elif month < settings_row.first_month:
        raise ValidationError(
            {
                "month": _(
                    "Payments with Ostoja began in %(first)s; an earlier month was paid before it."
                )
                % {"first": f"{settings_row.first_month:%m.%Y}"}
            }
        )
    run, created = PaymentRun.objects.get_or_create(month=month, defaults={"started_by": actor})
    if not created:
        run = PaymentRun.objects.select_for_update().get(pk=run.pk)
        run.state = RunState.QUEUED
        run.started_by = actor
        run.task_id = ""
        run.error = ""
        run.finished_at = None
        run.version += 1
        run.save()
    record_action(
        actor=actor,
        action=RUN_START,
        subjects=[run],
        details={"run_id": run.pk, "month": f"{month:%m.%Y}"},
    )
    run_id = run.pk
    transaction.on_commit(lambda: _enqueue(run_id))
    return run


def payment_run_execute(run_id: int, *, today: datetime.date | None = None) -> PaymentRun:
    """The run: begin, the batches, the end. Safe to run twice at once and to run again after
    it was killed; an error ends it as failed with the message kept for the page."""
    today = today or timezone.localdate()
    run = _begin(run_id)
    try:
        keys = keys_of_month(run.month)
        PaymentRun.objects.filter(pk=run.pk).update(total=len(keys), processed=0)
        context = generation.context_of(run, today=today)
        problems: list[dict[str, str]] = []
        for start in range(0, len(keys), BATCH_SIZE):
            result = generation.run_batch(context, keys[start : start + BATCH_SIZE])
            problems.extend(result.problems)
        with transaction.atomic():
            set_off_month(run.month)
    except Exception as error:
        logger.exception("payment run %s failed", run.pk)
        return _end(run, error=error, problems=[])
    return _end(run, error=None, problems=problems)


def _begin(run_id: int) -> PaymentRun:
    with transaction.atomic():
        run = PaymentRun.objects.select_for_update().get(pk=run_id)
        drafts = PaymentList.objects.filter(month=run.month, state=ListState.DRAFT)
        # What a run made it makes again; a payment made again by hand stays.
        PaymentItem.objects.filter(
            payment_list__in=drafts, kind__in=(ItemKind.REGULAR, ItemKind.TOP_UP)
        ).delete()
        drafts.update(state=ListState.GENERATING, item_count=0, total=0)
        run.state = RunState.RUNNING
        run.started_at = timezone.now()
        run.finished_at = None
        run.error = ""
        run.items_added = 0
        run.overpayments_found = 0
        run.save(
            update_fields=[
                "state",
                "started_at",
                "finished_at",
                "error",
                "items_added",
                "overpayments_found",
            ]
        )
    return run


def _end(
    run: PaymentRun, *, error: BaseException | None, problems: list[dict[str, str]]
) -> PaymentRun:
    with transaction.atomic():
        run = PaymentRun.objects.select_for_update().get(pk=run.pk)
        if error is None:
            finish_lists(run.month)
        run.state = RunState.DONE if error is None else RunState.FAILED
        run.error = "" if error is None else f"{type(error).__name__}: {error}"
        run.problems = problems
        run.finished_at = timezone.now()
        run.save(update_fields=["state", "error", "problems", "finished_at"])
    return run


def finish_lists(month: datetime.date) -> list[PaymentList]:
    """Count every list the month's runs generated from its items, remove the empty ones and
    show the rest as drafts."""
    generated = PaymentList.objects.select_for_update().filter(
        month=month, state=ListState.GENERATING
    )
    shown = []
    for payment_list in generated:
        figures = PaymentItem.objects.filter(payment_list=payment_list).aggregate(
            count=Count("pk"), total=Sum("amount")
        )
        if not figures["count"]:
            payment_list.delete()
            continue
        payment_list.item_count = figures["count"]
        payment_list.total = figures["total"]
        payment_list.state = ListState.DRAFT
        payment_list.save(update_fields=["item_count", "total", "state", "updated_at"])
        shown.append(payment_list)
    return shown
