"""The deadlines of a benefit case, each expected day walked by hand on the calendar.

Calendar used (weekdays read off a printed calendar; holidays of the ustawa o dniach wolnych od
pracy):
2026: Sat 31.1; Sat 28.2, Sun 1.3, Mon 2.3; Mon 16.3; Mon 6.4 Easter Monday; Thu 16.4; Sat 18.4;
Sun 26.4, Mon 27.4; Thu 30.4; Fri 1.5 holiday, Sat 2.5, Sun 3.5 holiday, Mon 4.5; Sat 16.5,
Mon 18.5; Sat 30.5, Sun 31.5, Mon 1.6; Thu 4.6 Corpus Christi, Fri 5.6; Sun 1.11 All Saints,
Mon 2.11; Wed 11.11 Independence Day, Thu 12.11; Tue 15.12; Thu 24.12 Wigilia (a holiday from
2025), Fri 25.12 and Sat 26.12 Christmas, Sun 27.12, Mon 28.12.
2024: Tue 24.12 was still a working day. 2027: Sun 28.2, Mon 1.3. 2028: Tue 29.2 (leap year).
"""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import translation
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ostoja.benefits.deadlines import (
    APPEAL_DAYS,
    COMPLICATED_SETTLEMENT_MONTHS,
    KEEPING_DAYS,
    SETTLEMENT_MONTHS,
    SKO_TRANSFER_DAYS,
    DeadlineView,
    Pause,
    appeal_deadline,
    day_term_end,
    days_not_counted,
    deemed_delivered_on,
    family_benefit_first_month,
    family_benefit_payment_due_on,
    final_on,
    first_benefit_month,
    month_term_end,
    settlement_calendar_end,
    settlement_due_on,
    settlement_months,
    sko_transfer_due_on,
)
from ostoja.casework.deadlines import DeadlineStatus
from ostoja.core.workdays import holiday_name, next_working_day

D = datetime.date


def test_the_terms_of_the_code() -> None:
    # art. 35 § 3 (one month, two), art. 44 § 1 (14 days), art. 129 § 2 (14), art. 133 (7).
    assert (SETTLEMENT_MONTHS, COMPLICATED_SETTLEMENT_MONTHS) == (1, 2)
    assert (KEEPING_DAYS, APPEAL_DAYS, SKO_TRANSFER_DAYS) == (14, 14, 7)


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        # Art. 57 § 3: February 2026 has no 31st, so Sat 28.2; § 4: Sun 1.3 is free, Mon 2.3.
        pytest.param(D(2026, 1, 31), 1, D(2026, 3, 2), id="no-31-february-then-saturday"),
        # 30.4 + 1 month = Sat 30.5; Sun 31.5; Mon 1.6.
        pytest.param(D(2026, 4, 30), 1, D(2026, 6, 1), id="saturday-30-may"),
        # April has no 31st: Thu 30.4, a working day.
        pytest.param(D(2026, 3, 31), 1, D(2026, 4, 30), id="no-31-april"),
        # Sun 3.5, also the 3 May holiday; Mon 4.5.
        pytest.param(D(2026, 4, 3), 1, D(2026, 5, 4), id="3-may"),
        # Thu 4.6 Corpus Christi; Fri 5.6.
        pytest.param(D(2026, 5, 4), 1, D(2026, 6, 5), id="corpus-christi"),
        # Mon 6.4 Easter Monday; Tue 7.4.
        pytest.param(D(2026, 3, 6), 1, D(2026, 4, 7), id="easter-monday"),
        # Sun 1.11 All Saints; Mon 2.11.
        pytest.param(D(2026, 10, 1), 1, D(2026, 11, 2), id="1-november"),
        # Wed 11.11; Thu 12.11.
        pytest.param(D(2026, 10, 11), 1, D(2026, 11, 12), id="11-november"),
        # Thu 24.12 Wigilia, Fri 25 and Sat 26 Christmas, Sun 27; Mon 28.12.
        pytest.param(D(2026, 11, 24), 1, D(2026, 12, 28), id="wigilia-2026"),
        # Tue 24.12.2024 was a working day.
        pytest.param(D(2024, 11, 24), 1, D(2024, 12, 24), id="wigilia-2024"),
        # 31.12.2027 + 2 months: February 2028 has 29 days, Tue 29.2.
        pytest.param(D(2027, 12, 31), 2, D(2028, 2, 29), id="leap-february"),
        # 31.12.2026 + 2 months: Sun 28.2.2027; Mon 1.3.
        pytest.param(D(2026, 12, 31), 2, D(2027, 3, 1), id="common-february-sunday"),
    ],
)
def test_month_term_end(start: datetime.date, months: int, end: datetime.date) -> None:
    assert month_term_end(start=start, months=months) == end


@pytest.mark.parametrize(
    ("event", "days", "end"),
    [
        # Art. 57 § 1: Fri 17.4 not counted; 18.4 is day 1, 30.4 day 13, Fri 1.5 day 14, a
        # holiday; Sat 2.5, Sun 3.5 holiday; Mon 4.5.
        pytest.param(D(2026, 4, 17), 14, D(2026, 5, 4), id="over-may"),
        # Thu 10.12 + 14 = Thu 24.12; Mon 28.12.
        pytest.param(D(2026, 12, 10), 14, D(2026, 12, 28), id="wigilia-2026"),
        # Tue 10.12.2024 + 14 = Tue 24.12.2024, a working day then.
        pytest.param(D(2024, 12, 10), 14, D(2024, 12, 24), id="wigilia-2024"),
        # Mon 2.3 + 14 = Mon 16.3.
        pytest.param(D(2026, 3, 2), 14, D(2026, 3, 16), id="plain"),
    ],
)
def test_day_term_end(event: datetime.date, days: int, end: datetime.date) -> None:
    assert day_term_end(event_on=event, days=days) == end


def test_a_term_has_a_length() -> None:
    with pytest.raises(ValueError, match="month"):
        month_term_end(start=D(2026, 1, 1), months=0)
    with pytest.raises(ValueError, match="day"):
        day_term_end(event_on=D(2026, 1, 1), days=0)


@pytest.mark.parametrize(
    ("delivered", "deadline"),
    [
        # Art. 129 § 2: Wed 28.10 + 14: 29-31.10 are days 1-3, 11.11 day 14, a holiday; Thu 12.11.
        pytest.param(D(2026, 10, 28), D(2026, 11, 12), id="11-november"),
        # Sat 16.5 + 14 = Sat 30.5; Mon 1.6.
        pytest.param(D(2026, 5, 16), D(2026, 6, 1), id="saturday"),
        # Tue 3.3 + 14 = Tue 17.3.
        pytest.param(D(2026, 3, 3), D(2026, 3, 17), id="plain"),
    ],
)
def test_appeal_deadline(delivered: datetime.date, deadline: datetime.date) -> None:
    assert appeal_deadline(delivered_on=delivered) == deadline


@pytest.mark.parametrize(
    ("notice", "deemed", "deemed_if_moved"),
    [
        # Art. 44 § 1 and § 4: first notice Mon 2.3 not counted; the 14th day Mon 16.3.
        pytest.param(D(2026, 3, 2), D(2026, 3, 16), D(2026, 3, 16), id="weekday"),
        # Fri 17.4 + 14 = Fri 1.5, a holiday: stays 1.5; if § 4 applied, Mon 4.5.
        pytest.param(D(2026, 4, 17), D(2026, 5, 1), D(2026, 5, 4), id="holiday"),
        # Sat 16.5 + 14 = Sat 30.5; if § 4 applied, Mon 1.6.
        pytest.param(D(2026, 5, 16), D(2026, 5, 30), D(2026, 6, 1), id="saturday"),
    ],
)
def test_deemed_delivered_on(
    notice: datetime.date, deemed: datetime.date, deemed_if_moved: datetime.date
) -> None:
    assert deemed_delivered_on(first_notice_on=notice) == deemed
    assert deemed_delivered_on(first_notice_on=notice, moves_to_working_day=True) == (
        deemed_if_moved
    )


def test_a_deemed_delivery_on_a_holiday_starts_the_appeal_term_that_day() -> None:
    # Deemed delivered Fri 1.5.2026 (a holiday); the appeal term: 1.5 + 14 = Fri 15.5, a working
    # day; final from Sat 16.5 (finality is a state, not a term: § 4 does not move it).
    delivered = deemed_delivered_on(first_notice_on=D(2026, 4, 17))
    assert appeal_deadline(delivered_on=delivered) == D(2026, 5, 15)
    assert final_on(delivered_on=delivered, appealed=False) == D(2026, 5, 16)
    # The other reading: delivered Mon 4.5, appeal by Mon 18.5, final Tue 19.5.
    moved = deemed_delivered_on(first_notice_on=D(2026, 4, 17), moves_to_working_day=True)
    assert final_on(delivered_on=moved, appealed=False) == D(2026, 5, 19)


@pytest.mark.parametrize(
    ("delivered", "waiver", "final"),
    [
        # Art. 16 § 1: delivered Tue 3.3, appeal by Tue 17.3, final Wed 18.3.
        pytest.param(D(2026, 3, 3), None, D(2026, 3, 18), id="no-appeal"),
        # Delivered Sat 16.5, appeal term moved to Mon 1.6, final Tue 2.6.
        pytest.param(D(2026, 5, 16), None, D(2026, 6, 2), id="no-appeal-moved-term"),
        # Art. 127a: the waiver received Thu 5.3 makes it final that day.
        pytest.param(D(2026, 3, 3), D(2026, 3, 5), D(2026, 3, 5), id="waiver"),
        # A waiver signed at the office on the day of delivery.
        pytest.param(D(2026, 3, 3), D(2026, 3, 3), D(2026, 3, 3), id="waiver-on-delivery"),
        # Received on the last day of the term, Tue 17.3: still during the term.
        pytest.param(D(2026, 3, 3), D(2026, 3, 17), D(2026, 3, 17), id="waiver-last-day"),
        # Term moved from Sat 30.5 to Mon 1.6: a waiver received (electronically) on Sun 31.5
        # is within it.
        pytest.param(D(2026, 5, 16), D(2026, 5, 31), D(2026, 5, 31), id="waiver-moved-term"),
        # Received Fri 20.3, after the term: final already from Wed 18.3.
        pytest.param(D(2026, 3, 3), D(2026, 3, 20), D(2026, 3, 18), id="waiver-too-late"),
    ],
)
def test_final_on(
    delivered: datetime.date, waiver: datetime.date | None, final: datetime.date
) -> None:
    assert final_on(delivered_on=delivered, appealed=False, waiver_received_on=waiver) == final


def test_an_appealed_decision_is_not_final() -> None:
    assert final_on(delivered_on=D(2026, 3, 3), appealed=True) is None
    # Another party's appeal prevails over one party's waiver.
    waived = D(2026, 3, 5)
    assert final_on(delivered_on=D(2026, 3, 3), appealed=True, waiver_received_on=waived) is None


def test_no_waiver_before_delivery() -> None:
    with pytest.raises(ValueError, match="waived"):
        final_on(delivered_on=D(2026, 3, 3), appealed=False, waiver_received_on=D(2026, 3, 2))


@pytest.mark.parametrize(
    ("received", "due"),
    [
        # Art. 133: Thu 28.5 + 7 = Thu 4.6 Corpus Christi; Fri 5.6.
        pytest.param(D(2026, 5, 28), D(2026, 6, 5), id="corpus-christi"),
        # Thu 17.12 + 7 = Thu 24.12; Mon 28.12.
        pytest.param(D(2026, 12, 17), D(2026, 12, 28), id="christmas"),
        # Mon 30.3 + 7 = Mon 6.4 Easter Monday; Tue 7.4.
        pytest.param(D(2026, 3, 30), D(2026, 4, 7), id="easter"),
    ],
)
def test_sko_transfer_due_on(received: datetime.date, due: datetime.date) -> None:
    assert sko_transfer_due_on(appeal_received_on=received) == due


@pytest.mark.parametrize(
    ("received", "complicated", "pauses", "due"),
    [
        # Art. 35 § 3: received Mon 16.3, one month: Thu 16.4.
        pytest.param(D(2026, 3, 16), False, [], D(2026, 4, 16), id="one-month"),
        # Two months: Sat 16.5; Mon 18.5.
        pytest.param(D(2026, 3, 16), True, [], D(2026, 5, 18), id="two-months"),
        # 31.1 + 1 month = Sat 28.2; Mon 2.3.
        pytest.param(D(2026, 1, 31), False, [], D(2026, 3, 2), id="end-of-january"),
        # Art. 35 § 5: suspended 20.3-29.3, 10 days; 16.4 + 10 = Sun 26.4; Mon 27.4.
        pytest.param(
            D(2026, 3, 16), False, [(D(2026, 3, 20), D(2026, 3, 29))], D(2026, 4, 27), id="pause"
        ),
        # The same pause entered twice counts once.
        pytest.param(
            D(2026, 3, 16),
            False,
            [(D(2026, 3, 20), D(2026, 3, 29)), (D(2026, 3, 20), D(2026, 3, 29))],
            D(2026, 4, 27),
            id="duplicate-pause",
        ),
        # Overlapping 20.3-29.3 and 25.3-3.4: together 20.3-3.4 = 12 March days + 3 April days
        # = 15 days (not 10 + 10); 16.4 + 15 = Fri 1.5 holiday; Sat 2.5, Sun 3.5; Mon 4.5.
        pytest.param(
            D(2026, 3, 16),
            False,
            [(D(2026, 3, 20), D(2026, 3, 29)), (D(2026, 3, 25), D(2026, 4, 3))],
            D(2026, 5, 4),
            id="overlapping-pauses",
        ),
        # A delay 10.4-20.4 (11 days) reaching past the end 16.4: 16.4 + 11 = Mon 27.4. By
        # counting: 17.3-9.4 are 24 of the term's 31 days; after 20.4 the other 7: 21.4-27.4.
        pytest.param(
            D(2026, 3, 16), False, [(D(2026, 4, 10), D(2026, 4, 20))], D(2026, 4, 27), id="across"
        ),
        # A pause beginning 20.4, after the term ran out on 16.4, does not revive it.
        pytest.param(
            D(2026, 3, 16), False, [(D(2026, 4, 20), D(2026, 4, 25))], D(2026, 4, 16), id="after"
        ),
        # A pause from the day of receipt: that day is not a day of the term; 17.3-20.3 count,
        # 4 days: 16.4 + 4 = Mon 20.4 (counting 16.3 too would give Tue 21.4).
        pytest.param(
            D(2026, 3, 16), False, [(D(2026, 3, 16), D(2026, 3, 20))], D(2026, 4, 20), id="same-day"
        ),
        # A second pause 20.4-21.4 begins after the month's end 16.4 but before the end 26.4
        # the first pause (20.3-29.3, 10 days) gave: it counts, 26.4 + 2 = Tue 28.4. By
        # counting: 17.3-19.3 (3) and 30.3-19.4 (21) are 24 of the 31 days; 22.4-28.4 the other 7.
        pytest.param(
            D(2026, 3, 16),
            False,
            [(D(2026, 3, 20), D(2026, 3, 29)), (D(2026, 4, 20), D(2026, 4, 21))],
            D(2026, 4, 28),
            id="pause-within-the-extension",
        ),
        # Complicated, received 15.10: Tue 15.12; suspended 2.11-10.11, 9 days: Thu 24.12
        # Wigilia, Fri 25, Sat 26, Sun 27; Mon 28.12.
        pytest.param(
            D(2026, 10, 15),
            True,
            [(D(2026, 11, 2), D(2026, 11, 10))],
            D(2026, 12, 28),
            id="complicated-pause-christmas",
        ),
        # Received 30.4: the term runs out Sat 30.5 and § 4 gives Mon 1.6; suspended 1.6-3.6,
        # beginning after 30.5 so not counted, but the case cannot be settled while suspended:
        # the first working day after 3.6 is Fri 5.6 (Thu 4.6 Corpus Christi).
        pytest.param(
            D(2026, 4, 30),
            False,
            [(D(2026, 6, 1), D(2026, 6, 3))],
            D(2026, 6, 5),
            id="suspended-on-the-moved-last-day",
        ),
    ],
)
def test_settlement_due_on(
    received: datetime.date, complicated: bool, pauses: list[Pause], due: datetime.date
) -> None:
    assert settlement_due_on(received_on=received, complicated=complicated, pauses=pauses) == due


def test_an_open_pause_stops_the_clock() -> None:
    open_pause: list[Pause] = [(D(2026, 3, 20), None)]
    # Suspended from 20.3, looked at on 25.3: 20.3-25.3 = 6 days; 16.4 + 6 = Wed 22.4.
    due_25 = settlement_due_on(
        received_on=D(2026, 3, 16), complicated=False, pauses=open_pause, today=D(2026, 3, 25)
    )
    assert due_25 == D(2026, 4, 22)
    # On 26.3: 7 days; Thu 23.4. The days left stay 28 (25.3 -> 22.4: 6 + 22; 26.3 -> 23.4: 5 + 23).
    due_26 = settlement_due_on(
        received_on=D(2026, 3, 16), complicated=False, pauses=open_pause, today=D(2026, 3, 26)
    )
    assert due_26 == D(2026, 4, 23)
    assert DeadlineView(due_on=due_25, today=D(2026, 3, 25)).days_left == 28
    assert DeadlineView(due_on=due_26, today=D(2026, 3, 26)).days_left == 28
    # Looked at on 18.3, before the suspension begins: nothing counted yet, Thu 16.4.
    assert settlement_due_on(
        received_on=D(2026, 3, 16), complicated=False, pauses=open_pause, today=D(2026, 3, 18)
    ) == D(2026, 4, 16)


def test_pauses_that_cannot_be() -> None:
    received = D(2026, 3, 16)
    with pytest.raises(ValueError, match="today"):
        settlement_due_on(received_on=received, complicated=False, pauses=[(D(2026, 3, 20), None)])
    with pytest.raises(ValueError, match="end before"):
        settlement_due_on(
            received_on=received, complicated=False, pauses=[(D(2026, 3, 20), D(2026, 3, 19))]
        )
    with pytest.raises(ValueError, match="before the application"):
        settlement_due_on(
            received_on=received, complicated=False, pauses=[(D(2026, 3, 15), D(2026, 3, 19))]
        )


def test_the_months_of_the_settlement_term() -> None:
    # Art. 35 § 3: one month, two in a particularly complicated case.
    assert settlement_months(complicated=False) == 1
    assert settlement_months(complicated=True) == 2


@pytest.mark.parametrize(
    ("received", "complicated", "end"),
    [
        # Art. 57 § 3: 31.1 + 1 month, February has no 31st: Sat 28.2.2026, not moved (§ 4
        # moves only the final end, after the days not counted are added).
        pytest.param(D(2026, 1, 31), False, D(2026, 2, 28), id="no-31-february"),
        # 16.3 + 2 months = Sat 16.5.2026, as it falls.
        pytest.param(D(2026, 3, 16), True, D(2026, 5, 16), id="two-months-saturday"),
    ],
)
def test_settlement_calendar_end(
    received: datetime.date, complicated: bool, end: datetime.date
) -> None:
    assert settlement_calendar_end(received_on=received, complicated=complicated) == end


@pytest.mark.parametrize(
    ("received", "complicated", "pauses", "days"),
    [
        # The cases of `test_settlement_due_on`, each count made on the calendar (art. 35 § 5).
        pytest.param(D(2026, 3, 16), False, [], 0, id="none"),
        # 20.3-29.3, both ends: 10 days.
        pytest.param(D(2026, 3, 16), False, [(D(2026, 3, 20), D(2026, 3, 29))], 10, id="pause"),
        # Entered twice, counted once: 10.
        pytest.param(
            D(2026, 3, 16),
            False,
            [(D(2026, 3, 20), D(2026, 3, 29)), (D(2026, 3, 20), D(2026, 3, 29))],
            10,
            id="duplicate-pause",
        ),
        # 20.3-29.3 and 25.3-3.4: together 20.3-3.4, 12 March days + 3 April days = 15.
        pytest.param(
            D(2026, 3, 16),
            False,
            [(D(2026, 3, 20), D(2026, 3, 29)), (D(2026, 3, 25), D(2026, 4, 3))],
            15,
            id="overlapping-pauses",
        ),
        # 10.4-20.4 begins before the end 16.4 and counts in full: 11.
        pytest.param(D(2026, 3, 16), False, [(D(2026, 4, 10), D(2026, 4, 20))], 11, id="across"),
        # 20.4-25.4 begins after the term ran out on 16.4: nothing.
        pytest.param(D(2026, 3, 16), False, [(D(2026, 4, 20), D(2026, 4, 25))], 0, id="after"),
        # 16.3-20.3 from the day of receipt: that day is not a day of the term, 17.3-20.3 = 4.
        pytest.param(D(2026, 3, 16), False, [(D(2026, 3, 16), D(2026, 3, 20))], 4, id="same-day"),
        # 20.3-29.3 (10) moves the end to 26.4, so 20.4-21.4 (2) counts too: 12.
        pytest.param(
            D(2026, 3, 16),
            False,
            [(D(2026, 3, 20), D(2026, 3, 29)), (D(2026, 4, 20), D(2026, 4, 21))],
            12,
            id="pause-within-the-extension",
        ),
        # Complicated, received 15.10, end 15.12; 2.11-10.11 = 9 days.
        pytest.param(
            D(2026, 10, 15), True, [(D(2026, 11, 2), D(2026, 11, 10))], 9, id="complicated"
        ),
        # Received 30.4, end Sat 30.5; 1.6-3.6 begins after it: no day is added (the due day
        # still moves past the suspension, to Fri 5.6, but not by counting days).
        pytest.param(
            D(2026, 4, 30),
            False,
            [(D(2026, 6, 1), D(2026, 6, 3))],
            0,
            id="suspended-on-the-moved-last-day",
        ),
    ],
)
def test_days_not_counted(
    received: datetime.date, complicated: bool, pauses: list[Pause], days: int
) -> None:
    assert days_not_counted(received_on=received, complicated=complicated, pauses=pauses) == days


def test_an_open_pause_counts_up_to_today() -> None:
    open_pause: list[Pause] = [(D(2026, 3, 20), None)]
    # Looked at on 25.3: 20.3-25.3 = 6 days; on 18.3, before it begins: none yet.
    assert (
        days_not_counted(
            received_on=D(2026, 3, 16), complicated=False, pauses=open_pause, today=D(2026, 3, 25)
        )
        == 6
    )
    assert (
        days_not_counted(
            received_on=D(2026, 3, 16), complicated=False, pauses=open_pause, today=D(2026, 3, 18)
        )
        == 0
    )
    with pytest.raises(ValueError, match="today"):
        days_not_counted(received_on=D(2026, 3, 16), complicated=False, pauses=open_pause)


@pytest.mark.parametrize(
    ("received", "first"),
    [
        # Art. 106 ust. 3 u.p.s.: the month of the application.
        pytest.param(D(2026, 3, 31), D(2026, 3, 1), id="last-day"),
        pytest.param(D(2026, 1, 1), D(2026, 1, 1), id="first-day"),
        pytest.param(D(2028, 2, 29), D(2028, 2, 1), id="leap-day"),
    ],
)
def test_first_benefit_month(received: datetime.date, first: datetime.date) -> None:
    assert first_benefit_month(received_on=received) == first


@pytest.mark.parametrize(
    ("received", "period", "due"),
    [
        # Period from 1.11.2026, the calendar of art. 26 u.ś.r. since 2017/2018.
        # By 31 August -> 30 November.
        pytest.param(D(2026, 7, 1), D(2026, 11, 1), D(2026, 11, 30), id="1-july"),
        pytest.param(D(2026, 8, 31), D(2026, 11, 1), D(2026, 11, 30), id="31-august"),
        # 1 September - 31 October -> 31 December.
        pytest.param(D(2026, 9, 1), D(2026, 11, 1), D(2026, 12, 31), id="1-september"),
        pytest.param(D(2026, 10, 31), D(2026, 11, 1), D(2026, 12, 31), id="31-october"),
        # 1 November - 31 December -> the last day of February 2027, a common year: 28.2.
        pytest.param(D(2026, 11, 1), D(2026, 11, 1), D(2027, 2, 28), id="1-november"),
        pytest.param(D(2026, 12, 31), D(2026, 11, 1), D(2027, 2, 28), id="31-december"),
        # Period from 1.11.2027: the February after is 2028's, 29 days.
        pytest.param(D(2027, 12, 31), D(2027, 11, 1), D(2028, 2, 29), id="leap-february"),
        pytest.param(D(2027, 8, 31), D(2027, 11, 1), D(2027, 11, 30), id="31-august-2027"),
        # Later in the period: by the end of the month of the application, or, received after
        # the 10th, by the end of the next month.
        pytest.param(D(2027, 1, 10), D(2026, 11, 1), D(2027, 1, 31), id="10-january"),
        pytest.param(D(2027, 1, 11), D(2026, 11, 1), D(2027, 2, 28), id="11-january"),
        pytest.param(D(2027, 10, 31), D(2026, 11, 1), D(2027, 11, 30), id="last-day-of-period"),
        pytest.param(D(2028, 1, 20), D(2027, 11, 1), D(2028, 2, 29), id="20-january-leap"),
        # The periods 2011/2012-2016/2017: by 30 September -> 30 November, 1 October -
        # 30 November -> 31 December, then the monthly rule.
        pytest.param(D(2015, 9, 30), D(2015, 11, 1), D(2015, 11, 30), id="2015-30-september"),
        pytest.param(D(2015, 10, 1), D(2015, 11, 1), D(2015, 12, 31), id="2015-1-october"),
        pytest.param(D(2015, 11, 30), D(2015, 11, 1), D(2015, 12, 31), id="2015-30-november"),
        pytest.param(D(2015, 12, 10), D(2015, 11, 1), D(2015, 12, 31), id="2015-10-december"),
        pytest.param(D(2015, 12, 11), D(2015, 11, 1), D(2016, 1, 31), id="2015-11-december"),
        # 15 September: under the old calendar (2016/2017) 30 November, under the new
        # (2017/2018) 31 December.
        pytest.param(D(2016, 9, 15), D(2016, 11, 1), D(2016, 11, 30), id="2016-old-calendar"),
        pytest.param(D(2017, 9, 15), D(2017, 11, 1), D(2017, 12, 31), id="2017-new-calendar"),
    ],
)
def test_family_benefit_payment_due_on(
    received: datetime.date, period: datetime.date, due: datetime.date
) -> None:
    assert family_benefit_payment_due_on(received_on=received, period_start=period) == due


def test_family_benefit_calendar_refuses_what_it_cannot_know() -> None:
    with pytest.raises(ValueError, match="1 November"):
        family_benefit_payment_due_on(received_on=D(2026, 8, 1), period_start=D(2026, 9, 1))
    with pytest.raises(ValueError, match="after the benefit period"):
        family_benefit_payment_due_on(received_on=D(2027, 11, 1), period_start=D(2026, 11, 1))
    with pytest.raises(ValueError, match="not known"):
        family_benefit_payment_due_on(received_on=D(2010, 9, 1), period_start=D(2010, 11, 1))
    with pytest.raises(ValueError, match="1 November"):
        family_benefit_first_month(received_on=D(2026, 8, 1), period_start=D(2026, 11, 2))


@pytest.mark.parametrize(
    ("received", "first"),
    [
        # Art. 24 ust. 2 u.ś.r.: from the month of the application, not before the period.
        pytest.param(D(2026, 8, 20), D(2026, 11, 1), id="august-gives-november"),
        pytest.param(D(2026, 11, 30), D(2026, 11, 1), id="november"),
        pytest.param(D(2026, 12, 31), D(2026, 12, 1), id="december"),
        pytest.param(D(2027, 3, 15), D(2027, 3, 1), id="march"),
    ],
)
def test_family_benefit_first_month(received: datetime.date, first: datetime.date) -> None:
    assert family_benefit_first_month(received_on=received, period_start=D(2026, 11, 1)) == first


@pytest.mark.parametrize(
    ("today", "paused", "days_left", "overdue", "status", "label"),
    [
        # Due Thu 16.4.2026. From Fri 10.4: 6 calendar days; working days Mon 13-Thu 16 = 4.
        pytest.param(D(2026, 4, 10), False, 6, False, DeadlineStatus.OK, "Days left: 6", id="ok"),
        # From Mon 13.4: 3 calendar days and 3 working days (Tue, Wed, Thu): soon.
        pytest.param(
            D(2026, 4, 13), False, 3, False, DeadlineStatus.SOON, "Days left: 3", id="soon"
        ),
        pytest.param(
            D(2026, 4, 16),
            False,
            0,
            False,
            DeadlineStatus.TODAY,
            "The term ends today",
            id="today",
        ),
        # Mon 20.4 is 4 calendar days after Thu 16.4.
        pytest.param(
            D(2026, 4, 20), False, -4, True, DeadlineStatus.OVERDUE, "Days overdue: 4", id="late"
        ),
        # A paused term that ran out before the pause began stays overdue.
        pytest.param(
            D(2026, 4, 20),
            True,
            -4,
            True,
            DeadlineStatus.OVERDUE,
            "Days overdue: 4",
            id="late-paused",
        ),
        pytest.param(
            D(2026, 3, 19),
            True,
            28,
            False,
            DeadlineStatus.OK,
            "Term stopped; days left: 28",
            id="paused",
        ),
    ],
)
def test_deadline_view(
    today: datetime.date,
    paused: bool,
    days_left: int,
    overdue: bool,
    status: DeadlineStatus,
    label: str,
) -> None:
    view = DeadlineView(due_on=D(2026, 4, 16), today=today, paused=paused)
    assert view.days_left == days_left
    assert view.overdue is overdue
    assert view.status is status
    with translation.override("en"):
        assert view.label == label


# Properties.

DAYS = st.dates(min_value=D(2020, 1, 1), max_value=D(2030, 12, 31))
# A pause as (days after receipt it begins, days it lasts beyond its first).
PAUSES = st.lists(st.tuples(st.integers(0, 90), st.integers(0, 60)), max_size=4)


def _pauses(received: datetime.date, spec: list[tuple[int, int]]) -> list[Pause]:
    return [
        (
            received + datetime.timedelta(days=begin),
            received + datetime.timedelta(days=begin + length),
        )
        for begin, length in spec
    ]


def _is_free(day: datetime.date) -> bool:
    return day.weekday() >= 5 or holiday_name(day) is not None


@settings(max_examples=300, deadline=None)
@given(received=DAYS, complicated=st.booleans(), spec=PAUSES)
def test_settlement_due_on_is_a_working_day_and_pauses_never_shorten_it(
    received: datetime.date, complicated: bool, spec: list[tuple[int, int]]
) -> None:
    pauses = _pauses(received, spec)
    plain = settlement_due_on(received_on=received, complicated=complicated)
    due = settlement_due_on(received_on=received, complicated=complicated, pauses=pauses)
    assert not _is_free(due)
    assert due >= plain
    # A month is at least 28 days; a day counted twice is still one day.
    assert plain >= received + datetime.timedelta(days=28)
    assert (
        settlement_due_on(received_on=received, complicated=complicated, pauses=pauses + pauses)
        == due
    )


@settings(max_examples=200, deadline=None)
@given(received=DAYS, begin=st.integers(1, 27), lasted=st.integers(0, 60))
def test_an_open_pause_within_the_term_is_never_overdue(
    received: datetime.date, begin: int, lasted: int
) -> None:
    # The pause begins inside the term (a month has at least 28 days) and is still open today.
    first = received + datetime.timedelta(days=begin)
    today = first + datetime.timedelta(days=lasted)
    due = settlement_due_on(
        received_on=received, complicated=False, pauses=[(first, None)], today=today
    )
    assert due > today


@settings(max_examples=200, deadline=None)
@given(start=DAYS, months=st.integers(1, 24), days=st.integers(1, 60))
@example(start=datetime.date(2025, 12, 10), months=1, days=14)  # 24.12.2025 -> 29.12.2025
def test_terms_end_on_a_working_day_within_a_few_days_of_the_calendar_end(
    start: datetime.date, months: int, days: int
) -> None:
    # The longest run of free days: Wigilia and Christmas on Wednesday to Friday, then the
    # weekend (24-28.12.2025): an end on the 24th moves to Monday the 29th, 5 days on.
    for end, calendar_end in (
        (month_term_end(start=start, months=months), None),
        (day_term_end(event_on=start, days=days), start + datetime.timedelta(days=days)),
    ):
        assert not _is_free(end)
        if calendar_end is not None:
            assert calendar_end <= end <= calendar_end + datetime.timedelta(days=5)
            assert all(
                _is_free(calendar_end + datetime.timedelta(days=n))
                for n in range((end - calendar_end).days)
            )


# A pause as (days after receipt it begins, days it lasts beyond its first, still open).
OPENABLE_PAUSES = st.lists(
    st.tuples(st.integers(0, 90), st.integers(0, 60), st.booleans()), max_size=4
)


def _walked(
    received: datetime.date, complicated: bool, pauses: list[Pause], today: datetime.date
) -> int:
    """The days not counted, found by walking the calendar as art. 35 § 5 k.p.a. reads: the
    term's days are counted one by one from the day after receipt (art. 57 § 1), a day within
    a pause is not counted, and the walk stops on the day that completes the term's length
    (its days as art. 57 § 3 measures the months)."""
    months = 2 if complicated else 1
    length = (received + relativedelta(months=months) - received).days
    paused = {
        first + datetime.timedelta(days=n)
        for first, last in pauses
        for n in range(((today if last is None else last) - first).days + 1)
    }
    day, counted, skipped = received, 0, 0
    while counted < length:
        day += datetime.timedelta(days=1)
        if day in paused:
            skipped += 1
        else:
            counted += 1
    return skipped


@settings(max_examples=300, deadline=None)
@given(received=DAYS, complicated=st.booleans(), spec=OPENABLE_PAUSES, looked=st.integers(0, 200))
def test_the_days_not_counted_are_those_of_a_walk_through_the_calendar(
    received: datetime.date, complicated: bool, spec: list[tuple[int, int, bool]], looked: int
) -> None:
    """The count matches the day-by-day walk, and the due day rests on it: the calendar end
    plus those days, moved off a free day (art. 57 § 4), and past any pause it falls in."""
    today = received + datetime.timedelta(days=looked)
    pauses: list[Pause] = [
        (
            received + datetime.timedelta(days=begin),
            None if still_open else received + datetime.timedelta(days=begin + length),
        )
        for begin, length, still_open in spec
    ]
    skipped = days_not_counted(
        received_on=received, complicated=complicated, pauses=pauses, today=today
    )
    assert skipped == _walked(received, complicated, pauses, today)
    end = settlement_calendar_end(received_on=received, complicated=complicated)
    expected = next_working_day(end + datetime.timedelta(days=skipped))
    closed = [(first, today if last is None else last) for first, last in pauses]
    while inside := [last for first, last in closed if first <= expected <= last]:
        expected = next_working_day(max(inside) + datetime.timedelta(days=1))
    due = settlement_due_on(
        received_on=received, complicated=complicated, pauses=pauses, today=today
    )
    assert due == expected
