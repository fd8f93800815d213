"""Zasiłek stały (art. 37 u.p.s.).

Right (ust. 1): an adult unable to work because of age (woman 60+, man 65+, art. 6 pkt 7) or
totally unable to work; single: own income below the single-person criterion (pkt 1); in a
family: own income and income per person both below the per-person criterion (pkt 2). "Below"
is strict: income equal to the criterion gives no right.

Amount (ust. 2): the base minus the income (single: own income; family: income per person);
the single person's amount is capped (ust. 2 pkt 1); never below the minimum (ust. 3). The base
is the criterion until 2023-12-31 and 130 % of it from 2024-01-01 (act of 28 July 2023).
"""

import datetime
from collections.abc import Callable
from decimal import Decimal

from ostoja.rules.dates import in_force
from ostoja.rules.household import Household, Member
from ostoja.rules.parameters import Snapshot
from ostoja.rules.pomoc_spoleczna.dochod import dochod_rodziny, liczba
from ostoja.rules.pomoc_spoleczna.kryterium import (
    kryterium_na_osobe_w_rodzinie,
    kryterium_osoby_samotnie_gospodarujacej,
)
from ostoja.rules.result import Reason, Result, grosze, zl

ZERO = Decimal("0")
PELNOLETNOSC = 18
KWOTA_MAKSYMALNA = "pomoc_spoleczna.zasilek_staly.kwota_maksymalna"
KWOTA_MINIMALNA = "pomoc_spoleczna.zasilek_staly.kwota_minimalna"
MNOZNIK_KRYTERIUM = "pomoc_spoleczna.zasilek_staly.mnoznik_kryterium"
WIEK_NIEZDOLNOSCI = {
    "K": "pomoc_spoleczna.wiek_niezdolnosci_do_pracy.kobieta",
    "M": "pomoc_spoleczna.wiek_niezdolnosci_do_pracy.mezczyzna",
}


def lat(count: int) -> str:
    """ "1 rok", "22 lata", "65 lat"."""
    if count == 1:
        return "1 rok"
    if count % 10 in (2, 3, 4) and count % 100 not in (12, 13, 14):
        return f"{count} lata"
    return f"{count} lat"


def pelnoletnosc(member: Member, day: datetime.date) -> tuple[bool, Reason]:
    wiek = member.age_on(day)
    if wiek >= PELNOLETNOSC:
        return True, Reason(
            "zasilek_staly.pelnoletni",
            "art. 37 ust. 1 u.p.s.",
            f"Wnioskodawca ma {lat(wiek)}, jest pełnoletni.",
        )
    return False, Reason(
        "zasilek_staly.niepelnoletni",
        "art. 37 ust. 1 u.p.s.",
        f"Wnioskodawca ma {lat(wiek)}, nie jest pełnoletni: zasiłek stały nie przysługuje.",
    )


def niezdolnosc_do_pracy(
    member: Member, day: datetime.date, params: Snapshot
) -> tuple[bool, Reason]:
    """Unable to work because of age or totally. Incapacity not given: decided by age."""
    wiek = member.age_on(day)
    wiek_niezdolnosci = params[WIEK_NIEZDOLNOSCI[member.sex]]
    w_wieku = Decimal(wiek) >= wiek_niezdolnosci
    rodzaj = member.incapacity
    if rodzaj is None:
        rodzaj = "age" if w_wieku else "none"
    prog = f"{liczba(wiek_niezdolnosci)} lat ({'kobieta' if member.sex == 'K' else 'mężczyzna'})"
    if rodzaj == "total":
        return True, Reason(
            "zasilek_staly.calkowita_niezdolnosc",
            "art. 37 ust. 1 u.p.s.",
            "Wnioskodawca jest całkowicie niezdolny do pracy.",
        )
    if rodzaj == "age" and w_wieku:
        return True, Reason(
            "zasilek_staly.niezdolnosc_z_tytulu_wieku",
            "art. 6 pkt 7 u.p.s.",
            f"Wnioskodawca ma {lat(wiek)} i osiągnął wiek niezdolności do pracy {prog}.",
        )
    if rodzaj == "age":
        return False, Reason(
            "zasilek_staly.wiek_nieosiagniety",
            "art. 6 pkt 7 u.p.s.",
            f"Wskazano niezdolność do pracy z tytułu wieku, ale wnioskodawca ma {lat(wiek)}, "
            f"a wiek niezdolności do pracy to {prog}.",
        )
    return False, Reason(
        "zasilek_staly.zdolny_do_pracy",
        "art. 37 ust. 1 u.p.s.",
        f"Wnioskodawca ({lat(wiek)}) nie jest niezdolny do pracy z tytułu wieku (próg {prog}) "
        "ani całkowicie niezdolny do pracy.",
    )


# The base the income is subtracted from: a change of formula on 2024-01-01.


def _podstawa_2004(kryterium: Decimal, params: Snapshot) -> tuple[Decimal, str]:
    return kryterium, f"kryterium {zl(kryterium)}"


def _podstawa_2024(kryterium: Decimal, params: Snapshot) -> tuple[Decimal, str]:
    mnoznik = params[MNOZNIK_KRYTERIUM]
    podstawa = grosze(mnoznik * kryterium)
    return podstawa, f"{liczba(mnoznik)} × kryterium {zl(kryterium)} = {zl(podstawa)}"


PODSTAWA: dict[datetime.date, Callable[[Decimal, Snapshot], tuple[Decimal, str]]] = {
    datetime.date(2004, 5, 1): _podstawa_2004,
    datetime.date(2024, 1, 1): _podstawa_2024,
}


def oblicz(household: Household, day: datetime.date, params: Snapshot) -> Result:
    applicant = household.applicant
    dochod = dochod_rodziny(household, params)
    pelnoletni, reason_pelnoletnosc = pelnoletnosc(applicant, day)
    niezdolny, reason_niezdolnosc = niezdolnosc_do_pracy(applicant, day, params)
    reasons: list[Reason] = [*dochod.reasons, reason_pelnoletnosc, reason_niezdolnosc]
    samotny = household.size == 1
    if samotny:
        kryterium = kryterium_osoby_samotnie_gospodarujacej(params)
        dochod_do_kwoty = dochod.dochod
        ponizej = dochod.dochod < kryterium
        reasons.append(
            Reason(
                "zasilek_staly.dochod_ponizej_kryterium"
                if ponizej
                else "zasilek_staly.dochod_nie_ponizej_kryterium",
                "art. 37 ust. 1 pkt 1 u.p.s.",
                f"Dochód osoby samotnie gospodarującej {zl(dochod.dochod)} "
                f"{'jest' if ponizej else 'nie jest'} niższy od kryterium {zl(kryterium)}.",
            )
        )
    else:
        kryterium = kryterium_na_osobe_w_rodzinie(params)
        wlasny = dochod.dochod_czlonka(applicant.id)
        dochod_do_kwoty = dochod.na_osobe
        ponizej = wlasny < kryterium and dochod.na_osobe < kryterium
        reasons.append(
            Reason(
                "zasilek_staly.dochod_ponizej_kryterium"
                if ponizej
                else "zasilek_staly.dochod_nie_ponizej_kryterium",
                "art. 37 ust. 1 pkt 2 u.p.s.",
                f"Dochód własny wnioskodawcy {zl(wlasny)} i dochód na osobę w rodzinie "
                f"{zl(dochod.na_osobe)} {'są' if ponizej else 'nie są oba'} niższe od "
                f"kryterium na osobę w rodzinie {zl(kryterium)}.",
            )
        )
    uprawniony = pelnoletni and niezdolny and ponizej
    kwota = ZERO
    if uprawniony:
        kwota = _kwota(samotny, kryterium, dochod_do_kwoty, day, params, reasons)
    else:
        reasons.append(
            Reason(
                "zasilek_staly.nie_przysluguje",
                "art. 37 ust. 1 u.p.s.",
                f"Zasiłek stały nie przysługuje; kwota {zl(ZERO)}.",
            )
        )
    return Result(
        eligible=uprawniony,
        amount=kwota,
        criterion=kryterium,
        income=dochod.dochod,
        income_per_person=dochod.na_osobe,
        reasons=tuple(reasons),
    )


def _kwota(
    samotny: bool,
    kryterium: Decimal,
    dochod: Decimal,
    day: datetime.date,
    params: Snapshot,
    reasons: list[Reason],
) -> Decimal:
    podstawa, opis = in_force(PODSTAWA, day)(kryterium, params)
    kwota = grosze(podstawa - dochod)
    if samotny:
        reasons.append(
            Reason(
                "zasilek_staly.kwota",
                "art. 37 ust. 2 pkt 1 u.p.s.",
                f"Kwota: {opis} minus dochód {zl(dochod)} = {zl(kwota)}.",
            )
        )
        maksymalna = params[KWOTA_MAKSYMALNA]
        if kwota > maksymalna:
            reasons.append(
                Reason(
                    "zasilek_staly.kwota_maksymalna",
                    "art. 37 ust. 2 pkt 1 u.p.s.",
                    f"Kwota {zl(kwota)} przekracza kwotę maksymalną zasiłku stałego osoby "
                    f"samotnie gospodarującej; przyznaje się {zl(maksymalna)}.",
                )
            )
            kwota = maksymalna
    else:
        reasons.append(
            Reason(
                "zasilek_staly.kwota",
                "art. 37 ust. 2 pkt 2 u.p.s.",
                f"Kwota: {opis} minus dochód na osobę w rodzinie {zl(dochod)} = {zl(kwota)}.",
            )
        )
    minimalna = params[KWOTA_MINIMALNA]
    if kwota < minimalna:
        reasons.append(
            Reason(
                "zasilek_staly.kwota_minimalna",
                "art. 37 ust. 3 u.p.s.",
                f"Kwota {zl(kwota)} jest niższa od kwoty minimalnej; przyznaje się "
                f"{zl(minimalna)}.",
            )
        )
        kwota = minimalna
    return grosze(kwota)
