"""What the decisions' services share: the action kinds, the kinds' rules, the shared steps
and the checks of a draft's content."""

import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ostoja.accounts.models import User
from ostoja.benefits.catalogue import BENEFITS, Act, spec
from ostoja.benefits.models import (
    KINDS_CHANGING_A_DECISION,
    Decision,
    DecisionKind,
    DecisionLine,
    DecisionState,
    Relief,
)
from ostoja.benefits.services import awards as award_services
from ostoja.core.actions import action_kind
from ostoja.core.services import as_actor, day_text
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
    "repay_by",
    "instalments",
    "interest_from",
    "relief",
    "relief_amount",
)
# The kinds that fix how an amount is repaid (`_check_terms`).
KINDS_WITH_REPAYMENT_TERMS = (DecisionKind.UNDUE, DecisionKind.RELIEF)
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


def _today() -> datetime.date:
    return timezone.localdate()


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
    as_actor(decision, actor)
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
        "day": day_text(decision.issued_on) if decision.issued_on else "—",
        "number": decision.number or "—",
    }


# ---------------------------------------------------------------------------------------------
# Checks of a draft's content (what a form would refuse)
# ---------------------------------------------------------------------------------------------


def _check_changes(decision: Decision) -> dict[str, list[str]]:
    changed = decision.changes
    if decision.kind in KINDS_CHANGING_A_DECISION and changed is None:
        return {"changes": [_("Choose the decision this one changes.")]}
    if decision.kind == DecisionKind.RELIEF and (
        changed is None or changed.kind != DecisionKind.UNDUE
    ):
        return {"changes": [_("A relief is granted on a decision about an undue benefit.")]}
    if changed is None:
        return {}
    if decision.kind not in (*KINDS_CHANGING_A_DECISION, *KINDS_WITH_REPAYMENT_TERMS):
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
    # A member on the day of the decision (today for a draft).
    if decision.party_id in _members_on(decision.household, decision.issued_on or _today()):
        return {}
    return {"party": [_("The party must be the applicant or a member of the family.")]}


def _check_assessment(decision: Decision) -> dict[str, list[str]]:
    assessment = decision.assessment
    # A decision issued on paper before Ostoja was assessed there, if at all.
    needs_one = (
        decision.act == Act.SOCIAL_ASSISTANCE
        and decision.kind in KINDS_NEEDING_AN_ASSESSMENT_AT_DRAFT
        and not decision.imported
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


def _check_terms(decision: Decision) -> dict[str, list[str]]:
    """The repayment terms: only an undue-benefit decision and a relief fix them (art. 104
    ust. 3 and 4 u.p.s.); interest only on family benefits (art. 30 ust. 1 u.ś.r.); each relief
    with the terms it changes."""
    kind, relief = decision.kind, decision.relief
    errors: dict[str, list[str]] = {}
    if kind not in KINDS_WITH_REPAYMENT_TERMS:
        if decision.repay_by or decision.instalments != 1 or decision.interest_from:
            errors["repay_by"] = [_("Only a decision about an undue benefit fixes repayment.")]
        return errors
    if decision.interest_from and (
        kind == DecisionKind.RELIEF or decision.act != Act.FAMILY_BENEFITS
    ):
        errors["interest_from"] = [
            _("Statutory interest is charged only on undue family benefits (art. 30 u.ś.r.).")
        ]
    if kind == DecisionKind.UNDUE:
        if relief:
            errors["relief"] = [_("A relief is granted by a decision of its own.")]
        return errors
    if not relief:
        errors["relief"] = [_("Choose the relief.")]
    elif relief == Relief.ABANDONMENT and decision.act == Act.FAMILY_BENEFITS:
        # Art. 30 u.ś.r. allows a waiver, a deferral and instalments only.
        errors["relief"] = [
            _("The Family Benefits Act does not provide for abandoning the demand: waive it.")
        ]
    elif relief != Relief.WAIVER and decision.relief_amount is not None:
        errors["relief_amount"] = [_("Only a waiver names an amount.")]
    if relief in (Relief.WAIVER, Relief.ABANDONMENT) and (
        decision.repay_by or decision.instalments != 1
    ):
        errors["repay_by"] = [_("A waiver or an abandonment fixes no new deadline.")]
    if relief in (Relief.DEFERRAL, Relief.INSTALMENTS) and decision.repay_by is None:
        errors["repay_by"] = [_("Give the new deadline, or the day the first instalment is due.")]
    if relief == Relief.DEFERRAL and decision.instalments != 1:
        errors["instalments"] = [_("A deferral moves the deadline: choose instalments instead.")]
    if relief == Relief.INSTALMENTS and decision.instalments < 2:
        errors["instalments"] = [_("Give two instalments or more.")]
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
    for check in (
        _check_application,
        _check_party,
        _check_changes,
        _check_assessment,
        _check_terms,
    ):
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
                % {"day": day_text(decision.effective_from)}
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
                % {"person": person.full_name, "day": day_text(line.period_from)}
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
    # Art. 104 ust. 3 u.p.s.: the decision fixes the deadline of the repayment.
    if decision.kind == DecisionKind.UNDUE and decision.repay_by is None:
        errors["repay_by"] = [_("Give the deadline of the repayment.")]
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
