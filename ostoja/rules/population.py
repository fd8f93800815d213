"""Synthetic populations for the simulation: its tests and the benchmark use the same maker."""

import csv
import datetime
import random
from collections.abc import Iterator
from decimal import Decimal
from typing import Any, TextIO

from ostoja.rules.simulate import COLUMNS


def random_rows(count: int, seed: int = 2026) -> Iterator[list[str]]:
    """Households of 1–6 persons with incomes around the social-assistance criteria."""
    rng = random.Random(seed)  # noqa: S311 (synthetic data, not security)
    for number in range(1, count + 1):
        members = rng.choice((1, 1, 1, 2, 2, 3, 3, 4, 5, 6))
        income = Decimal(rng.randrange(0, 450_000)) / 100 if rng.random() > 0.1 else Decimal(0)
        own = income if members == 1 else (income * Decimal(rng.randrange(0, 101)) / 100)
        own = own.quantize(Decimal("0.01"))
        age = rng.randrange(18, 95)
        incapacity = rng.choice(("", "", "", "none", "age", "total"))
        yield [
            str(number),
            str(members),
            f"{income:.2f}",
            f"{own:.2f}",
            str(age),
            rng.choice("KM"),
            incapacity,
        ]


def write_population(stream: TextIO, count: int, seed: int = 2026) -> None:
    writer = csv.writer(stream)
    writer.writerow(COLUMNS)
    writer.writerows(random_rows(count, seed))


def household_of(row: list[str], day: datetime.date) -> dict[str, Any]:
    """The per-household input that a population row stands for: the applicant with their own
    income, the rest of the household's income on a second member."""
    _id, members, income, own, age, sex, incapacity = row
    birth = datetime.date(day.year - int(age), 1, 1)  # `age` years old on `day`
    applicant: dict[str, Any] = {
        "id": "a",
        "applicant": True,
        "birth_date": birth.isoformat(),
        "sex": sex,
        "incomes": [{"kind": "inne", "amount": own}],
    }
    if incapacity:
        applicant["incapacity"] = incapacity
    others: list[dict[str, Any]] = [
        {"id": f"m{index}", "birth_date": "2000-01-01", "sex": "K", "incomes": []}
        for index in range(1, int(members))
    ]
    rest = Decimal(income) - Decimal(own)
    if others and rest > 0:
        others[0]["incomes"] = [{"kind": "inne", "amount": f"{rest:.2f}"}]
    return {"members": [applicant, *others]}
