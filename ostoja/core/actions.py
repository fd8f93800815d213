"""The action record: every service writes one row saying who did what, on which records.

Each app registers its kinds of action with a Polish label and a sentence built from the
action's details (`action_kind`). A service calls `record_action` inside its own transaction.
The history of a household or a person reads the actions back with `actions_about`.

A label is a noun phrase ("Zakończenie członkostwa w rodzinie"), not a verb in the past tense:
Polish verbs agree with the actor's gender, which the system does not record.
"""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils.functional import Promise

from ostoja.core.models import ActionRecord, ActionSubject


@dataclass(frozen=True)
class ActionKind:
    code: str
    label: Promise | str
    # "%(person)s, until %(valid_to)s": filled from the details; dates come out as d.m.Y.
    summary: Promise | str = ""

    def describe(self, details: Mapping[str, Any]) -> str:
        if not self.summary:
            return ""
        values = _DisplayValues(details)
        try:
            return str(self.summary) % values
        except (KeyError, TypeError, ValueError):
            return ""


class _DisplayValues(dict[str, str]):
    """Details as the sentence shows them: ISO dates as d.m.Y, lists joined, None as "—"."""

    def __init__(self, details: Mapping[str, Any]) -> None:
        super().__init__({key: _display(value) for key, value in details.items()})

    def __missing__(self, key: str) -> str:
        return "—"


def _display(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, list):
        return ", ".join(_display(item) for item in value) or "—"
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return datetime.date.fromisoformat(value).strftime("%d.%m.%Y")
        except ValueError:
            return value
    return str(value)


ACTION_KINDS: dict[str, ActionKind] = {}


def action_kind(code: str, label: Promise | str, summary: Promise | str = "") -> str:
    """Register a kind of action; returns its code for the service to use."""
    if code in ACTION_KINDS:
        raise ValueError(f"action kind {code!r} registered twice")
    ACTION_KINDS[code] = ActionKind(code=code, label=label, summary=summary)
    return code


def record_action(
    *,
    actor: Any,
    action: str,
    subjects: Iterable[models.Model],
    details: Mapping[str, Any] | None = None,
) -> ActionRecord:
    """Write the action and the records it touched. Must run inside the service's transaction."""
    if action not in ACTION_KINDS:
        raise ValueError(f"unknown action kind {action!r}: register it with action_kind()")
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_action must run inside the service's transaction")
    record = ActionRecord.objects.create(actor=actor, action=action, details=dict(details or {}))
    keys = dict.fromkeys(
        (subject._meta.label_lower, int(subject.pk)) for subject in subjects if subject.pk
    )
    ActionSubject.objects.bulk_create(
        ActionSubject(record=record, kind=kind, object_id=object_id) for kind, object_id in keys
    )
    return record


@dataclass(frozen=True)
class ActionEntry:
    at: datetime.datetime
    actor: Any
    label: str
    summary: str
    record: ActionRecord


def actions_about(instance: models.Model, *, limit: int = 50) -> list[ActionEntry]:
    """The actions that touched a record, newest first, ready to show."""
    records = (
        ActionRecord.objects.about(instance).select_related("actor").order_by("-at", "-id")[:limit]
    )
    return [_entry(record) for record in records]


def _entry(record: ActionRecord) -> ActionEntry:
    kind = ACTION_KINDS.get(record.action)
    label = str(kind.label) if kind else record.action
    summary = kind.describe(record.details) if kind else ""
    return ActionEntry(
        at=record.at, actor=record.actor, label=label, summary=summary, record=record
    )
