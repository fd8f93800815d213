"""The shipped parameter tree and the loader that validates it."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from ostoja.rules.errors import MissingParameterError
from ostoja.rules.parameters import (
    PARAMETERS_DIR,
    ParameterFileError,
    default_parameters,
    load_parameter,
    load_tree,
)

D = datetime.date
KRYTERIUM_SAMOTNA = "pomoc_spoleczna.kryterium_dochodowe.osoba_samotnie_gospodarujaca"
KRYTERIUM_RODZINA = "pomoc_spoleczna.kryterium_dochodowe.osoba_w_rodzinie"

VALID = """\
description: Próba
unit: zł
values:
  2020-01-01:
    value: "100.00"
    reference: "Ustawa próbna, art. 1"
    published: 2019-12-20
  2021-01-01:
    value: "150.00"
    reference: "Ustawa próbna, art. 2"
    unverified: true
"""


def write(root: Path, name: str, text: str) -> Path:
    path = root.joinpath(*name.split(".")).with_suffix(".yaml")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------------------
# The shipped tree
# ---------------------------------------------------------------------------------------------


def test_shipped_tree_loads_with_every_parameter_the_calculations_use() -> None:
    names = set(load_tree().parameters)
    assert len(names) == len(list(PARAMETERS_DIR.rglob("*.yaml")))
    assert {
        KRYTERIUM_SAMOTNA,
        KRYTERIUM_RODZINA,
        "pomoc_spoleczna.zasilek_staly.kwota_maksymalna",
        "pomoc_spoleczna.zasilek_staly.kwota_minimalna",
        "pomoc_spoleczna.zasilek_staly.mnoznik_kryterium",
        "pomoc_spoleczna.zasilek_okresowy.kwota_minimalna",
        "pomoc_spoleczna.zasilek_okresowy.udzial_minimalny.osoba_samotnie_gospodarujaca",
        "pomoc_spoleczna.zasilek_okresowy.udzial_minimalny.rodzina",
        "pomoc_spoleczna.dochod_z_hektara_przeliczeniowego",
        "pomoc_spoleczna.wiek_niezdolnosci_do_pracy.kobieta",
        "pomoc_spoleczna.wiek_niezdolnosci_do_pracy.mezczyzna",
        "programy.fepz.procent_kryterium",
        "programy.posilek.procent_kryterium",
        "swiadczenia_rodzinne.zasilek_rodzinny.prog_dochodowy",
        "swiadczenia_rodzinne.zasilek_rodzinny.prog_dochodowy_niepelnosprawne_dziecko",
        "swiadczenia_rodzinne.zasilek_rodzinny.kwota.do_5_lat",
        "swiadczenia_rodzinne.zasilek_rodzinny.kwota.od_5_do_18_lat",
        "swiadczenia_rodzinne.zasilek_rodzinny.kwota.od_18_do_24_lat",
        "swiadczenia_rodzinne.dodatki.samotne_wychowywanie_limit",
        "swiadczenia_rodzinne.zlotowka_za_zlotowke.kwota_minimalna",
        "swiadczenia_rodzinne.becikowe.kwota",
        "swiadczenia_rodzinne.becikowe.prog_dochodowy",
        "swiadczenia_rodzinne.zasilek_pielegnacyjny.kwota",
        "swiadczenia_rodzinne.swiadczenie_pielegnacyjne.kwota",
        "swiadczenia_rodzinne.swiadczenie_pielegnacyjne.zwiekszenie_na_kolejne_dziecko",
    } <= names
    assert len([n for n in names if n.startswith("swiadczenia_rodzinne.dodatki.")]) == 12


def test_every_value_has_a_reference_and_the_unit_fits() -> None:
    for parameter in default_parameters().parameters.values():
        assert parameter.description.strip(), parameter.name
        for entry in parameter.values:
            assert entry.value is not None, parameter.name
            assert entry.reference.strip(), f"{parameter.name}[{entry.start}]"
            if parameter.unit == "zł":
                assert entry.value.as_tuple().exponent == -2, f"{parameter.name}[{entry.start}]"


def test_values_not_checked_against_the_act_are_marked() -> None:
    parameters = default_parameters().parameters
    assert parameters[KRYTERIUM_SAMOTNA].at(D(2005, 1, 1)).unverified  # 2004 criteria: [M]
    assert not parameters[KRYTERIUM_SAMOTNA].at(D(2022, 1, 1)).unverified
    hectare = parameters["pomoc_spoleczna.dochod_z_hektara_przeliczeniowego"]
    assert hectare.at(D(2025, 1, 1)).unverified  # [D]: derived, not read from the regulation


@pytest.mark.parametrize(
    ("name", "last_day_before", "before", "after"),
    [
        (KRYTERIUM_SAMOTNA, D(2006, 9, 30), "461.00", "477.00"),
        (KRYTERIUM_SAMOTNA, D(2021, 12, 31), "701.00", "776.00"),
        (KRYTERIUM_SAMOTNA, D(2024, 12, 31), "776.00", "1010.00"),
        (KRYTERIUM_RODZINA, D(2018, 9, 30), "514.00", "528.00"),
        (KRYTERIUM_RODZINA, D(2024, 12, 31), "600.00", "823.00"),
        ("pomoc_spoleczna.zasilek_staly.kwota_maksymalna", D(2023, 12, 31), "719.00", "1000.00"),
        ("pomoc_spoleczna.zasilek_staly.kwota_minimalna", D(2023, 12, 31), "30.00", "100.00"),
        ("programy.fepz.procent_kryterium", D(2023, 5, 14), "220", "235"),
        ("programy.posilek.procent_kryterium", D(2022, 12, 31), "150", "200"),
        (
            "swiadczenia_rodzinne.zasilek_rodzinny.prog_dochodowy",
            D(2015, 10, 31),
            "574.00",
            "674.00",
        ),
        ("swiadczenia_rodzinne.dodatki.samotne_wychowywanie", D(2016, 10, 31), "185.00", "193.00"),
        (
            "swiadczenia_rodzinne.swiadczenie_pielegnacyjne.kwota",
            D(2025, 12, 31),
            "3287.00",
            "3386.00",
        ),
        ("swiadczenia_rodzinne.zasilek_pielegnacyjny.kwota", D(2019, 10, 31), "184.42", "215.84"),
    ],
)
def test_value_on_both_sides_of_a_change(
    name: str, last_day_before: datetime.date, before: str, after: str
) -> None:
    parameters = default_parameters()
    assert parameters.at(last_day_before)[name] == Decimal(before)
    assert parameters.at(last_day_before + datetime.timedelta(days=1))[name] == Decimal(after)


def test_asking_before_the_first_date_raises() -> None:
    snapshot = default_parameters().at(D(2023, 12, 31))
    with pytest.raises(MissingParameterError) as raised:
        snapshot["pomoc_spoleczna.zasilek_staly.mnoznik_kryterium"]
    assert raised.value.name == "pomoc_spoleczna.zasilek_staly.mnoznik_kryterium"
    assert raised.value.day == D(2023, 12, 31)
    with pytest.raises(MissingParameterError):
        default_parameters().at(D(2004, 4, 30))[KRYTERIUM_SAMOTNA]


def test_asking_for_an_unknown_parameter_raises() -> None:
    snapshot = default_parameters().at(D(2025, 1, 1))
    with pytest.raises(MissingParameterError):
        snapshot["pomoc_spoleczna.nie_ma_takiego"]


def test_snapshot_is_a_read_only_mapping_of_the_parameters_in_force() -> None:
    snapshot = default_parameters().at(D(2023, 12, 31))
    assert KRYTERIUM_SAMOTNA in snapshot
    assert "pomoc_spoleczna.zasilek_staly.mnoznik_kryterium" not in snapshot
    assert "pomoc_spoleczna.nie_ma_takiego" not in snapshot
    assert object() not in snapshot
    assert snapshot.get("pomoc_spoleczna.zasilek_staly.mnoznik_kryterium") is None
    assert snapshot.get(KRYTERIUM_SAMOTNA) == Decimal("776.00")
    assert len(snapshot) == len(list(snapshot)) == len(dict(snapshot.items()))
    in_force = [p for p in default_parameters().parameters.values() if p.defined_on(D(2025, 1, 1))]
    assert len(default_parameters().at(D(2025, 1, 1))) == len(in_force) > 30
    assert snapshot.reference(KRYTERIUM_SAMOTNA).endswith("art. 8 ust. 1 i art. 9 u.p.s.")
    assert "Dz.U. 2021 poz. 1296" in snapshot.reference(KRYTERIUM_SAMOTNA)
    with pytest.raises(TypeError):
        default_parameters().parameters["x"] = None  # type: ignore[index]


def test_defined_on() -> None:
    parameter = default_parameters().parameters["pomoc_spoleczna.zasilek_staly.mnoznik_kryterium"]
    assert not parameter.defined_on(D(2023, 12, 31))
    assert parameter.defined_on(D(2024, 1, 1))


# ---------------------------------------------------------------------------------------------
# The file format
# ---------------------------------------------------------------------------------------------


def test_a_valid_file_loads(tmp_path: Path) -> None:
    parameter = load_parameter(write(tmp_path, "obszar.proba", VALID), tmp_path)
    assert parameter.name == "obszar.proba"
    assert parameter.description == "Próba"
    assert parameter.unit == "zł"
    first, second = parameter.values
    assert (first.start, first.value, first.published, first.unverified) == (
        D(2020, 1, 1),
        Decimal("100.00"),
        D(2019, 12, 20),
        False,
    )
    assert (second.value, second.published, second.unverified) == (Decimal("150.00"), None, True)


def test_dates_are_sorted_whatever_the_order_in_the_file(tmp_path: Path) -> None:
    text = """\
description: Próba
unit: procent
values:
  2021-01-01: {value: "200", reference: "B"}
  "2020-01-01": {value: "150", reference: "A"}
"""
    parameter = load_parameter(write(tmp_path, "a.b", text), tmp_path)
    assert [v.start for v in parameter.values] == [D(2020, 1, 1), D(2021, 1, 1)]


def test_null_ends_a_parameter(tmp_path: Path) -> None:
    text = VALID + '  2022-01-01:\n    value: null\n  2023-01-01:\n    value: "1.00"\n'
    text += '    reference: "Ustawa próbna, art. 3"\n'
    write(tmp_path, "obszar.proba", text)
    parameters = load_tree(tmp_path)
    assert parameters.at(D(2021, 12, 31))["obszar.proba"] == Decimal("150.00")
    with pytest.raises(MissingParameterError):
        parameters.at(D(2022, 1, 1))["obszar.proba"]
    assert "obszar.proba" not in parameters.at(D(2022, 6, 1))
    assert parameters.at(D(2023, 1, 1))["obszar.proba"] == Decimal("1.00")


BAD_FILES = {
    "unquoted number": VALID.replace('"100.00"', "100.00"),
    "not a number": VALID.replace('"100.00"', '"sto"'),
    "not a finite number": VALID.replace('"100.00"', '"NaN"'),
    "missing reference": VALID.replace('    reference: "Ustawa próbna, art. 1"\n', ""),
    "empty reference": VALID.replace('"Ustawa próbna, art. 1"', '"  "'),
    "bad date": VALID.replace("2020-01-01:", "2020-13-01:"),
    "date without dashes": VALID.replace("2020-01-01:", "20200101:"),
    "date with a time": VALID.replace("2020-01-01:", "2020-01-01 12:00:00:"),
    "bad published date": VALID.replace("2019-12-20", "wczoraj"),
    "unknown key in a value": VALID.replace("    unverified: true", "    zrodlo: x"),
    "unknown key in the file": "autor: ktoś\n" + VALID,
    "unverified not a boolean": VALID.replace("unverified: true", 'unverified: "tak"'),
    "unknown unit": VALID.replace("unit: zł", "unit: euro"),
    "missing unit": VALID.replace("unit: zł\n", ""),
    "missing description": VALID.replace("description: Próba\n", ""),
    "empty description": VALID.replace("description: Próba", 'description: ""'),
    "first value null": VALID.replace('value: "100.00"', "value: null"),
    "no values": "description: Próba\nunit: zł\nvalues: {}\n",
    "values not a mapping": "description: Próba\nunit: zł\nvalues:\n  - 100\n",
    "non-mapping file": "- 100\n- 200\n",
    "empty file": "",
    "entry not a mapping": VALID.replace(
        '  2021-01-01:\n    value: "150.00"\n    reference: "Ustawa próbna, art. 2"\n'
        "    unverified: true\n",
        '  2021-01-01: "150.00"\n',
    ),
    "entry without value": VALID.replace('    value: "150.00"\n', ""),
    "same date written twice": VALID.replace("2021-01-01:", "2020-01-01:"),
    "same date quoted and unquoted": VALID.replace("2021-01-01:", '"2020-01-01":'),
    "invalid YAML": VALID + "  2022-01-01: [\n",
}


@pytest.mark.parametrize("text", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_malformed_files_are_refused(tmp_path: Path, text: str) -> None:
    write(tmp_path, "obszar.proba", text)
    with pytest.raises(ParameterFileError, match=r"^obszar\.proba"):
        load_tree(tmp_path)


def test_the_error_says_what_to_do(tmp_path: Path) -> None:
    write(tmp_path, "obszar.proba", BAD_FILES["unquoted number"])
    with pytest.raises(ParameterFileError, match=r'quoted string, e\.g\. "477\.00"'):
        load_tree(tmp_path)


def test_tree_names_follow_the_folders(tmp_path: Path) -> None:
    write(tmp_path, "a.b.c", VALID)
    write(tmp_path, "a.d", VALID)
    assert sorted(load_tree(tmp_path).parameters) == ["a.b.c", "a.d"]
    assert PARAMETERS_DIR.name == "parameters"


# ---------------------------------------------------------------------------------------------
# "What if"
# ---------------------------------------------------------------------------------------------


def test_with_values_changes_a_value_from_a_day_on() -> None:
    original = default_parameters()
    changed = original.with_values(D(2023, 7, 1), {KRYTERIUM_SAMOTNA: Decimal("900.00")})
    assert changed.at(D(2023, 6, 30))[KRYTERIUM_SAMOTNA] == Decimal("776.00")
    assert changed.at(D(2023, 7, 1))[KRYTERIUM_SAMOTNA] == Decimal("900.00")
    assert changed.at(D(2026, 1, 1))[KRYTERIUM_SAMOTNA] == Decimal("900.00")  # later values go
    entry = changed.at(D(2023, 7, 1)).entry(KRYTERIUM_SAMOTNA)
    assert entry.unverified
    assert entry.reference.startswith("zmiana symulowana (było: Rozporządzenie Rady Ministrów")
    # the original is untouched, and so are the other parameters
    assert original.at(D(2023, 7, 1))[KRYTERIUM_SAMOTNA] == Decimal("776.00")
    assert changed.at(D(2023, 7, 1))[KRYTERIUM_RODZINA] == Decimal("600.00")


def test_with_values_refuses_an_unknown_parameter_or_a_day_without_value() -> None:
    with pytest.raises(MissingParameterError):
        default_parameters().with_values(D(2025, 1, 1), {"nie.ma": Decimal(1)})
    with pytest.raises(MissingParameterError):
        default_parameters().with_values(D(2000, 1, 1), {KRYTERIUM_SAMOTNA: Decimal(1)})
