"""Specjalny zasiłek celowy (art. 41 pkt 1 u.p.s.).

In particularly justified cases a person or family whose income exceeds the criterion may be
granted a non-repayable special purpose allowance up to the single-person criterion or the
family criterion respectively. Whether to grant it is the centre's discretion: the rules state
that the provision applies and its cap. Within the criterion the provision does not apply: the
ordinary zasiłek celowy (art. 39) is the benefit to consider, and the result says so.
"""

import datetime

from ostoja.rules.household import Household
from ostoja.rules.parameters import Snapshot
from ostoja.rules.pomoc_spoleczna.dochod import dochod_rodziny
from ostoja.rules.pomoc_spoleczna.kryterium import kryterium_dochodowe
from ostoja.rules.result import Result, reason

ARTYKUL = "art. 41 pkt 1 u.p.s."


def oblicz(household: Household, day: datetime.date, params: Snapshot) -> Result:
    kryterium, reason_kryterium = kryterium_dochodowe(household, params)
    dochod = dochod_rodziny(household, params)
    if dochod.dochod <= kryterium:
        return Result(
            eligible=False,
            criterion=kryterium,
            income=dochod.dochod,
            income_per_person=dochod.na_osobe,
            reasons=(
                *dochod.reasons,
                reason_kryterium,
                reason(
                    "specjalny_zasilek_celowy.w_kryterium",
                    "art. 41 pkt 1 i art. 39 u.p.s.",
                    dochod=dochod.dochod,
                    kryterium=kryterium,
                ),
            ),
        )
    return Result(
        eligible=True,
        amount_max=kryterium,
        criterion=kryterium,
        income=dochod.dochod,
        income_per_person=dochod.na_osobe,
        reasons=(
            *dochod.reasons,
            reason_kryterium,
            reason(
                "specjalny_zasilek_celowy.powyzej_kryterium",
                ARTYKUL,
                dochod=dochod.dochod,
                kryterium=kryterium,
            ),
            reason("specjalny_zasilek_celowy.uznanie", ARTYKUL),
            reason("specjalny_zasilek_celowy.kwota_maksymalna", ARTYKUL, maksymalna=kryterium),
        ),
    )
