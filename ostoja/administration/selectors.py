"""The reads of the administration's screens: staff accounts and areas."""

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from ostoja.accounts.models import Area, User
from ostoja.accounts.roles import Role
from ostoja.core.collation import polish
from ostoja.core.text import polish_sort_key


def users_filter(*, search: str = "", role: str = "", active: bool | None = None) -> QuerySet[User]:
    """Staff accounts matching the filters, with their areas; the table orders them."""
    users = User.objects.prefetch_related("areas")
    for word in search.split():
        users = users.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(username__icontains=word)
        )
    if role:
        users = users.filter(role=role)
    if active is not None:
        users = users.filter(is_active=active)
    return users


def role_order() -> Case:
    """Roles in the alphabetical order of their names in the current language."""
    labels = sorted(Role.choices, key=lambda choice: polish_sort_key(str(choice[1])))
    return Case(
        *(When(role=code, then=Value(index)) for index, (code, _label) in enumerate(labels)),
        default=Value(len(labels)),
        output_field=IntegerField(),
    )


def user_get(*, user_id: int) -> User:
    return User.objects.prefetch_related("areas").get(pk=user_id)


def areas_with_counts() -> QuerySet[Area]:
    """Every area with the number of its households and its social workers."""
    return (
        Area.objects.annotate(
            household_count=Count("households", distinct=True),
            worker_count=Count("workers", distinct=True),
        )
        .prefetch_related("workers")
        .order_by(polish("name"))
    )


def area_get(*, area_id: int) -> Area:
    area: Area = areas_with_counts().get(pk=area_id)
    return area


def assignable_workers() -> QuerySet[User]:
    """The accounts an area may be given: active social workers, by surname."""
    return (
        User.objects.filter(role=Role.SOCIAL_WORKER, is_active=True)
        .prefetch_related("areas")
        .order_by(polish("last_name"), polish("first_name"))
    )
