"""Measure server time of the registry's busiest screens on a generated city-scale database.

Each request goes through the whole Django stack (middleware, view, selectors, template, session
save, access log) with django.test.Client; the time is taken around `client.get`, so it is the
time Django spends on the request, without network or browser. Users: the director (sees every
household) and a social worker (sees the households of one area out of 40).

    DATABASE_URL=postgres://... .venv/bin/python bench/run.py [--requests 300] [--explain]
"""

# ruff: noqa: E402  (Django is set up before the project is imported)
import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
os.environ.setdefault("OSTOJA_ALLOWED_HOSTS", "testserver")

import django

django.setup()

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from timing import percentile, signed_in

from ostoja.accounts.models import User
from ostoja.registry import search, selectors
from ostoja.registry.models import Household, Person

SEED = 2026
TARGET_MS = 50.0


def keys_for(user: User, rng: random.Random, count: int) -> dict[str, list[str]]:
    """Random PESELs, surname prefixes and household ids within the user's scope."""
    households = list(
        selectors.households_visible_to(user).order_by("?").values_list("pk", flat=True)[:count]
    )
    persons = list(
        selectors.persons_visible_to(user)
        .order_by("?")
        .values_list("pesel", "surname", "first_names")[:count]
    )
    addresses = list(
        selectors.households_visible_to(user)
        .exclude(street="")
        .order_by("?")
        .values_list("street", "house_number")[:count]
    )
    return {
        "PESEL search": [f"/szukaj/?q={pesel}" for pesel, _, _ in persons],
        "surname prefix search": [
            f"/szukaj/?q={surname[: rng.choice((3, 4))]}" for _, surname, _ in persons
        ],
        "live surname search": [
            f"/szukaj/?q={surname[: rng.choice((3, 4))]}&live=1" for _, surname, _ in persons
        ],
        "first name + surname": [
            "/szukaj/?" + urlencode({"q": f"{first.split()[0]} {surname}"})
            for _, surname, first in persons
        ],
        "address search": [
            "/szukaj/?" + urlencode({"q": f"ul. {street} {number}"}) for street, number in addresses
        ],
        "household page": [f"/rodziny/{pk}/" for pk in households],
    }


def measure(client: Client, urls: list[str]) -> list[float]:
    timings = []
    for url in urls:
        headers = {"HX-Request": "true"} if "live=1" in url else {}
        started = time.perf_counter()
        response = client.get(url, headers=headers)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return timings


def query_count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries)


def explain(user: User, pesel: str, prefix: str, household_id: int) -> None:
    """EXPLAIN ANALYZE of the selectors' queries behind the three screens."""
    queries: list[tuple[str, Callable[[], object]]] = [
        (
            "person_search PESEL",
            lambda: search.person_search(user=user, query=search.PersonQuery(text=pesel))[:20],
        ),
        (
            "person_search prefix",
            lambda: search.person_search(user=user, query=search.PersonQuery(text=prefix))[:20],
        ),
    ]
    household = Household.objects.get(pk=household_id)
    for name, make in queries:
        queryset = make()
        print(f"--- {user.username}: {name}")
        print(queryset.explain(analyze=True))  # type: ignore[attr-defined]
    from ostoja.registry.models import Income

    person_ids = household.memberships.values("person_id")
    incomes = (
        Income.objects.filter(person_id__in=person_ids)
        .select_related("kind", "person")
        .order_by("-month", "person__surname", "kind__ordering")[:480]
    )
    print(f"--- household_incomes({household_id})")
    print(incomes.explain(analyze=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300, help="per scenario and user")
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE too")
    options = parser.parse_args()
    rng = random.Random(SEED)
    users = [User.objects.get(username="bench-kierownik"), User.objects.get(username="bench-ps-01")]
    print(
        f"{Household.objects.count()} households, {Person.objects.count()} persons, "
        f"database: {connection.vendor}; {options.requests} requests per row; times in ms"
    )
    header = f"{'scenario':<24}{'user':<12}{'p50':>8}{'p95':>8}{'max':>8}{'queries':>9}  target"
    print(header)
    print("-" * len(header))
    failed = False
    for user in users:
        client = signed_in(user)
        keys = keys_for(user, rng, options.requests)
        for scenario, urls in keys.items():
            measure(client, urls[:20])  # warm up caches and connections
            timings = measure(client, urls)
            p50, p95 = statistics.median(timings), percentile(timings, 0.95)
            ok = p95 <= TARGET_MS
            failed |= not ok
            role = "director" if user.sees_all_households else "worker"
            print(
                f"{scenario:<24}{role:<12}{p50:>8.1f}{p95:>8.1f}{max(timings):>8.1f}"
                f"{query_count(client, urls[0]):>9}  {'ok' if ok else 'SLOW'}"
            )
        if options.explain:
            pesel, surname = (
                selectors.persons_visible_to(user).order_by("?").values_list("pesel", "surname")[0]
            )
            household_id = selectors.households_visible_to(user).order_by("?")[0].pk
            explain(user, pesel or "", surname[:3], household_id)
    if failed:
        print(f"Some p95 above {TARGET_MS:.0f} ms")


if __name__ == "__main__":
    main()
