"""Zasiłek rodzinny and its supplements (art. 5–15 u.ś.r.), with "złotówka za złotówkę" from
1 January 2016 (art. 5 ust. 3–3c, added by the act of 15 May 2015, Dz.U. 2015 poz. 995).

Decisions taken where the household schema says less than the statute:

* A child is every member other than the applicant who is under 24 on the day. Until the 18th
  birthday every child counts; from the 18th birthday until the 24th only a child with a
  disability (moderate or significant) counts — art. 6 ust. 1 pkt 3 also asks that the child
  continues education, which the schema does not record. Children 18–21 still at school
  (art. 6 ust. 1 pkt 2) are therefore not counted. Age bands (art. 6 ust. 2): before the 5th
  birthday pkt 1; from the 5th until the 18th birthday pkt 2; from the 18th pkt 3.
* The higher threshold (art. 5 ust. 2) applies when a counted child has a disability.
* Eligibility: the income per person (rounded to the grosz) not above the threshold
  ("nie przekracza": equal is within). `criterion` is the family-level figure compared with
  `income`: threshold × members (the "kwota uprawniająca" of art. 5 ust. 3), in every version.
* Supplements are the ids in `Household.supplements`, each counted once (a repeated id is
  ignored); an unknown id is an input error. `amount` is the first month's total: the monthly
  allowances plus the monthly supplements plus the one-off ones (urodzenie_dziecka,
  rozpoczecie_roku_szkolnego) in full. Per-child supplements that the schema cannot attribute
  to a child (rozpoczęcie roku szkolnego, nauka poza miejscem zamieszkania) are counted once.
  A supplement asked for before its parameter exists raises MissingParameterError.
* Złotówka za złotówkę: the statute's "łączna kwota" (art. 5 ust. 3b) divides the allowances
  and supplements by the months of the right, and the one-off supplements of art. 9, 14 and 15
  by 12. Here the total is the monthly `amount` above, as the brief for this module asks —
  exact for families without one-off supplements; with them, the one-off amount is counted in
  full, not ÷ 12 (a deliberate simplification, see the report).
"""

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from ostoja.rules.dates import FIRST_DAY, in_force
from ostoja.rules.errors import RulesInputError
from ostoja.rules.household import Household, Member
from ostoja.rules.parameters import Snapshot
from ostoja.rules.result import Reason, Result, grosze, zl
from ostoja.rules.swiadczenia_rodzinne.dochod_rodziny import DochodRodziny, dochod_rodziny, wiek

ZASILEK = "swiadczenia_rodzinne.zasilek_rodzinny"
PROG_DOCHODOWY = f"{ZASILEK}.prog_dochodowy"
PROG_DOCHODOWY_NIEPELNOSPRAWNE_DZIECKO = f"{ZASILEK}.prog_dochodowy_niepelnosprawne_dziecko"
DODATKI = "swiadczenia_rodzinne.dodatki"
KWOTA_MINIMALNA = "swiadczenia_rodzinne.zlotowka_za_zlotowke.kwota_minimalna"
ZERO = Decimal(0)

WIEK_PIEC_LAT = 5
PELNOLETNOSC = 18
WIEK_GRANICZNY = 24
DZIECI_PRZED_WIELODZIETNOSCIA = 2  # wielodzietność: from the 3rd child on


@dataclass(frozen=True)
class PrzedzialWieku:
    parametr: str
    artykul: str
    opis: str


DO_5_LAT = PrzedzialWieku(
    f"{ZASILEK}.kwota.do_5_lat", "art. 6 ust. 2 pkt 1 u.ś.r.", "do ukończenia 5. roku życia"
)
OD_5_DO_18_LAT = PrzedzialWieku(
    f"{ZASILEK}.kwota.od_5_do_18_lat",
    "art. 6 ust. 2 pkt 2 u.ś.r.",
    "powyżej 5. roku życia do ukończenia 18. roku życia",
)
OD_18_DO_24_LAT = PrzedzialWieku(
    f"{ZASILEK}.kwota.od_18_do_24_lat",
    "art. 6 ust. 2 pkt 3 u.ś.r.",
    "powyżej 18. roku życia do ukończenia 24. roku życia",
)


@dataclass(frozen=True)
class Dziecko:
    member: Member
    wiek: int
    niepelnosprawne: bool

    @property
    def przedzial(self) -> PrzedzialWieku:
        if self.wiek < WIEK_PIEC_LAT:
            return DO_5_LAT
        if self.wiek < PELNOLETNOSC:
            return OD_5_DO_18_LAT
        return OD_18_DO_24_LAT


def dzieci(household: Household, day: datetime.date) -> tuple[Dziecko, ...]:
    """The children the allowance is paid for (art. 6 ust. 1), in the household's order."""
    uprawnione = []
    for member in household.members:
        if member.applicant:
            continue
        lat = wiek(household, member, day)
        niepelnosprawne = member.disability != "none"
        if lat < PELNOLETNOSC or (lat < WIEK_GRANICZNY and niepelnosprawne):
            uprawnione.append(Dziecko(member, lat, niepelnosprawne))
    return tuple(uprawnione)


# --- supplements (dodatki) -------------------------------------------------------------------

type Dodatek = Callable[[tuple[Dziecko, ...], Snapshot], tuple[Decimal, Reason]]


def _staly(parametr: str, artykul: str, opis: str) -> Dodatek:
    """A supplement of one fixed amount per family (monthly or one-off)."""

    def dodatek(dzieci: tuple[Dziecko, ...], params: Snapshot) -> tuple[Decimal, Reason]:
        kwota = params[f"{DODATKI}.{parametr}"]
        return kwota, Reason(
            f"zasilek_rodzinny.dodatek.{parametr}", artykul, f"Dodatek {opis}: {zl(kwota)}."
        )

    return dodatek


def _samotne_wychowywanie(dzieci: tuple[Dziecko, ...], params: Snapshot) -> tuple[Decimal, Reason]:
    na_dziecko = params[f"{DODATKI}.samotne_wychowywanie"]
    limit = params[f"{DODATKI}.samotne_wychowywanie_limit"]
    kwota = min(na_dziecko * len(dzieci), limit)
    text = (
        f"Dodatek z tytułu samotnego wychowywania dziecka: {zl(na_dziecko)} na dziecko "
        f"(liczba dzieci: {len(dzieci)}), nie więcej niż {zl(limit)} — {zl(kwota)}"
    )
    niepelnosprawne = sum(dziecko.niepelnosprawne for dziecko in dzieci)
    if niepelnosprawne:
        zwiekszenie = params[f"{DODATKI}.samotne_wychowywanie_niepelnosprawne"]
        limit_zwiekszenia = params[f"{DODATKI}.samotne_wychowywanie_niepelnosprawne_limit"]
        dodatkowo = min(zwiekszenie * niepelnosprawne, limit_zwiekszenia)
        kwota += dodatkowo
        text += (
            f", zwiększony o {zl(zwiekszenie)} na dziecko niepełnosprawne (liczba dzieci "
            f"niepełnosprawnych: {niepelnosprawne}), nie więcej niż o {zl(limit_zwiekszenia)} "
            f"— razem {zl(kwota)}"
        )
    return kwota, Reason(
        "zasilek_rodzinny.dodatek.samotne_wychowywanie", "art. 11a u.ś.r.", text + "."
    )


def _wielodzietnosc(dzieci: tuple[Dziecko, ...], params: Snapshot) -> tuple[Decimal, Reason]:
    na_dziecko = params[f"{DODATKI}.wielodzietnosc"]
    kolejne = max(0, len(dzieci) - DZIECI_PRZED_WIELODZIETNOSCIA)
    kwota = na_dziecko * kolejne
    return kwota, Reason(
        "zasilek_rodzinny.dodatek.wielodzietnosc",
        "art. 12a u.ś.r.",
        f"Dodatek z tytułu wychowywania dziecka w rodzinie wielodzietnej: {zl(na_dziecko)} na "
        f"trzecie i każde kolejne dziecko uprawnione do zasiłku (takich dzieci: {kolejne}) — "
        f"{zl(kwota)}.",
    )


def _ksztalcenie_rehabilitacja(
    dzieci: tuple[Dziecko, ...], params: Snapshot
) -> tuple[Decimal, Reason]:
    kwota = ZERO
    czesci = []
    for dziecko in dzieci:
        if not dziecko.niepelnosprawne:
            continue
        wariant = "do_5_lat" if dziecko.wiek < WIEK_PIEC_LAT else "powyzej_5_lat"
        na_dziecko = params[f"{DODATKI}.ksztalcenie_rehabilitacja_{wariant}"]
        kwota += na_dziecko
        czesci.append(f"{dziecko.member.id} ({dziecko.wiek} l.): {zl(na_dziecko)}")
    wyliczenie = "; ".join(czesci) if czesci else "brak dziecka niepełnosprawnego"
    return kwota, Reason(
        "zasilek_rodzinny.dodatek.ksztalcenie_rehabilitacja",
        "art. 13 u.ś.r.",
        f"Dodatek z tytułu kształcenia i rehabilitacji dziecka niepełnosprawnego: {wyliczenie} "
        f"— razem {zl(kwota)}.",
    )


DODATKI_ZASILKU: Mapping[str, Dodatek] = {
    "urodzenie_dziecka": _staly(
        "urodzenie_dziecka", "art. 9 u.ś.r.", "z tytułu urodzenia dziecka (jednorazowy)"
    ),
    "opieka_w_okresie_urlopu_wychowawczego": _staly(
        "opieka_w_okresie_urlopu_wychowawczego",
        "art. 10 u.ś.r.",
        "z tytułu opieki nad dzieckiem w okresie korzystania z urlopu wychowawczego",
    ),
    "samotne_wychowywanie": _samotne_wychowywanie,
    "wielodzietnosc": _wielodzietnosc,
    "ksztalcenie_rehabilitacja": _ksztalcenie_rehabilitacja,
    "rozpoczecie_roku_szkolnego": _staly(
        "rozpoczecie_roku_szkolnego",
        "art. 14 u.ś.r.",
        "z tytułu rozpoczęcia roku szkolnego (jednorazowy)",
    ),
    "nauka_poza_miejscem_zamieszkania_zamieszkanie": _staly(
        "nauka_poza_miejscem_zamieszkania_zamieszkanie",
        "art. 15 u.ś.r.",
        "z tytułu podjęcia nauki poza miejscem zamieszkania (zamieszkiwanie w miejscowości szkoły)",
    ),
    "nauka_poza_miejscem_zamieszkania_dojazd": _staly(
        "nauka_poza_miejscem_zamieszkania_dojazd",
        "art. 15 u.ś.r.",
        "z tytułu podjęcia nauki poza miejscem zamieszkania (dojazd do szkoły)",
    ),
}


def sprawdz_dodatki(household: Household) -> tuple[str, ...]:
    """The requested supplement ids, each once, in order; an unknown id is an input error."""
    for supplement in household.supplements:
        if supplement not in DODATKI_ZASILKU:
            raise RulesInputError(
                "household.supplements",
                f"unknown supplement {supplement!r}; known: {', '.join(DODATKI_ZASILKU)}",
            )
    return tuple(dict.fromkeys(household.supplements))


# --- exceeding the threshold: the formula changes on 1 January 2016 ----------------------------


@dataclass(frozen=True)
class Wyliczenie:
    dochod: DochodRodziny
    prog: Decimal
    kryterium: Decimal  # prog × members: the "kwota uprawniająca rodzinę" (art. 5 ust. 3)
    laczna_kwota: Decimal  # the month's allowances and supplements


type PoPrzekroczeniu = Callable[[Wyliczenie, Snapshot], tuple[bool, Decimal, Reason]]


def _przekroczenie_2004(wyliczenie: Wyliczenie, params: Snapshot) -> tuple[bool, Decimal, Reason]:
    """Before 2016 an income over the threshold takes the right away."""
    return (
        False,
        ZERO,
        Reason(
            "zasilek_rodzinny.przekroczenie",
            "art. 5 ust. 1 u.ś.r.",
            f"Dochód na osobę {zl(wyliczenie.dochod.na_osobe)} przekracza kryterium "
            f"{zl(wyliczenie.prog)}; zasiłek rodzinny nie przysługuje.",
        ),
    )


def _przekroczenie_2016(wyliczenie: Wyliczenie, params: Snapshot) -> tuple[bool, Decimal, Reason]:
    """Złotówka za złotówkę (art. 5 ust. 3–3c): the total less the excess, if at least 20 zł."""
    minimalna = params[KWOTA_MINIMALNA]
    nadwyzka = wyliczenie.dochod.miesieczny - wyliczenie.kryterium
    do_wyplaty = grosze(wyliczenie.laczna_kwota - nadwyzka)
    opis = (
        f"Dochód rodziny {zl(wyliczenie.dochod.miesieczny)} przekracza kwotę "
        f"{zl(wyliczenie.prog)} × {wyliczenie.dochod.liczba_osob} = {zl(wyliczenie.kryterium)} "
        f"o {zl(nadwyzka)}; łączna kwota zasiłków z dodatkami {zl(wyliczenie.laczna_kwota)} "
        f"pomniejszona o przekroczenie daje {zl(do_wyplaty)}"
    )
    if do_wyplaty < minimalna:
        return (
            False,
            ZERO,
            Reason(
                "zasilek_rodzinny.zlotowka_za_zlotowke.ponizej_minimum",
                "art. 5 ust. 3c u.ś.r.",
                f"{opis}, mniej niż {zl(minimalna)}; świadczenia nie przysługują.",
            ),
        )
    return (
        True,
        do_wyplaty,
        Reason(
            "zasilek_rodzinny.zlotowka_za_zlotowke",
            "art. 5 ust. 3a u.ś.r.",
            f"{opis}; zasiłek rodzinny z dodatkami przysługuje w tej kwocie.",
        ),
    )


PO_PRZEKROCZENIU: Mapping[datetime.date, PoPrzekroczeniu] = {
    FIRST_DAY: _przekroczenie_2004,
    datetime.date(2016, 1, 1): _przekroczenie_2016,
}


# --- the benefit -------------------------------------------------------------------------------


def _prog(dzieci: tuple[Dziecko, ...], params: Snapshot) -> tuple[Decimal, Reason]:
    if any(dziecko.niepelnosprawne for dziecko in dzieci):
        prog = params[PROG_DOCHODOWY_NIEPELNOSPRAWNE_DZIECKO]
        return prog, Reason(
            "zasilek_rodzinny.kryterium.niepelnosprawne_dziecko",
            "art. 5 ust. 2 u.ś.r.",
            f"W rodzinie jest dziecko niepełnosprawne: kryterium dochodowe wynosi {zl(prog)} "
            "na osobę.",
        )
    prog = params[PROG_DOCHODOWY]
    return prog, Reason(
        "zasilek_rodzinny.kryterium",
        "art. 5 ust. 1 u.ś.r.",
        f"Kryterium dochodowe wynosi {zl(prog)} na osobę.",
    )


def _kwota_na_dziecko(dziecko: Dziecko, params: Snapshot) -> tuple[Decimal, Reason]:
    przedzial = dziecko.przedzial
    kwota = params[przedzial.parametr]
    return kwota, Reason(
        "zasilek_rodzinny.kwota",
        przedzial.artykul,
        f"Dziecko {dziecko.member.id} ({dziecko.wiek} l.), w wieku {przedzial.opis}: "
        f"zasiłek rodzinny {zl(kwota)} miesięcznie.",
    )


def oblicz(household: Household, day: datetime.date, params: Snapshot) -> Result:
    dodatki = sprawdz_dodatki(household)
    dochod = dochod_rodziny(household)
    uprawnione = dzieci(household, day)
    prog, powod_progu = _prog(uprawnione, params)
    kryterium = prog * dochod.liczba_osob
    reasons = [dochod.powod(), powod_progu]

    def wynik(eligible: bool, amount: Decimal) -> Result:
        return Result(
            eligible=eligible,
            amount=grosze(amount),
            criterion=grosze(kryterium),
            income=dochod.miesieczny,
            income_per_person=dochod.na_osobe,
            reasons=tuple(reasons),
        )

    if not uprawnione:
        reasons.append(
            Reason(
                "zasilek_rodzinny.brak_dziecka",
                "art. 6 ust. 1 u.ś.r.",
                "W rodzinie nie ma dziecka uprawnionego do zasiłku rodzinnego (poniżej 18 lat, "
                "albo poniżej 24 lat z orzeczeniem o niepełnosprawności); zasiłek nie przysługuje.",
            )
        )
        return wynik(False, ZERO)

    laczna_kwota = ZERO
    for dziecko in uprawnione:
        kwota, powod = _kwota_na_dziecko(dziecko, params)
        laczna_kwota += kwota
        reasons.append(powod)
    for dodatek in dodatki:
        kwota, powod = DODATKI_ZASILKU[dodatek](uprawnione, params)
        laczna_kwota += kwota
        reasons.append(powod)

    if dochod.na_osobe <= prog:
        reasons.append(
            Reason(
                "zasilek_rodzinny.przysluguje",
                powod_progu.article,
                f"Dochód na osobę {zl(dochod.na_osobe)} nie przekracza kryterium {zl(prog)}; "
                f"zasiłek rodzinny z dodatkami przysługuje w kwocie {zl(laczna_kwota)} "
                "(kwota pierwszego miesiąca, z dodatkami jednorazowymi w całości).",
            )
        )
        return wynik(True, laczna_kwota)

    wersja = in_force(PO_PRZEKROCZENIU, day)
    eligible, amount, powod = wersja(Wyliczenie(dochod, prog, kryterium, laczna_kwota), params)
    reasons.append(powod)
    return wynik(eligible, amount)
