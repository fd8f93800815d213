"""Kryterium dochodowe (art. 8 ust. 1 u.p.s.): the income test of cash benefits.

A single-person household is compared with the single-person criterion (pkt 1); a family's
income with the family criterion = per-person criterion × members (pkt 3). The comparison is on
the totals, never on a per-person figure rounded first. Income equal to the criterion "does not
exceed" it, so it is within.
"""

import datetime
from decimal import Decimal

from ostoja.rules.household import Household
from ostoja.rules.parameters import Snapshot
from ostoja.rules.pomoc_spoleczna.dochod import DochodRodziny, dochod_rodziny
from ostoja.rules.result import Reason, Result, reason

OSOBA_SAMOTNIE_GOSPODARUJACA = "pomoc_spoleczna.kryterium_dochodowe.osoba_samotnie_gospodarujaca"
OSOBA_W_RODZINIE = "pomoc_spoleczna.kryterium_dochodowe.osoba_w_rodzinie"


def kryterium_osoby_samotnie_gospodarujacej(params: Snapshot) -> Decimal:
    return params[OSOBA_SAMOTNIE_GOSPODARUJACA]


def kryterium_na_osobe_w_rodzinie(params: Snapshot) -> Decimal:
    return params[OSOBA_W_RODZINIE]


def kryterium_dochodowe(household: Household, params: Snapshot) -> tuple[Decimal, Reason]:
    """The criterion the household's income is compared with, and the reason stating it."""
    if household.size == 1:
        kryterium = kryterium_osoby_samotnie_gospodarujacej(params)
        return kryterium, reason(
            "kryterium.osoba_samotnie_gospodarujaca",
            "art. 8 ust. 1 pkt 1 u.p.s.",
            kryterium=kryterium,
        )
    na_osobe = kryterium_na_osobe_w_rodzinie(params)
    kryterium = na_osobe * household.size
    return kryterium, reason(
        "kryterium.rodzina",
        "art. 8 ust. 1 pkt 3 u.p.s.",
        n=household.size,
        na_osobe=na_osobe,
        kryterium=kryterium,
    )


def porownanie(dochod: DochodRodziny, kryterium: Decimal) -> tuple[bool, Reason]:
    """Whether the income does not exceed the criterion, with the reason saying so."""
    w_kryterium = dochod.dochod <= kryterium
    kod = "kryterium.w_kryterium" if w_kryterium else "kryterium.powyzej_kryterium"
    if dochod.liczba_osob == 1:
        return w_kryterium, reason(
            kod, "art. 8 ust. 1 pkt 1 u.p.s.", dochod=dochod.dochod, kryterium=kryterium
        )
    return w_kryterium, reason(
        f"{kod}_rodziny", "art. 8 ust. 1 pkt 3 u.p.s.", dochod=dochod.dochod, kryterium=kryterium
    )


def oblicz(household: Household, day: datetime.date, params: Snapshot) -> Result:
    kryterium, reason_kryterium = kryterium_dochodowe(household, params)
    dochod = dochod_rodziny(household, params)
    w_kryterium, reason_porownanie = porownanie(dochod, kryterium)
    return Result(
        eligible=w_kryterium,
        criterion=kryterium,
        income=dochod.dochod,
        income_per_person=dochod.na_osobe,
        reasons=(*dochod.reasons, reason_kryterium, reason_porownanie),
    )
