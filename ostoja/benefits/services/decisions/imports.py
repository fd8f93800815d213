"""Decisions issued before the centre used Ostoja, recorded from the paper file.

When a centre starts with Ostoja its families already have benefits granted by decisions signed
on paper: to pay them, change them and re-index them here, each is recorded with what the
original says: its number, its date, who signed it, its legal basis and its benefits, and how far
its procedure went (delivered, final). Such a decision takes no number from a register (the
number is the original's, never the same as another decision's), names no Ostoja signatory
(`signatory` is the original's) and is issued as recorded: no draft, no signature. Its awards
are made as a signature would make them.

Nothing is checked that the original's procedure decided (the interview, the authorisation of
the signatory): the decision exists; the record must only be coherent (dates in order, the
benefits the decision's kind lists, members of the family) so that its awards are right.
"""

import datetime
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ostoja.accounts.models import User
from ostoja.benefits import policy as benefits_policy
from ostoja.benefits.models import (
    Application,
    Assessment,
    Decision,
    DecisionKind,
    DecisionLine,
    DecisionState,
    DeliveryMethod,
)
from ostoja.benefits.services.decisions.common import (
    KINDS_NEEDING_LINES,
    LineData,
    _as_line_data,
    _check_decision,
    _check_lines,
    _details,
    _lines_summary,
    _new_line,
    _raise_if,
    _subjects,
    _today,
)
from ostoja.benefits.services.decisions.issuing import create_awards, settle_application
from ostoja.core.actions import action_kind, record_action
from ostoja.core.services import as_actor, day_text, require
from ostoja.registry.models import Household, Person

DECISION_IMPORT = action_kind(
    "benefits.decisions_import",
    gettext_lazy("Decision issued before Ostoja recorded"),
    gettext_lazy("no. %(number)s of %(issued_on)s, signed by %(signatory)s"),
)


def _state(delivered_on: datetime.date | None, final_on: datetime.date | None) -> str:
    if final_on is not None:
        return DecisionState.FINAL
    if delivered_on is not None:
        return DecisionState.DELIVERED
    return DecisionState.SIGNED


def _check_record(decision: Decision, today: datetime.date) -> dict[str, list[str]]:
    """The original's facts: a number no other decision has, who signed it, dates in order and
    not in the future."""
    errors: dict[str, list[str]] = {}
    if not decision.number:
        errors["number"] = [_("Give the number of the decision as on the original.")]
    elif Decision.objects.filter(number=decision.number).exists():
        errors["number"] = [
            _("Decision no. %(number)s is already recorded.") % {"number": decision.number}
        ]
    if not decision.signatory:
        errors["signatory"] = [_("Give who signed the original (name and position).")]
    issued_on = decision.issued_on
    assert issued_on is not None
    if issued_on > today:
        errors["issued_on"] = [_("A decision issued before Ostoja is dated today at the latest.")]
    delivered_on, final_on = decision.delivered_on, decision.final_on
    if delivered_on is not None:
        if decision.delivery_method not in DeliveryMethod.values:
            errors["delivery_method"] = [_("Choose how the decision was delivered.")]
        if not issued_on <= delivered_on <= today:
            errors["delivered_on"] = [
                _("The day of delivery is between the decision's date (%(day)s) and today.")
                % {"day": day_text(issued_on)}
            ]
    elif decision.delivery_method:
        errors["delivered_on"] = [_("Give the day of delivery.")]
    if final_on is not None:
        if delivered_on is None:
            errors["final_on"] = [_("A decision becomes final after it is delivered.")]
        elif not delivered_on <= final_on <= today:
            errors["final_on"] = [
                _("The day it became final is between its delivery (%(day)s) and today.")
                % {"day": day_text(delivered_on)}
            ]
    return errors


def _check_basis(decision: Decision, lines: Sequence[DecisionLine]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not decision.legal_basis:
        errors["legal_basis"] = [_("Give the legal basis as on the original.")]
    if decision.kind in KINDS_NEEDING_LINES and not lines:
        errors["lines"] = [_("List the benefits the decision is about.")]
    return errors


def _merge(*parts: Mapping[str, list[str]]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for part in parts:
        for field, messages in part.items():
            errors.setdefault(field, []).extend(messages)
    return errors


def _save_with_lines(decision: Decision, lines: Sequence[DecisionLine], actor: User) -> None:
    """Save the decision and its lines. The database takes no line for an issued decision
    (PostgreSQL's guard) and no imported decision that is not issued, so the row goes in as a
    draft, takes its lines, and becomes the issued decision in the same transaction."""
    state = decision.state
    decision.state, decision.imported = DecisionState.DRAFT, False
    # The draft never existed: its history starts with the decision as recorded.
    decision.skip_history_when_saving = True  # type: ignore[attr-defined]
    decision.save()
    del decision.skip_history_when_saving  # type: ignore[attr-defined]
    for line in lines:
        line.decision = decision
    DecisionLine.objects.bulk_create(lines)
    decision.state, decision.imported = state, True
    as_actor(decision, actor)
    decision.save(update_fields=["state", "imported", "updated_at"])


@transaction.atomic
def decision_import(
    *,
    actor: User,
    kind: str,
    act: str,
    household: Household,
    party: Person,
    number: str,
    issued_on: datetime.date,
    signatory: str,
    legal_basis: str,
    lines: Sequence[LineData | Mapping[str, Any]],
    application: Application | None = None,
    assessment: Assessment | None = None,
    changes: Decision | None = None,
    effective_from: datetime.date | None = None,
    delivery_method: str = "",
    delivered_on: datetime.date | None = None,
    final_on: datetime.date | None = None,
    repay_by: datetime.date | None = None,
    instalments: int = 1,
    interest_from: datetime.date | None = None,
    relief: str = "",
    relief_amount: Decimal | None = None,
) -> Decision:
    """Record a decision issued on paper before Ostoja, with its benefits (each a `LineData` or
    a mapping of its fields), and make its awards; it settles its application, if one is given,
    on the decision's date. The state follows the facts given: final, delivered or signed. An
    undue-benefit decision brings its terms of repayment, a relief its relief (the debts the
    centre pursues when it starts with Ostoja)."""
    require(actor, benefits_policy.IMPORT, household)
    today = _today()
    number = number.strip()
    decision = Decision(
        kind=kind,
        act=act,
        household=household,
        party=party,
        application=application,
        assessment=assessment,
        changes=changes,
        effective_from=effective_from,
        number=number,
        issued_on=issued_on,
        imported=True,
        signatory=signatory.strip(),
        legal_basis=legal_basis.strip(),
        appeal_instruction=_("As in the original decision."),
        distribution=_("As in the original decision."),
        delivery_method=delivery_method if delivered_on is not None else "",
        delivered_on=delivered_on,
        final_on=final_on,
        drafted_by=actor,
        state=_state(delivered_on, final_on),
        repay_by=repay_by,
        instalments=instalments,
        interest_from=interest_from,
        relief=relief,
        relief_amount=relief_amount,
    )
    new_lines = [_new_line(decision, _as_line_data(raw)) for raw in lines]
    decision.operative = _("As in the original decision: %(lines)s.") % {
        "lines": _lines_summary(new_lines)
    }
    errors = _merge(_check_record(decision, today), _check_basis(decision, new_lines))
    decision_errors = _check_decision(decision)
    errors = _merge(errors, decision_errors)
    if not decision_errors:
        errors = _merge(errors, _check_lines(decision, new_lines))
    if kind == DecisionKind.DISCONTINUANCE and new_lines:
        errors = _merge(errors, {"lines": [_("A discontinuance lists no benefits.")]})
    _raise_if(errors)
    _save_with_lines(decision, new_lines, actor)
    create_awards(decision)
    settle_application(decision, actor, issued_on)
    record_action(
        actor=actor,
        action=DECISION_IMPORT,
        subjects=_subjects(decision),
        details=_details(
            decision,
            issued_on=issued_on,
            signatory=decision.signatory,
            lines=_lines_summary(new_lines),
        ),
    )
    return decision
