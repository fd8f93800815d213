"""The lists of decisions: the register (filtered on indexed columns), the decisions waiting
for delivery and for finality, and the appeals with their deadline for the board. Nothing is
written: a decision whose appeal term has ended shows the day it is final from, and the daily
task (`decisions_make_final`) records it."""

import datetime
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils import timezone

from ostoja.accounts.models import User
from ostoja.benefits.models import (
    ISSUED_STATES,
    Appeal,
    Decision,
    DecisionBenefit,
    DecisionLine,
    DecisionRegister,
    DecisionState,
)
from ostoja.benefits.selectors.decisions.detail import Followup, followup
from ostoja.core.money import format_pln
from ostoja.core.policy import visible_to

ISSUED = [state.value for state in ISSUED_STATES]
# The first year a decision of this system may bear.
FIRST_YEAR = 2000


def register_filtered(user: User, filters: Mapping[str, Any]) -> QuerySet[Decision]:
    """The decisions the user sees, filtered; every filter is on an indexed column or on the
    decision's lines by their decision (`kind`, `states`, `benefit`, `drafted_by`, `signed_by`,
    `issued_from`, `issued_to`, `number`); an empty filter does not filter. With no state
    asked for, the issued decisions."""
    decisions: QuerySet[Decision] = visible_to(user, Decision)
    states = filters.get("states") or ISSUED
    decisions = decisions.filter(state__in=list(states))
    if kind := filters.get("kind"):
        decisions = decisions.filter(kind=kind)
    if benefit := filters.get("benefit"):
        # The decisions naming the benefit in a line or in their assessment, from the one
        # index the database keeps of both (`DecisionBenefit`): the page walks its order and
        # looks each decision up there, the count joins the two indexes.
        named = DecisionBenefit.objects.filter(decision=OuterRef("pk"), benefit=benefit)
        decisions = decisions.filter(Exists(named))
    if drafted_by := filters.get("drafted_by"):
        decisions = decisions.filter(drafted_by=drafted_by)
    if signed_by := filters.get("signed_by"):
        decisions = decisions.filter(signed_by=signed_by)
    if issued_from := filters.get("issued_from"):
        decisions = decisions.filter(issued_on__gte=issued_from)
    if issued_to := filters.get("issued_to"):
        decisions = decisions.filter(issued_on__lte=issued_to)
    if number := str(filters.get("number") or "").strip():
        decisions = decisions.filter(number_matches(number))
    # The party and the family are joined for the export; a page reads them for its own rows
    # only (`register_page`). The staff come with the lines (`with_lines`): joined here, they
    # let the planner walk every decision in the drafter's order to join them before it sorts.
    return decisions.select_related("party", "household")


def number_matches(typed: str) -> Q:
    """The decisions whose number contains what was typed ("15", "15.2025", "GOPS.8311.15").

    The number itself has no index, but its parts do: the register, the year and the number in
    the register (the unique constraint's index). So the numbers typed are tried as the number
    in the register, in every register and in the year typed (or in every year of the system),
    through that index, and only the few rows found are compared with the text. Text without
    a number is compared with every number (a scan)."""
    groups = [int(group) for group in re.findall(r"\d+", typed)]
    if not groups:
        return Q(number__icontains=typed)
    this_year = timezone.localdate().year
    years = [g for g in groups if FIRST_YEAR <= g <= this_year] or list(
        range(FIRST_YEAR, this_year + 1)
    )
    registers = list(DecisionRegister.objects.values_list("pk", flat=True))
    candidates = Decision.objects.filter(
        register_id__in=registers, year__in=years, sequence__in=groups
    ).values_list("pk", "number")
    found = [pk for pk, number in candidates if typed.casefold() in number.casefold()]
    return Q(pk__in=found)


def with_lines(decisions: Sequence[Decision]) -> list[Decision]:
    """The decisions with their lines and the staff who drafted and signed them, a query
    each (for a page of the register)."""
    rows = list(decisions)
    prefetch_related_objects(
        rows,
        Prefetch("lines", queryset=DecisionLine.objects.order_by("pk")),
        "drafted_by",
        "signed_by",
    )
    return rows


def register_page(decisions: QuerySet[Decision]) -> list[Decision]:
    """A page of the register (`decisions`, the user's scoped queryset, sliced to it): its ids
    read from the order's index alone, then those decisions with their party and family, and
    `with_lines`. Joined in the
    paged query itself, the party and the family were read for every row its OFFSET skips
    (4 000 of them on page 200)."""
    ids = list(decisions.values_list("pk", flat=True))
    found = Decision.objects.select_related("party", "household").in_bulk(ids)
    return with_lines([found[pk] for pk in ids if pk in found])


def register_person_ids(decisions: Iterable[Decision]) -> list[int]:
    return [decision.party_id for decision in decisions]


# ---------------------------------------------------------------------------------------------
# Waiting for delivery, for finality; appeals
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WaitingRow:
    decision: Decision
    followup: Followup


def _rows(decisions: Iterable[Decision], today: datetime.date) -> list[WaitingRow]:
    return [WaitingRow(decision, followup(decision, today)) for decision in decisions]


def _visible_decisions(user: User) -> QuerySet[Decision]:
    decisions: QuerySet[Decision] = visible_to(user, Decision)
    return decisions.select_related("party", "household", "signed_by")


def waiting_for_delivery(user: User, today: datetime.date) -> list[WaitingRow]:
    """Signed and not delivered, the longest waiting first."""
    waiting = _visible_decisions(user).filter(state=DecisionState.SIGNED)
    return _rows(waiting.order_by("issued_on", "pk"), today)


def waiting_for_finality(user: User, today: datetime.date) -> list[WaitingRow]:
    """Delivered, the appeal term running or just ended (final from the day after it, which
    the daily task records), the soonest final first."""
    waiting = _visible_decisions(user).filter(state=DecisionState.DELIVERED, appeal__isnull=True)
    rows = _rows(waiting.order_by("delivered_on", "pk"), today)
    return sorted(
        rows, key=lambda row: (row.followup.final_on or datetime.date.max, row.decision.pk)
    )


@dataclass(frozen=True)
class AppealRow:
    appeal: Appeal
    followup: Followup

    @property
    def decision(self) -> Decision:
        return self.appeal.decision


def appeals_open(user: User, today: datetime.date) -> list[AppealRow]:
    """Appeals not yet sent to the board (by their transfer deadline, overdue first) and those
    at the board waiting for its outcome."""
    appeals: QuerySet[Appeal] = visible_to(user, Appeal)
    found = appeals.filter(
        decision__state__in=[DecisionState.APPEALED, DecisionState.AT_BOARD]
    ).select_related("decision", "decision__party", "decision__household")
    rows = [AppealRow(appeal, followup(appeal.decision, today)) for appeal in found]
    return sorted(
        rows,
        key=lambda row: (
            row.appeal.sent_on is not None,
            row.followup.transfer_due_on or datetime.date.max,
            row.appeal.pk,
        ),
    )


def waiting_person_ids(rows: Iterable[WaitingRow | AppealRow]) -> list[int]:
    return [row.decision.party_id for row in rows]


def benefits_summary(decision: Decision) -> list[str]:
    """ "zasiłek stały 408,80 zł" for each line (read with the decision)."""
    items = []
    for line in decision.lines.all():
        label = str(line.get_benefit_display())
        items.append(f"{label} {format_pln(line.amount)}" if line.amount is not None else label)
    return items
