"""What PostgreSQL holds: signatures at the same moment (real transactions and threads), the
gap-free counter, the trigger that keeps a signed decision as it was signed, and the exclusion
constraint on monthly awards. Skipped on SQLite.

The trigger's RAISE EXCEPTION reaches Django as a DatabaseError (psycopg's RaiseException, which
Django wraps as a ProgrammingError)."""

import datetime
import threading
from collections.abc import Callable
from decimal import Decimal
from typing import Any
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, connection, transaction

from ostoja.benefits.catalogue import Benefit
from ostoja.benefits.models import (
    Award,
    AwardFrequency,
    Decision,
    DecisionLine,
    DecisionState,
    DeliveryMethod,
    PaymentMethod,
    RegisterCounter,
)
from ostoja.benefits.services import decisions as services
from ostoja.benefits.tests.decisions import factories
from ostoja.registry.tests.factories import UserFactory

pytestmark = [pytest.mark.postgres]

D = datetime.date


def _in_threads(*jobs: Callable[[], Any]) -> list[Any]:
    """Run the jobs at the same moment, each in its own thread and connection; return what each
    returned or raised."""
    barrier = threading.Barrier(len(jobs))
    outcomes: list[Any] = [None] * len(jobs)

    def run(index: int, job: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=10)
            outcomes[index] = job()
        except Exception as error:  # the outcome under test
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def _signer(username: str, recorded_by: Any) -> Any:
    user = UserFactory(username=username, role="kierownik")
    factories.authorisation(user, recorded_by=recorded_by)
    return user


def _sign(signer: Any, decision: Decision) -> Decision:
    return services.decision_sign(actor=signer, decision=decision, base_version=decision.version)


# ---------------------------------------------------------------------------------------------
# Signatures at the same moment
# ---------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_signers_of_the_same_draft_one_signs_and_one_number_is_taken(
    clerk: Any, signer: Any, household: Any, grant_values: Any, ups_register: Any
) -> None:
    deputy = _signer("zastepca", signer)
    decision = factories.for_signature(actor=clerk, household=household, **grant_values)

    def sign(user: Any) -> Callable[[], Decision]:
        def job() -> Decision:
            mine = Decision.objects.get(pk=decision.pk)
            return _sign(user, mine)

        return job

    outcomes = _in_threads(sign(signer), sign(deputy))
    signed = [o for o in outcomes if isinstance(o, Decision)]
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(signed) == 1, outcomes
    assert len(refused) == 1, outcomes
    assert refused[0].code == "signed"
    assert signed[0].signed_by is not None
    assert signed[0].signed_by.get_full_name() in refused[0].messages[0]
    decision.refresh_from_db()
    assert decision.number == "GOPS.8311.1.2025"
    assert RegisterCounter.objects.get(register=ups_register).last_number == 1
    assert Award.objects.filter(decision=decision).count() == 1


@pytest.mark.django_db(transaction=True)
def test_twenty_drafts_signed_by_four_at_once_are_numbered_one_to_twenty(
    clerk: Any, signer: Any, household: Any, application: Any, ups_register: Any
) -> None:
    assessment = factories.assessment(application, made_by=clerk, benefit=Benefit.ZASILEK_CELOWY)
    party = factories.members(household)[0]
    drafts = [
        factories.for_signature(
            actor=clerk,
            household=household,
            application=application,
            assessment=assessment,
            lines=[
                factories.line(
                    party,
                    benefit=Benefit.ZASILEK_CELOWY,
                    amount=Decimal("100.00") + index,
                    purpose=f"potrzeba nr {index + 1}",
                    period_from=D(2025, 4, 1),
                    period_to=D(2025, 4, 1),
                )
            ],
        )
        for index in range(20)
    ]
    signers = [signer, *(_signer(f"podpisujacy{n}", signer) for n in range(3))]

    def sign_five(user: Any, mine: list[Decision]) -> Callable[[], list[str]]:
        def job() -> list[str]:
            return [_sign(user, Decision.objects.get(pk=d.pk)).number for d in mine]

        return job

    outcomes = _in_threads(*(sign_five(user, drafts[n::4]) for n, user in enumerate(signers)))
    assert all(isinstance(o, list) for o in outcomes), outcomes
    signed = Decision.objects.filter(state=DecisionState.SIGNED)
    sequences = sorted(s for s in signed.values_list("sequence", flat=True) if s is not None)
    assert sequences == list(range(1, 21))
    numbers = set(Decision.objects.values_list("number", flat=True))
    assert numbers == {f"GOPS.8311.{n}.2025" for n in range(1, 21)}
    assert RegisterCounter.objects.get(register=ups_register, year=2025).last_number == 20
    assert Award.objects.filter(frequency=AwardFrequency.ONE_OFF).count() == 20


@pytest.mark.django_db
def test_a_signing_failing_after_its_number_leaves_the_counter_as_it_was(
    clerk: Any, signer: Any, household: Any, grant_values: Any, ups_register: Any
) -> None:
    decision = factories.for_signature(actor=clerk, household=household, **grant_values)
    with (
        mock.patch(
            "ostoja.benefits.services.awards.awards_grant", side_effect=RuntimeError("disk full")
        ),
        pytest.raises(RuntimeError),
    ):
        _sign(signer, decision)
    # The counter was created inside the failed signing: it went with the rollback.
    assert not RegisterCounter.objects.exists()
    assert _sign(signer, decision).number == "GOPS.8311.1.2025"
    assert RegisterCounter.objects.get().last_number == 1


# ---------------------------------------------------------------------------------------------
# The trigger: a signed decision stays as it was signed
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def signed(
    clerk: Any, signer: Any, household: Any, grant_values: Any, ups_register: Any
) -> Decision:
    decision = factories.for_signature(actor=clerk, household=household, **grant_values)
    return _sign(signer, decision)


@pytest.mark.django_db
def test_the_trigger_refuses_a_change_of_a_signed_decisions_text(signed: Decision) -> None:
    with pytest.raises(DatabaseError, match="signed"), transaction.atomic():
        Decision.objects.filter(pk=signed.pk).update(operative="przyznaje się 5000 zł")
    signed.operative = "przyznaje się 5000 zł"
    with pytest.raises(DatabaseError, match="signed"), transaction.atomic():
        signed.save()
    with pytest.raises(DatabaseError), transaction.atomic():
        Decision.objects.filter(pk=signed.pk).update(state=DecisionState.DRAFT)
    with pytest.raises(DatabaseError), transaction.atomic():
        Decision.objects.filter(pk=signed.pk).delete()


@pytest.mark.django_db
def test_the_trigger_lets_the_delivery_be_recorded(clerk: Any, signed: Decision) -> None:
    delivered = services.decision_record_delivery(
        actor=clerk, decision=signed, method=DeliveryMethod.IN_PERSON, delivered_on=D(2025, 4, 1)
    )
    assert delivered.state == DecisionState.DELIVERED


@pytest.mark.django_db
def test_the_trigger_refuses_any_change_of_a_signed_decisions_lines(
    signed: Decision, household: Any
) -> None:
    line = signed.lines.get()
    with pytest.raises(DatabaseError, match="lines"), transaction.atomic():
        DecisionLine.objects.filter(pk=line.pk).update(amount=Decimal("5000.00"))
    line.amount = Decimal("5000.00")
    with pytest.raises(DatabaseError, match="lines"), transaction.atomic():
        line.save()
    with pytest.raises(DatabaseError, match="lines"), transaction.atomic():
        DecisionLine.objects.create(
            decision=signed,
            benefit=Benefit.POSILEK,
            person=line.person,
            payee=line.payee,
            period_from=D(2025, 3, 1),
            method=PaymentMethod.IN_KIND,
        )
    Award.objects.filter(decision=signed).delete()
    with pytest.raises(DatabaseError, match="lines"), transaction.atomic():
        DecisionLine.objects.filter(pk=line.pk).delete()


# ---------------------------------------------------------------------------------------------
# The exclusion constraint on monthly awards
# ---------------------------------------------------------------------------------------------


def _award(signed: Decision, **values: Any) -> Award:
    line = signed.lines.get()
    fields: dict[str, Any] = {
        "decision": signed,
        "household": signed.household,
        "person": line.person,
        "payee": line.payee,
        "benefit": line.benefit,
        "frequency": AwardFrequency.MONTHLY,
        "amount": Decimal("100.00"),
        "valid_from": D(2025, 8, 31),
        "valid_to": None,
        "method": PaymentMethod.CASH,
        **values,
    }
    return Award.objects.create(**fields)


@pytest.mark.django_db
def test_the_database_refuses_overlapping_monthly_segments(signed: Decision) -> None:
    # The signed award runs from 1 March to 31 August 2025 (both days included): a segment
    # from 31 August overlaps it by one day, one from 1 September does not.
    with pytest.raises(IntegrityError), transaction.atomic():
        _award(signed)
    _award(signed, valid_from=D(2025, 9, 1))
    # One-off awards are outside the constraint.
    _award(signed, frequency=AwardFrequency.ONE_OFF, valid_from=D(2025, 4, 1))
