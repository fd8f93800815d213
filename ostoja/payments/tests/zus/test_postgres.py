"""What PostgreSQL holds whatever writes to it: a person's periods of insurance never overlap,
a declared month and its contributions never change, and synchronisations at the same moment
register each person once. Skipped on SQLite."""

from decimal import Decimal
from typing import Any

import pytest
from django.db import DatabaseError, IntegrityError, transaction

from ostoja.payments.models import RegistrationState, ZusContribution, ZusMonth, ZusRegistration
from ostoja.payments.tests.concurrency import at_once
from ostoja.payments.tests.factories import award
from ostoja.payments.tests.zus.support import D, accountant, clerk, pay, payer
from ostoja.payments.zus.months import zus_month_declare, zus_month_prepare
from ostoja.payments.zus.registrations import SyncResult, zus_registration_sync

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
DECEMBER = D(2026, 12, 1)


def _closed(**fields: Any) -> ZusRegistration:
    return ZusRegistration.objects.create(
        state=RegistrationState.DEREGISTERED,
        zza_date=D(2027, 1, 2),
        zwua_date=D(2027, 1, 2),
        zwua_reason="250",
        recorded_by=clerk(),
        **fields,
    )


def test_the_periods_of_a_person_never_overlap() -> None:
    granted = award(amount="713.00", valid_from=D(2026, 10, 1))
    other = award(amount="713.00", valid_from=D(2026, 10, 1))
    _closed(
        person=granted.person, award=granted, valid_from=D(2026, 10, 1), valid_to=D(2026, 11, 30)
    )
    # The day after is free; another person's identical period too.
    _closed(
        person=granted.person, award=granted, valid_from=D(2026, 12, 1), valid_to=D(2026, 12, 31)
    )
    _closed(person=other.person, award=other, valid_from=D(2026, 10, 1), valid_to=D(2026, 11, 30))
    with pytest.raises(IntegrityError), transaction.atomic():
        _closed(
            person=granted.person,
            award=granted,
            valid_from=D(2026, 11, 30),
            valid_to=D(2026, 11, 30),
        )
    # An open period overlaps everything after its start.
    with pytest.raises(IntegrityError), transaction.atomic():
        ZusRegistration.objects.create(
            person=granted.person,
            award=granted,
            valid_from=D(2026, 12, 31),
            zza_date=D(2027, 1, 2),
            recorded_by=clerk(),
        )
    assert ZusRegistration.objects.count() == 3


def test_a_declared_month_cannot_be_changed_in_the_database() -> None:
    award(amount="713.00", valid_from=DECEMBER)
    zus_registration_sync(actor=clerk(), day=D(2026, 12, 2))
    pay(DECEMBER)
    payer()
    zus_month_prepare(actor=clerk(), month=DECEMBER)
    # Before the declaration the row may still change.
    ZusContribution.objects.update(computation=[])
    zus_month_prepare(actor=clerk(), month=DECEMBER)
    zus_month_declare(actor=accountant(), month=DECEMBER)
    row = ZusContribution.objects.get()
    with pytest.raises(DatabaseError), transaction.atomic():
        ZusContribution.objects.filter(pk=row.pk).update(base=Decimal("1.00"))
    with pytest.raises(DatabaseError), transaction.atomic():
        ZusContribution.objects.filter(pk=row.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        ZusMonth.objects.update(state="przygotowany", declared_by=None, declared_at=None)
    row.refresh_from_db()
    assert (row.base, row.contribution) == (Decimal("713.00"), Decimal("64.17"))


def test_synchronisations_at_the_same_moment_register_each_person_once() -> None:
    persons = {award(amount="713.00", valid_from=DECEMBER).person_id for _ in range(5)}
    actor = clerk()
    outcomes = at_once(
        [lambda: zus_registration_sync(actor=actor, day=D(2026, 12, 2)) for _ in range(8)]
    )
    assert all(isinstance(outcome, SyncResult) for outcome in outcomes), outcomes
    assert sum(len(outcome.registered) for outcome in outcomes) == 5
    assert sorted(ZusRegistration.objects.values_list("person_id", flat=True)) == sorted(persons)
