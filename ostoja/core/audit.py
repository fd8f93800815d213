"""Writing the access log: who saw whose data, when, what and where."""

from collections.abc import Iterable

from django.http import HttpRequest

from ostoja.core.models import AccessLog


def record_access(*, request: HttpRequest, person_ids: Iterable[int], what: str) -> None:
    """Write one access-log row per person shown in this response."""
    user = request.user
    assert user.is_authenticated, "only signed-in staff see persons' data"
    rows = [
        AccessLog(user=user, person_id=person_id, what=what, route=request.path[:300])
        for person_id in dict.fromkeys(person_ids)
    ]
    if rows:
        AccessLog.objects.bulk_create(rows)
