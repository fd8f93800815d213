"""Food aid referral: Program Operacyjny Pomoc Żywnościowa 2014–2020 (POPŻ, FEAD), from
2024-02-12 (Podprogram 2023) Fundusze Europejskie na Pomoc Żywnościową 2021–2027 (FEPŻ, EFS+).
Income test: not above the programme's percentage of the art. 8 u.p.s. criterion."""

import datetime

from ostoja.rules.household import Household
from ostoja.rules.parameters import Snapshot
from ostoja.rules.programy import prog_procentowy
from ostoja.rules.result import Result

NAZWY_PROGRAMU = {
    datetime.date(2014, 1, 1): "Program Operacyjny Pomoc Żywnościowa 2014–2020",
    datetime.date(2024, 2, 12): "Fundusze Europejskie na Pomoc Żywnościową 2021–2027",
}


def oblicz(household: Household, day: datetime.date, params: Snapshot) -> Result:
    return prog_procentowy(household, day, params, kod="fepz", nazwy_programu=NAZWY_PROGRAMU)
