"""Dated legal parameters, one YAML file each under parameters/ (the tree mirrors the statutes).

A file:

    description: Kryterium dochodowe osoby samotnie gospodarującej
    unit: zł            # zł, procent, ułamek, lata, ha
    values:
      2006-10-01:
        value: "477.00"
        reference: "Rozporządzenie RM z 24.07.2006 (Dz.U. 2006 nr 135 poz. 950)"
        published: 2006-07-31       # optional
        unverified: true            # optional: not checked against the official text
      2012-10-01:
        value: "542.00"
        reference: ...
      2030-01-01:
        value: null                 # the parameter ends here
    known_until: 2027-12-31         # optional: the last day the values are known to hold

Keys are the first day a value applies; a value applies until the next key. `known_until` is
for values set for a time (the criteria until their next verification, an amount indexed
every year): a calculation on a later day is refused rather than given a stale figure.
Amounts are quoted strings parsed to Decimal. Everything is validated when the tree is loaded:
unknown keys, duplicate dates, dates not written YYYY-MM-DD, values that are not finite numbers
and YAML syntax errors raise ParameterFileError naming the parameter.
"""

import datetime
import re
from bisect import bisect_right
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache, cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from ostoja.rules.errors import MissingParameterError
from ostoja.rules.result import ParameterUsed

PARAMETERS_DIR = Path(__file__).parent / "parameters"
UNITS = frozenset({"zł", "procent", "ułamek", "lata", "miesiące", "ha", "liczba", "flaga"})
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
FILE_KEYS = frozenset({"description", "unit", "values", "known_until"})
ENTRY_KEYS = frozenset({"value", "reference", "published", "unverified"})


class ParameterFileError(ValueError):
    """A parameter file that does not follow the format above."""


@dataclass(frozen=True)
class DatedValue:
    start: datetime.date
    value: Decimal | None  # None: the parameter ends on `start`
    reference: str
    published: datetime.date | None
    unverified: bool


@dataclass(frozen=True)
class Parameter:
    name: str  # dotted path: "pomoc_spoleczna.kryterium_dochodowe.osoba_w_rodzinie"
    description: str
    unit: str
    values: tuple[DatedValue, ...]  # by start date
    known_until: datetime.date | None = None

    @cached_property
    def starts(self) -> tuple[datetime.date, ...]:
        return tuple(value.start for value in self.values)

    def at(self, day: datetime.date) -> DatedValue:
        if self.known_until is not None and day > self.known_until:
            raise MissingParameterError(self.name, day, known_until=self.known_until)
        index = bisect_right(self.starts, day) - 1
        if index < 0 or self.values[index].value is None:
            raise MissingParameterError(self.name, day)
        return self.values[index]

    def end_of(self, entry: DatedValue) -> datetime.date | None:
        """The last day `entry` applies: the day before the next value, or `known_until`."""
        index = self.values.index(entry)
        if index + 1 < len(self.values):
            return self.values[index + 1].start - datetime.timedelta(days=1)
        return self.known_until

    def defined_on(self, day: datetime.date) -> bool:
        try:
            self.at(day)
        except MissingParameterError:
            return False
        return True


@dataclass(frozen=True)
class Snapshot(Mapping[str, Decimal]):
    """The parameters in force on one day, read-only. Asking for one not in force raises."""

    day: datetime.date
    parameters: Mapping[str, Parameter]
    # Entries already looked up: a calculation asks for the same few parameters many times.
    _entries: dict[str, DatedValue] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __getitem__(self, name: str) -> Decimal:
        value = self.entry(name).value
        assert value is not None
        return value

    def __contains__(self, name: object) -> bool:
        # Mapping's own __contains__ and get() expect KeyError; MissingParameterError is not one.
        parameter = self.parameters.get(name) if isinstance(name, str) else None
        return parameter is not None and parameter.defined_on(self.day)

    def get(self, name: str, default: Any = None) -> Any:
        try:
            return self[name]
        except MissingParameterError:
            return default

    def entry(self, name: str) -> DatedValue:
        entry = self._entries.get(name)
        if entry is None:
            parameter = self.parameters.get(name)
            if parameter is None:
                raise MissingParameterError(name, self.day)
            entry = self._entries[name] = parameter.at(self.day)
        return entry

    def reference(self, name: str) -> str:
        return self.entry(name).reference

    def names_used(self) -> frozenset[str]:
        """The names of the parameters looked up so far (cheaper than `used()`)."""
        return frozenset(self._entries)

    def used(self) -> tuple[ParameterUsed, ...]:
        """The parameters looked up so far, by name: what a result rests on."""
        return tuple(
            ParameterUsed(
                name=name,
                value=entry.value,
                start=entry.start,
                end=self.parameters[name].end_of(entry),
                reference=entry.reference,
                unverified=entry.unverified,
            )
            for name, entry in sorted(self._entries.items())
            if entry.value is not None
        )

    def __iter__(self) -> Iterator[str]:
        return (name for name, p in self.parameters.items() if p.defined_on(self.day))

    def __len__(self) -> int:
        return sum(1 for _ in self)


@dataclass(frozen=True)
class ParameterSet:
    parameters: Mapping[str, Parameter]

    def at(self, day: datetime.date) -> Snapshot:
        return Snapshot(day, self.parameters)

    def with_values(self, day: datetime.date, changes: Mapping[str, Decimal]) -> "ParameterSet":
        """A copy where each named parameter has the given value from `day` on ("what if")."""
        changed = dict(self.parameters)
        for name, value in changes.items():
            original = self.parameters.get(name)
            if original is None:
                raise MissingParameterError(name, day)
            entry = original.at(day)
            kept = tuple(v for v in original.values if v.start < day)
            new = DatedValue(day, value, f"zmiana symulowana (było: {entry.reference})", None, True)
            changed[name] = Parameter(
                name, original.description, original.unit, (*kept, new), original.known_until
            )
        return ParameterSet(MappingProxyType(changed))


class _UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that refuses a key written twice (PyYAML would keep the last one silently) and
    leaves dates as text for _parse_date (PyYAML raises a bare ValueError on 2020-13-01)."""


def _construct_unique_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"key {key!r} written twice", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node)


def _construct_timestamp_as_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
    return loader.construct_scalar(node)


_UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_unique_mapping
)
_UniqueKeyLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp_as_text)


def _parse_date(raw: Any, where: str) -> datetime.date:
    # The loader leaves dates as text; fromisoformat alone would also take 20061001 or 2006-W40-1.
    try:
        if not (isinstance(raw, str) and ISO_DATE.fullmatch(raw)):
            raise ValueError(raw)
        return datetime.date.fromisoformat(raw)
    except ValueError as error:
        raise ParameterFileError(f"{where}: {raw!r} is not a date YYYY-MM-DD") from error


def _parse_value(raw: Any, where: str) -> Decimal | None:
    if raw is None:
        return None
    if not isinstance(raw, str):
        raise ParameterFileError(f'{where}: write the value as a quoted string, e.g. "477.00"')
    try:
        value = Decimal(raw)
    except InvalidOperation as error:
        raise ParameterFileError(f"{where}: {raw!r} is not a number") from error
    if not value.is_finite():
        raise ParameterFileError(f"{where}: {raw!r} is not a number")
    return value


def _parse_entry(start: datetime.date, raw: Any, where: str) -> DatedValue:
    if not isinstance(raw, dict) or "value" not in raw:
        raise ParameterFileError(f"{where}: each date needs a mapping with 'value'")
    value = _parse_value(raw["value"], where)
    reference = raw.get("reference")
    if value is not None and not (isinstance(reference, str) and reference.strip()):
        raise ParameterFileError(f"{where}: a value needs its 'reference'")
    published = raw.get("published")
    unknown = set(raw) - ENTRY_KEYS
    if unknown:
        raise ParameterFileError(f"{where}: unknown keys {sorted(map(str, unknown))}")
    unverified = raw.get("unverified", False)
    if not isinstance(unverified, bool):
        raise ParameterFileError(f"{where}: 'unverified' must be true or false")
    return DatedValue(
        start=start,
        value=value,
        reference=str(reference or ""),
        published=_parse_date(published, where) if published is not None else None,
        unverified=unverified,
    )


def load_parameter(path: Path, root: Path = PARAMETERS_DIR) -> Parameter:
    name = ".".join(path.relative_to(root).with_suffix("").parts)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)  # noqa: S506
    except yaml.YAMLError as error:
        raise ParameterFileError(f"{name}: not valid YAML: {error}") from error
    if not isinstance(data, dict) or not isinstance(data.get("values"), dict):
        raise ParameterFileError(f"{name}: needs 'description', 'unit' and 'values'")
    unknown = set(data) - FILE_KEYS
    if unknown:
        raise ParameterFileError(f"{name}: unknown keys {sorted(map(str, unknown))}")
    description = data.get("description")
    if not (isinstance(description, str) and description.strip()):
        raise ParameterFileError(f"{name}: needs a 'description'")
    unit = data.get("unit")
    if unit not in UNITS:
        raise ParameterFileError(f"{name}: unit must be one of {sorted(UNITS)}")
    entries = sorted(
        (
            _parse_entry(_parse_date(key, f"{name}[{key}]"), raw, f"{name}[{key}]")
            for key, raw in data["values"].items()
        ),
        key=lambda entry: entry.start,
    )
    if not entries or entries[0].value is None:
        raise ParameterFileError(f"{name}: the first date must give a value")
    known_until = data.get("known_until")
    if known_until is not None:
        known_until = _parse_date(known_until, f"{name}.known_until")
        if known_until < entries[-1].start:
            raise ParameterFileError(f"{name}: known_until is before the last value's date")
    return Parameter(name, description, str(unit), tuple(entries), known_until)


def load_tree(root: Path = PARAMETERS_DIR) -> ParameterSet:
    parameters = {
        p.name: p for p in (load_parameter(f, root) for f in sorted(root.rglob("*.yaml")))
    }
    return ParameterSet(MappingProxyType(parameters))


@cache
def default_parameters() -> ParameterSet:
    """The parameters shipped with Ostoja, loaded and validated once."""
    return load_tree()
