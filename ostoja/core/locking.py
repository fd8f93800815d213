"""Optimistic locking: a save based on an outdated version of a row is refused.

Each edit form carries the version it was opened with. The save first bumps the version with a
conditional UPDATE (`WHERE version = <the form's version>`), which is atomic on every database; if
no row matched, someone else saved in between and the user is shown what they changed.
"""

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import F
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: Any
    new: Any


class ConflictError(Exception):
    """Someone saved the same record after the form was opened."""

    def __init__(self, *, changes: list[FieldChange], current_version: int) -> None:
        super().__init__(_("Someone else saved this record after you opened it."))
        self.changes = changes
        self.current_version = current_version


def claim_version(instance: models.Model, *, expected_version: int) -> None:
    """Bump the stored version if it is still `expected_version`, else raise ConflictError.

    Call inside the transaction that then saves `instance`.
    """
    model = type(instance)
    claimed = model._default_manager.filter(pk=instance.pk, version=expected_version).update(
        version=F("version") + 1
    )
    if not claimed:
        current = model._default_manager.get(pk=instance.pk)
        raise ConflictError(
            changes=changes_since(current, version=expected_version),
            current_version=current.version,  # type: ignore[attr-defined]
        )
    instance.version = expected_version + 1  # type: ignore[attr-defined]


def changes_since(current: models.Model, *, version: int) -> list[FieldChange]:
    """The fields whose values differ between the row's history at `version` and now."""
    history = current.history  # type: ignore[attr-defined]
    old = history.filter(version=version).order_by("-history_date").first()
    if old is None:
        return []
    changes = []
    for field in type(current)._meta.concrete_fields:
        if field.name in {"version", "updated_at", "created_at"} or not field.editable:
            continue
        old_value, new_value = getattr(old, field.attname, None), getattr(current, field.attname)
        if old_value != new_value:
            changes.append(FieldChange(field.name, str(field.verbose_name), old_value, new_value))
    return changes
