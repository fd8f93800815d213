"""The input schema: valid households parse, bad ones name the field at fault."""

import datetime
from decimal import Decimal
from typing import Any

import pytest

from ostoja.rules.errors import RulesInputError
from ostoja.rules.household import household_from_dict


def member(**overrides: Any) -> dict[str, Any]:
    return {"id": "a", "applicant": True, "birth_date": "1956-11-02", "sex": "K"} | overrides


def test_a_full_household_parses() -> None:
    household = household_from_dict(
        {
            "farm_hectares": "2.5",
            "supplements": ["wielodzietnosc"],
            "members": [
                member(
                    incapacity="age",
                    disability="moderate",
                    incomes=[
                        {
                            "kind": "emerytura",
                            "amount": "900.00",
                            "tax": "10",
                            "health": "5",
                            "social": "1.5",
                        }
                    ],
                    alimony_paid="100",
                    annual_income="12000",
                    cares_for=["b"],
                ),
                {
                    "id": "b",
                    "birth_date": datetime.date(2010, 1, 1),
                    "sex": "M",
                    "relation": "dziecko",
                    "disability": "certificate",
                    "care_indications": True,
                    "in_education": True,
                    "annual_alimony_paid": "1200.00",
                    "benefits_received": ["renta_socjalna"],
                    "supplements": ["rozpoczecie_roku_szkolnego"],
                },
            ],
            "income_month": "2025-10",
            "base_year": 2024,
        }
    )
    applicant = household.applicant
    assert applicant.id == "a"
    assert household.size == 2
    assert applicant.incomes[0].amount == Decimal("900.00")
    assert applicant.incomes[0].social == Decimal("1.5")
    assert household.member("b").incapacity is None
    assert household.farm_hectares == Decimal("2.5")
    assert household.supplements == ("wielodzietnosc",)
    assert applicant.age_on(datetime.date(2025, 11, 1)) == 68
    assert applicant.age_on(datetime.date(2025, 11, 2)) == 69
    child = household.member("b")
    assert (child.relation, child.disability, child.care_indications, child.in_education) == (
        "dziecko",
        "certificate",
        True,
        True,
    )
    assert child.annual_alimony_paid == Decimal("1200.00")
    assert child.benefits_received == ("renta_socjalna",)
    assert child.supplements == ("rozpoczecie_roku_szkolnego",)
    assert household.income_month == datetime.date(2025, 10, 1)
    assert household.base_year == 2024
    assert applicant.relation is None
    assert applicant.in_education is None


def test_an_age_is_reached_at_the_start_of_the_birthday_and_29_february_on_28_february() -> None:
    # art. 112 k.c.: born 29.02.2008, 18 years are reached on 28.02.2026 (a common year).
    leap = household_from_dict({"members": [member(birth_date="2008-02-29")]}).applicant
    assert leap.age_on(datetime.date(2026, 2, 27)) == 17
    assert leap.age_on(datetime.date(2026, 2, 28)) == 18
    assert leap.age_on(datetime.date(2028, 2, 28)) == 19  # 2028 is a leap year: on the 29th
    assert leap.age_on(datetime.date(2028, 2, 29)) == 20


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ([], "household"),
        ({"members": []}, "household.members"),
        ({"members": "a"}, "household.members"),
        ({"members": ["x"]}, "household.members[0]"),
        ({"members": [member(id="")]}, "household.members[0].id"),
        ({"members": [{"id": "a", "sex": "K"}]}, "household.members[0].birth_date"),
        ({"members": [{"id": "a", "birth_date": "2000-01-01"}]}, "household.members[0].sex"),
        ({"members": [member(sex="X")]}, "household.members[0].sex"),
        ({"members": [member(birth_date="1.1.2000")]}, "household.members[0].birth_date"),
        ({"members": [member(birth_date=20000101)]}, "household.members[0].birth_date"),
        ({"members": [member(incapacity="partial")]}, "household.members[0].incapacity"),
        ({"members": [member(disability="light")]}, "household.members[0].disability"),
        ({"members": [member(incomes=[{"amount": "1"}])]}, "household.members[0].incomes[0].kind"),
        (
            {"members": [member(incomes=[{"kind": "renta"}])]},
            "household.members[0].incomes[0].amount",
        ),
        (
            {"members": [member(incomes=[{"kind": "renta", "amount": "-1"}])]},
            "household.members[0].incomes[0].amount",
        ),
        (
            {"members": [member(incomes=[{"kind": "renta", "amount": "abc"}])]},
            "household.members[0].incomes[0].amount",
        ),
        (
            {"members": [member(incomes=[{"kind": "renta", "amount": "NaN"}])]},
            "household.members[0].incomes[0].amount",
        ),
        (
            {"members": [member(incomes=[{"kind": "renta", "amount": True}])]},
            "household.members[0].incomes[0].amount",
        ),
        ({"members": [member(alimony_paid=[1])]}, "household.members[0].alimony_paid"),
        ({"members": [member(applicant=False)]}, "household.members"),
        ({"members": [member(), member()]}, "household.members"),
        ({"members": [member(), member(id="a", applicant=False)]}, "household.members[1].id"),
        ({"members": [member(cares_for=["z"])]}, "household.members[0].cares_for"),
        ({"members": [member()], "farm_hectares": "-2"}, "household.farm_hectares"),
        ({"members": [member()], "supplements": "wielodzietnosc"}, "household.supplements"),
        # strict input: unknown fields, text booleans, amounts that are not strings of 2 decimals
        ({"members": [member()], "income": []}, "household.income"),
        ({"members": [member(income=[])]}, "household.members[0].income"),
        (
            {"members": [member(incomes=[{"kind": "renta", "amount": "1", "net": "1"}])]},
            "household.members[0].incomes[0].net",
        ),
        ({"members": [member(applicant="false")]}, "household.members[0].applicant"),
        ({"members": [member(in_education="true")]}, "household.members[0].in_education"),
        ({"members": [member(care_indications=1)]}, "household.members[0].care_indications"),
        ({"members": [member(married="tak")]}, "household.members[0].married"),
        ({"members": [member(has_own_child=1)]}, "household.members[0].has_own_child"),
        (
            {"members": [member(under_legal_guardian="false")]},
            "household.members[0].under_legal_guardian",
        ),
        (
            {"members": [member(incomes=[{"kind": "renta", "amount": 900}])]},
            "household.members[0].incomes[0].amount",
        ),
        (
            {"members": [member(incomes=[{"kind": "renta", "amount": "900.001"}])]},
            "household.members[0].incomes[0].amount",
        ),
        (
            {"members": [member(incomes=[{"kind": "renta", "amount": "1e400"}])]},
            "household.members[0].incomes[0].amount",
        ),
        (
            {"members": [member(incomes=[{"kind": "renta", "amount": "9" * 30}])]},
            "household.members[0].incomes[0].amount",
        ),
        (
            {"members": [member(incomes=[{"kind": "renta", "amount": "1000000000.01"}])]},
            "household.members[0].incomes[0].amount",
        ),
        (
            {"members": [member(incomes=[{"kind": "dochod", "amount": "1"}])]},
            "household.members[0].incomes[0].kind",
        ),
        ({"members": [member(cares_for=["a"])]}, "household.members[0].cares_for"),
        ({"members": [member(cares_for=[1])]}, "household.members[0].cares_for[0]"),
        ({"members": [member(relation="kuzyn")]}, "household.members[0].relation"),
        (
            {"members": [member(benefits_received=["800plus"])]},
            "household.members[0].benefits_received[0]",
        ),
        ({"members": [member(supplements=[""])]}, "household.members[0].supplements[0]"),
        ({"members": [member(birth_date="1800-01-01")]}, "household.members[0].birth_date"),
        ({"members": [member(birth_date="2025-02-30")]}, "household.members[0].birth_date"),
        (
            {"members": [member(birth_date=datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC))]},
            "household.members[0].birth_date",
        ),
        ({"members": [member()], "farm_hectares": "2.12345"}, "household.farm_hectares"),
        ({"members": [member()], "income_month": "2025-13"}, "household.income_month"),
        ({"members": [member()], "income_month": "2025-10-01"}, "household.income_month"),
        ({"members": [member()], "base_year": "2024"}, "household.base_year"),
        ({"members": [member()], "base_year": True}, "household.base_year"),
        ({"members": [member()], "base_year": 1800}, "household.base_year"),
        ({"members": [member(id="x" * 65)]}, "household.members[0].id"),
        ({"members": [member(incomes=list(range(101)))]}, "household.members[0].incomes"),
        (
            {"members": [member(), *[member(id=str(i), applicant=False) for i in range(50)]]},
            "household.members",
        ),
    ],
)
def test_bad_input_names_the_field(raw: Any, field: str) -> None:
    with pytest.raises(RulesInputError) as error:
        household_from_dict(raw)
    assert error.value.field == field
    assert str(error.value).startswith(f"{field}: ")
