import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from ostoja.accounts.models import User
from ostoja.registry import services
from ostoja.registry.models import MergeRecord, Person, Relation
from ostoja.registry.tests.factories import (
    HouseholdFactory,
    IncomeFactory,
    MembershipFactory,
    PersonFactory,
)

D = datetime.date


@pytest.fixture
def kept() -> Any:
    return PersonFactory(first_names="Jan", surname="Zając", birth_date=D(1970, 5, 5), phone="")


@pytest.fixture
def duplicate(kept: Person) -> Any:
    return PersonFactory(
        pesel=None,
        document_type="dowod_osobisty",
        document_number="ABC000111",
        first_names=kept.first_names,
        surname=kept.surname,
        birth_date=kept.birth_date,
        phone="600 700 800",
        registered_street="Polna",
    )


def test_merge_moves_records_fills_fields_and_keeps_history(
    director: User, kept: Person, duplicate: Person
) -> None:
    household = HouseholdFactory()
    membership = MembershipFactory(
        household=household, person=duplicate, relation=Relation.APPLICANT
    )
    income = IncomeFactory(person=duplicate)
    services.alimony_set(actor=director, person=duplicate, month=D(2025, 1, 1), amount=Decimal(300))
    services.alimony_set(actor=director, person=duplicate, month=D(2025, 2, 1), amount=Decimal(100))
    services.alimony_set(actor=director, person=kept, month=D(2025, 2, 1), amount=Decimal(200))
    old_version = kept.version

    record = services.persons_merge(actor=director, kept=kept, merged=duplicate)

    membership.refresh_from_db()
    income.refresh_from_db()
    kept.refresh_from_db()
    duplicate.refresh_from_db()
    assert membership.person == kept
    assert income.person == kept
    assert {a.month: a.amount for a in kept.paid_alimony.all()} == {
        D(2025, 1, 1): Decimal(300),
        D(2025, 2, 1): Decimal(200),
    }
    assert not duplicate.paid_alimony.exists()
    assert duplicate.merged_into == kept
    assert kept.phone == "600 700 800"
    assert kept.document_number == "ABC000111"
    assert kept.registered_street == "Polna"
    assert kept.version == old_version + 1

    assert MergeRecord.objects.get() == record
    assert record.actor == director
    assert record.moved["memberships"] == [membership.pk]
    assert record.moved["incomes"] == [income.pk]
    assert {"phone", "document_number", "registered_street"} <= set(record.moved["filled_fields"])

    # History is kept: the duplicate still exists, and every change names the actor.
    assert duplicate.history.first().history_user == director
    assert kept.history.first().history_user == director
    assert membership.history.first().history_user == director
    assert membership.history.count() == 2


def test_merge_takes_over_the_pesel_of_the_duplicate(director: User) -> None:
    without = PersonFactory(
        pesel=None, document_type="paszport", document_number="P1", birth_date=D(1990, 1, 1)
    )
    with_pesel = PersonFactory(birth_date=D(1990, 1, 1))
    pesel = with_pesel.pesel
    services.persons_merge(actor=director, kept=without, merged=with_pesel)
    without.refresh_from_db()
    with_pesel.refresh_from_db()
    assert without.pesel == pesel
    assert with_pesel.pesel is None
    assert with_pesel.history.filter(pesel=pesel).exists()


def test_different_pesels_are_refused(director: User) -> None:
    one, two = PersonFactory(), PersonFactory()
    with pytest.raises(ValidationError):
        services.persons_merge(actor=director, kept=one, merged=two)
    assert not MergeRecord.objects.exists()
    two.refresh_from_db()
    assert two.merged_into is None


def test_self_merge_and_second_merge_are_refused(
    director: User, kept: Person, duplicate: Person
) -> None:
    with pytest.raises(ValidationError):
        services.persons_merge(actor=director, kept=kept, merged=kept)
    services.persons_merge(actor=director, kept=kept, merged=duplicate)
    with pytest.raises(ValidationError):
        services.persons_merge(actor=director, kept=kept, merged=duplicate)
    assert MergeRecord.objects.count() == 1


def test_merge_view_refuses_different_pesels(
    login: Callable[[User], Client], director: User, person_north: Person
) -> None:
    from django.urls import reverse

    other = PersonFactory()
    response = login(director).post(
        reverse("registry:person_merge", args=[person_north.pk]),
        {"merged": other.pk, "confirm": "on"},
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not MergeRecord.objects.exists()


def test_merge_view_refuses_a_person_out_of_scope(
    login: Callable[[User], Client], social_worker: User, person_north: Person, person_south: Person
) -> None:
    from django.urls import reverse

    response = login(social_worker).post(
        reverse("registry:person_merge", args=[person_north.pk]),
        {"merged": person_south.pk, "confirm": "on"},
    )
    assert response.status_code == 200
    assert "merged" in response.context["form"].errors
    assert not MergeRecord.objects.exists()
