"""Record the finality of decisions now, or (`--schedule`) make sure the daily run is waiting.

`make run` and `make dev` call `--schedule` before they start the task worker, so that a fresh
install begins the daily chain (`ostoja.benefits.tasks`); running it again changes nothing.
"""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError
from django.utils import timezone
from django.utils.translation import gettext as _

from ostoja.benefits import tasks
from ostoja.benefits.services.decisions import decisions_make_final


class Command(BaseCommand):
    help = (
        "Record the finality of the decisions whose appeal term has passed, now; with "
        "--schedule, make sure the daily run is waiting in the task queue instead."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Enqueue the daily run unless one is already waiting, and say when it runs.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["schedule"]:
            self.stdout.write(self._schedule())
        else:
            self.stdout.write(self._run_now())

    def _run_now(self) -> str:
        today = timezone.localdate()
        try:
            made_final = decisions_make_final(today=today)
        except DatabaseError as error:
            raise CommandError(
                _("The finality of decisions could not be recorded: %(error)s")
                % {"error": _one_line(error)}
            ) from error
        return _("Decisions that became final as of %(day)s: %(count)d.") % {
            "day": f"{today:%d.%m.%Y}",
            "count": len(made_final),
        }

    def _schedule(self) -> str:
        try:
            waiting = tasks.schedule_daily_run(today=timezone.localdate())
        except (DatabaseError, tasks.SchedulingUnavailableError) as error:
            raise CommandError(
                _("The daily finality run could not be scheduled: %(error)s")
                % {"error": _one_line(error)}
            ) from error
        if waiting.run_after is None or waiting.run_after <= timezone.now():
            # Left over while no worker ran (or enqueued to run at once): the worker takes it
            # as soon as it starts.
            return _("A finality run is already waiting: the task worker will start it at once.")
        when = _moment(waiting.run_after)
        if waiting.enqueued:
            return _("The daily finality run is scheduled for %(when)s.") % {"when": when}
        return _("The daily finality run is already scheduled for %(when)s.") % {"when": when}


def _moment(value: datetime.datetime) -> str:
    """The moment as the office reads it: local time, d.m.Y H:i."""
    return f"{timezone.localtime(value, timezone.get_default_timezone()):%d.%m.%Y %H:%M}"


def _one_line(error: Exception) -> str:
    """The error's text on one line (a database's message may span several)."""
    return " ".join(str(error).split()) or type(error).__name__
