"""Properties of the social-assistance benefits over generated households (hypothesis)."""

import datetime
from decimal import Decimal

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from ostoja.rules.household import Household, Income, Member
from ostoja.rules.parameters import default_parameters
from ostoja.rules.pomoc_spoleczna import (
    kryterium,
    specjalny_zasilek_celowy,
    zasilek_okresowy,
    zasilek_staly,
)
from ostoja.rules.programy import fepz, posilek

ZERO = Decimal("0")
# Periods in which no parameter of these benefits changes (first day, last day): not across the
# share of 2008, the FUS ages of 2013-2017, the 500+ exclusion of 2016 or the programmes' changes.
PERIODS = [
    (datetime.date(2008, 1, 1), datetime.date(2012, 9, 30)),
    (datetime.date(2019, 1, 1), datetime.date(2020, 11, 25)),
    (datetime.date(2023, 5, 15), datetime.date(2023, 12, 31)),
    (datetime.date(2025, 1, 1), datetime.date(2027, 12, 31)),
]
DAYS = st.dates(datetime.date(2015, 10, 1), datetime.date(2026, 12, 31))
AMOUNTS = st.decimals(min_value=ZERO, max_value=Decimal("5000"), places=2)
KINDS = st.sampled_from(["wynagrodzenie", "emerytura", "zasilek_celowy", "swiadczenie_wychowawcze"])


@st.composite
def households(draw: st.DrawFn) -> Household:
    size = draw(st.integers(1, 5))
    members = []
    for index in range(size):
        incomes = draw(
            st.lists(st.builds(Income, kind=KINDS, amount=AMOUNTS, tax=st.just(ZERO)), max_size=2)
        )
        members.append(
            Member(
                id=f"m{index}",
                birth_date=draw(st.dates(datetime.date(1930, 1, 1), datetime.date(2010, 1, 1))),
                sex=draw(st.sampled_from(["K", "M"])),
                applicant=index == 0,
                incapacity=draw(st.sampled_from([None, "none", "age", "total"])),
                incomes=tuple(incomes),
                alimony_paid=draw(st.sampled_from([ZERO, Decimal("200.00")])),
            )
        )
    hectares = draw(st.sampled_from([ZERO, Decimal("0.99"), Decimal("1"), Decimal("2.5")]))
    return Household(members=tuple(members), farm_hectares=hectares)


def with_more_income(household: Household, extra: Decimal) -> Household:
    """The same household, the applicant earning `extra` more."""
    first, *rest = household.members
    richer = Member(
        id=first.id,
        birth_date=first.birth_date,
        sex=first.sex,
        applicant=True,
        incapacity=first.incapacity,
        incomes=(*first.incomes, Income("wynagrodzenie", extra)),
        alimony_paid=first.alimony_paid,
    )
    return Household(members=(richer, *rest), farm_hectares=household.farm_hectares)


@settings(max_examples=200, deadline=None)
@given(households(), DAYS)
def test_amounts_never_negative(household: Household, day: datetime.date) -> None:
    params = default_parameters().at(day)
    for oblicz in (zasilek_staly.oblicz, zasilek_okresowy.oblicz, specjalny_zasilek_celowy.oblicz):
        result = oblicz(household, day, params)
        for value in (result.amount, result.amount_min, result.amount_max):
            assert value is None or value >= ZERO


@settings(max_examples=200, deadline=None)
@given(households(), DAYS)
def test_zasilek_okresowy_minimum_not_above_maximum(
    household: Household, day: datetime.date
) -> None:
    result = zasilek_okresowy.oblicz(household, day, default_parameters().at(day))
    assert result.amount_min is not None
    assert result.amount_max is not None
    assert result.amount_min <= result.amount_max
    assert result.amount == result.amount_max


@settings(max_examples=300, deadline=None)
@given(
    households(), DAYS, st.decimals(min_value=Decimal("0.01"), max_value=Decimal("2000"), places=2)
)
def test_more_income_never_gives_more_money(
    household: Household, day: datetime.date, extra: Decimal
) -> None:
    params = default_parameters().at(day)
    richer = with_more_income(household, extra)
    for oblicz in (zasilek_staly.oblicz, zasilek_okresowy.oblicz):
        before, after = oblicz(household, day, params), oblicz(richer, day, params)
        assert after.amount is not None
        assert before.amount is not None
        assert after.amount <= before.amount
        assert after.eligible <= before.eligible


@settings(max_examples=200, deadline=None)
@given(households(), st.sampled_from(PERIODS), st.integers(0, 10_000), st.integers(0, 10_000))
def test_same_result_within_one_parameter_period(
    household: Household,
    period: tuple[datetime.date, datetime.date],
    first: int,
    second: int,
) -> None:
    start, end = period
    length = (end - start).days
    day_a = start + datetime.timedelta(days=first % (length + 1))
    day_b = start + datetime.timedelta(days=second % (length + 1))
    benefits = [kryterium.oblicz, zasilek_okresowy.oblicz, specjalny_zasilek_celowy.oblicz]
    if start >= datetime.date(2015, 10, 1):  # the programmes exist in these periods only
        benefits += [fepz.oblicz, posilek.oblicz]
    for oblicz in benefits:
        a = oblicz(household, day_a, default_parameters().at(day_a))
        b = oblicz(household, day_b, default_parameters().at(day_b))
        assert a == b
    # Zasiłek stały depends on age: shift the household with the day so that ages stay the same.
    shifted = _shift(household, day_b - day_a)
    assume(
        all(
            m.age_on(day_a) == s.age_on(day_b)
            for m, s in zip(household.members, shifted.members, strict=True)
        )
    )
    a = zasilek_staly.oblicz(household, day_a, default_parameters().at(day_a))
    b = zasilek_staly.oblicz(shifted, day_b, default_parameters().at(day_b))
    assert (a.eligible, a.amount, a.criterion, a.income) == (
        b.eligible,
        b.amount,
        b.criterion,
        b.income,
    )


def _shift(household: Household, delta: datetime.timedelta) -> Household:
    """Every birth date moved by `delta` (ages can still differ across a 29 February)."""
    members = [
        Member(
            id=member.id,
            birth_date=member.birth_date + delta,
            sex=member.sex,
            applicant=member.applicant,
            incapacity=member.incapacity,
            incomes=member.incomes,
            alimony_paid=member.alimony_paid,
        )
        for member in household.members
    ]
    return Household(members=tuple(members), farm_hectares=household.farm_hectares)
