"""Zasiłek pielęgnacyjny (art. 16 u.ś.r.): not income-tested, one `kwota` for each member who is

* a disabled child: under 16 with any disability certificate (ust. 2 pkt 1);
* over 16 with a significant degree (ust. 2 pkt 2);
* a person who has reached 75 (ust. 2 pkt 3);
* over 16 with a moderate degree that arose before 21 (ust. 3): from 16 to 20 it necessarily did;
  from 21 on the input does not say when it arose, and the allowance is not granted on that
  ground (the reason says so).

The exclusions of ust. 5–6 (an institution with full board, the dodatek pielęgnacyjny) are
outside the household schema and assumed not to apply. A member meeting several conditions gets
one allowance; the reason names the first condition in the order above.
"""

import datetime

from ostoja.rules.household import Household, Member
from ostoja.rules.parameters import Snapshot
from ostoja.rules.result import Reason, Result, grosze, reason
from ostoja.rules.swiadczenia_rodzinne.dochod_rodziny import WIEK

KWOTA = "swiadczenia_rodzinne.zasilek_pielegnacyjny.kwota"
WIEK_DZIECKA = f"{WIEK}.dziecko_niepelnosprawne"
WIEK_POWSTANIA = f"{WIEK}.powstanie_niepelnosprawnosci"
WIEK_SENIORA = f"{WIEK}.zasilek_pielegnacyjny_senior"


def _podstawa(member: Member, lat: int, params: Snapshot) -> tuple[str, str, bool]:
    """(code, article, granted) of the member's ground, or ("", "", False) for none."""
    if lat < params[WIEK_DZIECKA] and member.disability != "none":
        return "zasilek_pielegnacyjny.niepelnosprawne_dziecko", "art. 16 ust. 2 pkt 1", True
    if lat >= params[WIEK_DZIECKA] and member.disability == "significant":
        return "zasilek_pielegnacyjny.znaczny_stopien", "art. 16 ust. 2 pkt 2", True
    if lat >= params[WIEK_SENIORA]:
        return "zasilek_pielegnacyjny.wiek_75", "art. 16 ust. 2 pkt 3", True
    if lat >= params[WIEK_DZIECKA] and member.disability == "moderate":
        if lat < params[WIEK_POWSTANIA]:
            return "zasilek_pielegnacyjny.umiarkowany_przed_21", "art. 16 ust. 3", True
        return "zasilek_pielegnacyjny.umiarkowany_wiek_powstania_nieznany", "art. 16 ust. 3", False
    return "", "", False


def oblicz(household: Household, day: datetime.date, params: Snapshot) -> Result:
    kwota = params[KWOTA]
    reasons: list[Reason] = []
    uprawnieni = 0
    for member in household.members:
        lat = member.age_on(day)
        code, article, granted = _podstawa(member, lat, params)
        if not code:
            continue
        uprawnieni += granted
        reasons.append(
            reason(
                code,
                f"{article} u.ś.r.",
                osoba=member.id,
                wiek=lat,
                kwota=kwota,
                granica=int(params[WIEK_POWSTANIA]),
            )
        )
    amount = kwota * uprawnieni
    if not uprawnieni:
        reasons.append(reason("zasilek_pielegnacyjny.brak_uprawnionych", "art. 16 ust. 2 u.ś.r."))
    else:
        reasons.append(
            reason(
                "zasilek_pielegnacyjny.razem",
                "art. 16 ust. 4 u.ś.r.",
                n=uprawnieni,
                kwota=kwota,
                razem=amount,
            )
        )
    return Result(eligible=uprawnieni > 0, amount=grosze(amount), reasons=tuple(reasons))
