"""The registry's part of the access policy (`ostoja.core.policy`): which households and
persons a member of staff sees, and what they may do with them.

A social worker sees the households of her areas and those shared with her, and the persons who
have ever belonged to those households; the director, benefits clerks and accounting see all.
"""

from typing import Any

from django.db.models import Q, QuerySet

from ostoja.accounts.models import Area, User
from ostoja.accounts.roles import Capability
from ostoja.core.policy import has_capability, register_action, register_scope
from ostoja.registry.models import Household, Membership, Person


@register_scope(Household)
def households_visible_to(user: User) -> QuerySet[Household]:
    if not has_capability(user, Capability.REGISTRY_VIEW):
        return Household.objects.none()
    if user.sees_all_households:
        return Household.objects.all()
    if user.is_social_worker:
        # The scope's ids are read first and passed as constants: with them the database's
        # planner knows how few households one worker sees and filters before it sorts.
        my_areas = list(
            Area.workers.through.objects.filter(user_id=user.pk).values_list("area_id", flat=True)
        )
        shared = list(
            Household.shared_with.through.objects.filter(user_id=user.pk).values_list(
                "household_id", flat=True
            )
        )
        return Household.objects.filter(Q(area_id__in=my_areas) | Q(pk__in=shared))
    return Household.objects.none()


def households_in_scope_lazily(user: User) -> QuerySet[Household]:
    """The same households as `households_visible_to`, as a lazy query with subqueries and no
    reads of its own: for the scopes of records that follow their household (a case file, an
    interview …), where one page asks several of them and each would read the ids again."""
    if not has_capability(user, Capability.REGISTRY_VIEW):
        return Household.objects.none()
    if user.sees_all_households:
        return Household.objects.all()
    if user.is_social_worker:
        my_areas = Area.workers.through.objects.filter(user_id=user.pk).values("area_id")
        shared = Household.shared_with.through.objects.filter(user_id=user.pk).values(
            "household_id"
        )
        return Household.objects.filter(Q(area_id__in=my_areas) | Q(pk__in=shared))
    return Household.objects.none()


@register_scope(Person)
def persons_visible_to(user: User) -> QuerySet[Person]:
    if not has_capability(user, Capability.REGISTRY_VIEW):
        return Person.objects.none()
    if user.sees_all_households:
        return Person.objects.all()
    members = Membership.objects.filter(household__in=households_visible_to(user))
    return Person.objects.filter(pk__in=members.values("person_id"))


def areas_usable_by(user: User) -> QuerySet[Area]:
    """The areas in which the user may register a family or to which she may move one: a social
    worker only her own, the roles that see every household any."""
    if not has_capability(user, Capability.REGISTRY_EDIT):
        return Area.objects.none()
    if user.is_social_worker:
        return Area.objects.filter(workers=user)
    if user.sees_all_households:
        return Area.objects.all()
    return Area.objects.none()


def _may_use_area(user: Any, area: Area) -> bool:
    return areas_usable_by(user).filter(pk=area.pk).exists()


VIEW = register_action("registry.view", capability=Capability.REGISTRY_VIEW)
EDIT = register_action("registry.edit", capability=Capability.REGISTRY_EDIT)
MERGE = register_action("registry.merge", capability=Capability.REGISTRY_MERGE)
ACCOUNT = register_action("registry.account", capability=Capability.REGISTRY_ACCOUNT)
USE_AREA = register_action(
    "registry.use_area", capability=Capability.REGISTRY_EDIT, rule=_may_use_area, scoped=False
)
