"""Reads of the registry for screens, always within the user's scope.

A social worker sees the households of their areas and those shared with them, and the persons
who have ever belonged to those households; the director, benefits clerks and accounting see all.
Anything outside the scope is simply not found (404).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, QuerySet

from ostoja.accounts.models import User
from ostoja.core import policy
from ostoja.core.collation import polish
from ostoja.core.text import fold
from ostoja.registry import rules_adapter
from ostoja.registry.models import Household, Income, Membership, PaidAlimony, Person


def households_visible_to(user: User) -> QuerySet[Household]:
    return policy.visible_to(user, Household)


def persons_visible_to(user: User) -> QuerySet[Person]:
    return policy.visible_to(user, Person)


def person_get(*, user: User, person_id: int) -> Person:
    """The person, if the user may see them; else Person.DoesNotExist."""
    return persons_visible_to(user).get(pk=person_id)


MAX_MERGE_DEPTH = 10


def merged_successor(*, user: User, person_id: int) -> Person | None:
    """The live record a merged person's record leads to (merges may chain), if the user may
    see it; None for any other id."""
    person = Person.objects.filter(pk=person_id).only("pk", "merged_into").first()
    for _ in range(MAX_MERGE_DEPTH):
        if person is None or person.merged_into_id is None:
            break
        person = Person.objects.filter(pk=person.merged_into_id).only("pk", "merged_into").first()
    if person is None or person.pk == person_id or person.merged_into_id is not None:
        return None
    return persons_visible_to(user).filter(pk=person.pk).first()


def household_get(*, user: User, household_id: int) -> Household:
    return households_visible_to(user).select_related("area").get(pk=household_id)


def current_membership(person: Person, day: datetime.date) -> Membership | None:
    for membership in person.memberships.all():
        if membership.is_current_on(day):
            return membership
    return None


def household_members(household: Household) -> list[Membership]:
    """All memberships, past and present, with their persons, oldest first."""
    return list(household.memberships.select_related("person").order_by("valid_from", "pk"))


def household_incomes(household: Household, *, since: datetime.date | None) -> list[Income]:
    """The members' incomes from the month of `since` on (all when None), newest first."""
    person_ids = household.memberships.values("person_id")
    incomes = Income.objects.filter(person_id__in=person_ids)
    if since is not None:
        incomes = incomes.filter(month__gte=since.replace(day=1))
    return list(
        incomes.select_related("kind", "person").order_by(
            "-month", "person_id", "kind__ordering", "pk"
        )
    )


@dataclass(frozen=True)
class IncomeMonth:
    """One month of the family's incomes with its totals; the totals of counted incomes leave
    out the kinds not counted in social assistance (art. 8 ust. 4 u.p.s.)."""

    month: datetime.date
    incomes: list[Income]
    not_counted_kinds: frozenset[str]  # as the rules have them for that month

    @property
    def gross(self) -> Decimal:
        return sum((i.gross for i in self.incomes), Decimal("0"))

    @property
    def deductions(self) -> Decimal:
        return sum((i.deductions for i in self.incomes), Decimal("0"))

    @property
    def net(self) -> Decimal:
        return sum((i.net for i in self.incomes), Decimal("0"))

    @property
    def not_counted(self) -> Decimal:
        return sum(
            (i.net for i in self.incomes if i.kind_id in self.not_counted_kinds), Decimal("0")
        )


def incomes_by_month(incomes: list[Income]) -> list[IncomeMonth]:
    """Incomes (newest month first, as `household_incomes` gives them) grouped by month."""
    months: dict[datetime.date, list[Income]] = {}
    for income in incomes:
        months.setdefault(income.month, []).append(income)
    return [
        IncomeMonth(month, rows, rules_adapter.kinds_not_counted(month))
        for month, rows in months.items()
    ]


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The first day of the month `months` months before `day`'s month."""
    index = day.year * 12 + day.month - 1 - months
    return datetime.date(index // 12, index % 12 + 1, 1)


def household_alimony(household: Household, *, since: datetime.date | None) -> list[PaidAlimony]:
    """Alimony the members paid from the month of `since` on (all when None), newest first."""
    person_ids = household.memberships.values("person_id")
    alimony = PaidAlimony.objects.filter(person_id__in=person_ids)
    if since is not None:
        alimony = alimony.filter(month__gte=since.replace(day=1))
    return list(alimony.select_related("person").order_by("-month"))


def person_households(person: Person) -> list[Membership]:
    return list(
        person.memberships.select_related("household", "household__area").order_by("-valid_from")
    )


def possible_duplicates(
    *, first_names: str, surname: str, birth_date: datetime.date, exclude_pk: int | None = None
) -> QuerySet[Person]:
    """Live persons with the same names and birth date: probably the same person."""
    return Person.objects.filter(
        surname_folded=fold(surname),
        first_names_folded=fold(first_names),
        birth_date=birth_date,
        merged_into__isnull=True,
    ).exclude(pk=exclude_pk or 0)


def my_households(user: User) -> QuerySet[Household]:
    current_heads = Membership.objects.filter(valid_to__isnull=True).select_related("person")
    return (
        households_visible_to(user)
        .select_related("area")
        .prefetch_related(Prefetch("memberships", queryset=current_heads))
        .order_by(polish("street"), "house_number", "pk")
    )


def recent_person_changes(user: User, *, limit: int = 10) -> list[Any]:
    """The latest changes to persons the user may see, newest first."""
    changes = Person.history.select_related("history_user").order_by("-history_date")
    if not user.sees_all_households:
        # A worker's persons are a few thousand at most: as constants they let the database
        # walk the history by date instead of joining it to the whole scope.
        visible = list(persons_visible_to(user).values_list("pk", flat=True))
        changes = changes.filter(id__in=visible)
    return list(changes[:limit])


def town_for_postcode(postcode: str) -> str | None:
    """The town most often registered with this postcode, to suggest it on forms."""
    row = (
        Household.objects.filter(postcode=postcode)
        .values("town")
        .annotate(uses=Count("pk"))
        .order_by("-uses", "town")
        .first()
    )
    return row["town"] if row else None
