"""The benefits' background tasks (`django.tasks`; in production the worker is
`manage.py db_worker` of django-tasks-db, in the tests the immediate backend runs a task at once).

A task only calls its service: the work, its transactions and its resumption are the service's.

The finality of decisions is recorded once a day without cron: every run of
`make_decisions_final` leaves the next one waiting in the queue of django-tasks-db (`run_after`
shortly after the next midnight, Warsaw time), and `manage.py decisions_make_final --schedule`
starts the chain on a fresh install (`make run` calls it). There is never more than one run
waiting: whoever would add one first looks for a waiting run of the same task. Each run tells
the apps above (`signals.day_begun`), which queue their own night's work.
"""

import datetime
from typing import NamedTuple

from django.db import connection, transaction
from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult, get_date_max

from ostoja.benefits.services import reindex
from ostoja.benefits.services.decisions import decisions_make_final as make_final_service
from ostoja.benefits.signals import day_begun


@task
def run_reindexation(reindexation_id: int) -> dict[str, int]:
    """The re-indexation's run (`reindex.reindexation_run`); returns its counters."""
    run = reindex.reindexation_run(reindexation_id)
    return {
        "total": run.total,
        "processed": run.processed,
        "changed": run.changed,
        "unchanged": run.unchanged,
        "errors": run.errors,
    }


# ---------------------------------------------------------------------------------------------
# The daily finality of decisions
# ---------------------------------------------------------------------------------------------

# Five minutes past midnight, so that the run's local date is the new day. The clocks in Poland
# change at 2:00 (to 3:00) and at 3:00 (back to 2:00), so 0:05 exists exactly once every day.
DAILY_RUN_TIME = datetime.time(0, 5)

# Any fixed number, used for this lock only (PostgreSQL's advisory locks are keyed by a bigint).
_SCHEDULING_LOCK_KEY = 7_365_100_901


class SchedulingUnavailableError(Exception):
    """The task backend cannot keep a run for later or cannot be searched for a waiting one
    (only django-tasks-db's database backend can; the tests' immediate backend cannot)."""


class WaitingRun(NamedTuple):
    """The run of `make_decisions_final` waiting in the queue."""

    run_after: datetime.datetime | None  # None: not before any time, i.e. at once
    enqueued: bool  # True if it was enqueued just now, False if it was already waiting


@task
def make_decisions_final() -> int:
    """Record the finality of the decisions whose appeal term has passed, as of today's local
    date, and return how many became final. Then, with the database backend, make sure the next
    day's run is waiting; even after a failure, so that one bad night does not end the chain."""
    today = timezone.localdate()
    try:
        return len(make_final_service(today=today))
    finally:
        # A receiver's failure is logged by Django and ends neither this run nor the chain.
        day_begun.send_robust(sender=make_decisions_final, today=today)
        if can_schedule():
            schedule_daily_run(today=today)


def next_daily_run(today: datetime.date) -> datetime.datetime:
    """When the run after one made on `today` is due: at `DAILY_RUN_TIME` of the next day, in
    the project's time zone (Europe/Warsaw), as an aware datetime."""
    tomorrow = today + datetime.timedelta(days=1)
    moment = datetime.datetime.combine(tomorrow, DAILY_RUN_TIME)
    return timezone.make_aware(moment, timezone.get_default_timezone())


def can_schedule() -> bool:
    """Whether the task's backend is the database one, which keeps runs for later."""
    return isinstance(make_decisions_final.get_backend(), DatabaseBackend)


def waiting_run() -> WaitingRun | None:
    """The earliest run of `make_decisions_final` waiting in the database queue, if any."""
    backend = _database_backend()
    waiting = (
        DBTaskResult.objects.filter(
            task_path=make_decisions_final.module_path,
            backend_name=backend.alias,
            status=TaskResultStatus.READY,
        )
        .order_by("run_after")
        .first()
    )
    if waiting is None:
        return None
    # django-tasks-db stores "no run_after" as its far-future date.
    run_after = None if waiting.run_after == get_date_max() else waiting.run_after
    return WaitingRun(run_after=run_after, enqueued=False)


def schedule_daily_run(*, today: datetime.date) -> WaitingRun:
    """Make sure exactly one run of `make_decisions_final` is waiting: the one already waiting,
    or else a new one at `next_daily_run(today)`. Idempotent; raises
    `SchedulingUnavailableError` when the backend is not django-tasks-db's."""
    _database_backend()
    with transaction.atomic():
        _one_scheduler_at_a_time()
        waiting = waiting_run()
        if waiting is not None:
            return waiting
        run_after = next_daily_run(today)
        make_decisions_final.using(run_after=run_after).enqueue()
        return WaitingRun(run_after=run_after, enqueued=True)


def _database_backend() -> DatabaseBackend:
    backend = make_decisions_final.get_backend()
    if not isinstance(backend, DatabaseBackend):
        raise SchedulingUnavailableError(
            _(
                "the task backend %(backend)s cannot keep a run for later; the database backend "
                "of django-tasks-db can"
            )
            % {"backend": type(backend).__name__}
        )
    return backend


def _one_scheduler_at_a_time() -> None:
    """Two schedulers at one moment (a run ending while someone types `--schedule`) would both
    find no waiting run and both add one. On PostgreSQL a lock held to the end of the
    transaction lets one look at a time; SQLite needs none, as its transactions here begin
    IMMEDIATE (config/settings/base.py), which lets one writer in at a time."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_SCHEDULING_LOCK_KEY])
