"""Generate a city-scale registry into the PostgreSQL database named by DATABASE_URL.

50 000 households, 120 000 persons (with valid PESELs and NRBs), 24 months of incomes, 40 areas
with a social worker each, and a director. Rows go in with COPY (no change-history rows: the
benchmark does not need them). Run after `manage.py migrate` on an empty database:

    DATABASE_URL=postgres://... .venv/bin/python bench/generate.py [--households N] [--persons N]
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
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

import django

django.setup()

from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone
from faker.providers.person.pl_PL import Provider as PolishNames

from ostoja.accounts.models import Area, User
from ostoja.accounts.roles import Role
from ostoja.core.text import fold
from ostoja.registry.demo import (
    BANK_CODES,
    employment_deductions,
    female_surname,
    minimum_wage,
    nrb_for,
    pension_deductions,
    pesel_for,
)
from ostoja.registry.models import Household, Income, Membership, PaidAlimony, Person

SEED = 120_000
CENT = Decimal("0.01")
ZERO = Decimal("0")
AREAS = 40
CITY = "Miasto Testowe"
STREETS = [
    "Kościuszki", "Mickiewicza", "Sienkiewicza", "Słowackiego", "Piłsudskiego", "Polna", "Leśna",
    "Ogrodowa", "Lipowa", "Słoneczna", "Kolejowa", "Długa", "Krótka", "Łąkowa", "Parkowa",
    "Jana Pawła II", "Żeromskiego", "Wojska Polskiego", "3 Maja", "Konopnickiej", "Młyńska",
    "Reymonta", "Kopernika", "Chopina", "Moniuszki", "Prusa", "Orzeszkowej", "Kilińskiego",
    "Traugutta", "Armii Krajowej", "Grunwaldzka", "Wolności", "Zamkowa", "Rynek", "Ogrodowa",
    "Sportowa", "Akacjowa", "Brzozowa", "Klonowa", "Jesionowa", "Wrzosowa", "Fabryczna",
    "Przemysłowa", "Handlowa", "Targowa", "Cmentarna", "Szpitalna", "Dworcowa", "Bema",
    "Sobieskiego", "Batorego", "Chrobrego", "Mieszka I", "Kazimierza Wielkiego", "Narutowicza",
]  # fmt: skip
PERSON_COLUMNS = [
    "id", "created_at", "updated_at", "version", "pesel", "document_type", "document_number",
    "first_names", "surname", "family_name", "birth_date", "sex", "citizenship", "phone",
    "email", "registered_gmina", "registered_town", "registered_street",
    "registered_house_number", "registered_flat_number", "registered_postcode", "actual_gmina",
    "actual_town", "actual_street", "actual_house_number", "actual_flat_number",
    "actual_postcode", "bank_account", "notes", "surname_folded", "first_names_folded",
    "family_name_folded",
]  # fmt: skip
HOUSEHOLD_COLUMNS = [
    "id", "created_at", "updated_at", "version", "area_id", "gmina", "town", "street",
    "house_number", "flat_number", "postcode", "street_folded", "town_folded", "notes",
]  # fmt: skip
MEMBERSHIP_COLUMNS = [
    "id", "created_at", "updated_at", "version", "household_id", "person_id", "relation",
    "valid_from", "valid_to",
]  # fmt: skip
INCOME_COLUMNS = [
    "id", "created_at", "updated_at", "version", "person_id", "month", "kind_id", "gross", "tax",
    "health", "social",
]  # fmt: skip
ALIMONY_COLUMNS = ["id", "created_at", "updated_at", "version", "person_id", "month", "amount"]


def months_back(today: datetime.date, count: int) -> list[datetime.date]:
    first = today.replace(day=1)
    result = []
    for _ in range(count):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
        result.append(first)
    return sorted(result)


def copy_rows(table: str, columns: list[str], rows: Any) -> int:
    count = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
    return count


class City:
    def __init__(self, households: int, persons: int, months: int) -> None:
        self.rng = random.Random(SEED)
        self.households = households
        self.persons = persons
        self.months = months_back(timezone.localdate(), months)
        self.now = timezone.now()
        self.pesels: set[str] = set()
        male = list(PolishNames.male_last_names)
        unisex = list(PolishNames.unisex_last_names)
        self.surnames = male + unisex
        # Common names are common: Zipf-like weights over the list.
        self.surname_weights = [1 / (rank + 5) ** 0.9 for rank in range(len(self.surnames))]
        self.first_male = list(PolishNames.first_names_male)
        self.first_female = list(PolishNames.first_names_female)
        self.person_household: list[int] = []  # household id of person i+1
        self.person_age: list[int] = []

    def pesel(self, birth: datetime.date, sex: str) -> str:
        while True:
            value = pesel_for(birth, sex, self.rng.randrange(5000))
            if value not in self.pesels:
                self.pesels.add(value)
                return value

    def household_rows(self, areas: list[int]) -> Any:
        for pk in range(1, self.households + 1):
            street = self.rng.choice(STREETS)
            yield (
                pk, self.now, self.now, 1, areas[pk % len(areas)], CITY, CITY, street,
                str(self.rng.randint(1, 120)), str(self.rng.randint(1, 60)),
                f"{self.rng.randint(10, 99)}-{self.rng.randint(100, 999)}", fold(street),
                fold(CITY), "",
            )  # fmt: skip

    def person_rows(self) -> Any:
        today = timezone.localdate()
        surnames = self.rng.choices(self.surnames, self.surname_weights, k=self.persons)
        for pk in range(1, self.persons + 1):
            # Every household has a head; the remaining persons join random households.
            household = pk if pk <= self.households else self.rng.randint(1, self.households)
            age = self.rng.randint(0 if pk > self.households else 19, 92)
            birth = today - datetime.timedelta(days=age * 365 + self.rng.randint(1, 364))
            sex = self.rng.choice("KM")
            first = self.rng.choice(self.first_female if sex == "K" else self.first_male)
            surname = surnames[pk - 1]
            surname = female_surname(surname) if sex == "K" else surname
            account = ""
            if age >= 18 and self.rng.random() < 0.6:
                account = nrb_for(self.rng.choice(BANK_CODES), f"{self.rng.randrange(10**16):016d}")
            self.person_household.append(household)
            self.person_age.append(age)
            street = ""
            yield (
                pk, self.now, self.now, 1, self.pesel(birth, sex), "", "", first, surname, surname,
                birth, sex, "polskie", "", "", CITY, CITY, street, "1", "", "00-001", CITY, CITY,
                street, "1", "", "00-001", account, "", fold(surname), fold(first),
                fold(surname),
            )  # fmt: skip

    def membership_rows(self) -> Any:
        pk = 0
        since = datetime.date(2015, 1, 1)
        for person, household in enumerate(self.person_household, start=1):
            relation = "wnioskodawca" if person <= self.households else "dziecko"
            if person > self.households and self.rng.random() < 0.1:  # moved in from elsewhere
                pk += 1
                other = self.rng.randint(1, self.households)
                yield (
                    pk, self.now, self.now, 1, other, person, "inny_krewny", since,
                    datetime.date(2019, 12, 31),
                )  # fmt: skip
                joined = datetime.date(2020, 1, 1)
            else:
                joined = since
            pk += 1
            yield (pk, self.now, self.now, 1, household, person, relation, joined, None)

    def income_rows(self) -> Any:
        pk = 0
        for person, age in enumerate(self.person_age, start=1):
            if age < 18:
                continue
            roll = self.rng.random()
            if age >= 65:
                kind, base = "emerytura", self.rng.uniform(1900, 4300)
            elif roll < 0.55:
                kind, base = "wynagrodzenie", self.rng.uniform(1.0, 1.8)
            elif roll < 0.65:
                kind, base = "zasilek_dla_bezrobotnych", 1695.40
            elif roll < 0.75:
                kind, base = "renta", self.rng.uniform(1780, 2600)
            else:
                continue
            extra = self.rng.random() < 0.3  # a second income: alimony received or 800+
            for month in self.months:
                if kind == "wynagrodzenie":
                    gross = (minimum_wage(month) * Decimal(f"{base:.2f}")).quantize(CENT)
                    tax, health, social = employment_deductions(gross)
                else:
                    gross = Decimal(f"{base:.2f}")
                    tax, health, social = pension_deductions(gross)
                pk += 1
                yield (pk, self.now, self.now, 1, person, month, kind, gross, tax, health, social)
                if extra:
                    pk += 1
                    yield (
                        pk, self.now, self.now, 1, person, month, "swiadczenie_wychowawcze",
                        Decimal("800"), ZERO, ZERO, ZERO,
                    )  # fmt: skip

    def alimony_rows(self) -> Any:
        pk = 0
        for person, age in enumerate(self.person_age, start=1):
            if age < 25 or self.rng.random() > 0.02:
                continue
            amount = Decimal(self.rng.choice((500, 600, 800, 1000)))
            for month in self.months:
                pk += 1
                yield (pk, self.now, self.now, 1, person, month, amount)


def create_staff() -> list[int]:
    director = User(username="bench-kierownik", role=Role.DIRECTOR, first_name="Bench")
    director.set_unusable_password()
    director.save()
    area_ids = []
    for number in range(1, AREAS + 1):
        area = Area.objects.create(name=f"Rejon {number:02d}")
        worker = User(username=f"bench-ps-{number:02d}", role=Role.SOCIAL_WORKER)
        worker.set_unusable_password()
        worker.save()
        area.workers.add(worker)
        area_ids.append(area.pk)
    return area_ids


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=50_000)
    parser.add_argument("--persons", type=int, default=120_000)
    parser.add_argument("--months", type=int, default=24)
    options = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("bench/generate.py writes with COPY: set DATABASE_URL to a PostgreSQL database")
    if Person.objects.exists():
        sys.exit("The database already has persons: generate into an empty, migrated database")
    city = City(options.households, options.persons, options.months)
    started = time.monotonic()
    with transaction.atomic():
        areas = create_staff()
        counts = {
            "households": copy_rows(
                "registry_household", HOUSEHOLD_COLUMNS, city.household_rows(areas)
            ),
            "persons": copy_rows("registry_person", PERSON_COLUMNS, city.person_rows()),
            "memberships": copy_rows(
                "registry_membership", MEMBERSHIP_COLUMNS, city.membership_rows()
            ),
            "incomes": copy_rows("registry_income", INCOME_COLUMNS, city.income_rows()),
            "paid alimony": copy_rows("registry_paidalimony", ALIMONY_COLUMNS, city.alimony_rows()),
        }
        models = [Household, Person, Membership, Income, PaidAlimony]
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    summary = ", ".join(f"{value} {name}" for name, value in counts.items())
    print(f"Generated in {time.monotonic() - started:.0f} s: {summary}, {AREAS} areas")


if __name__ == "__main__":
    main()
