"""Zasiłek rodzinny with its supplements (art. 5, 6, 9–15 u.ś.r.).

* The family and its income: `dochod_rodziny` (art. 3 pkt 1, 2, 16).
* A child of the family (under 25) gives the right (art. 6 ust. 1) until 18; until 21 when
  `in_education` is true; until 24 when `in_education` is true and the degree is moderate or
  significant. `in_education` not given counts as not in education (the school certificate is a
  condition the input must show).
* The higher threshold (art. 5 ust. 2) applies when any child of the family holds a disability
  certificate or a moderate or significant degree, entitled to the allowance or not.
* Supplements: household-level ids (`Household.supplements`, each counted once) and per-child ids
  (`Member.supplements`: the ones of art. 9, 14 and 15, counted for each entitled child).
  `amount` within the threshold is the first month's total, one-off supplements in full.
* Over the threshold: before 1.01.2016 no right; from then "złotówka za złotówkę" (art. 5
  ust. 3–3c): the łączna kwota is the monthly allowances and supplements of art. 10, 11a, 12a,
  13 plus the yearly supplements of art. 9, 14, 15 ÷ 12; the family gets the łączna kwota less
  the excess when the excess is not above it and the result is at least 20 zł.
"""

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType

from ostoja.rules.dates import FIRST_DAY, in_force
from ostoja.rules.errors import RulesInputError
from ostoja.rules.household import Household, Member
from ostoja.rules.parameters import Snapshot
from ostoja.rules.result import Fact, Reason, Result, grosze, reason
from ostoja.rules.swiadczenia_rodzinne.dochod_rodziny import WIEK, Rodzina, rodzina

ZASILEK = "swiadczenia_rodzinne.zasilek_rodzinny"
PROG_DOCHODOWY = f"{ZASILEK}.prog_dochodowy"
PROG_DOCHODOWY_NIEPELNOSPRAWNE_DZIECKO = f"{ZASILEK}.prog_dochodowy_niepelnosprawne_dziecko"
DODATKI = "swiadczenia_rodzinne.dodatki"
KWOTA_MINIMALNA = "swiadczenia_rodzinne.zlotowka_za_zlotowke.kwota_minimalna"
DZIELNIK = "swiadczenia_rodzinne.zlotowka_za_zlotowke.dzielnik_dodatkow_jednorazowych"
MIESIACE_NAUKI = "swiadczenia_rodzinne.dodatek_na_nauke.miesiace"
WIEK_PIEC_LAT = f"{WIEK}.piec_lat"
PELNOLETNOSC = f"{WIEK}.pelnoletnosc"
KONIEC_NAUKI = f"{WIEK}.koniec_nauki"
NAUKA_Z_NIEPELNOSPRAWNOSCIA = f"{WIEK}.nauka_z_niepelnosprawnoscia"
WIEK_DZIECKA_NIEPELNOSPRAWNEGO = f"{WIEK}.dziecko_niepelnosprawne"
ZERO = Decimal(0)
WIELODZIETNOSC_OD = "swiadczenia_rodzinne.wielodzietnosc.od_ktorego_dziecka"
STOPIEN = frozenset({"moderate", "significant"})
ZWIEKSZENIE_SAMOTNE = frozenset({"certificate", "significant"})  # art. 11a ust. 2


@dataclass(frozen=True)
class Przedzial:
    parametr: str
    artykul: str
    opis: str


DO_5_LAT = Przedzial(
    f"{ZASILEK}.kwota.do_5_lat", "art. 6 ust. 2 pkt 1 u.ś.r.", "do ukończenia 5. roku życia"
)
OD_5_DO_18_LAT = Przedzial(
    f"{ZASILEK}.kwota.od_5_do_18_lat",
    "art. 6 ust. 2 pkt 2 u.ś.r.",
    "powyżej 5. roku życia do ukończenia 18. roku życia",
)
OD_18_DO_24_LAT = Przedzial(
    f"{ZASILEK}.kwota.od_18_do_24_lat",
    "art. 6 ust. 2 pkt 3 u.ś.r.",
    "powyżej 18. roku życia do ukończenia 24. roku życia",
)


@dataclass(frozen=True)
class Dziecko:
    member: Member
    wiek: int

    @property
    def niepelnosprawne(self) -> bool:
        return self.member.disability != "none"


def _podstawa(dziecko: Dziecko, params: Snapshot) -> str | None:
    """The point of art. 6 ust. 1 under which the allowance is paid for the child, or None."""
    if dziecko.wiek < params[PELNOLETNOSC]:
        return "art. 6 ust. 1 pkt 1"
    if not dziecko.member.in_education:
        return None
    if dziecko.wiek < params[KONIEC_NAUKI]:
        return "art. 6 ust. 1 pkt 2"
    if dziecko.wiek < params[NAUKA_Z_NIEPELNOSPRAWNOSCIA] and dziecko.member.disability in STOPIEN:
        return "art. 6 ust. 1 pkt 3"
    return None


def _przedzial(dziecko: Dziecko, params: Snapshot) -> Przedzial:
    if dziecko.wiek < params[WIEK_PIEC_LAT]:
        return DO_5_LAT
    if dziecko.wiek < params[PELNOLETNOSC]:
        return OD_5_DO_18_LAT
    return OD_18_DO_24_LAT


# --- supplements (dodatki) -------------------------------------------------------------------


@dataclass(frozen=True)
class Dodatek:
    kwota: Decimal  # what the month (or the one-off payment) brings
    roczny: bool  # art. 9, 14, 15: enters the łączna kwota as its yearly total ÷ 12
    powod: Reason
    miesiecy: Decimal = Decimal(1)  # months a yearly supplement is paid for (art. 15: 10)


type Rodzinny = Callable[[tuple[Dziecko, ...], Snapshot], Dodatek]
type NaDziecko = Callable[[Dziecko, Snapshot], Dodatek]


def _staly(parametr: str, artykul: str) -> Rodzinny:
    """A supplement of one amount per family (household-level id)."""

    def dodatek(dzieci: tuple[Dziecko, ...], params: Snapshot) -> Dodatek:
        kwota = params[f"{DODATKI}.{parametr}"]
        return Dodatek(
            kwota, False, reason(f"zasilek_rodzinny.dodatek.{parametr}", artykul, kwota=kwota)
        )

    return dodatek


def _samotne_wychowywanie(dzieci: tuple[Dziecko, ...], params: Snapshot) -> Dodatek:
    na_dziecko = params[f"{DODATKI}.samotne_wychowywanie"]
    limit = params[f"{DODATKI}.samotne_wychowywanie_limit"]
    kwota = min(na_dziecko * len(dzieci), limit)
    niepelnosprawne = sum(d.member.disability in ZWIEKSZENIE_SAMOTNE for d in dzieci)
    zwiekszenie = ZERO
    if niepelnosprawne:
        stawka = params[f"{DODATKI}.samotne_wychowywanie_niepelnosprawne"]
        limit_zwiekszenia = params[f"{DODATKI}.samotne_wychowywanie_niepelnosprawne_limit"]
        zwiekszenie = min(stawka * niepelnosprawne, limit_zwiekszenia)
    return Dodatek(
        kwota + zwiekszenie,
        False,
        reason(
            "zasilek_rodzinny.dodatek.samotne_wychowywanie",
            "art. 11a u.ś.r.",
            na_dziecko=na_dziecko,
            n=len(dzieci),
            limit=limit,
            niepelnosprawne=niepelnosprawne,
            zwiekszenie=zwiekszenie,
            kwota=kwota + zwiekszenie,
        ),
    )


def _wielodzietnosc(dzieci: tuple[Dziecko, ...], params: Snapshot) -> Dodatek:
    na_dziecko = params[f"{DODATKI}.wielodzietnosc"]
    kolejne = max(0, len(dzieci) - int(params[WIELODZIETNOSC_OD]) + 1)
    return Dodatek(
        na_dziecko * kolejne,
        False,
        reason(
            "zasilek_rodzinny.dodatek.wielodzietnosc",
            "art. 12a u.ś.r.",
            na_dziecko=na_dziecko,
            n=kolejne,
            kwota=na_dziecko * kolejne,
        ),
    )


def _ksztalcenie_rehabilitacja(dzieci: tuple[Dziecko, ...], params: Snapshot) -> Dodatek:
    """Art. 13: under 16 any certificate; from 16 to 24 a moderate or significant degree."""
    kwota = ZERO
    uprawnione = []
    for dziecko in dzieci:
        if dziecko.wiek < params[WIEK_DZIECKA_NIEPELNOSPRAWNEGO]:
            if not dziecko.niepelnosprawne:
                continue
        elif dziecko.member.disability not in STOPIEN:
            continue
        wariant = "do_5_lat" if dziecko.wiek < params[WIEK_PIEC_LAT] else "powyzej_5_lat"
        kwota += params[f"{DODATKI}.ksztalcenie_rehabilitacja_{wariant}"]
        uprawnione.append(dziecko.member.id)
    return Dodatek(
        kwota,
        False,
        reason(
            "zasilek_rodzinny.dodatek.ksztalcenie_rehabilitacja",
            "art. 13 u.ś.r.",
            ids=tuple(uprawnione),
            kwota=kwota,
        ),
    )


def _na_dziecko(parametr: str, artykul: str, miesiecy: str | None = None) -> NaDziecko:
    """A supplement due for one child (art. 9, 14, 15), counted ÷ 12 in the łączna kwota."""

    def dodatek(dziecko: Dziecko, params: Snapshot) -> Dodatek:
        kwota = params[f"{DODATKI}.{parametr}"]
        return Dodatek(
            kwota,
            True,
            reason(
                f"zasilek_rodzinny.dodatek.{parametr}",
                artykul,
                kwota=kwota,
                dziecko=dziecko.member.id,
            ),
            params[miesiecy] if miesiecy else Decimal(1),
        )

    return dodatek


NA_DZIECKO: Mapping[str, NaDziecko] = {
    "urodzenie_dziecka": _na_dziecko("urodzenie_dziecka", "art. 9 u.ś.r."),
    "rozpoczecie_roku_szkolnego": _na_dziecko("rozpoczecie_roku_szkolnego", "art. 14 u.ś.r."),
    "nauka_poza_miejscem_zamieszkania_zamieszkanie": _na_dziecko(
        "nauka_poza_miejscem_zamieszkania_zamieszkanie", "art. 15 u.ś.r.", MIESIACE_NAUKI
    ),
    "nauka_poza_miejscem_zamieszkania_dojazd": _na_dziecko(
        "nauka_poza_miejscem_zamieszkania_dojazd", "art. 15 u.ś.r.", MIESIACE_NAUKI
    ),
}
RODZINNE: Mapping[str, Rodzinny] = {
    "opieka_w_okresie_urlopu_wychowawczego": _staly(
        "opieka_w_okresie_urlopu_wychowawczego", "art. 10 u.ś.r."
    ),
    "samotne_wychowywanie": _samotne_wychowywanie,
    "wielodzietnosc": _wielodzietnosc,
    "ksztalcenie_rehabilitacja": _ksztalcenie_rehabilitacja,
}
DODATKI_ZASILKU = (*RODZINNE, *NA_DZIECKO)


def sprawdz_dodatki(household: Household) -> tuple[str, ...]:
    """The household-level ids, each once, in order; an unknown id is an input error, and so is
    a per-family id written on a member."""
    for supplement in household.supplements:
        if supplement not in DODATKI_ZASILKU:
            raise RulesInputError(
                "household.supplements",
                f"unknown supplement {supplement!r}; known: {', '.join(DODATKI_ZASILKU)}",
            )
    for member in household.members:
        for supplement in member.supplements:
            if supplement not in NA_DZIECKO:
                raise RulesInputError(
                    f"{household.where(member)}.supplements",
                    f"{supplement!r} is not a per-child supplement; one of {', '.join(NA_DZIECKO)}",
                )
    return tuple(dict.fromkeys(household.supplements))


def _dodatki(
    household: Household, uprawnione: tuple[Dziecko, ...], params: Snapshot
) -> list[Dodatek]:
    dodatki = []
    for supplement in sprawdz_dodatki(household):
        if supplement in RODZINNE:
            dodatki.append(RODZINNE[supplement](uprawnione, params))
        else:  # a per-child id written for the household: one child, the first entitled one
            dodatki.append(NA_DZIECKO[supplement](uprawnione[0], params))
    ids = {dziecko.member.id: dziecko for dziecko in uprawnione}
    for member in household.members:
        for supplement in dict.fromkeys(member.supplements):
            if member.id in ids:
                dodatki.append(NA_DZIECKO[supplement](ids[member.id], params))
            else:
                dodatki.append(
                    Dodatek(
                        ZERO,
                        False,
                        reason(
                            "zasilek_rodzinny.dodatek.bez_zasilku",
                            "art. 8 u.ś.r.",
                            unverified=True,  # the article number, not the rule, is unread
                            dodatek=supplement,
                            dziecko=member.id,
                        ),
                    )
                )
    return dodatki


# --- exceeding the threshold: the formula changes on 1 January 2016 ----------------------------


@dataclass(frozen=True)
class Wyliczenie:
    rodzina: Rodzina
    prog: Decimal
    kryterium: Decimal  # prog × members: the "kwota uprawniająca rodzinę" (art. 5 ust. 3)
    miesieczne: Decimal  # the month's allowances and supplements of art. 10, 11a, 12a, 13
    roczne: Decimal  # the yearly totals of the supplements of art. 9, 14, 15


type PoPrzekroczeniu = Callable[[Wyliczenie, Snapshot], tuple[bool, Decimal, Reason]]


def _przekroczenie_2004(wyliczenie: Wyliczenie, params: Snapshot) -> tuple[bool, Decimal, Reason]:
    """Before 2016 an income over the threshold takes the right away."""
    return (
        False,
        ZERO,
        reason(
            "zasilek_rodzinny.przekroczenie",
            "art. 5 ust. 1 u.ś.r.",
            na_osobe=wyliczenie.rodzina.na_osobe,
            prog=wyliczenie.prog,
        ),
    )


def _przekroczenie_2016(wyliczenie: Wyliczenie, params: Snapshot) -> tuple[bool, Decimal, Reason]:
    """Złotówka za złotówkę (art. 5 ust. 3–3c)."""
    dzielnik = params[DZIELNIK]
    laczna = wyliczenie.miesieczne + wyliczenie.roczne / dzielnik
    nadwyzka = wyliczenie.rodzina.miesieczny - wyliczenie.kryterium
    facts: dict[str, Fact] = {
        "dochod": wyliczenie.rodzina.miesieczny,
        "prog": wyliczenie.prog,
        "n": wyliczenie.rodzina.liczba_osob,
        "kryterium": wyliczenie.kryterium,
        "nadwyzka": nadwyzka,
        "miesieczne": wyliczenie.miesieczne,
        "roczne": wyliczenie.roczne,
        "dzielnik": int(dzielnik),
        "laczna": laczna,
    }
    if nadwyzka > laczna:
        return (
            False,
            ZERO,
            Reason(
                "zasilek_rodzinny.zlotowka_za_zlotowke.przekroczenie_ponad_laczna_kwote",
                "art. 5 ust. 3 u.ś.r.",
                MappingProxyType(facts),
            ),
        )
    minimalna = params[KWOTA_MINIMALNA]
    do_wyplaty = grosze(laczna - nadwyzka)
    if do_wyplaty < minimalna:
        return (
            False,
            ZERO,
            Reason(
                "zasilek_rodzinny.zlotowka_za_zlotowke.ponizej_minimum",
                "art. 5 ust. 3c u.ś.r.",
                MappingProxyType({**facts, "wynik": do_wyplaty, "minimum": minimalna}),
            ),
        )
    return (
        True,
        do_wyplaty,
        Reason(
            "zasilek_rodzinny.zlotowka_za_zlotowke",
            "art. 5 ust. 3a i 3b u.ś.r.",
            MappingProxyType({**facts, "wynik": do_wyplaty}),
        ),
    )


PO_PRZEKROCZENIU: Mapping[datetime.date, PoPrzekroczeniu] = {
    FIRST_DAY: _przekroczenie_2004,
    datetime.date(2016, 1, 1): _przekroczenie_2016,
}


# --- the benefit -------------------------------------------------------------------------------


def _prog(rodzina_: Rodzina, params: Snapshot) -> tuple[Decimal, Reason]:
    niepelnosprawne = tuple(m.id for m in rodzina_.dzieci if m.disability != "none")
    if niepelnosprawne:
        prog = params[PROG_DOCHODOWY_NIEPELNOSPRAWNE_DZIECKO]
        return prog, reason(
            "zasilek_rodzinny.kryterium.niepelnosprawne_dziecko",
            "art. 5 ust. 2 u.ś.r.",
            prog=prog,
            ids=niepelnosprawne,
        )
    prog = params[PROG_DOCHODOWY]
    return prog, reason("zasilek_rodzinny.kryterium", "art. 5 ust. 1 u.ś.r.", prog=prog)


def oblicz(household: Household, day: datetime.date, params: Snapshot) -> Result:
    sprawdz_dodatki(household)
    rodzina_ = rodzina(household, day, params)
    prog, powod_progu = _prog(rodzina_, params)
    kryterium = prog * rodzina_.liczba_osob
    reasons = [*rodzina_.powody(), powod_progu]

    def wynik(eligible: bool, amount: Decimal) -> Result:
        return Result(
            eligible=eligible,
            amount=grosze(amount),
            criterion=grosze(kryterium),
            income=grosze(rodzina_.miesieczny),
            income_per_person=grosze(rodzina_.na_osobe),
            reasons=tuple(reasons),
        )

    uprawnione = []
    for member in rodzina_.dzieci:
        dziecko = Dziecko(member, member.age_on(day))
        podstawa = _podstawa(dziecko, params)
        if podstawa is None:
            reasons.append(
                reason(
                    "zasilek_rodzinny.dziecko_bez_prawa",
                    "art. 6 ust. 1 u.ś.r.",
                    dziecko=member.id,
                    wiek=dziecko.wiek,
                    nauka=bool(member.in_education),
                )
            )
            continue
        uprawnione.append(dziecko)
        przedzial = _przedzial(dziecko, params)
        reasons.append(
            reason(
                "zasilek_rodzinny.kwota",
                f"{podstawa} i {przedzial.artykul}",
                dziecko=member.id,
                wiek=dziecko.wiek,
                przedzial=przedzial.opis,
                kwota=params[przedzial.parametr],
            )
        )
    if not uprawnione:
        reasons.append(reason("zasilek_rodzinny.brak_dziecka", "art. 6 ust. 1 u.ś.r."))
        return wynik(False, ZERO)

    dzieci = tuple(uprawnione)
    zasilki = sum((params[_przedzial(d, params).parametr] for d in dzieci), ZERO)
    dodatki = _dodatki(household, dzieci, params)
    reasons.extend(dodatek.powod for dodatek in dodatki)
    pierwszy_miesiac = zasilki + sum((d.kwota for d in dodatki), ZERO)

    if rodzina_.miesci_sie(prog):
        reasons.append(
            reason(
                "zasilek_rodzinny.przysluguje",
                powod_progu.article,
                na_osobe=rodzina_.na_osobe,
                prog=prog,
                kwota=pierwszy_miesiac,
            )
        )
        return wynik(True, pierwszy_miesiac)

    miesieczne = zasilki + sum((d.kwota for d in dodatki if not d.roczny), ZERO)
    roczne = sum((d.kwota * d.miesiecy for d in dodatki if d.roczny), ZERO)
    wersja = in_force(PO_PRZEKROCZENIU, day)
    eligible, amount, powod = wersja(
        Wyliczenie(rodzina_, prog, kryterium, miesieczne, roczne), params
    )
    reasons.append(powod)
    return wynik(eligible, amount)
