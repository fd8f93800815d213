"""Marks on the items of a list sent for payment: paid at the cash desk (with the receipt),
returned by the bank, not collected when the cash list's days are over, paid again on a
corrected account or at the cash desk; and the reversal of a mark made by mistake.

An item's amount, payee and account never change: each mark is an `ItemEvent` and moves the
item's state; paying again is a new item (`REISSUE`) naming the one it replaces.
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ostoja.accounts.models import User
from ostoja.core.actions import action_kind, record_action
from ostoja.core.money import format_pln
from ostoja.core.services import day_text, require
from ostoja.payments import policy as payments_policy
from ostoja.payments.models import (
    BACK_AT_CENTRE,
    Channel,
    EventKind,
    ItemEvent,
    ItemKind,
    ItemState,
    ListState,
    PaymentItem,
    PaymentList,
)
from ostoja.payments.models.common import month_start
from ostoja.registry.services import person_account_change
from ostoja.registry.validators import normalize_nrb, validate_nrb

ITEM_PAID = action_kind(
    "payments.item_paid",
    gettext_lazy("Payment made at the cash desk"),
    gettext_lazy("%(reference)s: %(payee)s, %(amount)s, receipt %(receipt)s"),
)
ITEM_RETURNED = action_kind(
    "payments.item_returned",
    gettext_lazy("Transfer returned by the bank"),
    gettext_lazy("%(reference)s: %(payee)s, %(amount)s, on %(day)s"),
)
LIST_CLOSED = action_kind(
    "payments.list_closed",
    gettext_lazy("Cash list closed"),
    gettext_lazy("%(number)s: not collected %(uncollected)s"),
)
ITEM_REISSUED = action_kind(
    "payments.item_reissued",
    gettext_lazy("Payment made again"),
    gettext_lazy("%(reference)s paid again as %(new_reference)s (%(channel)s)"),
)
MARK_REVERSED = action_kind(
    "payments.mark_reversed",
    gettext_lazy("Mark of a payment reversed"),
    gettext_lazy("%(reference)s: %(mark)s reversed (%(note)s)"),
)

_EVENT_OF_STATE = {
    ItemState.PAID: EventKind.PAID,
    ItemState.RETURNED: EventKind.RETURNED,
    ItemState.UNCOLLECTED: EventKind.UNCOLLECTED,
    ItemState.REISSUED: EventKind.REISSUED,
}


def mark_items(
    *,
    actor: User,
    items: QuerySet[PaymentItem] | Iterable[PaymentItem],
    state: ItemState,
    on: datetime.date,
    receipt_number: str = "",
    note: str = "",
) -> int:
    """Move the items to `state`, each with its event (inside the caller's transaction)."""
    rows = [(item.pk, item.state) for item in items]
    ItemEvent.objects.bulk_create(
        ItemEvent(
            item_id=pk,
            kind=_EVENT_OF_STATE[state],
            on=on,
            actor=actor,
            state_before=before,
            state_after=state,
            receipt_number=receipt_number,
            note=note,
        )
        for pk, before in rows
    )
    changes: dict[str, object] = {"state": state, "updated_at": timezone.now()}
    if state == ItemState.PAID:
        changes["paid_on"] = on
        if receipt_number:
            changes["receipt_number"] = receipt_number
    PaymentItem.objects.filter(pk__in=[pk for pk, _before in rows]).update(**changes)
    return len(rows)


def _locked_item(item: PaymentItem) -> PaymentItem:
    return PaymentItem.objects.select_for_update().select_related("payment_list").get(pk=item.pk)


def _item_details(item: PaymentItem) -> dict[str, object]:
    return {
        "item_id": item.pk,
        "reference": item.reference,
        "payee": item.payee_name,
        "amount": format_pln(item.payable),
    }


@transaction.atomic
def payment_item_mark_paid(
    *, actor: User, item: PaymentItem, paid_on: datetime.date, receipt_number: str
) -> PaymentItem:
    """A line of a cash list paid out at the desk, with the number of its receipt (KW)."""
    item = _locked_item(item)
    payment_list = item.payment_list
    require(actor, payments_policy.MARK, payment_list)
    receipt_number = receipt_number.strip()
    if payment_list.channel != Channel.CASH or payment_list.state != ListState.EXPORTED:
        raise ValidationError(_("Only a line of a cash list handed to the cash desk is paid here."))
    if item.state != ItemState.PLANNED:
        raise ValidationError(
            _("This line is already marked: %(state)s.") % {"state": item.get_state_display()}
        )
    if not receipt_number:
        raise ValidationError({"receipt_number": _("Give the number of the cash receipt (KW).")})
    if paid_on < payment_list.payment_date:
        raise ValidationError(
            {
                "paid_on": _("The list is paid from %(day)s.")
                % {"day": day_text(payment_list.payment_date)}
            }
        )
    mark_items(
        actor=actor, items=[item], state=ItemState.PAID, on=paid_on, receipt_number=receipt_number
    )
    record_action(
        actor=actor,
        action=ITEM_PAID,
        subjects=[item, payment_list],
        details={**_item_details(item), "receipt": receipt_number},
    )
    item.refresh_from_db()
    return item


@transaction.atomic
def payment_item_mark_returned(
    *, actor: User, item: PaymentItem, returned_on: datetime.date, note: str = ""
) -> PaymentItem:
    """A transfer the bank sent back (closed account, wrong number): the money is at the centre
    again, to be paid again or settled."""
    item = _locked_item(item)
    payment_list = item.payment_list
    require(actor, payments_policy.MARK, payment_list)
    if payment_list.channel == Channel.CASH:
        raise ValidationError(_("A cash line is not returned by a bank: close the cash list."))
    if item.state != ItemState.PAID:
        raise ValidationError(
            _("Only a transfer the bank has paid out can come back; this one is: %(state)s.")
            % {"state": item.get_state_display()}
        )
    mark_items(actor=actor, items=[item], state=ItemState.RETURNED, on=returned_on, note=note)
    _list_partly_returned(payment_list)
    record_action(
        actor=actor,
        action=ITEM_RETURNED,
        subjects=[item, payment_list],
        details={**_item_details(item), "day": returned_on.isoformat()},
    )
    item.refresh_from_db()
    return item


def _list_partly_returned(payment_list: PaymentList) -> None:
    PaymentList.objects.filter(pk=payment_list.pk).update(state=ListState.PARTLY_RETURNED)


def _list_state_after_reversal(payment_list: PaymentList) -> None:
    """A list partly returned whose last return was reversed is paid again."""
    if payment_list.state != ListState.PARTLY_RETURNED:
        return
    came_back = payment_list.items.filter(state__in=(*BACK_AT_CENTRE, ItemState.REISSUED))
    if not came_back.exists():
        PaymentList.objects.filter(pk=payment_list.pk).update(state=ListState.PAID)


@transaction.atomic
def payment_list_close(*, actor: User, payment_list: PaymentList, on: datetime.date) -> PaymentList:
    """The cash list's days are over: its lines not paid go back as not collected, and the
    list is closed (paid, or partly returned when some were not collected)."""
    payment_list = PaymentList.objects.select_for_update().get(pk=payment_list.pk)
    require(actor, payments_policy.MARK, payment_list)
    if payment_list.channel == Channel.BANK or payment_list.state != ListState.EXPORTED:
        raise ValidationError(_("Only a cash list handed to the cash desk is closed."))
    if payment_list.pay_until and on <= payment_list.pay_until:
        raise ValidationError(
            {
                "on": _("The cash desk pays this list until %(day)s; close it after that day.")
                % {"day": day_text(payment_list.pay_until)}
            }
        )
    waiting = payment_list.items.filter(state=ItemState.PLANNED)
    uncollected = mark_items(actor=actor, items=waiting, state=ItemState.UNCOLLECTED, on=on)
    payment_list.state = ListState.PARTLY_RETURNED if uncollected else ListState.PAID
    payment_list.closed_at = timezone.now()
    payment_list.save()
    record_action(
        actor=actor,
        action=LIST_CLOSED,
        subjects=[payment_list],
        details={
            "list_id": payment_list.pk,
            "number": payment_list.number,
            "uncollected": uncollected,
        },
    )
    return payment_list


# ---------------------------------------------------------------------------------------------
# Paying again
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def payment_item_reissue(
    *,
    actor: User,
    item: PaymentItem,
    channel: str,
    account: str = "",
    today: datetime.date | None = None,
) -> PaymentItem:
    """Pay a returned or uncollected item again: by transfer to `account` (a new number is
    recorded in the registry, with the person's history) or at the cash desk. The new item goes
    to the draft list of its channel paid on the next working day, and goes through approval
    like any other."""
    from ostoja.payments.services.generation import ListBook, payment_date

    today = today or timezone.localdate()
    item = _locked_item(item)
    require(actor, payments_policy.MARK, item.payment_list)
    if item.state not in BACK_AT_CENTRE:
        raise ValidationError(_("Only a returned or uncollected payment is paid again."))
    if channel not in (Channel.BANK, Channel.CASH):
        raise ValidationError({"channel": _("Choose a transfer or the cash desk.")})
    account = normalize_nrb(account) if channel == Channel.BANK else ""
    if channel == Channel.BANK:
        validate_nrb(account)
        payee = item.payee
        if payee.bank_account != account:
            person_account_change(
                actor=actor,
                person=payee,
                account=account,
                reason=_("transfer %(reference)s returned") % {"reference": item.reference},
            )
    day = payment_date(month_start(today), today.day, today=today)
    book = ListBook(month_start(today), state=ListState.DRAFT)
    new = PaymentItem.objects.create(
        **{field: getattr(item, field) for field in _COPIED},
        payment_list=book.list_for(day, channel),
        kind=ItemKind.REISSUE,
        reissues=item,
        channel=channel,
        account=account,
    )
    mark_items(actor=actor, items=[item], state=ItemState.REISSUED, on=today)
    _recount_open(new.payment_list)
    record_action(
        actor=actor,
        action=ITEM_REISSUED,
        subjects=[item, new],
        details={
            **_item_details(item),
            "new_reference": new.reference,
            "channel": str(Channel(channel).label),
        },
    )
    return new


_COPIED = (
    "award_id",
    "household_id",
    "person_id",
    "payee_id",
    "benefit",
    "service_month",
    "one_off",
    "amount",
    # The set-off stays with the benefit paid again: the new item counts in the debt's ledger,
    # the one it replaces no more.
    "setoff",
    "setoff_debt_id",
    "computation",
    "payee_name",
    "payee_address",
    "payee_identity",
    "decision_number",
    "title",
    "section",
    "chapter",
    "paragraph",
    "funding",
)


def _recount_open(payment_list: PaymentList) -> None:
    from ostoja.payments.services.lists import recount

    recount(payment_list)
    payment_list.save(update_fields=["item_count", "total", "updated_at"])


# ---------------------------------------------------------------------------------------------
# A mark made by mistake
# ---------------------------------------------------------------------------------------------

_REVERSIBLE = (EventKind.PAID, EventKind.RETURNED, EventKind.UNCOLLECTED)


@transaction.atomic
def payment_item_reverse_mark(*, actor: User, item: PaymentItem, note: str) -> PaymentItem:
    """Undo the item's last mark (paid, returned, not collected) by a reversing event; the
    item goes back to the state before it. Paying again is undone by taking the new item off
    its draft list, not here."""
    item = _locked_item(item)
    require(actor, payments_policy.MARK, item.payment_list)
    note = note.strip()
    if not note:
        raise ValidationError({"note": _("Say why the mark is reversed.")})
    last = item.events.order_by("-at", "-pk").first()
    if last is None or last.kind not in _REVERSIBLE:
        raise ValidationError(_("This payment has no mark that can be reversed."))
    ItemEvent.objects.create(
        item=item,
        kind=EventKind.REVERSED,
        on=timezone.localdate(),
        actor=actor,
        state_before=item.state,
        state_after=last.state_before,
        note=note,
    )
    changes: dict[str, object] = {"state": last.state_before}
    if last.kind == EventKind.PAID:
        changes.update(paid_on=None, receipt_number="")
    PaymentItem.objects.filter(pk=item.pk).update(**changes)
    _list_state_after_reversal(item.payment_list)
    record_action(
        actor=actor,
        action=MARK_REVERSED,
        subjects=[item],
        details={**_item_details(item), "mark": str(last.get_kind_display()), "note": note},
    )
    item.refresh_from_db()
    return item
