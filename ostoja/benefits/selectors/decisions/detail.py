"""One decision as its page shows it: its lines, the decisions it acts on and those acting on
it, its awards, and its delivery, finality and appeal with their deadlines."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from ostoja.accounts.models import User
from ostoja.benefits import deadlines
from ostoja.benefits.models import (
    Appeal,
    Award,
    Decision,
    DecisionLine,
    DecisionState,
)
from ostoja.benefits.services import decisions as decision_services
from ostoja.core.policy import visible_to


def decision_get(user: User, decision_id: int) -> Decision:
    """The decision if the user may see it (`Decision.DoesNotExist` otherwise), with what its
    page shows."""
    decisions: QuerySet[Decision] = visible_to(user, Decision)
    return decisions.select_related(
        "household",
        "household__area",
        "party",
        "application",
        "assessment",
        "changes",
        "drafted_by",
        "signed_by",
        "authorisation",
        "register",
    ).get(pk=decision_id)


def lines_of(decision: Decision) -> list[DecisionLine]:
    return list(decision.lines.select_related("person", "payee").order_by("pk"))


def line_rows(lines: Iterable[DecisionLine]) -> list[dict[str, Any]]:
    """Stored lines as the editor's rows (a payee who is the party left empty)."""
    return [
        {
            "benefit": line.benefit,
            "person": line.person,
            "amount": line.amount,
            "purpose": line.purpose,
            "period_from": line.period_from,
            "period_to": line.period_to,
            "payee": line.payee if line.payee_id != line.decision.party_id else None,
            "method": line.method,
            "account": line.account,
        }
        for line in lines
    ]


@dataclass(frozen=True)
class Chain:
    """The decisions this one changes (the nearest first) and those that changed it."""

    changes: list[Decision]
    changed_by: list[Decision]


def decision_chain(decision: Decision) -> Chain:
    ancestors: list[Decision] = []
    current = decision.changes
    while current is not None and current not in ancestors and len(ancestors) < 50:
        ancestors.append(current)
        current = current.changes if current.changes_id else None
    changed_by = list(
        decision.changed_by.exclude(state=DecisionState.DISCARDED).order_by("created_at", "pk")
    )
    return Chain(changes=ancestors, changed_by=changed_by)


def awards_of(decision: Decision) -> list[Award]:
    return list(decision.awards.select_related("person", "payee").order_by("valid_from", "pk"))


@dataclass(frozen=True)
class Followup:
    """Delivery, finality and appeal of an issued decision, with their deadlines."""

    days_since_signing: int | None
    final_on_delivery: bool
    deemed_delivered_on: datetime.date | None
    appeal_deadline: datetime.date | None
    appeal_term_running: bool
    final_on: datetime.date | None
    # Final by the term's end but not marked yet (the daily task marks it).
    final_not_recorded: bool
    appeal: Appeal | None
    appeal_lodged_on: datetime.date | None
    appeal_late: bool
    transfer_due_on: datetime.date | None
    transfer_overdue: bool
    sent_late: bool


def followup(decision: Decision, today: datetime.date) -> Followup:
    appeal: Appeal | None = getattr(decision, "appeal", None)
    issued = decision.issued_on
    delivered = decision.delivered_on
    days = (today - issued).days if issued is not None else None
    on_delivery = decision.is_issued and decision_services.final_when_delivered(decision)
    deadline = None
    running = False
    final = decision.final_on
    not_recorded = False
    if delivered is not None and not on_delivery:
        deadline = deadlines.appeal_deadline(delivered_on=delivered)
        running = (
            decision.state == DecisionState.DELIVERED
            and decision.waiver_received_on is None
            and today <= deadline
        )
        if final is None and decision.state == DecisionState.DELIVERED:
            final = deadlines.final_on(delivered_on=delivered, appealed=False)
            not_recorded = final is not None and final <= today
    deemed = None
    if decision.first_notice_on is not None:
        deemed = deadlines.deemed_delivered_on(first_notice_on=decision.first_notice_on)
    lodged = late = False
    lodged_on = due = None
    overdue = sent_late = False
    if appeal is not None:
        lodged_on = decision_services.appeal_lodged_on(appeal)
        lodged = True
        late = decision_services.appeal_is_late(appeal)
        due = decision_services.appeal_transfer_due_on(appeal)
        overdue = appeal.sent_on is None and today > due
        sent_late = decision_services.appeal_sent_late(appeal)
    return Followup(
        days_since_signing=days,
        final_on_delivery=on_delivery,
        deemed_delivered_on=deemed,
        appeal_deadline=deadline,
        appeal_term_running=running,
        final_on=final,
        final_not_recorded=not_recorded,
        appeal=appeal,
        appeal_lodged_on=lodged_on if lodged else None,
        appeal_late=late,
        transfer_due_on=due,
        transfer_overdue=overdue,
        sent_late=sent_late,
    )


def decision_person_ids(
    decision: Decision, lines: Iterable[DecisionLine] = (), awards: Iterable[Award] = ()
) -> list[int]:
    """Everyone a decision's page or document shows: the party, each benefit's person and
    payee."""
    ids = [decision.party_id]
    for line in lines:
        ids += [line.person_id, line.payee_id]
    for award in awards:
        ids += [award.person_id, award.payee_id]
    return list(dict.fromkeys(ids))
