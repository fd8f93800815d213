"""Fill the access log with millions of events and time the data protection officer's screens.

`generate` writes the events with `INSERT ... SELECT generate_series` on PostgreSQL: a year of
events from about 50 members of staff over the persons of the registry (run `bench/generate.py`
first, e.g. with `--households 2000 --persons 5000 --months 1`), each event showing 1 to 10
persons like the real screens do, plus one heavily looked-at person. `run` times, through
the whole Django stack with `django.test.Client`, the officer's list unfiltered and filtered,
sorted, and the art. 15 PDF of the heavily looked-at person.

    DATABASE_URL=postgres://... .venv/bin/python bench/access_register.py generate [--events N]
    DATABASE_URL=postgres://... .venv/bin/python bench/access_register.py run [--requests 30]
"""

# ruff: noqa: E402  (Django is set up before the project is imported)
import argparse
import datetime
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
os.environ.setdefault("OSTOJA_ALLOWED_HOSTS", "testserver")

import django

django.setup()

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from timing import percentile, signed_in

from ostoja.accounts.models import User
from ostoja.accounts.roles import Role
from ostoja.core.models import AccessLog, AccessLogPerson
from ostoja.registry.models import Person

SEED = 2026
LIST_TARGET_MS = 200.0
PDF_TARGET_MS = 5000.0
STAFF = 50
OFFICER = "bench-iod"
BATCH = 500_000
# Kinds with the number of persons an event of that kind shows and its share of the events.
KINDS = [
    ("person_detail", 1, 35),
    ("household_detail", 3, 30),
    ("search_results", 5, 20),
    ("start_page", 10, 10),
    ("person_edit", 1, 5),
]
# The heavily looked-at person (a family in crisis): one event in this many of three members of
# staff is also about them, about 7 500 looks a year, some twenty a day.
HEAVY_EVERY = 40
HEAVY_STAFF = 3


def staff_ids() -> list[int]:
    """About 50 members of staff: those `bench/generate.py` made, topped up with clerks."""
    existing = list(
        User.objects.exclude(role=Role.DATA_PROTECTION_OFFICER).values_list("pk", flat=True)
    )
    for number in range(len(existing), STAFF):
        user = User(
            username=f"bench-sw-{number:02d}",
            role=Role.BENEFITS_CLERK,
            first_name="Urzędnik",
            last_name=f"Numer {number:02d}",
        )
        user.set_unusable_password()
        user.save()
        existing.append(user.pk)
    return existing


def officer() -> User:
    user, created = User.objects.get_or_create(
        username=OFFICER,
        defaults={
            "role": Role.DATA_PROTECTION_OFFICER,
            "first_name": "Inspektor",
            "last_name": "Danych",
        },
    )
    if created:
        user.set_unusable_password()
        user.save()
    return user


def generate(events: int) -> None:
    assert connection.vendor == "postgresql", "the generator writes PostgreSQL SQL"
    officer()
    users = staff_ids()
    persons = list(Person.objects.order_by("pk").values_list("pk", flat=True))
    assert persons, "run bench/generate.py first: the events need persons"
    heavy = persons[0]
    total = sum(share for _code, _count, share in KINDS)
    # An event's kind from its number: cumulative shares over 0..99.
    cases, bound = [], 0
    for code, count, share in KINDS:
        bound += share * 100 // total
        cases.append((bound, code, count))
    what_sql = (
        "CASE "
        + " ".join(f"WHEN g %% 100 < {bound} THEN '{code}'" for bound, code, _ in cases)
        + f" ELSE '{KINDS[0][0]}' END"
    )
    count_sql = (
        "CASE "
        + " ".join(f"WHEN g %% 100 < {bound} THEN {count}" for bound, _, count in cases)
        + " ELSE 1 END"
    )
    now = timezone.now()
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM core_accesslog")
        first = cursor.fetchone()[0] + 1
        for low in range(first, first + events, BATCH):
            high = min(low + BATCH, first + events) - 1
            # Events spread evenly over the last 365 days, the newest last, as the log grows.
            cursor.execute(
                f"""
                INSERT INTO core_accesslog
                    (id, at, user_id, what, route, outcome, status, person_count, details)
                SELECT g,
                       %(now)s::timestamptz - ((%(last)s - g) * (365.0 * 86400 / %(events)s))
                           * interval '1 second',
                       (%(users)s::bigint[])[1 + (g * 7919) %% %(user_count)s],
                       {what_sql},
                       '/bench/' || g,
                       'shown', NULL, {count_sql}, '{{}}'::jsonb
                FROM generate_series(%(low)s::bigint, %(high)s::bigint) AS g
                """,
                {
                    "now": now,
                    "last": first + events - 1,
                    "events": events,
                    "users": users,
                    "user_count": len(users),
                    "low": low,
                    "high": high,
                },
            )
            # Persons of an event: distinct positions in the registry from a multiplicative hash.
            cursor.execute(
                """
                INSERT INTO core_accesslogperson (event_id, person_id)
                SELECT e.id, (%(persons)s::bigint[])[
                           1 + ((e.id * 2654435761 + j * 104729) %% %(person_count)s)]
                FROM core_accesslog e, generate_series(0, e.person_count - 1) AS j
                WHERE e.id BETWEEN %(low)s AND %(high)s
                ON CONFLICT DO NOTHING
                """,
                {"persons": persons, "person_count": len(persons), "low": low, "high": high},
            )
            cursor.execute(
                """
                INSERT INTO core_accesslogperson (event_id, person_id)
                SELECT e.id, %(heavy)s FROM core_accesslog e
                WHERE e.id BETWEEN %(low)s AND %(high)s AND e.id %% %(every)s = 0
                  AND (e.id * 7919) %% %(user_count)s < %(staff)s
                ON CONFLICT DO NOTHING
                """,
                {
                    "heavy": heavy,
                    "low": low,
                    "high": high,
                    "every": HEAVY_EVERY,
                    "user_count": len(users),
                    "staff": HEAVY_STAFF,
                },
            )
            print(f"  events up to {high:,}: {time.perf_counter() - started:.0f} s", flush=True)
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('core_accesslog', 'id'), MAX(id)) "
            "FROM core_accesslog"
        )
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('core_accesslogperson', 'id'), MAX(id)) "
            "FROM core_accesslogperson"
        )
        # What autovacuum does on a live server: statistics, and the visibility map that lets
        # the person filter read the (person_id, event) index without visiting the table.
        cursor.execute("VACUUM ANALYZE core_accesslog")
        cursor.execute("VACUUM ANALYZE core_accesslogperson")
    print(
        f"{AccessLog.objects.count():,} events, {AccessLogPerson.objects.count():,} persons shown, "
        f"{len(users)} staff, {len(persons)} persons in the registry; "
        f"{time.perf_counter() - started:.0f} s"
    )


def timed(call: Callable[[], Any]) -> float:
    started = time.perf_counter()
    response = call()
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, response.status_code
    return elapsed


def run(requests: int, pdf_runs: int) -> None:
    rng = random.Random(SEED)
    client = signed_in(officer())
    users = list(User.objects.exclude(username=OFFICER).values_list("pk", flat=True))
    sample = list(
        Person.objects.exclude(pesel=None).order_by("?").values_list("pesel", "surname")[:requests]
    )
    pesels = [pesel for pesel, _surname in sample]
    prefixes = [surname[:3] for _pesel, surname in sample]
    heavy = Person.objects.order_by("pk").first()
    assert heavy is not None
    today = timezone.localdate()

    def week() -> dict[str, str]:
        start = today - datetime.timedelta(days=rng.randrange(7, 360))
        return {
            "date_from": start.isoformat(),
            "date_to": (start + datetime.timedelta(days=6)).isoformat(),
        }

    scenarios: dict[str, list[dict[str, str]]] = {
        "unfiltered": [{} for _ in range(requests)],
        "by person (PESEL)": [{"person": pesel or ""} for pesel in pesels],
        "by heavy person": [{"person": heavy.pesel or ""} for _ in range(requests)],
        "by surname prefix": [{"person": prefix} for prefix in prefixes],
        "by user": [{"user": str(rng.choice(users))} for _ in range(requests)],
        "by date range (week)": [week() for _ in range(requests)],
        "by user and week": [{"user": str(rng.choice(users)), **week()} for _ in range(requests)],
        "by screen": [{"what": rng.choice(KINDS)[0]} for _ in range(requests)],
        "refused only": [{"outcome": "refused"} for _ in range(requests)],
        "sorted by user": [{"sortuj": "user"} for _ in range(requests)],
        "sorted by screen": [{"sortuj": "what"} for _ in range(requests)],
        "page 150": [{"strona": "150"} for _ in range(requests)],
    }
    print(
        f"{AccessLog.objects.count():,} events, {AccessLogPerson.objects.count():,} persons "
        f"shown; {requests} requests per list row, {pdf_runs} per PDF; times in ms"
    )
    header = f"{'scenario':<26}{'p50':>8}{'p95':>8}{'max':>8}{'queries':>9}  target"
    print(header)
    print("-" * len(header))
    url = "/ochrona-danych/"
    failed = False
    for name, params in scenarios.items():
        for query in params[:3]:  # warm up
            client.get(url, query)
        timings = [timed(partial(client.get, url, query)) for query in params]
        with CaptureQueriesContext(connection) as queries:
            client.get(url, params[0])
        p95 = percentile(timings, 0.95)
        ok = p95 <= LIST_TARGET_MS
        failed |= not ok
        print(
            f"{name:<26}{statistics.median(timings):>8.1f}{p95:>8.1f}{max(timings):>8.1f}"
            f"{len(queries):>9}  {'ok' if ok else 'SLOW'}"
        )
    looks = AccessLogPerson.objects.filter(person_id=heavy.pk).count()
    report = {
        "pesel": heavy.pesel or "",
        "date_from": (today - datetime.timedelta(days=365)).isoformat(),
        "date_to": today.isoformat(),
    }
    timings = [
        timed(lambda: client.post("/ochrona-danych/informacja-o-dostepie/", report))
        for _ in range(pdf_runs)
    ]
    p95 = percentile(timings, 0.95) if len(timings) > 1 else timings[0]
    ok = p95 <= PDF_TARGET_MS
    failed |= not ok
    print(
        f"{'art. 15 PDF, a year':<26}{statistics.median(timings):>8.1f}{p95:>8.1f}"
        f"{max(timings):>8.1f}{'':>9}  {'ok' if ok else 'SLOW'}  ({looks:,} looks at the person)"
    )
    if failed:
        print("Some p95 above target")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("generate", help="write the events")
    make.add_argument("--events", type=int, default=5_000_000)
    measure = commands.add_parser("run", help="time the officer's screens")
    measure.add_argument("--requests", type=int, default=30, help="per list scenario")
    measure.add_argument("--pdf-runs", type=int, default=5)
    options = parser.parse_args()
    if options.command == "generate":
        generate(options.events)
    else:
        run(options.requests, options.pdf_runs)


if __name__ == "__main__":
    main()
