"""The closed lists the household's input is checked against: income kinds and the benefits a
member may already receive. A code not listed is an input error, never a silent guess."""

from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

import yaml

INCOME_KINDS_FILE = Path(__file__).parent / "income_kinds.yaml"


def load_income_kinds(path: Path = INCOME_KINDS_FILE) -> Mapping[str, str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in data.items()
    ):
        raise ValueError(f"{path.name}: a mapping of income kind ids to Polish names")
    return MappingProxyType(data)


INCOME_KINDS = load_income_kinds()

# Benefits a member already receives that other benefits depend on (e.g. art. 37 ust. 1 u.p.s.
# excludes zasiłek stały for a person receiving some of them), id → Polish name.
BENEFITS_RECEIVED: Mapping[str, str] = MappingProxyType(
    {
        "renta_socjalna": "renta socjalna",
        "swiadczenie_pielegnacyjne": "świadczenie pielęgnacyjne",
        "specjalny_zasilek_opiekunczy": "specjalny zasiłek opiekuńczy",
        "zasilek_dla_opiekuna": "zasiłek dla opiekuna",
        "dodatek_samotne_wychowywanie": (
            "dodatek do zasiłku rodzinnego z tytułu samotnego wychowywania dziecka"
        ),
        "swiadczenie_wspierajace": "świadczenie wspierające",
        "dodatek_urlop_wychowawczy": (
            "dodatek do zasiłku rodzinnego z tytułu opieki nad dzieckiem w okresie korzystania"
            " z urlopu wychowawczego"
        ),
    }
)

RELATIONS = (
    "malzonek",
    "partner",
    "dziecko",
    "rodzic",
    "rodzenstwo",
    "wnuk",
    "dziadek",
    "inny_krewny",
    "niespokrewniony",
)
