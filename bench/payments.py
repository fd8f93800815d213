"""Benchmark: a month of 15 000 active awards at city scale — the lists generated, the Elixir-O
and pain.001 files written and validated — and the page of a list of 15 000 items.

On the PostgreSQL database named by DATABASE_URL (migrated, may be empty): `generate` makes
15 000 households with a head each and a monthly award from 1 November 2026 by a decision
delivered and final (70 % zasiłek stały, 20 % zasiłek okresowy, 10 % zasiłek rodzinny), all by
transfer, and every benefit paid on the 10th, so that the month is one list of 15 000 transfers
(the largest file and page); one head in twenty owes 300,00 zł of undue benefit, overdue, which
the run sets off against her payment. `run` then, `--runs` times: empties the payments' tables,
times `payment_run_execute` of December 2026 (the task's body, in this process), approves the
transfer list (services) and times writing and validating both bank files
(`payment_list_bank_file`, which refuses a file its validator finds an error in); then times
`--requests` requests of the list's page (first page, a middle page, the last page, sorted by
amount, filtered by benefit, a search by name) as an accountant, and prints p50/p95 per
request. The issue's limits: generation with both files and their validation ≤ 10 s; the
list page p95 ≤ 100 ms.

    DATABASE_URL=postgres://... .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://... .venv/bin/python bench/payments.py generate [--awards 15000]
    DATABASE_URL=postgres://... .venv/bin/python bench/payments.py run [--runs 3] [--requests 50]
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
from typing import Any, NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
os.environ.setdefault("OSTOJA_ALLOWED_HOSTS", "testserver")

import django

django.setup()

from django.db import connection
from django.db.models import Model
from django.urls import reverse

from ostoja.accounts.models import Area, User
from ostoja.accounts.roles import Role
from ostoja.benefits.catalogue import BENEFITS, Act
from ostoja.benefits.models import (
    Authorisation,
    Award,
    AwardFrequency,
    Decision,
    DecisionKind,
    DecisionLine,
    DecisionRegister,
    DecisionState,
    PaymentMethod,
)
from ostoja.core.text import fold
from ostoja.payments.defaults import seed as seed_defaults
from ostoja.payments.models import (
    BenefitPayment,
    Channel,
    PaymentItem,
    PaymentList,
    PaymentSettings,
)
from ostoja.payments.services import exports, lists, runs
from ostoja.registry.demo import BANK_CODES, nrb_for, pesel_for
from ostoja.registry.models import Household, Membership, Person

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import percentile, signed_in

SEED = 2026
MONTH = datetime.date(2026, 12, 1)
GRANTED = datetime.date(2026, 11, 1)
SIGNED = datetime.datetime(2026, 10, 20, 10, 0, tzinfo=datetime.UTC)
BATCH = 2000
PREFIX = "bench_payments"
MIX = (("zasilek_staly", 70), ("zasilek_okresowy", 20), ("zasilek_rodzinny", 10))
# One payee in twenty owes an undue benefit the run sets off.
DEBTOR_EVERY = 20
DEBT = Decimal("300.00")


def _bulk[M: Model](objects: list[M]) -> list[M]:
    if not objects:
        return objects
    return type(objects[0])._default_manager.bulk_create(objects, batch_size=BATCH)


def _user(username: str, role: str) -> User:
    user, _ = User.objects.get_or_create(
        username=f"{PREFIX}_{username}",
        defaults={"role": role, "first_name": "Ewa", "last_name": username.capitalize()},
    )
    return user


def generate(count: int) -> None:
    if Household.objects.filter(notes=PREFIX).exists():
        sys.exit("The benchmark's city is there already: start from an empty database.")
    rng = random.Random(SEED)
    area = Area.objects.get_or_create(name="Rejon benchmarku wypłat")[0]
    signer = _user("kierownik", Role.DIRECTOR)
    authorisation = Authorisation.objects.create(
        user=signer,
        number="OR.0052.1.2026",
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
            act=act, defaults={"name": f"Rejestr {act}", "symbol": f"MOPS.{act}"}
        )[0]
        for act in (Act.SOCIAL_ASSISTANCE, Act.FAMILY_BENEFITS)
    }
    homes = _bulk(
        [
            Household(
                area=area,
                gmina="Miasto",
                town="Miasto",
                street="Lipowa",
                house_number=str(index % 150 + 1),
                postcode="00-001",
                street_folded=fold("Lipowa"),
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
        while (pesel := pesel_for(birth, "K", rng.randrange(5000))) in pesels:
            pass
        pesels.add(pesel)
        surname = f"Wypłacka{index}"
        by_bank = True
        people.append(
            Person(
                pesel=pesel,
                first_names="Anna",
                surname=surname,
                family_name=surname,
                birth_date=birth,
                sex="K",
                actual_town="Miasto",
                actual_street="Lipowa",
                actual_house_number=str(index % 150 + 1),
                actual_postcode="00-001",
                bank_account=nrb_for(BANK_CODES[index % 5], f"{index:016d}") if by_bank else "",
                surname_folded=fold(surname),
                first_names_folded="anna",
                family_name_folded=fold(surname),
            )
        )
    people = _bulk(people)
    _bulk(
        [
            Membership(household=home, person=head, relation="wnioskodawca", valid_from=GRANTED)
            for home, head in zip(homes, people, strict=True)
        ]
    )
    benefits = [code for code, share in MIX for _ in range(share)]
    decisions = []
    chosen = []
    for index, (home, head) in enumerate(zip(homes, people, strict=True)):
        benefit = benefits[index % len(benefits)]
        act = BENEFITS[benefit].act
        chosen.append(benefit)
        decisions.append(
            _signed(
                Signing(signer, authorisation, registers[act]),
                sequence=index + 1,
                household=home,
                party=head,
                kind=DecisionKind.GRANT,
                act=act,
                state=DecisionState.FINAL,
                operative="Przyznaje się świadczenie.",
                issued_on=SIGNED.date(),
                delivered_on=SIGNED.date(),
                final_on=datetime.date(2026, 11, 5),
            )
        )
    decisions = _bulk(decisions)
    _bulk(
        [
            Award(
                decision=decision,
                household=home,
                person=head,
                payee=head,
                benefit=benefit,
                frequency=AwardFrequency.MONTHLY,
                amount=Decimal(rng.randint(10000, 122900)) / 100,
                valid_from=GRANTED,
                method=PaymentMethod.BANK if head.bank_account else PaymentMethod.CASH,
                account=head.bank_account,
            )
            for decision, home, head, benefit in zip(decisions, homes, people, chosen, strict=True)
        ]
    )
    debts = _debts(decisions, homes, people, chosen, signer, authorisation, registers)
    print(f"{count} households, persons, decisions and awards made; {debts} owe undue benefits")


class Signing(NamedTuple):
    signer: User
    authorisation: Authorisation
    register: DecisionRegister


def _signed(signing: Signing, *, sequence: int, act: str, **fields: Any) -> Decision:
    """A decision numbered in its act's register and signed by the bench's director."""
    return Decision(
        register=signing.register,
        year=2026,
        sequence=sequence,
        number=f"MOPS.{act}.{sequence}.2026",
        act=act,
        legal_basis="Na podstawie ustawy",
        appeal_instruction="Od decyzji przysługuje odwołanie.",
        distribution="Otrzymują: strona, a/a.",
        drafted_by=signing.signer,
        signed_by=signing.signer,
        authorisation=signing.authorisation,
        signed_at=SIGNED,
        **fields,
    )


def _debts(
    grants: list[Decision],
    homes: list[Household],
    people: list[Person],
    chosen: list[str],
    signer: User,
    authorisation: Authorisation,
    registers: dict[Act, DecisionRegister],
) -> int:
    """One head in DEBTOR_EVERY owes 300,00 zł of her benefit, overdue since 1 June 2026 by a
    final decision: the run sets it off against December's payment (`recovery.setoff`)."""
    debtors = range(0, len(people), DEBTOR_EVERY)
    undue = _bulk(
        [
            _signed(
                Signing(signer, authorisation, registers[BENEFITS[chosen[index]].act]),
                sequence=len(grants) + index + 1,
                household=homes[index],
                party=people[index],
                kind=DecisionKind.UNDUE,
                act=BENEFITS[chosen[index]].act,
                # A draft while its lines go in (a signed decision's lines never change).
                state=DecisionState.DRAFT,
                operative="Ustala się kwotę nienależnie pobranego świadczenia.",
                issued_on=datetime.date(2026, 5, 4),
                delivered_on=datetime.date(2026, 5, 6),
                final_on=datetime.date(2026, 5, 21),
                repay_by=datetime.date(2026, 6, 1),
                instalments=1,
            )
            for index in debtors
        ]
    )
    _bulk(
        [
            DecisionLine(
                decision=decision,
                benefit=chosen[index],
                person=people[index],
                payee=people[index],
                amount=DEBT,
                period_from=datetime.date(2026, 1, 1),
                period_to=datetime.date(2026, 1, 31),
                method=PaymentMethod.BANK,
                account=people[index].bank_account,
            )
            for decision, index in zip(undue, debtors, strict=True)
        ]
    )
    Decision.objects.filter(pk__in=[decision.pk for decision in undue]).update(
        state=DecisionState.FINAL
    )
    return len(undue)


def _empty_payments() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE payments_itemevent, payments_paymentitem, payments_overpayment,"
            " payments_paymentlist, payments_paymentrun CASCADE"
        )
    PaymentSettings.objects.filter(pk=1).update(
        first_month=None, first_run_at=None, centre_account=nrb_for("10901014", "0000071219812874")
    )


def run(runs_count: int, requests: int) -> None:
    seed_defaults(BenefitPayment, PaymentSettings)
    BenefitPayment.objects.update(payment_day=10)
    clerk = _user("swiadczenia", Role.BENEFITS_CLERK)
    accountant = _user("ksiegowa", Role.ACCOUNTING)
    awards = Award.objects.filter(household__notes=PREFIX).count()
    for number in range(1, runs_count + 1):
        _empty_payments()
        run_row = runs.payment_run_start(actor=clerk, month=MONTH)
        start = time.perf_counter()
        done = runs.payment_run_execute(run_row.pk, today=MONTH)
        generated = time.perf_counter() - start
        transfers = PaymentList.objects.get(channel=Channel.BANK)
        lists.payment_list_prepare(actor=clerk, payment_list=transfers)
        lists.payment_list_approve(actor=accountant, payment_list=transfers)
        start = time.perf_counter()
        elixir = exports.payment_list_bank_file(
            actor=accountant, payment_list=transfers, file_format=exports.ELIXIR
        )
        pain = exports.payment_list_bank_file(
            actor=accountant, payment_list=transfers, file_format=exports.PAIN001
        )
        files = time.perf_counter() - start
        setoff = PaymentItem.objects.filter(setoff__gt=0).count()
        print(
            f"run {number}: {awards} awards, {done.items_added} items, {setoff} set off "
            f"({transfers.item_count} by transfer, {len(elixir.data)} B Elixir-O, "
            f"{len(pain.data)} B pain.001): generation {generated:.2f} s, both files written "
            f"and validated {files:.2f} s, together {generated + files:.2f} s"
        )
    _pages(accountant, requests)


def _pages(accountant: User, requests: int) -> None:
    transfers = PaymentList.objects.get(channel=Channel.BANK)
    client = signed_in(accountant)
    url = reverse("payments:list_detail", args=[transfers.pk])
    last = (transfers.item_count + 19) // 20
    asks = {
        "first page": "",
        "middle page": f"?strona={last // 2}",
        "last page": f"?strona={last}",
        "sorted by amount, descending": "?sortuj=-kwota",
        "filtered: zasiłek okresowy": "?swiadczenie=zasilek_okresowy",
        "search by name": "?szukaj=Wyp%C5%82acka1234",
    }
    for label, query in asks.items():
        client.get(url + query)  # warm the caches once
        timings = []
        for _ in range(requests):
            start = time.perf_counter()
            response = client.get(url + query)
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, response.status_code
        print(
            f"list page, {label}: p50 {percentile(timings, 0.5):.1f} ms, "
            f"p95 {percentile(timings, 0.95):.1f} ms ({requests} requests)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("generate")
    make.add_argument("--awards", type=int, default=15_000)
    timed = commands.add_parser("run")
    timed.add_argument("--runs", type=int, default=3)
    timed.add_argument("--requests", type=int, default=50)
    arguments = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database.")
    if arguments.command == "generate":
        generate(arguments.awards)
    else:
        run(arguments.runs, arguments.requests)


if __name__ == "__main__":
    main()
