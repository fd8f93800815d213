"""Dochód rodziny for family benefits (art. 3 pkt 2 u.ś.r.) and a member's age on the day.

The income is the family's income in the base year (the calendar year before the benefit period,
art. 3 pkt 23 u.ś.r.): `Member.annual_income` of every member. The monthly family income is the
sum ÷ 12 and the income per person that ÷ the number of members; both are amounts, so both are
rounded to the grosz (the per-person figure is computed from the rounded monthly figure).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from ostoja.rules.errors import RulesInputError
from ostoja.rules.household import Household, Member
from ostoja.rules.result import Reason, grosze, zl

MIESIECY_W_ROKU = Decimal(12)


@dataclass(frozen=True)
class DochodRodziny:
    roczny: Decimal  # sum of the members' incomes in the base year
    miesieczny: Decimal  # przeciętny miesięczny dochód rodziny
    na_osobe: Decimal  # the monthly income per family member
    liczba_osob: int

    def powod(self) -> Reason:
        return Reason(
            code="swiadczenia_rodzinne.dochod_rodziny",
            article="art. 3 pkt 2 u.ś.r.",
            facts=(
                f"Dochód rodziny w roku bazowym wynosi {zl(self.roczny)}, miesięcznie "
                f"{zl(self.miesieczny)}, a w przeliczeniu na osobę ({self.liczba_osob} os.) "
                f"{zl(self.na_osobe)}."
            ),
        )


def dochod_rodziny(household: Household) -> DochodRodziny:
    roczny = sum((member.annual_income for member in household.members), Decimal(0))
    miesieczny = grosze(roczny / MIESIECY_W_ROKU)
    return DochodRodziny(
        roczny=roczny,
        miesieczny=miesieczny,
        na_osobe=grosze(miesieczny / household.size),
        liczba_osob=household.size,
    )


def wiek(household: Household, member: Member, day: datetime.date) -> int:
    """The member's age in full years on the day; a member not yet born is an input error."""
    if member.birth_date > day:
        index = household.members.index(member)
        raise RulesInputError(
            f"household.members[{index}].birth_date",
            f"{member.birth_date.isoformat()} is after the day {day.isoformat()}",
        )
    return member.age_on(day)
