"""How the benefits' documents write dates, periods, amounts and payments: the one place for it.

The first draft of a decision (`drafting`) and the data its DOCX and PDF print
(`documents.render`) write these the same way, so that what the clerk edits and what is printed
never disagree. The words are Polish whatever the interface language: they are part of a
decision, which a Polish public body issues in Polish.

The figure of an amount is `ostoja.core.money.format_pln` ("1 234,56 zł", non-breaking spaces)
and its words `documents.words.amount_with_words`; this module gives both the form a document
needs (an absent amount is an empty text, a value read back from JSON is taken as written).
"""

import datetime
from decimal import Decimal

from babel.dates import format_date

from ostoja.benefits.documents.words import amount_with_words
from ostoja.benefits.models import PaymentMethod
from ostoja.core.fields import group_account_number
from ostoja.core.money import format_pln

# "w lutym 2024 r.": the months in the locative, after "w".
MONTHS_LOCATIVE = (
    "styczniu",
    "lutym",
    "marcu",
    "kwietniu",
    "maju",
    "czerwcu",
    "lipcu",
    "sierpniu",
    "wrześniu",
    "październiku",
    "listopadzie",
    "grudniu",
)


def polish_date(day: datetime.date) -> str:
    """1 marca 2026 r."""
    return f"{format_date(day, format='d MMMM y', locale='pl')} r."


def polish_in_month(day: datetime.date) -> str:
    """The month of `day` after "w": "w lutym 2024 r."."""
    return f"w {MONTHS_LOCATIVE[day.month - 1]} {day.year} r."


def polish_period(start: datetime.date, end: datetime.date | None) -> str:
    """ "od 1 marca 2025 r. do 31 sierpnia 2025 r.", "od 1 marca 2025 r." for a period with no
    end, or the one day ("1 marca 2025 r.") when it ends on the day it starts."""
    if end is None:
        return f"od {polish_date(start)}"
    if end == start:
        return polish_date(start)
    return f"od {polish_date(start)} do {polish_date(end)}"


def polish_amount(value: Decimal | str | float | None) -> str:
    """ "1 234,56 zł"; "" for no amount. A value read back from JSON (a string, or a number
    JSON gave as a float) is taken as it is written, never through binary floating point."""
    if value is None:
        return ""
    return format_pln(Decimal(str(value)))


def polish_amount_with_words(value: Decimal | None) -> str:
    """ "1 229,00 zł (słownie: jeden tysiąc dwieście dwadzieścia dziewięć złotych 00/100)"; ""
    for no amount."""
    return "" if value is None else amount_with_words(value)


def payment_words(method: str, account: str) -> str:
    """How a benefit is paid, in the words of the operative part: to the account (its number
    grouped as an NRB is written), at the centre's cash desk, to the institution providing the
    benefit, by postal order, or in kind."""
    if method == PaymentMethod.BANK:
        return f"na rachunek bankowy nr {group_account_number(account)}"
    if method == PaymentMethod.CASH:
        return "w kasie ośrodka"
    if method == PaymentMethod.INSTITUTION:
        return "na rzecz instytucji realizującej świadczenie"
    if method == PaymentMethod.POSTAL:
        return "przekazem pocztowym na adres zamieszkania"
    return "w naturze"
