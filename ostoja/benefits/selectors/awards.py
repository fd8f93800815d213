"""Reads of a family's benefits for the "Świadczenia" panel of its file: the awards in force
today, the other segments of its awards (ended, suspended, starting later) and the applications
still open, with their deadlines. Every query starts from the access policy (`visible_to`).

The panel shows only the family's members: an award's person and payee are members of the
family when the decision was signed (the signing service checks it), and an application's
applicant is one of its members, so the family page's access event, which names every member
past and present, already covers what the panel shows.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from ostoja.benefits.deadlines import DeadlineView
from ostoja.benefits.models import (
    OPEN_APPLICATION_STATES,
    Application,
    Award,
    AwardFrequency,
    DeadlinePause,
    RequestedBenefit,
)
from ostoja.benefits.selectors.applications import deadline_of
from ostoja.core.policy import visible_to
from ostoja.core.text import polish_sort_key


class SegmentStatus(StrEnum):
    """Where a segment of an award stands on a day."""

    IN_FORCE = "in_force"
    SUSPENDED = "suspended"
    ENDED = "ended"
    UPCOMING = "upcoming"


# The badge of each status; its text says it too (never colour alone).
STATUS_LABELS: dict[SegmentStatus, StrOrPromise] = {
    SegmentStatus.IN_FORCE: _("in force"),
    SegmentStatus.SUSPENDED: _("payment suspended"),
    SegmentStatus.ENDED: _("period ended"),
    SegmentStatus.UPCOMING: _("starts later"),
}
STATUS_BADGES: dict[SegmentStatus, str] = {
    SegmentStatus.IN_FORCE: "text-bg-success",
    SegmentStatus.SUSPENDED: "text-bg-warning",
    SegmentStatus.ENDED: "text-bg-secondary",
    SegmentStatus.UPCOMING: "text-bg-info",
}


def segment_status(award: Award, day: datetime.date) -> SegmentStatus:
    """The segment's status on `day`. A suspended segment is one a suspension decision started
    (the benefit is not paid while it lasts), whether or not it has ended since."""
    if award.suspended:
        return SegmentStatus.SUSPENDED
    if award.valid_from > day:
        return SegmentStatus.UPCOMING
    if award.valid_to is not None and award.valid_to < day:
        return SegmentStatus.ENDED
    return SegmentStatus.IN_FORCE


@dataclass(frozen=True)
class Segment:
    """One segment of an award as the panel shows it."""

    award: Award
    status: SegmentStatus

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def badge(self) -> str:
        return STATUS_BADGES[self.status]

    @property
    def monthly(self) -> bool:
        return self.award.frequency == AwardFrequency.MONTHLY


@dataclass(frozen=True)
class AwardsOfFamily:
    """The family's awards on a day: those paid now, and the rest of their history."""

    in_force: list[Segment]
    # Ended, suspended and later segments, the latest first.
    others: list[Segment]


def household_awards(user: Any, household_id: int) -> QuerySet[Award]:
    """The family's awards the user may see, with what the panel prints of each."""
    awards: QuerySet[Award] = visible_to(user, Award)
    return awards.filter(household_id=household_id).select_related("decision", "person", "payee")


def _in_force_order(segment: Segment) -> tuple[Any, ...]:
    award = segment.award
    return (
        polish_sort_key(str(award.get_benefit_display())),
        polish_sort_key(f"{award.person.surname} {award.person.first_names}"),
        award.valid_from,
        award.pk,
    )


def awards_of_family(awards: Iterable[Award], day: datetime.date) -> AwardsOfFamily:
    """The awards split by their status on `day`: in force by benefit and person; the others
    the latest first (by the day they began)."""
    segments = [Segment(award, segment_status(award, day)) for award in awards]
    in_force = sorted(
        (s for s in segments if s.status is SegmentStatus.IN_FORCE), key=_in_force_order
    )
    others = sorted(
        (s for s in segments if s.status is not SegmentStatus.IN_FORCE),
        key=lambda s: (s.award.valid_from, s.award.pk),
        reverse=True,
    )
    return AwardsOfFamily(in_force=in_force, others=others)


@dataclass(frozen=True)
class OpenApplication:
    application: Application
    requested: list[RequestedBenefit]
    deadline: DeadlineView | None


def household_open_applications(user: Any, household_id: int) -> QuerySet[Application]:
    """The family's applications not settled yet that the user may see, the oldest first, with
    what they ask for and the periods not counted towards their deadline (three queries)."""
    applications: QuerySet[Application] = visible_to(user, Application)
    return (
        applications.filter(household_id=household_id, state__in=OPEN_APPLICATION_STATES)
        .select_related("applicant", "handled_by")
        .prefetch_related(
            Prefetch("requested", queryset=RequestedBenefit.objects.order_by("pk")),
            Prefetch("pauses", queryset=DeadlinePause.objects.order_by("starts_on", "pk")),
        )
        .order_by("received_on", "pk")
    )


def with_deadlines(
    applications: Sequence[Application], day: datetime.date
) -> list[OpenApplication]:
    """Each open application with its settlement deadline on `day` (art. 35 k.p.a., as the
    applications' list counts it)."""
    return [
        OpenApplication(
            application=application,
            requested=list(application.requested.all()),
            deadline=deadline_of(
                received_on=application.received_on,
                complicated=application.complicated,
                state=application.state,
                pauses=[(p.starts_on, p.ends_on) for p in application.pauses.all()],
                today=day,
            ),
        )
        for application in applications
    ]
