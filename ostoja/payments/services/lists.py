"""The way of a payment list: prepared for approval, approved by another accountant, sent for
payment (the bank file downloaded, the cash list printed), paid.

Each step locks the list, checks its state and the four eyes again (the page may be old), and
writes one action. Before approval the list is counted again from its items: the total the
accountant approves is the sum of what will be paid.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ostoja.accounts.models import User
from ostoja.core.actions import action_kind, record_action
from ostoja.core.money import format_pln
from ostoja.core.services import day_text, require
from ostoja.payments import policy as payments_policy
from ostoja.payments.models import Channel, ItemState, ListState, PaymentItem, PaymentList
from ostoja.payments.services.marks import mark_items

LIST_PREPARE = action_kind(
    "payments.list_prepare",
    gettext_lazy("Payment list sent for approval"),
    gettext_lazy("%(number)s: %(count)s items, %(total)s"),
)
LIST_REOPEN = action_kind(
    "payments.list_reopen",
    gettext_lazy("Payment list returned to a draft"),
    gettext_lazy("%(number)s"),
)
LIST_APPROVE = action_kind(
    "payments.list_approve",
    gettext_lazy("Payment list approved"),
    gettext_lazy("%(number)s: %(count)s items, %(total)s"),
)
LIST_EXPORT = action_kind(
    "payments.list_export",
    gettext_lazy("Payment list sent for payment"),
    gettext_lazy("%(number)s: %(document)s, SHA-256 %(sha256)s"),
)
LIST_PAID = action_kind(
    "payments.list_paid",
    gettext_lazy("Payment list paid"),
    gettext_lazy("%(number)s, paid on %(day)s"),
)


def _locked(payment_list: PaymentList) -> PaymentList:
    return PaymentList.objects.select_for_update().get(pk=payment_list.pk)


def _details(payment_list: PaymentList) -> dict[str, object]:
    return {
        "list_id": payment_list.pk,
        "number": payment_list.number,
        "count": payment_list.item_count,
        "total": format_pln(payment_list.total),
    }


def recount(payment_list: PaymentList) -> None:
    """The list's count and total from its items; an approved total is always their sum."""
    figures = PaymentItem.objects.filter(payment_list=payment_list).aggregate(
        count=Count("pk"), total=Sum("amount")
    )
    payment_list.item_count = figures["count"] or 0
    payment_list.total = figures["total"] or Decimal(0)


def _refuse_empty(payment_list: PaymentList) -> None:
    if not payment_list.item_count:
        raise ValidationError(_("The list has no items."))


@transaction.atomic
def payment_list_prepare(*, actor: User, payment_list: PaymentList) -> PaymentList:
    """A draft goes for approval; whoever prepares it may not approve it."""
    payment_list = _locked(payment_list)
    require(actor, payments_policy.PREPARE, payment_list)
    recount(payment_list)
    _refuse_empty(payment_list)
    payment_list.state = ListState.PREPARED
    payment_list.prepared_by = actor
    payment_list.prepared_at = timezone.now()
    payment_list.save()
    record_action(
        actor=actor, action=LIST_PREPARE, subjects=[payment_list], details=_details(payment_list)
    )
    return payment_list


@transaction.atomic
def payment_list_reopen(*, actor: User, payment_list: PaymentList) -> PaymentList:
    """A list awaiting approval goes back to a draft (the next run of the month makes it
    again)."""
    payment_list = _locked(payment_list)
    require(actor, payments_policy.REOPEN, payment_list)
    payment_list.state = ListState.DRAFT
    payment_list.prepared_by = None
    payment_list.prepared_at = None
    payment_list.save()
    record_action(
        actor=actor, action=LIST_REOPEN, subjects=[payment_list], details=_details(payment_list)
    )
    return payment_list


def refuse_the_preparer(actor: User, payment_list: PaymentList) -> None:
    """The four eyes, with the reason for the page (the policy's rule refuses in silence)."""
    if payment_list.prepared_by_id == actor.pk:
        raise PermissionDenied(
            _("You prepared this list: another accountant approves it and sends it for payment.")
        )


@transaction.atomic
def payment_list_approve(*, actor: User, payment_list: PaymentList) -> PaymentList:
    """Approval by an accountant who did not prepare the list; from now on the list is
    frozen."""
    payment_list = _locked(payment_list)
    refuse_the_preparer(actor, payment_list)
    require(actor, payments_policy.APPROVE, payment_list)
    recount(payment_list)
    _refuse_empty(payment_list)
    payment_list.state = ListState.APPROVED
    payment_list.approved_by = actor
    payment_list.approved_at = timezone.now()
    payment_list.save()
    # An item set off whole against a debt leaves nothing to pay: it is paid on its day.
    set_off_whole = list(
        payment_list.items.filter(state=ItemState.PLANNED, setoff=F("amount")).only("state")
    )
    mark_items(
        actor=actor,
        items=set_off_whole,
        state=ItemState.PAID,
        on=payment_list.payment_date,
        note=_("set off against an undue benefit"),
    )
    if set_off_whole and not payment_list.items.filter(state=ItemState.PLANNED).exists():
        # Every item was set off whole: nothing is left to send, the list is paid.
        payment_list.state = ListState.PAID
        payment_list.save(update_fields=["state", "updated_at"])
    record_action(
        actor=actor, action=LIST_APPROVE, subjects=[payment_list], details=_details(payment_list)
    )
    return payment_list


def payment_list_export(
    *, actor: User, payment_list: PaymentList, document: str, sha256: str
) -> PaymentList:
    """Record that the list's file or printout (`document`, with its checksum) left for
    payment; the first time, the approved list becomes sent. Called by the bank files and the
    cash list inside their own transaction, after the file passed its validator."""
    payment_list = _locked(payment_list)
    refuse_the_preparer(actor, payment_list)
    require(actor, payments_policy.EXPORT, payment_list)
    if payment_list.state == ListState.APPROVED:
        payment_list.state = ListState.EXPORTED
        payment_list.exported_by = actor
        payment_list.exported_at = timezone.now()
        payment_list.save()
    record_action(
        actor=actor,
        action=LIST_EXPORT,
        subjects=[payment_list],
        details={**_details(payment_list), "document": document, "sha256": sha256},
    )
    return payment_list


@transaction.atomic
def payment_list_mark_paid(
    *, actor: User, payment_list: PaymentList, paid_on: datetime.date
) -> PaymentList:
    """The bank carried out the file: every item still to be paid is paid on `paid_on`.
    (A cash list is paid item by item at the desk and closed when its days are over.)"""
    from ostoja.payments.services.marks import mark_items

    payment_list = _locked(payment_list)
    require(actor, payments_policy.MARK, payment_list)
    if payment_list.channel == Channel.CASH or payment_list.state != ListState.EXPORTED:
        raise ValidationError(_("Only a transfer list sent to the bank is paid as a whole."))
    sent_on = timezone.localdate(payment_list.exported_at) if payment_list.exported_at else None
    if sent_on is not None and paid_on < sent_on:
        raise ValidationError(
            {
                "paid_on": _("The list was sent on %(day)s; it cannot be paid before.")
                % {"day": day_text(sent_on)}
            }
        )
    mark_items(
        actor=actor,
        items=payment_list.items.filter(state=ItemState.PLANNED),
        state=ItemState.PAID,
        on=paid_on,
    )
    payment_list.state = ListState.PAID
    payment_list.closed_at = timezone.now()
    payment_list.save()
    record_action(
        actor=actor,
        action=LIST_PAID,
        subjects=[payment_list],
        details={**_details(payment_list), "day": paid_on.isoformat()},
    )
    return payment_list
