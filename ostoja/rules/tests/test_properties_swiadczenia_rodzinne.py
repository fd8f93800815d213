"""Properties of the family benefits over generated households: amounts are never negative,
more income never brings more money (zasiłek rodzinny, becikowe), and any two days inside one
parameter period give the same result when nobody has a birthday in between."""

import datetime
import itertools
from decimal import Decimal

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from ostoja.rules.household import DISABILITIES, Household, Member
from ostoja.rules.parameters import default_parameters
from ostoja.rules.swiadczenia_rodzinne import OBLICZENIA, becikowe, zasilek_rodzinny
from ostoja.rules.swiadczenia_rodzinne.zasilek_rodzinny import DODATKI_ZASILKU

D = datetime.date
# From 1 November 2016 every parameter the four benefits read has a value.
ALL_DEFINED = D(2016, 11, 1)
LAST_DAY = D(2026, 12, 31)
FORMULA_CHANGES = (D(2013, 1, 1), D(2016, 1, 1), D(2024, 1, 1))

incomes = st.decimals(min_value=0, max_value=200_000, places=2, allow_nan=False)
disabilities = st.sampled_from(DISABILITIES)
supplements = st.lists(st.sampled_from(sorted(DODATKI_ZASILKU)), unique=True, max_size=4)


@st.composite
def households(
    draw: st.DrawFn,
    day: datetime.date,
    *,
    with_supplements: bool = True,
) -> Household:
    """1–6 members born on or before `day`; the first is the applicant and may be a carer."""
    size = draw(st.integers(min_value=1, max_value=6))
    ids = [f"m{index}" for index in range(size)]
    members = []
    for index, member_id in enumerate(ids):
        others = [other for other in ids if other != member_id]
        cares_for = draw(st.lists(st.sampled_from(others), unique=True)) if others else []
        members.append(
            Member(
                id=member_id,
                birth_date=draw(st.dates(min_value=D(1925, 1, 1), max_value=day)),
                sex=draw(st.sampled_from(("K", "M"))),
                applicant=index == 0,
                disability=draw(disabilities),
                annual_income=draw(incomes),
                cares_for=tuple(cares_for) if index == 0 else (),
            )
        )
    return Household(
        members=tuple(members),
        supplements=tuple(draw(supplements)) if with_supplements else (),
    )


def with_more_income(household: Household, index: int, extra: Decimal) -> Household:
    members = list(household.members)
    chosen = members[index % len(members)]
    members[index % len(members)] = Member(
        id=chosen.id,
        birth_date=chosen.birth_date,
        sex=chosen.sex,
        applicant=chosen.applicant,
        disability=chosen.disability,
        annual_income=chosen.annual_income + extra,
        cares_for=chosen.cares_for,
    )
    return Household(members=tuple(members), supplements=household.supplements)


@settings(max_examples=150, deadline=None)
@given(data=st.data(), benefit=st.sampled_from(sorted(OBLICZENIA)))
def test_amounts_are_never_negative(data: st.DataObject, benefit: str) -> None:
    day = data.draw(st.dates(min_value=ALL_DEFINED, max_value=LAST_DAY))
    household = data.draw(households(day))
    result = OBLICZENIA[benefit](household, day, default_parameters().at(day))
    assert result.amount is not None
    assert result.amount >= 0
    assert result.eligible == (result.amount > 0)


@settings(max_examples=150, deadline=None)
@given(
    data=st.data(),
    index=st.integers(min_value=0, max_value=5),
    extra=st.decimals(min_value=Decimal("0.01"), max_value=50_000, places=2),
)
def test_more_income_never_gives_more_zasilek_rodzinny(
    data: st.DataObject, index: int, extra: Decimal
) -> None:
    day = data.draw(st.dates(min_value=D(2004, 5, 1), max_value=LAST_DAY))
    household = data.draw(households(day, with_supplements=day >= ALL_DEFINED))
    params = default_parameters().at(day)
    before = zasilek_rodzinny.oblicz(household, day, params)
    after = zasilek_rodzinny.oblicz(with_more_income(household, index, extra), day, params)
    assert before.amount is not None
    assert after.amount is not None
    assert after.amount <= before.amount
    assert not after.eligible or before.eligible


@settings(max_examples=150, deadline=None)
@given(
    data=st.data(),
    index=st.integers(min_value=0, max_value=5),
    extra=st.decimals(min_value=Decimal("0.01"), max_value=50_000, places=2),
)
def test_more_income_never_gives_more_becikowe(
    data: st.DataObject, index: int, extra: Decimal
) -> None:
    day = data.draw(st.dates(min_value=D(2006, 1, 1), max_value=LAST_DAY))
    household = data.draw(households(day, with_supplements=False))
    params = default_parameters().at(day)
    before = becikowe.oblicz(household, day, params)
    after = becikowe.oblicz(with_more_income(household, index, extra), day, params)
    assert before.amount is not None
    assert after.amount is not None
    assert after.amount <= before.amount


def periods() -> list[tuple[datetime.date, datetime.date]]:
    """[start, end) of each stretch from ALL_DEFINED on in which no family-benefit parameter
    and no formula changes."""
    changes = {ALL_DEFINED, LAST_DAY, *FORMULA_CHANGES}
    for name, parameter in default_parameters().parameters.items():
        if name.startswith("swiadczenia_rodzinne."):
            changes.update(value.start for value in parameter.values)
    bounds = sorted(day for day in changes if ALL_DEFINED <= day <= LAST_DAY)
    return list(itertools.pairwise(bounds))


PERIODS = periods()


@st.composite
def fixed_age_members(
    draw: st.DrawFn, first: datetime.date, last: datetime.date, size: int
) -> tuple[Member, ...]:
    """Members none of whom has a birthday in [first, last]: the last birthday is less than a year
    before `first` and the next one comes after `last`. Not on `first` itself: the becikowe
    deadline ends at the end of the first birthday, so that day and the next differ at one age."""
    span = (last - first).days
    members = []
    for index in range(size):
        last_birthday = first - datetime.timedelta(days=draw(st.integers(1, 364 - span)))
        assume((last_birthday.month, last_birthday.day) != (2, 29))
        age = draw(st.integers(min_value=0, max_value=90))
        member_id = f"m{index}"
        cares = [f"m{other}" for other in range(size) if other != index]
        members.append(
            Member(
                id=member_id,
                birth_date=last_birthday.replace(year=last_birthday.year - age),
                sex="K",
                applicant=index == 0,
                disability=draw(disabilities),
                annual_income=draw(incomes),
                cares_for=tuple(draw(st.lists(st.sampled_from(cares), unique=True)))
                if index == 0 and cares
                else (),
            )
        )
    return tuple(members)


@settings(max_examples=150, deadline=None)
@given(data=st.data(), benefit=st.sampled_from(sorted(OBLICZENIA)))
def test_a_date_shift_inside_one_parameter_period_changes_nothing(
    data: st.DataObject, benefit: str
) -> None:
    start, end = data.draw(st.sampled_from(PERIODS))
    first = data.draw(st.dates(min_value=start, max_value=end - datetime.timedelta(days=1)))
    latest = min(end - datetime.timedelta(days=1), first + datetime.timedelta(days=300))
    last = data.draw(st.dates(min_value=first, max_value=latest))
    size = data.draw(st.integers(min_value=1, max_value=5))
    members = data.draw(fixed_age_members(first, last, size))
    household = Household(members=members, supplements=tuple(data.draw(supplements)))
    for member in members:
        assert member.age_on(first) == member.age_on(last)
    compute = OBLICZENIA[benefit]
    assert compute(household, first, default_parameters().at(first)) == compute(
        household, last, default_parameters().at(last)
    )


@settings(max_examples=150, deadline=None)
@given(
    data=st.data(),
    relation=st.sampled_from(("dziadek", "rodzenstwo", "inny_krewny", "niespokrewniony")),
    income=incomes,
    alimony=st.decimals(min_value=0, max_value=50_000, places=2),
)
def test_a_relative_outside_the_family_changes_nothing(
    data: st.DataObject, relation: str, income: Decimal, alimony: Decimal
) -> None:
    """Art. 3 pkt 16: a grandparent, sibling or other person in the household is not counted."""
    day = data.draw(st.dates(min_value=ALL_DEFINED, max_value=LAST_DAY))
    household = data.draw(households(day))
    lodger = Member(
        id="spoza_rodziny",
        birth_date=D(1950, 1, 1),
        sex="M",
        relation=relation,
        disability=data.draw(disabilities),
        annual_income=income,
        annual_alimony_paid=alimony,
    )
    bigger = Household(members=(*household.members, lodger), supplements=household.supplements)
    params = default_parameters().at(day)
    for oblicz in (zasilek_rodzinny.oblicz, becikowe.oblicz):
        before, after = oblicz(household, day, params), oblicz(bigger, day, params)
        assert (after.eligible, after.amount, after.criterion) == (
            before.eligible,
            before.amount,
            before.criterion,
        )


@settings(max_examples=150, deadline=None)
@given(data=st.data(), alimony=st.decimals(min_value="0.01", max_value=50_000, places=2))
def test_alimony_paid_never_gives_less_zasilek_rodzinny(
    data: st.DataObject, alimony: Decimal
) -> None:
    """Art. 3 pkt 1: the alimony paid to others lowers the family's income."""
    day = data.draw(st.dates(min_value=ALL_DEFINED, max_value=LAST_DAY))
    household = data.draw(households(day))
    first = household.members[0]
    payer = Member(
        id=first.id,
        birth_date=first.birth_date,
        sex=first.sex,
        applicant=True,
        disability=first.disability,
        annual_income=first.annual_income,
        annual_alimony_paid=alimony,
        cares_for=first.cares_for,
    )
    paying = Household(members=(payer, *household.members[1:]), supplements=household.supplements)
    params = default_parameters().at(day)
    before = zasilek_rodzinny.oblicz(household, day, params)
    after = zasilek_rodzinny.oblicz(paying, day, params)
    assert before.amount is not None
    assert after.amount is not None
    assert after.amount >= before.amount
    assert after.eligible or not before.eligible
