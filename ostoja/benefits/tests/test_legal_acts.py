"""The consolidated text a decision cites on a day, and the phrase of its legal basis.

The days are those the table records as each text's publication (see the module: most are
estimates, marked so); the tests check that the text changes exactly on them.
"""

import datetime

import pytest

from ostoja.benefits.catalogue import Act
from ostoja.benefits.legal_acts import (
    ACTS,
    ADMINISTRATIVE_PROCEDURE,
    ConsolidatedText,
    LegalAct,
    citation,
    text_in_force,
)

day = datetime.date


def test_the_legal_basis_of_a_social_assistance_decision_in_autumn_2025() -> None:
    # Dz.U. 2025 poz. 1214 (the notice of 22 August 2025) is current from its publication,
    # recorded as 10 September 2025; decisions add "z późn. zm.".
    assert citation(Act.SOCIAL_ASSISTANCE, day(2025, 10, 1)) == (
        "ustawy z dnia 12 marca 2004 r. o pomocy społecznej (Dz.U. z 2025 r. poz. 1214 z późn. zm.)"
    )


@pytest.mark.parametrize(
    ("on", "position"),
    [
        (day(2025, 9, 9), "Dz.U. 2024 poz. 1283"),  # the day before 2025 poz. 1214
        (day(2025, 9, 10), "Dz.U. 2025 poz. 1214"),  # its day of publication
        (day(2024, 8, 26), "Dz.U. 2023 poz. 901"),
        (day(2024, 8, 27), "Dz.U. 2024 poz. 1283"),
        (day(2021, 12, 8), "Dz.U. 2020 poz. 1876"),
        (day(2021, 12, 9), "Dz.U. 2021 poz. 2268"),
        (day(2023, 5, 14), "Dz.U. 2021 poz. 2268"),
        (day(2023, 5, 15), "Dz.U. 2023 poz. 901"),
        (day(2030, 1, 1), "Dz.U. 2025 poz. 1214"),  # the newest stays until a newer is added
    ],
)
def test_the_social_assistance_text_by_day(on: datetime.date, position: str) -> None:
    assert text_in_force(Act.SOCIAL_ASSISTANCE, on).position == position


def test_the_code_changes_text_on_the_verified_day_of_2022() -> None:
    # Dziennik Ustaw of 27 September 2022 published the code's text as poz. 2000 (verified):
    # on the 26th the 2021 text (poz. 735) was still the one to cite.
    assert text_in_force(ADMINISTRATIVE_PROCEDURE, day(2022, 9, 26)).position == (
        "Dz.U. 2021 poz. 735"
    )
    current = text_in_force(ADMINISTRATIVE_PROCEDURE, day(2022, 9, 27))
    assert current.position == "Dz.U. 2022 poz. 2000"
    assert current.verified
    assert current.published_verified


def test_the_phrase_of_the_code_has_its_dash() -> None:
    # "ustawy z dnia 14 czerwca 1960 r. – Kodeks postępowania administracyjnego": the code's
    # title follows a dash, as Dziennik Ustaw writes it.
    assert citation(ADMINISTRATIVE_PROCEDURE, day(2023, 6, 1)) == (
        "ustawy z dnia 14 czerwca 1960 r. – Kodeks postępowania administracyjnego "
        "(Dz.U. z 2023 r. poz. 775 z późn. zm.)"
    )


def test_the_family_benefits_act() -> None:
    assert citation(Act.FAMILY_BENEFITS, day(2024, 6, 1)) == (
        "ustawy z dnia 28 listopada 2003 r. o świadczeniach rodzinnych "
        "(Dz.U. z 2024 r. poz. 323 z późn. zm.)"
    )
    assert text_in_force("usr", day(2024, 3, 6)).position == "Dz.U. 2023 poz. 390"


def test_without_later_amendments() -> None:
    assert citation("ups", day(2025, 10, 1), later_amendments=False) == (
        "ustawy z dnia 12 marca 2004 r. o pomocy społecznej (Dz.U. z 2025 r. poz. 1214)"
    )


def test_a_day_before_every_recorded_text_is_refused() -> None:
    with pytest.raises(LookupError, match="before 2019-08-12"):
        text_in_force("ups", day(2019, 8, 11))


def test_an_unknown_act_is_refused() -> None:
    with pytest.raises(ValueError, match="Unknown act 'kc'"):
        citation("kc", day(2025, 1, 1))


def test_the_addresses_of_a_position() -> None:
    text = text_in_force("ups", day(2025, 10, 1))
    assert (text.year, text.number) == (2025, 1214)
    assert text.eli_url == "https://eli.gov.pl/eli/DU/2025/1214/ogl"
    # ISAP's id: WDU, the year, the position in seven digits.
    assert text.isap_url == "https://isap.sejm.gov.pl/isap.nsf/DocDetails.xsp?id=WDU20250001214"


def test_the_table_covers_2020_to_2025_for_every_act_and_says_what_was_checked() -> None:
    assert set(ACTS) == {"ups", "usr", "kpa"}
    for act in ACTS.values():
        assert act.texts[0].in_force_from <= day(2020, 1, 1), act.code
        for text in act.texts:
            assert text.source, text.position
            # A day can only be verified for a position that was.
            assert text.verified or not text.published_verified, text.position


def test_a_malformed_position_or_an_unordered_table_is_refused() -> None:
    with pytest.raises(ValueError, match=r"Dz\.U\. YYYY poz\. N"):
        ConsolidatedText(day(2025, 1, 1), "Dz. U. z 2025 r. poz. 1", False, False, "-")
    newer = ConsolidatedText(day(2025, 1, 1), "Dz.U. 2025 poz. 1", False, False, "-")
    older = ConsolidatedText(day(2024, 1, 1), "Dz.U. 2024 poz. 1", False, False, "-")
    with pytest.raises(ValueError, match="order of publication"):
        LegalAct("x", "ustawy", "Dz.U. 2000 nr 1 poz. 1", (newer, older))
