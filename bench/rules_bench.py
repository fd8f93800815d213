"""Speed of the rules engine, and the same zasiłek okresowy formula in OpenFisca-core, in one run.

    .venv/bin/python bench/rules_bench.py                  # Ostoja only
    bench/rules.sh                                          # with OpenFisca (own virtualenv)

Prints:

1. per household and benefit, the time of one computation as the simulation runs it
   (`ostoja.rules.simulate.compute`: the formula, reasons as facts, no sentence rendered), and
   for zasiłek okresowy also `calculate()` (with the period and the parameters used) and
   `calculate()` with every reason's Polish sentence rendered: the median over all calls and the
   lowest and highest median of a round;
2. `simulate` over 1 000 000 synthetic households (`ostoja.rules.population`, JSON Lines, read
   from a file), zasiłek okresowy alone and every benefit, one scenario (the law as it is), wall
   time with the machine's cores;
3. when openfisca_core is importable: OpenFisca's time for the zasiłek okresowy formula on the
   same households (their size and income, taken from Ostoja's own results), checked to agree
   to the grosz, and the ratio ours ÷ OpenFisca's.
"""

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ostoja.rules.benefits import BENEFITS, calculate
from ostoja.rules.household import Household, household_from_dict
from ostoja.rules.parameters import default_parameters
from ostoja.rules.population import random_households, write_households
from ostoja.rules.simulate import CHUNK, Scenario, compute, read_household, simulate

DAY = datetime.date(2025, 3, 10)
# Ostoja's parameters the OpenFisca variable reads, by its own parameter names.
OPENFISCA_PARAMETERS = {
    "samotna": "pomoc_spoleczna.kryterium_dochodowe.osoba_samotnie_gospodarujaca",
    "rodzina": "pomoc_spoleczna.kryterium_dochodowe.osoba_w_rodzinie",
    "limit_samotnej": (
        "pomoc_spoleczna.zasilek_okresowy.kwota_maksymalna_osoby_samotnie_gospodarujacej"
    ),
    "udzial_samotnej": (
        "pomoc_spoleczna.zasilek_okresowy.udzial_minimalny.osoba_samotnie_gospodarujaca"
    ),
    "minimum": "pomoc_spoleczna.zasilek_okresowy.kwota_minimalna",
}
# The choices of `zasilek_okresowy` where a minimum exceeds a maximum (dated flags, read on DAY).
MAXIMUM_PREVAILS = "pomoc_spoleczna.zasilek_okresowy.pierwszenstwo_kwoty_maksymalnej"
MINIMUM_PREVAILS = "pomoc_spoleczna.zasilek_okresowy.pierwszenstwo_kwoty_minimalnej"
VAR = Path(__file__).resolve().parent.parent / "var"


def _timed(
    function: Callable[[Household], Any], households: list[Household], calls: int, rounds: int
) -> tuple[float, float, float]:
    every: list[int] = []
    round_medians = []
    for _ in range(rounds):
        samples = []
        for index in range(calls):
            household = households[index % len(households)]
            started = time.perf_counter_ns()
            function(household)
            samples.append(time.perf_counter_ns() - started)
        every.extend(samples)
        round_medians.append(statistics.median(samples))
    return statistics.median(every) / 1000, min(round_medians) / 1000, max(round_medians) / 1000


def per_household(calls: int, rounds: int) -> None:
    households = [household_from_dict(data) for _, data in random_households(200, DAY, seed=1)]
    parameters = default_parameters()
    print(f"per household, µs: median (lowest–highest round median), {rounds} × {calls} calls")
    for benefit in BENEFITS:
        one = partial(compute, benefit, day=DAY, parameters=parameters)
        median, low, high = _timed(one, households, calls, rounds)
        print(f"  {benefit:28} simulate path {median:7.1f} ({low:.1f}–{high:.1f})")

    def rendered(household: Household) -> None:
        for item in calculate("zasilek_okresowy", household, DAY, parameters).reasons:
            _ = item.text

    for label, function in (
        ("calculate()", lambda h: calculate("zasilek_okresowy", h, DAY, parameters)),
        ("calculate() + sentences", rendered),
    ):
        median, low, high = _timed(function, households, calls, rounds)
        print(f"  {'zasilek_okresowy':28} {label:23} {median:7.1f} ({low:.1f}–{high:.1f})")


def population_file(count: int) -> Path:
    """The synthetic population, written once and kept in var/ for the next runs."""
    path = VAR / f"bench-population-{count}-{DAY.isoformat()}.jsonl"
    if not path.exists():
        VAR.mkdir(exist_ok=True)
        started = time.perf_counter()
        with path.open("w", encoding="utf-8") as stream:
            write_households(stream, count, DAY, seed=2026)
        print(f"population of {count} written in {time.perf_counter() - started:.0f} s: {path}")
    return path


def simulation_seconds(path: Path, benefits: tuple[str, ...]) -> tuple[float, int, int]:
    with path.open(encoding="utf-8") as stream:
        started = time.perf_counter()
        summary = simulate(Scenario(DAY, benefits), stream)
        seconds = time.perf_counter() - started
    return seconds, summary.households, summary.workers


def _okresowy_inputs(lines: list[tuple[int, str]]) -> list[tuple[int, int, int]]:
    """(members, income in grosze, zasiłek okresowy's amount_max in grosze or 0) per household:
    the inputs OpenFisca gets and the answer it must give."""
    parameters = default_parameters()
    rows = []
    for line, text in lines:
        _, household = read_household(text, line, "jsonl", DAY)
        result = compute("zasilek_okresowy", household, DAY, parameters)
        assert result.income is not None
        amount = result.amount_max if result.eligible and result.amount_max else Decimal(0)
        rows.append((household.size, int(result.income * 100), int(amount * 100)))
    return rows


def okresowy_inputs(path: Path) -> list[tuple[int, int, int]]:
    with path.open(encoding="utf-8") as stream:
        numbered = list(enumerate(stream, start=1))
    chunks = [numbered[i : i + CHUNK] for i in range(0, len(numbered), CHUNK)]
    with ProcessPoolExecutor(os.cpu_count()) as pool:
        return [row for rows in pool.map(_okresowy_inputs, chunks) for row in rows]


def openfisca_seconds(rows: list[tuple[int, int, int]], repeat: int) -> float | None:
    """The zasiłek okresowy maximum as an OpenFisca variable over the same households (floats
    in złoty), best of `repeat`. It is a second implementation of art. 38 ust. 2–4 and must be
    kept in step with `ostoja.rules.pomoc_spoleczna.zasilek_okresowy` by hand: the agreement
    check below is what says so."""
    try:
        import numpy as np
        from openfisca_core import periods
        from openfisca_core.entities import build_entity
        from openfisca_core.model_api import Variable, max_, min_, where
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
            # art. 38 ust. 2 pkt 1: a single person's amount is capped by a statutory figure
            maximum = where(single, min_(difference, criteria.limit_samotnej), difference)
            if not maximum_prevails:  # the share of ust. 3 above the cap lifts the maximum
                share = np.round(criteria.udzial_samotnej * difference, 2)
                maximum = where(single, max_(maximum, share), maximum)
            if minimum_prevails:  # the 20 zł of ust. 4 above the difference lifts the maximum
                maximum = max_(maximum, criteria.minimum)
            return where(difference > 0, maximum, 0)

    snapshot = default_parameters().at(DAY)
    maximum_prevails = snapshot[MAXIMUM_PREVAILS] == 1
    minimum_prevails = snapshot[MINIMUM_PREVAILS] == 1
    members = np.array([row[0] for row in rows], dtype=np.int64)
    incomes = np.array([row[1] for row in rows], dtype=np.int64) / 100
    ours = np.array([row[2] for row in rows], dtype=np.int64) / 100
    with tempfile.TemporaryDirectory() as folder:
        parameters = Path(folder) / "kryterium"
        parameters.mkdir()
        for file_name, name in OPENFISCA_PARAMETERS.items():
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
            simulation = SimulationBuilder().build_default_simulation(system, len(rows))
            simulation.set_input("members_count", period, members)
            simulation.set_input("income", period, incomes)
            started = time.perf_counter()
            result = simulation.calculate("zasilek_okresowy_maks", period)
            best = min(best, time.perf_counter() - started)
        differing = np.flatnonzero(~np.isclose(result, ours, atol=0.01))
        assert differing.size == 0, (
            f"OpenFisca and Ostoja disagree: {result[differing[:3]]} vs {ours[differing[:3]]}"
        )
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=1_000_000)
    parser.add_argument("--calls", type=int, default=5_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--skip-all", action="store_true", help="not every benefit over 1 M")
    args = parser.parse_args()
    print(f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores")
    per_household(args.calls, args.rounds)
    path = population_file(args.households)
    seconds, count, workers = simulation_seconds(path, ("zasilek_okresowy",))
    print(f"simulate zasilek_okresowy, {count} households, {workers} processes: {seconds:.1f} s")
    if not args.skip_all:
        every, count, workers = simulation_seconds(path, BENEFITS)
        print(
            f"simulate all {len(BENEFITS)} benefits, {count} households, {workers} processes:"
            f" {every:.1f} s"
        )
    try:
        import openfisca_core  # noqa: F401
    except ImportError:
        print("OpenFisca-core not installed here: run bench/rules.sh for the comparison")
        return
    started = time.perf_counter()
    rows = okresowy_inputs(path)
    print(f"OpenFisca's inputs from Ostoja's results: {time.perf_counter() - started:.1f} s")
    theirs = openfisca_seconds(rows, args.repeat)
    assert theirs is not None
    print(f"OpenFisca-core, zasiłek okresowy formula, same households: {theirs:.3f} s")
    print(f"Ostoja simulate ÷ OpenFisca: {seconds / theirs:.0f}")


if __name__ == "__main__":
    main()
