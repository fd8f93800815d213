"""The acts a decision cites and their consolidated texts (teksty jednolite), by date.

A decision's legal basis names the act with the consolidated text current on the day it is
issued: "Na podstawie art. 37 ust. 1 ustawy z dnia 12 marca 2004 r. o pomocy społecznej
(Dz.U. z 2025 r. poz. 1214 z późn. zm.)". A consolidated text does not enter into force (it only
restates the law); it becomes the one to cite on the day Dziennik Ustaw publishes it, so each
text here applies from its day of publication until the next one's.

Every entry says what was checked. `verified`: the position was seen named as that act's
consolidated text in the source given. `published_verified`: the day of publication was seen too;
where it was not, the day is an estimate from the neighbouring positions of that year's Dziennik
Ustaw (positions are numbered in order of publication) and may be a few days out, so a decision
issued near it should be checked against ISAP. Sources were read through stored copies of public
pages, not ISAP itself; before relying on an unverified entry, check it in ISAP (the address is
`ConsolidatedText.isap_url`).
"""

import datetime
import re
from dataclasses import dataclass

from ostoja.benefits.catalogue import Act

ADMINISTRATIVE_PROCEDURE = "kpa"  # Kodeks postępowania administracyjnego, besides catalogue.Act

_POSITION = re.compile(r"^Dz\.U\. (?P<year>\d{4}) poz\. (?P<number>\d{1,5})$")


@dataclass(frozen=True)
class ConsolidatedText:
    """One consolidated text: cited from `in_force_from`, the day Dziennik Ustaw published it."""

    in_force_from: datetime.date
    position: str  # "Dz.U. 2025 poz. 1214"
    verified: bool
    published_verified: bool
    source: str  # where the position (and, if verified, the day) was seen
    # Amending acts published after this text and before the next one, where they were found.
    later_amendments: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not _POSITION.match(self.position):
            raise ValueError(f"A position is written 'Dz.U. YYYY poz. N', not {self.position!r}.")

    @property
    def year(self) -> int:
        return int(self._parts()["year"])

    @property
    def number(self) -> int:
        return int(self._parts()["number"])

    @property
    def eli_url(self) -> str:
        """The European Legislation Identifier of the position (the government's ELI portal)."""
        return f"https://eli.gov.pl/eli/DU/{self.year}/{self.number}/ogl"

    @property
    def isap_url(self) -> str:
        """The Sejm's ISAP page of the position (its id: WDU, the year, the position in 7 digits).

        The id's form is known from ISAP's addresses for positions since 2012, when Dziennik Ustaw
        stopped numbering issues; it was not checked against a stored page.
        """
        return (
            f"https://isap.sejm.gov.pl/isap.nsf/DocDetails.xsp?id=WDU{self.year}{self.number:07d}"
        )

    def _parts(self) -> dict[str, str]:
        match = _POSITION.match(self.position)
        if match is None:  # pragma: no cover - __post_init__ refuses such a position
            raise ValueError(self.position)
        return match.groupdict()


@dataclass(frozen=True)
class LegalAct:
    """An act as a decision names it in the genitive: "ustawy z dnia … r. o …"."""

    code: str
    genitive_title: str  # after "Na podstawie art. … ", without the position
    original_position: str  # where the act itself was published
    texts: tuple[ConsolidatedText, ...]  # oldest first

    def __post_init__(self) -> None:
        days = [text.in_force_from for text in self.texts]
        if days != sorted(days) or len(set(days)) != len(days):
            raise ValueError(f"The texts of {self.code} must be in order of publication.")


SOCIAL_ASSISTANCE_ACT = LegalAct(
    code=Act.SOCIAL_ASSISTANCE,
    genitive_title="ustawy z dnia 12 marca 2004 r. o pomocy społecznej",
    original_position="Dz.U. 2004 nr 64 poz. 593",
    texts=(
        ConsolidatedText(
            datetime.date(2019, 8, 12),
            "Dz.U. 2019 poz. 1507",
            verified=True,
            published_verified=False,
            source="https://dzwola.eu/ops/rodzaje-pomocy/pomoc-spoleczna/ (t.j. Dz.U. z 2019 r. "
            "poz. 1507); the day estimated",
        ),
        ConsolidatedText(
            datetime.date(2020, 10, 26),
            "Dz.U. 2020 poz. 1876",
            verified=True,
            published_verified=False,
            source="named as the previous consolidated text in the notice of Dz.U. 2021 "
            "poz. 2268: https://www.infor.pl/akt-prawny/DZU.2021.343.0002268,obwieszczenie-"
            "marszalka-sejmu-rzeczypospolitej-polskiej-w-sprawie-ogloszenia-jednolitego-tekstu-"
            "ustawy-o-pomocy-spolecznej.html; the day estimated (between poz. 1725 of 7 October "
            "and poz. 2016 of 16 November 2020)",
        ),
        ConsolidatedText(
            datetime.date(2021, 12, 9),
            "Dz.U. 2021 poz. 2268",
            verified=True,
            published_verified=False,
            source="https://www.infor.pl/akt-prawny/DZU.2021.343.0002268,obwieszczenie-"
            "marszalka-sejmu-rzeczypospolitej-polskiej-w-sprawie-ogloszenia-jednolitego-tekstu-"
            "ustawy-o-pomocy-spolecznej.html (it restates the law as amended before 15 November "
            "2021); the day of publication estimated",
        ),
        ConsolidatedText(
            datetime.date(2023, 5, 15),
            "Dz.U. 2023 poz. 901",
            verified=False,
            published_verified=False,
            source="not found in the stored sources; the position as centres cite it, the day "
            "estimated (between poz. 779 of 25 April and poz. 998 of 24 May 2023)",
            later_amendments=(
                "ustawa z dnia 28 lipca 2023 r. o zmianie ustawy o pomocy społecznej oraz "
                "niektórych innych ustaw (Dz.U. 2023 poz. 1693)",
            ),
        ),
        ConsolidatedText(
            datetime.date(2024, 8, 27),
            "Dz.U. 2024 poz. 1283",
            verified=False,
            published_verified=False,
            source="cited only in a public repository's code (a DPS fee calculator), not an "
            "official or editorial page; the day estimated (between poz. 1251 of 19 August and "
            "poz. 1383 of 18 September 2024)",
        ),
        ConsolidatedText(
            datetime.date(2025, 9, 10),
            "Dz.U. 2025 poz. 1214",
            verified=True,
            published_verified=False,
            source="https://www.infor.pl/akt-prawny/DZU.2025.246.0001214,ustawa-o-pomocy-"
            "spolecznej.html: the annex to the notice of the Marshal of the Sejm of 22 August "
            "2025 (Dz. U. poz. 1214); published after that notice, the day estimated",
        ),
    ),
)

FAMILY_BENEFITS_ACT = LegalAct(
    code=Act.FAMILY_BENEFITS,
    genitive_title="ustawy z dnia 28 listopada 2003 r. o świadczeniach rodzinnych",
    # Dz.U. of 30 December 2003, poz. 2255 (https://www.scribd.com/document/44593514/Untitled).
    original_position="Dz.U. 2003 nr 228 poz. 2255",
    texts=(
        ConsolidatedText(
            datetime.date(2018, 11, 29),
            "Dz.U. 2018 poz. 2220",
            verified=True,
            published_verified=False,
            source="http://www.mops-znin.pl/index.php/dzialy-mops/swiadczenia-rodzinne/70-"
            "swiadczenia-rodzinne-akty-prawne (Dz.U.2018.2220 t.j. z dnia 2018.11.28, the day "
            "of the notice); published the day after or later, estimated",
        ),
        ConsolidatedText(
            datetime.date(2020, 1, 24),
            "Dz.U. 2020 poz. 111",
            verified=True,
            published_verified=False,
            source="http://grodziskwlkp.opsinfo.pl/prawo,swiadczenia_rodzinne,0,0,0,ops_"
            "grodzisk_wlkp,0.html (Dz. U. 2020.111); the day estimated from poz. 110 of "
            "24 January 2020",
        ),
        ConsolidatedText(
            datetime.date(2022, 3, 16),
            "Dz.U. 2022 poz. 615",
            verified=True,
            published_verified=False,
            source="http://www.mgops.kolbuszowa.pl/index.php/akty-prawne-zr (tekst jednolity "
            "Dz. U. z 2022 r. poz. 615) and http://gops.mragowo.pl/swiadczenia-rodzinne/86-sr-"
            "podstawa-prawna; the day estimated (between poz. 253 of 2 February and poz. 923 "
            "of 28 April 2022)",
        ),
        ConsolidatedText(
            datetime.date(2023, 3, 1),
            "Dz.U. 2023 poz. 390",
            verified=False,
            published_verified=False,
            source="not found in the stored sources; the position as centres cite it, the day "
            "estimated (after poz. 356 of 27 February 2023)",
            later_amendments=(
                "ustawa z dnia 7 lipca 2023 r. o świadczeniu wspierającym (Dz.U. 2023 poz. 1429)",
            ),
        ),
        ConsolidatedText(
            datetime.date(2024, 3, 7),
            "Dz.U. 2024 poz. 323",
            verified=False,
            published_verified=False,
            source="not found in the stored sources; the position as centres cite it, the day "
            "estimated (between poz. 288 of 29 February and poz. 422 of 20 March 2024). No "
            "later consolidated text was found",
        ),
    ),
)

ADMINISTRATIVE_PROCEDURE_CODE = LegalAct(
    code=ADMINISTRATIVE_PROCEDURE,
    genitive_title="ustawy z dnia 14 czerwca 1960 r. – Kodeks postępowania administracyjnego",
    # https://www.infor.pl/akt-prawny/DZU.1960.030.0000168,ustawa-kodeks-postepowania-administracyjnego.html
    original_position="Dz.U. 1960 nr 30 poz. 168",
    texts=(
        ConsolidatedText(
            datetime.date(2018, 11, 6),
            "Dz.U. 2018 poz. 2096",
            verified=True,
            published_verified=False,
            source="https://abc.prawo.link/category/akty-prawne/kodeksy/kodeks-postepowania-"
            "administracyjnego/ (the last consolidated text, of 3 October 2018: Dz.U. 2018.2096); "
            "the day of publication estimated",
        ),
        ConsolidatedText(
            datetime.date(2020, 2, 19),
            "Dz.U. 2020 poz. 256",
            verified=False,
            published_verified=False,
            source="not found in the stored sources; the day estimated from poz. 266 of "
            "19 February 2020",
        ),
        ConsolidatedText(
            datetime.date(2021, 4, 21),
            "Dz.U. 2021 poz. 735",
            verified=True,
            published_verified=False,
            source="named as the previous consolidated text in "
            "https://prawo.link/kodeks-postepowania-administracyjnego-ogloszono-zaktualizowane-"
            "przepisy/; the day estimated (between poz. 716 of 19 April and poz. 746 of 22 April "
            "2021)",
        ),
        ConsolidatedText(
            datetime.date(2022, 9, 27),
            "Dz.U. 2022 poz. 2000",
            verified=True,
            published_verified=True,
            source="https://prawo.link/kodeks-postepowania-administracyjnego-ogloszono-"
            "zaktualizowane-przepisy/ (Dziennik Ustaw of 27 September 2022, poz. 2000, the "
            "notice of 14 September 2022)",
        ),
        ConsolidatedText(
            datetime.date(2023, 4, 25),
            "Dz.U. 2023 poz. 775",
            verified=True,
            published_verified=False,
            source="https://sip.lex.pl/akty-prawne/dzu-dziennik-ustaw/kodeks-postepowania-"
            "administracyjnego-16784712/art-15 (Dz.U.2023.775 t.j.) and "
            "http://gops.mragowo.pl/swiadczenia-rodzinne/86-sr-podstawa-prawna; the day "
            "estimated from poz. 779 of 25 April 2023",
        ),
        ConsolidatedText(
            datetime.date(2024, 4, 17),
            "Dz.U. 2024 poz. 572",
            verified=False,
            published_verified=False,
            source="cited as 't.j. Dz.U. z 2024 r. poz. 572' in two public repositories' texts, "
            "not an official or editorial page; the day estimated (between poz. 497 of 3 April "
            "and poz. 860 of 12 June 2024)",
        ),
        ConsolidatedText(
            datetime.date(2025, 12, 1),
            "Dz.U. 2025 poz. 1691",
            verified=False,
            published_verified=False,
            source="seen only in a public repository's test data quoting a decision of the data "
            "protection authority ('Na podstawie art. 104 (Dz. U. z 2025 r. poz. 1691)'); the "
            "day is a rough estimate (after poz. 1214 of September 2025)",
        ),
    ),
)

ACTS: dict[str, LegalAct] = {
    act.code: act
    for act in (SOCIAL_ASSISTANCE_ACT, FAMILY_BENEFITS_ACT, ADMINISTRATIVE_PROCEDURE_CODE)
}


def text_in_force(act: str, day: datetime.date) -> ConsolidatedText:
    """The consolidated text of the act ("ups", "usr", "kpa") current on the day."""
    legal_act = _act(act)
    current = [text for text in legal_act.texts if text.in_force_from <= day]
    if not current:
        first = legal_act.texts[0].in_force_from
        raise LookupError(f"No consolidated text of {act} is recorded before {first}.")
    return current[-1]


def citation(act: str, day: datetime.date, *, later_amendments: bool = True) -> str:
    """The act in the genitive with the text current on the day, as a legal basis cites it.

    citation("ups", date(2025, 10, 1)) == "ustawy z dnia 12 marca 2004 r. o pomocy społecznej
    (Dz.U. z 2025 r. poz. 1214 z późn. zm.)". "z późn. zm." (with later amendments) is what
    decisions write by default; pass `later_amendments=False` for a text known to be unamended.
    """
    text = text_in_force(act, day)
    amended = " z późn. zm." if later_amendments else ""
    return f"{_act(act).genitive_title} (Dz.U. z {text.year} r. poz. {text.number}{amended})"


def _act(code: str) -> LegalAct:
    try:
        return ACTS[code]
    except KeyError:
        raise ValueError(f"Unknown act {code!r}; known: {', '.join(ACTS)}.") from None
