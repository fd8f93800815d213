"""Social-assistance benefits and the programmes: the YAML cases, then the branches the cases
do not name (the centre's switchable choices, the FUS schedule's ends, the reasons' wording)."""

import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from ostoja.rules.benefits import calculate
from ostoja.rules.cases import Case, load_cases, run_case
from ostoja.rules.errors import MissingParameterError, RulesInputError
from ostoja.rules.household import Household, household_from_dict
from ostoja.rules.parameters import ParameterSet, Snapshot, default_parameters
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
CASE_FILES = sorted(
    [CASES_DIR / "programy.yaml", *CASES_DIR.glob("pomoc_spoleczna*.yaml")], key=str
)
ALL_CASES: list[Case] = [case for path in CASE_FILES for case in load_cases(path)]
BENEFITS = {
    "kryterium": kryterium.oblicz,
    "zasilek_staly": zasilek_staly.oblicz,
    "zasilek_okresowy": zasilek_okresowy.oblicz,
    "specjalny_zasilek_celowy": specjalny_zasilek_celowy.oblicz,
    "fepz": fepz.oblicz,
    "posilek": posilek.oblicz,
}
DAY = datetime.date(2025, 3, 10)
D = Decimal


def params(day: datetime.date = DAY) -> Snapshot:
    return default_parameters().at(day)


def compute(
    benefit: str,
    raw: dict[str, Any],
    day: datetime.date = DAY,
    changes: dict[str, str] | None = None,
) -> Result:
    parameters: ParameterSet = default_parameters()
    if changes:
        parameters = parameters.with_values(
            day, {name: D(value) for name, value in changes.items()}
        )
    return calculate(benefit, household_from_dict(raw), day, parameters)


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


def text(result: Result, code: str) -> str:
    return next(r.text for r in result.reasons if r.code == code)


# ---------------------------------------------------------------------------------------------
# The cases
# ---------------------------------------------------------------------------------------------


def test_enough_cases_and_names_are_sentences() -> None:
    assert len(ALL_CASES) >= 150
    for case in ALL_CASES:
        assert case.name[0].isupper(), case.name
        assert case.name.endswith("."), case.name


@pytest.mark.parametrize("case", ALL_CASES, ids=[c.name[:80] for c in ALL_CASES])
def test_case(case: Case) -> None:
    outcome = run_case(case)
    assert outcome.passed, outcome.differences
    result = calculate(case.benefit, case.household, case.day)
    assert result.reasons
    for reason in result.reasons:  # every template renders with the reason's facts
        assert reason.text
        assert "{" not in reason.text


# ---------------------------------------------------------------------------------------------
# Income
# ---------------------------------------------------------------------------------------------


def test_member_deductions_reduce_the_family_sum() -> None:
    household = family(wage("100.00", tax="30.00", health="40.00", social="50.00"))
    household["members"][1]["incomes"] = [wage("500.00")]
    result = compute("kryterium", household)
    assert result.income == D("480.00")  # 100 - 120 + 500
    assert "o 20,00 zł" in text(result, "dochod.potracenia_pomniejszaja_dochod_rodziny")
    assert text(result, "dochod.czlonek").endswith("= -20,00 zł.")


def test_member_floored_at_zero_when_the_centre_chooses_so() -> None:
    household = family(wage("100.00"), alimony_paid="300.00")
    household["members"][1]["incomes"] = [wage("500.00")]
    name = "pomoc_spoleczna.dochod.ujemny_dochod_czlonka_pomniejsza_dochod_rodziny"
    result = compute("kryterium", household, changes={name: "0"})
    assert result.income == D("500.00")
    assert "dochod.ujemny_przyjety_jako_zero" in codes(result)


def test_excluded_kind_names_its_provision() -> None:
    result = compute("kryterium", single(wage("300.00", kind="zasilek_celowy")))
    assert result.income == D("0")
    reason = next(r for r in result.reasons if r.code == "dochod.nie_wliczany")
    assert reason.article.startswith("art. 8 ust. 4 pkt 2 u.p.s.")
    assert reason.text == "Do dochodu członka „a” nie wlicza się: zasiłek celowy 300,00 zł."
    assert not reason.unverified


def test_a_kind_without_a_flag_for_the_day_counts() -> None:
    # Świadczenie uzupełniające is excluded from 2019-10-01 only.
    result = compute(
        "kryterium",
        single(wage("500.00", kind="swiadczenie_uzupelniajace")),
        datetime.date(2019, 9, 30),
    )
    assert result.income == D("500.00")
    assert "dochod.nie_wliczany" not in codes(result)


def test_non_cash_flag_that_excludes() -> None:
    name = "pomoc_spoleczna.dochod_nie_wliczany_niepieniezne.swiadczenie_uzupelniajace"
    result = compute(
        "fepz", single(wage("500.00", kind="swiadczenie_uzupelniajace")), changes={name: "1"}
    )
    assert result.income == D("0")
    assert "dochod.nie_wliczany" in codes(result)


def test_meals_as_a_cash_benefit_when_the_centre_chooses_so() -> None:
    household = single(wage("500.00", kind="swiadczenie_uzupelniajace"))
    assert compute("posilek", household).income == D("500.00")
    name = "programy.posilek.ocena_jak_swiadczenie_niepieniezne"
    assert compute("posilek", household, changes={name: "0"}).income == D("0")


def test_farm_income_rounds_to_grosz_and_ignores_small_farms() -> None:
    household = household_from_dict({**single(), "farm_hectares": "1.333"})
    amount, reasons = dochod.dochod_z_gospodarstwa_rolnego(household, params())
    assert amount == D("611.85")  # 1.333 × 459 = 611.847
    assert reasons[0].text == (
        "Dochód z gospodarstwa rolnego: 1,333 ha przeliczeniowego × 459,00 zł = 611,85 zł."
    )
    small = household_from_dict({**single(), "farm_hectares": "0.5"})
    amount, reasons = dochod.dochod_z_gospodarstwa_rolnego(small, params())
    assert amount == D("0")
    assert reasons[0].text == "Dochodu z 0,5 ha przeliczeniowego (poniżej 1 ha) nie wlicza się."
    assert reasons[0].unverified
    none = household_from_dict(single())
    assert dochod.dochod_z_gospodarstwa_rolnego(none, params()) == (D("0"), ())


def test_family_income_sentence() -> None:
    result = compute("kryterium", family(wage("1500.00"), size=3))
    assert text(result, "dochod.rodzina") == (
        "Dochód rodziny (3 osoby) wynosi 1 500,00 zł, tj. 500,00 zł na osobę."
    )


# ---------------------------------------------------------------------------------------------
# Kryterium
# ---------------------------------------------------------------------------------------------


def test_kryterium_reasons() -> None:
    within = compute("kryterium", single(wage("500.00")))
    assert within.reasons[-1].text == (
        "Dochód osoby samotnie gospodarującej 500,00 zł nie przekracza kryterium 1 010,00 zł."
    )
    above = compute("kryterium", family(wage("2000.00")))
    assert above.reasons[-1].code == "kryterium.powyzej_kryterium_rodziny"
    assert above.reasons[-1].text == (
        "Dochód rodziny 2 000,00 zł przekracza kryterium rodziny 1 646,00 zł."
    )
    assert text(above, "kryterium.rodzina") == (
        "Kryterium dochodowe rodziny wynosi 2 × 823,00 zł = 1 646,00 zł."
    )


def test_before_2004_is_refused() -> None:
    with pytest.raises(RulesInputError):
        compute("kryterium", single(), datetime.date(2004, 4, 30))


def test_after_the_next_verification_is_refused() -> None:
    with pytest.raises(RulesInputError) as error:
        compute("kryterium", single(), datetime.date(2028, 1, 1))
    assert "2027-12-31" in str(error.value)


# ---------------------------------------------------------------------------------------------
# Zasiłek stały
# ---------------------------------------------------------------------------------------------


def test_zasilek_staly_reasons_single_capped() -> None:
    result = compute("zasilek_staly", single())
    assert result.amount == D("1229.00")
    assert text(result, "zasilek_staly.kwota") == (
        "Kwota: 130 % kryterium 1 010,00 zł = 1 313,00 zł minus dochód 0,00 zł = 1 313,00 zł."
    )
    assert text(result, "zasilek_staly.niezdolnosc_z_tytulu_wieku") == (
        "Wnioskodawca ma 75 lat i osiągnął wiek niezdolności do pracy z tytułu wieku: 60 lat "
        "(kobieta)."
    )


def test_zasilek_staly_minimum_before_2024() -> None:
    day = datetime.date(2021, 6, 1)
    result = compute("zasilek_staly", single(wage("690.00", kind="emerytura")), day)
    assert result.amount == D("30.00")
    assert text(result, "zasilek_staly.kwota") == (
        "Kwota: 100 % kryterium 701,00 zł = 701,00 zł minus dochód 690,00 zł = 11,00 zł."
    )


def test_zasilek_staly_family_reasons() -> None:
    result = compute("zasilek_staly", family(wage("900.00", kind="emerytura")))
    assert not result.eligible
    assert "900,00 zł nie jest niższy" in text(
        result, "zasilek_staly.dochod_w_rodzinie_nie_ponizej_kryterium"
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
    assert text(result, "zasilek_staly.niepelnoletni") == (
        "Wnioskodawca ma 15 lat, nie jest pełnoletni (wymagane 18 lat): zasiłek stały nie "
        "przysługuje."
    )
    assert not result.eligible


@pytest.mark.parametrize(
    ("birth", "sex", "years", "months"),
    [
        ("1952-12-31", "K", 60, 0),
        ("1953-01-01", "K", 60, 1),
        ("1954-03-15", "K", 60, 5),
        ("1955-10-01", "K", 61, 0),
        ("1973-09-30", "K", 66, 11),
        ("1973-10-01", "K", 67, 0),
        ("1980-01-01", "K", 67, 0),
        ("1947-12-31", "M", 65, 0),
        ("1948-03-31", "M", 65, 1),
        ("1953-09-30", "M", 66, 11),
        ("1953-10-01", "M", 67, 0),
        ("1960-01-01", "M", 67, 0),
    ],
)
def test_fus_retirement_age_schedule(birth: str, sex: str, years: int, months: int) -> None:
    member = household_from_dict(single(birth_date=birth, sex=sex)).applicant
    prog = zasilek_staly._wiek_emerytalny_fus(member, params(datetime.date(2015, 1, 1)))
    assert (prog.lata, prog.miesiace) == (years, months)


def test_fus_threshold_in_the_sentence() -> None:
    result = compute("zasilek_staly", single(birth_date="1954-03-15"), datetime.date(2014, 8, 14))
    assert "(próg 60 lat i 5 miesięcy, kobieta)" in text(result, "zasilek_staly.zdolny_do_pracy")


def test_member_receipt_excludes_when_the_centre_chooses_so() -> None:
    household = family()
    household["members"][1]["benefits_received"] = ["swiadczenie_pielegnacyjne"]
    assert compute("zasilek_staly", household).eligible
    name = "pomoc_spoleczna.zasilek_staly.zbieg_uprawnien_czlonkow_rodziny"
    result = compute("zasilek_staly", household, changes={name: "1"})
    assert not result.eligible
    reason = next(
        r for r in result.reasons if r.code == "zasilek_staly.zbieg_uprawnien_czlonka_rodziny"
    )
    assert reason.unverified
    assert "„c1” pobiera: świadczenie pielęgnacyjne" in reason.text


def test_family_income_per_person_unrounded_when_the_centre_chooses_so() -> None:
    # 800 + 845,99 = 1645,99 < 2 x 823; per person 822,995.
    household = family(wage("800.00", kind="emerytura"))
    household["members"][1]["incomes"] = [wage("845.99")]
    assert compute("zasilek_staly", household).amount == D("246.90")  # 1069,90 - 823,00
    name = "pomoc_spoleczna.zasilek_staly.dochod_na_osobe_zaokraglany"
    result = compute("zasilek_staly", household, changes={name: "0"})
    assert result.amount == D("246.91")  # 1069,90 - 822,995 = 246,905 -> 246,91


def test_applicant_exclusion_sentence() -> None:
    result = compute("zasilek_staly", single(benefits_received=["renta_socjalna"]))
    reason = next(r for r in result.reasons if r.code == "zasilek_staly.zbieg_uprawnien")
    assert reason.text == (
        "Wnioskodawca ma prawo do: renta socjalna; przy zbiegu uprawnień zasiłek stały nie "
        "przysługuje."
    )
    assert reason.article == "art. 37 ust. 5 u.p.s."
    assert not reason.unverified


def test_zasilek_staly_formula_by_date() -> None:
    before = params(datetime.date(2023, 12, 31))
    after = params(datetime.date(2024, 1, 1))
    base = D("776")
    assert zasilek_staly._podstawa_2004(base, before) == (D("776"), D("1"))
    assert zasilek_staly._podstawa_2024(base, after) == (D("1008.80"), D("1.30"))
    with pytest.raises(MissingParameterError):
        zasilek_staly._podstawa_2024(base, before)


# ---------------------------------------------------------------------------------------------
# Zasiłek okresowy
# ---------------------------------------------------------------------------------------------


def test_zasilek_okresowy_reasons() -> None:
    result = compute("zasilek_okresowy", single(wage("300.00")))
    assert (result.amount_min, result.amount_max) == (D("355.00"), D("418.00"))
    assert result.reasons[-1].text == (
        "Zasiłek okresowy przysługuje w kwocie od 355,00 zł do 418,00 zł; pełne uprawnienie "
        "wynosi 418,00 zł."
    )
    maksymalna = next(r for r in result.reasons if r.code == "zasilek_okresowy.kwota_maksymalna")
    assert maksymalna.unverified  # the 418 zł after 2021 is not confirmed
    assert text(result, "zasilek_okresowy.udzial_minimalny") == (
        "Minimalny udział w różnicy: 50 % × 710,00 zł = 355,00 zł."
    )


def test_share_prevails_over_the_cap_when_the_centre_chooses_so() -> None:
    name = "pomoc_spoleczna.zasilek_okresowy.pierwszenstwo_kwoty_maksymalnej"
    result = compute("zasilek_okresowy", single(), changes={name: "0"})
    assert result.amount_min == result.amount_max == D("505.00")
    assert "zasilek_okresowy.udzial_ponad_limitem" in codes(result)


def test_difference_below_the_floor_is_paid_when_the_centre_chooses_so() -> None:
    name = "pomoc_spoleczna.zasilek_okresowy.pierwszenstwo_kwoty_minimalnej"
    result = compute("zasilek_okresowy", single(wage("1000.00")), changes={name: "0"})
    assert result.amount_min == result.amount_max == D("10.00")
    assert "zasilek_okresowy.roznica_ponizej_minimum" in codes(result)


def test_share_rounded_half_up_when_the_centre_chooses_so() -> None:
    name = "pomoc_spoleczna.zasilek_okresowy.zaokraglenie_udzialu_w_gore"
    day = datetime.date(2007, 6, 1)
    result = compute("zasilek_okresowy", single(wage("99.99")), day, changes={name: "0"})
    assert result.amount_min == D("131.95")  # 0,35 × 377,01 = 131,9535


def test_zasilek_okresowy_no_difference() -> None:
    result = compute("zasilek_okresowy", family(wage("1700.00")))
    assert not result.eligible
    assert codes(result)[-1] == "zasilek_okresowy.brak_roznicy"
    assert result.amount == result.amount_min == result.amount_max == D("0")


# ---------------------------------------------------------------------------------------------
# Specjalny zasiłek celowy
# ---------------------------------------------------------------------------------------------


def test_specjalny_zasilek_celowy_is_discretionary() -> None:
    above = compute("specjalny_zasilek_celowy", family(wage("3000.00"), size=3))
    assert above.eligible
    assert above.amount is None
    assert above.amount_max == D("2469")
    assert "specjalny_zasilek_celowy.uznanie" in codes(above)
    within = compute("specjalny_zasilek_celowy", single(wage("100.00")))
    assert not within.eligible
    assert within.amount_max is None
    assert "art. 39 u.p.s." in text(within, "specjalny_zasilek_celowy.w_kryterium")


# ---------------------------------------------------------------------------------------------
# Programmes
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (datetime.date(2024, 2, 11), "Program Operacyjny Pomoc Żywnościowa 2014–2020"),
        (datetime.date(2024, 2, 12), "Fundusze Europejskie na Pomoc Żywnościową 2021–2027"),
    ],
)
def test_fepz_programme_name_by_date(day: datetime.date, name: str) -> None:
    result = compute("fepz", single(), day)
    program = next(r for r in result.reasons if r.code == "fepz.program")
    assert f"„{name}”" in program.text
    assert program.article == params(day).reference("programy.fepz.procent_kryterium")


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (datetime.date(2018, 12, 31), "Pomoc państwa w zakresie dożywiania"),
        (datetime.date(2019, 1, 1), "Posiłek w szkole i w domu"),
    ],
)
def test_posilek_programme_name_by_date(day: datetime.date, name: str) -> None:
    result = compute("posilek", family(wage("100.00")), day)
    assert f"„{name}”" in text(result, "posilek.program")
    assert "posilek.w_progu_rodziny" in codes(result)


def test_programme_threshold_sentence() -> None:
    result = compute("fepz", family(wage("5000.00")))
    assert not result.eligible
    assert result.reasons[-1].text == (
        "Próg na osobę w rodzinie: 265 % × 823,00 zł = 2 180,95 zł, dla rodziny 2 × 2 180,95 zł "
        "= 4 361,90 zł; dochód rodziny 5 000,00 zł przekracza próg."
    )


@pytest.mark.parametrize(
    ("benefit", "day"),
    [("fepz", datetime.date(2014, 12, 31)), ("posilek", datetime.date(2013, 12, 31))],
)
def test_programmes_before_they_start(benefit: str, day: datetime.date) -> None:
    with pytest.raises(RulesInputError):
        compute(benefit, single(), day)


def test_missing_parameter_from_a_hand_built_snapshot() -> None:
    empty = Snapshot(DAY, {})
    household: Household = household_from_dict(single())
    for oblicz in BENEFITS.values():
        with pytest.raises(MissingParameterError):
            oblicz(household, DAY, empty)
