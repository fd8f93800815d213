"""Jednorazowa zapomoga z tytułu urodzenia się dziecka, "becikowe" (art. 15b u.ś.r.).

One `kwota` per child of the family (art. 3 pkt 16) whose application deadline has not passed:
the application is filed within `termin_wniosku` months of the birth (art. 15b ust. 3), a time
limit that ends at the end of the day corresponding by date to the birth (art. 57 § 3 k.p.a.):
the first birthday is the last day.

The income test (art. 15b ust. 2: income per person not above the threshold; equal is within)
applies to a child born on or after 1 January 2013, the first day of the act of 12 October 2012
(Dz.U. 2012 poz. 1255); for a child born earlier its transitional rule keeps the previous law,
which had no test. The version is chosen by the child's birth date, not by the day of the
calculation. Not subject to "złotówka za złotówkę". `criterion`, when a child is tested, is
threshold × members. The medical-care condition (art. 15b ust. 5) is assumed met.
"""

import datetime
from collections.abc import Callable, Mapping
from decimal import Decimal

from ostoja.rules.dates import FIRST_DAY, in_force
from ostoja.rules.household import Household, Member
from ostoja.rules.parameters import Snapshot
from ostoja.rules.result import Reason, Result, grosze, reason
from ostoja.rules.swiadczenia_rodzinne.dochod_rodziny import Rodzina, rodzina
from ostoja.rules.wiek import dzien_osiagniecia

KWOTA = "swiadczenia_rodzinne.becikowe.kwota"
PROG_DOCHODOWY = "swiadczenia_rodzinne.becikowe.prog_dochodowy"
TERMIN = "swiadczenia_rodzinne.becikowe.termin_wniosku"
ZERO = Decimal(0)
Z_KRYTERIUM = datetime.date(2013, 1, 1)

type Test = Callable[[Member, Rodzina, Snapshot], tuple[bool, Reason]]


def _bez_kryterium(dziecko: Member, rodzina_: Rodzina, params: Snapshot) -> tuple[bool, Reason]:
    return True, reason(
        "becikowe.bez_kryterium",
        "art. 15b ust. 1 u.ś.r.; przepis przejściowy ustawy z 12.10.2012 r. (Dz.U. 2012 poz. 1255)",
        unverified=True,
        dziecko=dziecko.id,
        urodzone=dziecko.birth_date,
        od=Z_KRYTERIUM,
    )


def _z_kryterium(dziecko: Member, rodzina_: Rodzina, params: Snapshot) -> tuple[bool, Reason]:
    prog = params[PROG_DOCHODOWY]
    spelnione = rodzina_.miesci_sie(prog)
    return spelnione, reason(
        "becikowe.kryterium",
        "art. 15b ust. 2 u.ś.r.",
        dziecko=dziecko.id,
        na_osobe=rodzina_.na_osobe,
        prog=prog,
        spelnione=spelnione,
    )


TEST_DOCHODU: Mapping[datetime.date, Test] = {FIRST_DAY: _bez_kryterium, Z_KRYTERIUM: _z_kryterium}


def noworodki(rodzina_: Rodzina, day: datetime.date, params: Snapshot) -> tuple[Member, ...]:
    """The family's children whose application deadline has not passed on the day."""
    miesiace = int(params[TERMIN])
    return tuple(
        member
        for member in rodzina_.dzieci
        if day <= dzien_osiagniecia(member.birth_date, 0, months=miesiace)
    )


def oblicz(household: Household, day: datetime.date, params: Snapshot) -> Result:
    kwota = params[KWOTA]
    rodzina_ = rodzina(household, day, params)
    dzieci = noworodki(rodzina_, day, params)
    reasons = rodzina_.powody()
    tested = any(child.birth_date >= Z_KRYTERIUM for child in dzieci)

    def wynik(eligible: bool, amount: Decimal) -> Result:
        return Result(
            eligible=eligible,
            amount=grosze(amount),
            criterion=grosze(params[PROG_DOCHODOWY] * rodzina_.liczba_osob) if tested else None,
            income=grosze(rodzina_.miesieczny),
            income_per_person=grosze(rodzina_.na_osobe),
            reasons=tuple(reasons),
        )

    if not dzieci:
        reasons.append(
            reason("becikowe.brak_dziecka", "art. 15b ust. 3 u.ś.r.", miesiace=int(params[TERMIN]))
        )
        return wynik(False, ZERO)
    uprawnione = []
    for dziecko in dzieci:
        spelnione, powod = in_force(TEST_DOCHODU, dziecko.birth_date)(dziecko, rodzina_, params)
        reasons.append(powod)
        if spelnione:
            uprawnione.append(dziecko.id)
    if not uprawnione:
        reasons.append(reason("becikowe.przekroczenie", "art. 15b ust. 2 u.ś.r."))
        return wynik(False, ZERO)
    amount = kwota * len(uprawnione)
    reasons.append(
        reason(
            "becikowe.kwota",
            "art. 15b ust. 1 u.ś.r.",
            kwota=kwota,
            ids=tuple(uprawnione),
            razem=amount,
        )
    )
    return wynik(True, amount)
