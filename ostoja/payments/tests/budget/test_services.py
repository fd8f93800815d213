"""Entering, changing and removing plan rows: who may, what is refused, what the action
record and the row's history keep."""

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ostoja.accounts.models import User
from ostoja.core.actions import actions_about
from ostoja.core.locking import ConflictError
from ostoja.core.models import ActionRecord
from ostoja.payments.budget import budget_plan_remove, budget_plan_set
from ostoja.payments.models import BudgetPlan

pytestmark = pytest.mark.django_db


def _set(actor: User, amount: str = "10000.00", **changes: Any) -> BudgetPlan:
    arguments: dict[str, Any] = {
        "year": 2026,
        "section": "852",
        "chapter": "85216",
        "paragraph": "3110",
        "funding": "",
        "amount": Decimal(amount),
        "note": "Uchwała budżetowa nr I/1/2026",
        **changes,
    }
    return budget_plan_set(actor=actor, **arguments)


def test_the_accountant_enters_a_plan(accountant: User) -> None:
    plan = _set(accountant)
    assert (plan.year, plan.classification, plan.amount) == (
        2026,
        "852/85216/3110",
        Decimal("10000.00"),
    )
    record = ActionRecord.objects.get(action="payments.budget_plan_create")
    assert record.actor == accountant
    assert record.details["new_amount"] == "10000.00"
    assert record.details["old_amount"] is None
    assert plan.history.get().history_user == accountant


def test_a_change_names_the_old_and_the_new_amount(accountant: User) -> None:
    first = _set(accountant)
    changed = _set(accountant, "12500.50", note="Uchwała nr XII/85/2026")
    assert changed.pk == first.pk
    assert BudgetPlan.objects.count() == 1
    assert (changed.amount, changed.version) == (Decimal("12500.50"), 2)
    record = ActionRecord.objects.get(action="payments.budget_plan_change")
    assert (record.details["old_amount"], record.details["new_amount"]) == (
        "10000.00",
        "12500.50",
    )
    (latest, *_older) = actions_about(changed)
    assert "10\xa0000,00\xa0zł" in latest.summary
    assert "12\xa0500,50\xa0zł" in latest.summary
    assert changed.history.count() == 2


def test_setting_the_same_plan_again_changes_nothing(accountant: User) -> None:
    _set(accountant)
    _set(accountant)
    assert ActionRecord.objects.filter(action__startswith="payments.budget_plan").count() == 1
    assert BudgetPlan.objects.get().version == 1


def test_a_plan_set_to_zero_stays(accountant: User) -> None:
    _set(accountant)
    plan = _set(accountant, "0")
    assert plan.amount == Decimal("0.00")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"amount": Decimal("-1.00")}, "amount"),
        ({"section": "85"}, "section"),
        ({"chapter": "85502"}, "chapter"),
        ({"paragraph": "311"}, "paragraph"),
        ({"year": 1999}, "year"),
        ({"funding": "gmina"}, "funding"),
    ],
)
def test_a_wrong_plan_is_refused_at_its_field(
    accountant: User, changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        _set(accountant, **changes)
    assert field in refused.value.message_dict
    assert not BudgetPlan.objects.exists()


def test_a_negative_change_is_refused(accountant: User) -> None:
    _set(accountant)
    with pytest.raises(ValidationError) as refused:
        _set(accountant, "-5.00")
    assert "amount" in refused.value.message_dict
    assert BudgetPlan.objects.get().amount == Decimal("10000.00")


def test_a_classification_is_planned_for_every_source_or_split_not_both(
    accountant: User,
) -> None:
    _set(accountant)
    with pytest.raises(ValidationError) as refused:
        _set(accountant, funding="zlecone")
    assert "funding" in refused.value.message_dict
    _set(accountant, chapter="85214", funding="wlasne")
    with pytest.raises(ValidationError):
        _set(accountant, chapter="85214", funding="")
    _set(accountant, chapter="85214", funding="wlasne_dotacja")
    assert BudgetPlan.objects.count() == 3


@pytest.mark.parametrize("role", ["director", "benefits_clerk", "social_worker"])
def test_only_accounting_keeps_the_plan(request: pytest.FixtureRequest, role: str) -> None:
    with pytest.raises(PermissionDenied):
        _set(request.getfixturevalue(role))
    assert not BudgetPlan.objects.exists()


def test_a_change_on_an_old_form_is_a_conflict(accountant: User) -> None:
    plan = _set(accountant)
    _set(accountant, "11000.00", expected_version=plan.version)
    with pytest.raises(ConflictError) as conflict:
        _set(accountant, "9000.00", expected_version=plan.version)
    assert conflict.value.current_version == 2
    assert [change.field for change in conflict.value.changes] == ["amount"]
    assert BudgetPlan.objects.get().amount == Decimal("11000.00")


def test_a_row_entered_by_mistake_is_removed(accountant: User) -> None:
    plan = _set(accountant, paragraph="3119")
    budget_plan_remove(actor=accountant, plan=plan)
    assert not BudgetPlan.objects.exists()
    record = ActionRecord.objects.get(action="payments.budget_plan_remove")
    assert record.details["classification"] == "852/85216/3119"
    assert record.details["old_amount"] == "10000.00"
    # The removal stays in the row's history, by whom it was made.
    removal = BudgetPlan.history.filter(id=plan.pk).order_by("-history_date").first()
    assert removal is not None
    assert (removal.history_type, removal.history_user) == ("-", accountant)


def test_a_changed_row_is_not_removed(accountant: User) -> None:
    plan = _set(accountant)
    plan = _set(accountant, "12000.00")
    with pytest.raises(ValidationError):
        budget_plan_remove(actor=accountant, plan=plan)
    assert BudgetPlan.objects.get().amount == Decimal("12000.00")


def test_only_accounting_removes(accountant: User, director: User) -> None:
    plan = _set(accountant)
    with pytest.raises(PermissionDenied):
        budget_plan_remove(actor=director, plan=plan)
    assert BudgetPlan.objects.exists()
