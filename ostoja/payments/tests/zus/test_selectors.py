"""What the pages read: a month before preparation, out of date, declared with a correction to
make; the figures of a year per month and per person."""

from decimal import Decimal

import pytest

from ostoja.payments.models import ZusMonthState
from ostoja.payments.tests.factories import award, change
from ostoja.payments.tests.zus.support import D, accountant, clerk, pay, payer
from ostoja.payments.zus.months import zus_month_declare, zus_month_prepare
from ostoja.payments.zus.registrations import zus_registration_sync
from ostoja.payments.zus.selectors import zus_month_overview, zus_year_figures

pytestmark = pytest.mark.django_db
NOVEMBER, DECEMBER = D(2026, 11, 1), D(2026, 12, 1)


def test_a_month_not_prepared_shows_what_preparing_would_give() -> None:
    granted = award(amount="713.00", valid_from=DECEMBER)
    zus_registration_sync(actor=clerk(), day=D(2026, 12, 2))
    pay(DECEMBER)
    overview = zus_month_overview(D(2026, 12, 15))
    assert overview.zus_month is None
    assert overview.state is None
    assert overview.deadline == D(2027, 1, 5)
    assert overview.rate == Decimal("0.09")
    [line] = overview.lines
    assert (line.person_id, line.base, line.contribution, line.declared) == (
        granted.person_id,
        Decimal("713.00"),
        Decimal("64.17"),
        False,
    )
    assert (overview.person_count, overview.base_total, overview.contribution_total) == (
        1,
        Decimal("713.00"),
        Decimal("64.17"),
    )
    [registration] = overview.registrations
    assert (registration.document, registration.valid_from) == ("ZZA", DECEMBER)
    assert overview.deregistrations == []
    # Nothing of the payer is set yet: the page lists it all (title code, NIP, REGON, name).
    assert len(overview.missing_settings) == 4


def test_a_prepared_month_paid_again_since_is_out_of_date() -> None:
    award(amount="713.00", valid_from=DECEMBER)
    zus_registration_sync(actor=clerk(), day=D(2026, 12, 2))
    pay(DECEMBER)
    zus_month_prepare(actor=clerk(), month=DECEMBER)
    assert not zus_month_overview(DECEMBER).out_of_date
    award(amount="1229.00", valid_from=DECEMBER)
    zus_registration_sync(actor=clerk(), day=D(2026, 12, 3))
    pay(DECEMBER)
    overview = zus_month_overview(DECEMBER)
    assert overview.out_of_date
    # The lines are what was prepared, until it is prepared again.
    assert overview.person_count == 1
    assert overview.state == ZusMonthState.PREPARED


def test_a_declared_month_paid_again_since_shows_the_correction() -> None:
    # November declared at 500.00 (45.00); a top-up of 100.00 for November paid in December:
    # the correction is to 600.00 (54.00).
    first = award(amount="500.00", valid_from=D(2026, 10, 15))
    zus_registration_sync(actor=clerk(), day=D(2026, 11, 2))
    pay(NOVEMBER, today=D(2026, 11, 2))
    payer()
    zus_month_prepare(actor=clerk(), month=NOVEMBER)
    zus_month_declare(actor=accountant(), month=NOVEMBER)
    assert zus_month_overview(NOVEMBER).corrections == []
    change(first, effective_from=NOVEMBER, amount="600.00")
    pay(DECEMBER)
    overview = zus_month_overview(NOVEMBER)
    assert overview.is_declared
    assert not overview.out_of_date
    [correction] = overview.corrections
    assert (
        correction.person_id,
        correction.declared_base,
        correction.paid_base,
        correction.declared_contribution,
        correction.contribution,
    ) == (first.person_id, Decimal("500.00"), Decimal("600.00"), Decimal("45.00"), Decimal("54.00"))
    # The declared lines stay as declared.
    assert [line.contribution for line in overview.lines] == [Decimal("45.00")]
    assert overview.lines[0].declared


def test_the_year_per_month_and_per_person() -> None:
    # November: one person at 500.00 (45.00). December: the same at 500.00 and another at
    # 1 229.00 (110.61): 1 729.00 and 155.61. The year: 2 229.00 and 200.61, two persons.
    first = award(amount="500.00", valid_from=D(2026, 10, 15))
    zus_registration_sync(actor=clerk(), day=D(2026, 11, 2))
    pay(NOVEMBER, today=D(2026, 11, 2))
    zus_month_prepare(actor=clerk(), month=NOVEMBER)
    second = award(amount="1229.00", valid_from=DECEMBER)
    zus_registration_sync(actor=clerk(), day=D(2026, 12, 2))
    pay(DECEMBER)
    zus_month_prepare(actor=clerk(), month=DECEMBER)
    figures = zus_year_figures(2026)
    assert [m.month.month for m in figures.months] == list(range(1, 13))
    last_two = [
        (m.persons, m.base_total, m.contribution_total, m.state) for m in figures.months[10:]
    ]
    assert last_two == [
        (1, Decimal("500.00"), Decimal("45.00"), ZusMonthState.PREPARED),
        (2, Decimal("1729.00"), Decimal("155.61"), ZusMonthState.PREPARED),
    ]
    assert figures.months[0].state is None
    assert (figures.person_count, figures.base_total, figures.contribution_total) == (
        2,
        Decimal("2229.00"),
        Decimal("200.61"),
    )
    by_person = {
        line.person_id: (line.months, line.base_total, line.contribution_total)
        for line in figures.persons
    }
    assert by_person == {
        first.person_id: (2, Decimal("1000.00"), Decimal("90.00")),
        second.person_id: (1, Decimal("1229.00"), Decimal("110.61")),
    }
    assert zus_year_figures(2027).person_count == 0
