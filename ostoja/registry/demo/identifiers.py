"""Synthetic identifiers with correct check digits, and Polish surname forms."""

import datetime

from stdnum.pl import pesel as stdnum_pesel

from ostoja.registry.models import Sex


def female_surname(surname: str) -> str:
    return surname[:-1] + "a" if surname.endswith("ki") else surname


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def pesel_for(birth_date: datetime.date, sex: str, serial: int) -> str:
    """A PESEL for a birth date and sex; `serial` (0–999) picks the three free digits."""
    month = birth_date.month + {18: 80, 19: 0, 20: 20, 21: 40, 22: 60}[birth_date.year // 100]
    sex_digit = (serial % 5) * 2 + (1 if sex == Sex.MALE else 0)
    digits = f"{birth_date.year % 100:02d}{month:02d}{birth_date.day:02d}{serial // 5 % 1000:03d}"
    digits += str(sex_digit)
    return digits + stdnum_pesel.calc_check_digit(digits)


def nrb_for(bank: str, account: str) -> str:
    """An NRB (26 digits) for an 8-digit bank code and a 16-digit account number."""
    bban = bank + account
    remainder = int(bban + "252100") % 97  # "PL00" moved to the end, letters as numbers
    return f"{98 - remainder:02d}{bban}"


# Bank codes (sort codes) of fictitious banks; the NRB check digits are what gets validated.
BANK_CODES = ("10101010", "12401234", "90010004", "87770007", "93400002")
