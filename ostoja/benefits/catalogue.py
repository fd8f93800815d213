"""The benefits the centre grants on application or ex officio, with what the procedure needs to
know about each: the act, the rules' calculation, whether it is paid in money, whether it runs by
month, whether a decision needs an environmental interview (art. 106 ust. 4 u.p.s.) and the
provision that grants it.

Codes are stable: awards, payments and reports refer to them.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise


class Act(models.TextChoices):
    SOCIAL_ASSISTANCE = "ups", _("Social Assistance Act")
    FAMILY_BENEFITS = "usr", _("Family Benefits Act")


class Frequency(StrEnum):
    MONTHLY = "miesieczne"
    ONE_OFF = "jednorazowe"


class Benefit(models.TextChoices):
    # u.p.s. art. 36
    ZASILEK_STALY = "zasilek_staly", _("zasiłek stały")
    ZASILEK_OKRESOWY = "zasilek_okresowy", _("zasiłek okresowy")
    ZASILEK_CELOWY = "zasilek_celowy", _("zasiłek celowy")
    SPECJALNY_ZASILEK_CELOWY = "specjalny_zasilek_celowy", _("specjalny zasiłek celowy")
    POSILEK = "posilek", _("posiłek")
    SCHRONIENIE = "schronienie", _("schronienie")
    UBRANIE = "ubranie", _("niezbędne ubranie")
    USLUGI_OPIEKUNCZE = "uslugi_opiekuncze", _("usługi opiekuńcze")
    SPRAWIENIE_POGRZEBU = "sprawienie_pogrzebu", _("sprawienie pogrzebu")
    PRACA_SOCJALNA = "praca_socjalna", _("praca socjalna")
    DPS = "dps", _("pobyt w domu pomocy społecznej")
    # u.ś.r.
    ZASILEK_RODZINNY = "zasilek_rodzinny", _("zasiłek rodzinny z dodatkami")
    BECIKOWE = "becikowe", _("jednorazowa zapomoga z tytułu urodzenia się dziecka")
    ZASILEK_PIELEGNACYJNY = "zasilek_pielegnacyjny", _("zasiłek pielęgnacyjny")
    SWIADCZENIE_PIELEGNACYJNE = "swiadczenie_pielegnacyjne", _("świadczenie pielęgnacyjne")


@dataclass(frozen=True)
class BenefitSpec:
    code: Benefit
    act: Act
    # The rules' calculation (`ostoja.rules.benefits.BENEFITS`); "kryterium" where the rules
    # decide only whether the income is within the criterion and the amount is the clerk's;
    # None where the rules compute nothing (a need found in the interview decides).
    rules: str | None
    cash: bool
    frequency: Frequency
    # The provision granting the benefit, for the decision's legal basis.
    article: str
    # A decision on it needs an environmental interview (art. 106 ust. 4 u.p.s.).
    needs_interview: bool
    # Granted without a decision (art. 106 ust. 1 u.p.s.: social work is given without one).
    needs_decision: bool = True
    # The amount is the clerk's (within what the rules allow), not the rules' figure.
    amount_by_clerk: bool = False

    @property
    def label(self) -> StrOrPromise:
        return self.code.label

    @property
    def monthly(self) -> bool:
        return self.frequency is Frequency.MONTHLY


_UPS, _USR = Act.SOCIAL_ASSISTANCE, Act.FAMILY_BENEFITS
_M, _1 = Frequency.MONTHLY, Frequency.ONE_OFF

BENEFITS: dict[str, BenefitSpec] = {
    spec.code.value: spec
    for spec in (
        BenefitSpec(Benefit.ZASILEK_STALY, _UPS, "zasilek_staly", True, _M, "art. 37", True),
        BenefitSpec(
            Benefit.ZASILEK_OKRESOWY,
            _UPS,
            "zasilek_okresowy",
            True,
            _M,
            "art. 38",
            True,
            amount_by_clerk=True,
        ),
        BenefitSpec(
            Benefit.ZASILEK_CELOWY,
            _UPS,
            "kryterium",
            True,
            _1,
            "art. 39",
            True,
            amount_by_clerk=True,
        ),
        BenefitSpec(
            Benefit.SPECJALNY_ZASILEK_CELOWY,
            _UPS,
            "specjalny_zasilek_celowy",
            True,
            _1,
            "art. 41 pkt 1",
            True,
            amount_by_clerk=True,
        ),
        BenefitSpec(Benefit.POSILEK, _UPS, "posilek", False, _M, "art. 48b ust. 1", True),
        BenefitSpec(Benefit.SCHRONIENIE, _UPS, None, False, _M, "art. 48a", True),
        BenefitSpec(Benefit.UBRANIE, _UPS, None, False, _1, "art. 48 ust. 1", True),
        BenefitSpec(
            Benefit.USLUGI_OPIEKUNCZE, _UPS, "kryterium", False, _M, "art. 50 ust. 1", True
        ),
        BenefitSpec(Benefit.SPRAWIENIE_POGRZEBU, _UPS, None, False, _1, "art. 44", True),
        BenefitSpec(
            Benefit.PRACA_SOCJALNA,
            _UPS,
            None,
            False,
            _M,
            "art. 45",
            False,
            needs_decision=False,
        ),
        BenefitSpec(Benefit.DPS, _UPS, None, False, _M, "art. 54 ust. 1", True),
        BenefitSpec(Benefit.ZASILEK_RODZINNY, _USR, "zasilek_rodzinny", True, _M, "art. 4", False),
        BenefitSpec(Benefit.BECIKOWE, _USR, "becikowe", True, _1, "art. 15b", False),
        BenefitSpec(
            Benefit.ZASILEK_PIELEGNACYJNY,
            _USR,
            "zasilek_pielegnacyjny",
            True,
            _M,
            "art. 16",
            False,
        ),
        BenefitSpec(
            Benefit.SWIADCZENIE_PIELEGNACYJNE,
            _USR,
            "swiadczenie_pielegnacyjne",
            True,
            _M,
            "art. 17",
            False,
        ),
    )
}


def spec(code: str) -> BenefitSpec:
    return BENEFITS[code]


def benefits_of(act: Act) -> list[BenefitSpec]:
    return [spec for spec in BENEFITS.values() if spec.act == act]
