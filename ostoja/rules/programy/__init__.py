"""Programmes run with the OPS whose income test is a percentage of the social-assistance
criterion (art. 8 u.p.s.): food aid (POPŻ/FEPŻ) and meals (Posiłek w szkole i w domu).

`prog_procentowy` is the shared test: single — income ≤ percentage × single-person criterion;
family — income per person ≤ percentage × per-person criterion; thresholds rounded to grosze.
"""

import datetime
from collections.abc import Mapping

from ostoja.rules.dates import in_force
from ostoja.rules.household import Household
from ostoja.rules.parameters import Snapshot
from ostoja.rules.pomoc_spoleczna.dochod import dochod_rodziny, liczba
from ostoja.rules.pomoc_spoleczna.kryterium import (
    kryterium_na_osobe_w_rodzinie,
    kryterium_osoby_samotnie_gospodarujacej,
)
from ostoja.rules.result import Reason, Result, grosze, zl

STO = 100


def prog_procentowy(
    household: Household,
    day: datetime.date,
    params: Snapshot,
    *,
    kod: str,
    procent_parametr: str,
    nazwy_programu: Mapping[datetime.date, str],
) -> Result:
    procent = params[procent_parametr]  # first: a day before the programme raises here
    podstawa_prawna = params.reference(procent_parametr)
    program = in_force(nazwy_programu, day)
    dochod = dochod_rodziny(household, params)
    reasons: list[Reason] = [
        *dochod.reasons,
        Reason(
            f"{kod}.program",
            podstawa_prawna,
            f"Program „{program}”: próg dochodowy {liczba(procent)} % kryterium dochodowego "
            "z art. 8 u.p.s.",
        ),
    ]
    if household.size == 1:
        kryterium = kryterium_osoby_samotnie_gospodarujacej(params)
        prog = grosze(procent * kryterium / STO)
        w_progu = dochod.dochod <= prog
        reasons.append(
            Reason(
                f"{kod}.w_progu" if w_progu else f"{kod}.powyzej_progu",
                podstawa_prawna,
                f"Próg osoby samotnie gospodarującej: {liczba(procent)} % × {zl(kryterium)} = "
                f"{zl(prog)}; dochód {zl(dochod.dochod)} "
                f"{'nie przekracza' if w_progu else 'przekracza'} progu.",
            )
        )
        kryterium_porownania = prog
    else:
        kryterium = kryterium_na_osobe_w_rodzinie(params)
        prog = grosze(procent * kryterium / STO)
        w_progu = dochod.na_osobe <= prog
        kryterium_porownania = prog * household.size
        reasons.append(
            Reason(
                f"{kod}.w_progu" if w_progu else f"{kod}.powyzej_progu",
                podstawa_prawna,
                f"Próg na osobę w rodzinie: {liczba(procent)} % × {zl(kryterium)} = {zl(prog)} "
                f"(rodzina: {household.size} × {zl(prog)} = {zl(kryterium_porownania)}); "
                f"dochód na osobę {zl(dochod.na_osobe)} "
                f"{'nie przekracza' if w_progu else 'przekracza'} progu.",
            )
        )
    return Result(
        eligible=w_progu,
        criterion=kryterium_porownania,
        income=dochod.dochod,
        income_per_person=dochod.na_osobe,
        reasons=tuple(reasons),
    )
