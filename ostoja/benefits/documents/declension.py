"""The party's name in the case a decision's sentence needs: "przyznaje się Pani Marii Lipowskiej".

Forms come from Morfeusz 2 with the SGJP dictionary (`morfeusz2`), which lists Polish first names
and tens of thousands of surnames with their gender and a qualifier ("imię", "nazwisko"). Around
the dictionary sit the rules of Polish grammar that hold for every name, so that they need no
dictionary at all, and a fallback for the regular surname patterns it may lack:

* a woman's first name or surname that does not end in -a does not decline ("Annie Nowak",
  "Nicole"); sources: https://eszkola.pl/jezyk-polski/polskie-nazwiska-11542.html,
  https://akademia.tvp.pl/84080880/nazwiska-odmieniac-czy-nie-odmieniac-oto-jest-pytanie;
* the vocative of a surname equals its nominative ("Panie Janie Nowak", "Pani Mario Lipowska"):
  M. Bańko, Poradnia PWN, https://sjp.pwn.pl/poradnia/haslo/Wolac-po-nazwisku;10844.html;
* each part of a double-barrelled surname declines by its own pattern ("Joannie
  Nowak-Kowalskiej", "Tomasza Wójcika-Zielińskiego");
* surnames in -ski/-cki/-dzki (men) and -ska/-cka/-dzka (women) decline as adjectives, and a
  man's surname in -ak as a hard-stem masculine noun (Nowak, Nowaka, Nowakowi, Nowakiem, Nowaku):
  these endings are exact, so they also serve surnames the dictionary does not know. Surnames in
  -ek are not among them: whether the e drops (Dudek → Dudka) is a matter of the word and, for
  some families, of their own usage, which no rule can state.

Anything else the dictionary does not know (a foreign name, an unusual spelling) stays in the
nominative and the result says so (`certain=False`), so that the document asks for a check.
"""

import functools
import re
import threading
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, NamedTuple

import morfeusz2
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from ostoja.registry.models import Sex

# Shown next to a document whose party's name could not be declined with certainty.
UNCERTAIN_NAME_WARNING = _(
    "The name could not be declined with certainty; check its form in the document."
)


class Case(StrEnum):
    """The seven Polish cases; the values are the case codes of Morfeusz's tags."""

    NOMINATIVE = "nom"  # mianownik: kto? co?
    GENITIVE = "gen"  # dopełniacz: kogo? czego?
    DATIVE = "dat"  # celownik: komu? czemu?
    ACCUSATIVE = "acc"  # biernik: kogo? co?
    INSTRUMENTAL = "inst"  # narzędnik: z kim? z czym?
    LOCATIVE = "loc"  # miejscownik: o kim? o czym?
    VOCATIVE = "voc"  # wołacz: o!

    @property
    def label(self) -> StrOrPromise:
        return _CASE_LABELS[self]


_CASE_LABELS: dict[Case, StrOrPromise] = {
    Case.NOMINATIVE: _("nominative"),
    Case.GENITIVE: _("genitive"),
    Case.DATIVE: _("dative"),
    Case.ACCUSATIVE: _("accusative"),
    Case.INSTRUMENTAL: _("instrumental"),
    Case.LOCATIVE: _("locative"),
    Case.VOCATIVE: _("vocative"),
}


@dataclass(frozen=True)
class DeclinedName:
    """A name in a case; `certain` is False where a part stayed in the nominative unknown."""

    text: str
    certain: bool


# "Pan" and "Pani" by case, written with a capital as in a letter to the party. Pani is an
# indeclinable-looking noun of its own pattern: Pani in every case but the accusative and the
# instrumental (Panią); Pan declines as a hard-stem masculine personal noun (Pana, Panu, Pana,
# Panem, Panu) with the vocative Panie.
_HONORIFICS: dict[str, dict[Case, str]] = {
    Sex.FEMALE: {
        Case.NOMINATIVE: "Pani",
        Case.GENITIVE: "Pani",
        Case.DATIVE: "Pani",
        Case.ACCUSATIVE: "Panią",
        Case.INSTRUMENTAL: "Panią",
        Case.LOCATIVE: "Pani",
        Case.VOCATIVE: "Pani",
    },
    Sex.MALE: {
        Case.NOMINATIVE: "Pan",
        Case.GENITIVE: "Pana",
        Case.DATIVE: "Panu",
        Case.ACCUSATIVE: "Pana",
        Case.INSTRUMENTAL: "Panem",
        Case.LOCATIVE: "Panu",
        Case.VOCATIVE: "Panie",
    },
}


def honorific(sex: str, case: Case) -> str:
    """ "Pani"/"Pan" in the case: honorific("K", Case.ACCUSATIVE) == "Panią"."""
    return _HONORIFICS[_checked_sex(sex)][case]


def decline_person(*, first_name: str, last_name: str, sex: str, case: Case) -> DeclinedName:
    """First name(s) and surname of a person of the registry's sex ("K"/"M") in the case.

    decline_person(first_name="Maria", last_name="Lipowska", sex="K", case=Case.DATIVE)
    == DeclinedName("Marii Lipowskiej", certain=True). Capitalisation is kept as written.
    """
    sex = _checked_sex(sex)
    first = _decline_parts(first_name.strip(), sex=sex, case=case, kind=_FIRST_NAME)
    last = _decline_parts(last_name.strip(), sex=sex, case=case, kind=_SURNAME)
    text = " ".join(part.text for part in (first, last) if part.text)
    return DeclinedName(text, first.certain and last.certain)


# The cases a decision names its party in: "Pani Marii" (dative, the addressee), "Pani Marię"
# (accusative, "zobowiązuje się"), "Pani Marii" (genitive, "wniosek").
DECISION_CASES = (Case.GENITIVE, Case.DATIVE, Case.ACCUSATIVE)


def declines_with_certainty(*, first_name: str, last_name: str, sex: str) -> bool:
    """Whether the name declines with certainty in every case a decision writes it in; False
    for a person whose sex is not recorded (nothing is declined for her)."""
    if sex not in (Sex.FEMALE, Sex.MALE):
        return False
    return all(
        decline_person(first_name=first_name, last_name=last_name, sex=sex, case=case).certain
        for case in DECISION_CASES
    )


def _checked_sex(sex: str) -> str:
    if sex not in (Sex.FEMALE, Sex.MALE):
        raise ValueError(f"Unknown sex code {sex!r}: the registry uses 'K' and 'M'.")
    return sex


# -- one name, part by part ---------------------------------------------------------------------

# Morfeusz's qualifiers for the two kinds of name (the third field of its answer).
_FIRST_NAME = "imię"
_SURNAME = "nazwisko"
# Gender in the tag: a woman's names are feminine (f), a man's masculine personal (m1), which
# leaves out the homonyms that are animals, places or things (Wróbel:Sm3, Baran:Sm2).
_GENDER: dict[str, str] = {Sex.FEMALE: "f", Sex.MALE: "m1"}
# Names are separated by spaces (first names) and hyphens (double-barrelled surnames).
_SEPARATORS = re.compile(r"(\s+|-)")


def _decline_parts(name: str, *, sex: str, case: Case, kind: str) -> DeclinedName:
    pieces: list[str] = []
    certain = True
    for index, piece in enumerate(_SEPARATORS.split(name)):
        if index % 2 or not piece:  # a separator, kept as written
            pieces.append(piece)
            continue
        word = _decline_word(piece, sex=sex, case=case, kind=kind)
        pieces.append(word.text)
        certain = certain and word.certain
    return DeclinedName("".join(pieces), certain)


def _decline_word(word: str, *, sex: str, case: Case, kind: str) -> DeclinedName:
    if case == Case.NOMINATIVE:
        return DeclinedName(word, True)
    if kind == _SURNAME and case == Case.VOCATIVE:
        return DeclinedName(word, True)  # a surname's vocative is its nominative (Bańko, PWN)
    if sex == Sex.FEMALE and word.isalpha() and not word.lower().endswith("a"):
        return DeclinedName(word, True)  # a woman's name not ending in -a does not decline
    lookup = word[:1].upper() + word[1:].lower()  # the dictionary writes names like this
    form = _dictionary_form(lookup, case=case, gender=_GENDER[sex], qualifier=kind)
    if form is None and kind == _SURNAME:
        form = _regular_surname_form(lookup, sex=sex, case=case)
    if form is None:
        return DeclinedName(word, False)
    return DeclinedName(_with_case_of(word, form), True)


def _with_case_of(written: str, form: str) -> str:
    """The form with the capitalisation of the name as written: KOWALSKI -> KOWALSKIEGO."""
    if len(written) > 1 and written.isupper():
        return form.upper()
    if written.islower():
        return form.lower()
    return "".join(
        char.upper() if index < len(written) and written[index].isupper() else char.lower()
        for index, char in enumerate(form)
    )


# -- the dictionary -----------------------------------------------------------------------------


class _Entry(NamedTuple):
    """One singular form of Morfeusz's paradigm of a name."""

    form: str
    lemma: str  # with Morfeusz's homonym mark, "Aleksander:Sm1~dra"
    cases: frozenset[str]
    gender: str
    qualifiers: frozenset[str]  # "imię", "nazwisko", "nazwa_geograficzna"...
    marked: bool  # a form with a stylistic label ("rzad.", "pot.", "arch."), not the plain one


_GENERATE_LOCK = threading.Lock()  # Morfeusz's C++ object is not documented as thread-safe


@functools.cache
def _morfeusz() -> Any:
    # Loaded once per process, on first use: about 50 ms and some 40 MB of dictionary.
    return morfeusz2.Morfeusz(analyse=False, generate=True, expand_tags=False)


@functools.lru_cache(maxsize=20_000)
def _paradigm(lemma: str) -> tuple[_Entry, ...]:
    """Every singular noun form Morfeusz generates from the lemma (all homonyms)."""
    try:
        with _GENERATE_LOCK:
            generated = _morfeusz().generate(lemma)
    except RuntimeError:  # Morfeusz refuses input that is not one word
        return ()
    entries = []
    for form, full_lemma, tag, qualifiers, labels in generated:
        parts = tag.split(":")
        if parts[0] != "subst" or len(parts) < 4 or "sg" not in parts[1].split("."):
            continue
        entries.append(
            _Entry(
                form=form,
                lemma=full_lemma,
                cases=frozenset(parts[2].split(".")),
                gender=parts[3],
                qualifiers=frozenset(qualifiers),
                marked=bool(labels),
            )
        )
    return tuple(entries)


def _dictionary_form(lemma: str, *, case: Case, gender: str, qualifier: str) -> str | None:
    """The form of the homonym with the person's gender and the kind of name, if listed.

    Homonyms are told apart by gender and kind: "Aleksander" the first name gives "Aleksandra",
    the surname "Aleksandera"; "Jan" the feminine surname does not decline. A plain form wins
    over a labelled variant ("Stępnia" over the rare "Stępienia").
    """
    forms_by_lemma: dict[str, list[_Entry]] = {}
    for entry in _paradigm(lemma):
        if entry.gender == gender and qualifier in entry.qualifiers and case in entry.cases:
            forms_by_lemma.setdefault(entry.lemma, []).append(entry)
    if not forms_by_lemma:
        return None
    # A vocative equal to the nominative ("Bruno!") is the colloquial variant; where the
    # dictionary also lists the distinct one ("Brunonie!"), that is the careful form a letter
    # uses (https://www.nck.pl/projekty-kulturalne/projekty/ojczysty-dodaj-do-ulubionych/
    # ciekawostki-jezykowe/wolacz).
    avoid = lemma if case == Case.VOCATIVE else None
    chosen = {_preferred(entries, avoid=avoid) for entries in forms_by_lemma.values()}
    if len(chosen) > 1:
        return None  # two homonyms of the same kind and gender disagree: do not guess
    return chosen.pop()


def _preferred(entries: list[_Entry], *, avoid: str | None) -> str:
    """The first plain form, other than `avoid` if there is another; else the first form."""
    plain = [entry.form for entry in entries if not entry.marked] or [entries[0].form]
    distinct = [form for form in plain if form != avoid]
    return (distinct or plain)[0]


# -- the regular surnames -----------------------------------------------------------------------

# Adjectival surnames: the endings replace the final -i (men) or -a (women) of the nominative.
_ADJECTIVAL_MASCULINE = {
    Case.GENITIVE: "iego",
    Case.DATIVE: "iemu",
    Case.ACCUSATIVE: "iego",
    Case.INSTRUMENTAL: "im",
    Case.LOCATIVE: "im",
}
_ADJECTIVAL_FEMININE = {
    Case.GENITIVE: "iej",
    Case.DATIVE: "iej",
    Case.ACCUSATIVE: "ą",
    Case.INSTRUMENTAL: "ą",
    Case.LOCATIVE: "iej",
}
# A man's surname in -ak: the hard-stem masculine personal noun, endings added to the whole word.
_NOUN_IN_AK = {
    Case.GENITIVE: "a",
    Case.DATIVE: "owi",
    Case.ACCUSATIVE: "a",
    Case.INSTRUMENTAL: "iem",
    Case.LOCATIVE: "u",
}


def _regular_surname_form(surname: str, *, sex: str, case: Case) -> str | None:
    """The form by the exact rules of -ski/-cki/-dzki, -ska/-cka/-dzka and a man's -ak."""
    lowered = surname.lower()
    if len(lowered) >= 5:  # shorter words ending so ("Ski") are not adjectives
        if sex == Sex.MALE and lowered.endswith(("ski", "cki", "dzki")):
            return _replace_last(surname, _ADJECTIVAL_MASCULINE.get(case))
        if sex == Sex.FEMALE and lowered.endswith(("ska", "cka", "dzka")):
            return _replace_last(surname, _ADJECTIVAL_FEMININE.get(case))
    if sex == Sex.MALE and len(lowered) >= 3 and lowered.endswith("ak"):
        ending = _NOUN_IN_AK.get(case)
        return None if ending is None else surname + ending
    return None


def _replace_last(word: str, ending: str | None) -> str | None:
    return None if ending is None else word[:-1] + ending
