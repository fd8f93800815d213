"""Which of the demo gmina's families are the poorest: the centre's clients are mostly those."""

import datetime
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal

from ostoja.registry.models import Household, Income, Membership


def net_income_per_person(
    households: Sequence[Household], today: datetime.date
) -> dict[int, Decimal]:
    """Each household's net income of last month (gross less tax and contributions) divided by
    its members today, by the household's pk; a household with no members is left out."""
    month = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    members = Membership.objects.current_on(today).filter(household__in=households)
    household_of = dict(members.values_list("person_id", "household_id"))
    size = Counter(household_of.values())
    net: dict[int, Decimal] = {}
    rows = Income.objects.filter(person_id__in=household_of, month=month).values_list(
        "person_id", "gross", "tax", "health", "social"
    )
    for person_id, gross, tax, health, social in rows:
        household = household_of[person_id]
        net[household] = net.get(household, Decimal(0)) + gross - tax - health - social
    return {household: net.get(household, Decimal(0)) / size[household] for household in size}


def poorest_first(households: Sequence[Household], today: datetime.date) -> list[Household]:
    """The households by net income per person, the lowest first (then by pk, for a stable
    order)."""
    income = net_income_per_person(households, today)
    return sorted(households, key=lambda h: (income.get(h.pk, Decimal(0)), h.pk))
