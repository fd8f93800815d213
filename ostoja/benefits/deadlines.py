"""Deadlines of a benefit case: the k.p.a. terms and the family-benefit calendar (pure functions).

Counting time, art. 57 k.p.a. (as amended by the ustawa z 7 kwietnia 2017 r., Dz.U. 2017
poz. 935, in force from 1 June 2017, which named Saturday in § 4; before it the NSA resolution
of 15 June 2011, I OPS 1/11, had already read Saturday as a day free from work) [the amended
wording of § 4 was not read in a consolidated text, only the amendment's date and position]:

- § 1: a term in days from an event does not count the day of the event; it ends at the end of
  the last of its days (`day_term_end`).
- § 3: a term in months ends on the day of the last month with the number of the start day, or
  on that month's last day when it has no such day (`month_term_end`; `relativedelta` clamps
  31 January + 1 month to 28/29 February exactly so).
- § 4: an end on a Saturday or on a statutory day free from work (Sundays and the public
  holidays of the ustawa z 18 stycznia 1951 r. o dniach wolnych od pracy, Wigilia from 2025:
  `ostoja.core.workdays`) moves to the next day that is neither, i.e. the next working day.
  The provision concerns procedural terms, the terms to do something in the proceedings
  (infor.pl, "Koniec terminu procesowego a wolna sobota",
  https://infor.pl/migracja/prawo/450374,Koniec-terminu-procesowego-a-wolna-sobota.html).

All k.p.a. functions count calendar days; they return the last day of the term, on which the
step may still be taken. Sources read for each choice are cited where it is made; what could
not be confirmed is marked "[not confirmed]".
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext

from ostoja.benefits.periods import FIRST_NOVEMBER_PERIOD as FIRST_NOVEMBER_PERIOD
from ostoja.benefits.periods import benefit_period_of as benefit_period_of
from ostoja.benefits.periods import is_benefit_period_start
from ostoja.casework.deadlines import DeadlineStatus, deadline_status
from ostoja.core.workdays import next_working_day

ONE_DAY = datetime.timedelta(days=1)

SETTLEMENT_MONTHS = 1  # art. 35 § 3 k.p.a.
COMPLICATED_SETTLEMENT_MONTHS = 2  # art. 35 § 3 k.p.a., a particularly complicated case
KEEPING_DAYS = 14  # art. 44 § 1 k.p.a.
APPEAL_DAYS = 14  # art. 129 § 2 k.p.a.
SKO_TRANSFER_DAYS = 7  # art. 133 k.p.a.

# A period not counted in the settlement term (art. 35 § 5 k.p.a.): first and last day, both
# inclusive; a last day of None is a period still open.
Pause = tuple[datetime.date, datetime.date | None]


def month_term_end(*, start: datetime.date, months: int) -> datetime.date:
    """The last day of a term of `months` months from `start` (art. 57 § 3 and § 4 k.p.a.).

    The day of the last month with the number of the start day (15 March + 1 month = 15 April),
    or the last day of that month when it has none (31 January + 1 month = 28 or 29 February);
    then a Saturday, Sunday or public holiday moves the end to the next working day.
    """
    if months < 1:
        raise ValueError("A term in months has at least one month.")
    calendar_end: datetime.date = start + relativedelta(months=months)
    return next_working_day(calendar_end)


def day_term_end(*, event_on: datetime.date, days: int) -> datetime.date:
    """The last day of a term of `days` days from an event (art. 57 § 1 and § 4 k.p.a.).

    The day of the event is not counted: the term ends on the `days`-th calendar day after it,
    moved to the next working day when that day is a Saturday, Sunday or public holiday.
    """
    if days < 1:
        raise ValueError("A term in days has at least one day.")
    return next_working_day(event_on + datetime.timedelta(days=days))


def settlement_due_on(
    *,
    received_on: datetime.date,
    complicated: bool,
    pauses: Iterable[Pause] = (),
    today: datetime.date | None = None,
) -> datetime.date:
    """The last day for settling a case begun by an application (art. 35 § 3 and § 5 k.p.a.).

    Art. 35 § 3: one month, two in a particularly complicated case, from the day the authority
    received the application (art. 61 § 3: that day starts the proceedings), counted as art. 57
    § 3 counts months.

    Art. 35 § 5: the periods set by law for particular steps, suspension periods and delays
    caused by the party or by reasons beyond the authority's control are not counted
    ("nie wlicza się") in the term. Not counting a day means the term needs one more day to run
    its length: the clock stops during a pause and goes on after it. So the number of paused
    calendar days is added to the calendar end of the month term, and art. 57 § 4 is applied
    once, to the end so extended: § 4 moves only the final end of a term, never an intermediate
    one, and applying it before adding the days could push the end a weekend too far. A pause
    counts when it begins on or before the end reached so far (a pause that begins after the
    term has run out does not revive it); a pause reaching past that end counts in full, each
    of its days pushing the end on. Overlapping pauses count each calendar day once; only the
    days after the day of receipt count, as the month term runs from that day. The sources read
    (the text of § 5 as OPS notices quote it, rp.pl on suspension) say only that the periods
    are not counted; none describes another arithmetic.

    When the end so reached falls within a pause that began after the term had run out (a
    suspension starting on the Monday to which § 4 moved a Saturday end), the term ends on the
    first working day after that pause: the authority cannot settle a suspended case.

    A pause still open (last day None) counts up to and including `today`, which must then be
    given. The due date shown is thus the earliest the term can end, and it moves one day on
    for every day the pause lasts: the days left stay the same, the deadline "stoi" as a clerk
    expects while a case is suspended or waits for the party. Returning no date would hide
    the deadline and an overdue term. `DeadlineView(paused=True)` says so on the screen.
    """
    merged = _merge_pauses(pauses, received_on=received_on, today=today)
    end = _extended_by(
        merged, settlement_calendar_end(received_on=received_on, complicated=complicated)
    )
    due = next_working_day(end)
    for first, last in merged:
        if first <= due <= last:
            due = next_working_day(last + ONE_DAY)
    return due


def settlement_months(*, complicated: bool) -> int:
    """The months of the settlement term: one, two in a particularly complicated case (art. 35
    § 3 k.p.a.)."""
    return COMPLICATED_SETTLEMENT_MONTHS if complicated else SETTLEMENT_MONTHS


def settlement_calendar_end(*, received_on: datetime.date, complicated: bool) -> datetime.date:
    """The end of the settlement term's months as art. 57 § 3 k.p.a. counts them, before any
    day not counted (art. 35 § 5) is added and before § 4 moves the end off a free day."""
    months = settlement_months(complicated=complicated)
    calendar_end: datetime.date = received_on + relativedelta(months=months)
    return calendar_end


def days_not_counted(
    *,
    received_on: datetime.date,
    complicated: bool,
    pauses: Iterable[Pause] = (),
    today: datetime.date | None = None,
) -> int:
    """The calendar days the pauses add to the settlement term (art. 35 § 5 k.p.a.), counted as
    `settlement_due_on` counts them: each day once, only days after the day of receipt, an open
    pause up to and including `today`, and only pauses that begin on or before the end reached
    so far. The calendar end (`settlement_calendar_end`) plus these days is the end that
    art. 57 § 4 then moves off a free day. The pauses are checked as `settlement_due_on` checks
    them (ValueError for one that cannot be)."""
    calendar_end = settlement_calendar_end(received_on=received_on, complicated=complicated)
    merged = _merge_pauses(pauses, received_on=received_on, today=today)
    return (_extended_by(merged, calendar_end) - calendar_end).days


def _extended_by(
    merged: Iterable[tuple[datetime.date, datetime.date]], calendar_end: datetime.date
) -> datetime.date:
    """The calendar end pushed on by every day of the merged pauses that begin on or before
    the end reached so far (see `settlement_due_on`)."""
    end = calendar_end
    for first, last in merged:
        if first > end:
            break
        end += (last - first) + ONE_DAY
    return end


def _merge_pauses(
    pauses: Iterable[Pause], *, received_on: datetime.date, today: datetime.date | None
) -> list[tuple[datetime.date, datetime.date]]:
    """The pauses as sorted, disjoint closed periods of days after the day of receipt."""
    closed: list[tuple[datetime.date, datetime.date]] = []
    for first, last in pauses:
        if first < received_on:
            raise ValueError("A pause cannot begin before the application was received.")
        if last is None:
            if today is None:
                raise ValueError("An open pause needs today's date to be counted.")
            last = today
        elif last < first:
            raise ValueError("A pause cannot end before it begins.")
        first = max(first, received_on + ONE_DAY)
        if last >= first:
            closed.append((first, last))
    merged: list[tuple[datetime.date, datetime.date]] = []
    for first, last in sorted(closed):
        if merged and first <= merged[-1][1] + ONE_DAY:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


def deemed_delivered_on(
    *, first_notice_on: datetime.date, moves_to_working_day: bool = False
) -> datetime.date:
    """The day a letter not collected is deemed delivered (art. 44 § 1–4 k.p.a.).

    The post office keeps the letter 14 days (§ 1); a notice is left, repeated when the letter
    is not collected within 7 days (§ 2–3); the delivery is deemed made at the end of the last
    day of the 14 days (§ 4). The day of the first notice is not counted (art. 57 § 1): a first
    notice of 1 December gives 15 December (rp.pl, "Magiczne terminy doręczeń i awiza",
    https://www.rp.pl/artykul/403363-Magiczne-terminy-doreczen-i-awiza.html).

    Whether art. 57 § 4 moves that day off a Saturday or holiday: by default it does not. The
    14 days are a period for which the letter is kept, not a term for the party to do
    something, and § 4 concerns procedural terms (infor.pl, cited in the module docstring);
    the fiction attaches to the lapse of the period itself ("z upływem ostatniego dnia
    okresu"), and the party loses nothing, as the appeal term that starts from that day is
    itself moved off a free day. [not confirmed: no NSA resolution and no judgment on this
    question was found in the sources searched; views are reported to differ, and this is the
    reading the sources found support.] `moves_to_working_day=True` applies § 4 for a centre
    whose legal adviser reads it otherwise.
    """
    last_day = first_notice_on + datetime.timedelta(days=KEEPING_DAYS)
    return next_working_day(last_day) if moves_to_working_day else last_day


def appeal_deadline(*, delivered_on: datetime.date) -> datetime.date:
    """The last day for an appeal: 14 days from the delivery of the decision (art. 129 § 2
    k.p.a.), counted as art. 57 § 1 and § 4 count days."""
    return day_term_end(event_on=delivered_on, days=APPEAL_DAYS)


def final_on(
    *,
    delivered_on: datetime.date,
    appealed: bool,
    waiver_received_on: datetime.date | None = None,
) -> datetime.date | None:
    """The day the decision becomes final (ostateczna), or None while an appeal is lodged.

    Art. 127a k.p.a.: a waiver of the appeal made during the appeal term makes the decision
    final and binding on the day the authority receives it (with several parties, the last
    party's waiver: pass the day that one was received). The term runs from the delivery, so
    a waiver signed at the office on the day the decision is handed over counts. A waiver
    received after the term changes nothing: the decision is already final.

    Art. 16 § 1 k.p.a.: a decision no appeal lies against is final. Without an appeal that is so
    from the day after the appeal deadline (the deadline as moved by art. 57 § 4). Until that
    deadline has passed the date is the one the decision will be final on if no appeal comes;
    an appeal posted at the post office on the last day (art. 57 § 5) may arrive later.

    Appealed: not final in the first instance, so None; the appeal prevails over a waiver
    (another party may have appealed).
    """
    if appealed:
        return None
    deadline = appeal_deadline(delivered_on=delivered_on)
    if waiver_received_on is not None:
        if waiver_received_on < delivered_on:
            raise ValueError("An appeal cannot be waived before the decision is delivered.")
        if waiver_received_on <= deadline:
            return waiver_received_on
    return deadline + ONE_DAY


def sko_transfer_due_on(*, appeal_received_on: datetime.date) -> datetime.date:
    """The last day for forwarding an appeal with the case file to the SKO: 7 days from its
    receipt (art. 133 k.p.a.), counted as art. 57 § 1 and § 4 count days."""
    return day_term_end(event_on=appeal_received_on, days=SKO_TRANSFER_DAYS)


def first_benefit_month(*, received_on: datetime.date) -> datetime.date:
    """The first day of the first month of a social-assistance cash benefit: the month in which
    the application was received (art. 106 ust. 3 u.p.s.: benefits are granted and paid for
    calendar months, from the month of the application)."""
    return received_on.replace(day=1)


# Family benefits (ustawa z 28 listopada 2003 r. o świadczeniach rodzinnych, u.ś.r.).
# The benefit period and `FIRST_NOVEMBER_PERIOD` are `ostoja.benefits.periods`'; they are
# imported above under their own names because the forms, the services and the decision editor
# read them from this module.


def family_benefit_payment_due_on(
    *, received_on: datetime.date, period_start: datetime.date
) -> datetime.date:
    """The last day for establishing the right to family benefits and paying them, for an
    application received on `received_on` for the period beginning on `period_start`.

    For the periods from 1 November 2017 (art. 26 ust. 3 and the following paragraphs u.ś.r.
    [not confirmed: the numbers of the paragraphs after ust. 3 in the current text were not
    read]; the calendar is as the centres publish it, e.g. GOPS Brzeźnica, MGOPS Drawsko 2018,
    GOPS Skrzyszów 2018):
      - received by 31 August: by 30 November;
      - 1 September – 31 October: by 31 December;
      - 1 November – 31 December: by the last day of February of the next year.
    For the periods from 1 November 2011 to the one begun on 1 November 2016 (art. 26 ust. 3 and
    4 as cited by the centres, e.g. OPS Sępólno 2016, MOPS Koszalin 2015, MOPS Świdnik):
      - received by 30 September: by 30 November;
      - 1 October – 30 November: by 31 December.
    [not confirmed: the 2017/2018 period is taken under the new calendar because applications
    for it were taken from 1 August 2017 (GOPS Policzna); the calendar of the periods before
    2011/2012 was not found, and those raise.]

    Later in the period the act sets no date of its own for the decision, which is then due
    under art. 35 k.p.a. (MOPS Koszalin: "w okresach innych … obowiązują przepisy KPA art. 35";
    `settlement_due_on`). The payment follows the general rule of u.ś.r. as the centres state
    it (MOPS Świdnik quoting the ministry, MGOPS Wieliczka 2020) [not confirmed: paragraph not
    read]: benefits are paid by the last day of the month they are due for, and for an
    application received after the 10th of a month, the benefits for that month by the last
    day of the next month. That is the date returned for those applications.

    The dates are fixed by the act, not terms counted from an event, so art. 57 § 4 does not
    move them: a 30 November falling on a Sunday means paying by the Friday before. The day
    from which applications for a new period are taken (art. 26 ust. 2a u.ś.r.: from 1 July
    electronically, 1 August on paper, as the centres publish it) is for the intake to check.
    """
    _check_period(received_on=received_on, period_start=period_start)
    calendar = _calendar_for(period_start)
    return calendar(received_on, period_start.year)


def family_benefit_first_month(
    *, received_on: datetime.date, period_start: datetime.date
) -> datetime.date:
    """The first month the right to family benefits is established for: the month the
    application with its documents was received (art. 24 ust. 2 u.ś.r.), but not before the
    period's first month (an application of August for the period from 1 November gives
    November). The earlier months of art. 24 ust. 2a (an application within three months of a
    birth or a disability certificate) are not computed here."""
    _check_period(received_on=received_on, period_start=period_start)
    return max(received_on.replace(day=1), period_start)


def _check_period(*, received_on: datetime.date, period_start: datetime.date) -> None:
    if period_start < FIRST_NOVEMBER_PERIOD or not is_benefit_period_start(period_start):
        raise ValueError("A benefit period begins on 1 November (from 2009).")
    if received_on > benefit_period_of(period_start)[1]:
        raise ValueError("The application was received after the benefit period ended.")


def _last_day_of_month(day: datetime.date) -> datetime.date:
    first_of_next: datetime.date = day.replace(day=1) + relativedelta(months=1)
    return first_of_next - ONE_DAY


def _monthly_payment_due_on(received_on: datetime.date) -> datetime.date:
    """By the end of the month of the application; received after the 10th, by the end of the
    next month."""
    if received_on.day <= 10:
        return _last_day_of_month(received_on)
    return _last_day_of_month(received_on + relativedelta(months=1))


def _calendar_2011(received_on: datetime.date, year: int) -> datetime.date:
    if received_on <= datetime.date(year, 9, 30):
        return datetime.date(year, 11, 30)
    if received_on <= datetime.date(year, 11, 30):
        return datetime.date(year, 12, 31)
    return _monthly_payment_due_on(received_on)


def _calendar_2017(received_on: datetime.date, year: int) -> datetime.date:
    if received_on <= datetime.date(year, 8, 31):
        return datetime.date(year, 11, 30)
    if received_on <= datetime.date(year, 10, 31):
        return datetime.date(year, 12, 31)
    if received_on <= datetime.date(year, 12, 31):
        return _last_day_of_month(datetime.date(year + 1, 2, 1))
    return _monthly_payment_due_on(received_on)


# The calendar of the act, by the first benefit period it applies to.
_CALENDARS: dict[datetime.date, Callable[[datetime.date, int], datetime.date]] = {
    datetime.date(2011, 11, 1): _calendar_2011,
    datetime.date(2017, 11, 1): _calendar_2017,
}


def _calendar_for(period_start: datetime.date) -> Callable[[datetime.date, int], datetime.date]:
    starts = [start for start in _CALENDARS if start <= period_start]
    if not starts:
        raise ValueError("The payment calendar of benefit periods before 2011/2012 is not known.")
    return _CALENDARS[max(starts)]


@dataclass(frozen=True, slots=True)
class DeadlineView:
    """A due date as the "my applications by deadline" page shows it on `today`.

    `days_left` counts calendar days, as the k.p.a. terms do: 0 on the due day, negative after
    it. `status` is casework's (soon = 1 to 3 working days left), so that every start page
    colours deadlines alike. `paused` marks a term whose clock stands still (an open pause of
    art. 35 § 5 k.p.a., see `settlement_due_on`).
    """

    due_on: datetime.date
    today: datetime.date
    paused: bool = False

    @property
    def days_left(self) -> int:
        return (self.due_on - self.today).days

    @property
    def overdue(self) -> bool:
        return self.today > self.due_on

    @property
    def status(self) -> DeadlineStatus:
        return deadline_status(due_on=self.due_on, today=self.today)

    @property
    def label(self) -> str:
        """Text for the screen. The count follows a colon ("Dni do upływu terminu: 5") so that
        one Polish form fits every number."""
        if self.overdue:
            return gettext("Days overdue: %(days)d") % {"days": -self.days_left}
        if self.paused:
            return gettext("Term stopped; days left: %(days)d") % {"days": self.days_left}
        if self.days_left == 0:
            return gettext("The term ends today")
        return gettext("Days left: %(days)d") % {"days": self.days_left}
