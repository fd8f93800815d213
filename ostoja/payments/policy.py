"""The payments app's part of the access policy (`ostoja.core.policy`).

Payment lists hold every family paid on a day, so they are for the roles that see all
households and hold `payments.view`; a worker outside that sees none. Approval and sending are
the four eyes: never by the member of staff who prepared the list (the services ask again, and a
database constraint holds it whatever asks).
"""

from typing import Any

from django.db.models import QuerySet

from ostoja.accounts.models import User
from ostoja.accounts.roles import Capability
from ostoja.core.policy import has_capability, register_action, register_scope
from ostoja.payments.models import (
    VISIBLE_STATES,
    ItemEvent,
    ListState,
    Overpayment,
    PaymentItem,
    PaymentList,
    PaymentRun,
    Reminder,
    Repayment,
)


def _sees_payments(user: User) -> bool:
    return has_capability(user, Capability.PAYMENTS_VIEW) and user.sees_all_households


def sees_debts(user: User) -> bool:
    """The debts of undue benefits are shown to the roles that see the payments (within their
    scope of decisions, `recovery.debts.visible_debts`)."""
    return _sees_payments(user)


@register_scope(PaymentList)
def _lists(user: User) -> QuerySet[PaymentList]:
    # A list being generated is not shown to anyone: it is not whole yet.
    if not _sees_payments(user):
        return PaymentList.objects.none()
    return PaymentList.objects.filter(state__in=VISIBLE_STATES)


@register_scope(PaymentItem)
def _items(user: User) -> QuerySet[PaymentItem]:
    if not _sees_payments(user):
        return PaymentItem.objects.none()
    return PaymentItem.objects.filter(payment_list__state__in=VISIBLE_STATES)


@register_scope(ItemEvent)
def _events(user: User) -> QuerySet[ItemEvent]:
    if not _sees_payments(user):
        return ItemEvent.objects.none()
    return ItemEvent.objects.all()


@register_scope(PaymentRun)
def _runs(user: User) -> QuerySet[PaymentRun]:
    if not _sees_payments(user):
        return PaymentRun.objects.none()
    return PaymentRun.objects.all()


@register_scope(Repayment)
def _repayments(user: User) -> QuerySet[Repayment]:
    if not _sees_payments(user):
        return Repayment.objects.none()
    return Repayment.objects.all()


@register_scope(Reminder)
def _reminders(user: User) -> QuerySet[Reminder]:
    if not _sees_payments(user):
        return Reminder.objects.none()
    return Reminder.objects.all()


@register_scope(Overpayment)
def _overpayments(user: User) -> QuerySet[Overpayment]:
    if not _sees_payments(user):
        return Overpayment.objects.none()
    return Overpayment.objects.all()


def _state_is(*states: str) -> Any:
    def rule(user: Any, payment_list: PaymentList) -> bool:
        return payment_list.state in states

    return rule


def _four_eyes(*states: str) -> Any:
    def rule(user: Any, payment_list: PaymentList) -> bool:
        return payment_list.state in states and payment_list.prepared_by_id != user.pk

    return rule


VIEW = register_action("payments.view", capability=Capability.PAYMENTS_VIEW, scoped=False)
GENERATE = register_action(
    "payments.generate", capability=Capability.PAYMENTS_PREPARE, scoped=False
)
PREPARE = register_action(
    "payments.prepare", capability=Capability.PAYMENTS_PREPARE, rule=_state_is(ListState.DRAFT)
)
# A prepared list goes back to a draft (to be generated again) by whoever may prepare lists.
REOPEN = register_action(
    "payments.reopen",
    capability=Capability.PAYMENTS_PREPARE,
    rule=_state_is(ListState.PREPARED),
)
APPROVE = register_action(
    "payments.approve",
    capability=Capability.PAYMENTS_APPROVE,
    rule=_four_eyes(ListState.PREPARED),
)
EXPORT = register_action(
    "payments.export",
    capability=Capability.PAYMENTS_APPROVE,
    rule=_four_eyes(ListState.APPROVED, ListState.EXPORTED),
)
MARK = register_action(
    "payments.mark",
    capability=Capability.PAYMENTS_APPROVE,
    rule=_state_is(ListState.EXPORTED, ListState.PAID, ListState.PARTLY_RETURNED),
)
# Read the bank's statement of returns (each return then needs `payments.mark` on its list).
RETURNS = register_action("payments.returns", capability=Capability.PAYMENTS_APPROVE, scoped=False)
# The recovery of undue benefits: repayments and reminders are the accountant's; settling an
# overpayment (asking it back by a decision, or finding it not undue) is the benefits clerk's.
RECOVER = register_action("payments.recover", capability=Capability.PAYMENTS_APPROVE, scoped=False)
SETTLE = register_action("payments.settle", capability=Capability.PAYMENTS_PREPARE, scoped=False)
ADMIN = register_action("payments.admin", capability=Capability.PAYMENTS_ADMIN, scoped=False)
