"""YAML cases: the same schema as the CLI's input, with the expected result. Legal staff write
their own and run them with `python -m ostoja.rules test PATH…`."""

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from ostoja.rules.benefits import calculate
from ostoja.rules.errors import RulesInputError
from ostoja.rules.household import Household, household_from_dict
from ostoja.rules.parameters import ParameterSet

RESULT_KEYS = (
    "eligible",
    "amount",
    "amount_min",
    "amount_max",
    "criterion",
    "income",
    "income_per_person",
)


@dataclass(frozen=True)
class Case:
    where: str  # "file.yaml[3]"
    name: str
    benefit: str
    day: datetime.date
    household: Household
    expected: dict[str, Any]


@dataclass(frozen=True)
class Outcome:
    case: Case
    differences: tuple[str, ...]  # "amount: expected 413.00, got 412.00"

    @property
    def passed(self) -> bool:
        return not self.differences


def case_files(paths: Iterable[str]) -> list[Path]:
    """The files named, and every *.yaml inside the directories named, in a stable order."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(path.rglob("*.yaml")))
        elif path.is_file():
            files.append(path)
        else:
            raise RulesInputError(raw, "no such file or directory")
    return files


def _field(data: dict[str, Any], key: str, where: str) -> Any:
    if key not in data:
        raise RulesInputError(f"{where}.{key}", "required")
    return data[key]


def _case(raw: Any, where: str) -> Case:
    if not isinstance(raw, dict):
        raise RulesInputError(
            where, "a case is a mapping with name, benefit, date, household, expected"
        )
    name = _field(raw, "name", where)
    benefit = _field(raw, "benefit", where)
    day = _field(raw, "date", where)
    if not isinstance(day, datetime.date):
        try:
            day = datetime.date.fromisoformat(str(day))
        except ValueError as error:
            raise RulesInputError(f"{where}.date", f"{day!r} is not a date YYYY-MM-DD") from error
    expected = _field(raw, "expected", where)
    if not isinstance(expected, dict) or not expected:
        raise RulesInputError(f"{where}.expected", "a mapping of result keys to values")
    unknown = set(expected) - set(RESULT_KEYS)
    if unknown:
        raise RulesInputError(f"{where}.expected", f"unknown keys {sorted(unknown)}")
    household = household_from_dict(_field(raw, "household", where), f"{where}.household")
    return Case(where, str(name), str(benefit), day, household, expected)


def load_cases(path: Path) -> list[Case]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise RulesInputError(str(path), f"not valid YAML ({error.__class__.__name__})") from error
    if not isinstance(data, list):
        raise RulesInputError(str(path), "a case file is a YAML list of cases")
    return [_case(raw, f"{path}[{index}]") for index, raw in enumerate(data)]


def _same(expected: Any, actual: Any) -> bool:
    """Booleans compare as booleans; amounts as numbers ("413.00" equals 413)."""
    if isinstance(expected, bool) or not isinstance(actual, str):
        return bool(expected == actual)
    try:
        return Decimal(str(expected)) == Decimal(actual)
    except InvalidOperation:
        return False


def run_case(case: Case, parameters: ParameterSet | None = None) -> Outcome:
    try:
        actual = calculate(case.benefit, case.household, case.day, parameters).to_json()
    except RulesInputError as error:
        return Outcome(case, (f"error: {error}",))
    differences = tuple(
        f"{key}: expected {value}, got {actual.get(key)}"
        for key, value in case.expected.items()
        if not _same(value, actual.get(key))
    )
    return Outcome(case, differences)


def run_files(paths: Iterable[str], parameters: ParameterSet | None = None) -> Iterator[Outcome]:
    for path in case_files(paths):
        for case in load_cases(path):
            yield run_case(case, parameters)
