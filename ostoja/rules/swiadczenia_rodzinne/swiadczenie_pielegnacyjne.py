"""Świadczenie pielęgnacyjne (art. 17 u.ś.r.): not income-tested, for the carer of a member with
a disability. Paragraph numbers as remembered [M].

The carer is the first member with a non-empty `cares_for`; the cared-for persons are those
members. Conditions the household schema cannot express (giving up work before 2024, the
"indications" in the certificate, the disability arising before 18/25) are assumed met; a
cared-for person counts when their `disability` is moderate or significant.

The formula changes on 1 January 2024 (act of 7 July 2023, Dz.U. 2023 poz. 1429):

* until 31 December 2023: one `kwota` if the carer cares for at least one disabled person;
* from 1 January 2024 (new rules): only a cared-for person under 18 counts — carers of adults
  who keep the benefit granted under the old rules (art. 63 of the 2023 act) are out of scope of
  this formula — and the amount grows by `kwota × zwiekszenie_na_kolejne_dziecko` (100 %) for
  each further disabled child cared for.

The amount parameter starts on 1 January 2015; earlier days raise MissingParameterError.
"""

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from ostoja.rules.dates import FIRST_DAY, in_force
from ostoja.rules.household import Household, Member
from ostoja.rules.parameters import Snapshot
from ostoja.rules.result import Reason, Result, grosze, zl
from ostoja.rules.swiadczenia_rodzinne.dochod_rodziny import wiek

KWOTA = "swiadczenia_rodzinne.swiadczenie_pielegnacyjne.kwota"
ZWIEKSZENIE = "swiadczenia_rodzinne.swiadczenie_pielegnacyjne.zwiekszenie_na_kolejne_dziecko"
PELNOLETNOSC = 18
ZERO = Decimal(0)


@dataclass(frozen=True)
class Podopieczny:
    member: Member
    wiek: int


type Formula = Callable[[tuple[Podopieczny, ...], Decimal, Snapshot], tuple[Decimal, Reason]]


def _formula_2004(
    podopieczni: tuple[Podopieczny, ...], kwota: Decimal, params: Snapshot
) -> tuple[Decimal, Reason]:
    uprawniajacy = [p for p in podopieczni if p.member.disability != "none"]
    if not uprawniajacy:
        return ZERO, Reason(
            "swiadczenie_pielegnacyjne.brak_niepelnosprawnego",
            "art. 17 ust. 1 u.ś.r.",
            "Osoby, nad którymi sprawowana jest opieka, nie legitymują się orzeczeniem o "
            "niepełnosprawności; świadczenie pielęgnacyjne nie przysługuje.",
        )
    return kwota, Reason(
        "swiadczenie_pielegnacyjne.kwota",
        "art. 17 ust. 3 u.ś.r.",
        f"Opieka nad osobą niepełnosprawną ({', '.join(p.member.id for p in uprawniajacy)}): "
        f"świadczenie pielęgnacyjne {zl(kwota)} miesięcznie, bez względu na liczbę osób.",
    )


def _formula_2024(
    podopieczni: tuple[Podopieczny, ...], kwota: Decimal, params: Snapshot
) -> tuple[Decimal, Reason]:
    dzieci = [p for p in podopieczni if p.member.disability != "none" and p.wiek < PELNOLETNOSC]
    if not dzieci:
        return ZERO, Reason(
            "swiadczenie_pielegnacyjne.brak_niepelnosprawnego_dziecka",
            "art. 17 ust. 1 u.ś.r.",
            "Od 1 stycznia 2024 r. świadczenie pielęgnacyjne przysługuje na nowych zasadach "
            "tylko opiekunowi osoby niepełnosprawnej, która nie ukończyła 18 lat; takiej osoby "
            "pod opieką nie ma (świadczenie przyznane na dawnych zasadach nie jest tu liczone).",
        )
    zwiekszenie = params[ZWIEKSZENIE]
    kolejne = len(dzieci) - 1
    amount = kwota + kwota * zwiekszenie * kolejne
    return amount, Reason(
        "swiadczenie_pielegnacyjne.kwota",
        "art. 17 ust. 3a u.ś.r.",
        f"Niepełnosprawne dzieci poniżej 18 lat pod opieką: "
        f"{', '.join(p.member.id for p in dzieci)}; {zl(kwota)} zwiększone o "
        f"{zwiekszenie * 100:.0f} % na każde kolejne dziecko (kolejnych dzieci: {kolejne}) — "
        f"razem {zl(amount)} miesięcznie.",
    )


FORMULY: Mapping[datetime.date, Formula] = {
    FIRST_DAY: _formula_2004,
    datetime.date(2024, 1, 1): _formula_2024,
}


def oblicz(household: Household, day: datetime.date, params: Snapshot) -> Result:
    kwota = params[KWOTA]
    opiekun = next((member for member in household.members if member.cares_for), None)
    if opiekun is None:
        return Result(
            eligible=False,
            amount=grosze(ZERO),
            reasons=(
                Reason(
                    "swiadczenie_pielegnacyjne.brak_opiekuna",
                    "art. 17 ust. 1 u.ś.r.",
                    "Nikt w rodzinie nie sprawuje opieki nad inną osobą; świadczenie "
                    "pielęgnacyjne nie przysługuje.",
                ),
            ),
        )
    podopieczni = tuple(
        Podopieczny(member, wiek(household, member, day))
        for member in (household.member(member_id) for member_id in opiekun.cares_for)
    )
    amount, powod = in_force(FORMULY, day)(podopieczni, kwota, params)
    opieka = Reason(
        "swiadczenie_pielegnacyjne.opiekun",
        "art. 17 ust. 1 u.ś.r.",
        f"Opiekunem jest {opiekun.id}; sprawuje opiekę nad: "
        f"{', '.join(p.member.id for p in podopieczni)}.",
    )
    return Result(eligible=amount > 0, amount=grosze(amount), reasons=(opieka, powod))
