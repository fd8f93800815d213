# mypy: allow-untyped-calls
"""Debts of undue benefits, made directly: an issued undue-benefit decision with one line (the
amount to repay) and its terms, and a relief decision on it. Synthetic data only.

Each is made a draft with its content, then issued: a signed decision's content never changes
(the database's guard), its lines included."""

import datetime
from decimal import Decimal

from ostoja.benefits.catalogue import BENEFITS
from ostoja.benefits.models import (
    Award,
    AwardFrequency,
    Decision,
    DecisionKind,
    DecisionLine,
    DecisionState,
    PaymentMethod,
)
from ostoja.payments.tests.factories import decision, family
from ostoja.registry.models import Household, Person


def _issued(day: datetime.date) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, 10, 0, tzinfo=datetime.UTC)


def undue_debt(
    *,
    amount: str = "600.00",
    benefit: str = "zasilek_okresowy",
    issued_on: datetime.date = datetime.date(2026, 3, 2),
    repay_by: datetime.date = datetime.date(2026, 4, 1),
    instalments: int = 1,
    interest_from: datetime.date | None = None,
    household: Household | None = None,
    person: Person | None = None,
    state: str = DecisionState.FINAL,
) -> Decision:
    """An undue-benefit decision issued (final unless `state` says otherwise); for a new
    family unless `household` and `person` are given."""
    if household is None or person is None:
        household, person = family()
    undue = decision(
        household,
        person,
        act=BENEFITS[benefit].act,
        kind=DecisionKind.UNDUE,
        signed_at=_issued(issued_on),
        state=DecisionState.DRAFT,
        repay_by=repay_by,
        instalments=instalments,
        interest_from=interest_from,
    )
    DecisionLine.objects.create(
        decision=undue,
        benefit=benefit,
        person=person,
        payee=person,
        amount=Decimal(amount),
        period_from=datetime.date(2025, 11, 1),
        period_to=datetime.date(2025, 12, 31),
        method=PaymentMethod.CASH,
    )
    return _issue(undue, state=state)


def _issue(draft: Decision, *, state: str = DecisionState.FINAL) -> Decision:
    Decision.objects.filter(pk=draft.pk).update(state=state)
    draft.refresh_from_db()
    return draft


def relief(
    undue: Decision,
    *,
    kind: str,
    issued_on: datetime.date,
    amount: str | None = None,
    repay_by: datetime.date | None = None,
    instalments: int = 1,
    issued: bool = True,
) -> Decision:
    """A relief decision on `undue`; a draft when not `issued`."""
    granted = decision(
        undue.household,
        undue.party,
        act=undue.act,
        kind=DecisionKind.RELIEF,
        changes=undue,
        signed_at=_issued(issued_on),
        state=DecisionState.FINAL if issued else DecisionState.DRAFT,
        relief=kind,
        relief_amount=Decimal(amount) if amount is not None else None,
        repay_by=repay_by,
        instalments=instalments,
    )
    return granted


def granted_with_award(
    *, benefit: str = "zasilek_okresowy", amount: str = "600.00", since: datetime.date
) -> Award:
    """A benefit granted by an issued decision with its line, and its award from `since`."""
    household, person = family()
    granting = decision(
        household,
        person,
        act=BENEFITS[benefit].act,
        kind=DecisionKind.GRANT,
        state=DecisionState.DRAFT,
    )
    DecisionLine.objects.create(
        decision=granting,
        benefit=benefit,
        person=person,
        payee=person,
        amount=Decimal(amount),
        period_from=since,
        period_to=None,
        method=PaymentMethod.CASH,
    )
    granting = _issue(granting)
    return Award.objects.create(
        decision=granting,
        household=household,
        person=person,
        payee=person,
        benefit=benefit,
        frequency=AwardFrequency.MONTHLY,
        amount=Decimal(amount),
        valid_from=since,
        method=PaymentMethod.CASH,
    )
