"""The pure parts of the settings and of the panel: an authorisation's standing on a day, the
example number of a register, and where a segment of an award stands on a day."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ostoja.benefits.catalogue import Act, Benefit
from ostoja.benefits.forms.settings import example_number
from ostoja.benefits.models import Authorisation, Award, AwardFrequency, PaymentMethod
from ostoja.benefits.selectors.awards import SegmentStatus, awards_of_family, segment_status
from ostoja.benefits.views.settings import Standing, authorisation_standing
from ostoja.registry.models import Person

D = datetime.date
DAY = D(2026, 3, 16)


def _authorisation(
    valid_from: datetime.date,
    valid_to: datetime.date | None = None,
    revoked_on: datetime.date | None = None,
) -> Authorisation:
    return Authorisation(
        number="OR.0052.1.2026",
        granted_on=valid_from,
        valid_from=valid_from,
        valid_to=valid_to,
        revoked_on=revoked_on,
        social_assistance=True,
        family_benefits=False,
    )


# ---------------------------------------------------------------------------------------------
# Authorisations
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("valid_from", "valid_to", "revoked_on", "standing", "days_left"),
    [
        # No end and no revocation: valid, no count of days.
        (D(2026, 1, 2), None, None, Standing.VALID, None),
        # Valid until 31 March: 16 → 31 March is 15 days.
        (D(2026, 1, 2), D(2026, 3, 31), None, Standing.VALID, 15),
        # Its last day is today: 0 days left, still valid today.
        (D(2026, 1, 2), D(2026, 3, 16), None, Standing.VALID, 0),
        # Ended yesterday.
        (D(2026, 1, 2), D(2026, 3, 15), None, Standing.EXPIRED, None),
        # Revoked from today: a revocation holds from its day on (`Authorisation.covers`).
        (D(2026, 1, 2), None, D(2026, 3, 16), Standing.REVOKED, None),
        # Revoked from 20 March: last valid 19 March, 16 → 19 March is 3 days.
        (D(2026, 1, 2), None, D(2026, 3, 20), Standing.VALID, 3),
        # Ends 31 March but revoked from 25 March: last valid 24 March, 8 days away.
        (D(2026, 1, 2), D(2026, 3, 31), D(2026, 3, 25), Standing.VALID, 8),
        # Valid from 1 April.
        (D(2026, 4, 1), None, None, Standing.NOT_YET, None),
        # Expired and later revoked too: the revocation is what the list says.
        (D(2025, 1, 2), D(2025, 12, 31), D(2026, 2, 1), Standing.REVOKED, None),
    ],
)
def test_the_standing_of_an_authorisation(
    valid_from: datetime.date,
    valid_to: datetime.date | None,
    revoked_on: datetime.date | None,
    standing: Standing,
    days_left: int | None,
) -> None:
    row = authorisation_standing(_authorisation(valid_from, valid_to, revoked_on), DAY)
    assert (row.standing, row.days_left) == (standing, days_left)


def test_the_last_day_of_a_revoked_authorisation_is_the_day_before() -> None:
    row = authorisation_standing(_authorisation(D(2026, 1, 2), None, D(2026, 3, 20)), DAY)
    assert row.last_day == D(2026, 3, 19)


_days = st.dates(min_value=D(2024, 1, 1), max_value=D(2028, 12, 31))


@given(
    valid_from=_days,
    length=st.one_of(st.none(), st.integers(min_value=0, max_value=900)),
    revoked_after=st.one_of(st.none(), st.integers(min_value=0, max_value=900)),
    day=_days,
)
def test_valid_exactly_when_it_covers_the_day(
    valid_from: datetime.date, length: int | None, revoked_after: int | None, day: datetime.date
) -> None:
    """The list says "valid" on exactly the days the signing would accept it."""
    valid_to = valid_from + datetime.timedelta(days=length) if length is not None else None
    revoked_on = (
        valid_from + datetime.timedelta(days=revoked_after) if revoked_after is not None else None
    )
    authorisation = _authorisation(valid_from, valid_to, revoked_on)
    row = authorisation_standing(authorisation, day)
    assert (row.standing is Standing.VALID) == authorisation.covers(
        act=Act.SOCIAL_ASSISTANCE, day=day
    )
    if row.days_left is not None:
        assert authorisation.covers(
            act=Act.SOCIAL_ASSISTANCE, day=day + datetime.timedelta(days=row.days_left)
        )
        assert not authorisation.covers(
            act=Act.SOCIAL_ASSISTANCE, day=day + datetime.timedelta(days=row.days_left + 1)
        )


# ---------------------------------------------------------------------------------------------
# The example number of a register
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "example"),
    [
        ("{symbol}.{number}.{year}", "GOPS.8311.1.2026"),
        ("{symbol}/{year}/{number}", "GOPS.8311/2026/1"),
        ("  {symbol}-{number}-{year}  ", "GOPS.8311-1-2026"),
    ],
)
def test_the_example_is_the_first_number_of_the_year(pattern: str, example: str) -> None:
    assert example_number(symbol="GOPS.8311", pattern=pattern, year=2026) == (example, "")


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        ("{symbol}.{year}", "Wzór musi zawierać {number}."),
        (
            "{symbol}.{number}",
            "Wzór musi zawierać {year}: numeracja rozpoczyna się od nowa w każdym roku.",
        ),
        ("{symbol}.{number}.{year}.{month}", "We wzorze użyj tylko {symbol}, {number} i {year}."),
        ("{0}.{number}.{year}", "We wzorze użyj tylko {symbol}, {number} i {year}."),
        ("{symbol}.{number}.{year}.{", "We wzorze użyj tylko {symbol}, {number} i {year}."),
    ],
)
def test_a_pattern_that_gives_no_number_says_why(pattern: str, problem: str) -> None:
    assert example_number(symbol="GOPS.8311", pattern=pattern, year=2026) == ("", problem)


@given(
    symbol=st.text(
        alphabet=st.characters(blacklist_characters="{}", blacklist_categories=("Cs", "Cc", "Z")),
        min_size=1,
        max_size=40,
    ),
    year=st.integers(min_value=2000, max_value=2099),
)
def test_the_default_pattern_joins_symbol_number_and_year_with_dots(symbol: str, year: int) -> None:
    assert example_number(symbol=symbol, pattern="{symbol}.{number}.{year}", year=year) == (
        f"{symbol}.1.{year}",
        "",
    )


# ---------------------------------------------------------------------------------------------
# Segments of awards
# ---------------------------------------------------------------------------------------------


def _award(
    pk: int,
    valid_from: datetime.date,
    valid_to: datetime.date | None,
    *,
    suspended: bool = False,
    benefit: str = Benefit.ZASILEK_OKRESOWY,
) -> Award:
    return Award(
        pk=pk,
        person=Person(first_names="Maria", surname="Lipowska"),
        benefit=benefit,
        frequency=AwardFrequency.MONTHLY,
        amount=Decimal("500.00"),
        valid_from=valid_from,
        valid_to=valid_to,
        suspended=suspended,
        method=PaymentMethod.CASH,
    )


@pytest.mark.parametrize(
    ("valid_from", "valid_to", "suspended", "status"),
    [
        (D(2026, 3, 1), D(2026, 8, 31), False, SegmentStatus.IN_FORCE),
        (D(2026, 3, 16), D(2026, 3, 16), False, SegmentStatus.IN_FORCE),  # one day: today
        (D(2026, 3, 1), None, False, SegmentStatus.IN_FORCE),  # until further notice
        (D(2026, 1, 1), D(2026, 3, 15), False, SegmentStatus.ENDED),  # ended yesterday
        (D(2026, 3, 17), D(2026, 8, 31), False, SegmentStatus.UPCOMING),  # starts tomorrow
        # Suspended: not paid, whether the suspension runs now, ended or comes later.
        (D(2026, 3, 1), D(2026, 8, 31), True, SegmentStatus.SUSPENDED),
        (D(2026, 1, 1), D(2026, 2, 28), True, SegmentStatus.SUSPENDED),
        (D(2026, 4, 1), D(2026, 8, 31), True, SegmentStatus.SUSPENDED),
    ],
)
def test_the_status_of_a_segment(
    valid_from: datetime.date,
    valid_to: datetime.date | None,
    suspended: bool,
    status: SegmentStatus,
) -> None:
    assert segment_status(_award(1, valid_from, valid_to, suspended=suspended), DAY) is status


def test_the_family_s_awards_split_in_force_and_the_rest_latest_first() -> None:
    ended = _award(1, D(2025, 9, 1), D(2026, 2, 28))
    now = _award(2, D(2026, 3, 1), D(2026, 8, 31))
    suspended = _award(3, D(2026, 1, 1), D(2026, 1, 31), suspended=True)
    later = _award(4, D(2026, 9, 1), None)
    # In force, by the benefit's name in Polish order: "posiłek" before "zasiłek okresowy".
    meals = _award(5, D(2026, 3, 1), D(2026, 8, 31), benefit=Benefit.POSILEK)
    family = awards_of_family([ended, now, suspended, later, meals], DAY)
    assert [s.award.pk for s in family.in_force] == [5, 2]
    # By the day each began, the latest first: 1 September 2026, 1 January 2026, 1 September 2025.
    assert [(s.award.pk, s.status) for s in family.others] == [
        (4, SegmentStatus.UPCOMING),
        (3, SegmentStatus.SUSPENDED),
        (1, SegmentStatus.ENDED),
    ]
