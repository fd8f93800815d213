"""Amounts in words. The expected words are written out by hand; the property test reads the words
back with a small parser of Polish numerals written here, independent of num2words."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ostoja.benefits.documents.words import amount_in_words, amount_with_words, zloty_form


@pytest.mark.parametrize(
    ("number", "form"),
    [
        (0, "złotych"),  # zero takes the genitive plural: zero złotych
        (1, "złoty"),  # one alone: the singular
        (2, "złote"),  # 2, 3, 4: the nominative plural
        (3, "złote"),
        (4, "złote"),
        (5, "złotych"),  # 5 and more: the genitive plural
        (11, "złotych"),
        (12, "złotych"),  # 12-14 end in 2-4 but are "-naście": genitive plural
        (13, "złotych"),
        (14, "złotych"),
        (21, "złotych"),  # a compound ending in "jeden" is not the singular: 21 złotych
        (22, "złote"),  # a compound ending in 2-4 (but not 12-14): złote
        (24, "złote"),
        (25, "złotych"),
        (101, "złotych"),
        (102, "złote"),
        (112, "złotych"),
        (1000, "złotych"),  # "tysiąc złotych"
        (1002, "złote"),
        (1_000_012, "złotych"),
        (1_000_023, "złote"),
    ],
)
def test_the_form_of_zloty_after_a_number(number: int, form: str) -> None:
    assert zloty_form(number) == form


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        # The brief's example: 1 229,00 zł.
        ("1229.00", "jeden tysiąc dwieście dwadzieścia dziewięć złotych 00/100"),
        ("1", "jeden złoty 00/100"),
        ("2.50", "dwa złote 50/100"),
        ("12.05", "dwanaście złotych 05/100"),
        ("22", "dwadzieścia dwa złote 00/100"),
        ("25.10", "dwadzieścia pięć złotych 10/100"),
        ("0.99", "zero złotych 99/100"),
        ("459", "czterysta pięćdziesiąt dziewięć złotych 00/100"),
        ("1001", "jeden tysiąc jeden złotych 00/100"),
        ("3386", "trzy tysiące trzysta osiemdziesiąt sześć złotych 00/100"),
        ("15000", "piętnaście tysięcy złotych 00/100"),
        ("1000000", "jeden milion złotych 00/100"),
        # "jeden" before every scale word that stands for exactly one of it.
        ("2001000", "dwa miliony jeden tysiąc złotych 00/100"),
    ],
)
def test_amounts_in_words(amount: str, words: str) -> None:
    assert amount_in_words(Decimal(amount)) == words


def test_the_amount_is_rounded_to_grosze_half_up_as_the_figure_is() -> None:
    # 10.005 zł -> 10.01 zł (ROUND_HALF_UP, as ostoja.core.money rounds the figure).
    assert amount_in_words(Decimal("10.005")) == "dziesięć złotych 01/100"
    assert amount_in_words(Decimal("10.004")) == "dziesięć złotych 00/100"


def test_a_negative_amount_has_no_words() -> None:
    with pytest.raises(ValueError, match="negative"):
        amount_in_words(Decimal("-1"))


def test_the_figure_and_the_words_together() -> None:
    # The figure from ostoja.core.money: non-breaking spaces between thousands and before "zł".
    assert amount_with_words(Decimal("1229")) == (
        "1\xa0229,00\xa0zł (słownie: jeden tysiąc dwieście dwadzieścia dziewięć złotych 00/100)"
    )


# -- reading the words back -------------------------------------------------------------------

_UNITS = {
    "zero": 0,
    "jeden": 1,
    "dwa": 2,
    "trzy": 3,
    "cztery": 4,
    "pięć": 5,
    "sześć": 6,
    "siedem": 7,
    "osiem": 8,
    "dziewięć": 9,
    "dziesięć": 10,
    "jedenaście": 11,
    "dwanaście": 12,
    "trzynaście": 13,
    "czternaście": 14,
    "piętnaście": 15,
    "szesnaście": 16,
    "siedemnaście": 17,
    "osiemnaście": 18,
    "dziewiętnaście": 19,
    "dwadzieścia": 20,
    "trzydzieści": 30,
    "czterdzieści": 40,
    "pięćdziesiąt": 50,
    "sześćdziesiąt": 60,
    "siedemdziesiąt": 70,
    "osiemdziesiąt": 80,
    "dziewięćdziesiąt": 90,
    "sto": 100,
    "dwieście": 200,
    "trzysta": 300,
    "czterysta": 400,
    "pięćset": 500,
    "sześćset": 600,
    "siedemset": 700,
    "osiemset": 800,
    "dziewięćset": 900,
}
_SCALES = {
    **dict.fromkeys(("tysiąc", "tysiące", "tysięcy"), 1000),
    **dict.fromkeys(("milion", "miliony", "milionów"), 1_000_000),
    **dict.fromkeys(("miliard", "miliardy", "miliardów"), 1_000_000_000),
}


def _read_back(words: str) -> Decimal:
    """ "jeden tysiąc dwa złote 05/100" -> 1002.05; every scale word must follow a number."""
    *numerals, _zloty, grosze = words.split()
    total = group = 0
    for word in numerals:
        if word in _SCALES:
            assert group > 0, f"a bare {word!r} in {words!r}"
            total += group * _SCALES[word]
            group = 0
        else:
            group += _UNITS[word]
    cents, hundred = grosze.split("/")
    assert hundred == "100"
    assert len(cents) == 2
    return Decimal(total + group) + Decimal(cents) / 100


@given(st.integers(min_value=0, max_value=999_999_999_99))
def test_the_words_read_back_to_the_amount(grosze: int) -> None:
    amount = Decimal(grosze) / 100
    words = amount_in_words(amount)
    assert _read_back(words) == amount
    assert words.split()[-2] == zloty_form(grosze // 100)
