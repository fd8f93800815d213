"""The terms of repaying an undue benefit (art. 104 ust. 3 and 4 u.p.s., by art. 98; art. 30
u.ś.r.): the undue-benefit decision fixes the deadline and the instalments, and the interest
of a family benefit; a relief decision acts on an issued one. Each refusal is tied to its
field."""

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from ostoja.benefits.catalogue import Act
from ostoja.benefits.models import Decision, DecisionKind, DecisionState, Relief
from ostoja.benefits.repayment import instalment_plan, months_after
from ostoja.benefits.services import decisions as services
from ostoja.benefits.tests.decisions import factories

D = datetime.date
pytestmark = pytest.mark.django_db


def _undue(clerk: Any, household: Any, **values: Any) -> Decision:
    party = factories.members(household)[0]
    return factories.draft(
        actor=clerk,
        household=household,
        kind=DecisionKind.UNDUE,
        lines=[factories.line(party, amount=Decimal("1000.00"))],
        **values,
    )


def _issued_undue(clerk: Any, signer: Any, household: Any) -> Decision:
    undue = services.decision_submit(actor=clerk, decision=_undue(clerk, household))
    return services.decision_sign(actor=signer, decision=undue, base_version=undue.version)


def _refused(**kwargs: Any) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as raised:
        factories.draft(**kwargs)
    return raised.value.message_dict


def test_an_undue_benefit_is_repaid_by_the_deadline_it_fixes(clerk: Any, household: Any) -> None:
    undue = _undue(clerk, household, repay_by=D(2025, 5, 15), instalments=4)
    assert (undue.repay_by, undue.instalments) == (D(2025, 5, 15), 4)
    undue.repay_by = None
    undue.save(update_fields=["repay_by"])
    with pytest.raises(ValidationError) as raised:
        services.decision_submit(actor=clerk, decision=undue)
    assert "repay_by" in raised.value.message_dict


def test_interest_is_charged_only_on_an_undue_family_benefit(clerk: Any, household: Any) -> None:
    errors = _refused(
        actor=clerk,
        household=household,
        kind=DecisionKind.UNDUE,
        lines=[factories.line(factories.members(household)[0])],
        interest_from=D(2025, 3, 1),
    )
    assert "art. 30 u.ś.r." in " ".join(errors["interest_from"])


def test_a_granting_decision_fixes_no_repayment(
    clerk: Any, household: Any, grant_values: Any
) -> None:
    errors = _refused(actor=clerk, household=household, repay_by=D(2025, 5, 1), **grant_values)
    assert errors["repay_by"]


def test_a_relief_is_granted_on_an_undue_benefit_decision(
    clerk: Any, household: Any, grant_values: Any, signer: Any, ups_register: Any
) -> None:
    granting = services.decision_submit(
        actor=clerk, decision=factories.draft(actor=clerk, household=household, **grant_values)
    )
    granting = services.decision_sign(
        actor=signer, decision=granting, base_version=granting.version
    )
    errors = _refused(
        actor=clerk,
        household=household,
        kind=DecisionKind.RELIEF,
        changes=granting,
        relief=Relief.ABANDONMENT,
    )
    assert errors["changes"]


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"relief": ""}, "relief"),
        ({"relief": Relief.DEFERRAL, "relief_amount": Decimal("10.00")}, "relief_amount"),
        ({"relief": Relief.DEFERRAL}, "repay_by"),
        ({"relief": Relief.DEFERRAL, "repay_by": D(2025, 9, 1), "instalments": 3}, "instalments"),
        ({"relief": Relief.INSTALMENTS, "repay_by": D(2025, 9, 1)}, "instalments"),
        ({"relief": Relief.WAIVER, "repay_by": D(2025, 9, 1)}, "repay_by"),
        ({"relief": Relief.ABANDONMENT, "instalments": 2}, "repay_by"),
    ],
    ids=[
        "no-relief",
        "amount-on-deferral",
        "deferral-without-day",
        "deferral-in-instalments",
        "one-instalment",
        "waiver-with-deadline",
        "abandonment-in-instalments",
    ],
)
def test_each_relief_with_the_terms_it_changes(
    clerk: Any,
    signer: Any,
    household: Any,
    ups_register: Any,
    values: dict[str, Any],
    field: str,
) -> None:
    undue = _issued_undue(clerk, signer, household)
    errors = _refused(
        actor=clerk, household=household, kind=DecisionKind.RELIEF, changes=undue, **values
    )
    assert errors[field]


def test_a_relief_in_instalments_is_drafted_on_the_issued_decision(
    clerk: Any, signer: Any, household: Any, ups_register: Any
) -> None:
    undue = _issued_undue(clerk, signer, household)
    relief = factories.draft(
        actor=clerk,
        household=household,
        kind=DecisionKind.RELIEF,
        changes=undue,
        relief=Relief.INSTALMENTS,
        repay_by=D(2025, 6, 10),
        instalments=6,
    )
    assert relief.state == DecisionState.DRAFT
    assert relief.changes == undue
    assert relief.act == Act.SOCIAL_ASSISTANCE


# --- The instalments (benefits.repayment) ---------------------------------------------------


def test_the_instalments_add_up_to_the_amount() -> None:
    plan = instalment_plan(Decimal("1000.00"), 3, D(2026, 1, 31))
    # 1 000,00 ÷ 3 = 333,333… → 333,33 and 333,33; the last 1 000,00 − 666,66 = 333,34; due on
    # 31 January, then the last days of February and of March.
    assert [(i.due_on, i.amount) for i in plan] == [
        (D(2026, 1, 31), Decimal("333.33")),
        (D(2026, 2, 28), Decimal("333.33")),
        (D(2026, 3, 31), Decimal("333.34")),
    ]


def test_no_instalment_is_zero() -> None:
    # 0,02 zł cannot make three instalments of at least a grosz: two of 0,01 zł.
    plan = instalment_plan(Decimal("0.02"), 3, D(2026, 1, 10))
    assert [i.amount for i in plan] == [Decimal("0.01"), Decimal("0.01")]
    assert instalment_plan(Decimal("0.00"), 3, D(2026, 1, 10)) == []


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2028, 1, 31), 1, D(2028, 2, 29)),  # 2028 is a leap year
        (D(2026, 1, 31), 2, D(2026, 3, 31)),
        (D(2026, 11, 30), 3, D(2027, 2, 28)),
        (D(2026, 12, 15), 12, D(2027, 12, 15)),
        (D(2026, 5, 10), 0, D(2026, 5, 10)),
    ],
)
def test_the_next_instalments_fall_on_the_same_day_or_the_month_s_last(
    day: datetime.date, months: int, expected: datetime.date
) -> None:
    assert months_after(day, months) == expected
