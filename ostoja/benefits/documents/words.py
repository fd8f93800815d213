"""Amounts in words as Polish decisions write them: "jeden tysiąc dwieście dwadzieścia dziewięć
złotych 00/100".

The figure itself ("1 229,00 zł") is `ostoja.core.money.format_pln`; `amount_with_words` puts
the two together. The words are Polish whatever the interface language: they are part of the
decision, which a Polish public body issues in Polish.
"""

from decimal import Decimal

from num2words import num2words

from ostoja.core.money import format_pln, to_grosze

# Scale words in the singular. Polish uses the singular only for a group worth exactly one
# (2–4 take "tysiące", 5 and more "tysięcy", 21 "dwadzieścia jeden tysięcy"), and num2words
# then writes the word bare: "tysiąc", "milion tysiąc".
_SCALE_WORDS = frozenset({"tysiąc", "milion", "miliard", "bilion", "biliard"})


def amount_in_words(amount: Decimal) -> str:
    """1229 -> "jeden tysiąc dwieście dwadzieścia dziewięć złotych 00/100".

    The amount is rounded to grosze first, as `format_pln` rounds it, so that the words and
    the figure of a decision always agree. A negative amount has no words in a decision.
    """
    value = to_grosze(amount)
    if value < 0:
        raise ValueError(f"An amount in words cannot be negative: {amount}.")
    zloty = int(value)
    grosze = int((value - zloty) * 100)
    return f"{_whole_in_words(zloty)} {zloty_form(zloty)} {grosze:02d}/100"


def amount_with_words(amount: Decimal) -> str:
    """The figure and its words, as a decision's ruling writes an amount.

    1229 -> "1 229,00 zł (słownie: jeden tysiąc dwieście dwadzieścia dziewięć złotych 00/100)",
    with the non-breaking spaces of `format_pln` in the figure.
    """
    return f"{format_pln(amount)} (słownie: {amount_in_words(amount)})"


def zloty_form(number: int) -> str:
    """The form of "złoty" after a number: 1 złoty; 2–4, 22–24… złote; otherwise złotych.

    Polish numerals 2, 3 and 4 (and compounds ending in them, except 12–14) take the nominative
    plural; 1 alone takes the singular; every other number, including 0, 5–21 and compounds
    ending in "jeden" (21, 101, 1001), takes the genitive plural.
    """
    if number == 1:
        return "złoty"
    if number % 10 in (2, 3, 4) and number % 100 not in (12, 13, 14):
        return "złote"
    return "złotych"


def _whole_in_words(number: int) -> str:
    """num2words' Polish, with "jeden" before a scale word that stands for exactly one of it.

    num2words writes 1229 as "tysiąc dwieście…"; decisions write "jeden tysiąc dwieście…" so
    that no word can be put in front of the amount.
    """
    spelled: list[str] = []
    for word in str(num2words(number, lang="pl")).split():
        if word in _SCALE_WORDS:
            spelled.append("jeden")
        spelled.append(word)
    return " ".join(spelled)
