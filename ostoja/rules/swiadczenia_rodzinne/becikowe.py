"""Jednorazowa zapomoga z tytułu urodzenia się dziecka, "becikowe" (art. 15b u.ś.r.).

One `kwota` per child under one year old on the day (a member other than the applicant, aged 0).
Income-tested from 1 January 2013 (art. 15b ust. 2: income per person not above the threshold;
equal is within); before that date not income-tested — a change of formula, chosen by date.
Not subject to "złotówka za złotówkę". `criterion`, when there is one, is threshold × members,
the family-level figure compared with `income` (as for zasiłek rodzinny). The medical-care
condition (art. 15b ust. 5) and the 12-month application deadline are not in the household
schema: they are assumed met.
"""

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from ostoja.rules.dates import FIRST_DAY, in_force
from ostoja.rules.household import Household, Member
from ostoja.rules.parameters import Snapshot
from ostoja.rules.result import Reason, Result, grosze, zl
from ostoja.rules.swiadczenia_rodzinne.dochod_rodziny import DochodRodziny, dochod_rodziny, wiek

KWOTA = "swiadczenia_rodzinne.becikowe.kwota"
PROG_DOCHODOWY = "swiadczenia_rodzinne.becikowe.prog_dochodowy"
ZERO = Decimal(0)


@dataclass(frozen=True)
class Kryterium:
    spelnione: bool
    kryterium: Decimal | None
    powod: Reason


type Test = Callable[[DochodRodziny, Snapshot], Kryterium]


def _bez_kryterium(dochod: DochodRodziny, params: Snapshot) -> Kryterium:
    return Kryterium(
        True,
        None,
        Reason(
            "becikowe.bez_kryterium",
            "art. 15b ust. 1 u.ś.r.",
            "Przed 1 stycznia 2013 r. zapomoga nie zależy od dochodu rodziny.",
        ),
    )


def _z_kryterium(dochod: DochodRodziny, params: Snapshot) -> Kryterium:
    prog = params[PROG_DOCHODOWY]
    spelnione = dochod.na_osobe <= prog
    ocena = "nie przekracza" if spelnione else "przekracza"
    return Kryterium(
        spelnione,
        grosze(prog * dochod.liczba_osob),
        Reason(
            "becikowe.kryterium",
            "art. 15b ust. 2 u.ś.r.",
            f"Dochód na osobę {zl(dochod.na_osobe)} {ocena} kryterium {zl(prog)}.",
        ),
    )


TEST_DOCHODU: Mapping[datetime.date, Test] = {
    FIRST_DAY: _bez_kryterium,
    datetime.date(2013, 1, 1): _z_kryterium,
}


def noworodki(household: Household, day: datetime.date) -> tuple[Member, ...]:
    return tuple(
        member
        for member in household.members
        if not member.applicant and wiek(household, member, day) == 0
    )


def oblicz(household: Household, day: datetime.date, params: Snapshot) -> Result:
    kwota = params[KWOTA]
    dochod = dochod_rodziny(household)
    dzieci = noworodki(household, day)
    test = in_force(TEST_DOCHODU, day)(dochod, params)
    reasons = [dochod.powod(), test.powod]

    def wynik(eligible: bool, amount: Decimal) -> Result:
        return Result(
            eligible=eligible,
            amount=grosze(amount),
            criterion=test.kryterium,
            income=dochod.miesieczny,
            income_per_person=dochod.na_osobe,
            reasons=tuple(reasons),
        )

    if not dzieci:
        reasons.append(
            Reason(
                "becikowe.brak_dziecka",
                "art. 15b ust. 1 u.ś.r.",
                "W rodzinie nie ma dziecka, które nie ukończyło 1. roku życia; zapomoga nie "
                "przysługuje.",
            )
        )
        return wynik(False, ZERO)
    if not test.spelnione:
        reasons.append(
            Reason(
                "becikowe.przekroczenie",
                "art. 15b ust. 2 u.ś.r.",
                "Dochód przekracza kryterium; zapomoga nie przysługuje (zasada „złotówka za "
                "złotówkę” jej nie dotyczy).",
            )
        )
        return wynik(False, ZERO)
    amount = kwota * len(dzieci)
    reasons.append(
        Reason(
            "becikowe.kwota",
            "art. 15b ust. 1 u.ś.r.",
            f"Zapomoga {zl(kwota)} na każde dziecko, które nie ukończyło 1. roku życia "
            f"({', '.join(member.id for member in dzieci)}) — razem {zl(amount)}.",
        )
    )
    return wynik(True, amount)
