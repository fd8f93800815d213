"""Family benefits (u.ś.r.): the YAML cases through `calculate()`, and the branches the cases do
not reach (input errors, missing parameters, reasons and their templates)."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from ostoja.rules.benefits import calculate
from ostoja.rules.cases import Case, load_cases, run_case
from ostoja.rules.errors import MissingParameterError, RulesInputError
from ostoja.rules.household import Household, Member
from ostoja.rules.parameters import Snapshot, default_parameters
from ostoja.rules.result import Result
from ostoja.rules.swiadczenia_rodzinne import (
    OBLICZENIA,
    becikowe,
    swiadczenie_pielegnacyjne,
    zasilek_pielegnacyjny,
    zasilek_rodzinny,
)
from ostoja.rules.swiadczenia_rodzinne.dochod_rodziny import rodzina

CASES = Path(__file__).parent.parent / "cases"
FILES = sorted(CASES.glob("swiadczenia_rodzinne*.yaml"))
D = datetime.date
DAY = D(2024, 5, 10)


def params(day: datetime.date) -> Snapshot:
    return default_parameters().at(day)


def member(
    member_id: str,
    birth_date: datetime.date,
    *,
    applicant: bool = False,
    relation: str | None = None,
    disability: str = "none",
    annual_income: str = "0",
    cares_for: tuple[str, ...] = (),
    in_education: bool | None = None,
    care_indications: bool = False,
    supplements: tuple[str, ...] = (),
) -> Member:
    return Member(
        id=member_id,
        birth_date=birth_date,
        sex="K",
        applicant=applicant,
        relation=relation,
        disability=disability,
        annual_income=Decimal(annual_income),
        cares_for=cares_for,
        in_education=in_education,
        care_indications=care_indications,
        supplements=supplements,
    )


def parent(annual_income: str = "0", cares_for: tuple[str, ...] = ()) -> Member:
    return member(
        "rodzic", D(1985, 1, 1), applicant=True, annual_income=annual_income, cares_for=cares_for
    )


def family(*members: Member, supplements: tuple[str, ...] = ()) -> Household:
    return Household(members=members, supplements=supplements)


def codes(result: Result) -> list[str]:
    return [reason.code for reason in result.reasons]


def texts(result: Result) -> str:
    return " ".join(reason.text for reason in result.reasons)


# --- the YAML cases ------------------------------------------------------------------------------


ALL = [case for path in FILES for case in load_cases(path)]


@pytest.mark.parametrize("case", ALL, ids=lambda case: case.name[:70])
def test_case(case: Case) -> None:
    outcome = run_case(case)
    assert outcome.passed, outcome.differences
    for reason in calculate(case.benefit, case.household, case.day).reasons:
        assert reason.text  # every template renders with the reason's facts


def test_the_cases_are_many_and_named_by_sentences() -> None:
    assert len(ALL) >= 140
    for case in ALL:
        assert case.name[0].isupper()
        assert case.name.endswith(".")


@pytest.mark.parametrize(
    "change",
    [
        D(2006, 9, 1),
        D(2009, 11, 1),
        D(2012, 11, 1),
        D(2014, 11, 1),
        D(2015, 11, 1),
        D(2016, 1, 1),
        D(2016, 11, 1),
        D(2006, 11, 1),
        D(2018, 11, 1),
        D(2019, 11, 1),
        D(2013, 1, 1),
        D(2014, 5, 1),
        *(D(year, 1, 1) for year in range(2016, 2027)),
    ],
)
def test_every_change_date_is_straddled_by_a_pair(change: datetime.date) -> None:
    days = {case.day for case in ALL}
    assert change in days
    assert change - datetime.timedelta(days=1) in days


# --- the family and its income -------------------------------------------------------------------


def test_family_income_is_exact_and_shown_to_the_grosz() -> None:
    household = family(
        parent("10000"), member("b", D(2010, 1, 1), annual_income="1"), member("c", D(2012, 1, 1))
    )
    rodzina_ = rodzina(household, DAY, params(DAY))
    assert rodzina_.roczny == Decimal("10001")
    assert rodzina_.liczba_osob == 3
    assert rodzina_.miesieczny * 12 == Decimal("10001")
    assert "833,42 zł" in rodzina_.powody()[0].text  # 833.4166…
    assert rodzina_.miesci_sie(Decimal("277.81"))  # 10001 ≤ 277.81 × 3 × 12 = 10001.16
    assert not rodzina_.miesci_sie(Decimal("277.80"))  # 10000.80 < 10001


def test_alimony_above_the_income_leaves_no_negative_income() -> None:
    payer = Member("rodzic", D(1985, 1, 1), "M", applicant=True, annual_alimony_paid=Decimal(500))
    rodzina_ = rodzina(family(payer), DAY, params(DAY))
    assert rodzina_.roczny == 0
    assert rodzina_.alimenty == 500


def test_who_is_in_the_family() -> None:
    household = family(
        parent(),
        member("maz", D(1980, 1, 1), relation="malzonek"),
        member("babcia", D(1950, 1, 1), relation="dziadek"),
        member("brat", D(1990, 1, 1), relation="rodzenstwo"),
        member("corka", D(2010, 1, 1), relation="dziecko"),
        member("dorosly", D(1990, 1, 1), relation="dziecko"),
        member("bez_relacji_mlody", D(2005, 1, 1)),
        member("bez_relacji_dorosly", D(1982, 1, 1)),
    )
    rodzina_ = rodzina(household, DAY, params(DAY))
    assert [m.id for m in rodzina_.czlonkowie] == [
        "rodzic",
        "maz",
        "corka",
        "bez_relacji_mlody",
        "bez_relacji_dorosly",
    ]
    assert [m.id for m in rodzina_.dzieci] == ["corka", "bez_relacji_mlody"]
    assert [m.id for m in rodzina_.poza_rodzina] == ["babcia", "brat", "dorosly"]
    assert "babcia, brat, dorosly" in rodzina_.powody()[1].text


def test_a_partner_is_out_of_the_family_when_the_flag_is_off() -> None:
    changed = default_parameters().with_values(
        DAY, {"swiadczenia_rodzinne.rodzina.partner_rodzicem_dzieci": Decimal(0)}
    )
    household = family(parent(), member("p", D(1984, 1, 1), relation="partner"))
    assert rodzina(household, DAY, changed.at(DAY)).liczba_osob == 1
    assert rodzina(household, DAY, params(DAY)).liczba_osob == 2


def test_an_adult_child_counts_only_with_a_care_benefit_for_them() -> None:
    carer = Member(
        "rodzic",
        D(1960, 1, 1),
        "K",
        applicant=True,
        cares_for=("syn",),
        benefits_received=("renta_socjalna",),
    )
    son = member("syn", D(1990, 1, 1), relation="dziecko", disability="significant")
    assert rodzina(family(carer, son), DAY, params(DAY)).liczba_osob == 1


# --- zasiłek rodzinny ----------------------------------------------------------------------------


def test_zlotowka_za_zlotowke_states_the_figures() -> None:
    household = family(
        parent("33600"),
        member("drugi", D(1984, 1, 1)),
        member("a", D(2021, 1, 1)),
        member("b", D(2014, 1, 1)),
    )
    result = zasilek_rodzinny.oblicz(household, DAY, params(DAY))
    assert result.amount == Decimal("115.00")  # 95 + 124 − (2800 − 2696)
    zlotowka = result.reasons[-1]
    assert zlotowka.code == "zasilek_rodzinny.zlotowka_za_zlotowke"
    assert "104,00 zł" in zlotowka.text
    assert "115,00 zł" in zlotowka.text


def test_below_twenty_zloty_cites_the_minimum() -> None:
    household = family(parent("17424.12"), member("a", D(2014, 1, 1)))
    result = zasilek_rodzinny.oblicz(household, DAY, params(DAY))
    assert not result.eligible
    assert result.reasons[-1].code == "zasilek_rodzinny.zlotowka_za_zlotowke.ponizej_minimum"
    assert "19,99 zł" in result.reasons[-1].text


def test_before_2016_an_income_over_the_threshold_takes_the_right_away() -> None:
    day = D(2015, 6, 1)
    result = zasilek_rodzinny.oblicz(
        family(parent("14400"), member("a", D(2012, 1, 1))), day, params(day)
    )
    assert not result.eligible
    assert codes(result)[-1] == "zasilek_rodzinny.przekroczenie"
    assert "600,00 zł" in result.reasons[-1].text


def test_the_amount_per_child_cites_the_ground_and_the_age_band() -> None:
    household = family(
        parent(),
        member("maly", D(2021, 1, 1)),
        member("sredni", D(2014, 1, 1)),
        member("duzy", D(2002, 1, 1), disability="moderate", in_education=True),
        member("uczen", D(2005, 6, 1), in_education=True),
    )
    result = zasilek_rodzinny.oblicz(household, DAY, params(DAY))
    articles = [r.article for r in result.reasons if r.code == "zasilek_rodzinny.kwota"]
    assert articles == [
        "art. 6 ust. 1 pkt 1 i art. 6 ust. 2 pkt 1 u.ś.r.",
        "art. 6 ust. 1 pkt 1 i art. 6 ust. 2 pkt 2 u.ś.r.",
        "art. 6 ust. 1 pkt 3 i art. 6 ust. 2 pkt 3 u.ś.r.",
        "art. 6 ust. 1 pkt 2 i art. 6 ust. 2 pkt 3 u.ś.r.",
    ]
    assert result.amount == Decimal("489.00")  # 95 + 124 + 135 + 135


def test_an_adult_child_without_school_information_is_not_entitled() -> None:
    result = zasilek_rodzinny.oblicz(family(parent(), member("a", D(2005, 1, 1))), DAY, params(DAY))
    assert codes(result)[-2:] == [
        "zasilek_rodzinny.dziecko_bez_prawa",
        "zasilek_rodzinny.brak_dziecka",
    ]
    assert "nie jest wykazana" in result.reasons[-2].text


def test_unknown_supplements_are_input_errors_naming_the_field() -> None:
    household = family(parent(), member("a", D(2014, 1, 1)), supplements=("bon",))
    with pytest.raises(RulesInputError) as error:
        zasilek_rodzinny.oblicz(household, DAY, params(DAY))
    assert error.value.field == "household.supplements"
    household = family(parent(), member("a", D(2014, 1, 1), supplements=("wielodzietnosc",)))
    with pytest.raises(RulesInputError) as error:
        zasilek_rodzinny.oblicz(household, DAY, params(DAY))
    assert error.value.field == "household.members[1].supplements"


def test_a_repeated_supplement_counts_once() -> None:
    household = family(
        parent(),
        member("a", D(2014, 1, 1), supplements=("rozpoczecie_roku_szkolnego",) * 2),
        supplements=("opieka_w_okresie_urlopu_wychowawczego",) * 2,
    )
    result = zasilek_rodzinny.oblicz(household, DAY, params(DAY))
    assert result.amount == Decimal("624.00")  # 124 + 400 + 100


def test_a_household_level_per_child_supplement_counts_for_one_child() -> None:
    household = family(
        parent(),
        member("a", D(2014, 1, 1)),
        member("b", D(2016, 1, 1)),
        supplements=("nauka_poza_miejscem_zamieszkania_dojazd",),
    )
    result = zasilek_rodzinny.oblicz(household, DAY, params(DAY))
    assert result.amount == Decimal("317.00")  # 124 + 124 + 69
    assert "dojazd do szkoły) na dziecko „a”" in texts(result)


def test_rehabilitation_supplement_needs_a_certificate_or_a_degree() -> None:
    household = family(
        parent(),
        member("zdrowe", D(2014, 1, 1)),
        member("certyfikat_po_16", D(2007, 1, 1), disability="certificate"),
        member("maly", D(2021, 1, 1), disability="certificate"),
        supplements=("ksztalcenie_rehabilitacja",),
    )
    result = zasilek_rodzinny.oblicz(household, DAY, params(DAY))
    assert result.amount == Decimal("433.00")  # 124 + 124 + 95 + 90 (only "maly")


def test_the_single_parent_supplement_text_names_the_increase() -> None:
    household = family(
        parent(),
        member("a", D(2014, 1, 1), disability="significant"),
        supplements=("samotne_wychowywanie", "wielodzietnosc"),
    )
    result = zasilek_rodzinny.oblicz(household, DAY, params(DAY))
    assert result.amount == Decimal("397.00")  # 124 + 193 + 80 + 0
    assert "zwiększony o 80,00 zł" in texts(result)


def test_a_supplement_before_its_parameter_exists_is_missing() -> None:
    day = D(2004, 4, 1)
    with pytest.raises(MissingParameterError):
        zasilek_rodzinny.oblicz(family(parent(), member("a", D(2000, 1, 1))), day, params(day))


def test_thresholds_are_known_until_the_next_verification() -> None:
    day = D(2027, 11, 1)
    household = family(parent(), member("a", D(2020, 1, 1)))
    with pytest.raises(RulesInputError, match="prog_dochodowy"):
        calculate("zasilek_rodzinny", household, day)


# --- becikowe ------------------------------------------------------------------------------------


def test_becikowe_of_twins_straddling_the_income_test() -> None:
    day = D(2013, 6, 1)
    household = family(
        parent("80000"),
        member("starsze", D(2012, 12, 20)),
        member("mlodsze", D(2013, 5, 20)),
    )
    result = becikowe.oblicz(household, day, params(day))
    assert result.amount == Decimal("1000.00")  # only the child born before 2013
    assert "becikowe.bez_kryterium" in codes(result)
    assert any(r.unverified for r in result.reasons)
    assert "20 grudnia 2012 r." in texts(result)


def test_becikowe_before_2006_is_missing() -> None:
    day = D(2005, 6, 1)
    with pytest.raises(MissingParameterError):
        becikowe.oblicz(family(parent(), member("a", D(2005, 5, 1))), day, params(day))


def test_the_applicant_newborn_is_not_counted_for_becikowe() -> None:
    baby = member("dziecko", DAY, applicant=True)
    assert not becikowe.oblicz(family(baby), DAY, params(DAY)).eligible


# --- zasiłek pielęgnacyjny -----------------------------------------------------------------------


def test_care_allowance_reasons_name_each_ground() -> None:
    household = family(
        parent(),
        member("dziecko", D(2015, 1, 1), disability="certificate"),
        member("znaczny", D(1990, 1, 1), disability="significant"),
        member("senior", D(1940, 1, 1)),
        member("umiarkowany", D(2006, 1, 1), disability="moderate"),
        member("umiarkowany_starszy", D(1980, 1, 1), disability="moderate"),
    )
    result = zasilek_pielegnacyjny.oblicz(household, DAY, params(DAY))
    assert codes(result) == [
        "zasilek_pielegnacyjny.niepelnosprawne_dziecko",
        "zasilek_pielegnacyjny.znaczny_stopien",
        "zasilek_pielegnacyjny.wiek_75",
        "zasilek_pielegnacyjny.umiarkowany_przed_21",
        "zasilek_pielegnacyjny.umiarkowany_wiek_powstania_nieznany",
        "zasilek_pielegnacyjny.razem",
    ]
    assert result.amount == Decimal("863.36")  # 4 × 215.84
    assert "21 lat" in texts(result)


def test_care_allowance_for_nobody() -> None:
    result = zasilek_pielegnacyjny.oblicz(family(parent()), DAY, params(DAY))
    assert codes(result) == ["zasilek_pielegnacyjny.brak_uprawnionych"]
    assert "nie przysługuje" in texts(result)


# --- świadczenie pielęgnacyjne -------------------------------------------------------------------


def test_carers_benefit_qualifying_certificates() -> None:
    assert swiadczenie_pielegnacyjne.kwalifikuje(member("a", DAY, disability="significant"))
    assert swiadczenie_pielegnacyjne.kwalifikuje(
        member("a", DAY, disability="certificate", care_indications=True)
    )
    assert not swiadczenie_pielegnacyjne.kwalifikuje(member("a", DAY, disability="certificate"))
    assert not swiadczenie_pielegnacyjne.kwalifikuje(
        member("a", DAY, disability="moderate", care_indications=True)
    )


def test_carers_benefit_texts() -> None:
    household = family(
        parent(cares_for=("a", "b")),
        member("a", D(2015, 1, 1), disability="significant"),
        member("b", D(2016, 1, 1), disability="significant"),
    )
    result = swiadczenie_pielegnacyjne.oblicz(household, DAY, params(DAY))
    assert result.amount == Decimal("5976.00")
    assert "100 %" in texts(result)
    before = D(2023, 6, 1)
    result = swiadczenie_pielegnacyjne.oblicz(household, before, params(before))
    assert "bez względu na liczbę osób" in texts(result)


def test_carers_benefit_without_a_carer() -> None:
    result = swiadczenie_pielegnacyjne.oblicz(family(parent()), DAY, params(DAY))
    assert codes(result) == ["swiadczenie_pielegnacyjne.brak_opiekuna"]
    assert "nie przysługuje" in texts(result)


def test_carers_benefit_for_2027_is_not_known_yet() -> None:
    household = family(
        parent(cares_for=("a",)), member("a", D(2020, 1, 1), disability="significant")
    )
    with pytest.raises(RulesInputError, match="2026-12-31"):
        calculate("swiadczenie_pielegnacyjne", household, D(2027, 1, 1))


def test_every_benefit_is_registered_by_its_case_name() -> None:
    assert set(OBLICZENIA) == {
        "zasilek_rodzinny",
        "becikowe",
        "zasilek_pielegnacyjny",
        "swiadczenie_pielegnacyjne",
    }
