"""Zasiłek stały (art. 37 u.p.s.).

Right (ust. 1): an adult unable to work because of age (art. 6 pkt 7) or totally unable to work;
single: own income below the single-person criterion (pkt 1); in a family: own income below the
per-person criterion and the family's income below the per-person criterion × persons (pkt 2),
compared on the totals. "Below" is strict. Not due where the applicant concurs with a benefit of
art. 37 ust. 5 (dated flags `zasilek_staly.zbieg_uprawnien.<code>`).

The age of inability to work (art. 6 pkt 7): 60/65 until 2012-12-31 and from 2017-10-01; in
between the FUS act's retirement age, rising by a month per quarter of birth up to 67.

Amount (ust. 2–3): the base minus the income (single: own income; family: the income per person,
an amount rounded to the grosz); the single person's amount is capped; never below the minimum.
The base is the criterion until 2023-12-31 and 130 % of it from 2024-01-01.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from ostoja.rules.catalogues import BENEFITS_RECEIVED
from ostoja.rules.dates import in_force
from ostoja.rules.household import Household, Member
from ostoja.rules.parameters import Snapshot
from ostoja.rules.pomoc_spoleczna.dochod import DochodRodziny, dochod_rodziny
from ostoja.rules.pomoc_spoleczna.kryterium import (
    kryterium_na_osobe_w_rodzinie,
    kryterium_osoby_samotnie_gospodarujacej,
)
from ostoja.rules.result import Reason, Result, grosze, reason
from ostoja.rules.texts import lat, miesiecy
from ostoja.rules.wiek import osiagnal

ZERO = Decimal("0")
JEDEN = Decimal("1")
MIESIECY_W_ROKU = 12
KWARTALOW_W_ROKU = 4
MIESIECY_W_KWARTALE = 3
PELNOLETNOSC = "pomoc_spoleczna.zasilek_staly.wiek_pelnoletnosci"
KWOTA_MAKSYMALNA = "pomoc_spoleczna.zasilek_staly.kwota_maksymalna"
KWOTA_MINIMALNA = "pomoc_spoleczna.zasilek_staly.kwota_minimalna"
MNOZNIK_KRYTERIUM = "pomoc_spoleczna.zasilek_staly.mnoznik_kryterium"
ZBIEG = "pomoc_spoleczna.zasilek_staly.zbieg_uprawnien"
ZBIEG_CZLONKOW = "pomoc_spoleczna.zasilek_staly.zbieg_uprawnien_czlonkow_rodziny"
NA_OSOBE_ZAOKRAGLANY = "pomoc_spoleczna.zasilek_staly.dochod_na_osobe_zaokraglany"
PLEC = {"K": "kobieta", "M": "mezczyzna"}
WIEK_NIEZDOLNOSCI = "pomoc_spoleczna.wiek_niezdolnosci_do_pracy"
FUS = "pomoc_spoleczna.wiek_emerytalny_fus"
ART_37_UST_1 = "art. 37 ust. 1 u.p.s."
ART_6_PKT_7 = "art. 6 pkt 7 u.p.s."


@dataclass(frozen=True)
class Prog:
    """The age of inability to work of one person: years and months, and the provision."""

    lata: int
    miesiace: int
    artykul: str

    @property
    def opis(self) -> str:
        return f"{lat(self.lata)} i {miesiecy(self.miesiace)}" if self.miesiace else lat(self.lata)


def pelnoletnosc(member: Member, day: datetime.date, params: Snapshot) -> tuple[bool, Reason]:
    wiek_pelnoletnosci = int(params[PELNOLETNOSC])
    wiek = member.age_on(day)
    pelnoletni = osiagnal(member.birth_date, day, wiek_pelnoletnosci)
    return pelnoletni, reason(
        "zasilek_staly.pelnoletni" if pelnoletni else "zasilek_staly.niepelnoletni",
        ART_37_UST_1,
        wiek=wiek,
        pelnoletnosc=wiek_pelnoletnosci,
    )


# The age of inability to work: a change of formula on 2013-01-01 and back on 2017-10-01.


def _wiek_ustawowy(member: Member, params: Snapshot) -> Prog:
    return Prog(int(params[f"{WIEK_NIEZDOLNOSCI}.{PLEC[member.sex]}"]), 0, ART_6_PKT_7)


def _wiek_emerytalny_fus(member: Member, params: Snapshot) -> Prog:
    plec = PLEC[member.sex]
    podstawowy = int(params[f"{FUS}.{plec}.wiek_podstawowy"])
    pierwszy_rok = int(params[f"{FUS}.{plec}.pierwszy_rok_podwyzszenia"])
    za_kwartal = int(params[f"{FUS}.miesiace_za_kwartal"])
    docelowy = int(params[f"{FUS}.wiek_docelowy"])
    birth = member.birth_date
    kwartal = (birth.year - pierwszy_rok) * KWARTALOW_W_ROKU + (
        birth.month - 1
    ) // MIESIECY_W_KWARTALE
    przyrost = (kwartal + 1) * za_kwartal if kwartal >= 0 else 0
    razem = min(podstawowy * MIESIECY_W_ROKU + przyrost, docelowy * MIESIECY_W_ROKU)
    lata, miesiace = divmod(razem, MIESIECY_W_ROKU)
    return Prog(lata, miesiace, "art. 6 pkt 7 u.p.s. w zw. z art. 24 ust. 1a i 1b ustawy o FUS")


WIEK_NIEZDOLNOSCI_DO_PRACY: dict[datetime.date, Callable[[Member, Snapshot], Prog]] = {
    datetime.date(2004, 5, 1): _wiek_ustawowy,
    datetime.date(2013, 1, 1): _wiek_emerytalny_fus,
    datetime.date(2017, 10, 1): _wiek_ustawowy,
}


def niezdolnosc_do_pracy(
    member: Member, day: datetime.date, params: Snapshot
) -> tuple[bool, Reason]:
    """Unable to work because of age or totally. Incapacity not given: decided by age."""
    rodzaj = member.incapacity
    if rodzaj == "total":
        return True, reason("zasilek_staly.calkowita_niezdolnosc", ART_37_UST_1)
    prog = in_force(WIEK_NIEZDOLNOSCI_DO_PRACY, day)(member, params)
    w_wieku = osiagnal(member.birth_date, day, prog.lata, prog.miesiace)
    if rodzaj is None:
        rodzaj = "age" if w_wieku else "none"
    if rodzaj == "age" and w_wieku:
        kod = "zasilek_staly.niezdolnosc_z_tytulu_wieku"
    elif rodzaj == "age":
        kod = "zasilek_staly.wiek_nieosiagniety"
    else:
        kod = "zasilek_staly.zdolny_do_pracy"
    return kod == "zasilek_staly.niezdolnosc_z_tytulu_wieku", reason(
        kod,
        prog.artykul,
        wiek=member.age_on(day),
        prog=prog.opis,
        kobieta=member.sex == "K",
    )


def zbieg_uprawnien(household: Household, params: Snapshot) -> tuple[bool, list[Reason]]:
    """Art. 37 ust. 5: whether a benefit received excludes zasiłek stały, with the reasons."""
    applicant = household.applicant
    reasons: list[Reason] = []

    def wylaczajace(member: Member) -> list[str]:
        return [
            code
            for code in member.benefits_received
            if f"{ZBIEG}.{code}" in params and params[f"{ZBIEG}.{code}"] == JEDEN
        ]

    def niepewne(codes: list[str]) -> bool:
        return any(params.entry(f"{ZBIEG}.{code}").unverified for code in codes)

    wlasne = wylaczajace(applicant)
    if wlasne:
        reasons.append(
            reason(
                "zasilek_staly.zbieg_uprawnien",
                "art. 37 ust. 5 u.p.s.",
                unverified=niepewne(wlasne),
                swiadczenia=tuple(BENEFITS_RECEIVED[code] for code in wlasne),
            )
        )
    wylaczony = bool(wlasne)
    for member in household.members:
        codes = wylaczajace(member) if member is not applicant else []
        if not codes:
            continue
        czlonkow = params.entry(ZBIEG_CZLONKOW)
        wylacza = czlonkow.value == JEDEN
        wylaczony = wylaczony or wylacza
        reasons.append(
            reason(
                "zasilek_staly.zbieg_uprawnien_czlonka_rodziny"
                if wylacza
                else "zasilek_staly.swiadczenie_czlonka_rodziny_nie_wylacza",
                "art. 37 ust. 5 u.p.s.",
                unverified=czlonkow.unverified or niepewne(codes),
                czlonek=member.id,
                swiadczenia=tuple(BENEFITS_RECEIVED[code] for code in codes),
            )
        )
    return wylaczony, reasons


def _kryterium_dochodowe(
    household: Household, dochod: DochodRodziny, params: Snapshot
) -> tuple[bool, Decimal, Reason]:
    """Whether the income is below the criterion (ust. 1 pkt 1 or 2), compared on the totals."""
    applicant = household.applicant
    if household.size == 1:
        kryterium = kryterium_osoby_samotnie_gospodarujacej(params)
        ponizej = dochod.dochod < kryterium
        return (
            ponizej,
            kryterium,
            reason(
                "zasilek_staly.dochod_ponizej_kryterium"
                if ponizej
                else "zasilek_staly.dochod_nie_ponizej_kryterium",
                "art. 37 ust. 1 pkt 1 u.p.s.",
                dochod=dochod.dochod,
                kryterium=kryterium,
            ),
        )
    kryterium = kryterium_na_osobe_w_rodzinie(params)
    wlasny = dochod.dochod_czlonka(applicant.id)
    kryterium_rodziny = kryterium * household.size
    ponizej = wlasny < kryterium and dochod.dochod < kryterium_rodziny
    return (
        ponizej,
        kryterium,
        reason(
            "zasilek_staly.dochod_w_rodzinie_ponizej_kryterium"
            if ponizej
            else "zasilek_staly.dochod_w_rodzinie_nie_ponizej_kryterium",
            "art. 37 ust. 1 pkt 2 u.p.s.",
            wlasny=wlasny,
            wlasny_ponizej=wlasny < kryterium,
            kryterium=kryterium,
            dochod=dochod.dochod,
            n=household.size,
            kryterium_rodziny=kryterium_rodziny,
            rodziny_ponizej=dochod.dochod < kryterium_rodziny,
        ),
    )


def oblicz(household: Household, day: datetime.date, params: Snapshot) -> Result:
    applicant = household.applicant
    dochod = dochod_rodziny(household, params)
    pelnoletni, reason_pelnoletnosc = pelnoletnosc(applicant, day, params)
    niezdolny, reason_niezdolnosc = niezdolnosc_do_pracy(applicant, day, params)
    ponizej, kryterium, reason_dochod = _kryterium_dochodowe(household, dochod, params)
    wylaczony, reasons_zbieg = zbieg_uprawnien(household, params)
    reasons: list[Reason] = [
        *dochod.reasons,
        reason_pelnoletnosc,
        reason_niezdolnosc,
        reason_dochod,
        *reasons_zbieg,
    ]
    uprawniony = pelnoletni and niezdolny and ponizej and not wylaczony
    kwota = ZERO
    if uprawniony:
        samotny = household.size == 1
        kwota = _kwota(samotny, kryterium, dochod, day, params, reasons)
    else:
        reasons.append(reason("zasilek_staly.nie_przysluguje", ART_37_UST_1, kwota=ZERO))
    return Result(
        eligible=uprawniony,
        amount=kwota,
        criterion=kryterium,
        income=dochod.dochod,
        income_per_person=dochod.na_osobe,
        reasons=tuple(reasons),
    )


# The base the income is subtracted from: a change of formula on 2024-01-01.


def _podstawa_2004(kryterium: Decimal, params: Snapshot) -> tuple[Decimal, Decimal]:
    return kryterium, JEDEN


def _podstawa_2024(kryterium: Decimal, params: Snapshot) -> tuple[Decimal, Decimal]:
    mnoznik = params[MNOZNIK_KRYTERIUM]
    return grosze(mnoznik * kryterium), mnoznik


PODSTAWA: dict[datetime.date, Callable[[Decimal, Snapshot], tuple[Decimal, Decimal]]] = {
    datetime.date(2004, 5, 1): _podstawa_2004,
    datetime.date(2024, 1, 1): _podstawa_2024,
}


def _kwota(
    samotny: bool,
    kryterium: Decimal,
    dochod: DochodRodziny,
    day: datetime.date,
    params: Snapshot,
    reasons: list[Reason],
) -> Decimal:
    podstawa, mnoznik = in_force(PODSTAWA, day)(kryterium, params)
    if samotny:
        kwota = podstawa - dochod.dochod
        reasons.append(
            reason(
                "zasilek_staly.kwota",
                "art. 37 ust. 2 pkt 1 u.p.s.",
                mnoznik=mnoznik,
                kryterium=kryterium,
                podstawa=podstawa,
                dochod=dochod.dochod,
                kwota=kwota,
            )
        )
        maksymalna = params[KWOTA_MAKSYMALNA]
        if kwota > maksymalna:
            reasons.append(
                reason(
                    "zasilek_staly.kwota_maksymalna",
                    "art. 37 ust. 2 pkt 1 u.p.s.",
                    kwota=kwota,
                    maksymalna=maksymalna,
                )
            )
            kwota = maksymalna
    else:
        zaokraglany = params[NA_OSOBE_ZAOKRAGLANY] == JEDEN
        na_osobe = dochod.na_osobe if zaokraglany else dochod.dochod / dochod.liczba_osob
        kwota = grosze(podstawa - na_osobe)
        reasons.append(
            reason(
                "zasilek_staly.kwota_w_rodzinie",
                "art. 37 ust. 2 pkt 2 u.p.s.",
                mnoznik=mnoznik,
                kryterium=kryterium,
                podstawa=podstawa,
                na_osobe=dochod.na_osobe,
                kwota=kwota,
            )
        )
    minimalna = params[KWOTA_MINIMALNA]
    if kwota < minimalna:
        reasons.append(
            reason(
                "zasilek_staly.kwota_minimalna",
                "art. 37 ust. 3 u.p.s.",
                kwota=kwota,
                minimalna=minimalna,
            )
        )
        kwota = minimalna
    return grosze(kwota)
