"""The daily finality of decisions: the command, the task and the chain of its runs in the queue.

Today is Tuesday 1 April 2025, noon in Warsaw (the decisions' conftest). The calendar of 2025
used below: summer time (CEST, UTC+2) runs from Sunday 30 March 02:00 to Sunday 26 October 03:00,
winter time is CET (UTC+1); Easter Monday is 21 April; 16 April is a Wednesday, 24 April a
Thursday.

Why two task backends: the test settings use django's ImmediateBackend, which runs a task at
once and cannot keep one for later (`supports_defer` is false: `run_after` is refused), so
"a run waiting for tomorrow" cannot exist there. The tests of the chain switch TASKS to
django-tasks-db's DatabaseBackend (the production one) and look at its `DBTaskResult` rows; one
of them lets django-tasks-db's own worker loop take the waiting run, as `db_worker` does.
"""

import datetime
import io
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.tasks import TaskResultStatus
from django.utils import translation
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from ostoja.benefits import tasks
from ostoja.benefits.models import Decision, DecisionKind, DecisionState, DeliveryMethod
from ostoja.benefits.services import decisions as services
from ostoja.benefits.tests.decisions import factories
from ostoja.benefits.tests.decisions.conftest import noon

pytestmark = pytest.mark.django_db

D = datetime.date
UTC = datetime.UTC
TASK_PATH = "ostoja.benefits.tasks.make_decisions_final"


@pytest.fixture
def database_tasks(settings: Any) -> None:
    """The production task backend: runs wait in the database for the worker."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _sign(signer: Any, decision: Decision) -> Decision:
    return services.decision_sign(actor=signer, decision=decision, base_version=decision.version)


def _deliver_in_person(clerk: Any, decision: Decision, day: datetime.date, clock: Any) -> Decision:
    clock.move_to(noon(day))
    return services.decision_record_delivery(
        actor=clerk, decision=decision, method=DeliveryMethod.IN_PERSON, delivered_on=day
    )


@pytest.fixture
def grant(clerk: Any, signer: Any, household: Any, grant_values: Any, ups_register: Any) -> Any:
    return _sign(signer, factories.for_signature(actor=clerk, household=household, **grant_values))


@pytest.fixture
def refusal(clerk: Any, signer: Any, household: Any, grant_values: Any, ups_register: Any) -> Any:
    decision = factories.for_signature(
        actor=clerk,
        household=household,
        kind=DecisionKind.REFUSAL,
        operative="odmawia się przyznania zasiłku okresowego",
        **grant_values,
    )
    return _sign(signer, decision)


def _command(*args: str) -> str:
    output = io.StringIO()
    with translation.override("en"):
        call_command("decisions_make_final", *args, stdout=output)
    return output.getvalue()


def _waiting_runs() -> list[DBTaskResult[[], int]]:
    return list(
        DBTaskResult.objects.filter(task_path=TASK_PATH, status=TaskResultStatus.READY).order_by(
            "run_after"
        )
    )


def _state(decision: Decision) -> tuple[str, datetime.date | None]:
    decision.refresh_from_db()
    return decision.state, decision.final_on


# ---------------------------------------------------------------------------------------------
# The command, run now
# ---------------------------------------------------------------------------------------------


def test_the_command_makes_final_the_decisions_due_and_prints_their_count(
    clerk: Any, grant: Decision, refusal: Decision, clock: Any
) -> None:
    # The grant is handed over on Wednesday 2 April: the 14 days of art. 129 § 2 k.p.a. (the day
    # of delivery not counted, art. 57 § 1) end on Wednesday 16 April, a working day, so it is
    # final from Thursday 17 April (art. 16 § 1: no appeal lies any more).
    _deliver_in_person(clerk, grant, D(2025, 4, 2), clock)
    # The refusal is handed over on Thursday 10 April: its term ends on Thursday 24 April, a
    # working day (Easter Monday, 21 April, is inside the term and does not move it).
    _deliver_in_person(clerk, refusal, D(2025, 4, 10), clock)
    clock.move_to(noon(D(2025, 4, 17)))

    assert _command() == "Decisions that became final as of 17.04.2025: 1.\n"
    assert _state(grant) == (DecisionState.FINAL, D(2025, 4, 17))
    assert _state(refusal) == (DecisionState.DELIVERED, None)
    # Run again on the same day it finds nothing more to do.
    assert _command() == "Decisions that became final as of 17.04.2025: 0.\n"

    clock.move_to(noon(D(2025, 4, 25)))
    assert _command() == "Decisions that became final as of 25.04.2025: 1.\n"
    assert _state(refusal) == (DecisionState.FINAL, D(2025, 4, 25))
    assert _state(grant) == (DecisionState.FINAL, D(2025, 4, 17))


def test_the_command_says_what_failed_on_one_line_and_fails(monkeypatch: Any) -> None:
    from django.db import OperationalError

    def broken(*, today: datetime.date) -> list[Decision]:
        raise OperationalError("no such table:\n  benefits_decision")

    monkeypatch.setattr(
        "ostoja.benefits.management.commands.decisions_make_final.decisions_make_final", broken
    )
    with pytest.raises(CommandError) as raised:
        _command()
    message = str(raised.value)
    assert message == (
        "The finality of decisions could not be recorded: no such table: benefits_decision"
    )
    assert raised.value.returncode != 0


# ---------------------------------------------------------------------------------------------
# The task with the tests' immediate backend
# ---------------------------------------------------------------------------------------------


def test_the_task_returns_how_many_became_final(
    clerk: Any, grant: Decision, refusal: Decision, clock: Any
) -> None:
    # Both delivered on 2 April: final from 17 April (see above).
    _deliver_in_person(clerk, grant, D(2025, 4, 2), clock)
    services.decision_record_delivery(
        actor=clerk, decision=refusal, method=DeliveryMethod.IN_PERSON, delivered_on=D(2025, 4, 2)
    )
    clock.move_to(noon(D(2025, 4, 16)))
    assert tasks.make_decisions_final.enqueue().return_value == 0
    clock.move_to(noon(D(2025, 4, 17)))
    result = tasks.make_decisions_final.enqueue()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == 2
    assert _state(grant) == (DecisionState.FINAL, D(2025, 4, 17))
    # The immediate backend keeps nothing for later: no next run was attempted.
    assert not DBTaskResult.objects.exists()


def test_schedule_needs_the_database_backend() -> None:
    with pytest.raises(CommandError) as raised:
        _command("--schedule")
    message = str(raised.value)
    assert message.startswith("The daily finality run could not be scheduled: ")
    assert "ImmediateBackend" in message
    assert "\n" not in message
    assert not DBTaskResult.objects.exists()


# ---------------------------------------------------------------------------------------------
# The daily chain with the database backend
# ---------------------------------------------------------------------------------------------


def test_the_next_run_is_five_past_midnight_warsaw_time_the_next_day() -> None:
    # 1 April 2025 is in summer time: 2 April 00:05 CEST is 1 April 22:05 UTC.
    assert tasks.next_daily_run(D(2025, 4, 1)) == datetime.datetime(2025, 4, 1, 22, 5, tzinfo=UTC)
    # The night of the spring change: 30 March 00:05 is still winter time (the clocks move at
    # 02:00), i.e. 29 March 23:05 UTC.
    assert tasks.next_daily_run(D(2025, 3, 29)) == datetime.datetime(2025, 3, 29, 23, 5, tzinfo=UTC)
    # The night of the autumn change: 26 October 00:05 is still summer time (the clocks go
    # back at 03:00), i.e. 25 October 22:05 UTC.
    assert tasks.next_daily_run(D(2025, 10, 25)) == datetime.datetime(
        2025, 10, 25, 22, 5, tzinfo=UTC
    )
    # New Year's Eve, winter time: 1 January 2026 00:05 CET is 31 December 23:05 UTC.
    assert tasks.next_daily_run(D(2025, 12, 31)) == datetime.datetime(
        2025, 12, 31, 23, 5, tzinfo=UTC
    )


@pytest.mark.usefixtures("database_tasks")
def test_schedule_twice_leaves_one_run_waiting() -> None:
    # Today is 1 April: the first run is on 2 April at 00:05 Warsaw time (22:05 UTC on 1 April).
    assert _command("--schedule") == "The daily finality run is scheduled for 02.04.2025 00:05.\n"
    assert _command("--schedule") == (
        "The daily finality run is already scheduled for 02.04.2025 00:05.\n"
    )
    waiting = _waiting_runs()
    assert len(waiting) == 1
    assert waiting[0].run_after == datetime.datetime(2025, 4, 1, 22, 5, tzinfo=UTC)
    assert waiting[0].args_kwargs == {"args": [], "kwargs": {}}


@pytest.mark.usefixtures("database_tasks")
def test_a_run_left_over_while_no_worker_ran_is_not_doubled(clock: Any) -> None:
    tasks.schedule_daily_run(today=D(2025, 4, 1))
    # The worker was stopped for a week: the run of 2 April is still waiting on 8 April.
    clock.move_to(noon(D(2025, 4, 8)))
    assert _command("--schedule") == (
        "A finality run is already waiting: the task worker will start it at once.\n"
    )
    assert len(_waiting_runs()) == 1


@pytest.mark.usefixtures("database_tasks")
def test_the_task_leaves_its_next_run_for_the_next_day(
    clerk: Any, grant: Decision, clock: Any
) -> None:
    _deliver_in_person(clerk, grant, D(2025, 4, 2), clock)
    # The run of Thursday 17 April 2025, at 00:05 CEST (16 April 22:05 UTC).
    clock.move_to(datetime.datetime(2025, 4, 16, 22, 5, tzinfo=UTC))
    assert tasks.make_decisions_final.call() == 1
    assert _state(grant) == (DecisionState.FINAL, D(2025, 4, 17))
    # The next on Friday 18 April at 00:05 CEST, 17 April 22:05 UTC.
    waiting = _waiting_runs()
    assert [run.run_after for run in waiting] == [datetime.datetime(2025, 4, 17, 22, 5, tzinfo=UTC)]
    # A second run the same night (started by hand) finds that run waiting and adds none.
    assert tasks.make_decisions_final.call() == 0
    assert _waiting_runs() == waiting


@pytest.mark.usefixtures("database_tasks")
def test_a_failed_run_still_leaves_the_next_one(monkeypatch: Any) -> None:
    def broken(*, today: datetime.date) -> list[Decision]:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(tasks, "make_final_service", broken)
    with pytest.raises(RuntimeError):
        tasks.make_decisions_final.call()
    # Today is 1 April: the next run is on 2 April at 00:05 CEST.
    assert [run.run_after for run in _waiting_runs()] == [
        datetime.datetime(2025, 4, 1, 22, 5, tzinfo=UTC)
    ]


def _run_worker() -> None:
    """django-tasks-db's worker loop, as `db_worker --batch` runs it: every run that is due,
    then stop (without the command's signal handlers and logging set-up, which would outlive
    the test)."""
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()


# The worker closes connections left outside autocommit, which a test inside a transaction is.
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("database_tasks")
def test_the_worker_runs_the_waiting_run_which_leaves_exactly_one_for_the_next_day(
    clerk: Any, grant: Decision, clock: Any
) -> None:
    _deliver_in_person(clerk, grant, D(2025, 4, 2), clock)
    # On Wednesday 16 April (the last day of the term) the run of 17 April is scheduled.
    clock.move_to(noon(D(2025, 4, 16)))
    assert _command("--schedule") == "The daily finality run is scheduled for 17.04.2025 00:05.\n"
    (first,) = _waiting_runs()
    # Before its time the worker leaves it alone.
    clock.move_to(datetime.datetime(2025, 4, 16, 22, 0, tzinfo=UTC))  # 17 April 00:00 CEST
    _run_worker()
    assert _waiting_runs() == [first]
    assert _state(grant) == (DecisionState.DELIVERED, None)

    clock.move_to(datetime.datetime(2025, 4, 16, 22, 6, tzinfo=UTC))  # 17 April 00:06 CEST
    _run_worker()
    first.refresh_from_db()
    assert (first.status, first.return_value) == (TaskResultStatus.SUCCESSFUL, 1)
    assert _state(grant) == (DecisionState.FINAL, D(2025, 4, 17))
    # Exactly one run waits, on 18 April at 00:05 CEST (17 April 22:05 UTC).
    assert [run.run_after for run in _waiting_runs()] == [
        datetime.datetime(2025, 4, 17, 22, 5, tzinfo=UTC)
    ]
    assert DBTaskResult.objects.filter(task_path=TASK_PATH).count() == 2
