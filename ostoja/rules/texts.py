"""The Polish sentences of the reasons: one template per reason code, in YAML files under
texts/ (one per area of law), so the wording can be corrected without touching a formula.

A template is a `str.format` string over the reason's facts, with these format specs:

    {kwota:zl}          1 069,90 zł        {udzial:liczba}    0,5
    {udzial:procent}    35 % (of 0.35)     {n:osoby}          3 osoby
    {wiek:lat}          65 lat             {n:miesiecy}       3 miesiące
    {dzien:data}        1 stycznia 2024 r. {ids:lista}        a, b, c
    {flag:jest|nie jest}  the text before "|" when the fact is true, after it when false

A code written in two files, a template that does not parse, or a reason whose template names a
fact it lacks is an error: the tests render every template the cases produce.
"""

import datetime
import string
from collections.abc import Callable, Mapping
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from ostoja.rules.result import Fact, zl

TEXTS_DIR = Path(__file__).parent / "texts"
MONTHS = (
    "stycznia",
    "lutego",
    "marca",
    "kwietnia",
    "maja",
    "czerwca",
    "lipca",
    "sierpnia",
    "września",
    "października",
    "listopada",
    "grudnia",
)
STO = Decimal(100)


class TextsError(ValueError):
    """A template file or a template that cannot be used."""


def liczba(value: Decimal | int) -> str:
    """A plain number in a Polish sentence: "2,5", "265", "1,30"."""
    return str(value).replace(".", ",")


def _plural(count: int, one: str, few: str, many: str) -> str:
    if count == 1:
        return f"1 {one}"
    if count % 10 in (2, 3, 4) and count % 100 not in (12, 13, 14):
        return f"{count} {few}"
    return f"{count} {many}"


def osoby(count: int) -> str:
    """ "1 osoba", "3 osoby", "5 osób", "12 osób", "22 osoby"."""
    return _plural(count, "osoba", "osoby", "osób")


def lat(count: int) -> str:
    """ "1 rok", "22 lata", "65 lat"."""
    return _plural(count, "rok", "lata", "lat")


def miesiecy(count: int) -> str:
    """ "1 miesiąc", "3 miesiące", "12 miesięcy"."""
    return _plural(count, "miesiąc", "miesiące", "miesięcy")


def data(day: datetime.date) -> str:
    """ "1 stycznia 2024 r."."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year} r."


def procent(fraction: Decimal) -> str:
    """A fraction as a percentage: 0.35 → "35 %", 1.3 → "130 %", 2.65 → "265 %"."""
    return f"{liczba(Decimal(format((fraction * STO).normalize(), 'f')))} %"


def _lista(items: Any) -> str:
    return ", ".join(str(item) for item in items)


SPECS: dict[str, Callable[[Any], str]] = {
    "zl": zl,
    "liczba": liczba,
    "procent": procent,
    "osoby": osoby,
    "lat": lat,
    "miesiecy": miesiecy,
    "data": data,
    "lista": _lista,
}


class _Formatter(string.Formatter):
    def format_field(self, value: Any, format_spec: str) -> str:
        if not format_spec:
            return str(value)
        if "|" in format_spec:
            when_true, _, when_false = format_spec.partition("|")
            return when_true if value else when_false
        return str(SPECS[format_spec](value))

    def check(self, code: str, template: str) -> None:
        """Refuse a template that does not parse or uses an unknown spec."""
        try:
            parsed = list(self.parse(template))
        except ValueError as error:
            raise TextsError(f"{code}: {error}") from error
        for _, name, spec, _ in parsed:
            if name is not None and not name.isidentifier():
                raise TextsError(f"{code}: placeholder {{{name}}} is not a fact name")
            if spec and "|" not in spec and spec not in SPECS:
                raise TextsError(f"{code}: unknown format spec {spec!r}")


FORMATTER = _Formatter()


def load_texts(root: Path = TEXTS_DIR) -> dict[str, str]:
    texts: dict[str, str] = {}
    for path in sorted(root.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if not isinstance(data, dict):
            raise TextsError(f"{path.name}: a mapping of reason codes to templates")
        for code, template in data.items():
            if not isinstance(template, str):
                raise TextsError(f"{path.name}: {code}: a template is a string")
            if code in texts:
                raise TextsError(f"{path.name}: {code} is written in another file too")
            FORMATTER.check(str(code), template)
            texts[str(code)] = template
    return texts


@cache
def templates() -> Mapping[str, str]:
    return load_texts()


def render(code: str, facts: Mapping[str, Fact]) -> str:
    template = templates().get(code)
    if template is None:
        raise TextsError(f"no template for the reason {code}")
    try:
        return FORMATTER.vformat(template, (), facts)
    except KeyError as error:
        raise TextsError(f"{code}: the reason has no fact {error}") from error
