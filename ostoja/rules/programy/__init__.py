"""Programmes run with the OPS whose income test is a percentage of the social-assistance
criterion (art. 8 u.p.s.): food aid (POPŻ/FEPŻ) and meals (Posiłek w szkole i w domu).

`prog_procentowy` is the shared test, compared on the totals: single — income ≤ percentage ×
single-person criterion; family — income ≤ percentage × per-person criterion × persons (never a
per-person income rounded first). The income is assessed as for a benefit in kind or a cash
benefit as the programme's dated flag says (art. 8 ust. 4a u.p.s.).
"""

import datetime
from collections.abc import Mapping
from decimal import Decimal

from ostoja.rules.dates import in_force
from ostoja.rules.household import Household
from ostoja.rules.parameters import Snapshot
from ostoja.rules.pomoc_spoleczna.dochod import dochod_rodziny
from ostoja.rules.pomoc_spoleczna.kryterium import (
    kryterium_na_osobe_w_rodzinie,
    kryterium_osoby_samotnie_gospodarujacej,
)
from ostoja.rules.result import Reason, Result, reason

STO = Decimal(100)
JEDEN = Decimal("1")


def prog_procentowy(
    household: Household,
    day: datetime.date,
    params: Snapshot,
    *,
    kod: str,
    nazwy_programu: Mapping[datetime.date, str],
) -> Result:
    procent_parametr = f"programy.{kod}.procent_kryterium"
    procent = params[procent_parametr]  # first: a day before the programme raises here
    podstawa_prawna = params.reference(procent_parametr)
    program = in_force(nazwy_programu, day)
    niepieniezne = params[f"programy.{kod}.ocena_jak_swiadczenie_niepieniezne"] == JEDEN
    dochod = dochod_rodziny(household, params, pieniezne=not niepieniezne)
    reasons: list[Reason] = [
        *dochod.reasons,
        reason(f"{kod}.program", podstawa_prawna, program=program, procent=procent),
    ]
    if household.size == 1:
        kryterium = kryterium_osoby_samotnie_gospodarujacej(params)
        prog = procent * kryterium / STO
        w_progu = dochod.dochod <= prog
        reasons.append(
            reason(
                f"{kod}.w_progu" if w_progu else f"{kod}.powyzej_progu",
                podstawa_prawna,
                procent=procent,
                kryterium=kryterium,
                prog=prog,
                dochod=dochod.dochod,
            )
        )
        prog_porownania = prog
    else:
        kryterium = kryterium_na_osobe_w_rodzinie(params)
        prog = procent * kryterium / STO
        prog_porownania = prog * household.size
        w_progu = dochod.dochod <= prog_porownania
        reasons.append(
            reason(
                f"{kod}.w_progu_rodziny" if w_progu else f"{kod}.powyzej_progu_rodziny",
                podstawa_prawna,
                procent=procent,
                kryterium=kryterium,
                prog=prog,
                n=household.size,
                prog_rodziny=prog_porownania,
                dochod=dochod.dochod,
            )
        )
    return Result(
        eligible=w_progu,
        criterion=prog_porownania,
        income=dochod.dochod,
        income_per_person=dochod.na_osobe,
        reasons=tuple(reasons),
    )
