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
                            "health": 5,
                            "social": 1.5,
                        }
                    ],
                    alimony_paid="100",
                    annual_income="12000",
                    cares_for=["b"],
                ),
                {"id": "b", "birth_date": datetime.date(2010, 1, 1), "sex": "M"},
            ],
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
    ],
)
def test_bad_input_names_the_field(raw: Any, field: str) -> None:
    with pytest.raises(RulesInputError) as error:
        household_from_dict(raw)
    assert error.value.field == field
    assert str(error.value).startswith(f"{field}: ")
