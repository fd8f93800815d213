"""The benefits the rules compute, by their contract names, and the one way to compute them."""

import dataclasses
import datetime
import importlib
from collections.abc import Callable
from typing import cast

from ostoja.rules import period
from ostoja.rules.dates import FIRST_DAY
from ostoja.rules.errors import MissingParameterError, RulesInputError
from ostoja.rules.household import Household, check_household
from ostoja.rules.parameters import ParameterSet, Snapshot, default_parameters
from ostoja.rules.result import Period, Result

Calculation = Callable[[Household, datetime.date, Snapshot], Result]

# name -> module with `oblicz(household, day, params)`
MODULES = {
    "kryterium": "ostoja.rules.pomoc_spoleczna.kryterium",
    "zasilek_staly": "ostoja.rules.pomoc_spoleczna.zasilek_staly",
    "zasilek_okresowy": "ostoja.rules.pomoc_spoleczna.zasilek_okresowy",
    "specjalny_zasilek_celowy": "ostoja.rules.pomoc_spoleczna.specjalny_zasilek_celowy",
    "fepz": "ostoja.rules.programy.fepz",
    "posilek": "ostoja.rules.programy.posilek",
    "zasilek_rodzinny": "ostoja.rules.swiadczenia_rodzinne.zasilek_rodzinny",
    "becikowe": "ostoja.rules.swiadczenia_rodzinne.becikowe",
    "zasilek_pielegnacyjny": "ostoja.rules.swiadczenia_rodzinne.zasilek_pielegnacyjny",
    "swiadczenie_pielegnacyjne": "ostoja.rules.swiadczenia_rodzinne.swiadczenie_pielegnacyjne",
}
BENEFITS = tuple(MODULES)

# The income period each benefit assesses: the month (social assistance and the programmes built
# on its criterion) or the base year (family benefits).
MONTHLY = frozenset(
    {
        "kryterium",
        "zasilek_staly",
        "zasilek_okresowy",
        "specjalny_zasilek_celowy",
        "fepz",
        "posilek",
    }
)
PERIOD_KIND = {name: "miesiac" if name in MONTHLY else "rok_bazowy" for name in BENEFITS}


def assessed_period(
    benefit: str, household: Household, day: datetime.date, params: Snapshot
) -> Period:
    if PERIOD_KIND[benefit] == "miesiac":
        return period.income_month(household, day)
    return period.base_year(household, day, params)


def calculation(benefit: str) -> Calculation:
    if benefit not in MODULES:
        raise RulesInputError(
            "benefit", f"unknown benefit {benefit!r}; one of {', '.join(BENEFITS)}"
        )
    return cast(Calculation, importlib.import_module(MODULES[benefit]).oblicz)


def calculate(
    benefit: str,
    household: Household,
    day: datetime.date,
    parameters: ParameterSet | None = None,
) -> Result:
    """Compute `benefit` for `household` on `day` with the parameters in force on that day.

    The result says which income period it assessed and every parameter it used. A day before
    the acts came into force, or one for which a parameter the benefit needs has no value (or is
    known only until an earlier day), is a RulesInputError on "date"; a member born after the day
    is one on their birth date.
    """
    if day < FIRST_DAY:
        raise RulesInputError("date", f"the rules start on {FIRST_DAY.isoformat()}")
    calculation(benefit)
    check_household(household, day)
    snapshot = (parameters or default_parameters()).at(day)
    try:
        assessed = assessed_period(benefit, household, day, snapshot)
    except MissingParameterError as error:
        raise _no_value(error, benefit, day) from error
    result = compute_on(benefit, household, day, snapshot)
    return dataclasses.replace(result, period=assessed, parameters_used=snapshot.used())


def compute_on(
    benefit: str, household: Household, day: datetime.date, snapshot: Snapshot
) -> Result:
    """The benefit's formula on a snapshot, with `calculate()`'s errors but without the period
    and the parameters used attached: the simulation's door to the same code."""
    try:
        return calculation(benefit)(household, day, snapshot)
    except MissingParameterError as error:
        raise _no_value(error, benefit, day) from error


def _no_value(error: MissingParameterError, benefit: str, day: datetime.date) -> RulesInputError:
    return RulesInputError(
        "date", f"{error.explain()}: {benefit} cannot be computed on {day.isoformat()}"
    )
