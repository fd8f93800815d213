"""Zasiłek okresowy (art. 38 and art. 147 u.p.s.).

Right (ust. 1): the income is below the criterion (single: the single-person criterion; family:
the family criterion), so the difference D = criterion − income is positive.
Range: at most D (ust. 2), for a single person also at most the statutory cap of ust. 2 pkt 1
(418 zł); at least the minimum share of D — 20 % / 15 % in 2004, 30 % / 20 % in 2005, 35 % /
25 % in 2006–2007 (art. 147 ust. 1–3), 50 % from 2008 (ust. 3) — and at least 20 zł (ust. 4).
Where a minimum exceeds a maximum, which prevails is a switchable choice (dated flags
`pierwszenstwo_kwoty_maksymalnej`, `pierwszenstwo_kwoty_minimalnej`).
"""

import datetime
from decimal import ROUND_HALF_UP, ROUND_UP, Decimal

from ostoja.rules.household import Household
from ostoja.rules.parameters import Snapshot
from ostoja.rules.pomoc_spoleczna.dochod import dochod_rodziny
from ostoja.rules.pomoc_spoleczna.kryterium import kryterium_dochodowe
from ostoja.rules.result import GROSZ, Reason, Result, reason

ZERO = Decimal("0")
JEDEN = Decimal("1")
PREFIX = "pomoc_spoleczna.zasilek_okresowy"
KWOTA_MINIMALNA = f"{PREFIX}.kwota_minimalna"
KWOTA_MAKSYMALNA_SAMOTNEJ = f"{PREFIX}.kwota_maksymalna_osoby_samotnie_gospodarujacej"
UDZIAL_SAMOTNEJ = f"{PREFIX}.udzial_minimalny.osoba_samotnie_gospodarujaca"
UDZIAL_RODZINY = f"{PREFIX}.udzial_minimalny.rodzina"
ZAOKRAGLENIE_W_GORE = f"{PREFIX}.zaokraglenie_udzialu_w_gore"
PIERWSZENSTWO_MAKSYMALNEJ = f"{PREFIX}.pierwszenstwo_kwoty_maksymalnej"
PIERWSZENSTWO_MINIMALNEJ = f"{PREFIX}.pierwszenstwo_kwoty_minimalnej"


def _udzial(samotny: bool, roznica: Decimal, params: Snapshot) -> tuple[Decimal, Decimal, str]:
    """The minimum share of the difference (as an amount), the share, and its provision."""
    name = UDZIAL_SAMOTNEJ if samotny else UDZIAL_RODZINY
    udzial = params[name]
    rounding = ROUND_UP if params[ZAOKRAGLENIE_W_GORE] == JEDEN else ROUND_HALF_UP
    return (udzial * roznica).quantize(GROSZ, rounding=rounding), udzial, params.reference(name)


def oblicz(household: Household, day: datetime.date, params: Snapshot) -> Result:
    kryterium, reason_kryterium = kryterium_dochodowe(household, params)
    dochod = dochod_rodziny(household, params)
    reasons: list[Reason] = [*dochod.reasons, reason_kryterium]
    roznica = kryterium - dochod.dochod
    samotny = household.size == 1
    if roznica <= ZERO:
        reasons.append(
            reason(
                "zasilek_okresowy.brak_roznicy",
                "art. 38 ust. 1 u.p.s.",
                dochod=dochod.dochod,
                kryterium=kryterium,
                kwota=ZERO,
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
    if samotny:
        limit = params.entry(KWOTA_MAKSYMALNA_SAMOTNEJ)
        assert limit.value is not None
        maksymalna = min(roznica, limit.value)
        reasons.append(
            reason(
                "zasilek_okresowy.kwota_maksymalna",
                "art. 38 ust. 2 pkt 1 u.p.s.",
                unverified=limit.unverified,
                kryterium=kryterium,
                dochod=dochod.dochod,
                roznica=roznica,
                limit=limit.value,
                wynik=maksymalna,
            )
        )
    else:
        maksymalna = roznica
        reasons.append(
            reason(
                "zasilek_okresowy.kwota_maksymalna_rodziny",
                "art. 38 ust. 2 pkt 2 u.p.s.",
                kryterium=kryterium,
                dochod=dochod.dochod,
                roznica=roznica,
            )
        )
    czesc, udzial, podstawa_udzialu = _udzial(samotny, roznica, params)
    minimum = params[KWOTA_MINIMALNA]
    reasons.append(
        reason(
            "zasilek_okresowy.udzial_minimalny",
            podstawa_udzialu,
            udzial=udzial,
            roznica=roznica,
            czesc=czesc,
        )
    )
    if czesc > maksymalna:
        # Only a single person's capped amount: the share of the difference is above the cap.
        pierwszenstwo = params.entry(PIERWSZENSTWO_MAKSYMALNEJ)
        limit_wygrywa = pierwszenstwo.value == JEDEN
        reasons.append(
            reason(
                "zasilek_okresowy.limit_ponad_udzialem"
                if limit_wygrywa
                else "zasilek_okresowy.udzial_ponad_limitem",
                "art. 38 ust. 2 pkt 1 i ust. 3 u.p.s.",
                unverified=pierwszenstwo.unverified,
                czesc=czesc,
                limit=maksymalna,
            )
        )
        if limit_wygrywa:
            czesc = maksymalna
        else:
            maksymalna = czesc
    if minimum > maksymalna:
        # The difference itself is below the statutory minimum.
        pierwszenstwo = params.entry(PIERWSZENSTWO_MINIMALNEJ)
        minimum_wygrywa = pierwszenstwo.value == JEDEN
        code, article = (
            ("zasilek_okresowy.minimum_ponad_roznica", "art. 38 ust. 4 u.p.s.")
            if minimum_wygrywa
            else ("zasilek_okresowy.roznica_ponizej_minimum", "art. 38 ust. 2 i 4 u.p.s.")
        )
        reasons.append(
            reason(
                code,
                article,
                unverified=pierwszenstwo.unverified,
                roznica=maksymalna,
                minimum=minimum,
            )
        )
        if minimum_wygrywa:
            maksymalna = minimum
        minimalna = maksymalna
    else:
        minimalna = max(czesc, minimum)
        reasons.append(
            reason(
                "zasilek_okresowy.kwota_minimalna",
                "art. 38 ust. 3 i 4 u.p.s.",
                czesc=czesc,
                minimum=minimum,
                wynik=minimalna,
            )
        )
    reasons.append(
        reason(
            "zasilek_okresowy.kwota",
            "art. 38 ust. 2 u.p.s.",
            minimalna=minimalna,
            maksymalna=maksymalna,
        )
    )
    return Result(
        eligible=True,
        amount=maksymalna,
        amount_min=minimalna,
        amount_max=maksymalna,
        criterion=kryterium,
        income=dochod.dochod,
        income_per_person=dochod.na_osobe,
        reasons=tuple(reasons),
    )
