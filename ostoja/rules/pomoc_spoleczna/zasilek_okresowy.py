"""Zasiłek okresowy (art. 38 u.p.s.).

The difference D between the criterion and the income sets the range: single person — D = the
single-person criterion − income, at most the per-person criterion (ust. 2 pkt 1); family —
D = the family criterion − family income (ust. 2 pkt 2). The amount is at least 50 % of D
(ust. 3) and at least 20 zł (ust. 4). Income equal to the criterion leaves no difference to pay,
so a right needs D > 0.
"""

import datetime
from decimal import Decimal

from ostoja.rules.household import Household
from ostoja.rules.parameters import Snapshot
from ostoja.rules.pomoc_spoleczna.dochod import dochod_rodziny, liczba
from ostoja.rules.pomoc_spoleczna.kryterium import (
    kryterium_dochodowe,
    kryterium_na_osobe_w_rodzinie,
)
from ostoja.rules.result import Reason, Result, grosze, zl

ZERO = Decimal("0")
KWOTA_MINIMALNA = "pomoc_spoleczna.zasilek_okresowy.kwota_minimalna"
UDZIAL_MINIMALNY = "pomoc_spoleczna.zasilek_okresowy.udzial_minimalny"


def oblicz(household: Household, day: datetime.date, params: Snapshot) -> Result:
    kryterium, reason_kryterium = kryterium_dochodowe(household, params)
    dochod = dochod_rodziny(household, params)
    reasons: list[Reason] = [*dochod.reasons, reason_kryterium]
    roznica = kryterium - dochod.dochod
    if roznica <= ZERO:
        reasons.append(
            Reason(
                "zasilek_okresowy.brak_roznicy",
                "art. 38 ust. 1 u.p.s.",
                f"Dochód {zl(dochod.dochod)} nie jest niższy od kryterium {zl(kryterium)}: "
                f"brak różnicy do wypłaty, zasiłek okresowy nie przysługuje; kwota {zl(ZERO)}.",
            )
        )
        return Result(
            eligible=False,
            amount=ZERO,
            amount_min=ZERO,
            amount_max=ZERO,
            criterion=kryterium,
            income=dochod.dochod,
            income_per_person=dochod.na_osobe,
            reasons=tuple(reasons),
        )
    if household.size == 1:
        na_osobe = kryterium_na_osobe_w_rodzinie(params)
        maksymalna = min(roznica, na_osobe)
        reasons.append(
            Reason(
                "zasilek_okresowy.kwota_maksymalna",
                "art. 38 ust. 2 pkt 1 u.p.s.",
                f"Różnica między kryterium {zl(kryterium)} a dochodem {zl(dochod.dochod)} wynosi "
                f"{zl(roznica)}; kwota najwyższa to ta różnica, nie więcej niż kryterium na "
                f"osobę w rodzinie {zl(na_osobe)}: {zl(maksymalna)}.",
            )
        )
    else:
        maksymalna = roznica
        reasons.append(
            Reason(
                "zasilek_okresowy.kwota_maksymalna",
                "art. 38 ust. 2 pkt 2 u.p.s.",
                f"Różnica między kryterium rodziny {zl(kryterium)} a dochodem rodziny "
                f"{zl(dochod.dochod)} wynosi {zl(roznica)}; to kwota najwyższa.",
            )
        )
    udzial = params[UDZIAL_MINIMALNY]
    minimum_ustawowe = params[KWOTA_MINIMALNA]
    czesc_roznicy = grosze(udzial * roznica)
    minimalna = max(czesc_roznicy, minimum_ustawowe)
    reasons.append(
        Reason(
            "zasilek_okresowy.kwota_minimalna",
            "art. 38 ust. 3 i 4 u.p.s.",
            f"Kwota najniższa: {liczba(udzial)} × różnica {zl(roznica)} = {zl(czesc_roznicy)}, "
            f"nie mniej niż {zl(minimum_ustawowe)}: {zl(minimalna)}.",
        )
    )
    if minimalna > maksymalna:
        reasons.append(
            Reason(
                "zasilek_okresowy.minimalna_ponad_maksymalna",
                "art. 38 ust. 4 u.p.s.",
                f"Kwota najniższa {zl(minimalna)} przekracza kwotę najwyższą {zl(maksymalna)}; "
                f"przyjęto kwotę najwyższą {zl(maksymalna)} jako najniższą. Przepis nie "
                "rozstrzyga tego wprost (niepewne [?]): sprawdź z tekstem ustawy.",
            )
        )
        minimalna = maksymalna
    reasons.append(
        Reason(
            "zasilek_okresowy.kwota",
            "art. 38 ust. 2 u.p.s.",
            f"Zasiłek okresowy przysługuje w kwocie od {zl(minimalna)} do {zl(maksymalna)}; "
            f"pełne uprawnienie wynosi {zl(maksymalna)}.",
        )
    )
    return Result(
        eligible=True,
        amount=grosze(maksymalna),
        amount_min=grosze(minimalna),
        amount_max=grosze(maksymalna),
        criterion=kryterium,
        income=dochod.dochod,
        income_per_person=dochod.na_osobe,
        reasons=tuple(reasons),
    )
