"""Social-assistance benefits and the programmes: the YAML cases, then the branches the cases
do not name (reasons, wording, missing parameters)."""

import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from ostoja.rules.errors import MissingParameterError
from ostoja.rules.household import Household, household_from_dict
from ostoja.rules.parameters import Snapshot, default_parameters
from ostoja.rules.pomoc_spoleczna import (
    dochod,
    kryterium,
    specjalny_zasilek_celowy,
    zasilek_okresowy,
    zasilek_staly,
)
from ostoja.rules.programy import fepz, posilek
from ostoja.rules.result import Result

CASES_DIR = Path(__file__).parent.parent / "cases"
BENEFITS = {
    "kryterium": kryterium.oblicz,
    "zasilek_staly": zasilek_staly.oblicz,
    "zasilek_okresowy": zasilek_okresowy.oblicz,
    "specjalny_zasilek_celowy": specjalny_zasilek_celowy.oblicz,
    "fepz": fepz.oblicz,
    "posilek": posilek.oblicz,
}
DAY = datetime.date(2025, 3, 10)


def load_cases(filename: str) -> list[dict[str, Any]]:
    cases = yaml.safe_load((CASES_DIR / filename).read_text(encoding="utf-8"))
    assert isinstance(cases, list)
    return cases


ALL_CASES = load_cases("pomoc_spoleczna.yaml") + load_cases("programy.yaml")


def params(day: datetime.date = DAY) -> Snapshot:
    return default_parameters().at(day)


def compute(benefit: str, raw: dict[str, Any], day: datetime.date = DAY) -> Result:
    return BENEFITS[benefit](household_from_dict(raw), day, params(day))


def single(*incomes: dict[str, str], **member: Any) -> dict[str, Any]:
    person = {"id": "a", "applicant": True, "birth_date": "1950-01-01", "sex": "K"}
    person.update(member)
    return {"members": [{**person, "incomes": list(incomes)}]}


def wage(amount: str, kind: str = "wynagrodzenie", **deductions: str) -> dict[str, str]:
    return {"kind": kind, "amount": amount, **deductions}


def family(*incomes: dict[str, str], size: int = 2, **applicant: Any) -> dict[str, Any]:
    household = single(*incomes, **applicant)
    for index in range(1, size):
        household["members"].append({"id": f"c{index}", "birth_date": "2012-01-01", "sex": "M"})
    return household


def codes(result: Result) -> list[str]:
    return [reason.code for reason in result.reasons]


# ---------------------------------------------------------------------------------------------
# The cases
# ---------------------------------------------------------------------------------------------


def test_enough_cases_and_names_are_sentences() -> None:
    assert len(ALL_CASES) >= 75
    for case in ALL_CASES:
        assert case["name"][0].isupper(), case["name"]
        assert case["name"].endswith("."), case["name"]
        assert sum(bool(m.get("applicant")) for m in case["household"]["members"]) == 1


@pytest.mark.parametrize("case", ALL_CASES, ids=[c["name"][:80] for c in ALL_CASES])
def test_case(case: dict[str, Any]) -> None:
    day = datetime.date.fromisoformat(case["date"])
    result = compute(case["benefit"], case["household"], day).to_json()
    for key, expected in case["expected"].items():
        assert result[key] == expected, f"{key}: {result[key]} != {expected}"
    assert result["reasons"]


# ---------------------------------------------------------------------------------------------
# Income
# ---------------------------------------------------------------------------------------------


def test_member_income_deducts_and_floors_at_zero() -> None:
    household = household_from_dict(
        family(wage("100.00", tax="30.00", health="40.00", social="50.00"), alimony_paid="1")
    )
    result = dochod.dochod_rodziny(household, params())
    assert result.dochod_czlonka("a") == Decimal("0")
    assert result.na_osobe == Decimal("0.00")
    negative = [r for r in result.reasons if r.code == "dochod.ujemny"]
    assert negative
    assert "-21,00 zł" in negative[0].text


def test_excluded_kinds_are_named_in_reasons() -> None:
    household = household_from_dict(single(wage("300.00", kind="zasilek_celowy")))
    result = dochod.dochod_rodziny(household, params())
    assert result.dochod == Decimal("0")
    (reason,) = [r for r in result.reasons if r.code == "dochod.nie_wliczany"]
    assert reason.article == "art. 8 ust. 4 pkt 2 u.p.s."
    assert "zasiłek celowy 300,00 zł" in reason.text


def test_farm_income_rounds_to_grosz_and_ignores_small_farms() -> None:
    household = household_from_dict({**single(), "farm_hectares": "1.333"})
    amount, reasons = dochod.dochod_z_gospodarstwa_rolnego(household, params())
    assert amount == Decimal("611.85")  # 1.333 × 459 = 611.847
    assert reasons[0].article == "art. 8 ust. 9 u.p.s."
    small = household_from_dict({**single(), "farm_hectares": "0.5"})
    assert dochod.dochod_z_gospodarstwa_rolnego(small, params()) == (
        Decimal("0"),
        dochod.dochod_z_gospodarstwa_rolnego(small, params())[1],
    )
    none = household_from_dict(single())
    assert dochod.dochod_z_gospodarstwa_rolnego(none, params()) == (Decimal("0"), ())


@pytest.mark.parametrize(
    ("count", "text"),
    [
        (1, "1 osoba"),
        (2, "2 osoby"),
        (4, "4 osoby"),
        (5, "5 osób"),
        (12, "12 osób"),
        (22, "22 osoby"),
    ],
)
def test_osoby(count: int, text: str) -> None:
    assert dochod.osoby(count) == text


@pytest.mark.parametrize(
    ("count", "text"),
    [(1, "1 rok"), (22, "22 lata"), (12, "12 lat"), (65, "65 lat"), (64, "64 lata")],
)
def test_lat(count: int, text: str) -> None:
    assert zasilek_staly.lat(count) == text


def test_family_income_sentence() -> None:
    result = compute("kryterium", family(wage("1500.00"), size=3))
    assert "Dochód rodziny (3 osoby) wynosi 1 500,00 zł, tj. 500,00 zł na osobę." in [
        r.text for r in result.reasons
    ]


# ---------------------------------------------------------------------------------------------
# Kryterium
# ---------------------------------------------------------------------------------------------


def test_kryterium_reasons() -> None:
    within = compute("kryterium", single(wage("500.00")))
    assert within.reasons[-1].text == (
        "Dochód osoby samotnie gospodarującej 500,00 zł nie przekracza kryterium 1 010,00 zł."
    )
    assert within.reasons[-1].article == "art. 8 ust. 1 pkt 1 u.p.s."
    above = compute("kryterium", family(wage("2000.00")))
    assert above.reasons[-1].code == "kryterium.powyzej_kryterium"
    assert "przekracza kryterium rodziny 1 646,00 zł" in above.reasons[-1].text


def test_kryterium_before_2004_has_no_parameters() -> None:
    with pytest.raises(MissingParameterError):
        compute("kryterium", single(), datetime.date(2004, 4, 30))


# ---------------------------------------------------------------------------------------------
# Zasiłek stały
# ---------------------------------------------------------------------------------------------


def test_zasilek_staly_reasons_single_capped() -> None:
    result = compute("zasilek_staly", single())
    assert result.amount == Decimal("1229.00")
    assert "zasilek_staly.kwota_maksymalna" in codes(result)
    kwota = next(r for r in result.reasons if r.code == "zasilek_staly.kwota")
    assert kwota.text == (
        "Kwota: 1,30 × kryterium 1 010,00 zł = 1 313,00 zł minus dochód 0,00 zł = 1 313,00 zł."
    )


def test_zasilek_staly_minimum_before_2024() -> None:
    day = datetime.date(2021, 6, 1)
    result = compute("zasilek_staly", single(wage("690.00", kind="emerytura")), day)
    assert result.amount == Decimal("30.00")
    reason = next(r for r in result.reasons if r.code == "zasilek_staly.kwota_minimalna")
    assert reason.article == "art. 37 ust. 3 u.p.s."
    assert "11,00 zł" in reason.text


def test_zasilek_staly_family_reasons() -> None:
    result = compute("zasilek_staly", family(wage("900.00", kind="emerytura")))
    assert not result.eligible
    assert result.amount == Decimal("0")
    assert "nie są oba" in next(
        r.text for r in result.reasons if r.code == "zasilek_staly.dochod_nie_ponizej_kryterium"
    )
    assert codes(result)[-1] == "zasilek_staly.nie_przysluguje"


@pytest.mark.parametrize(
    ("member", "code"),
    [
        (
            {"incapacity": "total", "birth_date": "1990-01-01"},
            "zasilek_staly.calkowita_niezdolnosc",
        ),
        ({}, "zasilek_staly.niezdolnosc_z_tytulu_wieku"),
        ({"incapacity": "age", "birth_date": "1990-01-01"}, "zasilek_staly.wiek_nieosiagniety"),
        ({"incapacity": "none"}, "zasilek_staly.zdolny_do_pracy"),
        ({"birth_date": "1990-01-01", "sex": "M"}, "zasilek_staly.zdolny_do_pracy"),
    ],
)
def test_zasilek_staly_incapacity(member: dict[str, str], code: str) -> None:
    result = compute("zasilek_staly", single(**member))
    assert code in codes(result)
    assert result.eligible is (
        code in {"zasilek_staly.calkowita_niezdolnosc", "zasilek_staly.niezdolnosc_z_tytulu_wieku"}
    )


def test_zasilek_staly_minor() -> None:
    result = compute("zasilek_staly", single(incapacity="total", birth_date="2010-01-01"))
    assert "zasilek_staly.niepelnoletni" in codes(result)
    assert not result.eligible


def test_zasilek_staly_formula_by_date() -> None:
    assert zasilek_staly.PODSTAWA[datetime.date(2004, 5, 1)] is not None
    before = params(datetime.date(2023, 12, 31))
    after = params(datetime.date(2024, 1, 1))
    base = Decimal("776")
    assert zasilek_staly._podstawa_2004(base, before)[0] == Decimal("776")
    assert zasilek_staly._podstawa_2024(base, after)[0] == Decimal("1008.80")
    with pytest.raises(MissingParameterError):
        zasilek_staly._podstawa_2024(base, before)


# ---------------------------------------------------------------------------------------------
# Zasiłek okresowy
# ---------------------------------------------------------------------------------------------


def test_zasilek_okresowy_reasons() -> None:
    result = compute("zasilek_okresowy", single(wage("300.00")))
    assert (result.amount_min, result.amount_max) == (Decimal("355.00"), Decimal("710.00"))
    assert result.reasons[-1].text == (
        "Zasiłek okresowy przysługuje w kwocie od 355,00 zł do 710,00 zł; pełne uprawnienie "
        "wynosi 710,00 zł."
    )


def test_zasilek_okresowy_minimum_above_maximum_says_uncertain() -> None:
    result = compute("zasilek_okresowy", single(wage("1000.00")))
    reason = next(
        r for r in result.reasons if r.code == "zasilek_okresowy.minimalna_ponad_maksymalna"
    )
    assert "[?]" in reason.text
    assert result.amount_min == result.amount_max == Decimal("10.00")


def test_zasilek_okresowy_no_difference() -> None:
    result = compute("zasilek_okresowy", family(wage("1700.00")))
    assert not result.eligible
    assert codes(result)[-1] == "zasilek_okresowy.brak_roznicy"
    assert result.amount == result.amount_min == result.amount_max == Decimal("0")


# ---------------------------------------------------------------------------------------------
# Specjalny zasiłek celowy
# ---------------------------------------------------------------------------------------------


def test_specjalny_zasilek_celowy_is_discretionary() -> None:
    above = compute("specjalny_zasilek_celowy", family(wage("3000.00"), size=3))
    assert above.eligible
    assert above.amount is None
    assert above.amount_max == Decimal("2469")
    assert "specjalny_zasilek_celowy.uznanie" in codes(above)
    assert "specjalny_zasilek_celowy.powyzej_kryterium" in codes(above)
    within = compute("specjalny_zasilek_celowy", single(wage("100.00")))
    assert "specjalny_zasilek_celowy.w_kryterium" in codes(within)
    assert all(r.article == "art. 41 pkt 1 u.p.s." for r in within.reasons[-3:])


# ---------------------------------------------------------------------------------------------
# Programmes
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (datetime.date(2023, 12, 31), "Program Operacyjny Pomoc Żywnościowa 2014–2020"),
        (datetime.date(2024, 1, 1), "Fundusze Europejskie na Pomoc Żywnościową 2021–2027"),
    ],
)
def test_fepz_programme_name_by_date(day: datetime.date, name: str) -> None:
    result = compute("fepz", single(), day)
    program = next(r for r in result.reasons if r.code == "fepz.program")
    assert f"„{name}”" in program.text
    assert program.article == params(day).reference(fepz.PROCENT_KRYTERIUM)


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (datetime.date(2018, 12, 31), "Pomoc państwa w zakresie dożywiania"),
        (datetime.date(2019, 1, 1), "Posiłek w szkole i w domu"),
    ],
)
def test_posilek_programme_name_by_date(day: datetime.date, name: str) -> None:
    result = compute("posilek", family(wage("100.00")), day)
    assert f"„{name}”" in next(r.text for r in result.reasons if r.code == "posilek.program")
    assert "posilek.w_progu" in codes(result)


def test_programme_threshold_sentence() -> None:
    result = compute("fepz", family(wage("5000.00")))
    assert not result.eligible
    assert result.reasons[-1].code == "fepz.powyzej_progu"
    assert "265 % × 823,00 zł = 2 180,95 zł" in result.reasons[-1].text


@pytest.mark.parametrize(
    ("benefit", "day"),
    [("fepz", datetime.date(2014, 12, 31)), ("posilek", datetime.date(2013, 12, 31))],
)
def test_programmes_before_they_start(benefit: str, day: datetime.date) -> None:
    with pytest.raises(MissingParameterError):
        compute(benefit, single(), day)


def test_missing_parameter_from_a_hand_built_snapshot() -> None:
    empty = Snapshot(DAY, {})
    household: Household = household_from_dict(single())
    for oblicz in BENEFITS.values():
        with pytest.raises(MissingParameterError):
            oblicz(household, DAY, empty)
