"""Meals: "Pomoc państwa w zakresie dożywiania" (2014–2018), from 2019 "Posiłek w szkole i w
domu". Income test: not above the programme's percentage of the art. 8 u.p.s. criterion."""

import datetime

from ostoja.rules.household import Household
from ostoja.rules.parameters import Snapshot
from ostoja.rules.programy import prog_procentowy
from ostoja.rules.result import Result

NAZWY_PROGRAMU = {
    datetime.date(2014, 1, 1): "Pomoc państwa w zakresie dożywiania",
    datetime.date(2019, 1, 1): "Posiłek w szkole i w domu",
}


def oblicz(household: Household, day: datetime.date, params: Snapshot) -> Result:
    return prog_procentowy(household, day, params, kod="posilek", nazwy_programu=NAZWY_PROGRAMU)
