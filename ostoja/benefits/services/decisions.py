"""Administrative decisions from the draft to finality: drafting, approval, signing with a
gap-free number, delivery, waiver of the appeal, finality, the appeal and the board's outcome.

The life of a decision (`DecisionState`): a draft (projekt) is sent for signature, returned or
discarded; the signer's signature gives it its number and makes it issued; then it is delivered,
and becomes final (ostateczna) when the appeal term ends without an appeal, on the day a waiver
of the appeal is received (art. 127a k.p.a.), or when the board upholds it. A signed decision is
never edited (on PostgreSQL a trigger refuses it): every change is another decision that names
it (`changes`).

Numbers are gap-free: the signing locks the register's counter row for the year and takes the
next number inside the same transaction as everything else the signature does, so a signing that
fails after taking its number rolls the counter back with it, and two signings never take the
same number.

Refusals are `ValidationError`s with messages ready for the screen (tied to a field where there
is one); a user without the right gets `PermissionDenied`; a form based on an outdated version
gets `ConflictError`.
"""

import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any, NamedTuple

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ostoja.accounts.models import User
from ostoja.benefits import deadlines
from ostoja.benefits import policy as benefits_policy
from ostoja.benefits.catalogue import BENEFITS, Act, spec
from ostoja.benefits.models import (
    ISSUED_STATES,
    KINDS_CHANGING_A_DECISION,
    Appeal,
    AppealOutcome,
    Application,
    ApplicationState,
    Assessment,
    Authorisation,
    Decision,
    DecisionKind,
    DecisionLine,
    DecisionRegister,
    DecisionState,
    DeliveryMethod,
    RegisterCounter,
    Reindexation,
)
from ostoja.benefits.services import awards as award_services
from ostoja.benefits.services.configuration import register_for, valid_authorisation
from ostoja.casework.models import INTERVIEW_FIXED_STATES, Interview, InterviewKind
from ostoja.core import policy
from ostoja.core.actions import action_kind, record_action
from ostoja.core.locking import ConflictError, changes_since, claim_version
from ostoja.registry.models import Household, Membership, Person

DECISION_DRAFT = action_kind(
    "benefits.decisions_draft",
    gettext_lazy("Draft decision prepared"),
    gettext_lazy("%(kind)s (%(act)s)"),
)
DECISION_UPDATE = action_kind(
    "benefits.decisions_update",
    gettext_lazy("Draft decision changed"),
    gettext_lazy("%(fields)s"),
)
DECISION_LINES = action_kind(
    "benefits.decisions_lines",
    gettext_lazy("Benefits of a draft decision changed"),
    gettext_lazy("%(lines)s"),
)
DECISION_SUBMIT = action_kind(
    "benefits.decisions_submit",
    gettext_lazy("Draft decision sent for signature"),
    gettext_lazy("%(kind)s"),
)
DECISION_RETURN = action_kind(
    "benefits.decisions_return",
    gettext_lazy("Draft decision returned for correction"),
    gettext_lazy("%(note)s"),
)
DECISION_DISCARD = action_kind(
    "benefits.decisions_discard",
    gettext_lazy("Draft decision discarded"),
    gettext_lazy("%(reason)s"),
)
DECISION_SIGN = action_kind(
    "benefits.decisions_sign",
    gettext_lazy("Decision signed"),
    gettext_lazy("no. %(number)s of %(issued_on)s, authorisation %(authorisation)s"),
)
DECISION_DELIVERY = action_kind(
    "benefits.decisions_delivery",
    gettext_lazy("Delivery of a decision recorded"),
    gettext_lazy("%(method)s: delivered on %(delivered_on)s"),
)
DECISION_WAIVER = action_kind(
    "benefits.decisions_waiver",
    gettext_lazy("Waiver of the appeal recorded"),
    gettext_lazy("received on %(received_on)s; final on %(final_on)s"),
)
APPEAL_RECORD = action_kind(
    "benefits.appeals_record",
    gettext_lazy("Appeal recorded"),
    gettext_lazy("received on %(received_on)s; term until %(deadline)s; late: %(late)s"),
)
APPEAL_SEND = action_kind(
    "benefits.appeals_send",
    gettext_lazy("Appeal sent to the board of appeal"),
    gettext_lazy("on %(sent_on)s (due by %(due_on)s); late: %(late)s"),
)
APPEAL_OUTCOME = action_kind(
    "benefits.appeals_outcome",
    gettext_lazy("Outcome of the appeal recorded"),
    gettext_lazy("%(outcome)s of %(outcome_on)s (%(board_reference)s)"),
)

# What a draft's form may change; the kind, the act, the family and the application stay (a
# different one is another draft).
UPDATABLE_FIELDS = (
    "party",
    "assessment",
    "changes",
    "effective_from",
    "legal_basis",
    "operative",
    "justification_facts",
    "justification_law",
    "appeal_instruction",
    "distribution",
    "immediately_enforceable",
    "enforceability_reason",
    "grants_request_in_full",
)
# Kinds whose operative part lists benefits: what is granted, the new terms of a change or a
# resumption, and (an undue-benefit decision) the amount to be returned.
KINDS_WITH_LINES = (
    DecisionKind.GRANT,
    DecisionKind.CHANGE,
    DecisionKind.RESUMPTION,
    DecisionKind.UNDUE,
)
KINDS_NEEDING_LINES = (DecisionKind.GRANT, DecisionKind.CHANGE, DecisionKind.UNDUE)
# Kinds whose lines start on the day the decision takes effect.
KINDS_CONTINUING_AN_AWARD = (DecisionKind.CHANGE, DecisionKind.RESUMPTION)
# Social assistance granted or refused rests on an assessment of the application from the
# draft on; at signing, a change of a cash benefit the rules compute needs one as well (see
# `assessment_required_for`).
KINDS_NEEDING_AN_ASSESSMENT_AT_DRAFT = (DecisionKind.GRANT, DecisionKind.REFUSAL)
KINDS_NEEDING_AN_ASSESSMENT_AT_SIGNING = (
    DecisionKind.GRANT,
    DecisionKind.REFUSAL,
    DecisionKind.CHANGE,
)
# Art. 106 ust. 4 u.p.s.: a decision granting or refusing a benefit is issued after the
# environmental interview (see `interview_required`).
KINDS_NEEDING_AN_INTERVIEW = (
    DecisionKind.GRANT,
    DecisionKind.REFUSAL,
    DecisionKind.CHANGE,
    DecisionKind.RESUMPTION,
)

# The function of `services.awards` each kind calls at signing, by name: looked up when it is
# called, so that a test may replace one.
AWARDS_BY_KIND: dict[str, str] = {
    DecisionKind.GRANT: "awards_grant",
    DecisionKind.CHANGE: "awards_change",
    DecisionKind.REVOCATION: "awards_revoke",
    DecisionKind.SUSPENSION: "awards_suspend",
    DecisionKind.RESUMPTION: "awards_resume",
}

COUNTER_ATTEMPTS = 3
# Art. 127 § 1a k.p.a., added by the ustawa z 26 stycznia 2023 r. (Dz.U. 2023 poz. 803) from
# 12 May 2023: a first-instance decision whose justification was omitted because it grants the
# party's request in full is final.
FINAL_WITHOUT_JUSTIFICATION_SINCE = datetime.date(2023, 5, 12)
FreezeDocument = Callable[[Decision], None]


@dataclass(frozen=True)
class LineData:
    """One benefit of the operative part, as the draft's form gives it. `payee` empty: the
    party is paid."""

    benefit: str
    person: Person
    period_from: datetime.date
    method: str
    amount: Decimal | None = None
    purpose: str = ""
    period_to: datetime.date | None = None
    payee: Person | None = None
    account: str = ""


LINE_FIELDS = frozenset(field.name for field in fields(LineData))


class SignManyResult(NamedTuple):
    signed: list[Decision]
    # Each refused decision with the reasons, as the screen shows them.
    refused: list[tuple[Decision, list[str]]]


# ---------------------------------------------------------------------------------------------
# Shared steps
# ---------------------------------------------------------------------------------------------


def _require(actor: User, action: str, obj: Any = None) -> None:
    if not policy.can(actor, action, obj):
        raise PermissionDenied


def _as_actor(instance: Any, actor: User | None) -> None:
    instance._history_user = actor


def _today() -> datetime.date:
    return timezone.localdate()


def _day(value: datetime.date) -> str:
    return value.strftime("%d.%m.%Y")


def _locked(decision: Decision) -> Decision:
    """The decision's row as it is now, locked until the end of the transaction (PostgreSQL:
    SELECT … FOR UPDATE; SQLite's single writer does the same)."""
    # No joins: PostgreSQL cannot lock the nullable side of an outer join, and a row read after
    # waiting for another transaction's lock is the new version while joined rows would be
    # those of the old one (who signed it would read as nobody).
    return Decision.objects.select_for_update().get(pk=decision.pk)


def _save(decision: Decision, actor: User | None) -> None:
    """Save a decision whose row this transaction has locked, one version on."""
    decision.version += 1
    _as_actor(decision, actor)
    decision.save()


def _subjects(decision: Decision, *others: Any) -> list[Any]:
    related = [decision.household, decision.party, decision.application, decision.changes]
    return [decision, *(o for o in (*related, *others) if o is not None)]


def _details(decision: Decision, **values: Any) -> dict[str, Any]:
    return {
        "decision_id": decision.pk,
        "kind": str(decision.get_kind_display()),
        "act": str(decision.get_act_display()),
        "number": decision.number,
        **values,
    }


def _label(name: str) -> str:
    return str(getattr(Decision._meta.get_field(name), "verbose_name", name))


def _members_on(household: Household, day: datetime.date) -> set[int]:
    memberships = Membership.objects.current_on(day).filter(household=household)
    return set(memberships.values_list("person_id", flat=True))


def _refuse_unless_state(decision: Decision, *states: str) -> None:
    if decision.state in states:
        return
    if decision.is_issued:
        raise ValidationError(_already_signed(decision), code="signed")
    if decision.state == DecisionState.DISCARDED:
        raise ValidationError(_("This draft was discarded."), code="discarded")
    if decision.state == DecisionState.FOR_APPROVAL:
        raise ValidationError(
            _("The draft was sent for signature: it can be changed after it is returned."),
            code="for_approval",
        )
    raise ValidationError(_("Send the draft for signature first."), code="draft")


def _already_signed(decision: Decision) -> str:
    return _("This decision was already signed by %(signer)s on %(day)s (no. %(number)s).") % {
        "signer": decision.signed_by.get_full_name() if decision.signed_by else "—",
        "day": _day(decision.issued_on) if decision.issued_on else "—",
        "number": decision.number or "—",
    }


# ---------------------------------------------------------------------------------------------
# Checks of a draft's content (what a form would refuse)
# ---------------------------------------------------------------------------------------------


def _check_changes(decision: Decision) -> dict[str, list[str]]:
    changed = decision.changes
    if decision.kind in KINDS_CHANGING_A_DECISION and changed is None:
        return {"changes": [_("Choose the decision this one changes.")]}
    if changed is None:
        return {}
    if decision.kind not in (*KINDS_CHANGING_A_DECISION, DecisionKind.UNDUE):
        return {"changes": [_("Only a decision that changes another names it.")]}
    if decision.pk is not None and changed.pk == decision.pk:
        return {"changes": [_("A decision cannot change itself.")]}
    if not changed.is_issued:
        return {"changes": [_("Choose a decision that has been issued.")]}
    if changed.household_id != decision.household_id or changed.act != decision.act:
        return {"changes": [_("Choose a decision of the same family under the same act.")]}
    return {}


def _check_application(decision: Decision) -> dict[str, list[str]]:
    application = decision.application
    if application is None:
        return {}
    if application.household_id != decision.household_id or application.act != decision.act:
        return {"application": [_("Choose an application of the same family under this act.")]}
    return {}


def _check_party(decision: Decision) -> dict[str, list[str]]:
    application = decision.application
    if application is not None and decision.party_id == application.applicant_id:
        return {}
    if decision.party_id in _members_on(decision.household, _today()):
        return {}
    return {"party": [_("The party must be the applicant or a member of the family.")]}


def _check_assessment(decision: Decision) -> dict[str, list[str]]:
    assessment = decision.assessment
    needs_one = (
        decision.act == Act.SOCIAL_ASSISTANCE
        and decision.kind in KINDS_NEEDING_AN_ASSESSMENT_AT_DRAFT
    )
    if assessment is None:
        if needs_one:
            return {
                "assessment": [
                    _("A decision granting or refusing social assistance rests on an assessment.")
                ]
            }
        return {}
    if decision.application is not None:
        if assessment.application_id != decision.application_id:
            return {"assessment": [_("Choose an assessment of this application.")]}
    elif needs_one:
        return {"application": [_("Choose the application the decision settles.")]}
    elif assessment.application.household_id != decision.household_id:
        return {"assessment": [_("Choose an assessment of this family.")]}
    return {}


def _check_flags(decision: Decision) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if decision.kind in KINDS_CHANGING_A_DECISION and decision.effective_from is None:
        errors["effective_from"] = [_("Give the day from which the decision takes effect.")]
    if decision.immediately_enforceable and not decision.enforceability_reason.strip():
        errors["enforceability_reason"] = [
            _("Say why the decision is immediately enforceable (art. 108 § 1 k.p.a.).")
        ]
    if decision.grants_request_in_full and decision.kind != DecisionKind.GRANT:
        errors["grants_request_in_full"] = [_("Only a granting decision grants a request.")]
    return errors


def _check_decision(decision: Decision) -> dict[str, list[str]]:
    """The model's field checks, then the checks across the decision's relations."""
    errors: dict[str, list[str]] = {}
    try:
        # The model's constraints are checked below, each with a message of its own.
        decision.full_clean(validate_constraints=False)
    except ValidationError as error:
        errors.update(error.message_dict)
    if {"kind", "act", "household", "party"} & set(errors):
        return errors
    for check in (_check_application, _check_party, _check_changes, _check_assessment):
        for field, messages in check(decision).items():
            errors.setdefault(field, []).extend(messages)
    for field, messages in _check_flags(decision).items():
        errors.setdefault(field, []).extend(messages)
    return errors


def _as_line_data(raw: LineData | Mapping[str, Any]) -> LineData:
    if isinstance(raw, LineData):
        return raw
    unknown = set(raw) - LINE_FIELDS
    if unknown:
        raise TypeError(f"not a field of a decision's benefit: {sorted(unknown)}")
    return LineData(**raw)


def _new_line(decision: Decision, data: LineData) -> DecisionLine:
    return DecisionLine(
        decision=decision,
        benefit=data.benefit,
        person=data.person,
        amount=data.amount,
        purpose=data.purpose.strip(),
        period_from=data.period_from,
        period_to=data.period_to,
        payee=data.payee or decision.party,
        method=data.method,
        account=data.account.strip(),
    )


def _line_key(index: int, field: str) -> str:
    """The key of a line's field error: the name a formset with prefix "lines" gives it."""
    return f"lines-{index}-{field}"


def _check_line(decision: Decision, line: DecisionLine, index: int) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    try:
        line.full_clean(exclude=["decision"], validate_constraints=False)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors[_line_key(index, field)] = messages
    if _line_key(index, "benefit") in errors or line.benefit not in BENEFITS:
        return errors
    benefit = spec(line.benefit)
    if benefit.act != decision.act:
        errors[_line_key(index, "benefit")] = [
            _("%(benefit)s is not a benefit of this act.") % {"benefit": benefit.label}
        ]
        return errors
    if not benefit.needs_decision:
        errors[_line_key(index, "benefit")] = [
            _("%(benefit)s is given without a decision.") % {"benefit": benefit.label}
        ]
    if decision.kind == DecisionKind.UNDUE and not benefit.cash:
        errors[_line_key(index, "benefit")] = [
            _("Only a cash benefit can be undue (art. 6 pkt 16 u.p.s.).")
        ]
    if (benefit.cash or decision.kind == DecisionKind.UNDUE) and not line.amount:
        errors.setdefault(_line_key(index, "amount"), []).append(_("Give the amount."))
    if isinstance(line.period_from, datetime.date):
        errors.update(_check_line_people(decision, line, index))
        if (
            decision.kind in KINDS_CONTINUING_AN_AWARD
            and decision.effective_from is not None
            and line.period_from != decision.effective_from
        ):
            errors.setdefault(_line_key(index, "period_from"), []).append(
                _("The changed benefit runs from the day the decision takes effect (%(day)s).")
                % {"day": _day(decision.effective_from)}
            )
    return errors


def _check_line_people(decision: Decision, line: DecisionLine, index: int) -> dict[str, list[str]]:
    members = _members_on(decision.household, line.period_from)
    errors: dict[str, list[str]] = {}
    for field in ("person", "payee"):
        person = getattr(line, field)
        if person.pk not in members:
            errors[_line_key(index, field)] = [
                _("%(person)s is not a member of the family on %(day)s.")
                % {"person": person.full_name, "day": _day(line.period_from)}
            ]
    return errors


def _periods_overlap(first: DecisionLine, second: DecisionLine) -> bool:
    first_ends = first.period_to or datetime.date.max
    second_ends = second.period_to or datetime.date.max
    return first.period_from <= second_ends and second.period_from <= first_ends


def _check_lines(decision: Decision, lines: Sequence[DecisionLine]) -> dict[str, list[str]]:
    if lines and decision.kind not in KINDS_WITH_LINES:
        return {
            "lines": [
                _("A decision of this kind lists no benefits: %(kind)s.")
                % {"kind": decision.get_kind_display()}
            ]
        }
    errors: dict[str, list[str]] = {}
    for index, line in enumerate(lines):
        errors.update(_check_line(decision, line, index))
    if errors:
        return errors
    for index, line in enumerate(lines):
        if not spec(line.benefit).monthly:
            continue
        for other in lines[:index]:
            same = (other.benefit, other.person_id) == (line.benefit, line.person_id)
            if same and _periods_overlap(line, other):
                errors[_line_key(index, "period_from")] = [
                    _("%(benefit)s for %(person)s is already listed for this period.")
                    % {"benefit": line.get_benefit_display(), "person": line.person.full_name}
                ]
    if decision.kind in KINDS_CONTINUING_AN_AWARD and decision.changes is not None:
        errors.update(_check_lines_continue(decision, lines))
    return errors


def _check_lines_continue(
    decision: Decision, lines: Sequence[DecisionLine]
) -> dict[str, list[str]]:
    """A change or a resumption gives new terms to benefits the changed decision awards."""
    assert decision.changes is not None
    awarded = {(a.benefit, a.person_id) for a in award_services.chain_of(decision.changes)}
    errors: dict[str, list[str]] = {}
    for index, line in enumerate(lines):
        if (line.benefit, line.person_id) not in awarded:
            errors[_line_key(index, "benefit")] = [
                _("The changed decision does not award %(benefit)s to %(person)s.")
                % {"benefit": line.get_benefit_display(), "person": line.person.full_name}
            ]
    return errors


def _check_complete(decision: Decision, lines: Sequence[DecisionLine]) -> dict[str, list[str]]:
    """What a draft needs before it goes for signature."""
    errors: dict[str, list[str]] = {}
    if decision.kind in KINDS_NEEDING_LINES and not lines:
        errors["lines"] = [_("List the benefits the decision is about.")]
    # Art. 107 § 4 k.p.a.: the justification may be omitted only when the decision grants the
    # party's request in full.
    if not decision.grants_request_in_full:
        for field in ("justification_facts", "justification_law"):
            if not getattr(decision, field).strip():
                errors[field] = [
                    _(
                        "Write the justification: it may be omitted only when the decision "
                        "grants the request in full (art. 107 § 4 k.p.a.)."
                    )
                ]
    return errors


def _raise_if(errors: Mapping[str, list[str]]) -> None:
    if errors:
        raise ValidationError(dict(errors))


def _lines_summary(lines: Iterable[DecisionLine]) -> str:
    return (
        ", ".join(f"{line.get_benefit_display()} ({line.person.full_name})" for line in lines)
        or "—"
    )


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
        _require(actor, benefits_policy.REGISTER, household)
    elif application.state == ApplicationState.WITHDRAWN and kind == DecisionKind.DISCONTINUANCE:
        _require(actor, benefits_policy.REGISTER, household)
        _require(actor, benefits_policy.VIEW, application)
    else:
        _require(actor, benefits_policy.EDIT_APPLICATION, application)


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
) -> Decision:
    """Draft a decision with its benefits (each a `LineData` or a mapping of its fields)."""
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
        drafted_by=actor,
        state=DecisionState.DRAFT,
    )
    new_lines = [_new_line(decision, _as_line_data(raw)) for raw in lines]
    errors = _check_decision(decision)
    if not errors:
        errors = _check_lines(decision, new_lines)
    _raise_if(errors)
    _as_actor(decision, actor)
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


@transaction.atomic
def decision_update(
    *, actor: User, decision: Decision, base_version: int, **changes: Any
) -> Decision:
    """Change a draft's content; `ConflictError` when `base_version` is not the current one."""
    unknown = set(changes) - set(UPDATABLE_FIELDS)
    if unknown:
        raise TypeError(f"fields this service may not change: {sorted(unknown)}")
    _require(actor, benefits_policy.EDIT_DRAFT, decision)
    current = _locked(decision)
    _refuse_unless_state(current, DecisionState.DRAFT)
    before = {name: getattr(decision, name) for name in changes}
    for name, value in changes.items():
        setattr(decision, name, value.strip() if isinstance(value, str) else value)
    lines = list(decision.lines.select_related("person", "payee"))
    errors = _check_decision(decision)
    if not errors:
        errors = _check_lines(decision, lines)
    _raise_if(errors)
    claim_version(decision, expected_version=base_version)
    _as_actor(decision, actor)
    decision.save()
    changed = [_label(name) for name, old in before.items() if old != getattr(decision, name)]
    record_action(
        actor=actor,
        action=DECISION_UPDATE,
        subjects=_subjects(decision),
        details=_details(decision, fields=", ".join(changed) or "—"),
    )
    return decision


@transaction.atomic
def decision_lines_set(
    *,
    actor: User,
    decision: Decision,
    base_version: int,
    lines: Sequence[LineData | Mapping[str, Any]],
) -> list[DecisionLine]:
    """Replace the benefits of a draft; `ConflictError` when `base_version` is outdated."""
    _require(actor, benefits_policy.EDIT_DRAFT, decision)
    current = _locked(decision)
    _refuse_unless_state(current, DecisionState.DRAFT)
    new_lines = [_new_line(current, _as_line_data(raw)) for raw in lines]
    _raise_if(_check_lines(current, new_lines))
    claim_version(current, expected_version=base_version)
    current.lines.all().delete()
    DecisionLine.objects.bulk_create(new_lines)
    _as_actor(current, actor)
    current.save(update_fields=["version", "updated_at"])
    decision.version = current.version
    record_action(
        actor=actor,
        action=DECISION_LINES,
        subjects=_subjects(current),
        details=_details(current, lines=_lines_summary(new_lines)),
    )
    return new_lines


@transaction.atomic
def decision_submit(*, actor: User, decision: Decision) -> Decision:
    """Draft → for signature, once the draft has all a decision needs."""
    _require(actor, benefits_policy.EDIT_DRAFT, decision)
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
    _require(actor, benefits_policy.EDIT_DRAFT, decision)
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


# ---------------------------------------------------------------------------------------------
# Signing
# ---------------------------------------------------------------------------------------------


def decided_benefits(decision: Decision) -> set[str]:
    """The benefits a decision is about: its lines', its assessment's, and for a decision
    without lines (a revocation, a suspension) those of the decision it changes."""
    benefits = set(decision.lines.values_list("benefit", flat=True))
    if decision.assessment is not None:
        benefits.add(decision.assessment.benefit)
    if not benefits and decision.changes is not None:
        benefits = decided_benefits(decision.changes)
    return benefits


def assessment_required_for(decision: Decision) -> set[str]:
    """The benefits the decision needs an assessment of: under social assistance, a granting,
    refusing or changing decision on a cash benefit the rules compute."""
    if decision.act != Act.SOCIAL_ASSISTANCE:
        return set()
    if decision.kind not in KINDS_NEEDING_AN_ASSESSMENT_AT_SIGNING:
        return set()
    return {code for code in decided_benefits(decision) if spec(code).cash and spec(code).rules}


def interview_required(decision: Decision) -> bool:
    """Whether the decision may be issued only after an environmental interview.

    Art. 106 ust. 4 u.p.s.: a decision granting or refusing a benefit is issued after the
    family's environmental interview (the exceptions of that provision, a credited ticket and
    foreigners of art. 5a, are not benefits of this system). The rule applied here:

    - required for a granting and a refusing decision, and for a change and a resumption,
      which grant the benefit again on new terms [not confirmed: the provision names only
      granting and refusing; the reading that a change needs the interview, or its update, is
      the practice the sources on art. 106 ust. 5 describe];
    - not required for a revocation or a suspension, which neither grant nor refuse and often
      follow the family's refusal of the interview or of cooperation (art. 11 ust. 2 u.p.s.),
      nor for a discontinuance of the proceedings or an undue-benefit decision;
    - only when a benefit the decision is about needs the interview (`needs_interview` in
      the catalogue: the benefits of social assistance).

    A refusal may rest on a recorded refusal of the interview (art. 11 ust. 2 u.p.s.: refusing
    the interview is a ground to refuse the benefit); see `_interview_done`.
    """
    if decision.kind not in KINDS_NEEDING_AN_INTERVIEW:
        return False
    return any(spec(code).needs_interview for code in decided_benefits(decision))


def _interview_done(decision: Decision) -> bool:
    """A completed (or signed, or closed) current interview of the family, full or an update;
    for a refusal also an interview the family refused."""
    done = Q(
        kind__in=[InterviewKind.FULL, InterviewKind.UPDATE],
        state__in=list(INTERVIEW_FIXED_STATES),
        superseded_by__isnull=True,
    )
    if decision.kind == DecisionKind.REFUSAL:
        done |= Q(kind=InterviewKind.REFUSED, refused_on__isnull=False)
    return Interview.objects.filter(case__household=decision.household).filter(done).exists()


def _signing_refusals(
    decision: Decision, signer: User, today: datetime.date
) -> tuple[list[ValidationError], Authorisation | None, DecisionRegister | None]:
    """Everything that keeps the signer from signing, each with its own message."""
    refusals: list[ValidationError] = []
    needed = assessment_required_for(decision)
    assessed = {decision.assessment.benefit} if decision.assessment is not None else set()
    missing = sorted(needed - assessed)
    if missing:
        refusals.append(
            ValidationError(
                _("No assessment of %(benefits)s: the rules compute it, assess it first.")
                % {"benefits": ", ".join(str(spec(code).label) for code in missing)},
                code="assessment",
            )
        )
    if interview_required(decision) and not _interview_done(decision):
        refusals.append(
            ValidationError(
                _(
                    "The family has no completed environmental interview: the decision is "
                    "issued after it (art. 106 ust. 4 u.p.s.)."
                ),
                code="interview",
            )
        )
    authorisation = valid_authorisation(signer, decision.act, today)
    if authorisation is None:
        refusals.append(
            ValidationError(
                _(
                    "You have no authorisation valid today to issue decisions under this act "
                    "(%(act)s)."
                )
                % {"act": decision.get_act_display()},
                code="authorisation",
            )
        )
    if decision.drafted_by_id == signer.pk and not settings.OSTOJA_DRAFTER_MAY_SIGN:
        refusals.append(
            ValidationError(
                _("You drafted this decision: another authorised person signs it."),
                code="drafter",
            )
        )
    register = register_for(decision.act)
    if register is None:
        refusals.append(
            ValidationError(
                _(
                    "No register of decisions is in use for this act (%(act)s): ask the "
                    "administrator."
                )
                % {"act": decision.get_act_display()},
                code="register",
            )
        )
    return refusals, authorisation, register


def _locked_counter(register: DecisionRegister, year: int) -> RegisterCounter:
    """The register's counter for the year, locked; created the first time. Two signings
    creating it at once: one insert wins, the other's fails on the unique constraint inside
    its savepoint and it locks the winner's row instead."""
    for _attempt in range(COUNTER_ATTEMPTS):
        try:
            return RegisterCounter.objects.select_for_update().get(register=register, year=year)
        except RegisterCounter.DoesNotExist:
            try:
                with transaction.atomic():
                    return RegisterCounter.objects.create(register=register, year=year)
            except IntegrityError:
                continue
    raise RuntimeError(f"the counter of register {register.pk} for {year} cannot be locked")


def _take_number(register: DecisionRegister, year: int) -> int:
    """The next number of the register in the year. The counter row stays locked until the
    signing commits or rolls back, which returns the number with it: no gaps, no repeats."""
    counter = _locked_counter(register, year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def _create_awards(decision: Decision) -> None:
    name = AWARDS_BY_KIND.get(decision.kind)
    if name is None:
        return
    make: Callable[[Decision], Any] = getattr(award_services, name)
    try:
        with transaction.atomic():
            make(decision)
    except IntegrityError as error:  # PostgreSQL's exclusion constraint, under a race
        raise ValidationError(
            _("Someone has just awarded the same benefit for the same period; check the awards.")
        ) from error


def _settles(decision: Decision, application: Application) -> bool:
    """Whether the decision, with the application's other signed decisions, settles every
    benefit the application asks for; a discontinuance ends the proceedings as a whole."""
    if decision.kind == DecisionKind.DISCONTINUANCE:
        return True
    asked = set(application.requested.values_list("benefit", flat=True))
    decided: set[str] = set()
    issued = application.decisions.filter(state__in=[s.value for s in ISSUED_STATES])
    for other in issued.select_related("assessment", "changes"):
        decided |= decided_benefits(other)
    return asked <= decided


def _settle_application(decision: Decision, actor: User, today: datetime.date) -> None:
    if decision.application_id is None:
        return
    application = Application.objects.select_for_update().get(pk=decision.application_id)
    if application.state == ApplicationState.DECIDED or not _settles(decision, application):
        return
    application.state = ApplicationState.DECIDED
    application.decided_on = today
    # A form opened on the application before it was settled must not save over it.
    application.version += 1
    _as_actor(application, actor)
    application.save(update_fields=["state", "decided_on", "version", "updated_at"])
    decision.application = application


@transaction.atomic
def decision_sign(
    *,
    actor: User,
    decision: Decision,
    base_version: int,
    freeze_document: FreezeDocument | None = None,
) -> Decision:
    """Sign a decision sent for signature: give it the next number of its register, date it
    today, make its awards, settle its application, all in one transaction.

    Refused, each with its own message, when the decision needs an assessment it has not
    (`assessment_required_for`) or an environmental interview the family has not had
    (`interview_required`), when the signer has no authorisation valid today for the act, when
    the signer drafted it and the centre does not allow that (`OSTOJA_DRAFTER_MAY_SIGN`), and
    when no register is in use for the act. Two signers at once: the row is locked, the second
    reads it signed and is told by whom; no second number is taken.

    `freeze_document`, when given, is called with the decision numbered and dated but not yet
    saved: it sets `document` and `document_sha256` on the instance (the PDF frozen at signing)
    and must not save it. The signed row is written once, since the trigger on PostgreSQL
    refuses any later change of the document.
    """
    if not (policy.can(actor, benefits_policy.SIGN) and policy.in_scope(actor, decision)):
        raise PermissionDenied
    locked = _locked(decision)
    _refuse_unless_state(locked, DecisionState.FOR_APPROVAL)
    if locked.version != base_version:
        raise ConflictError(
            changes=changes_since(locked, version=base_version), current_version=locked.version
        )
    _require(actor, benefits_policy.SIGN, locked)
    today = _today()
    refusals, authorisation, register = _signing_refusals(locked, actor, today)
    if refusals:
        raise ValidationError(refusals)
    assert authorisation is not None
    assert register is not None
    sequence = _take_number(register, today.year)
    locked.register = register
    locked.year = today.year
    locked.sequence = sequence
    locked.number = register.format_number(number=sequence, year=today.year)
    locked.signed_by = actor
    locked.authorisation = authorisation
    locked.signed_at = timezone.now()
    locked.issued_on = today
    locked.state = DecisionState.SIGNED
    if freeze_document is not None:
        freeze_document(locked)
    _save(locked, actor)
    _create_awards(locked)
    _settle_application(locked, actor, today)
    record_action(
        actor=actor,
        action=DECISION_SIGN,
        subjects=_subjects(locked, authorisation),
        details=_details(
            locked,
            issued_on=today,
            authorisation=authorisation.number,
            register=register.symbol,
            sequence=sequence,
        ),
    )
    decision.refresh_from_db()
    return locked


def _reasons(error: Exception) -> list[str]:
    if isinstance(error, ValidationError):
        return [str(message) for message in error.messages]
    if isinstance(error, PermissionDenied):
        return [_("You may not sign this decision.")]
    return [str(error)]


def decisions_sign_many(*, actor: User, decisions: Iterable[Decision]) -> SignManyResult:
    """The director's approval of many decisions at once: each is signed in its own transaction
    with the version it has now; a refusal is reported with its reasons and does not stop the
    others."""
    signed: list[Decision] = []
    refused: list[tuple[Decision, list[str]]] = []
    for decision in decisions:
        try:
            signed.append(
                decision_sign(actor=actor, decision=decision, base_version=decision.version)
            )
        except (ValidationError, PermissionDenied, ConflictError) as error:
            refused.append((decision, _reasons(error)))
    return SignManyResult(signed=signed, refused=refused)


# ---------------------------------------------------------------------------------------------
# Delivery, waiver, finality
# ---------------------------------------------------------------------------------------------


def final_when_delivered(decision: Decision) -> bool:
    """Whether the decision is final as it reaches the party, with no appeal term: it grants
    the request in full and its justification was omitted (art. 107 § 4 and art. 127 § 1a
    k.p.a.; lex.pl's consolidated text, Dz.U. 2023 poz. 775, and the amending act, Dz.U. 2023
    poz. 803). Taken for decisions issued from 12 May 2023 [not confirmed: the amending act's
    transitional provisions were not read]."""
    return (
        decision.grants_request_in_full
        and not decision.justification_facts.strip()
        and not decision.justification_law.strip()
        and decision.issued_on is not None
        and decision.issued_on >= FINAL_WITHOUT_JUSTIFICATION_SINCE
    )


def _delivery_day(
    method: str, delivered_on: datetime.date | None, first_notice_on: datetime.date | None
) -> datetime.date:
    """The day the decision counts as delivered: the day given (in person, by post with a
    receipt, electronically); the day of the refusal to accept it (art. 47 § 1 k.p.a.); for a
    letter not collected, the last day of the 14 days it was kept (art. 44 § 4 k.p.a.)."""
    if method not in DeliveryMethod.values:
        raise ValidationError({"method": _("Choose how the decision was delivered.")})
    if method == DeliveryMethod.NOTICE:
        if first_notice_on is None:
            raise ValidationError({"first_notice_on": _("Give the day the first notice was left.")})
        deemed = deadlines.deemed_delivered_on(first_notice_on=first_notice_on)
        if delivered_on is not None and delivered_on != deemed:
            raise ValidationError(
                {
                    "delivered_on": _(
                        "A letter not collected is deemed delivered on %(day)s (art. 44 § 4 "
                        "k.p.a.)."
                    )
                    % {"day": _day(deemed)}
                }
            )
        return deemed
    if delivered_on is None:
        field_message = (
            _("Give the day acceptance was refused.")
            if method == DeliveryMethod.REFUSED
            else _("Give the day of delivery.")
        )
        raise ValidationError({"delivered_on": field_message})
    return delivered_on


@transaction.atomic
def decision_record_delivery(
    *,
    actor: User,
    decision: Decision,
    method: str,
    delivered_on: datetime.date | None = None,
    first_notice_on: datetime.date | None = None,
) -> Decision:
    """Record how and when the signed decision reached the party; the appeal term runs from
    that day (art. 129 § 2 k.p.a.). A decision granting the request in full without a
    justification is final on that day (`final_when_delivered`)."""
    _require(actor, benefits_policy.FOLLOW_UP, decision)
    decision = _locked(decision)
    if decision.state != DecisionState.SIGNED:
        raise ValidationError(
            {"delivered_on": _("The delivery of this decision is already recorded.")}
        )
    assert decision.issued_on is not None
    today = _today()
    if first_notice_on is not None and method == DeliveryMethod.NOTICE:
        if first_notice_on < decision.issued_on:
            raise ValidationError(
                {"first_notice_on": _("The notice cannot be before the decision's date.")}
            )
        if first_notice_on > today:
            raise ValidationError({"first_notice_on": _("This date cannot be in the future.")})
    day = _delivery_day(method, delivered_on, first_notice_on)
    if day < decision.issued_on:
        raise ValidationError(
            {
                "delivered_on": _("The decision cannot be delivered before its date (%(day)s).")
                % {"day": _day(decision.issued_on)}
            }
        )
    if day > today:
        message = (
            _("The letter will be deemed delivered only on %(day)s: record it from that day.")
            % {"day": _day(day)}
            if method == DeliveryMethod.NOTICE
            else _("This date cannot be in the future.")
        )
        raise ValidationError({"delivered_on": message})
    decision.delivery_method = method
    decision.first_notice_on = first_notice_on if method == DeliveryMethod.NOTICE else None
    decision.delivered_on = day
    decision.state = DecisionState.DELIVERED
    if final_when_delivered(decision):
        decision.state = DecisionState.FINAL
        decision.final_on = day
    _save(decision, actor)
    record_action(
        actor=actor,
        action=DECISION_DELIVERY,
        subjects=_subjects(decision),
        details=_details(
            decision,
            method=str(decision.get_delivery_method_display()),
            delivered_on=day,
            first_notice_on=decision.first_notice_on,
            appeal_deadline=deadlines.appeal_deadline(delivered_on=day),
        ),
    )
    return decision


@transaction.atomic
def decision_record_waiver(
    *, actor: User, decision: Decision, received_on: datetime.date
) -> Decision:
    """The party waived the appeal (art. 127a k.p.a.): within the appeal term only; the decision
    is final on the day the centre received the waiver."""
    _require(actor, benefits_policy.FOLLOW_UP, decision)
    decision = _locked(decision)
    if decision.state != DecisionState.DELIVERED:
        if decision.state == DecisionState.SIGNED:
            message = _("Record the delivery first: the appeal term runs from it.")
        else:
            message = _("The appeal can be waived only while its term runs.")
        raise ValidationError({"received_on": message})
    assert decision.delivered_on is not None
    deadline = deadlines.appeal_deadline(delivered_on=decision.delivered_on)
    if received_on > _today():
        raise ValidationError({"received_on": _("This date cannot be in the future.")})
    if not decision.delivered_on <= received_on <= deadline:
        raise ValidationError(
            {
                "received_on": _(
                    "The appeal can be waived only within its term: from %(start)s to %(end)s."
                )
                % {"start": _day(decision.delivered_on), "end": _day(deadline)}
            }
        )
    final = deadlines.final_on(
        delivered_on=decision.delivered_on, appealed=False, waiver_received_on=received_on
    )
    decision.waiver_received_on = received_on
    decision.final_on = final
    decision.state = DecisionState.FINAL
    _save(decision, actor)
    record_action(
        actor=actor,
        action=DECISION_WAIVER,
        subjects=_subjects(decision),
        details=_details(decision, received_on=received_on, final_on=final),
    )
    return decision


def decisions_make_final(*, today: datetime.date) -> list[Decision]:
    """Every delivered decision whose appeal term ended before `today` without an appeal
    becomes final, from the day after the term (art. 16 § 1, art. 129 § 2 k.p.a.; the term as
    art. 57 § 4 moves it). Idempotent: a decision already final is not touched.

    Run by a daily task and by the pages, so there is no actor. No action is recorded: the
    action record needs the member of staff who acted (`ActionRecord.actor` is required), and
    nobody did; the change history of the decision keeps the change with no user.
    """
    # The term is 14 days and moves on by a few days at most: anything delivered later than 14
    # days ago cannot be final yet, the rest is decided with the exact term.
    latest = today - datetime.timedelta(days=deadlines.APPEAL_DAYS + 1)
    candidates = Decision.objects.filter(
        state=DecisionState.DELIVERED, delivered_on__lte=latest, appeal__isnull=True
    ).values_list("pk", flat=True)
    made_final = []
    for pk in list(candidates):
        with transaction.atomic():
            decision = _locked(Decision(pk=pk))
            if decision.state != DecisionState.DELIVERED or hasattr(decision, "appeal"):
                continue
            assert decision.delivered_on is not None
            final = deadlines.final_on(delivered_on=decision.delivered_on, appealed=False)
            if final is None or final > today:
                continue
            decision.final_on = final
            decision.state = DecisionState.FINAL
            _save(decision, None)
            made_final.append(decision)
    return made_final


# ---------------------------------------------------------------------------------------------
# Appeals
# ---------------------------------------------------------------------------------------------


def appeal_lodged_on(appeal: Appeal) -> datetime.date:
    """The day the appeal counts as lodged: the postmark of Poczta Polska when it came by post
    (art. 57 § 5 pkt 2 k.p.a.), else the day the centre received it."""
    return appeal.posted_on or appeal.received_on


def appeal_is_late(appeal: Appeal) -> bool:
    """Lodged after the appeal term, or where no appeal lies any more: after the party waived
    it (art. 127a § 2 k.p.a.: the waiver cannot be taken back) or against a decision final on
    delivery (art. 127 § 1a). Such an appeal is still recorded and sent to the board, which
    states that it is late or inadmissible (art. 134 k.p.a.); the decision stays final."""
    decision = appeal.decision
    assert decision.delivered_on is not None
    if decision.waiver_received_on is not None or final_when_delivered(decision):
        return True
    return appeal_lodged_on(appeal) > deadlines.appeal_deadline(delivered_on=decision.delivered_on)


def appeal_transfer_due_on(appeal: Appeal) -> datetime.date:
    """The last day for sending the appeal to the board: 7 days from its receipt (art. 133)."""
    return deadlines.sko_transfer_due_on(appeal_received_on=appeal.received_on)


def appeal_sent_late(appeal: Appeal) -> bool:
    """Sent to the board after the 7 days of art. 133 k.p.a. (to be reported)."""
    return appeal.sent_on is not None and appeal.sent_on > appeal_transfer_due_on(appeal)


def _check_appeal_dates(
    decision: Decision, received_on: datetime.date, posted_on: datetime.date | None
) -> None:
    assert decision.issued_on is not None
    today = _today()
    errors: dict[str, list[str]] = {}
    if received_on > today:
        errors["received_on"] = [_("This date cannot be in the future.")]
    elif received_on < decision.issued_on:
        errors["received_on"] = [_("An appeal cannot be received before the decision's date.")]
    if posted_on is not None:
        if posted_on > received_on:
            errors["posted_on"] = [_("The letter cannot be posted after it was received.")]
        elif posted_on < decision.issued_on:
            errors["posted_on"] = [_("An appeal cannot be posted before the decision's date.")]
    _raise_if(errors)


@transaction.atomic
def appeal_record(
    *,
    actor: User,
    decision: Decision,
    received_on: datetime.date,
    posted_on: datetime.date | None = None,
) -> Appeal:
    """Record an appeal lodged through the centre (art. 129 § 1 k.p.a.). On time, it stays the
    decision's finality (a decision made final by the term's end before a letter posted on its
    last day arrived is final no more); late, it is recorded all the same and flagged."""
    _require(actor, benefits_policy.FOLLOW_UP, decision)
    decision = _locked(decision)
    if decision.state == DecisionState.SIGNED:
        raise ValidationError(
            {"received_on": _("Record the delivery first: the appeal term runs from it.")}
        )
    if hasattr(decision, "appeal"):
        raise ValidationError({"received_on": _("An appeal against this decision is recorded.")})
    if decision.state not in (DecisionState.DELIVERED, DecisionState.FINAL):
        raise ValidationError({"received_on": _("This decision cannot be appealed now.")})
    _check_appeal_dates(decision, received_on, posted_on)
    appeal = Appeal(
        decision=decision, received_on=received_on, posted_on=posted_on, recorded_by=actor
    )
    appeal.full_clean(exclude=["decision", "recorded_by"])
    appeal.save()
    assert decision.delivered_on is not None
    late = appeal_is_late(appeal)
    if late:
        # Final in any case; the daily run may not have marked it yet.
        decision.final_on = decision.final_on or deadlines.final_on(
            delivered_on=decision.delivered_on, appealed=False
        )
    else:
        decision.final_on = None
    decision.state = DecisionState.APPEALED
    _save(decision, actor)
    record_action(
        actor=actor,
        action=APPEAL_RECORD,
        subjects=_subjects(decision, appeal),
        details=_details(
            decision,
            received_on=received_on,
            posted_on=posted_on,
            deadline=deadlines.appeal_deadline(delivered_on=decision.delivered_on),
            late=str(_("yes") if late else _("no")),
            is_late=late,
        ),
    )
    return appeal


@transaction.atomic
def appeal_send(*, actor: User, appeal: Appeal, sent_on: datetime.date, reply: str) -> Appeal:
    """The appeal goes to the board with the case file and the centre's position (art. 133
    k.p.a.): due within 7 days of its receipt; later is reported in the action record
    (`appeal_sent_late`)."""
    _require(actor, benefits_policy.FOLLOW_UP, appeal.decision)
    decision = _locked(appeal.decision)
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if decision.state != DecisionState.APPEALED or appeal.sent_on is not None:
        raise ValidationError({"sent_on": _("The appeal has already been sent to the board.")})
    if sent_on > _today():
        raise ValidationError({"sent_on": _("This date cannot be in the future.")})
    if sent_on < appeal.received_on:
        raise ValidationError({"sent_on": _("The appeal cannot be sent before it was received.")})
    appeal.sent_on = sent_on
    appeal.reply = reply.strip()
    appeal.full_clean(exclude=["decision", "recorded_by"])
    appeal.save()
    decision.state = DecisionState.AT_BOARD
    _save(decision, actor)
    late = appeal_sent_late(appeal)
    record_action(
        actor=actor,
        action=APPEAL_SEND,
        subjects=_subjects(decision, appeal),
        details=_details(
            decision,
            sent_on=sent_on,
            due_on=appeal_transfer_due_on(appeal),
            late=str(_("yes") if late else _("no")),
            is_late=late,
        ),
    )
    return appeal


@transaction.atomic
def appeal_outcome(
    *,
    actor: User,
    appeal: Appeal,
    outcome: str,
    outcome_on: datetime.date,
    board_reference: str,
) -> Appeal:
    """The outcome of the appeal (art. 138 k.p.a.), or the centre's own change of the decision
    before sending it (art. 132 k.p.a.).

    Upheld: the decision becomes final on the day of the board's decision (art. 16 § 1 k.p.a.:
    no appeal lies against a decision of the board). [not confirmed: the sources read differ on
    that day: an answer on prawo.pl (2012) takes the day the board's decision is issued, a page
    of e-prawnik.pl the day it is delivered; this follows the first, and the centre records as
    `outcome_on` the date the board's decision bears.] A decision found final before (a late
    appeal) keeps its day. Any other outcome ends the decision's way through the appeal
    (REVIEWED): the board's own decision or the new one after a return is another decision.
    """
    _require(actor, benefits_policy.FOLLOW_UP, appeal.decision)
    decision = _locked(appeal.decision)
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if outcome not in AppealOutcome.values:
        raise ValidationError({"outcome": _("Choose the outcome.")})
    self_review = outcome == AppealOutcome.SELF_REVIEW
    expected = DecisionState.APPEALED if self_review else DecisionState.AT_BOARD
    if decision.state != expected:
        message = (
            _("The centre may change its decision itself only before sending the appeal.")
            if self_review
            else _("Send the appeal to the board first.")
        )
        raise ValidationError({"outcome": message})
    errors: dict[str, list[str]] = {}
    earliest = appeal.sent_on or appeal.received_on
    if outcome_on > _today():
        errors["outcome_on"] = [_("This date cannot be in the future.")]
    elif outcome_on < earliest:
        errors["outcome_on"] = [
            _("The outcome cannot be before %(day)s.") % {"day": _day(earliest)}
        ]
    if not self_review and not board_reference.strip():
        errors["board_reference"] = [_("Give the reference of the board's decision.")]
    _raise_if(errors)
    appeal.outcome = outcome
    appeal.outcome_on = outcome_on
    appeal.board_reference = board_reference.strip()
    appeal.full_clean(exclude=["decision", "recorded_by"])
    appeal.save()
    if outcome == AppealOutcome.UPHELD:
        decision.state = DecisionState.FINAL
        decision.final_on = decision.final_on or outcome_on
    else:
        decision.state = DecisionState.REVIEWED
    _save(decision, actor)
    record_action(
        actor=actor,
        action=APPEAL_OUTCOME,
        subjects=_subjects(decision, appeal),
        details=_details(
            decision,
            outcome=str(appeal.get_outcome_display()),
            outcome_on=outcome_on,
            board_reference=appeal.board_reference,
        ),
    )
    return appeal
