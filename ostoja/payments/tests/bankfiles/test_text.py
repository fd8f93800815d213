import pytest

from ostoja.payments.bankfiles import ElixirProfile, PainProfile, TextTooLongError, split_text, wrap
from ostoja.payments.bankfiles.text import (
    clean_elixir,
    clean_pain,
    plain,
    unencodable_characters,
)


def test_plain_collapses_white_space_and_control_characters() -> None:
    assert plain("  Anna\tNowak\r\n\x00 m.\u00a03 ") == "Anna Nowak m. 3"


def test_plain_drops_invisible_characters() -> None:
    assert plain("Przy\u00adkła\u200bdowo\ufeff") == "Przykładowo"


def test_plain_composes_decomposed_polish_letters() -> None:
    # "a" + COMBINING OGONEK, as some keyboards and PDFs give it, is the one letter "ą".
    assert plain("Ba\u0328k") == "Bąk"


def test_elixir_cleaning_strips_quotes_pipes_and_the_forbidden_characters() -> None:
    text = 'Spółdzielnia "Dom" | ul. Wąska 2: m. 5; 10% & więcej @ $'
    assert clean_elixir(text, ElixirProfile()) == "Spółdzielnia Dom ul. Wąska 2 m. 5 10% więcej"


def test_elixir_cleaning_keeps_what_a_bank_without_forbidden_characters_takes() -> None:
    profile = ElixirProfile(forbidden_characters="")
    assert clean_elixir('a:b;c&d@e$f"g|h', profile) == "a:b;c&d@e$fgh"


@pytest.mark.parametrize("encoding", ["cp1250", "cp852", "iso-8859-2", "utf-8"])
def test_polish_letters_stay_in_every_encoding(encoding: str) -> None:
    text = "Zażółć gęślą jaźń ZAŻÓŁĆ GĘŚLĄ JAŹŃ"
    assert clean_elixir(text, ElixirProfile(encoding=encoding)) == text


def test_transliteration_writes_ascii() -> None:
    profile = ElixirProfile(transliterate=True)
    assert clean_elixir("Zażółć gęślą jaźń Łódź", profile) == "Zazolc gesla jazn Lodz"


def test_a_character_the_encoding_lacks_is_replaced_not_an_error() -> None:
    # cp852 (DOS Latin-2) has no euro sign; its ASCII form takes its place.
    assert clean_elixir("Zwrot 10 €", ElixirProfile(encoding="cp852")) == "Zwrot 10 EUR"
    assert clean_elixir("Zwrot 10 €", ElixirProfile(encoding="cp1250")) == "Zwrot 10 €"


def test_a_character_with_no_ascii_form_becomes_a_question_mark() -> None:
    assert clean_elixir("Kot 🐈 Filemon", ElixirProfile()) == "Kot ? Filemon"


def test_typographic_quotes_from_transliteration_are_stripped_too() -> None:
    # cp852 lacks „ and ”; their ASCII forms are ,, and " and the quote must go.
    assert clean_elixir("„Promyk”", ElixirProfile(encoding="cp852")) == ",,Promyk"


def test_unencodable_characters_are_named() -> None:
    assert unencodable_characters("Zwrot 10 € i 5 €", ElixirProfile(encoding="cp852")) == "€"
    assert unencodable_characters("Zwrot 10 €", ElixirProfile(encoding="cp1250")) == ""
    assert unencodable_characters("Łódź", ElixirProfile(encoding="iso-8859-2")) == ""


def test_transliteration_makes_transliterable_characters_acceptable() -> None:
    profile = ElixirProfile(encoding="cp852", transliterate=True)
    assert unencodable_characters("Zwrot 10 €", profile) == ""
    assert unencodable_characters("Kot 🐈", profile) == "🐈"


def test_pain_cleaning_keeps_polish_letters_unless_asked() -> None:
    assert clean_pain(" Józef\tŻółkiewski ", PainProfile()) == "Józef Żółkiewski"
    assert clean_pain("Józef Żółkiewski", PainProfile(transliterate=True)) == "Jozef Zolkiewski"


def test_wrap_breaks_between_words() -> None:
    text = "Miejski Ośrodek Pomocy Rodzinie imienia Jana Kowalskiego w Przykładowie Górnym"
    assert wrap(text) == (
        "Miejski Ośrodek Pomocy Rodzinie",
        "imienia Jana Kowalskiego",
        "w Przykładowie Górnym",
    )


def test_wrap_keeps_a_one_letter_word_with_the_next() -> None:
    # "Gminny Ośrodek Pomocy Społecznej w" would fit in 35 (34 characters), but Polish
    # typography keeps "w" off the end of a line: the §1.5 example breaks before it.
    assert wrap("Gminny Ośrodek Pomocy Społecznej w Przykładowie") == (
        "Gminny Ośrodek Pomocy Społecznej",
        "w Przykładowie",
    )


def test_wrap_cuts_a_word_longer_than_a_line() -> None:
    word = "Konstantynopolitańczykowianeczkówna"  # 35 letters: fits exactly
    assert wrap(word) == (word,)
    assert wrap(word + "mi") == (word, "mi")


def test_wrap_of_nothing_is_no_line() -> None:
    assert wrap("") == ()
    assert wrap("   ") == ()


def test_wrap_to_another_width() -> None:
    assert wrap("ul. Polna 7 m. 3, 00-951 Przykładowo", 20) == (
        "ul. Polna 7 m. 3,",
        "00-951 Przykładowo",
    )


def test_split_text_refuses_what_does_not_fit() -> None:
    assert split_text("raz dwa trzy", width=8, max_parts=2) == ("raz dwa", "trzy")
    with pytest.raises(TextTooLongError):
        split_text("raz dwa trzy cztery pięć sześć", width=8, max_parts=2)
