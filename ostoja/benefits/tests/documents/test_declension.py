"""Names in the cases of Polish grammar. Every expected form is worked out by hand from the rule
given in the comment, not taken from the code's output."""

import pytest
from faker.providers.person.pl_PL import Provider as PolishNames
from hypothesis import given
from hypothesis import strategies as st

from ostoja.benefits.documents import declension
from ostoja.benefits.documents.declension import (
    Case,
    DeclinedName,
    decline_person,
    declines_with_certainty,
    honorific,
)
from ostoja.registry.demo.gmina import SURNAMES
from ostoja.registry.demo.identifiers import female_surname

WOMAN, MAN = "K", "M"
CASES_IN_ORDER = list(Case)  # nominative, genitive, dative, accusative, instrumental, loc., voc.


def forms(first: str, last: str, sex: str) -> list[str]:
    """The name in the seven cases, in the order of `Case`."""
    return [
        decline_person(first_name=first, last_name=last, sex=sex, case=case).text
        for case in CASES_IN_ORDER
    ]


def test_case_codes_are_morfeuszs_and_labels_are_polish_terms() -> None:
    assert [case.value for case in Case] == ["nom", "gen", "dat", "acc", "inst", "loc", "voc"]
    assert str(Case.DATIVE.label) == "celownik"  # the Polish grammar's term


def test_a_womans_first_name_in_ia_and_an_adjectival_surname_in_every_case() -> None:
    # Maria (feminine -ia): gen. = dat. = loc. -ii, acc. -ię, inst. -ią, voc. -io.
    # Lipowska (adjectival -ska, like "polska"): gen. = dat. = loc. -skiej, acc. = inst. -ską;
    # the vocative of a surname is its nominative (M. Bańko, Poradnia PWN).
    assert forms("Maria", "Lipowska", WOMAN) == [
        "Maria Lipowska",
        "Marii Lipowskiej",
        "Marii Lipowskiej",
        "Marię Lipowską",
        "Marią Lipowską",
        "Marii Lipowskiej",
        "Mario Lipowska",
    ]


def test_a_mans_first_name_and_an_adjectival_surname_in_every_case() -> None:
    # Jan (hard stem, masculine personal): Jana, Janowi, Jana (acc. = gen.), Janem, Janie, Janie.
    # Kowalski (adjectival, like "polski"): -skiego, -skiemu, -skiego, -skim, -skim; vocative =
    # nominative as for every surname.
    assert forms("Jan", "Kowalski", MAN) == [
        "Jan Kowalski",
        "Jana Kowalskiego",
        "Janowi Kowalskiemu",
        "Jana Kowalskiego",
        "Janem Kowalskim",
        "Janie Kowalskim",
        "Janie Kowalski",
    ]


def test_a_womans_surname_ending_in_a_consonant_does_not_decline() -> None:
    # Anna (hard stem -na): Anny, Annie, Annę, Anną, Annie, Anno. Nowak for a woman: a woman's
    # surname not ending in -a is indeclinable.
    assert forms("Anna", "Nowak", WOMAN) == [
        "Anna Nowak",
        "Anny Nowak",
        "Annie Nowak",
        "Annę Nowak",
        "Anną Nowak",
        "Annie Nowak",
        "Anno Nowak",
    ]


def test_the_same_surname_declines_for_a_man() -> None:
    # Piotr: Piotra, Piotrowi, Piotra, Piotrem, Piotrze (r -> rz before -e), vocative Piotrze.
    # Nowak (velar stem k): Nowaka, Nowakowi, Nowaka, Nowakiem (k + iem), Nowaku; voc. = nom.
    assert forms("Piotr", "Nowak", MAN) == [
        "Piotr Nowak",
        "Piotra Nowaka",
        "Piotrowi Nowakowi",
        "Piotra Nowaka",
        "Piotrem Nowakiem",
        "Piotrze Nowaku",
        "Piotrze Nowak",
    ]


def test_a_mans_surname_in_a_declines_as_a_feminine_noun() -> None:
    # Adam: Adama, Adamowi, Adama, Adamem, Adamie, Adamie. Sikora (hard stem -ra, like "kora"):
    # Sikory, Sikorze (r -> rz), Sikorę, Sikorą, Sikorze; vocative = nominative.
    assert forms("Adam", "Sikora", MAN) == [
        "Adam Sikora",
        "Adama Sikory",
        "Adamowi Sikorze",
        "Adama Sikorę",
        "Adamem Sikorą",
        "Adamie Sikorze",
        "Adamie Sikora",
    ]


@pytest.mark.parametrize(
    ("first", "last", "sex", "case", "expected"),
    [
        # Each part of a double-barrelled surname declines by its own pattern: Nowak stays for a
        # woman, Kowalska -> Kowalskiej (dative).
        ("Joanna", "Nowak-Kowalska", WOMAN, Case.DATIVE, "Joannie Nowak-Kowalskiej"),
        # Both parts adjectival: Kowalską-Nowicką (instrumental -ską, -cką).
        ("Ewa", "Kowalska-Nowicka", WOMAN, Case.INSTRUMENTAL, "Ewą Kowalską-Nowicką"),
        # A man's: Wójcik -> Wójcika, Zieliński -> Zielińskiego (genitive).
        ("Tomasz", "Wójcik-Zieliński", MAN, Case.GENITIVE, "Tomasza Wójcika-Zielińskiego"),
        # Both nouns, a man: Nowak -> Nowakowi, Stępień -> Stępniowi (the e of -eń drops).
        ("Jan", "Nowak-Stępień", MAN, Case.DATIVE, "Janowi Nowakowi-Stępniowi"),
    ],
)
def test_double_barrelled_surnames_decline_part_by_part(
    first: str, last: str, sex: str, case: Case, expected: str
) -> None:
    assert decline_person(first_name=first, last_name=last, sex=sex, case=case) == DeclinedName(
        expected, True
    )


def test_two_first_names_both_decline() -> None:
    # Anna -> Annie, Maria -> Marii (dative); Stępień for a woman does not decline.
    name = decline_person(first_name="Anna Maria", last_name="Stępień", sex=WOMAN, case=Case.DATIVE)
    assert name == DeclinedName("Annie Marii Stępień", True)


def test_homonyms_are_told_apart_by_the_kind_of_name() -> None:
    # The first name Aleksander drops the e (Aleksandra, like "Aleksander Wielki"); the surname
    # keeps it, as surnames in -er do (Kramer - Kramera):
    # https://eszkola.pl/jezyk-polski/polskie-nazwiska-11542.html?strona=3
    name = decline_person(
        first_name="Aleksander", last_name="Aleksander", sex=MAN, case=Case.GENITIVE
    )
    assert name.text == "Aleksandra Aleksandera"


def test_a_mans_first_name_is_the_masculine_homonym() -> None:
    # The dictionary also lists "Jan" as a woman's indeclinable surname; a man's first name
    # declines: Janowi (dative).
    assert decline_person(first_name="Jan", last_name="Nowak", sex=MAN, case=Case.DATIVE) == (
        DeclinedName("Janowi Nowakowi", True)
    )


def test_the_vocative_prefers_the_distinct_form() -> None:
    # Bruno: the careful vocative is "Brunonie" (stem Brunon-, as in Brunona); "Bruno!" is the
    # colloquial one. A surname's vocative stays the nominative.
    name = decline_person(first_name="Bruno", last_name="Mazur", sex=MAN, case=Case.VOCATIVE)
    assert name.text == "Brunonie Mazur"


def test_a_womans_name_not_ending_in_a_stays_as_written_and_certain() -> None:
    # Women's first names not ending in -a (Nicole, Ruth) do not decline in Polish.
    name = decline_person(
        first_name="Nicole Ruth", last_name="Kowalska", sex=WOMAN, case=Case.GENITIVE
    )
    assert name == DeclinedName("Nicole Ruth Kowalskiej", True)


def test_regular_surnames_the_dictionary_lacks_decline_by_the_exact_rules() -> None:
    for surname in ("Brzozowiecki", "Brzozowiecka", "Gąsienicak"):
        assert declension._paradigm(surname) == ()  # the premise: not in the dictionary
    # -cki like an adjective: -ckiego, -ckiemu, -ckiego, -ckim, -ckim.
    assert forms("Jan", "Brzozowiecki", MAN)[1:6] == [
        "Jana Brzozowieckiego",
        "Janowi Brzozowieckiemu",
        "Jana Brzozowieckiego",
        "Janem Brzozowieckim",
        "Janie Brzozowieckim",
    ]
    # -cka: -ckiej, -ckiej, -cką, -cką, -ckiej.
    assert forms("Ewa", "Brzozowiecka", WOMAN)[1:6] == [
        "Ewy Brzozowieckiej",
        "Ewie Brzozowieckiej",
        "Ewę Brzozowiecką",
        "Ewą Brzozowiecką",
        "Ewie Brzozowieckiej",
    ]
    # A man's -ak like Nowak: -aka, -akowi, -aka, -akiem, -aku.
    assert forms("Jan", "Gąsienicak", MAN)[1:6] == [
        "Jana Gąsienicaka",
        "Janowi Gąsienicakowi",
        "Jana Gąsienicaka",
        "Janem Gąsienicakiem",
        "Janie Gąsienicaku",
    ]
    named = decline_person(first_name="Jan", last_name="Gąsienicak", sex=MAN, case=Case.DATIVE)
    assert named.certain


def test_an_unknown_name_stays_in_the_nominative_and_is_reported() -> None:
    # "Alex" is not in the dictionary: it stays, the known surname still declines.
    assert decline_person(
        first_name="Alex", last_name="Kowalski", sex=MAN, case=Case.GENITIVE
    ) == DeclinedName("Alex Kowalskiego", False)
    # A man's surname of no regular pattern the dictionary lacks.
    assert decline_person(
        first_name="Jan", last_name="Qwertz", sex=MAN, case=Case.DATIVE
    ) == DeclinedName("Janowi Qwertz", False)
    # A woman's unknown first name in -a: its pattern cannot be told (Tola: Toli or Tolu?).
    assert decline_person(
        first_name="Tola", last_name="Nowak", sex=WOMAN, case=Case.DATIVE
    ) == DeclinedName("Tola Nowak", False)


def test_the_nominative_and_a_surnames_vocative_are_certain_even_when_unknown() -> None:
    for case in (Case.NOMINATIVE, Case.VOCATIVE):
        name = decline_person(first_name="Jan", last_name="Qwertz", sex=MAN, case=case)
        assert name.certain
        assert name.text.endswith(" Qwertz")


def test_capitalisation_is_kept_as_written() -> None:
    # The same forms as above, in the letters' case of the input.
    assert decline_person(
        first_name="JAN", last_name="KOWALSKI", sex=MAN, case=Case.DATIVE
    ) == DeclinedName("JANOWI KOWALSKIEMU", True)
    assert decline_person(
        first_name="maria", last_name="lipowska", sex=WOMAN, case=Case.GENITIVE
    ) == DeclinedName("marii lipowskiej", True)
    assert decline_person(
        first_name="Piotr", last_name="NOWAK-KOWALSKI", sex=MAN, case=Case.INSTRUMENTAL
    ) == DeclinedName("Piotrem NOWAKIEM-KOWALSKIM", True)


def test_surrounding_whitespace_is_dropped() -> None:
    name = decline_person(first_name=" Jan ", last_name=" Nowak ", sex=MAN, case=Case.GENITIVE)
    assert name.text == "Jana Nowaka"


def test_an_unknown_sex_code_is_refused() -> None:
    with pytest.raises(ValueError, match="'K' and 'M'"):
        decline_person(first_name="Jan", last_name="Nowak", sex="F", case=Case.DATIVE)
    with pytest.raises(ValueError, match="'K' and 'M'"):
        honorific("X", Case.DATIVE)


def test_the_honorific_in_every_case() -> None:
    # Pani: "Pani" in every case but the accusative and instrumental "Panią".
    assert [honorific(WOMAN, case) for case in CASES_IN_ORDER] == [
        "Pani",
        "Pani",
        "Pani",
        "Panią",
        "Panią",
        "Pani",
        "Pani",
    ]
    # Pan: Pana, Panu, Pana, Panem, Panu (locative "o Panu"), vocative Panie.
    assert [honorific(MAN, case) for case in CASES_IN_ORDER] == [
        "Pan",
        "Pana",
        "Panu",
        "Pana",
        "Panem",
        "Panu",
        "Panie",
    ]


def test_the_sentence_of_a_decision() -> None:
    # "przyznaje się Pani Marii Lipowskiej" / "Panu Janowi Kowalskiemu" (dative).
    woman = decline_person(first_name="Maria", last_name="Lipowska", sex=WOMAN, case=Case.DATIVE)
    man = decline_person(first_name="Jan", last_name="Kowalski", sex=MAN, case=Case.DATIVE)
    assert f"{honorific(WOMAN, Case.DATIVE)} {woman.text}" == "Pani Marii Lipowskiej"
    assert f"{honorific(MAN, Case.DATIVE)} {man.text}" == "Panu Janowi Kowalskiemu"


def test_the_surname_rules_agree_with_the_dictionary_on_the_demo_surnames() -> None:
    # Two independent sources: the exact rules above and SGJP's own paradigms.
    checked = 0
    for surname in SURNAMES:
        for sex, written in ((MAN, surname), (WOMAN, female_surname(surname))):
            for case in (Case.GENITIVE, Case.DATIVE, Case.ACCUSATIVE, Case.INSTRUMENTAL):
                ruled = declension._regular_surname_form(written, sex=sex, case=case)
                if ruled is None:
                    continue
                listed = declension._dictionary_form(
                    written, case=case, gender=declension._GENDER[sex], qualifier="nazwisko"
                )
                assert ruled == listed, (written, case)
                checked += 1
    # 60 surnames in -ski/-cki/-dzki (and their 60 feminine forms) and 14 in -ak, four cases:
    assert checked == (60 + 60 + 14) * 4


_FIRST_NAMES = st.sampled_from(
    [(name, WOMAN) for name in PolishNames.first_names_female]
    + [(name, MAN) for name in PolishNames.first_names_male]
)


@given(first=_FIRST_NAMES, surname=st.sampled_from(SURNAMES), case=st.sampled_from(list(Case)))
def test_shape_and_capitalisation_are_preserved(
    first: tuple[str, str], surname: str, case: Case
) -> None:
    name, sex = first
    last = female_surname(surname) if sex == WOMAN else surname
    declined = decline_person(first_name=name, last_name=last, sex=sex, case=case)
    shouted = decline_person(first_name=name.upper(), last_name=last.upper(), sex=sex, case=case)
    assert len(declined.text.split()) == len(f"{name} {last}".split())
    assert shouted == DeclinedName(declined.text.upper(), declined.certain)
    if case == Case.NOMINATIVE:
        assert declined == DeclinedName(f"{name} {last}", True)


@given(
    stem=st.text(alphabet="bcdfghjklłmnprstwzż", min_size=1, max_size=8),
    case=st.sampled_from(list(Case)),
)
def test_a_womans_surname_ending_in_a_consonant_never_changes(stem: str, case: Case) -> None:
    surname = "Ko" + stem  # a vowel first, a consonant last, as a surname would be
    name = decline_person(first_name="Ewa", last_name=surname, sex=WOMAN, case=case)
    assert name.text.endswith(" " + surname)
    assert name.certain


def test_text_morfeusz_takes_for_two_words_is_left_as_written() -> None:
    # A zero-width space (pasted from another program) is no separator to us but splits the
    # word for Morfeusz, which then refuses it; the name stays as written, flagged.
    name = decline_person(
        first_name="Anna\u200bMaria", last_name="Nowak", sex=WOMAN, case=Case.DATIVE
    )
    assert name == DeclinedName("Anna\u200bMaria Nowak", False)


def test_homonyms_of_the_same_kind_that_disagree_are_not_guessed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Two entries, both a man's surname, with different datives: the dictionary gives no form
    # (decline_person would then fall back to the rules, here the one of -ak).
    def entry(lemma: str, form: str) -> declension._Entry:
        return declension._Entry(
            form, lemma, frozenset({"dat"}), "m1", frozenset({"nazwisko"}), marked=False
        )

    paradigms = {"Dwojak": (entry("Dwojak:Sm1~a", "Dwojakowi"), entry("Dwojak:Sm1~b", "Dwojce"))}
    monkeypatch.setattr(declension, "_paradigm", lambda lemma: paradigms.get(lemma, ()))
    assert (
        declension._dictionary_form("Dwojak", case=Case.DATIVE, gender="m1", qualifier="nazwisko")
        is None
    )


def test_a_name_declines_with_certainty_only_when_every_case_of_a_decision_does() -> None:
    assert declines_with_certainty(first_name="Maria", last_name="Lipowska", sex="K")
    # Not in the dictionary: the nominative is kept, so the document asks for a check.
    assert not declines_with_certainty(first_name="Anna", last_name="Jesionowa", sex="K")
    # Without the sex recorded nothing can be declined.
    assert not declines_with_certainty(first_name="Maria", last_name="Lipowska", sex="")
