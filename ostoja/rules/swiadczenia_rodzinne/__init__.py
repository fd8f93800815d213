"""Family benefits under the Family Benefits Act (ustawa z 28 listopada 2003 r. o świadczeniach
rodzinnych, u.ś.r.): each module exposes `oblicz(household, day, params) -> Result`.

`OBLICZENIA` maps the `benefit` names used by the YAML cases to those functions.
"""

import datetime
from collections.abc import Callable, Mapping

from ostoja.rules.household import Household
from ostoja.rules.parameters import Snapshot
from ostoja.rules.result import Result
from ostoja.rules.swiadczenia_rodzinne import (
    becikowe,
    swiadczenie_pielegnacyjne,
    zasilek_pielegnacyjny,
    zasilek_rodzinny,
)

type Obliczenie = Callable[[Household, datetime.date, Snapshot], Result]

OBLICZENIA: Mapping[str, Obliczenie] = {
    "zasilek_rodzinny": zasilek_rodzinny.oblicz,
    "becikowe": becikowe.oblicz,
    "zasilek_pielegnacyjny": zasilek_pielegnacyjny.oblicz,
    "swiadczenie_pielegnacyjne": swiadczenie_pielegnacyjne.oblicz,
}

__all__ = [
    "OBLICZENIA",
    "Obliczenie",
    "becikowe",
    "swiadczenie_pielegnacyjne",
    "zasilek_pielegnacyjny",
    "zasilek_rodzinny",
]
