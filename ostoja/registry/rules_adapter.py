"""The one bridge from the registry's data to the rules engine's household (`ostoja.rules`).

Every capability that computes something for a family (the household card today; assessments,
decisions and simulations later) builds the rules' household here, so that who counts as a
member, which incomes of which month and which alimony are taken is decided once.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from ostoja.registry.models import Household, Income, Membership, PaidAlimony, Relation
from ostoja.rules import household as rules
from ostoja.rules.benefits import calculate
from ostoja.rules.catalogues import INCOME_KINDS
from ostoja.rules.errors import RulesInputError
from ostoja.rules.parameters import default_parameters
from ostoja.rules.period import month_after, month_before
from ostoja.rules.pomoc_spoleczna.dochod import wliczany
from ostoja.rules.result import Reason

ZERO = Decimal("0")


def kinds_not_counted(income_month: datetime.date) -> frozenset[str]:
    """The income kinds not counted in social assistance's cash benefits (art. 8 ust. 4 and 4a
    u.p.s. and other acts) for the income of `income_month`, as the law stands in the month
    after it, when that income is assessed."""
    return _kinds_not_counted(month_after(income_month))


@lru_cache(maxsize=256)
def _kinds_not_counted(day: datetime.date) -> frozenset[str]:
    params = default_parameters().at(day)
    return frozenset(kind for kind in INCOME_KINDS if not wliczany(kind, params))


def previous_month(day: datetime.date) -> datetime.date:
    """The first day of the month before `day`'s: social assistance looks at the income of the
    month before the application (art. 8 ust. 3 u.p.s.), as the rules' default period does."""
    return month_before(day)


def rules_household(
    household: Household, *, day: datetime.date, income_month: datetime.date
) -> rules.Household | None:
    """The family as the rules see it: the members on `day`, each with the incomes and the
    alimony paid recorded for `income_month`. None for a family without members on that day."""
    memberships = list(
        Membership.objects.current_on(day).filter(household=household).select_related("person")
    )
    if not memberships:
        return None
    person_ids = [m.person_id for m in memberships]
    incomes: dict[int, list[rules.Income]] = {pk: [] for pk in person_ids}
    for income in Income.objects.filter(person_id__in=person_ids, month=income_month).order_by(
        "pk"
    ):
        incomes[income.person_id].append(
            rules.Income(
                kind=income.kind_id,
                amount=income.gross,
                tax=income.tax,
                health=income.health,
                social=income.social,
            )
        )
    alimony = dict(
        PaidAlimony.objects.filter(person_id__in=person_ids, month=income_month).values_list(
            "person_id", "amount"
        )
    )
    members = tuple(
        rules.Member(
            id=str(m.person_id),
            birth_date=m.person.birth_date,
            sex=m.person.sex,
            applicant=m.relation == Relation.APPLICANT,
            # The registry records the relation to the head, who is the applicant; the rules
            # read the relation to the applicant under the same codes.
            relation=None if m.relation == Relation.APPLICANT else m.relation,
            incomes=tuple(incomes[m.person_id]),
            alimony_paid=alimony.get(m.person_id, ZERO),
        )
        for m in memberships
    )
    return rules.Household(members=members, income_month=income_month)


@dataclass(frozen=True)
class IncomeTest:
    """The family's income of one month against the social-assistance criterion in force."""

    income_month: datetime.date
    day: datetime.date
    persons: int
    income: Decimal
    income_per_person: Decimal
    criterion: Decimal
    within: bool
    reasons: tuple[Reason, ...]

    @property
    def criterion_per_person(self) -> Decimal:
        return self.criterion / self.persons


def income_test(household: Household, *, day: datetime.date) -> IncomeTest | None:
    """The income of the month before `day` against the criterion in force on `day`
    (art. 8 ust. 1 u.p.s.); None when the family has no members or the rules have no criterion
    for that day."""
    month = previous_month(day)
    family = rules_household(household, day=day, income_month=month)
    if family is None:
        return None
    try:
        result = calculate("kryterium", family, day)
    except RulesInputError:
        return None
    assert result.criterion is not None
    assert result.income is not None
    return IncomeTest(
        income_month=month,
        day=day,
        persons=family.size,
        income=result.income,
        income_per_person=result.income_per_person or ZERO,
        criterion=result.criterion,
        within=bool(result.eligible),
        reasons=result.reasons,
    )
