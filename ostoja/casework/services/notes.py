"""Records of social work (notatki z pracy socjalnej): who, when, with whom, what was done, the
outcome and the next step.

A note may record contact from shortly before the case file was opened (the first visits that
led to it): up to `EARLIEST_BEFORE_OPENING` days before `opened_on`, never in the future. The
change history of a note is its simple-history; only the author edits it, with optimistic
locking.
"""

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ostoja.accounts.models import User
from ostoja.casework import policy as casework_policy
from ostoja.casework.models import CaseFile, SocialWorkNote
from ostoja.core import policy
from ostoja.core.actions import action_kind, record_action
from ostoja.core.locking import claim_version
from ostoja.registry.models import Membership, Person

# The first contacts often come before the file is opened (a neighbour's call, a first visit):
# a month before the opening is accepted, anything earlier belongs to another file or none.
EARLIEST_BEFORE_OPENING = 30

NOTE_CREATE = action_kind(
    "casework.notes_create",
    gettext_lazy("Record of social work added"),
    gettext_lazy("%(kind)s on %(occurred_on)s"),
)
NOTE_UPDATE = action_kind(
    "casework.notes_update",
    gettext_lazy("Record of social work changed"),
    gettext_lazy("%(kind)s on %(occurred_on)s: %(fields)s"),
)

NOTE_FIELDS = (
    "kind",
    "occurred_on",
    "what_was_done",
    "with_whom",
    "persons",
    "outcome",
    "next_step",
    "next_step_on",
    "confidential",
)


def _members_on(case: CaseFile, day: datetime.date) -> set[int]:
    memberships = Membership.objects.current_on(day).filter(household_id=case.household_id)
    return set(memberships.values_list("person_id", flat=True))


def _check(note: SocialWorkNote, case: CaseFile, persons: Iterable[Person]) -> list[Person]:
    """Field checks across the note and its case; field errors of the model first."""
    persons = list(persons)
    errors: dict[str, Any] = {}
    try:
        note.full_clean()
    except ValidationError as error:
        errors.update(error.message_dict)
    day = note.occurred_on
    if isinstance(day, datetime.date) and "occurred_on" not in errors:
        earliest = case.opened_on - datetime.timedelta(days=EARLIEST_BEFORE_OPENING)
        if day < earliest:
            errors["occurred_on"] = [
                _(
                    "The date cannot be more than %(days)s days before the case was opened "
                    "(%(opened)s)."
                )
                % {"days": EARLIEST_BEFORE_OPENING, "opened": case.opened_on.strftime("%d.%m.%Y")}
            ]
        if note.next_step_on and note.next_step_on < day and "next_step_on" not in errors:
            errors["next_step_on"] = [_("The next step cannot be before the note's date.")]
        members = _members_on(case, day)
        strangers = [p for p in persons if p.pk not in members]
        if strangers:
            errors["persons"] = [
                _("Not a member of the family on that day: %(names)s.")
                % {"names": ", ".join(p.full_name for p in strangers)}
            ]
    if errors:
        raise ValidationError(errors)
    return persons


def _subjects(note: SocialWorkNote, persons: Iterable[Person]) -> list[Any]:
    return [note.case, note.case.household, note, *persons]


def _details(note: SocialWorkNote) -> dict[str, Any]:
    return {
        "note_id": note.pk,
        "kind": str(note.get_kind_display()),
        "occurred_on": note.occurred_on,
        "confidential": note.confidential,
    }


def _label(name: str) -> str:
    return str(getattr(SocialWorkNote._meta.get_field(name), "verbose_name", name))


def _as_actor(instance: Any, actor: User) -> None:
    instance._history_user = actor


@transaction.atomic
def note_create(
    *,
    actor: User,
    case: CaseFile,
    kind: str,
    occurred_on: datetime.date,
    what_was_done: str,
    with_whom: str = "",
    persons: Iterable[Person] = (),
    outcome: str = "",
    next_step: str = "",
    next_step_on: datetime.date | None = None,
    confidential: bool = False,
) -> SocialWorkNote:
    """Record social work done in the case, by the actor (its author)."""
    if not policy.can(actor, casework_policy.NOTE_ADD, case) or not policy.can(
        actor, casework_policy.EDIT, case
    ):
        raise PermissionDenied
    note = SocialWorkNote(
        case=case,
        kind=kind,
        occurred_on=occurred_on,
        author=actor,
        what_was_done=what_was_done,
        with_whom=with_whom,
        outcome=outcome,
        next_step=next_step,
        next_step_on=next_step_on,
        confidential=confidential,
    )
    present = _check(note, case, persons)
    _as_actor(note, actor)
    note.save()
    note.persons.set(present)
    record_action(
        actor=actor, action=NOTE_CREATE, subjects=_subjects(note, present), details=_details(note)
    )
    return note


@transaction.atomic
def note_update(
    *, actor: User, note: SocialWorkNote, version: int, **fields: Any
) -> SocialWorkNote:
    """Change the author's own note; `ConflictError` when `version` is not the current one."""
    unknown = set(fields) - set(NOTE_FIELDS)
    if unknown:
        raise TypeError(f"fields this service may not change: {sorted(unknown)}")
    if not policy.can(actor, casework_policy.NOTE_EDIT, note) or not policy.can(
        actor, casework_policy.EDIT, note.case
    ):
        raise PermissionDenied
    persons = fields.pop("persons", None)
    present_now = list(note.persons.all())
    old: Mapping[str, Any] = {name: getattr(note, name) for name in fields}
    for name, value in fields.items():
        setattr(note, name, value)
    present = _check(note, note.case, present_now if persons is None else persons)
    claim_version(note, expected_version=version)
    _as_actor(note, actor)
    note.save()
    changed = [_label(name) for name in fields if old[name] != getattr(note, name)]
    if persons is not None and {p.pk for p in present} != {p.pk for p in present_now}:
        note.persons.set(present)
        changed.append(_label("persons"))
    record_action(
        actor=actor,
        action=NOTE_UPDATE,
        subjects=_subjects(note, present),
        details={**_details(note), "fields": ", ".join(changed) or "—"},
    )
    return note
