"""Writing the access log: who saw whose data, when, on which screen and where; and who was
refused a look.

Each app registers the kinds of screen it logs, with a Polish label, in its `access_kinds`
module (loaded at start-up by the privacy app):

    HOUSEHOLD_DETAIL = access_kind("household_detail", _("family's file"))

The label is the "purpose" shown to a person in the art. 15 report: the screen's name in plain
Polish. A view then calls `record_access` (one event per response, with every person shown) or
`record_refusal` (a 403 or an out-of-scope 404: the route and the screen kind, no person).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ostoja.core.models import AccessLog, AccessLogPerson

ROUTE_LENGTH = 300


@dataclass(frozen=True)
class AccessKind:
    code: str
    label: Promise | str


ACCESS_KINDS: dict[str, AccessKind] = {}


def access_kind(code: str, label: Promise | str) -> str:
    """Register a kind of screen the access log records; returns its code for the views."""
    if code in ACCESS_KINDS:
        raise ValueError(f"access kind {code!r} registered twice")
    if not code or not str(label).strip():
        raise ValueError(f"access kind {code!r} needs a code and a label")
    ACCESS_KINDS[code] = AccessKind(code=code, label=label)
    return code


def access_kind_label(code: str) -> str:
    """The label of a kind; a code no longer registered (an old screen) is shown as it is."""
    kind = ACCESS_KINDS.get(code)
    return str(kind.label) if kind is not None else code


def access_kind_choices() -> list[tuple[str, str]]:
    """The kinds for a filter, in the order of their labels."""
    return sorted(
        ((code, str(kind.label)) for code, kind in ACCESS_KINDS.items()),
        key=lambda choice: choice[1].casefold(),
    )


# A screen refused by the permission check (403): the handler knows the route, not the screen.
REFUSED_SCREEN = access_kind("core.refused_screen", _("screen without permission"))


def _check_kind(what: str) -> None:
    if what not in ACCESS_KINDS:
        raise ValueError(f"unknown access kind {what!r}: register it with access_kind()")


@transaction.atomic
def record_access(
    *,
    request: HttpRequest,
    person_ids: Iterable[int],
    what: str,
    details: Mapping[str, Any] | None = None,
) -> AccessLog:
    """Write one access event for this response, with every person it showed (each once)."""
    _check_kind(what)
    user = request.user
    assert user.is_authenticated, "only signed-in staff see persons' data"
    ids = list(dict.fromkeys(int(person_id) for person_id in person_ids))
    event = AccessLog.objects.create(
        user=user,
        what=what,
        route=request.path[:ROUTE_LENGTH],
        outcome=AccessLog.Outcome.SHOWN,
        person_count=len(ids),
        details=dict(details or {}),
    )
    AccessLogPerson.objects.bulk_create(
        AccessLogPerson(event=event, person_id=person_id) for person_id in ids
    )
    return event


def record_refusal(*, request: HttpRequest, what: str, status: int) -> AccessLog | None:
    """Write a refused look: who tried which screen at which address, and the answer (403, or
    404 for a record outside the user's scope). No person is named, so the log does not tell
    whether the person exists. Nothing is written for a visitor who is not signed in."""
    _check_kind(what)
    user = request.user
    if not user.is_authenticated:
        return None
    details: dict[str, Any] = {}
    match = getattr(request, "resolver_match", None)
    if match is not None and match.view_name:
        details["view"] = match.view_name
    return AccessLog.objects.create(
        user=user,
        what=what,
        route=request.path[:ROUTE_LENGTH],
        outcome=AccessLog.Outcome.REFUSED,
        status=status,
        details=details,
    )
