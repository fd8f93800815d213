"""Ages as Polish law counts them (art. 112 k.c.): a person reaches an age at the start of the
day that corresponds by date to the day of birth; where that month has no such day (29 February
in a common year, the 31st in a shorter month), on its last day."""

import calendar
import datetime

MONTHS_IN_YEAR = 12


def dzien_osiagniecia(birth: datetime.date, years: int, months: int = 0) -> datetime.date:
    """The day on which a person born on `birth` reaches `years` years and `months` months."""
    total = birth.month - 1 + months + years * MONTHS_IN_YEAR
    year, month = birth.year + total // MONTHS_IN_YEAR, total % MONTHS_IN_YEAR + 1
    last = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(birth.day, last))


def osiagnal(birth: datetime.date, day: datetime.date, years: int, months: int = 0) -> bool:
    """Whether on `day` the person has reached the age (from the start of that day)."""
    return day >= dzien_osiagniecia(birth, years, months)


def wiek(birth: datetime.date, day: datetime.date) -> int:
    """Full years on `day`."""
    years = day.year - birth.year
    return years if osiagnal(birth, day, years) else years - 1
