import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from ostoja.accounts.models import User
from ostoja.registry import services
from ostoja.registry.models import Income
from ostoja.registry.tests.factories import PersonFactory, income_kind


def test_income_is_stored_for_the_first_of_the_month(director: User) -> None:
    person = PersonFactory()
    income = services.income_add(
        actor=director,
        person=person,
        month=datetime.date(2025, 3, 17),
        kind=income_kind("wynagrodzenie"),
        gross=Decimal("4666.00"),
        tax=Decimal("200.00"),
        health=Decimal("300.00"),
        social=Decimal("640.00"),
    )
    assert income.month == datetime.date(2025, 3, 1)
    assert income.net == Decimal("3526.00")
    assert income.history.get().history_user == director


def test_net_is_never_negative(director: User) -> None:
    person = PersonFactory()
    with pytest.raises(ValidationError) as caught:
        services.income_add(
            actor=director,
            person=person,
            month=datetime.date(2025, 3, 1),
            kind=income_kind(),
            gross=Decimal("100"),
            tax=Decimal("60"),
            social=Decimal("40.01"),
        )
    assert "gross" in caught.value.error_dict
    assert not Income.objects.exists()


def test_negative_amounts_are_refused(director: User) -> None:
    with pytest.raises(ValidationError):
        services.income_add(
            actor=director,
            person=PersonFactory(),
            month=datetime.date(2025, 3, 1),
            kind=income_kind(),
            gross=Decimal("-1"),
        )


amounts = st.decimals(min_value=0, max_value=100000, places=2, allow_nan=False)


@pytest.mark.django_db
@settings(max_examples=25, deadline=None)
@given(gross=amounts, tax=amounts, health=amounts, social=amounts)
def test_saved_incomes_have_non_negative_net(
    gross: Decimal, tax: Decimal, health: Decimal, social: Decimal
) -> None:
    from ostoja.accounts.models import User

    actor = User.objects.get_or_create(username="hyp", defaults={"role": "kierownik"})[0]
    try:
        income = services.income_add(
            actor=actor,
            person=PersonFactory(),
            month=datetime.date(2025, 1, 1),
            kind=income_kind(),
            gross=gross,
            tax=tax,
            health=health,
            social=social,
        )
    except ValidationError:
        assert tax + health + social > gross
    else:
        assert income.net >= 0


def test_income_remove_keeps_history(director: User) -> None:
    person = PersonFactory()
    income = services.income_add(
        actor=director,
        person=person,
        month=datetime.date(2025, 1, 1),
        kind=income_kind(),
        gross=Decimal("10"),
    )
    pk = income.pk
    services.income_remove(actor=director, income=income)
    assert not Income.objects.filter(pk=pk).exists()
    assert [r.history_type for r in Income.history.filter(id=pk)] == ["-", "+"]
    assert Income.history.filter(id=pk).first().history_user == director
