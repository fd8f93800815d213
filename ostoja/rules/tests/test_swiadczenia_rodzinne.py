"""Family benefits (u.ś.r.): the YAML cases against the shipped parameters, and the branches the
cases do not reach (input errors, missing parameters, reasons)."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from ostoja.rules.errors import MissingParameterError, RulesInputError
from ostoja.rules.household import Household, Member, household_from_dict
from ostoja.rules.parameters import Snapshot, default_parameters
from ostoja.rules.result import Result
from ostoja.rules.swiadczenia_rodzinne import (
    OBLICZENIA,
    becikowe,
    swiadczenie_pielegnacyjne,
    zasilek_pielegnacyjny,
    zasilek_rodzinny,
)
from ostoja.rules.swiadczenia_rodzinne.dochod_rodziny import dochod_rodziny, wiek

CASES = Path(__file__).parent.parent / "cases" / "swiadczenia_rodzinne.yaml"
D = datetime.date
DAY = D(2024, 5, 10)


def params(day: datetime.date) -> Snapshot:
    return default_parameters().at(day)


def member(
    member_id: str,
    birth_date: datetime.date,
    *,
    applicant: bool = False,
    disability: str = "none",
    annual_income: str = "0",
    cares_for: tuple[str, ...] = (),
) -> Member:
    return Member(
        id=member_id,
        birth_date=birth_date,
        sex="K",
        applicant=applicant,
        disability=disability,
        annual_income=Decimal(annual_income),
        cares_for=cares_for,
    )


def parent(annual_income: str = "0", cares_for: tuple[str, ...] = ()) -> Member:
    return member(
        "rodzic", D(1985, 1, 1), applicant=True, annual_income=annual_income, cares_for=cares_for
    )


def family(*members: Member, supplements: tuple[str, ...] = ()) -> Household:
    return Household(members=members, supplements=supplements)


def codes(result: Result) -> list[str]:
    return [reason.code for reason in result.reasons]


# --- the YAML cases ------------------------------------------------------------------------------


def load() -> list[dict[str, object]]:
    data = yaml.safe_load(CASES.read_text(encoding="utf-8"))
    assert isinstance(data, list)
    return data


@pytest.mark.parametrize("case", load(), ids=lambda case: str(case["name"])[:70])
def test_case(case: dict[str, object]) -> None:
    day = case["date"]
    assert isinstance(day, datetime.date)
    household = household_from_dict(case["household"])
    result = OBLICZENIA[str(case["benefit"])](household, day, params(day)).to_json()
    expected = case["expected"]
    assert isinstance(expected, dict)
    assert {key: result.get(key) for key in expected} == expected


def test_the_cases_are_many_and_named_by_sentences() -> None:
    cases = load()
    assert len(cases) >= 75
    for case in cases:
        name = str(case["name"])
        assert name[0].isupper()
        assert name.endswith(".")


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
        *(D(year, 1, 1) for year in range(2016, 2027)),
    ],
)
def test_every_change_date_is_straddled_by_a_pair(change: datetime.date) -> None:
    days = {case["date"] for case in load()}
    assert change in days
    assert change - datetime.timedelta(days=1) in days


# --- dochód rodziny ------------------------------------------------------------------------------


def test_family_income_is_monthly_and_per_person_to_the_grosz() -> None:
    dochod = dochod_rodziny(
        family(
            parent("10000"),
            member("b", D(2010, 1, 1), annual_income="1"),
            member("c", D(2012, 1, 1)),
        )
    )
    assert dochod.roczny == Decimal("10001")
    assert dochod.miesieczny == Decimal("833.42")  # 833.4166…
    assert dochod.na_osobe == Decimal("277.81")  # 833.42 / 3 = 277.8066…
    assert dochod.liczba_osob == 3
    assert "833,42 zł" in dochod.powod().text


def test_a_member_born_after_the_day_is_an_input_error_naming_the_member() -> None:
    household = family(parent(), member("dziecko", D(2024, 6, 1)))
    with pytest.raises(RulesInputError) as error:
        wiek(household, household.members[1], DAY)
    assert error.value.field == "household.members[1].birth_date"
    with pytest.raises(RulesInputError):
        zasilek_rodzinny.oblicz(household, DAY, params(DAY))


def test_age_on_the_birth_day_is_zero() -> None:
    household = family(parent(), member("dziecko", DAY))
    assert wiek(household, household.members[1], DAY) == 0


# --- zasiłek rodzinny ----------------------------------------------------------------------------


def test_reference_example_of_zlotowka_za_zlotowke() -> None:
    household = family(
        parent("33600"),
        member("drugi", D(1984, 1, 1)),
        member("a", D(2021, 1, 1)),
        member("b", D(2014, 1, 1)),
    )
    result = zasilek_rodzinny.oblicz(household, DAY, params(DAY))
    assert result.eligible
    assert result.amount == Decimal("115.00")
    assert result.criterion == Decimal("2696.00")
    assert result.income == Decimal("2800.00")
    assert result.income_per_person == Decimal("700.00")
    zlotowka = result.reasons[-1]
    assert zlotowka.code == "zasilek_rodzinny.zlotowka_za_zlotowke"
    assert zlotowka.article == "art. 5 ust. 3a u.ś.r."
    assert "104,00 zł" in zlotowka.text
    assert "115,00 zł" in zlotowka.text


def test_below_twenty_zloty_cites_the_minimum() -> None:
    household = family(parent("17424.12"), member("a", D(2014, 1, 1)))
    result = zasilek_rodzinny.oblicz(household, DAY, params(DAY))
    assert not result.eligible
    assert result.amount == Decimal("0.00")
    assert result.reasons[-1].code == "zasilek_rodzinny.zlotowka_za_zlotowke.ponizej_minimum"
    assert result.reasons[-1].article == "art. 5 ust. 3c u.ś.r."
    assert "19,99 zł" in result.reasons[-1].text


def test_before_2016_an_income_over_the_threshold_takes_the_right_away() -> None:
    day = D(2015, 6, 1)
    result = zasilek_rodzinny.oblicz(
        family(parent("14400"), member("a", D(2012, 1, 1))), day, params(day)
    )
    assert not result.eligible
    assert codes(result)[-1] == "zasilek_rodzinny.przekroczenie"
    assert result.reasons[-1].article == "art. 5 ust. 1 u.ś.r."


def test_the_higher_threshold_for_a_disabled_child_is_cited() -> None:
    household = family(parent(), member("a", D(2014, 1, 1), disability="significant"))
    result = zasilek_rodzinny.oblicz(household, DAY, params(DAY))
    assert "zasilek_rodzinny.kryterium.niepelnosprawne_dziecko" in codes(result)
    assert result.reasons[-1].article == "art. 5 ust. 2 u.ś.r."
    assert result.criterion == Decimal("1528.00")


def test_the_amount_per_child_cites_the_age_band() -> None:
    household = family(
        parent(),
        member("maly", D(2021, 1, 1)),
        member("sredni", D(2014, 1, 1)),
        member("duzy", D(2004, 1, 1), disability="moderate"),
    )
    result = zasilek_rodzinny.oblicz(household, DAY, params(DAY))
    articles = [r.article for r in result.reasons if r.code == "zasilek_rodzinny.kwota"]
    assert articles == [
        "art. 6 ust. 2 pkt 1 u.ś.r.",
        "art. 6 ust. 2 pkt 2 u.ś.r.",
        "art. 6 ust. 2 pkt 3 u.ś.r.",
    ]
    assert result.amount == Decimal("354.00")  # 95 + 124 + 135


def test_the_applicant_is_never_a_child() -> None:
    student = member("student", D(2004, 1, 1), applicant=True, disability="significant")
    result = zasilek_rodzinny.oblicz(family(student), DAY, params(DAY))
    assert not result.eligible
    assert codes(result)[-1] == "zasilek_rodzinny.brak_dziecka"


def test_an_unknown_supplement_is_an_input_error_on_supplements() -> None:
    household = family(parent(), member("a", D(2014, 1, 1)), supplements=("bon",))
    with pytest.raises(RulesInputError) as error:
        zasilek_rodzinny.oblicz(household, DAY, params(DAY))
    assert error.value.field == "household.supplements"
    assert "'bon'" in error.value.message


def test_a_repeated_supplement_counts_once() -> None:
    household = family(
        parent(), member("a", D(2014, 1, 1)), supplements=("urodzenie_dziecka", "urodzenie_dziecka")
    )
    assert zasilek_rodzinny.oblicz(household, DAY, params(DAY)).amount == Decimal("1124.00")


def test_rehabilitation_supplement_without_a_disabled_child_is_zero() -> None:
    household = family(
        parent(), member("a", D(2014, 1, 1)), supplements=("ksztalcenie_rehabilitacja",)
    )
    result = zasilek_rodzinny.oblicz(household, DAY, params(DAY))
    assert result.amount == Decimal("124.00")
    (reason,) = (r for r in result.reasons if r.code.endswith("ksztalcenie_rehabilitacja"))
    assert "brak dziecka niepełnosprawnego" in reason.text
    assert reason.article == "art. 13 u.ś.r."


@pytest.mark.parametrize(
    ("supplement", "article"),
    [
        ("urodzenie_dziecka", "art. 9 u.ś.r."),
        ("opieka_w_okresie_urlopu_wychowawczego", "art. 10 u.ś.r."),
        ("samotne_wychowywanie", "art. 11a u.ś.r."),
        ("wielodzietnosc", "art. 12a u.ś.r."),
        ("ksztalcenie_rehabilitacja", "art. 13 u.ś.r."),
        ("rozpoczecie_roku_szkolnego", "art. 14 u.ś.r."),
        ("nauka_poza_miejscem_zamieszkania_zamieszkanie", "art. 15 u.ś.r."),
        ("nauka_poza_miejscem_zamieszkania_dojazd", "art. 15 u.ś.r."),
    ],
)
def test_each_supplement_cites_its_article(supplement: str, article: str) -> None:
    household = family(parent(), member("a", D(2014, 1, 1)), supplements=(supplement,))
    result = zasilek_rodzinny.oblicz(household, DAY, params(DAY))
    (reason,) = (r for r in result.reasons if r.code == f"zasilek_rodzinny.dodatek.{supplement}")
    assert reason.article == article


def test_a_supplement_before_its_parameter_exists_is_missing() -> None:
    day = D(2016, 6, 1)
    household = family(parent(), member("a", D(2010, 1, 1)), supplements=("wielodzietnosc",))
    with pytest.raises(MissingParameterError) as error:
        zasilek_rodzinny.oblicz(household, day, params(day))
    assert error.value.name == "swiadczenia_rodzinne.dodatki.wielodzietnosc"


def test_single_parenting_before_november_2016_needs_no_disability_parameter() -> None:
    day = D(2016, 6, 1)
    household = family(parent(), member("a", D(2010, 1, 1)), supplements=("samotne_wychowywanie",))
    assert zasilek_rodzinny.oblicz(household, day, params(day)).amount == Decimal("303.00")


def test_a_what_if_threshold_is_used() -> None:
    day = D(2025, 1, 1)
    changed = default_parameters().with_values(
        day, {zasilek_rodzinny.PROG_DOCHODOWY: Decimal("800")}
    )
    household = family(parent("18000"), member("a", D(2014, 1, 1)))  # 750 zł per person
    result = zasilek_rodzinny.oblicz(household, DAY.replace(year=2025), changed.at(day))
    assert result.eligible
    assert result.amount == Decimal("124.00")
    assert result.criterion == Decimal("1600.00")


# --- becikowe ------------------------------------------------------------------------------------


def test_becikowe_before_2013_has_no_criterion() -> None:
    day = D(2010, 3, 1)
    result = becikowe.oblicz(family(parent("90000"), member("a", D(2010, 1, 1))), day, params(day))
    assert result.eligible
    assert result.amount == Decimal("1000.00")
    assert result.criterion is None
    assert codes(result) == [
        "swiadczenia_rodzinne.dochod_rodziny",
        "becikowe.bez_kryterium",
        "becikowe.kwota",
    ]


def test_becikowe_over_the_threshold_says_zlotowka_does_not_apply() -> None:
    result = becikowe.oblicz(family(parent("90000"), member("a", D(2024, 4, 1))), DAY, params(DAY))
    assert not result.eligible
    assert result.amount == Decimal("0.00")
    assert result.reasons[-1].code == "becikowe.przekroczenie"
    assert "złotówka za" in result.reasons[-1].text
    assert result.reasons[1].article == "art. 15b ust. 2 u.ś.r."


def test_becikowe_without_a_child_under_one() -> None:
    result = becikowe.oblicz(family(parent(), member("a", D(2014, 1, 1))), DAY, params(DAY))
    assert not result.eligible
    assert result.reasons[-1].code == "becikowe.brak_dziecka"


def test_the_applicant_newborn_is_not_counted_for_becikowe() -> None:
    baby = member("niemowle", D(2024, 1, 1), applicant=True)
    assert not becikowe.oblicz(family(baby), DAY, params(DAY)).eligible


def test_becikowe_before_2006_is_missing() -> None:
    day = D(2005, 6, 1)
    with pytest.raises(MissingParameterError):
        becikowe.oblicz(family(parent(), member("a", D(2005, 5, 1))), day, params(day))


# --- zasiłek pielęgnacyjny -----------------------------------------------------------------------


def test_care_allowance_reasons_name_each_ground() -> None:
    household = family(
        member("senior", D(1940, 1, 1), applicant=True),
        member("dorosly", D(1980, 1, 1), disability="significant"),
        member("dziecko", D(2015, 1, 1), disability="moderate"),
        member("zdrowy", D(2016, 1, 1)),
    )
    result = zasilek_pielegnacyjny.oblicz(household, DAY, params(DAY))
    assert result.amount == Decimal("647.52")
    assert [(r.code, r.article) for r in result.reasons] == [
        ("zasilek_pielegnacyjny.wiek_75", "art. 16 ust. 3 u.ś.r."),
        ("zasilek_pielegnacyjny.znaczny_stopien", "art. 16 ust. 2 pkt 2 u.ś.r."),
        ("zasilek_pielegnacyjny.niepelnosprawne_dziecko", "art. 16 ust. 2 pkt 1 u.ś.r."),
        ("zasilek_pielegnacyjny.kwota", "art. 16 ust. 4 u.ś.r."),
    ]
    assert result.income is None
    assert result.criterion is None


def test_care_allowance_is_not_income_tested() -> None:
    rich = member(
        "osoba", D(1960, 1, 1), applicant=True, disability="significant", annual_income="1000000"
    )
    assert zasilek_pielegnacyjny.oblicz(family(rich), DAY, params(DAY)).amount == Decimal("215.84")


def test_care_allowance_for_nobody() -> None:
    result = zasilek_pielegnacyjny.oblicz(family(parent()), DAY, params(DAY))
    assert not result.eligible
    assert codes(result) == ["zasilek_pielegnacyjny.brak_uprawnionego"]


def test_care_allowance_before_2004_is_missing() -> None:
    day = D(2004, 4, 30)
    with pytest.raises(MissingParameterError):
        zasilek_pielegnacyjny.oblicz(family(parent()), day, params(day))


# --- świadczenie pielęgnacyjne -------------------------------------------------------------------


def test_carers_benefit_before_2015_is_missing() -> None:
    day = D(2014, 12, 31)
    household = family(
        parent(cares_for=("a",)), member("a", D(2010, 1, 1), disability="significant")
    )
    with pytest.raises(MissingParameterError) as error:
        swiadczenie_pielegnacyjne.oblicz(household, day, params(day))
    assert error.value.name == swiadczenie_pielegnacyjne.KWOTA


def test_carers_benefit_from_2024_counts_only_disabled_children() -> None:
    household = family(
        parent(cares_for=("a", "b", "c", "babcia")),
        member("a", D(2014, 1, 1), disability="significant"),
        member("b", D(2016, 1, 1)),
        member("c", D(2018, 1, 1), disability="moderate"),
        member("babcia", D(1940, 1, 1), disability="significant"),
    )
    result = swiadczenie_pielegnacyjne.oblicz(household, DAY, params(DAY))
    assert result.eligible
    assert result.amount == Decimal("5976.00")
    assert codes(result) == ["swiadczenie_pielegnacyjne.opiekun", "swiadczenie_pielegnacyjne.kwota"]
    assert result.reasons[1].article == "art. 17 ust. 3a u.ś.r."
    assert "100 %" in result.reasons[1].text


def test_carers_benefit_the_first_carer_counts() -> None:
    household = family(
        parent(cares_for=("a",)),
        member("a", D(2014, 1, 1)),
        member("b", D(2000, 1, 1), cares_for=("c",)),
        member("c", D(2015, 1, 1), disability="significant"),
    )
    result = swiadczenie_pielegnacyjne.oblicz(household, DAY, params(DAY))
    assert not result.eligible
    assert result.reasons[1].code == "swiadczenie_pielegnacyjne.brak_niepelnosprawnego_dziecka"


def test_carers_benefit_before_2024_for_a_person_without_disability() -> None:
    day = D(2023, 6, 1)
    household = family(parent(cares_for=("a",)), member("a", D(1950, 1, 1)))
    result = swiadczenie_pielegnacyjne.oblicz(household, day, params(day))
    assert not result.eligible
    assert result.amount == Decimal("0.00")
    assert result.reasons[1].code == "swiadczenie_pielegnacyjne.brak_niepelnosprawnego"


def test_carers_benefit_without_a_carer() -> None:
    result = swiadczenie_pielegnacyjne.oblicz(family(parent()), DAY, params(DAY))
    assert not result.eligible
    assert codes(result) == ["swiadczenie_pielegnacyjne.brak_opiekuna"]


# --- the registry --------------------------------------------------------------------------------


def test_every_benefit_is_registered_by_its_case_name() -> None:
    assert {
        "zasilek_rodzinny": zasilek_rodzinny.oblicz,
        "becikowe": becikowe.oblicz,
        "zasilek_pielegnacyjny": zasilek_pielegnacyjny.oblicz,
        "swiadczenie_pielegnacyjne": swiadczenie_pielegnacyjne.oblicz,
    } == OBLICZENIA
