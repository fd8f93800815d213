"""Deadlines of the environmental interview (rodzinny wywiad środowiskowy).

The interview regulation (rozporządzenie MRiPS z 8 kwietnia 2021 r. w sprawie rodzinnego
wywiadu środowiskowego, Dz.U. 2021 poz. 893, ELI: https://eli.gov.pl/eli/DU/2021/893/ogl),
§ 3 ust. 2: the interview within 14 working days of the day the need for it became known;
§ 3 ust. 3: in urgent cases without delay, at the latest within 2 working days. Art. 107
ust. 4 u.p.s.: for persons receiving permanent forms of help the interview is updated at least
every 6 months even when nothing has changed.

Counting: the day on which the need became known is not counted, as art. 57 § 1 KPA counts a
term in days ("nie uwzględnia się dnia, w którym zdarzenie nastąpiło"); the term ends on the
14th (2nd) working day after it. A term in working days always ends on a working day, so
art. 57 § 4 KPA (a term ending on a day free from work or a Saturday ends on the next working
day) never moves it.
"""

import datetime
from enum import StrEnum

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ostoja.core.workdays import add_working_days, next_working_day, working_days_between

INTERVIEW_WORKING_DAYS = 14
URGENT_WORKING_DAYS = 2
UPDATE_MONTHS = 6
SOON_WORKING_DAYS = 3


def interview_due_on(*, need_known_on: datetime.date, urgent: bool) -> datetime.date:
    """The last day for the interview: the 14th (urgent: 2nd) working day after the day the
    need became known, that day not counted."""
    count = URGENT_WORKING_DAYS if urgent else INTERVIEW_WORKING_DAYS
    return add_working_days(need_known_on, count)


def update_due_on(*, conducted_on: datetime.date) -> datetime.date:
    """The last day for the update of an interview for permanent help (art. 107 ust. 4 u.p.s.):
    six calendar months after the interview.

    The same day number six months on, or the last day of that month when it is shorter
    (31 August -> 28/29 February), as art. 57 § 3 KPA counts a term in months. When that day
    is a Saturday, a Sunday or a public holiday it moves to the next working day, by analogy
    with art. 57 § 4 KPA; the setting `OSTOJA_UPDATE_DUE_MOVES_TO_WORKING_DAY = False` keeps
    the calendar day instead (see docs/legal/choices.md).
    """
    due: datetime.date = conducted_on + relativedelta(months=UPDATE_MONTHS)
    if getattr(settings, "OSTOJA_UPDATE_DUE_MOVES_TO_WORKING_DAY", True):
        return next_working_day(due)
    return due


def working_days_left(*, due_on: datetime.date, today: datetime.date) -> int:
    """Working days from today to the due day: 0 on the due day, negative when overdue.

    Overdue is at least -1 even when no working day has passed since the due day (due on a
    Friday, looked at on the Saturday), so that a count after the due day never reads 0.
    """
    left = working_days_between(today, due_on)
    if today > due_on:
        return min(left, -1)
    return left


class DeadlineStatus(StrEnum):
    OK = "ok"
    SOON = "soon"
    TODAY = "today"
    OVERDUE = "overdue"

    @property
    def label(self) -> Promise:
        return _STATUS_LABELS[self]

    @property
    def badge_class(self) -> str:
        """Bootstrap 5.3 `text-bg-*` classes pick a text colour that contrasts with the
        background (dark text on warning), so the badge stays readable."""
        return _STATUS_BADGES[self]


_STATUS_LABELS: dict[DeadlineStatus, Promise] = {
    DeadlineStatus.OK: _("on time"),
    DeadlineStatus.SOON: _("due soon"),
    DeadlineStatus.TODAY: _("due today"),
    DeadlineStatus.OVERDUE: _("overdue"),
}

_STATUS_BADGES: dict[DeadlineStatus, str] = {
    DeadlineStatus.OK: "text-bg-success",
    DeadlineStatus.SOON: "text-bg-warning",
    DeadlineStatus.TODAY: "text-bg-warning",
    DeadlineStatus.OVERDUE: "text-bg-danger",
}


def deadline_status(*, due_on: datetime.date, today: datetime.date) -> DeadlineStatus:
    """ok, soon (1 to 3 working days left), today (the due day), overdue (after it)."""
    if today > due_on:
        return DeadlineStatus.OVERDUE
    if today == due_on:
        return DeadlineStatus.TODAY
    if working_days_left(due_on=due_on, today=today) <= SOON_WORKING_DAYS:
        return DeadlineStatus.SOON
    return DeadlineStatus.OK
