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
# Besides the figures, a case may assert the reasons' codes (each listed code must appear, a code
# written "!code" must not), parameters used with their values, and the period assessed.
EXPECTED_KEYS = (*RESULT_KEYS, "reasons", "parameters_used", "period")
CASE_KEYS = frozenset({"name", "benefit", "date", "household", "expected"})


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
    for key in raw:
        if key not in CASE_KEYS:
            raise RulesInputError(f"{where}.{key}", "unknown field")
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
    unknown = set(expected) - set(EXPECTED_KEYS)
    if unknown:
        raise RulesInputError(f"{where}.expected", f"unknown keys {sorted(map(str, unknown))}")
    _check_expected_shapes(expected, f"{where}.expected")
    household = household_from_dict(_field(raw, "household", where), f"{where}.household")
    return Case(where, str(name), str(benefit), day, household, expected)


def _check_expected_shapes(expected: dict[str, Any], where: str) -> None:
    reasons = expected.get("reasons", [])
    if not isinstance(reasons, list) or not all(isinstance(code, str) for code in reasons):
        raise RulesInputError(f"{where}.reasons", "a list of reason codes")
    used = expected.get("parameters_used", {})
    if not isinstance(used, dict):
        raise RulesInputError(f"{where}.parameters_used", "a mapping of parameter names to values")
    period = expected.get("period", {})
    if not isinstance(period, dict) or set(period) - {"kind", "start", "end"}:
        raise RulesInputError(f"{where}.period", "a mapping with kind, start and end")


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


def _reason_differences(expected: list[str], actual: dict[str, Any]) -> Iterator[str]:
    codes = [reason["code"] for reason in actual["reasons"]]
    for code in expected:
        if code.startswith("!") and code[1:] in codes:
            yield f"reasons: {code[1:]} should not be given, got {', '.join(codes)}"
        elif not code.startswith("!") and code not in codes:
            yield f"reasons: expected {code}, got {', '.join(codes)}"


def _parameter_differences(expected: dict[str, Any], actual: dict[str, Any]) -> Iterator[str]:
    used = {parameter["name"]: parameter["value"] for parameter in actual["parameters_used"]}
    for name, value in expected.items():
        if name not in used:
            yield f"parameters_used: {name} was not used"
        elif not _same(str(value), used[name]):
            yield f"parameters_used: {name} expected {value}, got {used[name]}"


def _period_differences(expected: dict[str, Any], actual: dict[str, Any]) -> Iterator[str]:
    period = actual.get("period") or {}
    for key, value in expected.items():
        if str(value) != str(period.get(key)):
            yield f"period.{key}: expected {value}, got {period.get(key)}"


def run_case(case: Case, parameters: ParameterSet | None = None) -> Outcome:
    try:
        actual = calculate(case.benefit, case.household, case.day, parameters).to_json()
    except RulesInputError as error:
        return Outcome(case, (f"error: {error}",))
    differences = [
        f"{key}: expected {value}, got {actual.get(key)}"
        for key, value in case.expected.items()
        if key in RESULT_KEYS and not _same(value, actual.get(key))
    ]
    differences.extend(_reason_differences(case.expected.get("reasons", []), actual))
    differences.extend(_parameter_differences(case.expected.get("parameters_used", {}), actual))
    differences.extend(_period_differences(case.expected.get("period", {}), actual))
    return Outcome(case, tuple(differences))


def run_files(paths: Iterable[str], parameters: ParameterSet | None = None) -> Iterator[Outcome]:
    for path in case_files(paths):
        for case in load_cases(path):
            yield run_case(case, parameters)
