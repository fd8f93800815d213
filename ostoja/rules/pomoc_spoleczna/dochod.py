"""Dochód w pomocy społecznej (art. 8 ust. 3–4 i 9 u.p.s.): the helpers every benefit reuses.

A member's income is the month's receipts minus personal income tax, health and social
contributions, minus the maintenance (alimenty) the member pays to others. Some kinds are not
counted at all (art. 8 ust. 4); a farm counts by its conversion hectares (art. 8 ust. 9), land
below 1 ha counts as none (art. 8 ust. 4 pkt 6).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from ostoja.rules.household import Household, Member
from ostoja.rules.parameters import Snapshot
from ostoja.rules.result import Reason, grosze, zl

ZERO = Decimal("0")
JEDEN_HEKTAR = Decimal("1")
DOCHOD_Z_HEKTARA = "pomoc_spoleczna.dochod_z_hektara_przeliczeniowego"

# Income kinds not counted (kind code → (article, name in a sentence)). The 800+ exclusion comes
# from the act on state aid in raising children, not from the list of art. 8 ust. 4 itself.
NIE_WLICZANE_DO_DOCHODU: Mapping[str, tuple[str, str]] = {
    "jednorazowe_swiadczenie_socjalne": (
        "art. 8 ust. 4 pkt 1 u.p.s.",
        "jednorazowe pieniężne świadczenie socjalne",
    ),
    "zasilek_celowy": ("art. 8 ust. 4 pkt 2 u.p.s.", "zasiłek celowy"),
    "swiadczenie_w_naturze": ("art. 8 ust. 4 pkt 4 u.p.s.", "świadczenie w naturze"),
    "prace_spolecznie_uzyteczne": (
        "art. 8 ust. 4 pkt 5 u.p.s.",
        "świadczenie za prace społecznie użyteczne",
    ),
    "swiadczenie_wychowawcze": (
        "art. 8 ust. 4 u.p.s. w zw. z ustawą o pomocy państwa w wychowywaniu dzieci",
        "świadczenie wychowawcze",
    ),
}


def liczba(value: Decimal) -> str:
    """A plain number in a Polish sentence: "2,5", "265", "1,30"."""
    return str(value).replace(".", ",")


def osoby(count: int) -> str:
    """ "1 osoba", "3 osoby", "5 osób", "12 osób", "22 osoby"."""
    if count == 1:
        return "1 osoba"
    if count % 10 in (2, 3, 4) and count % 100 not in (12, 13, 14):
        return f"{count} osoby"
    return f"{count} osób"


@dataclass(frozen=True)
class DochodCzlonka:
    id: str
    dochod: Decimal
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class DochodRodziny:
    czlonkowie: tuple[DochodCzlonka, ...]
    z_gospodarstwa_rolnego: Decimal
    dochod: Decimal  # the whole household (or the single person)
    na_osobe: Decimal
    liczba_osob: int
    reasons: tuple[Reason, ...]

    def dochod_czlonka(self, member_id: str) -> Decimal:
        return next(c.dochod for c in self.czlonkowie if c.id == member_id)


def _zdanie_o_dochodzie(
    member: Member,
    przychody: Decimal,
    podatek: Decimal,
    zdrowotne: Decimal,
    spoleczne: Decimal,
    wynik: Decimal,
) -> str:
    """The sentence on one member's income; short when there is nothing to deduct."""
    if not (podatek or zdrowotne or spoleczne or member.alimony_paid):
        return f"Dochód członka „{member.id}”: przychody {zl(przychody)}, bez potrąceń."
    return (
        f"Dochód członka „{member.id}”: przychody {zl(przychody)} pomniejszone o podatek "
        f"{zl(podatek)}, składki na ubezpieczenie zdrowotne {zl(zdrowotne)}, składki na "
        f"ubezpieczenia społeczne {zl(spoleczne)} i alimenty płacone {zl(member.alimony_paid)}"
        f" = {zl(wynik)}."
    )


def dochod_czlonka(member: Member) -> DochodCzlonka:
    """One member's counted income of the month (without the farm, which belongs to the
    household), rounded to the grosz."""
    reasons: list[Reason] = []
    przychody = podatek = zdrowotne = spoleczne = ZERO
    for income in member.incomes:
        excluded = NIE_WLICZANE_DO_DOCHODU.get(income.kind)
        if excluded is not None:
            article, name = excluded
            reasons.append(
                Reason(
                    "dochod.nie_wliczany",
                    article,
                    f"Do dochodu członka „{member.id}” nie wlicza się: {name} {zl(income.amount)}.",
                )
            )
            continue
        przychody += income.amount
        podatek += income.tax
        zdrowotne += income.health
        spoleczne += income.social
    wynik = grosze(przychody - podatek - zdrowotne - spoleczne - member.alimony_paid)
    reasons.append(
        Reason(
            "dochod.czlonek",
            "art. 8 ust. 3 u.p.s.",
            _zdanie_o_dochodzie(member, przychody, podatek, zdrowotne, spoleczne, wynik),
        )
    )
    # Choice: a member whose deductions exceed the receipts has income 0, not a negative income
    # that would reduce the other members' income. Art. 8 ust. 3 speaks of receipts "minus" the
    # deductions and says nothing of a negative result; a negative income is not an income.
    if wynik < ZERO:
        reasons.append(
            Reason(
                "dochod.ujemny",
                "art. 8 ust. 3 u.p.s.",
                f"Potrącenia członka „{member.id}” przewyższają jego przychody ({zl(wynik)}); "
                f"jego dochód przyjęto jako {zl(ZERO)}.",
            )
        )
        wynik = ZERO
    return DochodCzlonka(member.id, wynik, tuple(reasons))


def dochod_z_gospodarstwa_rolnego(
    household: Household, params: Snapshot
) -> tuple[Decimal, tuple[Reason, ...]]:
    """The farm's monthly income: conversion hectares × the amount per hectare, none below 1 ha."""
    hektary = household.farm_hectares
    if hektary == ZERO:
        return ZERO, ()
    if hektary < JEDEN_HEKTAR:
        return ZERO, (
            Reason(
                "dochod.gospodarstwo_ponizej_1_ha",
                "art. 8 ust. 4 pkt 6 u.p.s.",
                f"Dochodu z {liczba(hektary)} ha przeliczeniowego (poniżej 1 ha) nie wlicza się.",
            ),
        )
    stawka = params[DOCHOD_Z_HEKTARA]
    wynik = grosze(hektary * stawka)
    return wynik, (
        Reason(
            "dochod.gospodarstwo_rolne",
            "art. 8 ust. 9 u.p.s.",
            f"Dochód z gospodarstwa rolnego: {liczba(hektary)} ha przeliczeniowego × "
            f"{zl(stawka)} = {zl(wynik)}.",
        ),
    )


def dochod_rodziny(household: Household, params: Snapshot) -> DochodRodziny:
    """The household's income, and per person (÷ members, rounded to the grosz)."""
    czlonkowie = tuple(dochod_czlonka(member) for member in household.members)
    z_gospodarstwa, reasons_gospodarstwa = dochod_z_gospodarstwa_rolnego(household, params)
    dochod = sum((c.dochod for c in czlonkowie), z_gospodarstwa)
    na_osobe = grosze(dochod / household.size)
    if household.size == 1:
        podsumowanie = Reason(
            "dochod.osoba_samotnie_gospodarujaca",
            "art. 8 ust. 3 u.p.s.",
            f"Dochód osoby samotnie gospodarującej wynosi {zl(dochod)}.",
        )
    else:
        podsumowanie = Reason(
            "dochod.rodzina",
            "art. 8 ust. 3 u.p.s.",
            f"Dochód rodziny ({osoby(household.size)}) wynosi {zl(dochod)}, "
            f"tj. {zl(na_osobe)} na osobę.",
        )
    reasons = (
        *(reason for c in czlonkowie for reason in c.reasons),
        *reasons_gospodarstwa,
        podsumowanie,
    )
    return DochodRodziny(czlonkowie, z_gospodarstwa, dochod, na_osobe, household.size, reasons)
