"""Two people changing the same case at once, on PostgreSQL with real transactions and threads:
the same reason added twice, the case handed to two workers."""

import datetime
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from ostoja.casework.models import CaseFile, CaseReason, HelpReason, WorkerAssignment
from ostoja.casework.services import cases as services
from ostoja.registry.tests.factories import AreaFactory, UserFactory, household_with_members

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


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
        thread.join(timeout=30)
    return outcomes


def _reason(code: str) -> HelpReason:
    """The dictionary's row (a transactional test's flush empties the seeded table)."""
    return HelpReason.objects.get_or_create(code=code, defaults={"name": code})[0]


def _case() -> tuple[CaseFile, Any, Any]:
    area = AreaFactory(name="Rejon Zachód")
    worker = UserFactory(role="pracownik_socjalny", areas=[area])
    director = UserFactory(role="kierownik")
    household = household_with_members(area=area, members=2)
    opened = timezone.localdate() - datetime.timedelta(days=30)
    case = services.case_open(actor=worker, household=household, opened_on=opened)
    return case, worker, director


def test_the_same_reason_added_twice_at_once_one_wins() -> None:
    case, worker, _director = _case()
    reason = _reason("ubostwo")
    since = case.opened_on

    def add() -> CaseReason:
        mine = CaseFile.objects.get(pk=case.pk)
        return services.case_reason_add(actor=worker, case=mine, reason=reason, valid_from=since)

    outcomes = _in_threads(add, add)
    saved = [o for o in outcomes if isinstance(o, CaseReason)]
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(saved) == 1, outcomes
    assert len(refused) == 1, outcomes
    assert "valid_from" in refused[0].message_dict
    assert CaseReason.objects.filter(case=case).count() == 1


def test_two_handovers_at_once_one_wins() -> None:
    case, _worker, director = _case()
    area = case.household.area
    first = UserFactory(role="pracownik_socjalny", areas=[area])
    second = UserFactory(role="pracownik_socjalny", areas=[area])
    since = timezone.localdate()

    def assign(worker: Any) -> Callable[[], WorkerAssignment]:
        def job() -> WorkerAssignment:
            mine = CaseFile.objects.get(pk=case.pk)
            return services.case_assign_worker(
                actor=director, case=mine, worker=worker, since=since
            )

        return job

    outcomes = _in_threads(assign(first), assign(second))
    saved = [o for o in outcomes if isinstance(o, WorkerAssignment)]
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(saved) == 1, outcomes
    assert len(refused) == 1, outcomes
    current = WorkerAssignment.objects.get(case=case, valid_to__isnull=True)
    assert current.worker == saved[0].worker
    assert WorkerAssignment.objects.filter(case=case).count() == 2


def test_the_exclusion_constraint_holds_without_the_service() -> None:
    """The database itself refuses an overlapping reason (casereason_no_overlap); the service
    turns that into the field's message (the branch a race reaches)."""
    case, _worker, _director = _case()
    reason = _reason("bezrobocie")
    CaseReason.objects.create(case=case, reason=reason, valid_from=case.opened_on)
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseReason.objects.create(case=case, reason=reason, valid_from=timezone.localdate())


def test_the_constraints_refusal_becomes_the_fields_message(monkeypatch: Any) -> None:
    """A race past the service's own check: the database refuses, the user reads which reason
    is already recorded."""
    case, worker, _director = _case()
    reason = _reason("bezdomnosc")
    CaseReason.objects.create(case=case, reason=reason, valid_from=case.opened_on)
    real = services._overlapping
    calls: list[int] = []

    def blind_first(*args: Any) -> Any:
        calls.append(1)
        return None if len(calls) == 1 else real(*args)

    monkeypatch.setattr(services, "_overlapping", blind_first)
    with pytest.raises(ValidationError) as raised:
        services.case_reason_add(
            actor=worker, case=case, reason=reason, valid_from=timezone.localdate()
        )
    assert case.opened_on.strftime("%d.%m.%Y") in raised.value.message_dict["valid_from"][0]
