"""Drafting: a draft, its changes, sending it for signature, returning and discarding it."""

import datetime
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ostoja.accounts.models import User
from ostoja.benefits import policy as benefits_policy
from ostoja.benefits.models import (
    Application,
    ApplicationState,
    Assessment,
    Decision,
    DecisionKind,
    DecisionLine,
    DecisionState,
    Reindexation,
)
from ostoja.benefits.services.decisions.common import (
    DECISION_DISCARD,
    DECISION_DRAFT,
    DECISION_LINES,
    DECISION_RETURN,
    DECISION_SUBMIT,
    DECISION_UPDATE,
    UPDATABLE_FIELDS,
    LineData,
    _as_line_data,
    _check_complete,
    _check_decision,
    _check_lines,
    _details,
    _label,
    _lines_summary,
    _locked,
    _new_line,
    _raise_if,
    _refuse_unless_state,
    _save,
    _subjects,
)
from ostoja.core import policy
from ostoja.core.actions import record_action
from ostoja.core.locking import claim_version
from ostoja.core.services import as_actor, require
from ostoja.registry.models import Household, Person

# ---------------------------------------------------------------------------------------------
# Drafting
# ---------------------------------------------------------------------------------------------


def _require_drafting(
    actor: User, kind: str, household: Household, application: Application | None
) -> None:
    """Work on the application's case; without one (proceedings about an issued decision), the
    right to start a case for the family. A withdrawn application is still discontinued by a
    decision (art. 105 § 2 k.p.a.)."""
    if application is None:
        require(actor, benefits_policy.REGISTER, household)
    elif application.state == ApplicationState.WITHDRAWN and kind == DecisionKind.DISCONTINUANCE:
        require(actor, benefits_policy.REGISTER, household)
        require(actor, benefits_policy.VIEW, application)
    else:
        require(actor, benefits_policy.EDIT_APPLICATION, application)


@transaction.atomic
def decision_draft(
    *,
    actor: User,
    kind: str,
    act: str,
    household: Household,
    party: Person,
    application: Application | None = None,
    assessment: Assessment | None = None,
    changes: Decision | None = None,
    effective_from: datetime.date | None = None,
    legal_basis: str,
    operative: str,
    justification_facts: str = "",
    justification_law: str = "",
    appeal_instruction: str,
    distribution: str,
    lines: Sequence[LineData | Mapping[str, Any]],
    immediately_enforceable: bool = False,
    enforceability_reason: str = "",
    grants_request_in_full: bool = False,
    reindexation: Reindexation | None = None,
    repay_by: datetime.date | None = None,
    instalments: int = 1,
    interest_from: datetime.date | None = None,
    relief: str = "",
    relief_amount: Decimal | None = None,
) -> Decision:
    """Draft a decision with its benefits (each a `LineData` or a mapping of its fields); an
    undue-benefit or a relief decision with its repayment terms."""
    _require_drafting(actor, kind, household, application)
    decision = Decision(
        kind=kind,
        act=act,
        household=household,
        party=party,
        application=application,
        assessment=assessment,
        changes=changes,
        effective_from=effective_from,
        legal_basis=legal_basis.strip(),
        operative=operative.strip(),
        justification_facts=justification_facts.strip(),
        justification_law=justification_law.strip(),
        appeal_instruction=appeal_instruction.strip(),
        distribution=distribution.strip(),
        immediately_enforceable=immediately_enforceable,
        enforceability_reason=enforceability_reason.strip(),
        grants_request_in_full=grants_request_in_full,
        reindexation=reindexation,
        repay_by=repay_by,
        instalments=instalments,
        interest_from=interest_from,
        relief=relief,
        relief_amount=relief_amount,
        drafted_by=actor,
        state=DecisionState.DRAFT,
    )
    new_lines = [_new_line(decision, _as_line_data(raw)) for raw in lines]
    errors = _check_decision(decision)
    if not errors:
        errors = _check_lines(decision, new_lines)
    _raise_if(errors)
    as_actor(decision, actor)
    decision.save()
    for line in new_lines:
        line.decision = decision
    DecisionLine.objects.bulk_create(new_lines)
    record_action(
        actor=actor,
        action=DECISION_DRAFT,
        subjects=_subjects(decision),
        details=_details(decision, lines=_lines_summary(new_lines)),
    )
    return decision


def decision_update(
    *, actor: User, decision: Decision, base_version: int, **changes: Any
) -> Decision:
    """Change a draft's content (`decision_edit` without its benefits); `ConflictError` when
    `base_version` is not the current one."""
    return decision_edit(actor=actor, decision=decision, base_version=base_version, **changes)


def decision_lines_set(
    *,
    actor: User,
    decision: Decision,
    base_version: int,
    lines: Sequence[LineData | Mapping[str, Any]],
) -> list[DecisionLine]:
    """Replace the benefits of a draft (`decision_edit` with its benefits alone);
    `ConflictError` when `base_version` is outdated."""
    edited = decision_edit(actor=actor, decision=decision, base_version=base_version, lines=lines)
    return list(edited.lines.order_by("pk"))


@transaction.atomic
def decision_edit(
    *,
    actor: User,
    decision: Decision,
    base_version: int,
    lines: Sequence[LineData | Mapping[str, Any]] | None = None,
    **changes: Any,
) -> Decision:
    """The editor's save: a draft's text and, when `lines` is given, its benefits, checked
    together and saved as one new version (`ConflictError` when `base_version` is not the
    current one). Its action records: the fields changed, and the new benefits when given."""
    unknown = set(changes) - set(UPDATABLE_FIELDS)
    if unknown:
        raise TypeError(f"fields this service may not change: {sorted(unknown)}")
    require(actor, benefits_policy.EDIT_DRAFT, decision)
    current = _locked(decision)
    _refuse_unless_state(current, DecisionState.DRAFT)
    before = {name: getattr(decision, name) for name in changes}
    for name, value in changes.items():
        setattr(decision, name, value.strip() if isinstance(value, str) else value)
    if lines is None:
        checked = list(decision.lines.select_related("person", "payee"))
    else:
        checked = [_new_line(decision, _as_line_data(raw)) for raw in lines]
    _raise_if(_check_decision(decision) or _check_lines(decision, checked))
    claim_version(decision, expected_version=base_version)
    if lines is not None:
        decision.lines.all().delete()
        DecisionLine.objects.bulk_create(checked)
    as_actor(decision, actor)
    decision.save()
    changed = [_label(name) for name, old in before.items() if old != getattr(decision, name)]
    if changed or lines is None:
        record_action(
            actor=actor,
            action=DECISION_UPDATE,
            subjects=_subjects(decision),
            details=_details(decision, fields=", ".join(changed) or "—"),
        )
    if lines is not None:
        record_action(
            actor=actor,
            action=DECISION_LINES,
            subjects=_subjects(decision),
            details=_details(decision, lines=_lines_summary(checked)),
        )
    return decision


@transaction.atomic
def decision_submit(*, actor: User, decision: Decision) -> Decision:
    """Draft → for signature, once the draft has all a decision needs."""
    require(actor, benefits_policy.EDIT_DRAFT, decision)
    decision = _locked(decision)
    _refuse_unless_state(decision, DecisionState.DRAFT)
    lines = list(decision.lines.select_related("person", "payee"))
    errors = _check_decision(decision)
    if not errors:
        errors = _check_lines(decision, lines)
    for field, messages in _check_complete(decision, lines).items():
        errors.setdefault(field, []).extend(messages)
    _raise_if(errors)
    decision.state = DecisionState.FOR_APPROVAL
    decision.submitted_at = timezone.now()
    _save(decision, actor)
    record_action(
        actor=actor,
        action=DECISION_SUBMIT,
        subjects=_subjects(decision),
        details=_details(decision),
    )
    return decision


@transaction.atomic
def decision_return(*, actor: User, decision: Decision, note: str) -> Decision:
    """For signature → draft: the signer sends it back (or the drafter takes it back) with the
    reason, which the action record keeps."""
    may_sign = policy.can(actor, benefits_policy.SIGN, decision)
    takes_back = decision.drafted_by_id == actor.pk and policy.can(
        actor, benefits_policy.EDIT_DRAFT, decision
    )
    if not (may_sign or takes_back):
        raise PermissionDenied
    decision = _locked(decision)
    _refuse_unless_state(decision, DecisionState.FOR_APPROVAL)
    if not note.strip():
        raise ValidationError({"note": _("Say what is to be corrected.")})
    decision.state = DecisionState.DRAFT
    decision.submitted_at = None
    _save(decision, actor)
    record_action(
        actor=actor,
        action=DECISION_RETURN,
        subjects=_subjects(decision),
        details=_details(decision, note=note.strip()),
    )
    return decision


@transaction.atomic
def decision_discard(*, actor: User, decision: Decision, reason: str) -> Decision:
    """A draft that will not be issued; it stays, marked discarded, with the reason."""
    require(actor, benefits_policy.EDIT_DRAFT, decision)
    decision = _locked(decision)
    _refuse_unless_state(decision, DecisionState.DRAFT, DecisionState.FOR_APPROVAL)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the draft is discarded.")})
    decision.state = DecisionState.DISCARDED
    _save(decision, actor)
    record_action(
        actor=actor,
        action=DECISION_DISCARD,
        subjects=_subjects(decision),
        details=_details(decision, reason=reason.strip()),
    )
    return decision
