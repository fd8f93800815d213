"""'What if' for a whole population: for every benefit, how many households are eligible and
what it costs, under the law as it is and with changed parameters, side by side.

There is one implementation of each rule (docs/decisions/0004): the simulation runs the same
`oblicz` of each benefit that `calculate()` runs, household by household, with one parameter set
per scenario loaded once (a Snapshot per household is a dict and a date). Speed comes from
leaving the reasons' sentences unrendered, from skipping the changed scenario where a household's
result used none of the changed parameters, and from both cores: chunks of households go to a
`ProcessPoolExecutor`; a population of one chunk is computed in this process.

The population is read from a stream, in one of two formats (`--format`, or by the first line):

* JSON Lines, one household a line in the rules' own schema (the one `calc` reads), with an
  optional id: `{"id": "17", "household": {"members": [...]}}`; without an id the line number
  stands for it;
* CSV with the header `ostoja.rules.population.COLUMNS`, each row converted to a household by
  `ostoja.rules.population.household_of`, so a row and its household give the same result.

A household the rules refuse stops the run with a RulesInputError naming its line, its id and
the field; a day on which a benefit cannot be computed is an error on `--date`.
"""

import csv
import datetime
import json
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache
from itertools import islice
from typing import Any, TextIO

from ostoja.rules import jsoninput
from ostoja.rules.benefits import BENEFITS, calculation, compute_on
from ostoja.rules.dates import FIRST_DAY
from ostoja.rules.errors import MissingParameterError, RulesInputError
from ostoja.rules.household import AMOUNT, Household, check_household, household_from_dict
from ostoja.rules.parameters import ParameterSet, default_parameters
from ostoja.rules.population import COLUMNS, household_of
from ostoja.rules.result import Result

FORMATS = ("jsonl", "csv")
CHUNK = 1000  # households sent to a worker at once
LINE_KEYS = frozenset({"id", "household"})
INCAPACITIES = ("", "none", "age", "total")
# Benefits paid once, not every month: their total is one payment, with no yearly figure.
ONE_OFF = frozenset({"becikowe", "specjalny_zasilek_celowy"})

type Changes = tuple[tuple[str, Decimal], ...]


@dataclass(frozen=True)
class Outcome:
    """What the simulation keeps of one Result: whether eligible and the amount it sums —
    `amount_max` where the benefit gives a range (the full entitlement), else `amount`; None for
    a benefit that states no amount (kryterium, the programmes' income tests)."""

    eligible: bool
    amount: Decimal | None
    field: str | None  # "amount_max", "amount" or None

    @property
    def grosze(self) -> int:
        if not self.eligible or self.amount is None:
            return 0
        return int((self.amount * 100).to_integral_value(ROUND_HALF_UP))

    def to_json(self) -> dict[str, Any]:
        amount = None if self.amount is None else f"{self.amount:.2f}"
        return {"eligible": self.eligible, "field": self.field, "amount": amount}


def outcome(result: Result) -> Outcome:
    if result.amount_max is not None:
        return Outcome(result.eligible, result.amount_max, "amount_max")
    if result.amount is not None:
        return Outcome(result.eligible, result.amount, "amount")
    return Outcome(result.eligible, None, None)


@dataclass(frozen=True)
class Scenario:
    """What a run computes: the day, the benefits, and the parameter changes of `--set`."""

    day: datetime.date
    benefits: tuple[str, ...] = BENEFITS
    changes: Changes = ()
    keep_changed: bool = False  # collect the changed households' records (`--changed-out`)
    keep_outcomes: bool = False  # return every household's outcomes (the tests)


@cache
def parameter_sets(day: datetime.date, changes: Changes) -> tuple[ParameterSet, ParameterSet]:
    """The law as it is and the changed one, loaded once per process and scenario."""
    baseline = default_parameters()
    if not changes:
        return baseline, baseline
    try:
        return baseline, baseline.with_values(day, dict(changes))
    except MissingParameterError as error:
        raise RulesInputError("--set", f"{error.explain()}: it cannot be changed") from error


def compute(
    benefit: str, household: Household, day: datetime.date, parameters: ParameterSet
) -> Result:
    """`calculate()` without what the simulation does not read: the assessed period and the
    parameters used. The day is checked once per run (`check_day`) and the birth dates once per
    household; the errors are those of `calculate()`, which the tests compare it with."""
    return compute_on(benefit, household, day, parameters.at(day))


def _uses_any(
    benefit: str,
    household: Household,
    day: datetime.date,
    parameters: ParameterSet,
    names: frozenset[str],
) -> tuple[Result, bool]:
    """The result, and whether it looked up any of `names` (if not, a scenario that changes only
    those parameters gives the same result: a formula reads parameters only from its snapshot)."""
    snapshot = parameters.at(day)
    result = compute_on(benefit, household, day, snapshot)
    return result, not names.isdisjoint(snapshot.names_used())


def outcomes(household: Household, scenario: Scenario) -> tuple[tuple[Outcome, Outcome], ...]:
    """Per benefit of the scenario: the outcome under the law as it is and under the change."""
    baseline, changed = parameter_sets(scenario.day, scenario.changes)
    day = scenario.day
    check_household(household, day)
    names = frozenset(name for name, _ in scenario.changes)
    pairs = []
    for benefit in scenario.benefits:
        if not names:
            before = outcome(compute(benefit, household, day, baseline))
            pairs.append((before, before))
            continue
        result, affected = _uses_any(benefit, household, day, baseline, names)
        before = outcome(result)
        after = outcome(compute(benefit, household, day, changed)) if affected else before
        pairs.append((before, after))
    return tuple(pairs)


# --- reading the population -------------------------------------------------------------------


def detect_format(first_line: str) -> str:
    return "jsonl" if first_line.lstrip().startswith("{") else "csv"


def _jsonl_household(text: str, line: int) -> tuple[str, Any]:
    where = f"population line {line}"
    try:
        data = jsoninput.parse(text)  # as strict as `calc`: no key twice, no bare numbers
    except RulesInputError as error:
        raise RulesInputError(where, error.message) from error
    if not isinstance(data, dict):
        raise RulesInputError(where, 'expected {"id": …, "household": {…}}')
    for key in data:
        if key not in LINE_KEYS:
            raise RulesInputError(f"{where} {str(key)[:40]}", "unknown field")
    household_id = data.get("id", str(line))
    if not isinstance(household_id, str) or not household_id or len(household_id) > 64:
        raise RulesInputError(f"{where} id", "a text of 1 to 64 characters")
    if "household" not in data:
        raise RulesInputError(f"{where} (id {household_id}) household", "required")
    return household_id, data["household"]


def _csv_amount(raw: str, where: str) -> Decimal:
    if not AMOUNT.fullmatch(raw):
        raise RulesInputError(where, f"{raw[:40]!r} is not an amount with at most 2 decimals")
    return Decimal(raw)


def _csv_household(text: str, line: int, day: datetime.date) -> tuple[str, Any]:
    row = next(csv.reader([text]), [])
    where = f"population line {line}"
    if len(row) != len(COLUMNS):
        raise RulesInputError(where, f"expected {len(COLUMNS)} columns, got {len(row)}")
    household_id, members, income, own, age, sex, incapacity = row
    where = f"{where} (id {household_id})"
    if not members.isdigit() or not 1 <= int(members) <= 50:
        raise RulesInputError(f"{where} members", "a whole number from 1 to 50")
    total = _csv_amount(income, f"{where} income")
    applicant = _csv_amount(own, f"{where} applicant_income")
    if applicant > total or (members == "1" and applicant != total):
        raise RulesInputError(
            f"{where} applicant_income", "part of the income (all of it for one person)"
        )
    if not age.isdigit() or int(age) > 120:
        raise RulesInputError(f"{where} applicant_age", "a whole number of years up to 120")
    if sex not in ("K", "M"):
        raise RulesInputError(f"{where} applicant_sex", "K or M")
    if incapacity not in INCAPACITIES:
        raise RulesInputError(f"{where} applicant_incapacity", "none, age, total or empty")
    return household_id, household_of(row, day)


def read_household(
    text: str, line: int, file_format: str, day: datetime.date
) -> tuple[str, Household]:
    """One line of the population: its id and the household, or a RulesInputError naming the
    line, the id and the field."""
    if file_format == "jsonl":
        household_id, data = _jsonl_household(text, line)
    else:
        household_id, data = _csv_household(text, line, day)
    try:
        return household_id, household_from_dict(data)
    except RulesInputError as error:
        raise RulesInputError(
            f"population line {line} (id {household_id}) {error.field}", error.message
        ) from error


# --- one chunk of households (in a worker or in this process) ---------------------------------


@dataclass
class Totals:
    """Per benefit: eligible households and the sum in grosze, under each scenario."""

    eligible: list[int]
    grosze: list[int]
    changed: int = 0
    fields: set[str] = field(default_factory=set)

    @classmethod
    def empty(cls) -> "Totals":
        return cls([0, 0], [0, 0])

    def add(self, other: "Totals") -> None:
        for scenario in (0, 1):
            self.eligible[scenario] += other.eligible[scenario]
            self.grosze[scenario] += other.grosze[scenario]
        self.changed += other.changed
        self.fields |= other.fields


@dataclass
class ChunkResult:
    households: int = 0
    households_changed: int = 0
    totals: dict[str, Totals] = field(default_factory=dict)
    changed: list[dict[str, Any]] = field(default_factory=list)  # JSON Lines records
    outcomes: list[tuple[str, tuple[tuple[Outcome, Outcome], ...]]] = field(default_factory=list)
    error: tuple[str, str] | None = None  # (field, message): exceptions do not pickle well


def run_chunk(
    scenario: Scenario, file_format: str, lines: Sequence[tuple[int, str]]
) -> ChunkResult:
    chunk = ChunkResult(totals={benefit: Totals.empty() for benefit in scenario.benefits})
    for line, text in lines:
        try:
            household_id, household = read_household(text, line, file_format, scenario.day)
        except RulesInputError as error:
            chunk.error = (error.field, error.message)
            break
        try:
            pairs = outcomes(household, scenario)
        except RulesInputError as error:
            where = error.field
            if where != "date":
                where = f"population line {line} (id {household_id}) {where}"
            chunk.error = (where, error.message)
            break
        chunk.households += 1
        any_changed = False
        for benefit, (before, after) in zip(scenario.benefits, pairs, strict=True):
            totals = chunk.totals[benefit]
            for index, item in enumerate((before, after)):
                totals.eligible[index] += item.eligible
                totals.grosze[index] += item.grosze
                if item.field is not None:
                    totals.fields.add(item.field)
            if before != after:
                totals.changed += 1
                any_changed = True
                if scenario.keep_changed:
                    chunk.changed.append(
                        {
                            "line": line,
                            "id": household_id,
                            "benefit": benefit,
                            "before": before.to_json(),
                            "after": after.to_json(),
                        }
                    )
        chunk.households_changed += any_changed
        if scenario.keep_outcomes:
            chunk.outcomes.append((household_id, pairs))
    return chunk


# --- the whole population ---------------------------------------------------------------------


@dataclass
class Summary:
    scenario: Scenario
    households: int = 0
    households_changed: int = 0
    totals: dict[str, Totals] = field(default_factory=dict)
    outcomes: list[tuple[str, tuple[tuple[Outcome, Outcome], ...]]] = field(default_factory=list)
    seconds: float = 0.0
    workers: int = 1


def check_day(day: datetime.date) -> None:
    if day < FIRST_DAY:
        raise RulesInputError("--date", f"the rules start on {FIRST_DAY.isoformat()}")


def _data_lines(stream: TextIO, first: int) -> Iterator[tuple[int, str]]:
    for number, text in enumerate(stream, start=first):
        if text.strip():
            yield number, text


def _chunks(lines: Iterator[tuple[int, str]]) -> Iterator[list[tuple[int, str]]]:
    while chunk := list(islice(lines, CHUNK)):
        yield chunk


def _lines_of(stream: TextIO, file_format: str | None) -> tuple[str, Iterator[tuple[int, str]]]:
    """The format and the numbered non-empty data lines (a CSV's header checked and skipped)."""
    lines = _data_lines(stream, 1)
    first = next(lines, None)
    if first is None:
        raise RulesInputError("population", "empty: no households")
    chosen = file_format or detect_format(first[1])
    if chosen == "jsonl":
        return chosen, _prepend(first, lines)
    header = tuple(column.strip() for column in next(csv.reader([first[1]])))
    if header != COLUMNS:
        raise RulesInputError(
            f"population line {first[0]}", f"the header must be: {','.join(COLUMNS)}"
        )
    return chosen, lines


def _prepend(first: tuple[int, str], rest: Iterator[tuple[int, str]]) -> Iterator[tuple[int, str]]:
    yield first
    yield from rest


def _raise(error: tuple[str, str]) -> None:
    where, message = error
    raise RulesInputError("--date" if where == "date" else where, message)


def simulate(
    scenario: Scenario,
    stream: TextIO,
    file_format: str | None = None,
    workers: int | None = None,
    on_changed: Callable[[list[dict[str, Any]]], None] | None = None,
) -> Summary:
    """Read the population from `stream` and compute the scenario for every household.

    `workers` processes (default: the machine's cores) share the chunks; a population of one
    chunk, or `workers=1`, is computed here. `on_changed` receives the changed households'
    records chunk by chunk, in the population's order (with `scenario.keep_changed`).
    """
    check_day(scenario.day)
    for benefit in scenario.benefits:
        calculation(benefit)  # an unknown benefit is refused before the input is read
    parameter_sets(scenario.day, scenario.changes)  # a bad change too
    file_format, lines = _lines_of(stream, file_format)
    summary = Summary(scenario, totals={b: Totals.empty() for b in scenario.benefits})
    started = time.perf_counter()
    chunks = _chunks(lines)
    first = next(chunks, [])
    second = next(chunks, None)

    def consume(chunk: ChunkResult) -> None:
        summary.households += chunk.households
        summary.households_changed += chunk.households_changed
        for benefit, totals in chunk.totals.items():
            summary.totals[benefit].add(totals)
        summary.outcomes.extend(chunk.outcomes)
        if on_changed is not None and chunk.changed:
            on_changed(chunk.changed)
        if chunk.error is not None:
            _raise(chunk.error)

    count = max(1, workers or os.cpu_count() or 1)
    if second is None or count == 1:
        for chunk in _prepend_chunk(first, second, chunks):
            consume(run_chunk(scenario, file_format, chunk))
    else:
        summary.workers = count
        _in_pool(count, scenario, file_format, _prepend_chunk(first, second, chunks), consume)
    summary.seconds = time.perf_counter() - started
    return summary


def _prepend_chunk(
    first: list[tuple[int, str]],
    second: list[tuple[int, str]] | None,
    rest: Iterable[list[tuple[int, str]]],
) -> Iterator[list[tuple[int, str]]]:
    yield first
    if second is not None:
        yield second
        yield from rest


def _in_pool(
    count: int,
    scenario: Scenario,
    file_format: str,
    chunks: Iterable[list[tuple[int, str]]],
    consume: Callable[[ChunkResult], None],
) -> None:
    """Chunks to `count` processes, at most two each in flight, consumed in order."""
    pool = ProcessPoolExecutor(count)
    pending: deque[Future[ChunkResult]] = deque()
    try:
        for chunk in chunks:
            pending.append(pool.submit(run_chunk, scenario, file_format, chunk))
            if len(pending) >= 2 * count:
                consume(pending.popleft().result())
        while pending:
            consume(pending.popleft().result())
    finally:
        pool.shutdown(cancel_futures=True)


# --- the command ------------------------------------------------------------------------------


def parse_changes(raw: Sequence[str], parameters: ParameterSet) -> Changes:
    changes: dict[str, Decimal] = {}
    for item in raw:
        name, sep, value = item.partition("=")
        if not sep or name not in parameters.parameters:
            raise RulesInputError("--set", f"{item!r}: use PARAM=VALUE with a known parameter")
        try:
            number = Decimal(value)
        except InvalidOperation as error:
            raise RulesInputError("--set", f"{item!r}: {value!r} is not a number") from error
        if not number.is_finite():
            raise RulesInputError("--set", f"{item!r}: {value!r} is not a number")
        changes[name] = number
    return tuple(changes.items())


def _pln(grosze: int) -> str:
    return f"{grosze // 100:,}".replace(",", " ") + f",{grosze % 100:02d} zł"


FIELD_LABELS: Mapping[frozenset[str], str] = {
    frozenset({"amount_max"}): "suma kwot najwyższych (amount_max)",
    frozenset({"amount"}): "suma kwot (amount)",
    frozenset({"amount", "amount_max"}): "suma amount_max, a bez przedziału amount",
}


def report(summary: Summary, stdout: TextIO) -> None:
    scenario = summary.scenario
    stdout.write(
        f"symulacja na {scenario.day.isoformat()}, {summary.households} gospodarstw, "
        f"{summary.workers} proc.\n"
    )
    for name, value in scenario.changes:
        stdout.write(f"zmiana: {name} = {value}\n")
    stdout.write(f"gospodarstwa ze zmienionym wynikiem: {summary.households_changed}\n")
    for benefit in scenario.benefits:
        totals = summary.totals[benefit]
        stdout.write(f"\n{benefit}")
        if totals.fields:
            stdout.write(f" — {FIELD_LABELS[frozenset(totals.fields)]}")
        stdout.write(f"\n{'':30}{'obecne przepisy':>22}{'po zmianie':>22}\n")
        rows = [("gospodarstwa uprawnione", *map(str, totals.eligible))]
        if totals.fields and benefit in ONE_OFF:
            rows.append(("wypłata jednorazowa", *map(_pln, totals.grosze)))
        elif totals.fields:
            rows.append(("koszt miesięczny", *map(_pln, totals.grosze)))
            rows.append(("koszt roczny (12 × miesięczny)", *(_pln(g * 12) for g in totals.grosze)))
        rows.append(("wyniki zmienione", "", str(totals.changed)))
        for label, before, after in rows:
            stdout.write(f"{label:30}{before:>22}{after:>22}\n")
    stdout.write(f"\nczas obliczeń: {summary.seconds:.3f} s\n")


def run_simulation(
    *,
    day: datetime.date,
    benefits: Sequence[str],
    raw_changes: Sequence[str],
    file_format: str | None,
    workers: int | None,
    changed_out: str | None,
    stdin: TextIO,
    stdout: TextIO,
) -> int:
    """The `simulate` command: the report on `stdout`, the changed households' records (JSON
    Lines) in the file `changed_out` when given."""
    changes = parse_changes(raw_changes, default_parameters())
    scenario = Scenario(
        day, tuple(dict.fromkeys(benefits)) or BENEFITS, changes, keep_changed=bool(changed_out)
    )
    if not changed_out:
        report(simulate(scenario, stdin, file_format, workers), stdout)
        return 0
    try:
        out = open(changed_out, "w", encoding="utf-8")  # noqa: SIM115 (closed below)
    except OSError as error:
        raise RulesInputError(
            "--changed-out", f"cannot write {changed_out}: {error.strerror}"
        ) from error
    with out:

        def write_changed(records: list[dict[str, Any]]) -> None:
            out.writelines(json.dumps(record, ensure_ascii=False) + "\n" for record in records)

        summary = simulate(scenario, stdin, file_format, workers, write_changed)
    report(summary, stdout)
    return 0
