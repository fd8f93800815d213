"""docs/rules.md is generated from the parameter files and must stay in step with them."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from ostoja.rules import docs
from ostoja.rules.docs import DOC_PATH, format_value, render_parameter, render_rules_doc
from ostoja.rules.parameters import (
    PARAMETERS_DIR,
    DatedValue,
    Parameter,
    ParameterSet,
    default_parameters,
)

D = datetime.date


def test_committed_doc_is_up_to_date() -> None:
    expected = render_rules_doc(default_parameters())
    actual = DOC_PATH.read_text(encoding="utf-8") if DOC_PATH.exists() else ""
    assert actual == expected, "docs/rules.md is out of date: run python -m ostoja.rules.docs"


def test_rendering_is_deterministic() -> None:
    parameters = default_parameters()
    reordered = ParameterSet(dict(reversed(list(parameters.parameters.items()))))
    assert render_rules_doc(parameters) == render_rules_doc(reordered)


def test_doc_has_a_section_per_area_and_a_table_per_parameter() -> None:
    text = render_rules_doc(default_parameters())
    assert text.startswith("# Parametry prawne reguł Ostoi\n")
    assert "„zweryfikowano”" in text
    assert "docs/legal/choices.md" in text
    sections = [line for line in text.splitlines() if line.startswith("## ")]
    assert sections == [
        "## Kodeks cywilny (odsetki)",
        "## Pomoc społeczna (ustawa o pomocy społecznej)",
        "## Programy rządowe i unijne realizowane z OPS",
        "## Świadczenia rodzinne (ustawa o świadczeniach rodzinnych)",
    ]
    assert text.count("| okres od | okres do | wartość | podstawa prawna |") == len(
        list(PARAMETERS_DIR.rglob("*.yaml"))
    )
    assert (
        "| 2018-10-01 | 2021-12-31 | 701,00 zł | Rozporządzenie Rady Ministrów z 11 lipca 2018 r."
        in text
    )
    assert "| 2025-01-01 | 2027-12-31 | 1010,00 zł |" in text


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (Decimal("776.00"), "zł", "776,00 zł"),
        (Decimal("265"), "procent", "265 %"),
        (Decimal("1.30"), "ułamek", "1,30 (= 130 %)"),
        (Decimal("0.50"), "ułamek", "0,50 (= 50 %)"),
        (Decimal("0.125"), "ułamek", "0,125 (= 12,5 %)"),
        (Decimal("60"), "lata", "60 lat"),
        (Decimal("1.5"), "ha", "1,5 ha"),
        (None, "zł", "nie obowiązuje"),
    ],
)
def test_format_value(value: Decimal | None, unit: str, shown: str) -> None:
    assert format_value(value, unit) == shown


def test_table_rows_show_periods_ends_publication_and_verification() -> None:
    parameter = Parameter(
        "inne.proba",
        "Próba | z kreską",
        "zł",
        (
            DatedValue(D(2020, 1, 1), Decimal("1.00"), "Akt A | art. 1", D(2019, 12, 20), False),
            DatedValue(D(2021, 1, 1), None, "", None, False),
            DatedValue(D(2022, 3, 1), Decimal("2.00"), "Akt B", None, True),
        ),
    )
    assert render_parameter(parameter).splitlines() == [
        "### Próba \\| z kreską",
        "",
        "`inne.proba` — jednostka: zł",
        "",
        "| okres od | okres do | wartość | podstawa prawna | ogłoszono | zweryfikowano |",
        "|---|---|---|---|---|---|",
        "| 2020-01-01 | 2020-12-31 | 1,00 zł | Akt A \\| art. 1 | 2019-12-20 | tak |",
        "| 2021-01-01 | 2022-02-28 | nie obowiązuje | — | — | tak |",
        "| 2022-03-01 | nadal | 2,00 zł | Akt B | — | nie |",
    ]


def test_an_area_without_a_title_uses_its_name() -> None:
    parameter = Parameter(
        "inne.proba", "Próba", "zł", (DatedValue(D(2020, 1, 1), Decimal(1), "Akt", None, False),)
    )
    assert "\n## inne\n" in render_rules_doc(ParameterSet({"inne.proba": parameter}))


def test_main_writes_the_doc(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "rules.md"
    monkeypatch.setattr(docs, "DOC_PATH", target)
    docs.main()
    assert target.read_text(encoding="utf-8") == render_rules_doc(default_parameters())
