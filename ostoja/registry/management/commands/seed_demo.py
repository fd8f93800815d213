"""Load the demo municipality (gmina Dębowo): staff of every role, two areas, 400 families."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, transaction
from django.utils import timezone

from ostoja.core.demo import run_demo_seeders
from ostoja.registry.demo import DEMO_USERS, demo_present, seed
from ostoja.registry.models import Household

__all__ = ["DEMO_USERS", "Command"]


class Command(BaseCommand):
    help = "Load the demo gmina Dębowo (synthetic persons, households, incomes and staff)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Load only when the registry has no households at all.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if demo_present():
            self.stdout.write("Demo data already present")
            return
        if options["if_empty"] and Household.objects.exists():
            self.stdout.write("The registry already has households: demo data not loaded")
            return
        started = time.monotonic()
        with transaction.atomic():
            today = timezone.localdate()
            summary = seed(today=today)
            # Later capabilities' demo records (case files, interviews, …) on top of the families.
            others = run_demo_seeders(today)
            if connection.vendor == "postgresql":
                # Fresh statistics after a bulk load, or the planner takes the tables for empty.
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo gmina Dębowo loaded in {time.monotonic() - started:.1f} s: "
                f"{summary.households} households, {summary.persons} persons, "
                f"{summary.memberships} memberships, {summary.incomes} incomes, "
                f"{summary.alimony} paid alimony, {summary.users} staff accounts"
            )
        )
        for line in others:
            self.stdout.write(line)
