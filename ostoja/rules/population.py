"""Synthetic populations for the simulation: its tests and the benchmark use the same maker.

Two formats, both read by `python -m ostoja.rules simulate`:

* JSON Lines, one household a line in the rules' own schema (the one `calc` reads), with an
  optional id beside it: `{"id": "17", "household": {"members": [...]}}`;
* the older CSV of one row per household (`COLUMNS`), which stands for a household of the
  applicant with their own income and the rest of the household's income on a second member
  (`household_of`).

    python -m ostoja.rules.population --households N [--format jsonl|csv] [--date YYYY-MM-DD]
        [--seed S] > population.jsonl

The synthetic households vary as a centre's do: 1–6 persons, couples and single parents with
children of every age (newborns, pupils, students), elderly applicants and their parents, carers
of a disabled child or parent, incomes of several kinds (wages with tax and contributions,
pensions, unemployment benefit, alimony received, and kinds not counted in social assistance:
800+, zasiłek celowy, stypendium), alimony paid, disabilities and inability to work, yearly
incomes for the family benefits, and now and then a farm. All personal data is invented; every
member is born before the day, and ids are unique (households by number, members within one).
"""

import argparse
import csv
import datetime
import json
import random
import sys
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any, TextIO

COLUMNS = (
    "household_id",
    "members",
    "income",
    "applicant_income",
    "applicant_age",
    "applicant_sex",
    "applicant_incapacity",
)
DEFAULT_DAY = datetime.date(2025, 3, 10)
DEFAULT_SEED = 2026
FORMATS = ("jsonl", "csv")
DAYS_A_YEAR = 365.2425


# --- the CSV of one row per household -------------------------------------------------------


def random_rows(count: int, seed: int = DEFAULT_SEED) -> Iterator[list[str]]:
    """CSV rows: households of 1–6 persons with incomes around the social-assistance criteria."""
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


def write_population(stream: TextIO, count: int, seed: int = DEFAULT_SEED) -> None:
    """The CSV population: a header of `COLUMNS`, then `count` rows."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(random_rows(count, seed))


def household_of(row: Sequence[str], day: datetime.date) -> dict[str, Any]:
    """The household a CSV row stands for: the applicant with their own income, the rest of the
    household's income on a second member. The row must already be checked (the simulation's
    reader does it): `applicant_age` whole years, amounts with at most two decimals."""
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


# --- households in the rules' schema ----------------------------------------------------------


def _money(rng: random.Random, low: float, high: float) -> str:
    return f"{rng.uniform(low, high):.2f}"


def _birth(rng: random.Random, day: datetime.date, age: int) -> str:
    """A birth date that makes the person `age` full years old on `day` (or younger by a day at
    most on a leap-year boundary), never after `day`."""
    earliest = day.toordinal() - int((age + 1) * DAYS_A_YEAR) + 1
    latest = day.toordinal() - int(age * DAYS_A_YEAR)
    return datetime.date.fromordinal(rng.randint(earliest, latest)).isoformat()


def _wage(rng: random.Random) -> dict[str, str]:
    gross = rng.uniform(1500, 9000)
    return {
        "kind": "wynagrodzenie",
        "amount": f"{gross:.2f}",
        "tax": f"{gross * 0.07:.2f}",
        "health": f"{gross * 0.078:.2f}",
        "social": f"{gross * 0.1371:.2f}",
    }


def _adult_incomes(rng: random.Random, age: int, single_parent: bool) -> list[dict[str, str]]:
    incomes: list[dict[str, str]] = []
    draw = rng.random()
    if age >= 60 and draw < 0.85:
        incomes.append({"kind": "emerytura", "amount": _money(rng, 900, 4200)})
    elif draw < 0.5:
        incomes.append(_wage(rng))
    elif draw < 0.6:
        incomes.append({"kind": "zasilek_dla_bezrobotnych", "amount": _money(rng, 1000, 1700)})
    elif draw < 0.7:
        incomes.append({"kind": "renta", "amount": _money(rng, 700, 2500)})
    elif draw < 0.75:
        incomes.append({"kind": "dzialalnosc_gospodarcza", "amount": _money(rng, 0, 6000)})
    # otherwise no income of their own this month
    if single_parent and rng.random() < 0.6:
        incomes.append({"kind": "alimenty", "amount": _money(rng, 300, 1200)})
    if rng.random() < 0.08:
        incomes.append({"kind": "zasilek_celowy", "amount": _money(rng, 100, 800)})
    if rng.random() < 0.05:
        incomes.append({"kind": "dodatek_mieszkaniowy", "amount": _money(rng, 100, 600)})
    if rng.random() < 0.03:
        incomes.append({"kind": "swiadczenie_w_naturze", "amount": _money(rng, 50, 300)})
    if rng.random() < 0.03:
        incomes.append({"kind": "prace_spolecznie_uzyteczne", "amount": _money(rng, 100, 500)})
    return incomes


def _counted(incomes: list[dict[str, str]]) -> Decimal:
    """A rough monthly income, only for a plausible yearly income of the family benefits."""
    total = Decimal(0)
    for income in incomes:
        if income["kind"] in ("zasilek_celowy", "swiadczenie_wychowawcze", "swiadczenie_w_naturze"):
            continue
        total += Decimal(income["amount"]) - sum(
            (Decimal(income.get(key, "0")) for key in ("tax", "health", "social")), Decimal(0)
        )
    return total


def _adult(
    rng: random.Random,
    day: datetime.date,
    member_id: str,
    age: int,
    *,
    applicant: bool = False,
    relation: str | None = None,
    single_parent: bool = False,
) -> dict[str, Any]:
    member: dict[str, Any] = {
        "id": member_id,
        "birth_date": _birth(rng, day, age),
        "sex": rng.choice("KM"),
    }
    if applicant:
        member["applicant"] = True
    if relation is not None:
        member["relation"] = relation
    incomes = _adult_incomes(rng, age, single_parent)
    if incomes:
        member["incomes"] = incomes
    draw = rng.random()
    if draw < 0.06:
        member["disability"] = "significant"
        member["care_indications"] = rng.random() < 0.5
        if rng.random() < 0.5:
            member["incapacity"] = "total"
    elif draw < 0.14:
        member["disability"] = "moderate"
    if age >= 60 and rng.random() < 0.3:
        member["incapacity"] = "age"
    elif age < 60 and rng.random() < 0.03:
        member["incapacity"] = "none"
    if rng.random() < 0.05:
        member["alimony_paid"] = _money(rng, 200, 900)
    yearly = _counted(incomes) * 12 * Decimal(str(rng.uniform(0.6, 1.2)))
    if yearly > 0:
        member["annual_income"] = f"{yearly:.2f}"
    if rng.random() < 0.03:
        member["annual_alimony_paid"] = _money(rng, 2400, 10800)
    if member.get("disability") == "significant" and rng.random() < 0.3:
        member["benefits_received"] = ["renta_socjalna"]
    return member


def _child(rng: random.Random, day: datetime.date, member_id: str, age: int) -> dict[str, Any]:
    child: dict[str, Any] = {
        "id": member_id,
        "birth_date": _birth(rng, day, age),
        "sex": rng.choice("KM"),
        "relation": "dziecko",
    }
    incomes: list[dict[str, str]] = []
    if age < 18 and rng.random() < 0.9:
        incomes.append({"kind": "swiadczenie_wychowawcze", "amount": "800.00"})
    if 7 <= age < 25 and rng.random() < 0.1:
        incomes.append({"kind": "stypendium_szkolne", "amount": _money(rng, 100, 400)})
    if age >= 18 and rng.random() < 0.4:
        incomes.append(_wage(rng))
    if incomes:
        child["incomes"] = incomes
    if age >= 16:
        child["in_education"] = rng.random() < 0.7
    draw = rng.random()
    if draw < 0.07:
        child["disability"] = "certificate" if age < 16 else "significant"
        child["care_indications"] = rng.random() < 0.6
    elif draw < 0.1 and age >= 16:
        child["disability"] = "moderate"
    return child


def _child_age(rng: random.Random) -> int:
    draw = rng.random()
    if draw < 0.12:
        return 0  # a newborn: becikowe, the birth supplement
    if draw < 0.85:
        return rng.randint(1, 17)
    return rng.randint(18, 24)


def random_household(rng: random.Random, day: datetime.date) -> dict[str, Any]:
    """One household in the rules' schema, as `household_from_dict` reads it."""
    shape = rng.random()
    members: list[dict[str, Any]] = []
    if shape < 0.25:  # a single person, often elderly
        age = rng.randint(65, 95) if rng.random() < 0.5 else rng.randint(18, 64)
        members.append(_adult(rng, day, "a", age, applicant=True))
    elif shape < 0.4:  # a single parent
        age = rng.randint(19, 55)
        members.append(_adult(rng, day, "a", age, applicant=True, single_parent=True))
        members.extend(
            _child(rng, day, f"d{index + 1}", min(_child_age(rng), age - 18))
            for index in range(rng.randint(1, 4))
        )
    elif shape < 0.55:  # an elderly couple
        age = rng.randint(60, 92)
        members.append(_adult(rng, day, "a", age, applicant=True))
        members.append(
            _adult(rng, day, "b", max(18, age + rng.randint(-6, 6)), relation="malzonek")
        )
    else:  # a couple with children, sometimes with a grandparent
        age = rng.randint(20, 55)
        members.append(_adult(rng, day, "a", age, applicant=True))
        members.append(
            _adult(
                rng,
                day,
                "b",
                max(18, age + rng.randint(-5, 5)),
                relation=rng.choice(("malzonek", "malzonek", "partner")),
            )
        )
        members.extend(
            _child(rng, day, f"d{index + 1}", min(_child_age(rng), age - 18))
            for index in range(rng.randint(0, 4))
        )
        if len(members) < 6 and rng.random() < 0.15:
            members.append(_adult(rng, day, "r", rng.randint(age + 18, 100), relation="rodzic"))
    _add_carer(rng, members)
    household: dict[str, Any] = {"members": members}
    if rng.random() < 0.04:
        household["farm_hectares"] = f"{rng.uniform(0.2, 12):.4f}"
    return household


def _add_carer(rng: random.Random, members: list[dict[str, Any]]) -> None:
    """Now and then the applicant (or, in a couple, the spouse) cares for the disabled members."""
    if len(members) == 1 or rng.random() >= 0.5:
        return
    carer = members[0] if rng.random() < 0.7 else members[1]
    cared = [
        m["id"] for m in members[1:] if m is not carer and m.get("disability", "none") != "none"
    ]
    if cared:
        carer["cares_for"] = cared


def random_households(
    count: int, day: datetime.date = DEFAULT_DAY, seed: int = DEFAULT_SEED
) -> Iterator[tuple[str, dict[str, Any]]]:
    """`count` households with their ids "1", "2", …; the same seed gives the same ones."""
    rng = random.Random(seed)  # noqa: S311 (synthetic data, not security)
    for number in range(1, count + 1):
        yield str(number), random_household(rng, day)


def write_households(
    stream: TextIO, count: int, day: datetime.date = DEFAULT_DAY, seed: int = DEFAULT_SEED
) -> None:
    """The JSON Lines population: `{"id": …, "household": …}` a line."""
    for household_id, household in random_households(count, day, seed):
        stream.write(json.dumps({"id": household_id, "household": household}, ensure_ascii=False))
        stream.write("\n")


def main(argv: Sequence[str] | None = None, stdout: TextIO = sys.stdout) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m ostoja.rules.population", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--households", type=int, required=True)
    parser.add_argument("--format", choices=FORMATS, default="jsonl")
    parser.add_argument("--date", type=datetime.date.fromisoformat, default=DEFAULT_DAY)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    if args.format == "csv":
        write_population(stdout, args.households, args.seed)
    else:
        write_households(stdout, args.households, args.date, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
