"""Specjalny zasiłek celowy (art. 41 pkt 1 u.p.s.).

In particularly justified cases a person or family whose income exceeds the criterion may be
granted a non-repayable special purpose allowance up to the single-person criterion or the
family criterion respectively. Whether to grant it is the centre's discretion: the rules only
state the cap.
"""

import datetime

from ostoja.rules.household import Household
from ostoja.rules.parameters import Snapshot
from ostoja.rules.pomoc_spoleczna.dochod import dochod_rodziny
from ostoja.rules.pomoc_spoleczna.kryterium import kryterium_dochodowe
from ostoja.rules.result import Reason, Result, zl

ARTYKUL = "art. 41 pkt 1 u.p.s."


def oblicz(household: Household, day: datetime.date, params: Snapshot) -> Result:
    kryterium, reason_kryterium = kryterium_dochodowe(household, params)
    dochod = dochod_rodziny(household, params)
    if dochod.dochod > kryterium:
        reason_dochod = Reason(
            "specjalny_zasilek_celowy.powyzej_kryterium",
            ARTYKUL,
            f"Dochód {zl(dochod.dochod)} przekracza kryterium {zl(kryterium)}: w szczególnie "
            "uzasadnionym przypadku można przyznać specjalny zasiłek celowy.",
        )
    else:
        reason_dochod = Reason(
            "specjalny_zasilek_celowy.w_kryterium",
            ARTYKUL,
            f"Dochód {zl(dochod.dochod)} nie przekracza kryterium {zl(kryterium)}: przepis "
            "dotyczy dochodów ponad kryterium; właściwy jest zwykle zasiłek celowy (art. 39).",
        )
    reasons = (
        *dochod.reasons,
        reason_kryterium,
        reason_dochod,
        Reason(
            "specjalny_zasilek_celowy.uznanie",
            ARTYKUL,
            "Przyznanie specjalnego zasiłku celowego zależy od uznania ośrodka (decyzja "
            "uznaniowa); zasiłek nie podlega zwrotowi.",
        ),
        Reason(
            "specjalny_zasilek_celowy.kwota_maksymalna",
            ARTYKUL,
            f"Kwota specjalnego zasiłku celowego nie może przekroczyć {zl(kryterium)}.",
        ),
    )
    return Result(
        eligible=True,
        amount_max=kryterium,
        criterion=kryterium,
        income=dochod.dochod,
        income_per_person=dochod.na_osobe,
        reasons=reasons,
    )
