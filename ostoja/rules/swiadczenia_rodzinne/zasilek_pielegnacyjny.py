"""Zasiłek pielęgnacyjny (art. 16 u.ś.r.): not income-tested, one `kwota` for each member who
is a child under 16 with a disability (ust. 2 pkt 1), a person with a significant disability
(ust. 2 pkt 2), or a person who has turned 75 (ust. 3). Paragraph numbers as remembered [M].

Not modelled (not in the household schema): a moderate disability arising before 21
(ust. 2 pkt 3), and the exclusions of ust. 5 (e.g. a person receiving the dodatek pielęgnacyjny
from ZUS, or living in an institution with full board) — they are assumed not to apply.
A member meeting several conditions gets one allowance; the reason names the first condition.
"""

import datetime
from decimal import Decimal

from ostoja.rules.household import Household, Member
from ostoja.rules.parameters import Snapshot
from ostoja.rules.result import Reason, Result, grosze, zl
from ostoja.rules.swiadczenia_rodzinne.dochod_rodziny import wiek

KWOTA = "swiadczenia_rodzinne.zasilek_pielegnacyjny.kwota"
WIEK_DZIECKA = 16
WIEK_SENIORA = 75


def _podstawa(member: Member, lat: int) -> tuple[str, str, str] | None:
    """(code, article, description) of the member's right, or None."""
    if lat < WIEK_DZIECKA and member.disability != "none":
        return (
            "zasilek_pielegnacyjny.niepelnosprawne_dziecko",
            "art. 16 ust. 2 pkt 1 u.ś.r.",
            "niepełnosprawne dziecko",
        )
    if member.disability == "significant":
        return (
            "zasilek_pielegnacyjny.znaczny_stopien",
            "art. 16 ust. 2 pkt 2 u.ś.r.",
            "osoba ze znacznym stopniem niepełnosprawności",
        )
    if lat >= WIEK_SENIORA:
        return (
            "zasilek_pielegnacyjny.wiek_75",
            "art. 16 ust. 3 u.ś.r.",
            "osoba, która ukończyła 75 lat",
        )
    return None


def oblicz(household: Household, day: datetime.date, params: Snapshot) -> Result:
    kwota = params[KWOTA]
    reasons = []
    for member in household.members:
        lat = wiek(household, member, day)
        podstawa = _podstawa(member, lat)
        if podstawa is None:
            continue
        code, article, opis = podstawa
        reasons.append(
            Reason(
                code,
                article,
                f"{member.id} ({lat} l.) — {opis}: zasiłek pielęgnacyjny {zl(kwota)} miesięcznie.",
            )
        )
    if not reasons:
        return Result(
            eligible=False,
            amount=grosze(Decimal(0)),
            reasons=(
                Reason(
                    "zasilek_pielegnacyjny.brak_uprawnionego",
                    "art. 16 ust. 2 u.ś.r.",
                    "Nikt w rodzinie nie jest niepełnosprawnym dzieckiem poniżej 16 lat, osobą "
                    "ze znacznym stopniem niepełnosprawności ani osobą, która ukończyła 75 lat; "
                    "zasiłek pielęgnacyjny nie przysługuje.",
                ),
            ),
        )
    osoby = len(reasons)
    amount = kwota * osoby
    reasons.append(
        Reason(
            "zasilek_pielegnacyjny.kwota",
            "art. 16 ust. 4 u.ś.r.",
            f"Zasiłek pielęgnacyjny {zl(kwota)} dla {osoby} os. — razem {zl(amount)} miesięcznie.",
        )
    )
    return Result(eligible=True, amount=grosze(amount), reasons=tuple(reasons))
