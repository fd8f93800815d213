"""The cash (or postal) list printed by a task worker.

The accountant orders the print (`list_print_request`); a worker renders the PDF
(`list_print_render`) and, once it is made, records it as the list's export: the first print
sends the approved list for payment, as a bank file does. A city's cash list of two thousand
lines takes WeasyPrint half a minute (bench/README.md), longer than a request should wait.

One print per list waits at a time (a database constraint): ordering it again while it waits
shows the same print. A print a killed worker left waiting is taken back after
`STALE_AFTER` and ordered anew.
"""

import datetime
import hashlib
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ostoja.accounts.models import User
from ostoja.core.actions import action_kind, record_action
from ostoja.core.services import require
from ostoja.payments import policy as payments_policy
from ostoja.payments.models import Channel, ListPrint, PaymentList, RunState
from ostoja.payments.models.lists import PENDING_STATES
from ostoja.payments.services.lists import payment_list_export, refuse_the_preparer

logger = logging.getLogger(__name__)

LIST_PRINT_REQUEST = action_kind(
    "payments.list_print_request",
    gettext_lazy("Cash list print ordered"),
    gettext_lazy("%(number)s"),
)

# Ten times what the longest list we measured took to render.
STALE_AFTER = datetime.timedelta(minutes=5)


def _enqueue(print_id: int) -> None:
    from ostoja.payments.tasks import render_list_print

    result = render_list_print.enqueue(print_id)
    ListPrint.objects.filter(pk=print_id).update(task_id=str(result.id)[:64])


def _is_stale(printout: ListPrint, now: datetime.datetime) -> bool:
    return printout.updated_at < now - STALE_AFTER


@transaction.atomic
def list_print_request(*, actor: User, payment_list: PaymentList) -> ListPrint:
    """Order the list's print, or find the one already waiting."""
    payment_list = PaymentList.objects.select_for_update().get(pk=payment_list.pk)
    refuse_the_preparer(actor, payment_list)
    require(actor, payments_policy.EXPORT, payment_list)
    if payment_list.channel == Channel.BANK:
        raise ValidationError(_("A transfer list is sent as a bank file, not printed."))
    now = timezone.now()
    # Locked, so that a worker finishing this print now is waited for and then not found.
    waiting = payment_list.prints.select_for_update().filter(state__in=PENDING_STATES).first()
    if waiting is not None and not _is_stale(waiting, now):
        return waiting
    if waiting is not None:
        _fail(waiting, _("The print was interrupted; it was ordered again."))
    printout = ListPrint.objects.create(
        payment_list=payment_list, requested_by=actor, lines=payment_list.item_count
    )
    record_action(
        actor=actor,
        action=LIST_PRINT_REQUEST,
        subjects=[payment_list],
        details={
            "list_id": payment_list.pk,
            "number": payment_list.number,
            "print_id": printout.pk,
        },
    )
    print_id = printout.pk
    transaction.on_commit(lambda: _enqueue(print_id))
    return printout


def list_print_render(print_id: int) -> ListPrint:
    """The worker's part: render the PDF, then keep it and record the export in one
    transaction. A print already taken by another worker, or finished, is left as it is; a
    refusal or an error ends the print as failed with a message for the page."""
    printout = _take(print_id)
    if printout is None:
        return ListPrint.objects.get(pk=print_id)
    try:
        data = _render(printout.payment_list_id)
        return _keep(print_id, data)
    except (PermissionDenied, ValidationError) as refusal:
        message = " ".join(getattr(refusal, "messages", [str(refusal)])) or _(
            "You may not send this list for payment."
        )
        return _fail(ListPrint.objects.get(pk=print_id), message)
    except Exception:
        logger.exception("print %s of a payment list failed", print_id)
        return _fail(
            ListPrint.objects.get(pk=print_id),
            _("The list could not be printed; order the print again."),
        )


def _take(print_id: int) -> ListPrint | None:
    with transaction.atomic():
        printout = ListPrint.objects.select_for_update().get(pk=print_id)
        if printout.state != RunState.QUEUED:
            return None
        printout.state = RunState.RUNNING
        printout.started_at = timezone.now()
        printout.save(update_fields=["state", "started_at", "updated_at"])
        return printout


def _render(list_id: int) -> bytes:
    from ostoja.payments.documents import render_cash_list_pdf

    payment_list = PaymentList.objects.select_related("prepared_by", "approved_by").get(pk=list_id)
    return render_cash_list_pdf(payment_list)


@transaction.atomic
def _keep(print_id: int, data: bytes) -> ListPrint:
    from ostoja.payments.documents import cash_list_filename

    printout = (
        ListPrint.objects.select_for_update()
        .select_related("requested_by", "payment_list")
        .get(pk=print_id)
    )
    if printout.state != RunState.RUNNING:
        return printout
    payment_list = printout.payment_list
    printout.name = cash_list_filename(payment_list)
    printout.sha256 = hashlib.sha256(data).hexdigest()
    payment_list_export(
        actor=printout.requested_by,
        payment_list=payment_list,
        document=printout.name,
        sha256=printout.sha256,
    )
    printout.data = data
    printout.state = RunState.DONE
    printout.finished_at = timezone.now()
    printout.save()
    return printout


def _fail(printout: ListPrint, message: str) -> ListPrint:
    printout.state = RunState.FAILED
    printout.error = message
    printout.finished_at = timezone.now()
    printout.save(update_fields=["state", "error", "finished_at", "updated_at"])
    return printout
