"""Dochód w pomocy społecznej (art. 8 ust. 3–4a i 9 u.p.s.): the helpers every benefit reuses.

The income is the sum of the month's receipts minus the personal income tax, the health and
social contributions and the maintenance (alimenty) paid to others (art. 8 ust. 3). The statute
reduces the *sum*: a member whose deductions exceed the receipts lowers the family's income by the
excess, and only the family's total is floored at zero (a switchable choice,
`dochod.ujemny_dochod_czlonka_pomniejsza_dochod_rodziny`).

Every kind counts unless a dated flag `dochod_nie_wliczany.<kind>` excludes it on the day
(art. 8 ust. 4 and other acts); for a benefit in kind a flag under
`dochod_nie_wliczany_niepieniezne.<kind>` takes precedence (art. 8 ust. 4a excludes świadczenie
uzupełniające only for the cash benefits). A farm counts by its conversion hectares (art. 8
ust. 9), land below the threshold of `gospodarstwo_rolne_wliczane_od_hektarow` counts as none.
"""

from dataclasses import dataclass
from decimal import Decimal

from ostoja.rules.catalogues import INCOME_KINDS
from ostoja.rules.household import Household, Member
from ostoja.rules.parameters import DatedValue, Snapshot
from ostoja.rules.result import Reason, grosze, reason

ZERO = Decimal("0")
JEDEN = Decimal("1")
DOCHOD_Z_HEKTARA = "pomoc_spoleczna.dochod_z_hektara_przeliczeniowego"
PROG_HEKTAROW = "pomoc_spoleczna.gospodarstwo_rolne_wliczane_od_hektarow"
NIE_WLICZANY = "pomoc_spoleczna.dochod_nie_wliczany"
NIE_WLICZANY_NIEPIENIEZNE = "pomoc_spoleczna.dochod_nie_wliczany_niepieniezne"
UJEMNY_POMNIEJSZA = "pomoc_spoleczna.dochod.ujemny_dochod_czlonka_pomniejsza_dochod_rodziny"
ART_8_UST_3 = "art. 8 ust. 3 u.p.s."


@dataclass(frozen=True)
class DochodCzlonka:
    id: str
    dochod: Decimal  # may be negative: the deductions exceed the receipts
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class DochodRodziny:
    czlonkowie: tuple[DochodCzlonka, ...]
    z_gospodarstwa_rolnego: Decimal
    dochod: Decimal  # the whole household (or the single person), never negative
    na_osobe: Decimal  # dochod ÷ persons, rounded to the grosz: for amounts only, never compared
    liczba_osob: int
    reasons: tuple[Reason, ...]

    def dochod_czlonka(self, member_id: str) -> Decimal:
        return next(c.dochod for c in self.czlonkowie if c.id == member_id)


def _wylaczenie(kind: str, params: Snapshot, pieniezne: bool) -> tuple[DatedValue | None, bool]:
    """The flag that decides whether the kind counts on the day (None: no flag, it counts), and
    whether that flag is the non-cash variant."""
    if not pieniezne:
        name = f"{NIE_WLICZANY_NIEPIENIEZNE}.{kind}"
        if name in params:
            return params.entry(name), True
    name = f"{NIE_WLICZANY}.{kind}"
    if name in params:
        return params.entry(name), False
    return None, False


def wliczany(kind: str, params: Snapshot, *, pieniezne: bool = True) -> bool:
    """Whether an income of `kind` counts on the snapshot's day (for a cash benefit, or one in
    kind): what the registry shows beside each income."""
    flag, _ = _wylaczenie(kind, params, pieniezne)
    return flag is None or flag.value != JEDEN


def dochod_czlonka(member: Member, params: Snapshot, *, pieniezne: bool = True) -> DochodCzlonka:
    """One member's income of the month (without the farm, which belongs to the household)."""
    reasons: list[Reason] = []
    przychody = podatek = zdrowotne = spoleczne = ZERO
    for income in member.incomes:
        flaga, niepieniezne = _wylaczenie(income.kind, params, pieniezne)
        wylaczony = flaga is not None and flaga.value == JEDEN
        if flaga is not None and (wylaczony or niepieniezne):
            reasons.append(
                reason(
                    "dochod.nie_wliczany"
                    if wylaczony
                    else "dochod.wliczany_przy_swiadczeniu_niepienieznym",
                    flaga.reference,
                    unverified=flaga.unverified,
                    czlonek=member.id,
                    rodzaj=INCOME_KINDS[income.kind],
                    kwota=income.amount,
                )
            )
        if wylaczony:
            continue
        przychody += income.amount
        podatek += income.tax
        zdrowotne += income.health
        spoleczne += income.social
    wynik = przychody - podatek - zdrowotne - spoleczne - member.alimony_paid
    if podatek or zdrowotne or spoleczne or member.alimony_paid:
        reasons.append(
            reason(
                "dochod.czlonek",
                ART_8_UST_3,
                czlonek=member.id,
                przychody=przychody,
                podatek=podatek,
                zdrowotne=zdrowotne,
                spoleczne=spoleczne,
                alimenty=member.alimony_paid,
                wynik=wynik,
            )
        )
    else:
        reasons.append(
            reason("dochod.czlonek_bez_potracen", ART_8_UST_3, czlonek=member.id, wynik=wynik)
        )
    if wynik < ZERO:
        if params[UJEMNY_POMNIEJSZA] == JEDEN:
            reasons.append(
                reason(
                    "dochod.potracenia_pomniejszaja_dochod_rodziny",
                    ART_8_UST_3,
                    czlonek=member.id,
                    nadwyzka=-wynik,
                )
            )
        else:
            reasons.append(
                reason("dochod.ujemny_przyjety_jako_zero", ART_8_UST_3, czlonek=member.id)
            )
            wynik = ZERO
    return DochodCzlonka(member.id, wynik, tuple(reasons))


def dochod_z_gospodarstwa_rolnego(
    household: Household, params: Snapshot
) -> tuple[Decimal, tuple[Reason, ...]]:
    """The farm's monthly income: conversion hectares × the amount per hectare, none below the
    threshold."""
    hektary = household.farm_hectares
    if hektary == ZERO:
        return ZERO, ()
    prog = params.entry(PROG_HEKTAROW)
    assert prog.value is not None
    if hektary < prog.value:
        return ZERO, (
            reason(
                "dochod.gospodarstwo_ponizej_progu",
                "art. 8 ust. 4 pkt 6 u.p.s.",
                unverified=prog.unverified,
                hektary=hektary,
                prog=prog.value,
            ),
        )
    stawka = params[DOCHOD_Z_HEKTARA]
    wynik = grosze(hektary * stawka)
    return wynik, (
        reason(
            "dochod.gospodarstwo_rolne",
            "art. 8 ust. 9 u.p.s.",
            hektary=hektary,
            stawka=stawka,
            wynik=wynik,
        ),
    )


def dochod_rodziny(
    household: Household, params: Snapshot, *, pieniezne: bool = True
) -> DochodRodziny:
    """The household's income (never below zero) and the income per person (rounded to the
    grosz, for the amounts where the statute subtracts it).

    `pieniezne`: whether the income is assessed for a cash benefit (art. 8 ust. 4a)."""
    czlonkowie = tuple(
        dochod_czlonka(member, params, pieniezne=pieniezne) for member in household.members
    )
    z_gospodarstwa, reasons_gospodarstwa = dochod_z_gospodarstwa_rolnego(household, params)
    suma = sum((c.dochod for c in czlonkowie), z_gospodarstwa)
    reasons: list[Reason] = [
        *(r for c in czlonkowie for r in c.reasons),
        *reasons_gospodarstwa,
    ]
    dochod = suma
    if suma < ZERO:
        reasons.append(reason("dochod.suma_ujemna", ART_8_UST_3, suma=suma))
        dochod = ZERO
    na_osobe = grosze(dochod / household.size)
    if household.size == 1:
        reasons.append(reason("dochod.osoba_samotnie_gospodarujaca", ART_8_UST_3, dochod=dochod))
    else:
        reasons.append(
            reason(
                "dochod.rodzina",
                ART_8_UST_3,
                n=household.size,
                dochod=dochod,
                na_osobe=na_osobe,
            )
        )
    return DochodRodziny(
        czlonkowie, z_gospodarstwa, dochod, na_osobe, household.size, tuple(reasons)
    )
