"""Benchmark: the debts of undue benefits at city scale — every ledger computed on a day, the
debts' page, a debt's page and the accountant's start panel, which counts the overdue debts.

On the PostgreSQL database named by DATABASE_URL (migrated, may be empty): `generate` makes
`--debts` families, each head with an issued undue-benefit decision of 2026 (half of them of
family benefits, with statutory interest), in 1 to 12 instalments, and 0 to 4 repayments each;
one in ten has a relief. `run` then times `debts_on` of every debt `--runs` times; the debts'
page of today five times with no figures kept (`recovery.summaries`: every ledger computed and
kept); and `--requests` requests of the debts' page of today (the first page, the overdue
ones) and of another day (computed whole), of one debt's page and of the month's page with the
start panel, as an accountant, printing p50/p95. The limit is the one the issue names for the
payments' pages: p95 ≤ 100 ms.

    DATABASE_URL=postgres://... .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://... .venv/bin/python bench/recovery.py generate [--debts 3000]
    DATABASE_URL=postgres://... .venv/bin/python bench/recovery.py run [--runs 5] [--requests 50]
"""

# ruff: noqa: E402  (Django is set up before the project is imported)
import argparse
import datetime
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
os.environ.setdefault("OSTOJA_ALLOWED_HOSTS", "testserver")

import django

django.setup()

from django.db import connection
from django.test import Client
from django.urls import reverse

from ostoja.accounts.models import Area, User
from ostoja.accounts.roles import Role
from ostoja.benefits.catalogue import Act
from ostoja.benefits.models import (
    Authorisation,
    Decision,
    DecisionKind,
    DecisionLine,
    DecisionRegister,
    DecisionState,
    PaymentMethod,
    Relief,
)
from ostoja.core.text import fold
from ostoja.payments.models import DebtSummary, Repayment, RepaymentWay
from ostoja.payments.recovery.debts import debts_on, for_ledgers, visible_debts
from ostoja.registry.demo import pesel_for
from ostoja.registry.models import Household, Membership, Person

sys.path.insert(0, str(Path(__file__).resolve().parent))
from payments import _bulk
from timing import percentile, signed_in

SEED = 2027
PREFIX = "bench_recovery"
AS_OF = datetime.date(2026, 12, 7)
SINCE = datetime.date(2025, 9, 1)
SIGNED = datetime.datetime(2026, 2, 10, 10, 0, tzinfo=datetime.UTC)
BENEFIT_OF = {Act.SOCIAL_ASSISTANCE: "zasilek_okresowy", Act.FAMILY_BENEFITS: "zasilek_rodzinny"}


def _user(username: str, role: str) -> User:
    user, _ = User.objects.get_or_create(
        username=f"{PREFIX}_{username}",
        defaults={"role": role, "first_name": "Ewa", "last_name": username.capitalize()},
    )
    return user


def _families(count: int, rng: random.Random) -> tuple[list[Household], list[Person]]:
    area = Area.objects.get_or_create(name="Rejon benchmarku należności")[0]
    homes = _bulk(
        [
            Household(
                area=area,
                gmina="Miasto",
                town="Miasto",
                street="Jesionowa",
                house_number=str(index % 150 + 1),
                postcode="00-001",
                street_folded=fold("Jesionowa"),
                town_folded=fold("Miasto"),
                notes=PREFIX,
            )
            for index in range(count)
        ]
    )
    pesels: set[str] = set()
    people = []
    for index in range(count):
        birth = datetime.date(rng.randint(1950, 1995), rng.randint(1, 12), rng.randint(1, 28))
        while (pesel := pesel_for(birth, "M", rng.randrange(5000))) in pesels:
            pass
        pesels.add(pesel)
        surname = f"Zwrotny{index}"
        people.append(
            Person(
                pesel=pesel,
                first_names="Jan",
                surname=surname,
                family_name=surname,
                birth_date=birth,
                sex="M",
                surname_folded=fold(surname),
                first_names_folded="jan",
                family_name_folded=fold(surname),
            )
        )
    people = _bulk(people)
    _bulk(
        [
            Membership(household=home, person=head, relation="wnioskodawca", valid_from=SINCE)
            for home, head in zip(homes, people, strict=True)
        ]
    )
    return homes, people


def _decision(index: int, home: Household, head: Person, **fields: object) -> Decision:
    """A draft with its content: issued once its lines are in (a signed decision's lines never
    change, the database's guard)."""
    return Decision(
        household=home,
        party=head,
        state=DecisionState.DRAFT,
        year=2026,
        sequence=index,
        number=f"MOPS.NZ.{index}.2026",
        legal_basis="Na podstawie ustawy",
        operative="Ustala się kwotę do zwrotu.",
        appeal_instruction="Od decyzji przysługuje odwołanie.",
        distribution="Otrzymują: strona, a/a.",
        signed_at=SIGNED,
        issued_on=SIGNED.date(),
        delivered_on=SIGNED.date(),
        final_on=SIGNED.date() + datetime.timedelta(days=15),
        **fields,
    )


def generate(count: int) -> None:
    if Household.objects.filter(notes=PREFIX).exists():
        sys.exit("The benchmark's debts are there already: start from an empty database.")
    rng = random.Random(SEED)
    signer = _user("kierownik", Role.DIRECTOR)
    authorisation = Authorisation.objects.create(
        user=signer,
        number="OR.0052.2.2026",
        granted_by="Prezydent Miasta",
        granted_on=datetime.date(2026, 1, 2),
        valid_from=datetime.date(2026, 1, 2),
        social_assistance=True,
        family_benefits=True,
        position="Dyrektor Miejskiego Ośrodka Pomocy Społecznej",
        recorded_by=signer,
    )
    registers = {
        act: DecisionRegister.objects.get_or_create(
            act=act, defaults={"name": f"Rejestr {act}", "symbol": f"MOPS.NZ.{act}"}
        )[0]
        for act in (Act.SOCIAL_ASSISTANCE, Act.FAMILY_BENEFITS)
    }
    homes, people = _families(count, rng)
    undue = []
    for index, (home, head) in enumerate(zip(homes, people, strict=True), start=1):
        act = Act.FAMILY_BENEFITS if index % 2 else Act.SOCIAL_ASSISTANCE
        undue.append(
            _decision(
                index,
                home,
                head,
                kind=DecisionKind.UNDUE,
                act=act,
                register=registers[act],
                drafted_by=signer,
                signed_by=signer,
                authorisation=authorisation,
                repay_by=datetime.date(2026, rng.randint(3, 11), rng.randint(1, 28)),
                instalments=rng.randint(1, 12),
                interest_from=datetime.date(2026, 1, 1) if act == Act.FAMILY_BENEFITS else None,
            )
        )
    undue = _bulk(undue)
    _bulk(
        [
            DecisionLine(
                decision=decision,
                benefit="zasilek_rodzinny"
                if decision.act == Act.FAMILY_BENEFITS
                else "zasilek_okresowy",
                person=decision.party,
                payee=decision.party,
                amount=Decimal(rng.randint(10000, 300000)) / 100,
                period_from=datetime.date(2025, 9, 1),
                period_to=datetime.date(2025, 12, 31),
                method=PaymentMethod.CASH,
            )
            for decision in undue
        ]
    )
    reliefs = [
        _decision(
            count + index,
            decision.household,
            decision.party,
            kind=DecisionKind.RELIEF,
            act=decision.act,
            register=decision.register,
            drafted_by=signer,
            signed_by=signer,
            authorisation=authorisation,
            changes=decision,
            relief=Relief.INSTALMENTS,
            repay_by=datetime.date(2026, 12, 15),
            instalments=6,
        )
        for index, decision in enumerate(undue[::10], start=1)
    ]
    _bulk(reliefs)
    Decision.objects.filter(household__notes=PREFIX).update(state=DecisionState.FINAL)
    _bulk(
        [
            Repayment(
                decision=decision,
                debtor=decision.party,
                paid_on=datetime.date(2026, rng.randint(3, 11), rng.randint(1, 28)),
                amount=Decimal(rng.randint(2000, 40000)) / 100,
                way=RepaymentWay.CASH,
                recorded_by=signer,
            )
            for decision in undue
            for _ in range(rng.randint(0, 4))
        ]
    )
    print(f"{count} debts, {len(reliefs)} reliefs, {Repayment.objects.count()} repayments made")


def _timed(client: Client, url: str, requests: int) -> tuple[float, float]:
    client.get(url)  # warm the caches once
    timings = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    return percentile(timings, 0.5), percentile(timings, 0.95)


def _spread(timings: list[float]) -> str:
    return " / ".join(f"{timing:.0f}" for timing in timings) + " ms"


def run(runs_count: int, requests: int) -> None:
    accountant = _user("ksiegowa", Role.ACCOUNTING)
    debts = for_ledgers(visible_debts(accountant)).order_by("issued_on", "pk")
    for number in range(1, runs_count + 1):
        start = time.perf_counter()
        ledgers = debts_on(debts, AS_OF)
        elapsed = (time.perf_counter() - start) * 1000
        overdue = sum(1 for debt in ledgers if debt.ledger.state == "zalegla")
        print(f"run {number}: {len(ledgers)} ledgers ({overdue} overdue) in {elapsed:.0f} ms")
    client = signed_in(accountant)
    debts_page = reverse("payments:debts")
    cold = []
    for _ in range(5):
        DebtSummary.objects.all().delete()
        start = time.perf_counter()
        client.get(debts_page)
        cold.append((time.perf_counter() - start) * 1000)
    print("debts' page today, nothing kept (every ledger computed and kept): " + _spread(cold))
    asks = {
        "debts' page today, first page": debts_page,
        "debts' page today, the overdue ones": debts_page + "?stan=zalegle",
        "debts' page on 7 December (computed whole)": debts_page + "?na_dzien=2026-12-07",
        "a debt's page": reverse(
            "payments:debt_detail", args=[ledgers[len(ledgers) // 2].decision.pk]
        ),
        "month's page with the start panel": reverse("payments:month", args=["2026-12"]),
    }
    for label, url in asks.items():
        p50, p95 = _timed(client, url, requests)
        print(f"{label}: p50 {p50:.1f} ms, p95 {p95:.1f} ms ({requests} requests)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("generate")
    make.add_argument("--debts", type=int, default=3000)
    timed = commands.add_parser("run")
    timed.add_argument("--runs", type=int, default=5)
    timed.add_argument("--requests", type=int, default=50)
    arguments = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database.")
    if arguments.command == "generate":
        generate(arguments.debts)
    else:
        run(arguments.runs, arguments.requests)


if __name__ == "__main__":
    main()
