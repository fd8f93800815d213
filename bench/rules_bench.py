"""Speed of the rules engine, and the same zasiłek okresowy in OpenFisca-core, in one run.

    .venv/bin/python bench/rules_bench.py                  # Ostoja only
    bench/rules.sh                                          # with OpenFisca (own virtualenv)

Prints: the per-household `zasilek_okresowy` time (median of many calls, in-process), the
vectorised simulation's computation time over 1 000 000 households, and, when openfisca_core is
importable, OpenFisca's time for the same computation on the same population and the ratio
ours ÷ OpenFisca's (goal: ≤ 1.0).
"""

import argparse
import datetime
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ostoja.rules.benefits import calculation
from ostoja.rules.household import household_from_dict
from ostoja.rules.parameters import default_parameters
from ostoja.rules.population import household_of, write_population
from ostoja.rules.simulate import Population, read_population, zasilek_okresowy

DAY = datetime.date(2025, 3, 10)
CRITERIA = (
    "pomoc_spoleczna.kryterium_dochodowe.osoba_samotnie_gospodarujaca",
    "pomoc_spoleczna.kryterium_dochodowe.osoba_w_rodzinie",
)


def per_household_microseconds(calls: int, rounds: int = 5) -> tuple[float, float, float]:
    """Median time of one `oblicz` call of zasiłek okresowy, parameters already loaded: over all
    calls of all rounds, and the lowest and highest median of a round (this machine is shared,
    and one round can differ from the next by half)."""
    stream = io.StringIO()
    write_population(stream, 200)
    rows = [line.split(",") for line in stream.getvalue().splitlines()[1:]]
    households = [household_from_dict(household_of(row, DAY)) for row in rows]
    compute = calculation("zasilek_okresowy")
    snapshot = default_parameters().at(DAY)
    every: list[int] = []
    round_medians = []
    for _ in range(rounds):
        samples = []
        for index in range(calls):
            household = households[index % len(households)]
            started = time.perf_counter_ns()
            compute(household, DAY, snapshot)
            samples.append(time.perf_counter_ns() - started)
        every.extend(samples)
        round_medians.append(statistics.median(samples))
    return statistics.median(every) / 1000, min(round_medians) / 1000, max(round_medians) / 1000


def population(count: int) -> Population:
    stream = io.StringIO()
    write_population(stream, count)
    stream.seek(0)
    return read_population(stream)


def ostoja_seconds(people: Population, repeat: int) -> float:
    snapshot = default_parameters().at(DAY)
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        zasilek_okresowy(people, snapshot, DAY)
        best = min(best, time.perf_counter() - started)
    return best


def openfisca_seconds(people: Population, repeat: int) -> float | None:
    """The same formula as an OpenFisca variable over the same households (floats in złoty)."""
    try:
        from openfisca_core import periods
        from openfisca_core.entities import build_entity
        from openfisca_core.model_api import Variable, min_, where
        from openfisca_core.simulations import SimulationBuilder
        from openfisca_core.taxbenefitsystems import TaxBenefitSystem
    except ImportError:
        return None

    person = build_entity(key="person", plural="persons", label="Osoba", is_person=True)
    household = build_entity(
        key="household",
        plural="households",
        label="Gospodarstwo",
        roles=[{"key": "member", "plural": "members", "label": "Członek"}],
    )

    class members_count(Variable):
        value_type = int
        entity = household
        definition_period = periods.DateUnit.MONTH
        label = "liczba osób"

    class income(Variable):
        value_type = float
        entity = household
        definition_period = periods.DateUnit.MONTH
        label = "dochód gospodarstwa"

    class zasilek_okresowy_maks(Variable):
        value_type = float
        entity = household
        definition_period = periods.DateUnit.MONTH
        label = "zasiłek okresowy, kwota maksymalna (art. 38 u.p.s.)"

        def formula(household: Any, period: Any, parameters: Any) -> Any:
            criteria = parameters(period).kryterium
            n = household("members_count", period)
            single = n == 1
            difference = where(single, criteria.samotna, criteria.rodzina * n) - household(
                "income", period
            )
            maximum = where(single, min_(difference, criteria.rodzina), difference)
            return where(difference > 0, maximum, 0)

    snapshot = default_parameters().at(DAY)
    with tempfile.TemporaryDirectory() as folder:
        parameters = Path(folder) / "kryterium"
        parameters.mkdir()
        for name, file_name in zip(CRITERIA, ("samotna", "rodzina"), strict=True):
            (parameters / f"{file_name}.yaml").write_text(
                f"description: {name}\nvalues:\n  2025-01-01:\n    value: {snapshot[name]}\n"
            )

        class System(TaxBenefitSystem):
            def __init__(self) -> None:
                super().__init__([person, household])
                self.load_parameters(folder)
                for variable in (members_count, income, zasilek_okresowy_maks):
                    self.add_variable(variable)

        system = System()
        period = periods.period(DAY.strftime("%Y-%m"))
        best = float("inf")
        for _ in range(repeat):
            simulation = SimulationBuilder().build_default_simulation(system, people.size)
            simulation.set_input("members_count", period, people.members)
            simulation.set_input("income", period, people.income / 100)
            started = time.perf_counter()
            result = simulation.calculate("zasilek_okresowy_maks", period)
            best = min(best, time.perf_counter() - started)
        ours = zasilek_okresowy(people, snapshot, DAY) / 100
        differing = np.flatnonzero(~np.isclose(result, ours, atol=0.01))
        assert differing.size == 0, (
            f"OpenFisca and Ostoja disagree: {result[differing[:3]]} vs {ours[differing[:3]]}"
        )
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=1_000_000)
    parser.add_argument("--calls", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    median, lowest, highest = per_household_microseconds(args.calls)
    print(
        f"per-household zasilek_okresowy: median {median:.1f} µs over 5 × {args.calls} calls"
        f" (round medians {lowest:.1f}–{highest:.1f} µs; goal ≤ 50 µs)"
    )
    people = population(args.households)
    ours = ostoja_seconds(people, args.repeat)
    print(f"simulate, {people.size} households: {ours:.3f} s of computation (goal ≤ 1 s)")
    theirs = openfisca_seconds(people, args.repeat)
    if theirs is None:
        print("OpenFisca-core not installed here: run bench/rules.sh for the comparison")
        return
    print(f"OpenFisca-core, same formula and households: {theirs:.3f} s")
    print(f"Ostoja ÷ OpenFisca: {ours / theirs:.2f} (goal ≤ 1.0)")


if __name__ == "__main__":
    main()
