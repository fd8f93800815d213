"""The recovery of undue benefits: recording what the debtor repaid (and cancelling a record
made by mistake), writing a reminder, and settling an overpayment the runs found: asked back by
an undue-benefit decision, or found not undue.

What is owed is never stored: the ledger (`recovery.ledger`) is computed from the decisions and
the repayments each time, so that a repayment recorded late or a relief granted later changes
the figures of every day after it.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ostoja.accounts.models import User
from ostoja.benefits.models import Decision
from ostoja.core.actions import action_kind, record_action
from ostoja.core.money import format_pln
from ostoja.core.services import day_text, require
from ostoja.payments import policy as payments_policy
from ostoja.payments.models import (
    Overpayment,
    OverpaymentState,
    Reminder,
    Repayment,
    RepaymentWay,
)
from ostoja.payments.recovery.debts import debt_decisions, debt_on

REPAYMENT_RECORDED = action_kind(
    "payments.repayment_record",
    gettext_lazy("Repayment of an undue benefit recorded"),
    gettext_lazy("decision %(number)s: %(amount)s on %(day)s (%(way)s)"),
)
REPAYMENT_CANCELLED = action_kind(
    "payments.repayment_cancel",
    gettext_lazy("Repayment of an undue benefit cancelled"),
    gettext_lazy("decision %(number)s: %(amount)s of %(day)s (%(reason)s)"),
)
REMINDER_WRITTEN = action_kind(
    "payments.reminder_write",
    gettext_lazy("Reminder to repay an undue benefit written"),
    gettext_lazy("decision %(number)s: overdue %(overdue)s"),
)
OVERPAYMENT_SETTLED = action_kind(
    "payments.overpayment_settle",
    gettext_lazy("Overpayment asked back by decision"),
    gettext_lazy("%(overpayment)s: decision %(number)s"),
)
OVERPAYMENT_NOT_UNDUE = action_kind(
    "payments.overpayment_not_undue",
    gettext_lazy("Overpayment found not undue"),
    gettext_lazy("%(overpayment)s: %(note)s"),
)


def _debt(decision: Decision) -> Decision:
    """The decision as a debt, locked: an issued undue-benefit decision not quashed."""
    try:
        return debt_decisions().select_for_update(of=("self",)).get(pk=decision.pk)
    except Decision.DoesNotExist as error:
        raise ValidationError(
            _("Only an issued decision about an undue benefit is repaid."), code="not_a_debt"
        ) from error


def _not_future(day: datetime.date, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: _("The day cannot be in the future.")})


@transaction.atomic
def repayment_record(
    *,
    actor: User,
    decision: Decision,
    paid_on: datetime.date,
    amount: Decimal,
    way: str,
    reference: str = "",
) -> Repayment:
    """What the debtor repaid, on the day it reached the centre."""
    require(actor, payments_policy.RECOVER)
    debt = _debt(decision)
    _not_future(paid_on, "paid_on")
    repayment = Repayment(
        decision=debt,
        debtor=debt.party,
        paid_on=paid_on,
        amount=amount,
        way=way,
        reference=reference.strip(),
        recorded_by=actor,
    )
    repayment.full_clean(exclude=["decision", "debtor", "recorded_by"])
    repayment.save()
    record_action(
        actor=actor,
        action=REPAYMENT_RECORDED,
        subjects=[repayment, debt, debt.party],
        details={
            "number": debt.number,
            "amount": format_pln(repayment.amount),
            "day": day_text(paid_on),
            "way": str(RepaymentWay(way).label),
        },
    )
    return repayment


@transaction.atomic
def repayment_cancel(*, actor: User, repayment: Repayment, reason: str) -> Repayment:
    """A repayment recorded by mistake: it stays, cancelled with the reason, and the ledger
    leaves it out."""
    require(actor, payments_policy.RECOVER)
    repayment = Repayment.objects.select_for_update().get(pk=repayment.pk)
    if repayment.cancelled:
        raise ValidationError(_("This repayment was cancelled already."), code="cancelled")
    if not reason.strip():
        raise ValidationError({"cancel_reason": _("Say why the repayment is cancelled.")})
    repayment.cancelled_at = timezone.now()
    repayment.cancelled_by = actor
    repayment.cancel_reason = reason.strip()[:300]
    repayment.save(update_fields=["cancelled_at", "cancelled_by", "cancel_reason", "updated_at"])
    decision = repayment.decision
    record_action(
        actor=actor,
        action=REPAYMENT_CANCELLED,
        subjects=[repayment, decision, repayment.debtor],
        details={
            "number": decision.number,
            "amount": format_pln(repayment.amount),
            "day": day_text(repayment.paid_on),
            "reason": repayment.cancel_reason,
        },
    )
    return repayment


@transaction.atomic
def reminder_write(*, actor: User, decision: Decision) -> Reminder:
    """A reminder of what is overdue today: the instalments past their day and the interest
    owed, to be paid within the days the setting `OSTOJA_REMINDER_DAYS` gives."""
    require(actor, payments_policy.RECOVER)
    debt_decision = _debt(decision)
    today = timezone.localdate()
    ledger = debt_on(debt_decision, today).ledger
    overdue = ledger.overdue_principal
    if overdue <= 0:
        raise ValidationError(_("Nothing is overdue today: no reminder is due."), code="not_due")
    reminder = Reminder.objects.create(
        decision=debt_decision,
        debtor=debt_decision.party,
        written_on=today,
        principal=ledger.principal_outstanding,
        interest=ledger.interest_outstanding,
        overdue=overdue + ledger.interest_outstanding,
        pay_within_days=settings.OSTOJA_REMINDER_DAYS,
        written_by=actor,
    )
    record_action(
        actor=actor,
        action=REMINDER_WRITTEN,
        subjects=[reminder, debt_decision, debt_decision.party],
        details={"number": debt_decision.number, "overdue": format_pln(reminder.overdue)},
    )
    return reminder


def _open_overpayment(overpayment: Overpayment) -> Overpayment:
    locked = Overpayment.objects.select_for_update().get(pk=overpayment.pk)
    if locked.state != OverpaymentState.OPEN:
        raise ValidationError(
            _("This overpayment was settled already: %(state)s.")
            % {"state": locked.get_state_display()},
            code="settled",
        )
    return locked


@transaction.atomic
def overpayment_settle(*, actor: User, overpayment: Overpayment, decision: Decision) -> Overpayment:
    """The overpayment is asked back by the undue-benefit decision given: of the same family,
    listing the same benefit. The runs stop holding it (`generation.HELD_STATES`)."""
    require(actor, payments_policy.SETTLE)
    overpayment = _open_overpayment(overpayment)
    debt = _debt(decision)
    benefits = set(debt.lines.values_list("benefit", flat=True))
    if debt.household_id != overpayment.household_id or overpayment.benefit not in benefits:
        raise ValidationError(
            {"decision": _("Choose a decision about this benefit of the same family.")}
        )
    overpayment.state = OverpaymentState.RECOVERY
    overpayment.decision = debt
    overpayment.save(update_fields=["state", "decision", "updated_at"])
    record_action(
        actor=actor,
        action=OVERPAYMENT_SETTLED,
        subjects=[overpayment, debt, overpayment.person],
        details={"overpayment": str(overpayment), "number": debt.number},
    )
    return overpayment


@transaction.atomic
def overpayment_not_undue(*, actor: User, overpayment: Overpayment, note: str) -> Overpayment:
    """The overpayment is no undue benefit (art. 6 pkt 16 u.p.s.: the family neither gave
    untrue information nor kept a change to itself); why, in the note."""
    require(actor, payments_policy.SETTLE)
    overpayment = _open_overpayment(overpayment)
    if not note.strip():
        raise ValidationError({"note": _("Say why the overpayment is not undue.")})
    overpayment.state = OverpaymentState.NOT_UNDUE
    overpayment.note = note.strip()[:300]
    overpayment.save(update_fields=["state", "note", "updated_at"])
    record_action(
        actor=actor,
        action=OVERPAYMENT_NOT_UNDUE,
        subjects=[overpayment, overpayment.person],
        details={"overpayment": str(overpayment), "note": overpayment.note},
    )
    return overpayment
