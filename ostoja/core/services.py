"""What every app's services do first: refuse an actor the policy refuses, name the actor in
the change history, and write a day in an action record or a message as the office writes it."""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied

from ostoja.core.policy import can


def require(actor: Any, action: str, obj: Any = None) -> None:
    """PermissionDenied unless the access policy lets `actor` do `action` (on `obj`)."""
    if not can(actor, action, obj):
        raise PermissionDenied


def as_actor(instance: Any, actor: Any) -> None:
    """The next save of `instance` is recorded in its history as `actor`'s."""
    instance._history_user = actor


def day_text(value: datetime.date) -> str:
    """ "05.03.2026": a day as the office writes it in records and messages."""
    return value.strftime("%d.%m.%Y")
