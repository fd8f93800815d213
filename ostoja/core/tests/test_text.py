import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ostoja.core.text import fold, polish_sort_key, surname_plural_genitive

POLISH_LETTERS = "aąbcćdeęfghijklłmnńoóprsśtuwyzźżAĄBCĆDEĘFGHIJKLŁMNŃOÓPRSŚTUWYZŹŻ"


def test_fold_strips_diacritics_and_case() -> None:
    assert fold("Żółtek") == "zoltek"
    assert fold("ŁUKASIEWICZ") == "lukasiewicz"
    assert fold("  Źdźbło ") == "zdzblo"
    assert fold("Gęś-Ćwik") == "ges-cwik"
    assert fold("Straße") == "strasse"


@given(st.text(alphabet=POLISH_LETTERS + " -", max_size=30))
def test_fold_gives_lower_ascii_and_is_idempotent(text: str) -> None:
    folded = fold(text)
    assert fold(folded) == folded
    assert set(folded) <= set(string.ascii_lowercase + " -")


def test_polish_order() -> None:
    names = ["Żak", "Źdźbło", "Zając", "Łukasz", "Łoś", "Lwowski", "Lis"]
    assert sorted(names, key=polish_sort_key) == [
        "Lis",
        "Lwowski",
        "Łoś",
        "Łukasz",
        "Zając",
        "Źdźbło",
        "Żak",
    ]


def test_polish_order_letters_with_diacritics_follow_their_base() -> None:
    assert sorted(["Ćma", "Cyna", "Dąb"], key=polish_sort_key) == ["Cyna", "Ćma", "Dąb"]
    assert sorted(["Śliwa", "Szymański", "Tomasz"], key=polish_sort_key) == [
        "Szymański",
        "Śliwa",
        "Tomasz",
    ]
    assert sorted(["Łucja", "Lucyna"], key=polish_sort_key) == ["Lucyna", "Łucja"]


def test_case_is_only_a_tie_breaker() -> None:
    assert sorted(["lis", "Lisowski", "Lis"], key=polish_sort_key) == ["Lis", "lis", "Lisowski"]


@given(st.lists(st.text(alphabet=POLISH_LETTERS, max_size=8), max_size=10))
def test_sort_key_gives_a_total_order(names: list[str]) -> None:
    ordered = sorted(names, key=polish_sort_key)
    assert sorted(ordered, key=polish_sort_key) == ordered
    shuffled = names[1::2] + names[0::2]
    assert sorted(shuffled, key=polish_sort_key) == ordered


@pytest.mark.parametrize(
    ("surname", "genitive"),
    [
        ("Nowak", "Nowaków"),
        ("Kwiatkowski", "Kwiatkowskich"),
        ("Kowalska", "Kowalskich"),
        ("Zawadzki", "Zawadzkich"),
        ("Górecka", "Góreckich"),
        ("Wójcik", "Wójcików"),
        ("Nowak-Kowalski", "Nowak-Kowalskich"),
        ("Kowalczyk", "Kowalczyków"),
        ("Silny", "Silnych"),
        ("Zięba", "Zięba"),
        ("Rossi", "Rossi"),
    ],
)
def test_surname_plural_genitive(surname: str, genitive: str) -> None:
    assert surname_plural_genitive(surname) == genitive
