"""Reads of the records of social work; every query starts from the access policy, so a
confidential note exists only for its author and the director."""

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy

from ostoja.casework.models import SocialWorkNote
from ostoja.casework.timeline import TimelineEntry
from ostoja.core.policy import visible_to

NOTE_KIND = gettext_lazy("Record of social work")
SUMMARY_LENGTH = 140


def notes_of(user: Any, case: Any) -> QuerySet[SocialWorkNote]:
    """The case's notes the user may see, newest first."""
    notes: QuerySet[SocialWorkNote] = visible_to(user, SocialWorkNote)
    return (
        notes.filter(case_id=case.pk)
        .select_related("author")
        .prefetch_related("persons")
        .order_by("-occurred_on", "-pk")
    )


def note_get(user: Any, note_id: int) -> SocialWorkNote:
    notes: QuerySet[SocialWorkNote] = visible_to(user, SocialWorkNote)
    return notes.select_related("case", "case__household", "author").get(pk=note_id)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SUMMARY_LENGTH else text[: SUMMARY_LENGTH - 1].rstrip() + "…"


def timeline(case: Any, user: Any) -> list[TimelineEntry]:
    """This area's entries of the case's timeline that the user may see."""
    return [
        TimelineEntry(
            on=note.occurred_on,
            kind=str(NOTE_KIND),
            title=str(note.get_kind_display()),
            summary=_short(note.what_was_done),
            url=reverse("casework:note_detail", args=[note.pk]),
            at=note.created_at,
            state=str(gettext_lazy("confidential")) if note.confidential else "",
            person_ids=tuple(p.pk for p in note.persons.all()),
        )
        for note in notes_of(user, case)
    ]
