"""Where the decision editor starts: the family's members, the first draft of the benefits (the
assessed benefit, or the changed decision's), and the drafting's text for them."""

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db.models import QuerySet

from ostoja.benefits import deadlines
from ostoja.benefits.catalogue import Act, spec
from ostoja.benefits.drafting import DraftTexts, RepaymentTerms, draft_texts
from ostoja.benefits.models import (
    KINDS_CHANGING_A_DECISION,
    Assessment,
    Decision,
    DecisionKind,
    DecisionLine,
    PaymentMethod,
    Relief,
)
from ostoja.benefits.services import decisions as decision_services
from ostoja.casework.models import INTERVIEW_FIXED_STATES, Interview, InterviewKind
from ostoja.core.text import polish_sort_key
from ostoja.registry.models import Household, Membership, Person, Relation

# The kinds a decision resting on an assessment may be (the editor's `?rodzaj=`).
KINDS_FROM_AN_ASSESSMENT = (DecisionKind.GRANT, DecisionKind.REFUSAL, DecisionKind.DISCONTINUANCE)
# The kinds that act on an issued decision (`decyzje/<id>/zmiana/?rodzaj=`).
KINDS_ON_A_DECISION = (*KINDS_CHANGING_A_DECISION, DecisionKind.UNDUE, DecisionKind.RELIEF)
# The days an undue-benefit draft gives for the repayment unless the clerk changes it.
DEFAULT_REPAYMENT_DAYS = 30


def kinds_offered_on(decision: Decision) -> tuple[str, ...]:
    """What may be decided about an issued decision: a relief in repaying an undue benefit;
    about any other, a change, revocation, suspension, resumption, or the benefit it paid
    that was undue."""
    if decision.kind == DecisionKind.UNDUE:
        return (DecisionKind.RELIEF,)
    if decision.kind == DecisionKind.RELIEF:
        return ()
    return tuple(kind for kind in KINDS_ON_A_DECISION if kind != DecisionKind.RELIEF)


# ---------------------------------------------------------------------------------------------
# The family's members, for the editor's choices
# ---------------------------------------------------------------------------------------------


def members_on(household: Household, day: datetime.date) -> list[Person]:
    """The family's members on the day, the head first, then by name."""
    memberships = (
        Membership.objects.current_on(day).filter(household=household).select_related("person")
    )
    ordered = sorted(
        memberships,
        key=lambda m: (
            m.relation != Relation.APPLICANT,
            polish_sort_key(f"{m.person.surname} {m.person.first_names}"),
            m.pk,
        ),
    )
    return [m.person for m in ordered]


def members_queryset(household: Household) -> QuerySet[Person]:
    """Everyone who has ever belonged to the family: the editor offers them; the service checks
    that each is a member on the day their benefit starts."""
    return (
        Person.objects.filter(memberships__household=household)
        .distinct()
        .order_by("surname", "first_names", "pk")
    )


def latest_interview_on(household: Household) -> datetime.date | None:
    """The day of the family's latest completed environmental interview (full or update)."""
    interview = (
        Interview.objects.filter(
            case__household=household,
            kind__in=[InterviewKind.FULL, InterviewKind.UPDATE],
            state__in=list(INTERVIEW_FIXED_STATES),
            conducted_on__isnull=False,
        )
        .order_by("-conducted_on", "-pk")
        .first()
    )
    return interview.conducted_on if interview is not None else None


# ---------------------------------------------------------------------------------------------
# The editor's first draft
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EditorStart:
    """Where a new draft starts: its kind, act, family and party, what it rests on, and the
    first draft of its benefits and texts."""

    kind: str
    act: str
    household: Household
    party: Person
    application: Any
    assessment: Assessment | None
    changes: Decision | None
    effective_from: datetime.date | None
    lines: list[dict[str, Any]]
    texts: DraftTexts
    terms: RepaymentTerms = field(default_factory=RepaymentTerms)


def _payment_of(person: Person) -> dict[str, Any]:
    if person.bank_account:
        return {"method": PaymentMethod.BANK, "account": person.bank_account}
    return {"method": PaymentMethod.CASH, "account": ""}


def _first_line(assessment: Assessment, party: Person, today: datetime.date) -> dict[str, Any]:
    """The benefit assessed, for the party, with the assessed amount (or the amount asked for)
    and the period: a monthly benefit of social assistance from the month of the application
    (art. 106 ust. 3 u.p.s.), a family benefit from its first month to the end of the benefit
    period (art. 24 ust. 2 u.ś.r.), a one-off benefit on today; the application's own period
    where it states one."""
    application = assessment.application
    benefit = spec(assessment.benefit)
    requested = application.requested.filter(benefit=assessment.benefit).first()
    amount = assessment.amount
    if amount is None and requested is not None:
        amount = requested.amount
    period_from: datetime.date
    period_to: datetime.date | None = None
    if benefit.act == Act.FAMILY_BENEFITS and application.benefit_period_start is not None:
        period_from = deadlines.family_benefit_first_month(
            received_on=application.received_on, period_start=application.benefit_period_start
        )
        if benefit.monthly:
            period_to = deadlines.benefit_period_of(application.benefit_period_start)[1]
        else:
            period_from = period_to = today
    elif benefit.monthly:
        period_from = deadlines.first_benefit_month(received_on=application.received_on)
    else:
        period_from = period_to = today
    if requested is not None and requested.period_from is not None:
        period_from, period_to = requested.period_from, requested.period_to
    return {
        "benefit": assessment.benefit,
        "person": party,
        "amount": amount,
        "purpose": requested.purpose if requested is not None else "",
        "period_from": period_from,
        "period_to": period_to,
        "payee": None,
        **_payment_of(party),
    }


def _continued_lines(changed: Decision, effective_from: datetime.date) -> list[dict[str, Any]]:
    """The changed decision's benefits, from the day the change takes effect."""
    rows = []
    for line in changed.lines.select_related("person", "payee").order_by("pk"):
        if line.period_to is not None and line.period_to < effective_from:
            continue
        rows.append(
            {
                "benefit": line.benefit,
                "person": line.person,
                "amount": line.amount,
                "purpose": line.purpose,
                "period_from": effective_from,
                "period_to": line.period_to,
                "payee": line.payee if line.payee_id != changed.party_id else None,
                "method": line.method,
                "account": line.account,
            }
        )
    return rows


def unsaved_lines(party: Person, rows: Iterable[Mapping[str, Any]]) -> list[DecisionLine]:
    """Lines as the drafting and the preview read them, never saved (a payee left empty is the
    party, as the service takes it)."""
    return [
        DecisionLine(
            benefit=row["benefit"],
            person=row["person"],
            amount=row.get("amount"),
            purpose=str(row.get("purpose") or ""),
            period_from=row["period_from"],
            period_to=row.get("period_to"),
            payee=row.get("payee") or party,
            method=row["method"],
            account=str(row.get("account") or ""),
        )
        for row in rows
    ]


def texts_for(
    *,
    kind: str,
    act: str,
    party: Person,
    household: Household,
    rows: Sequence[Mapping[str, Any]],
    assessment: Assessment | None,
    changes: Decision | None,
    effective_from: datetime.date | None,
    received_on: datetime.date | None,
    today: datetime.date,
    terms: RepaymentTerms | None = None,
) -> DraftTexts:
    """The drafting's first text for these benefits (`drafting.draft_texts`)."""
    lines = unsaved_lines(party, rows)
    benefits = list(dict.fromkeys([line.benefit for line in lines]))
    if assessment is not None and assessment.benefit not in benefits:
        benefits.append(assessment.benefit)
    if not benefits and changes is not None:
        benefits = sorted(decision_services.decided_benefits(changes))
    return draft_texts(
        kind=kind,
        act=act,
        day=today,
        party=party,
        lines=lines,
        benefits=benefits,
        assessment=assessment,
        received_on=received_on,
        interview_on=latest_interview_on(household),
        changes_number=changes.number if changes is not None else "",
        effective_from=effective_from,
        terms=terms,
    )


def start_from_assessment(assessment: Assessment, kind: str, today: datetime.date) -> EditorStart:
    """A draft settling the application the assessment belongs to."""
    application = assessment.application
    party = application.applicant
    rows = [_first_line(assessment, party, today)] if kind == DecisionKind.GRANT else []
    texts = texts_for(
        kind=kind,
        act=application.act,
        party=party,
        household=application.household,
        rows=rows,
        assessment=assessment,
        changes=None,
        effective_from=None,
        received_on=application.received_on,
        today=today,
    )
    return EditorStart(
        kind=kind,
        act=application.act,
        household=application.household,
        party=party,
        application=application,
        assessment=assessment,
        changes=None,
        effective_from=None,
        lines=rows,
        texts=texts,
    )


def start_from_decision(
    changed: Decision,
    kind: str,
    today: datetime.date,
    assessment: Assessment | None = None,
    prefill: Mapping[str, str] | None = None,
) -> EditorStart:
    """A draft acting on an issued decision: from the first day of next month (the clerk
    changes it), with the changed decision's benefits for a change or a resumption; an undue
    benefit or a relief with the terms `prefill` gives (`undue_prefill`, `relief_prefill`)."""
    prefill = prefill or {}
    effective_from = today.replace(day=1) + relativedelta(months=1)
    rows: list[dict[str, Any]] = []
    terms = RepaymentTerms()
    if kind in (DecisionKind.CHANGE, DecisionKind.RESUMPTION):
        rows = _continued_lines(changed, effective_from)
    elif kind == DecisionKind.UNDUE:
        rows, terms = undue_prefill(changed, prefill, today)
    elif kind == DecisionKind.RELIEF:
        terms = relief_prefill(prefill)
    texts = texts_for(
        kind=kind,
        act=changed.act,
        party=changed.party,
        household=changed.household,
        rows=rows,
        assessment=assessment,
        changes=changed,
        effective_from=effective_from if kind in KINDS_CHANGING_A_DECISION else None,
        received_on=None,
        today=today,
        terms=terms,
    )
    return EditorStart(
        kind=kind,
        act=changed.act,
        household=changed.household,
        party=changed.party,
        application=None,
        assessment=assessment,
        changes=changed,
        effective_from=effective_from if kind in KINDS_CHANGING_A_DECISION else None,
        lines=rows,
        texts=texts,
        terms=terms,
    )


def _date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _amount(value: str | None) -> Decimal | None:
    try:
        amount = Decimal((value or "").replace(",", ".").replace(" ", ""))
    except InvalidOperation:
        return None
    return amount.quantize(Decimal("0.01")) if amount.is_finite() and amount > 0 else None


def undue_prefill(
    changed: Decision, prefill: Mapping[str, str], today: datetime.date
) -> tuple[list[dict[str, Any]], RepaymentTerms]:
    """The benefit found undue and its terms, from the query string the payments' overpayment
    links with (`?swiadczenie=&kwota=&od=&do=&odsetki_od=`); without it, the changed decision's
    cash benefits with no amount, for the clerk to fill in. What does not read as a date or an
    amount is left out, never refused: the service checks the draft."""
    benefit = prefill.get("swiadczenie", "")
    awarded = list(changed.lines.select_related("person", "payee").order_by("pk"))
    rows = []
    for line in awarded:
        if not spec(line.benefit).cash or (benefit and line.benefit != benefit):
            continue
        rows.append(
            {
                "benefit": line.benefit,
                "person": line.person,
                "amount": _amount(prefill.get("kwota")) if benefit else None,
                "purpose": line.purpose,
                "period_from": _date(prefill.get("od")) or line.period_from,
                "period_to": _date(prefill.get("do")) or line.period_to,
                "payee": line.payee if line.payee_id != changed.party_id else None,
                "method": line.method,
                "account": line.account,
            }
        )
        if benefit:
            break
    interest_from = _date(prefill.get("odsetki_od")) if changed.act == Act.FAMILY_BENEFITS else None
    terms = RepaymentTerms(
        repay_by=today + datetime.timedelta(days=DEFAULT_REPAYMENT_DAYS),
        interest_from=interest_from,
    )
    return rows, terms


def relief_prefill(prefill: Mapping[str, str]) -> RepaymentTerms:
    """A relief starts as the one asked for (`?ulga=`) with what is still owed on the debt
    (`?pozostalo=`), as the recovery's ledger gives them."""
    relief = prefill.get("ulga", "")
    return RepaymentTerms(
        relief=relief if relief in Relief.values else "",
        owed=_amount(prefill.get("pozostalo")),
    )
