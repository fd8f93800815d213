"""Reads of the events of the duty to cooperate; every query starts from the access policy."""

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy

from ostoja.casework.models import CooperationEvent, Interview, SocialContract
from ostoja.casework.timeline import TimelineEntry
from ostoja.core.policy import visible_to

COOPERATION_KIND = gettext_lazy("Duty to cooperate")
SUMMARY_LENGTH = 140


def events_of(user: Any, case: Any) -> QuerySet[CooperationEvent]:
    """The case's events the user may see, newest first."""
    events: QuerySet[CooperationEvent] = visible_to(user, CooperationEvent)
    return (
        events.filter(case_id=case.pk)
        .select_related("person", "contract", "interview", "recorded_by")
        .order_by("-occurred_on", "-pk")
    )


def contracts_for_choice(user: Any, case: Any) -> QuerySet[SocialContract]:
    contracts: QuerySet[SocialContract] = visible_to(user, SocialContract)
    return contracts.filter(case_id=case.pk).order_by("-valid_from", "-pk")


def interviews_for_choice(user: Any, case: Any) -> QuerySet[Interview]:
    interviews: QuerySet[Interview] = visible_to(user, Interview)
    return interviews.filter(case_id=case.pk).order_by("-need_known_on", "-pk")


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SUMMARY_LENGTH else text[: SUMMARY_LENGTH - 1].rstrip() + "…"


def timeline(case: Any, user: Any) -> list[TimelineEntry]:
    """This area's entries of the case's timeline that the user may see."""
    url = reverse("casework:cooperation_list", args=[case.pk])
    return [
        TimelineEntry(
            on=event.occurred_on,
            kind=str(COOPERATION_KIND),
            title=str(event.get_kind_display()),
            summary=(f"{event.person.full_name}: " if event.person else "")
            + _short(event.assessment),
            url=f"{url}#zdarzenie-{event.pk}",
            at=event.created_at,
            person_ids=(event.person_id,) if event.person_id else (),
        )
        for event in events_of(user, case)
    ]
