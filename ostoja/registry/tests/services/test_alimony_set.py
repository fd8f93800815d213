import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ostoja.accounts.models import User
from ostoja.registry import services
from ostoja.registry.models import PaidAlimony
from ostoja.registry.tests.factories import PersonFactory


def test_set_creates_then_replaces_the_months_amount(director: User, benefits_clerk: User) -> None:
    person = PersonFactory()
    first = services.alimony_set(
        actor=director, person=person, month=datetime.date(2025, 4, 20), amount=Decimal("500")
    )
    second = services.alimony_set(
        actor=benefits_clerk, person=person, month=datetime.date(2025, 4, 1), amount=Decimal("650")
    )
    assert first.pk == second.pk
    alimony = PaidAlimony.objects.get()
    assert alimony.month == datetime.date(2025, 4, 1)
    assert alimony.amount == Decimal("650")
    assert alimony.history.first().history_user == benefits_clerk


def test_negative_amount_is_refused(director: User) -> None:
    with pytest.raises(ValidationError):
        services.alimony_set(
            actor=director,
            person=PersonFactory(),
            month=datetime.date(2025, 4, 1),
            amount=Decimal("-1"),
        )
    assert not PaidAlimony.objects.exists()
