"""Reads for the screens: the runs, their items of the families the user sees, the outcomes
counted, the drafts waiting for a signature."""

import datetime
from collections.abc import Iterable

from django.db.models import Count, QuerySet

from ostoja.accounts.models import User
from ostoja.benefits import policy as benefits_policy
from ostoja.benefits.models import EDITABLE_STATES, Decision, Reindexation, ReindexItem
from ostoja.benefits.services.configuration import valid_authorisation
from ostoja.core import policy

# ---------------------------------------------------------------------------------------------
# Reads for the screens
# ---------------------------------------------------------------------------------------------


def reindexations() -> QuerySet[Reindexation]:
    """Every run, latest day first (the list of finished tasks: no personal data in it)."""
    return Reindexation.objects.select_related("started_by").order_by("-effective_on")


def reindexation_items(
    user: User, reindexation: Reindexation, *, outcome: str = ""
) -> QuerySet[ReindexItem]:
    """The run's items of the families the user sees, by award, optionally of one outcome."""
    items = (
        policy.visible_to(user, ReindexItem)
        .filter(reindexation=reindexation)
        .select_related("award__household", "award__person", "decision")
        .order_by("pk")
    )
    return items.filter(outcome=outcome) if outcome else items


def outcome_counts(user: User, reindexation: Reindexation) -> dict[str, int]:
    """The number of the run's items of each outcome among the families the user sees."""
    rows = (
        reindexation_items(user, reindexation)
        .order_by()
        .values("outcome")
        .annotate(count=Count("pk"))
        .values_list("outcome", "count")
    )
    return dict(rows)


def drafts_to_sign(user: User, reindexation: Reindexation) -> int:
    """How many of the run's drafts, among the families the user sees, wait for a signature."""
    states = [state.value for state in EDITABLE_STATES]
    return (
        policy.visible_to(user, Decision)
        .filter(reindexation=reindexation, state__in=states)
        .count()
    )


def may_sign_drafts(user: User, reindexation: Reindexation, today: datetime.date) -> bool:
    """Whether the run's page offers the user the signing of its drafts: they may sign and
    hold an authorisation valid today for the act of one of the drafts they see (art. 268a
    k.p.a.). The signing checks each decision again."""
    if not policy.can(user, benefits_policy.SIGN):
        return False
    acts = (
        policy.visible_to(user, Decision)
        .filter(reindexation=reindexation, state__in=[state.value for state in EDITABLE_STATES])
        .values_list("act", flat=True)
        .distinct()
    )
    return any(valid_authorisation(user, act, today) is not None for act in acts)


def person_ids(items: Iterable[ReindexItem]) -> list[int]:
    """The persons a page of items shows (for the access log)."""
    return [item.award.person_id for item in items]
