"""Answers: cleaning by type with the Polish message on a bad one, the check on completion,
the Polish display and the keys changed between two versions."""

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from ostoja.casework.questionnaire import (
    AnswerError,
    AnswerType,
    Choice,
    Question,
    changed_keys,
    clean_answer,
    clean_answers,
    display_answer,
    format_number,
    get_questionnaire,
    is_empty,
    missing_on_completion,
)
from ostoja.casework.questionnaire.answers import LONG_TEXT_MAX_LENGTH, TEXT_MAX_LENGTH

TEXT = Question("X.A.1", "Telefon", AnswerType.TEXT)
LONG = Question("X.A.2", "Opis", AnswerType.LONG_TEXT)
INTEGER = Question("X.A.3", "Liczba izb", AnswerType.INTEGER)
AMOUNT = Question("X.A.4", "Kwota", AnswerType.DECIMAL, unit="zł")
HECTARES = Question("X.A.5", "Powierzchnia", AnswerType.DECIMAL, unit="ha", decimal_places=4)
DAY = Question("X.A.6", "Data", AnswerType.DATE)
YES_NO = Question("X.A.7", "Czy?", AnswerType.YES_NO)
CHOICES = (Choice("mieszkanie", "mieszkanie"), Choice("dom", "dom jednorodzinny"))
CHOICE = Question("X.A.8", "Rodzaj", AnswerType.CHOICE, choices=CHOICES)
MULTI = Question(
    "X.A.9",
    "Wyposażenie",
    AnswerType.MULTI_CHOICE,
    choices=(Choice("woda", "bieżąca woda"), Choice("gaz", "gaz"), Choice("co", "c.o.")),
)
REGISTRY = Question("X.A.10", "Skład rodziny", AnswerType.REGISTRY, source="members")
ALL = (TEXT, LONG, INTEGER, AMOUNT, HECTARES, DAY, YES_NO, CHOICE, MULTI, REGISTRY)


@pytest.fixture(autouse=True)
def _polish() -> Any:
    with translation.override("pl"):
        yield


def refused(question: Question, raw: Any) -> str:
    with pytest.raises(AnswerError) as raised:
        clean_answer(question, raw)
    assert str(raised.value) == raised.value.message
    return raised.value.message


# ---------------------------------------------------------------------------------------------
# Empty answers
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("question", ALL, ids=[q.type.value for q in ALL])
@pytest.mark.parametrize("raw", [None, "", "   ", [], [""], ["", "  "]])
def test_an_empty_answer_is_none(question: Question, raw: Any) -> None:
    assert clean_answer(question, raw) is None


# ---------------------------------------------------------------------------------------------
# Text
# ---------------------------------------------------------------------------------------------


def test_text_is_stripped() -> None:
    assert clean_answer(TEXT, "  600 100 200 ") == "600 100 200"
    assert clean_answer(TEXT, ["Kowalska"]) == "Kowalska"
    assert clean_answer(TEXT, ["", "Kowalska", " "]) == "Kowalska"


def test_short_text_keeps_to_one_line() -> None:
    assert clean_answer(TEXT, "ul. Lipowa 7\r\n  m. 3") == "ul. Lipowa 7 m. 3"


def test_long_text_keeps_its_lines_with_one_kind_of_line_break() -> None:
    assert clean_answer(LONG, "Pierwsza.\r\nDruga.\rTrzecia.") == "Pierwsza.\nDruga.\nTrzecia."


def test_text_over_the_limit_is_refused_with_the_length() -> None:
    assert clean_answer(TEXT, "x" * TEXT_MAX_LENGTH) == "x" * TEXT_MAX_LENGTH
    assert refused(TEXT, "x" * (TEXT_MAX_LENGTH + 1)) == (
        f"Skróć odpowiedź do najwyżej {TEXT_MAX_LENGTH} znaków (teraz {TEXT_MAX_LENGTH + 1})."
    )
    assert clean_answer(LONG, "x" * LONG_TEXT_MAX_LENGTH) is not None
    assert refused(LONG, "x" * (LONG_TEXT_MAX_LENGTH + 1)).startswith("Skróć odpowiedź")


def test_two_answers_to_a_single_answer_question_are_refused() -> None:
    assert refused(TEXT, ["a", "b"]) == "Podaj jedną odpowiedź."
    assert refused(INTEGER, ["1", "2"]) == "Podaj jedną odpowiedź."


# ---------------------------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value"),
    [("3", 3), (" 12 ", 12), ("1 200", 1200), ("1\u00a0200", 1200), ("+4", 4), (7, 7), ("0", 0)],
)
def test_an_integer(raw: Any, value: int) -> None:
    assert clean_answer(INTEGER, raw) == value


@pytest.mark.parametrize("raw", ["3,5", "3.0", "trzy", "1e3", "0x10", True])
def test_not_an_integer_is_refused(raw: Any) -> None:
    assert refused(INTEGER, raw) == "Wpisz liczbę całkowitą."


def test_a_negative_or_huge_integer_is_refused() -> None:
    assert refused(INTEGER, "-1") == "Wpisz liczbę nie mniejszą niż zero."
    assert refused(INTEGER, -1) == "Wpisz liczbę nie mniejszą niż zero."
    assert refused(INTEGER, "1000000000") == "Liczba jest za duża; sprawdź ją."


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("1234,50", "1234.50"),
        ("1234.50", "1234.50"),
        ("1 234,5", "1234.50"),
        ("1\u00a0234,50", "1234.50"),
        ("1\u202f234,50", "1234.50"),
        ("12", "12.00"),
        ("12,", "12.00"),
        (",5", "0.50"),
        ("-0", "0.00"),
        (12, "12.00"),
        (Decimal("0.1"), "0.10"),
        (1.5, "1.50"),
    ],
)
def test_an_amount_is_stored_with_two_places(raw: Any, value: str) -> None:
    assert clean_answer(AMOUNT, raw) == value


@pytest.mark.parametrize("raw", ["1.234,50", "1,234.50", "12 zł", "dwanaście", "1e3", "--1", True])
def test_not_an_amount_is_refused(raw: Any) -> None:
    assert refused(AMOUNT, raw) == "Wpisz liczbę, np. 1234,50."


def test_an_amount_with_too_many_places_is_refused_not_rounded() -> None:
    assert refused(AMOUNT, "10,005") == "Dozwolona liczba cyfr po przecinku: najwyżej 2."
    assert clean_answer(HECTARES, "1,2345") == "1.2345"
    assert clean_answer(HECTARES, "3") == "3.0000"
    assert refused(HECTARES, "1,23456") == "Dozwolona liczba cyfr po przecinku: najwyżej 4."


def test_a_negative_or_huge_amount_is_refused() -> None:
    assert refused(AMOUNT, "-10,00") == "Wpisz liczbę nie mniejszą niż zero."
    assert refused(AMOUNT, "1 000 000 000") == "Liczba jest za duża; sprawdź ją."
    assert clean_answer(AMOUNT, "999 999 999,99") == "999999999.99"


# ---------------------------------------------------------------------------------------------
# Dates, yes/no, choices, registry
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("15.11.2021", "2021-11-15"),
        ("5.1.2022", "2022-01-05"),
        ("2021-11-15", "2021-11-15"),
        (" 2024-02-29 ", "2024-02-29"),
        (date(2021, 11, 11), "2021-11-11"),
        (datetime(2021, 11, 11, 9, 30, tzinfo=UTC), "2021-11-11"),
    ],
)
def test_a_date_in_polish_or_iso_notation(raw: Any, value: str) -> None:
    assert clean_answer(DAY, raw) == value


@pytest.mark.parametrize("raw", ["15/11/2021", "2021.11.15", "15.11.21", "jutro", "20211115"])
def test_not_a_date_is_refused(raw: str) -> None:
    assert refused(DAY, raw) == "Wpisz datę w postaci dd.mm.rrrr, np. 15.11.2021."


@pytest.mark.parametrize("raw", ["30.02.2023", "2023-02-29", "31.04.2024", "2024-13-01"])
def test_a_day_not_in_the_calendar_is_refused(raw: str) -> None:
    assert refused(DAY, raw) == "Nie ma takiego dnia w kalendarzu."


def test_a_date_out_of_range_is_refused() -> None:
    assert refused(DAY, "31.12.1899") == "Wpisz datę z lat 1900–2100."
    assert refused(DAY, "2101-01-01") == "Wpisz datę z lat 1900–2100."


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("tak", True),
        ("Tak", True),
        ("true", True),
        ("1", True),
        (True, True),
        ("nie", False),
        ("NIE", False),
        ("false", False),
        ("0", False),
        (False, False),
    ],
)
def test_yes_or_no(raw: Any, value: bool) -> None:
    assert clean_answer(YES_NO, raw) is value


@pytest.mark.parametrize("raw", ["może", "2", "tak/nie"])
def test_neither_yes_nor_no_is_refused(raw: str) -> None:
    assert refused(YES_NO, raw) == "Odpowiedz „tak” albo „nie”."


def test_a_choice_is_one_of_its_codes() -> None:
    assert clean_answer(CHOICE, "dom") == "dom"
    assert clean_answer(CHOICE, ["dom"]) == "dom"
    assert clean_answer(CHOICE, ["", "dom"]) == "dom"
    assert refused(CHOICE, "dom jednorodzinny") == "Wybierz jedną z podanych możliwości."
    assert refused(CHOICE, "zamek") == "Wybierz jedną z podanych możliwości."


def test_a_multiple_choice_is_kept_in_the_order_of_the_form_without_repeats() -> None:
    assert clean_answer(MULTI, ["co", "woda", "co", ""]) == ["woda", "co"]
    assert clean_answer(MULTI, "gaz") == ["gaz"]
    assert clean_answer(MULTI, ("gaz",)) == ["gaz"]


def test_an_unknown_code_of_a_multiple_choice_is_refused() -> None:
    assert refused(MULTI, ["woda", "basen"]) == "Wybierz tylko spośród podanych możliwości."


def test_a_registry_answer_is_read_only() -> None:
    assert refused(REGISTRY, "Jan Kowalski") == (
        "Te dane pochodzą z rejestru; popraw je w karcie rodziny w rejestrze."
    )
    assert refused(REGISTRY, ["x"]).startswith("Te dane pochodzą z rejestru")


# ---------------------------------------------------------------------------------------------
# A cleaned value cleans to itself
# ---------------------------------------------------------------------------------------------

RAW = st.one_of(
    st.none(),
    st.text(max_size=40),
    st.text(alphabet="0123456789 ,.-+\u00a0", max_size=16),
    st.sampled_from(["tak", "nie", "15.11.2021", "2021-11-15", "1 234,50", "dom", "woda", "co"]),
    st.lists(st.sampled_from(["woda", "gaz", "co", "", "basen"]), max_size=4),
    st.integers(min_value=-10, max_value=10**10),
    st.booleans(),
    st.dates(),
    st.decimals(allow_nan=False, allow_infinity=False, places=3),
)


# No deadline: other engineers' test runs share the machine.
@settings(deadline=None, max_examples=300)
@given(raw=RAW, index=st.integers(min_value=0, max_value=len(ALL) - 1))
def test_cleaning_a_cleaned_value_changes_nothing(raw: Any, index: int) -> None:
    question = ALL[index]
    try:
        cleaned = clean_answer(question, raw)
    except AnswerError:
        return
    assert clean_answer(question, cleaned) == cleaned
    assert type(clean_answer(question, cleaned)) is type(cleaned)


# ---------------------------------------------------------------------------------------------
# A whole set of answers
# ---------------------------------------------------------------------------------------------

RWS = get_questionnaire("rws-2021", "1")


def test_clean_answers_gives_values_and_errors_by_key() -> None:
    cleaned, errors = clean_answers(
        RWS,
        {
            "I.C.2": "54,5",
            "I.C.3": "trzy",
            "I.B.1": "tak",
            "I.G.1": ["przemoc", "uzaleznienie"],
            "I.A.1": "Jan Kowalski",
            "Z.Z.1": "x",
            "I.H.1": "",
        },
    )
    assert cleaned == {
        "I.C.2": "54.50",
        "I.B.1": True,
        "I.G.1": ["uzaleznienie", "przemoc"],
        "I.H.1": None,
    }
    assert errors == {
        "I.C.3": "Wpisz liczbę całkowitą.",
        "I.A.1": "Te dane pochodzą z rejestru; popraw je w karcie rodziny w rejestrze.",
        "Z.Z.1": "W tym kwestionariuszu nie ma takiego pytania.",
    }


# ---------------------------------------------------------------------------------------------
# Completion
# ---------------------------------------------------------------------------------------------

REQUIRED_MESSAGE = "Odpowiedz na to pytanie przed zakończeniem wywiadu."


def test_completion_asks_for_the_required_questions_of_the_mandatory_segments() -> None:
    # Segments B-G are optional: left empty, nothing is missing from them. Segment A's
    # registry questions are never asked of the worker.
    assert missing_on_completion(RWS, "pelny", {}) == {
        "I.H.1": REQUIRED_MESSAGE,
        "I.I.1": REQUIRED_MESSAGE,
        "I.J.1": REQUIRED_MESSAGE,
    }
    assert missing_on_completion(RWS, "pelny", {"I.H.1": "Pomoc w opłatach.", "I.I.1": []}) == {
        "I.I.1": REQUIRED_MESSAGE,
        "I.J.1": REQUIRED_MESSAGE,
    }
    done = {"I.H.1": "Pomoc w opłatach.", "I.I.1": "Ubóstwo.", "I.J.1": "Zasiłek okresowy."}
    assert missing_on_completion(RWS, "pelny", done) == {}


def test_completion_of_an_update_asks_for_its_summary_only() -> None:
    assert missing_on_completion(RWS, "aktualizacja", {"I.H.1": "x"}) == {
        "IV.A.2": REQUIRED_MESSAGE
    }
    assert missing_on_completion(RWS, "aktualizacja", {"IV.A.2": "Bez zmian."}) == {}


def test_completion_of_the_family_benefits_interview() -> None:
    assert missing_on_completion(RWS, "swiadczenia_rodzinne", {}) == {"SR.A.8": REQUIRED_MESSAGE}


@pytest.mark.parametrize("kind", ["odmowa", "niemozliwy"])
def test_a_refused_or_impossible_interview_has_nothing_to_complete(kind: str) -> None:
    assert missing_on_completion(RWS, kind, {}) == {}


# ---------------------------------------------------------------------------------------------
# Display
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "value", "shown"),
    [
        (YES_NO, True, "tak"),
        (YES_NO, False, "nie"),
        (CHOICE, "dom", "dom jednorodzinny"),
        (CHOICE, "zamek", "zamek"),
        (MULTI, ["woda", "co"], "bieżąca woda, c.o."),
        (MULTI, "gaz", "gaz"),
        (DAY, "2021-11-15", "15.11.2021"),
        (DAY, "15 listopada", "15 listopada"),
        (AMOUNT, "1234.50", "1 234,50 zł"),
        (AMOUNT, "1234567.05", "1 234 567,05 zł"),
        (AMOUNT, "999.00", "999,00 zł"),
        (HECTARES, "1.2345", "1,2345 ha"),
        (INTEGER, 3, "3"),
        (INTEGER, 12000, "12 000"),
        (TEXT, "ul. Lipowa 7", "ul. Lipowa 7"),
        (LONG, "a\nb", "a\nb"),
        (REGISTRY, "zapis", "zapis"),
        (TEXT, None, ""),
        (MULTI, [], ""),
        (YES_NO, None, ""),
    ],
)
def test_display_in_polish(question: Question, value: Any, shown: str) -> None:
    assert display_answer(question, value) == shown


def test_a_registry_snapshot_shows_one_line_per_row_without_ids() -> None:
    members = [
        {
            "person_id": 7,
            "membership_id": 9,
            "name": "Anna Nowak",
            "birth_date": "1985-03-02",
            "relation": "applicant",
            "relation_label": "wnioskodawca",
        },
        {"person_id": 8, "name": "Jan Nowak", "birth_date": "2015-13-40", "note": ""},
    ]
    assert display_answer(REGISTRY, members) == (
        "Anna Nowak, 02.03.1985, wnioskodawca\nJan Nowak, 2015-13-40"
    )
    assert display_answer(REGISTRY, ["ul. Lipowa 7", 3]) == "ul. Lipowa 7\n3"
    assert display_answer(REGISTRY, "ul. Lipowa 7, 00-001 Borowiec") == (
        "ul. Lipowa 7, 00-001 Borowiec"
    )


def test_format_number() -> None:
    assert format_number("-1234.5") == "-1 234,5"
    assert format_number(Decimal("54.50"), "m²") == "54,50 m²"
    assert format_number(1000000) == "1 000 000"
    assert format_number(100) == "100"


# ---------------------------------------------------------------------------------------------
# Changes between two versions
# ---------------------------------------------------------------------------------------------


def test_changed_keys() -> None:
    old = {"I.C.2": "54.50", "I.C.3": 3, "I.B.1": True, "I.H.1": None, "I.G.1": ["przemoc"]}
    new = {"I.C.2": "54.50", "I.C.3": 4, "I.B.1": False, "I.G.1": ["przemoc"], "I.J.1": "Plan."}
    assert changed_keys(old, new) == {"I.C.3", "I.B.1", "I.J.1"}
    assert changed_keys(new, old) == {"I.C.3", "I.B.1", "I.J.1"}
    assert changed_keys(old, old) == set()


def test_a_missing_answer_and_an_empty_one_are_the_same() -> None:
    assert changed_keys({"I.H.1": None, "I.G.1": []}, {"I.J.1": ""}) == set()
    assert changed_keys({"I.H.1": ""}, {"I.H.1": "x"}) == {"I.H.1"}


def test_false_and_zero_are_answers_not_empty() -> None:
    assert not is_empty(False)
    assert not is_empty(0)
    assert changed_keys({}, {"I.B.1": False}) == {"I.B.1"}
    assert changed_keys({"I.C.3": 0}, {}) == {"I.C.3"}
