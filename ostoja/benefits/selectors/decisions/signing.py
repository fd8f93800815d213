"""What would keep a signer from signing: computed for a whole list at once, with the same
rules the signing service applies (which checks all of it again)."""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from ostoja.accounts.models import User
from ostoja.benefits.catalogue import BENEFITS, Act, spec
from ostoja.benefits.models import (
    Decision,
    DecisionKind,
    DecisionLine,
    DecisionState,
)
from ostoja.benefits.services import decisions as decision_services
from ostoja.benefits.services.configuration import register_for, valid_authorisation
from ostoja.casework.models import INTERVIEW_FIXED_STATES, Interview, InterviewKind
from ostoja.core.policy import visible_to


@dataclass(frozen=True)
class Blocker:
    code: str
    text: str


@dataclass
class SigningOutlook:
    """What the signing of one decision by one signer would meet."""

    blockers: list[Blocker] = field(default_factory=list)
    authorisation: Any = None

    @property
    def may_sign(self) -> bool:
        return not self.blockers


def _benefits_decided(decision: Decision) -> set[str]:
    """As `services.decisions.decided_benefits`, from the lines already read."""
    benefits = {line.benefit for line in decision.lines.all()}
    if decision.assessment is not None:
        benefits.add(decision.assessment.benefit)
    if not benefits and decision.changes is not None:
        benefits = decision_services.decided_benefits(decision.changes)
    return benefits


def _households_interviewed(household_ids: Iterable[int]) -> tuple[set[int], set[int]]:
    """The families with a completed current interview (full or update), and those with a
    recorded refusal of one: the two the signing accepts (`_interview_done` of the signing
    service reads the same)."""
    ids = list(set(household_ids))
    done = Interview.objects.filter(
        case__household_id__in=ids,
        kind__in=[InterviewKind.FULL, InterviewKind.UPDATE],
        state__in=list(INTERVIEW_FIXED_STATES),
        superseded_by__isnull=True,
    ).values_list("case__household_id", flat=True)
    refused = Interview.objects.filter(
        case__household_id__in=ids, kind=InterviewKind.REFUSED, refused_on__isnull=False
    ).values_list("case__household_id", flat=True)
    return set(done), set(refused)


def signing_outlooks(
    decisions: Sequence[Decision], signer: User, today: datetime.date
) -> dict[int, SigningOutlook]:
    """For each decision (read with its lines, assessment and changed decision), what the
    signing service would refuse it for, signed by `signer` today: no assessment of a benefit
    the rules compute, no environmental interview (art. 106 ust. 4 u.p.s.), no authorisation
    valid today for the act, the signer's own draft, no register in use. A few queries for the
    whole list (an authorisation and a register per act, the interviews of all the families).
    The signing itself checks all of it again."""
    done, refused = _households_interviewed(d.household_id for d in decisions)
    authorisations = {act: valid_authorisation(signer, act, today) for act in Act.values}
    registers = {act: register_for(act) for act in Act.values}
    outlooks: dict[int, SigningOutlook] = {}
    for decision in decisions:
        outlook = SigningOutlook(authorisation=authorisations.get(decision.act))
        benefits = _benefits_decided(decision)
        needed = {
            code
            for code in benefits
            if decision.act == Act.SOCIAL_ASSISTANCE
            and decision.kind in decision_services.KINDS_NEEDING_AN_ASSESSMENT_AT_SIGNING
            and spec(code).cash
            and spec(code).rules
        }
        assessed = {decision.assessment.benefit} if decision.assessment is not None else set()
        missing = sorted(needed - assessed)
        if missing:
            names = ", ".join(str(spec(code).label) for code in missing)
            outlook.blockers.append(
                Blocker("assessment", _("no assessment of %(benefits)s") % {"benefits": names})
            )
        needs_interview = decision.kind in decision_services.KINDS_NEEDING_AN_INTERVIEW and any(
            spec(code).needs_interview for code in benefits if code in BENEFITS
        )
        interviewed = decision.household_id in done or (
            decision.kind == DecisionKind.REFUSAL and decision.household_id in refused
        )
        if needs_interview and not interviewed:
            outlook.blockers.append(
                Blocker(
                    "interview",
                    _("no completed environmental interview (art. 106 ust. 4 u.p.s.)"),
                )
            )
        if outlook.authorisation is None:
            outlook.blockers.append(
                Blocker(
                    "authorisation",
                    _("no authorisation valid today for %(act)s")
                    % {"act": decision.get_act_display()},
                )
            )
        if decision.drafted_by_id == signer.pk and not settings.OSTOJA_DRAFTER_MAY_SIGN:
            outlook.blockers.append(
                Blocker("drafter", _("your own draft: another authorised person signs it"))
            )
        if registers.get(decision.act) is None:
            outlook.blockers.append(
                Blocker("register", _("no register of decisions in use for this act"))
            )
        outlooks[decision.pk] = outlook
    return outlooks


def _with_what_signing_reads(decisions: QuerySet[Decision]) -> QuerySet[Decision]:
    return decisions.select_related(
        "party", "household", "drafted_by", "assessment", "changes", "application"
    ).prefetch_related(
        Prefetch("lines", queryset=DecisionLine.objects.select_related("person").order_by("pk"))
    )


def for_signature(user: User) -> list[Decision]:
    """The drafts sent for signature that the user sees, the longest waiting first."""
    decisions: QuerySet[Decision] = visible_to(user, Decision)
    waiting = decisions.filter(state=DecisionState.FOR_APPROVAL).order_by("submitted_at", "pk")
    return list(_with_what_signing_reads(waiting))


def for_signature_chosen(user: User, ids: Iterable[int]) -> list[Decision]:
    """The chosen decisions among those the user sees, in the list's order."""
    decisions: QuerySet[Decision] = visible_to(user, Decision)
    chosen = decisions.filter(pk__in=list(ids)).order_by("submitted_at", "pk")
    return list(_with_what_signing_reads(chosen))
