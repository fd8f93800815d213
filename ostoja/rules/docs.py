"""docs/rules.md, generated from the parameter files: one table per parameter, for legal staff.

Run `python -m ostoja.rules.docs` after changing a parameter file; a test fails while the
committed docs/rules.md differs from what this module renders.
"""

import datetime
from decimal import Decimal
from itertools import groupby
from pathlib import Path

from ostoja.rules.parameters import DatedValue, Parameter, ParameterSet, default_parameters

DOC_PATH = Path(__file__).resolve().parents[2] / "docs" / "rules.md"

AREAS = {
    "kodeks_cywilny": "Kodeks cywilny (odsetki)",
    "pomoc_spoleczna": "Pomoc społeczna (ustawa o pomocy społecznej)",
    "programy": "Programy rządowe i unijne realizowane z OPS",
    "swiadczenia_rodzinne": "Świadczenia rodzinne (ustawa o świadczeniach rodzinnych)",
}

INTRO = """\
# Parametry prawne reguł Ostoi

> Plik generowany — nie edytuj ręcznie. Źródłem są pliki `ostoja/rules/parameters/**.yaml`;
> po ich zmianie uruchom `python -m ostoja.rules.docs`.

Parametry to kwoty, progi i wskaźniki z ustaw, rozporządzeń, obwieszczeń i uchwał, z których
korzystają obliczenia w `ostoja/rules` (kryteria dochodowe, kwoty zasiłków, progi programów).
Każdy parametr ma jeden plik YAML; nazwa parametru to ścieżka pliku z kropkami zamiast ukośników.

Jak czytać okresy: wartość obowiązuje od dnia w kolumnie „okres od” do dnia w kolumnie „okres do”
włącznie, czyli do dnia poprzedzającego następną zmianę; „nadal” oznacza, że jest to wartość
obecna. Przed pierwszym okresem parametr nie ma wartości i obliczenie na taki dzień kończy się
błędem zamiast zgadywać. „Nie obowiązuje” oznacza, że parametr od tego dnia wygasł.

Kolumna „zweryfikowano”: „nie” (w plikach `unverified: true`) oznacza, że wartości albo daty nie
sprawdzono jeszcze z tekstem urzędowym (Dziennik Ustaw, Monitor Polski, ISAP); powód jest zapisany
w odnośniku albo jako komentarz w pliku YAML. Kolumna „ogłoszono” podaje dzień ogłoszenia aktu,
jeśli jest znany. Parametr ustalany na czas określony (kryteria do następnej weryfikacji, kwoty
waloryzowane co roku) ma datę „znane do”: obliczenie na późniejszy dzień kończy się błędem, zamiast
użyć nieaktualnej kwoty. Materiał prawny, na którym opierają się parametry, opisują pliki
`docs/legal/`, a wybory interpretacyjne — `docs/legal/choices.md`.
"""

NO_VALUE = "—"


def _polish_number(value: Decimal) -> str:
    return str(value).replace(".", ",")


def format_value(value: Decimal | None, unit: str) -> str:
    if value is None:
        return "nie obowiązuje"
    number = _polish_number(value)
    if unit == "procent":
        return f"{number} %"
    if unit == "ułamek":
        percent = format((value * 100).normalize(), "f")
        return f"{number} (= {_polish_number(Decimal(percent))} %)"
    if unit == "lata":
        return f"{number} lat"
    if unit == "flaga":
        return "tak" if value else "nie"
    if unit == "liczba":
        return number
    return f"{number} {unit}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _row(entry: DatedValue, end: datetime.date | None, unit: str) -> str:
    cells = [
        entry.start.isoformat(),
        end.isoformat() if end is not None else "nadal",
        format_value(entry.value, unit),
        entry.reference or NO_VALUE,
        entry.published.isoformat() if entry.published is not None else NO_VALUE,
        "nie" if entry.unverified else "tak",
    ]
    return "| " + " | ".join(_cell(cell) for cell in cells) + " |"


def render_parameter(parameter: Parameter) -> str:
    lines = [
        f"### {_cell(parameter.description)}",
        "",
        f"`{parameter.name}` — jednostka: {parameter.unit}",
        "",
        "| okres od | okres do | wartość | podstawa prawna | ogłoszono | zweryfikowano |",
        "|---|---|---|---|---|---|",
    ]
    lines.extend(_row(entry, parameter.end_of(entry), parameter.unit) for entry in parameter.values)
    if parameter.known_until is not None:
        lines += ["", f"Wartości znane do {parameter.known_until.isoformat()}."]
    return "\n".join(lines) + "\n"


def _area(parameter: Parameter) -> str:
    return parameter.name.split(".")[0]


def render_rules_doc(parameters: ParameterSet) -> str:
    """The whole of docs/rules.md; the same parameters always give the same text."""
    ordered = sorted(parameters.parameters.values(), key=lambda p: (_area(p), p.name))
    parts = [INTRO]
    for area, group in groupby(ordered, key=_area):
        parts.append(f"## {AREAS.get(area, area)}\n")
        parts.extend(render_parameter(parameter) for parameter in group)
    return "\n".join(parts)


def main() -> None:
    DOC_PATH.write_text(render_rules_doc(default_parameters()), encoding="utf-8")


if __name__ == "__main__":  # pragma: no cover
    main()
