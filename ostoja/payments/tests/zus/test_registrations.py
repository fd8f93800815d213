"""Registrations for health insurance from the awards of zasiłek stały: from the day it is
granted, deregistered with reason 250 when it ends, none for a person insured on another
title, and nothing twice."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from ostoja.accounts.roles import Role
from ostoja.core.models import ActionRecord
from ostoja.payments.models import (
    RegistrationState,
    ZusOtherTitle,
    ZusRegistration,
    ZusSettings,
)
from ostoja.payments.tests.factories import award, change, staff
from ostoja.payments.tests.zus.support import D, clerk
from ostoja.payments.zus.registrations import (
    refuse_overlap,
    title_periods,
    zus_other_title_record,
    zus_registration_end,
    zus_registration_sync,
)
from ostoja.payments.zus.selectors import zus_registration_plan

pytestmark = pytest.mark.django_db


def _sync(day: datetime.date) -> list[ZusRegistration]:
    zus_registration_sync(actor=clerk(), day=day)
    return list(ZusRegistration.objects.order_by("valid_from", "pk"))


def test_a_person_is_registered_from_the_day_the_allowance_is_granted() -> None:
    granted = award(amount="713.00", valid_from=D(2026, 12, 3))
    # Not yet begun on 2 December: nothing to register.
    assert _sync(D(2026, 12, 2)) == []
    [registration] = _sync(D(2026, 12, 7))
    assert registration.person == granted.person
    assert registration.award == granted
    assert registration.valid_from == D(2026, 12, 3)
    assert registration.valid_to is None
    assert registration.state == RegistrationState.REGISTERED
    assert registration.zza_date == D(2026, 12, 7)
    assert not registration.carried_over
    # The first synchronisation fixed the first month declared with Ostoja.
    assert ZusSettings.objects.get(pk=1).first_month == D(2026, 12, 1)
    record = ActionRecord.objects.get(action="payments.zus_register")
    assert record.details["valid_from"] == "2026-12-03"
    assert {subject.kind for subject in record.subjects.all()} == {
        "payments.zusregistration",
        "registry.person",
    }


def test_the_registration_ends_with_reason_250_when_the_allowance_ends() -> None:
    award(amount="713.00", valid_from=D(2026, 12, 1), valid_to=D(2027, 2, 28))
    _sync(D(2026, 12, 2))
    # On the last day of the right the person is still insured.
    [still] = _sync(D(2027, 2, 28))
    assert still.state == RegistrationState.REGISTERED
    [ended] = _sync(D(2027, 3, 1))
    assert ended.state == RegistrationState.DEREGISTERED
    assert ended.valid_to == D(2027, 2, 28)
    assert ended.zwua_reason == "250"
    assert ended.zwua_date == D(2027, 3, 1)
    assert ended.deregistered_by == clerk()
    assert ActionRecord.objects.filter(action="payments.zus_deregister").count() == 1
    # Later synchronisations find the period covered.
    assert _sync(D(2027, 3, 2)) == [ended]
    assert ZusRegistration.objects.get().version == ended.version
    assert str(ended) == f"{ended.person} 01.12.2026–28.02.2027"


def test_a_revocation_ends_the_registration_the_day_before_it_takes_effect() -> None:
    granted = award(amount="713.00", valid_from=D(2026, 12, 1))
    _sync(D(2026, 12, 2))
    change(granted, effective_from=D(2027, 1, 16), revoked=True)
    [ended] = _sync(D(2027, 1, 20))
    assert (ended.valid_to, ended.zwua_reason) == (D(2027, 1, 15), "250")


def test_a_change_of_amount_keeps_one_registration() -> None:
    granted = award(amount="713.00", valid_from=D(2026, 12, 1))
    _sync(D(2026, 12, 2))
    changed = change(granted, effective_from=D(2027, 1, 1), amount="800.00")
    assert changed is not None
    [registration] = _sync(D(2027, 1, 10))
    assert (registration.valid_from, registration.valid_to) == (D(2026, 12, 1), None)
    assert registration.state == RegistrationState.REGISTERED


def test_a_suspension_ends_the_period_and_a_resumption_registers_again() -> None:
    granted = award(amount="713.00", valid_from=D(2026, 12, 1))
    _sync(D(2026, 12, 2))
    suspended = change(granted, effective_from=D(2027, 2, 1), suspended=True)
    assert suspended is not None
    change(suspended, effective_from=D(2027, 4, 1))
    first, second = _sync(D(2027, 4, 2))
    assert (first.valid_from, first.valid_to, first.zwua_reason) == (
        D(2026, 12, 1),
        D(2027, 1, 31),
        "250",
    )
    assert (second.valid_from, second.valid_to, second.state) == (
        D(2027, 4, 1),
        None,
        RegistrationState.REGISTERED,
    )
    assert second.zza_date == D(2027, 4, 2)


def test_running_the_synchronisation_again_changes_nothing() -> None:
    award(amount="713.00", valid_from=D(2026, 12, 1), valid_to=D(2026, 12, 31))
    award(amount="1229.00", valid_from=D(2026, 12, 5))
    before = [(r.pk, r.version, r.updated_at) for r in _sync(D(2027, 1, 4))]
    actions = ActionRecord.objects.count()
    result = zus_registration_sync(actor=clerk(), day=D(2027, 1, 4))
    assert (result.registered, result.deregistered) == ([], [])
    after = [(r.pk, r.version, r.updated_at) for r in ZusRegistration.objects.order_by("pk")]
    assert after == sorted(before)
    assert ActionRecord.objects.count() == actions


def test_a_period_over_before_the_first_synchronisation_is_registered_and_deregistered() -> None:
    settings_row = ZusSettings.objects.create(pk=1, first_month=D(2026, 12, 1))
    assert settings_row.first_month == D(2026, 12, 1)
    award(amount="713.00", valid_from=D(2026, 12, 1), valid_to=D(2026, 12, 31))
    [registration] = _sync(D(2027, 1, 5))
    assert registration.state == RegistrationState.DEREGISTERED
    assert (registration.zza_date, registration.zwua_date) == (D(2027, 1, 5), D(2027, 1, 5))
    assert (registration.valid_from, registration.valid_to) == (D(2026, 12, 1), D(2026, 12, 31))


def test_a_person_registered_before_ostoja_gets_no_new_zza() -> None:
    # Granted in June, the first synchronisation in December: the system used before
    # registered the person, so Ostoja records the period without a ZZA of its own.
    award(amount="713.00", valid_from=D(2026, 6, 1))
    # Ended before the first month: nothing for Ostoja to do.
    award(amount="713.00", valid_from=D(2026, 3, 1), valid_to=D(2026, 5, 31))
    [registration] = _sync(D(2026, 12, 2))
    assert registration.valid_from == D(2026, 6, 1)
    assert registration.carried_over
    assert registration.zza_date is None


def test_no_registration_for_a_person_insured_on_another_title() -> None:
    insured = award(amount="713.00", valid_from=D(2026, 12, 1))
    other = award(amount="500.00", valid_from=D(2026, 12, 1))
    with pytest.raises(ValidationError):
        zus_other_title_record(
            actor=clerk(), person=insured.person, insured_elsewhere=True, reason="  "
        )
    zus_other_title_record(
        actor=clerk(),
        person=insured.person,
        insured_elsewhere=True,
        reason="członek rodziny osoby ubezpieczonej",
    )
    result = zus_registration_sync(actor=clerk(), day=D(2026, 12, 2))
    assert result.insured_elsewhere == [insured.person_id]
    assert [r.person_id for r in ZusRegistration.objects.all()] == [other.person_id]
    # No longer insured elsewhere: registered from the day of granting.
    zus_other_title_record(actor=clerk(), person=insured.person, insured_elsewhere=False)
    assert ZusOtherTitle.objects.get().version == 2
    _sync(D(2026, 12, 9))
    assert ZusRegistration.objects.get(person=insured.person).valid_from == D(2026, 12, 1)


def test_insurance_on_another_title_recorded_later_is_reported_until_deregistered() -> None:
    granted = award(amount="713.00", valid_from=D(2026, 12, 1))
    [registration] = _sync(D(2026, 12, 2))
    zus_other_title_record(
        actor=clerk(), person=granted.person, insured_elsewhere=True, reason="umowa o pracę"
    )
    result = zus_registration_sync(actor=clerk(), day=D(2027, 1, 4))
    assert len(result.problems) == 1
    assert str(granted.person) in result.problems[0]
    # Ended by hand with the code that fits; the allowance goes on but nothing is registered.
    zus_registration_end(
        actor=clerk(), registration=registration, valid_to=D(2027, 1, 3), reason="600"
    )
    result = zus_registration_sync(actor=clerk(), day=D(2027, 1, 5))
    assert (result.registered, result.problems) == ([], [])
    registration.refresh_from_db()
    assert (registration.valid_to, registration.zwua_reason) == (D(2027, 1, 3), "600")


def test_ending_by_hand_is_checked() -> None:
    award(amount="713.00", valid_from=D(2026, 12, 3))
    [registration] = _sync(D(2026, 12, 4))
    with pytest.raises(ValidationError):
        zus_registration_end(actor=clerk(), registration=registration, valid_to=D(2026, 12, 2))
    with pytest.raises(ValidationError):
        zus_registration_end(
            actor=clerk(), registration=registration, valid_to=D(2026, 12, 9), reason="25"
        )
    zus_registration_end(
        actor=clerk(), registration=registration, valid_to=D(2026, 12, 9), day=D(2026, 12, 10)
    )
    with pytest.raises(ValidationError):
        zus_registration_end(actor=clerk(), registration=registration, valid_to=D(2026, 12, 9))


def test_a_decision_not_yet_executable_waits() -> None:
    award(amount="713.00", valid_from=D(2026, 12, 1), executable=False)
    assert _sync(D(2026, 12, 2)) == []


def test_the_plan_shows_what_the_synchronisation_would_do_without_doing_it() -> None:
    granted = award(amount="713.00", valid_from=D(2026, 12, 3))
    plan = zus_registration_plan(D(2026, 12, 7))
    assert [(p.person_id, p.valid_from, p.carried_over) for p in plan.registrations] == [
        (granted.person_id, D(2026, 12, 3), False)
    ]
    assert not ZusRegistration.objects.exists()
    assert not ZusSettings.objects.filter(first_month__isnull=False).exists()


def test_periods_join_segments_that_follow_each_other() -> None:
    granted = award(amount="713.00", valid_from=D(2026, 12, 1), valid_to=D(2027, 1, 31))
    # A new decision from the next day continues the title without a gap; one after a gap
    # starts a new period.
    award(
        amount="713.00",
        valid_from=D(2027, 2, 1),
        valid_to=D(2027, 3, 31),
        household=granted.household,
        person=granted.person,
    )
    award(
        amount="713.00",
        valid_from=D(2027, 5, 1),
        household=granted.household,
        person=granted.person,
    )
    periods = title_periods()[granted.person_id]
    assert [(p.start, p.end) for p in periods] == [
        (D(2026, 12, 1), D(2027, 3, 31)),
        (D(2027, 5, 1), None),
    ]
    assert periods[0].award_on(D(2027, 2, 10)).valid_from == D(2027, 2, 1)


def test_only_staff_who_prepare_payments_record_registrations() -> None:
    worker = staff(username="pracownik", role=Role.SOCIAL_WORKER)
    granted = award(amount="713.00", valid_from=D(2026, 12, 1))
    with pytest.raises(PermissionDenied):
        zus_registration_sync(actor=worker, day=D(2026, 12, 2))
    with pytest.raises(PermissionDenied):
        zus_other_title_record(
            actor=worker, person=granted.person, insured_elsewhere=True, reason="x"
        )


def test_periods_of_a_person_never_overlap() -> None:
    granted = award(amount="713.00", valid_from=D(2026, 12, 1))
    [registration] = _sync(D(2026, 12, 2))
    clash = ZusRegistration(
        person=granted.person,
        award=granted,
        valid_from=D(2026, 11, 1),
        valid_to=D(2026, 12, 5),
        state=RegistrationState.DEREGISTERED,
        zza_date=D(2026, 12, 2),
        zwua_date=D(2026, 12, 2),
        zwua_reason="250",
        recorded_by=clerk(),
    )
    with pytest.raises(ValidationError):
        refuse_overlap(clash)
    clash.valid_to = D(2026, 11, 30)
    refuse_overlap(clash)
    # A second open period of one person: the database refuses it on every engine.
    with pytest.raises(IntegrityError), transaction.atomic():
        ZusRegistration.objects.create(
            person=granted.person,
            award=granted,
            valid_from=D(2027, 1, 1),
            zza_date=D(2027, 1, 1),
            recorded_by=clerk(),
        )
    assert ZusRegistration.objects.get() == registration


def test_a_registration_must_end_after_it_begins_and_carry_its_reason() -> None:
    granted = award(amount="713.00", valid_from=D(2026, 12, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        ZusRegistration.objects.create(
            person=granted.person,
            award=granted,
            valid_from=D(2026, 12, 1),
            valid_to=D(2026, 11, 30),
            state=RegistrationState.DEREGISTERED,
            zza_date=D(2026, 12, 1),
            zwua_date=D(2026, 12, 1),
            zwua_reason="250",
            recorded_by=clerk(),
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        ZusRegistration.objects.create(
            person=granted.person,
            award=granted,
            valid_from=D(2026, 12, 1),
            valid_to=D(2026, 12, 31),
            state=RegistrationState.DEREGISTERED,
            zza_date=D(2026, 12, 1),
            zwua_date=D(2027, 1, 2),
            recorded_by=clerk(),
        )


def test_a_registration_ended_by_hand_while_the_allowance_goes_on_is_made_again() -> None:
    award(amount="713.00", valid_from=D(2026, 12, 1))
    [registration] = _sync(D(2026, 12, 2))
    zus_registration_end(
        actor=clerk(), registration=registration, valid_to=D(2027, 1, 31), day=D(2027, 1, 4)
    )
    # Until the day after the end nothing is to be registered again.
    assert _sync(D(2027, 1, 31)) == [registration]
    ended, again = _sync(D(2027, 2, 1))
    assert (again.valid_from, again.valid_to, again.zza_date) == (
        D(2027, 2, 1),
        None,
        D(2027, 2, 1),
    )
    assert ended == registration


def test_a_registration_without_zasilek_staly_is_reported() -> None:
    granted = award(amount="713.00", valid_from=D(2026, 12, 1))
    periodic = award(benefit="zasilek_okresowy", amount="400.00", valid_from=D(2026, 12, 1))
    _sync(D(2026, 12, 2))
    ZusRegistration.objects.create(
        person=periodic.person,
        award=periodic,
        valid_from=D(2026, 12, 1),
        zza_date=D(2026, 12, 2),
        recorded_by=clerk(),
    )
    result = zus_registration_sync(actor=clerk(), day=D(2026, 12, 3))
    [problem] = result.problems
    assert str(periodic.person) in problem
    assert str(granted.person) not in problem
