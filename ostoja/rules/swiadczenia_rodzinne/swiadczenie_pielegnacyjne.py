"""Świadczenie pielęgnacyjne (art. 17 u.ś.r.): not income-tested, for the carer of a person who
holds a significant degree of disability, or a disability certificate (of a person under 16) with
both indications of art. 17 ust. 1 (`care_indications`). A moderate degree never qualified.

The carer is the first member with a non-empty `cares_for`. Conditions outside the household
schema (giving up work before 2024, the disability arising before 18 or 25) are assumed met.

The formula changes on 1 January 2024 (act of 7 July 2023, Dz.U. 2023 poz. 1429):

* until 31 December 2023: one `kwota` if the carer cares for at least one qualifying person,
  whatever their number;
* from 1 January 2024: a new right only for the care of a qualifying person under 18 (carers of
  adults keep a benefit granted under the old rules, which this formula does not compute); the
  amount grows by `kwota × zwiekszenie_na_kolejne_dziecko` (100 %) for each further qualifying
  child; a cared-for person who does not qualify is not counted.
"""

import datetime
from collections.abc import Callable, Mapping
from decimal import Decimal

from ostoja.rules.dates import FIRST_DAY, in_force
from ostoja.rules.household import Household, Member
from ostoja.rules.parameters import Snapshot
from ostoja.rules.result import Reason, Result, grosze, reason

KWOTA = "swiadczenia_rodzinne.swiadczenie_pielegnacyjne.kwota"
ZWIEKSZENIE = "swiadczenia_rodzinne.swiadczenie_pielegnacyjne.zwiekszenie_na_kolejne_dziecko"
WIEK_PODOPIECZNEGO = "swiadczenia_rodzinne.swiadczenie_pielegnacyjne.wiek_podopiecznego"
ZERO = Decimal(0)

type Formula = Callable[
    [tuple[Member, ...], datetime.date, Decimal, Snapshot], tuple[Decimal, Reason]
]


def kwalifikuje(member: Member) -> bool:
    """Art. 17 ust. 1: a significant degree, or a certificate with both indications."""
    return member.disability == "significant" or (
        member.disability == "certificate" and member.care_indications
    )


def _formula_2004(
    uprawnieni: tuple[Member, ...], day: datetime.date, kwota: Decimal, params: Snapshot
) -> tuple[Decimal, Reason]:
    if not uprawnieni:
        return ZERO, reason("swiadczenie_pielegnacyjne.brak_uprawnionego", "art. 17 ust. 1 u.ś.r.")
    return kwota, reason(
        "swiadczenie_pielegnacyjne.kwota",
        "art. 17 ust. 1 i 3 u.ś.r.",
        ids=tuple(m.id for m in uprawnieni),
        kwota=kwota,
    )


def _formula_2024(
    uprawnieni: tuple[Member, ...], day: datetime.date, kwota: Decimal, params: Snapshot
) -> tuple[Decimal, Reason]:
    granica = params[WIEK_PODOPIECZNEGO]
    dzieci = [m for m in uprawnieni if m.age_on(day) < granica]
    if not dzieci:
        return ZERO, reason(
            "swiadczenie_pielegnacyjne.brak_uprawnionego_dziecka",
            "art. 17 ust. 1 u.ś.r.",
            granica=int(granica),
        )
    zwiekszenie = params[ZWIEKSZENIE]
    kolejne = len(dzieci) - 1
    amount = kwota + kwota * zwiekszenie * kolejne
    return amount, reason(
        "swiadczenie_pielegnacyjne.kwota_zwiekszona",
        "art. 17 ust. 1 i 3a u.ś.r.",
        ids=tuple(m.id for m in dzieci),
        kwota=kwota,
        zwiekszenie=zwiekszenie,
        kolejne=kolejne,
        razem=amount,
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
            reasons=(reason("swiadczenie_pielegnacyjne.brak_opiekuna", "art. 17 ust. 1 u.ś.r."),),
        )
    podopieczni = tuple(household.member(member_id) for member_id in opiekun.cares_for)
    reasons = [
        reason(
            "swiadczenie_pielegnacyjne.opiekun",
            "art. 17 ust. 1 u.ś.r.",
            opiekun=opiekun.id,
            ids=tuple(m.id for m in podopieczni),
        )
    ]
    bez_prawa = tuple(m.id for m in podopieczni if not kwalifikuje(m))
    if bez_prawa:
        reasons.append(
            reason(
                "swiadczenie_pielegnacyjne.orzeczenie_nie_daje_prawa",
                "art. 17 ust. 1 u.ś.r.",
                ids=bez_prawa,
            )
        )
    uprawnieni = tuple(m for m in podopieczni if kwalifikuje(m))
    amount, powod = in_force(FORMULY, day)(uprawnieni, day, kwota, params)
    reasons.append(powod)
    return Result(eligible=amount > 0, amount=grosze(amount), reasons=tuple(reasons))
