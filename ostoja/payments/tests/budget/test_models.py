"""What the database itself refuses of a plan row, whatever writes it, and what the
model's validators say to a form."""

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ostoja.payments.models import BudgetPlan

pytestmark = pytest.mark.django_db


def _row(**changes: Any) -> dict[str, Any]:
    return {
        "year": 2026,
        "section": "852",
        "chapter": "85216",
        "paragraph": "3110",
        "funding": "",
        "amount": Decimal("10000.00"),
        **changes,
    }


def test_one_row_per_year_and_classification() -> None:
    BudgetPlan.objects.create(**_row())
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetPlan.objects.create(**_row(amount=Decimal("5.00")))
    # Another year, paragraph or source is another row.
    BudgetPlan.objects.create(**_row(year=2027))
    BudgetPlan.objects.create(**_row(paragraph="4130"))
    BudgetPlan.objects.create(**_row(funding="zlecone"))
    assert BudgetPlan.objects.count() == 4


def test_one_row_per_year_classification_and_source() -> None:
    BudgetPlan.objects.create(**_row(funding="wlasne"))
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetPlan.objects.create(**_row(funding="wlasne"))


def test_the_database_refuses_a_negative_plan() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetPlan.objects.create(**_row(amount=Decimal("-0.01")))
    BudgetPlan.objects.create(**_row(amount=Decimal("0.00")))


@pytest.mark.parametrize(
    "wrong",
    [
        {"section": "85"},
        {"chapter": "8521"},
        {"paragraph": "31a0"},
        {"chapter": "85502"},  # rozdział of dział 855, not of 852
        {"funding": "gmina"},
        {"year": 1999},
    ],
)
def test_the_database_refuses_a_wrong_classification(wrong: dict[str, Any]) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetPlan.objects.create(**_row(**wrong))


def test_the_validators_name_the_wrong_field() -> None:
    plan = BudgetPlan(**_row(section="8x2", chapter="852", amount=Decimal("-1")))
    with pytest.raises(ValidationError) as refused:
        plan.full_clean(validate_constraints=False)
    assert set(refused.value.message_dict) == {"section", "chapter", "amount"}
    assert refused.value.message_dict["section"] == ["Dział ma 3 cyfry, np. 852."]


def test_a_change_keeps_the_plan_before_it_in_the_history() -> None:
    plan = BudgetPlan.objects.create(**_row())
    plan.amount = Decimal("12000.00")
    plan.save()
    amounts = [version.amount for version in plan.history.order_by("history_date", "pk")]
    assert amounts == [Decimal("10000.00"), Decimal("12000.00")]
    assert str(plan) == "2026 852/85216/3110"
