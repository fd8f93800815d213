"""'What if' for a whole population: eligibility and monthly cost of a benefit for every
household in one vectorised pass (NumPy), with the same parameters as the per-household rules,
for the law as it is and with changed parameters, side by side.

The population is a CSV with a header:

    household_id,members,income,applicant_income,applicant_age,applicant_sex,applicant_incapacity
    1,3,1500.00,900.00,44,K,
    2,1,300.00,300.00,67,M,age

`income` is the household's net monthly income in social assistance (art. 8 ust. 3 u.p.s.),
`applicant_income` the applicant's own; `applicant_incapacity` is none, age, total or empty (by
age). All arithmetic is in whole grosze (int64), so it agrees with the per-household functions
to the grosz.
"""

import csv
import datetime
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TextIO

import numpy as np
import numpy.typing as npt

from ostoja.rules.dates import FIRST_DAY, in_force
from ostoja.rules.errors import MissingParameterError, RulesInputError
from ostoja.rules.parameters import ParameterSet, Snapshot, default_parameters

Grosze = npt.NDArray[np.int64]
COLUMNS = (
    "household_id",
    "members",
    "income",
    "applicant_income",
    "applicant_age",
    "applicant_sex",
    "applicant_incapacity",
)
INCAPACITY_CODES = {"": -1, "none": 0, "age": 1, "total": 2}

KRYTERIUM_SAMOTNA = "pomoc_spoleczna.kryterium_dochodowe.osoba_samotnie_gospodarujaca"
KRYTERIUM_RODZINA = "pomoc_spoleczna.kryterium_dochodowe.osoba_w_rodzinie"


@dataclass(frozen=True)
class Population:
    members: Grosze  # counts, not grosze, but int64 all the same
    income: Grosze
    applicant_income: Grosze
    applicant_age: Grosze
    applicant_is_woman: npt.NDArray[np.bool_]
    applicant_incapacity: Grosze  # -1 by age, 0 none, 1 age, 2 total

    @property
    def size(self) -> int:
        return int(self.members.shape[0])


@dataclass(frozen=True)
class Totals:
    eligible: int
    monthly_grosze: int

    @property
    def yearly_grosze(self) -> int:
        return self.monthly_grosze * 12


def _grosze(value: Decimal) -> int:
    return int((value * 100).to_integral_value())


def _amount(raw: str, where: str) -> int:
    try:
        value = Decimal(raw)
    except InvalidOperation as error:
        raise RulesInputError(where, f"{raw!r} is not an amount") from error
    if not value.is_finite() or value < 0:
        raise RulesInputError(where, "must be an amount not below zero")
    return _grosze(value)


def read_population(stream: TextIO) -> Population:
    reader = csv.reader(stream)
    header = next(reader, None)
    if header is None or tuple(column.strip() for column in header) != COLUMNS:
        raise RulesInputError("population.csv", f"the header must be: {','.join(COLUMNS)}")
    members, income, own, age, woman, incapacity = [], [], [], [], [], []
    for line_number, row in enumerate(reader, start=2):
        where = f"population.csv line {line_number}"
        if len(row) != len(COLUMNS):
            raise RulesInputError(where, f"expected {len(COLUMNS)} columns, got {len(row)}")
        if not row[1].isdigit() or int(row[1]) < 1:
            raise RulesInputError(f"{where} members", "a whole number, at least 1")
        if not row[4].isdigit():
            raise RulesInputError(f"{where} applicant_age", "a whole number of years")
        if row[5] not in ("K", "M"):
            raise RulesInputError(f"{where} applicant_sex", "K or M")
        if row[6] not in INCAPACITY_CODES:
            raise RulesInputError(f"{where} applicant_incapacity", "none, age, total or empty")
        members.append(int(row[1]))
        income.append(_amount(row[2], f"{where} income"))
        own.append(_amount(row[3], f"{where} applicant_income"))
        age.append(int(row[4]))
        woman.append(row[5] == "K")
        incapacity.append(INCAPACITY_CODES[row[6]])
    return Population(
        np.array(members, dtype=np.int64),
        np.array(income, dtype=np.int64),
        np.array(own, dtype=np.int64),
        np.array(age, dtype=np.int64),
        np.array(woman, dtype=np.bool_),
        np.array(incapacity, dtype=np.int64),
    )


def _per_person(population: Population) -> Grosze:
    """Income per person rounded half up to the grosz, in integers."""
    return (population.income * 2 + population.members) // (population.members * 2)


def zasilek_okresowy(population: Population, params: Snapshot, day: datetime.date) -> Grosze:
    """The full entitlement (the maximum of art. 38) per household; 0 when not eligible."""
    single = _grosze(params[KRYTERIUM_SAMOTNA])
    per_person = _grosze(params[KRYTERIUM_RODZINA])
    alone = population.members == 1
    difference = np.where(alone, single, per_person * population.members) - population.income
    maximum = np.where(alone, np.minimum(difference, per_person), difference)
    return np.where(difference > 0, maximum, 0)


def _unable_to_work(population: Population, params: Snapshot) -> npt.NDArray[np.bool_]:
    woman_age = int(params["pomoc_spoleczna.wiek_niezdolnosci_do_pracy.kobieta"])
    man_age = int(params["pomoc_spoleczna.wiek_niezdolnosci_do_pracy.mezczyzna"])
    of_age = population.applicant_age >= np.where(population.applicant_is_woman, woman_age, man_age)
    # Incapacity "because of age" (declared or left to the rules) needs the age itself.
    by_age = (population.applicant_incapacity != 0) & (population.applicant_incapacity != 2)
    total = population.applicant_incapacity == 2
    unable: npt.NDArray[np.bool_] = (population.applicant_age >= 18) & ((by_age & of_age) | total)
    return unable


def _staly_2004(params: Snapshot) -> tuple[int, int, int, int]:
    single, per_person = params[KRYTERIUM_SAMOTNA], params[KRYTERIUM_RODZINA]
    return _grosze(single), _grosze(per_person), _grosze(single), _grosze(per_person)


def _staly_2024(params: Snapshot) -> tuple[int, int, int, int]:
    single, per_person = params[KRYTERIUM_SAMOTNA], params[KRYTERIUM_RODZINA]
    multiplier = params["pomoc_spoleczna.zasilek_staly.mnoznik_kryterium"]
    return (
        _grosze(single),
        _grosze(per_person),
        _grosze(multiplier * single),
        _grosze(multiplier * per_person),
    )


# (eligibility criterion single, per person; amount base single, per person) by formula period
STALY_BASES: Mapping[datetime.date, Callable[[Snapshot], tuple[int, int, int, int]]] = {
    datetime.date(2004, 5, 1): _staly_2004,
    datetime.date(2024, 1, 1): _staly_2024,
}


def zasilek_staly(population: Population, params: Snapshot, day: datetime.date) -> Grosze:
    """Monthly amount of art. 37 per household; 0 when the applicant is not entitled."""
    single, per_person, base_single, base_person = in_force(STALY_BASES, day)(params)
    minimum = _grosze(params["pomoc_spoleczna.zasilek_staly.kwota_minimalna"])
    maximum = _grosze(params["pomoc_spoleczna.zasilek_staly.kwota_maksymalna"])
    alone = population.members == 1
    income_per_person = _per_person(population)
    eligible = _unable_to_work(population, params) & np.where(
        alone,
        population.applicant_income < single,
        (population.applicant_income < per_person) & (income_per_person < per_person),
    )
    amount_single = np.minimum(
        np.maximum(base_single - population.applicant_income, minimum), maximum
    )
    amount_family = np.maximum(base_person - income_per_person, minimum)
    return np.where(eligible, np.where(alone, amount_single, amount_family), 0)


VECTORISED: Mapping[str, Callable[[Population, Snapshot, datetime.date], Grosze]] = {
    "zasilek_okresowy": zasilek_okresowy,
    "zasilek_staly": zasilek_staly,
}


def totals(amounts: Grosze) -> Totals:
    return Totals(int(np.count_nonzero(amounts)), int(amounts.sum()))


def parse_changes(raw: Sequence[str], parameters: ParameterSet) -> dict[str, Decimal]:
    changes: dict[str, Decimal] = {}
    for item in raw:
        name, sep, value = item.partition("=")
        if not sep or name not in parameters.parameters:
            raise RulesInputError("--set", f"{item!r}: use PARAM=VALUE with a known parameter")
        try:
            changes[name] = Decimal(value)
        except InvalidOperation as error:
            raise RulesInputError("--set", f"{item!r}: {value!r} is not a number") from error
    return changes


def simulate(
    benefit: str, day: datetime.date, population: Population, parameters: ParameterSet
) -> Grosze:
    if benefit not in VECTORISED:
        raise RulesInputError("--benefit", f"simulation covers {', '.join(VECTORISED)}")
    if day < FIRST_DAY:
        raise RulesInputError("--date", f"the rules start on {FIRST_DAY.isoformat()}")
    try:
        return VECTORISED[benefit](population, parameters.at(day), day)
    except MissingParameterError as error:
        raise RulesInputError("--date", f"no value of {error.name} on {day.isoformat()}") from error


def _pln(grosze: int) -> str:
    return f"{grosze // 100:,}".replace(",", " ") + f",{grosze % 100:02d} zł"


def run_simulation(
    benefit: str, day: datetime.date, raw_changes: Sequence[str], stdin: TextIO, stdout: TextIO
) -> int:
    baseline_parameters = default_parameters()
    changes = parse_changes(raw_changes, baseline_parameters)
    try:
        changed_parameters = baseline_parameters.with_values(day, changes)
    except MissingParameterError as error:
        raise RulesInputError("--set", f"{error.name} has no value on {day.isoformat()}") from error
    population = read_population(stdin)
    started = time.perf_counter()
    baseline = totals(simulate(benefit, day, population, baseline_parameters))
    changed = totals(simulate(benefit, day, population, changed_parameters))
    seconds = time.perf_counter() - started
    rows = [
        ("gospodarstwa uprawnione", f"{baseline.eligible}", f"{changed.eligible}"),
        ("koszt miesięczny", _pln(baseline.monthly_grosze), _pln(changed.monthly_grosze)),
        ("koszt roczny", _pln(baseline.yearly_grosze), _pln(changed.yearly_grosze)),
    ]
    stdout.write(f"{benefit} na {day.isoformat()}, {population.size} gospodarstw\n")
    for name, value in changes.items():
        stdout.write(f"zmiana: {name} = {value}\n")
    stdout.write(f"{'':26}{'obecne przepisy':>22}{'po zmianie':>22}\n")
    for label, before, after in rows:
        stdout.write(f"{label:26}{before:>22}{after:>22}\n")
    stdout.write(f"czas obliczeń: {seconds:.3f} s\n")
    return 0
