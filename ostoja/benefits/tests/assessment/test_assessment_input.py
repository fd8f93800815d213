# mypy: allow-untyped-decorators
"""The adapter from the registry and the application to the rules' input (`build_input`), and
the rules' household as JSON."""

import datetime
import json
import re
from dataclasses import replace
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from ostoja.accounts.models import Area, User
from ostoja.benefits.assessment_input import build_input, household_to_json
from ostoja.benefits.catalogue import Benefit
from ostoja.benefits.tests.assessment.factories import (
    Someone,
    application_for,
    facts,
    family,
    income,
    members_of,
)
from ostoja.registry.models import Household, Relation
from ostoja.rules import household as rules
from ostoja.rules.catalogues import BENEFITS_RECEIVED, INCOME_KINDS, RELATIONS

ZS = Benefit.ZASILEK_STALY.value
ZR = Benefit.ZASILEK_RODZINNY.value
MOTHER = Someone(datetime.date(1985, 3, 2), "K", Relation.APPLICANT, "Maria")
FATHER = Someone(datetime.date(1983, 7, 9), "M", Relation.SPOUSE, "Piotr")
SON = Someone(datetime.date(2012, 5, 6), "M", Relation.CHILD, "Adam")
DAUGHTER = Someone(datetime.date(2016, 9, 1), "K", Relation.CHILD, "Ewa")


# ---------------------------------------------------------------------------------------------
# The household as JSON: the rules' schema, both ways
# ---------------------------------------------------------------------------------------------

amounts = st.decimals(min_value=0, max_value=100_000, places=2)
days = st.dates(datetime.date(1920, 1, 1), datetime.date(2030, 12, 31))
codes = st.sampled_from(["wielodzietnosc", "urodzenie_dziecka", "samotne_wychowywanie"])


@st.composite
def members(draw: st.DrawFn, index: int, applicant: bool) -> rules.Member:
    incomes = st.builds(
        rules.Income,
        kind=st.sampled_from(sorted(INCOME_KINDS)),
        amount=amounts,
        tax=amounts,
        health=amounts,
        social=amounts,
    )
    return rules.Member(
        id=f"o{index}",
        birth_date=draw(days),
        sex=draw(st.sampled_from(["K", "M"])),
        applicant=applicant,
        relation=None if applicant else draw(st.none() | st.sampled_from(RELATIONS)),
        incapacity=draw(st.none() | st.sampled_from(["none", "age", "total"])),
        disability=draw(st.sampled_from(["none", "certificate", "moderate", "significant"])),
        care_indications=draw(st.booleans()),
        in_education=draw(st.none() | st.booleans()),
        married=draw(st.booleans()),
        under_legal_guardian=draw(st.booleans()),
        has_own_child=draw(st.booleans()),
        incomes=tuple(draw(st.lists(incomes, max_size=3))),
        alimony_paid=draw(amounts),
        annual_income=draw(amounts),
        annual_alimony_paid=draw(amounts),
        benefits_received=tuple(
            draw(st.lists(st.sampled_from(sorted(BENEFITS_RECEIVED)), max_size=2))
        ),
        supplements=tuple(draw(st.lists(codes, max_size=2))),
    )


@st.composite
def households(draw: st.DrawFn) -> rules.Household:
    size = draw(st.integers(min_value=1, max_value=5))
    people = [draw(members(index, index == 1)) for index in range(1, size + 1)]
    if size > 1:
        cared = draw(st.lists(st.sampled_from([m.id for m in people[1:]]), unique=True))
        people[0] = replace(people[0], cares_for=tuple(cared))
    month = draw(st.none() | days.map(lambda day: day.replace(day=1)))
    return rules.Household(
        members=tuple(people),
        farm_hectares=draw(st.decimals(min_value=0, max_value=999, places=4)),
        supplements=tuple(draw(st.lists(codes, max_size=2))),
        income_month=month,
        base_year=None if month else draw(st.none() | st.integers(1990, 2030)),
    )


@given(households())
def test_the_json_gives_back_the_same_household(household: rules.Household) -> None:
    data = household_to_json(household)
    assert rules.household_from_dict(json.loads(json.dumps(data))) == household


def test_the_json_leaves_out_what_the_schema_takes_by_default() -> None:
    member = rules.Member(id="o1", birth_date=datetime.date(1950, 3, 1), sex="K", applicant=True)
    data = household_to_json(rules.Household(members=(member,)))
    assert data == {
        "members": [{"id": "o1", "birth_date": "1950-03-01", "sex": "K", "applicant": True}]
    }


# ---------------------------------------------------------------------------------------------
# build_input
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def parents_with_two(area_north: Area) -> Household:
    return family(area=area_north, members=[MOTHER, FATHER, SON, DAUGHTER])


def test_members_are_numbered_in_membership_order_and_carry_no_personal_data(
    parents_with_two: Household, clerk: User
) -> None:
    people = members_of(parents_with_two)
    application = application_for(
        parents_with_two,
        [Benefit.ZASILEK_CELOWY],
        received_on=datetime.date(2025, 3, 10),
        handled_by=clerk,
    )
    built = build_input(application, Benefit.ZASILEK_CELOWY)
    assert [m.id for m in built.household.members] == ["o1", "o2", "o3", "o4"]
    assert dict(built.persons) == {f"o{i}": p.pk for i, p in enumerate(people, 1)}
    text = json.dumps(built.household_json, ensure_ascii=False)
    for person in people:
        assert person.pesel
        assert person.pesel not in text
        assert person.first_names not in text
        assert person.surname not in text
    assert parents_with_two.street not in text
    assert not re.search(r"\d{11}", text)


def test_social_assistance_reads_the_month_before_receipt_or_the_month_stated(
    parents_with_two: Household, clerk: User
) -> None:
    mother = members_of(parents_with_two)[0]
    income(mother, datetime.date(2025, 2, 1), "1800.00")
    income(mother, datetime.date(2025, 3, 1), "0.00", kind="zasilek_dla_bezrobotnych")
    received = datetime.date(2025, 3, 10)
    default = application_for(
        parents_with_two, [Benefit.ZASILEK_CELOWY], received_on=received, handled_by=clerk
    )
    built = build_input(default, Benefit.ZASILEK_CELOWY)
    # Art. 8 ust. 3 u.p.s.: the month before the application, February 2025.
    assert built.day == received
    assert (built.period_kind, built.period_start, built.period_end) == (
        "miesiac",
        datetime.date(2025, 2, 1),
        datetime.date(2025, 2, 28),
    )
    assert built.household.income_month == datetime.date(2025, 2, 1)
    assert [i.amount for i in built.household.members[0].incomes] == [Decimal("1800.00")]
    # Income lost: the month of the application, when the application says so.
    lost = application_for(
        parents_with_two,
        [Benefit.ZASILEK_CELOWY],
        received_on=received,
        handled_by=clerk,
        income_month=datetime.date(2025, 3, 1),
    )
    built = build_input(lost, Benefit.ZASILEK_CELOWY)
    assert built.period_start == datetime.date(2025, 3, 1)
    assert [i.kind for i in built.household.members[0].incomes] == ["zasilek_dla_bezrobotnych"]


def test_family_benefits_apply_the_law_of_the_first_day_of_the_period_applied_for_ahead(
    parents_with_two: Household, clerk: User
) -> None:
    mother = members_of(parents_with_two)[0]
    income(mother, datetime.date(2024, 8, 1), "5000.00")
    application = application_for(
        parents_with_two,
        [ZR],
        received_on=datetime.date(2024, 9, 16),
        handled_by=clerk,
        benefit_period_start=datetime.date(2024, 11, 1),
    )
    facts(application, mother, annual_income=Decimal("30000.00"))
    built = build_input(application, ZR)
    # Filed in September for the period from 1 November 2024: the right runs from that day; the
    # base year is 2023, the calendar year before the period (art. 3 pkt 23 u.ś.r.).
    assert built.day == datetime.date(2024, 11, 1)
    assert (built.period_kind, built.period_start, built.period_end) == (
        "rok_bazowy",
        datetime.date(2023, 1, 1),
        datetime.date(2023, 12, 31),
    )
    assert built.household.base_year == 2023
    first = built.household.members[0]
    assert first.annual_income == Decimal("30000.00")
    assert first.incomes == ()  # the registry's monthly incomes are not family benefits' income


def test_family_benefits_within_the_period_apply_the_law_of_the_day_of_receipt(
    parents_with_two: Household, clerk: User
) -> None:
    application = application_for(
        parents_with_two,
        [ZR],
        received_on=datetime.date(2025, 2, 10),
        handled_by=clerk,
        benefit_period_start=datetime.date(2024, 11, 1),
    )
    built = build_input(application, ZR)
    assert built.day == datetime.date(2025, 2, 10)
    assert built.household.base_year == 2023


@pytest.mark.parametrize("start", [datetime.date(2023, 11, 1), datetime.date(2024, 10, 1)])
def test_a_benefit_period_that_ended_or_does_not_start_there_is_refused(
    parents_with_two: Household, clerk: User, start: datetime.date
) -> None:
    application = application_for(
        parents_with_two,
        [ZR],
        received_on=datetime.date(2024, 11, 20),
        handled_by=clerk,
        benefit_period_start=start,
    )
    with pytest.raises(ValidationError) as refused:
        build_input(application, ZR)
    assert set(refused.value.message_dict) == {"benefit_period_start"}


def test_the_facts_stated_are_laid_over_the_registry(
    parents_with_two: Household, clerk: User
) -> None:
    mother, _father, son, daughter = members_of(parents_with_two)
    application = application_for(
        parents_with_two, [ZR], received_on=datetime.date(2025, 2, 10), handled_by=clerk
    )
    facts(
        application,
        mother,
        annual_income=Decimal("24000.00"),
        cares_for=[daughter.pk],
        benefits_received=["swiadczenie_pielegnacyjne"],
        supplements=["samotne_wychowywanie"],
    )
    facts(
        application,
        son,
        in_education=True,
        supplements=["rozpoczecie_roku_szkolnego", "wielodzietnosc"],
    )
    facts(application, daughter, disability="significant", incapacity="total")
    built = build_input(application, ZR)
    o1, o2, o3, o4 = built.household.members
    assert o1.annual_income == Decimal("24000.00")
    assert o1.cares_for == ("o4",)
    assert o1.benefits_received == ("swiadczenie_pielegnacyjne",)
    # The family's supplements (art. 11a and 12a u.ś.r.) are the household's, each once; the
    # per-child one stays with the child.
    assert built.household.supplements == ("samotne_wychowywanie", "wielodzietnosc")
    assert o1.supplements == ()
    assert o3.supplements == ("rozpoczecie_roku_szkolnego",)
    assert o3.in_education is True
    assert o2.in_education is None  # nothing stated: the rules' "not said"
    assert (o4.disability, o4.incapacity) == ("significant", "total")
    assert o2.incapacity is None  # empty: by age on the day


def test_a_person_cared_for_outside_the_family_is_refused(
    parents_with_two: Household, area_south: Area, clerk: User
) -> None:
    stranger = members_of(family(area=area_south, members=[MOTHER]))[0]
    application = application_for(
        parents_with_two, [ZR], received_on=datetime.date(2025, 2, 10), handled_by=clerk
    )
    facts(application, members_of(parents_with_two)[0], cares_for=[stranger.pk])
    with pytest.raises(ValidationError) as refused:
        build_input(application, ZR)
    assert set(refused.value.message_dict) == {"cares_for"}


def test_the_heads_spouse_applying_sees_the_relations_from_her_side(
    area_north: Area, clerk: User
) -> None:
    father_head = Someone(datetime.date(1983, 7, 9), "M", Relation.APPLICANT, "Piotr")
    wife = Someone(datetime.date(1985, 3, 2), "K", Relation.SPOUSE, "Maria")
    grandmother = Someone(datetime.date(1950, 1, 1), "K", Relation.PARENT, "Zofia")
    household = family(area=area_north, members=[father_head, wife, SON, grandmother])
    _, applicant, _, _ = members_of(household)
    application = application_for(
        household,
        [ZR],
        received_on=datetime.date(2025, 2, 10),
        handled_by=clerk,
        applicant=applicant,
    )
    o1, o2, o3, o4 = build_input(application, ZR).household.members
    assert [m.applicant for m in (o1, o2, o3, o4)] == [False, True, False, False]
    # To the wife: her husband, the couple's son, her mother-in-law (another relative).
    assert (o1.relation, o2.relation, o3.relation, o4.relation) == (
        "malzonek",
        None,
        "dziecko",
        "inny_krewny",
    )


def test_a_member_other_than_the_head_or_spouse_applies_for_social_assistance_only(
    area_north: Area, clerk: User
) -> None:
    grandmother_head = Someone(datetime.date(1950, 1, 1), "K", Relation.APPLICANT, "Zofia")
    daughter = Someone(datetime.date(1985, 3, 2), "K", Relation.CHILD, "Maria")
    grandson = Someone(datetime.date(2012, 5, 6), "M", Relation.GRANDCHILD, "Adam")
    household = family(area=area_north, members=[grandmother_head, daughter, grandson])
    _, applicant, _ = members_of(household)
    social = application_for(
        household,
        [ZS],
        received_on=datetime.date(2025, 2, 10),
        handled_by=clerk,
        applicant=applicant,
    )
    o1, o2, o3 = build_input(social, ZS).household.members
    assert [m.applicant for m in (o1, o2, o3)] == [False, True, False]
    # Her mother is her parent; whether the grandson is her son the registry does not say.
    assert (o1.relation, o2.relation, o3.relation) == ("rodzic", None, None)
    family_benefit = application_for(
        household,
        [ZR],
        received_on=datetime.date(2025, 2, 10),
        handled_by=clerk,
        applicant=applicant,
    )
    with pytest.raises(ValidationError) as refused:
        build_input(family_benefit, ZR)
    assert set(refused.value.message_dict) == {"applicant"}


def test_an_applicant_who_is_not_a_member_on_the_day_is_refused(
    parents_with_two: Household, area_south: Area, clerk: User
) -> None:
    stranger = members_of(family(area=area_south, members=[MOTHER]))[0]
    application = application_for(
        parents_with_two,
        [ZS],
        received_on=datetime.date(2025, 2, 10),
        handled_by=clerk,
        applicant=stranger,
    )
    with pytest.raises(ValidationError) as refused:
        build_input(application, ZS)
    assert set(refused.value.message_dict) == {"applicant"}


def test_a_family_without_members_on_the_day_is_refused(area_north: Area, clerk: User) -> None:
    household = family(area=area_north, members=[MOTHER], since=datetime.date(2025, 6, 1))
    application = application_for(
        household, [ZS], received_on=datetime.date(2025, 2, 10), handled_by=clerk
    )
    with pytest.raises(ValidationError) as refused:
        build_input(application, ZS)
    assert set(refused.value.message_dict) == {"household"}
