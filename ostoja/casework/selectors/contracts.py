"""Reads of social work's contracts for the screens; every query starts from the access policy."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ostoja.casework.models import (
    ContractEnd,
    ContractObligation,
    ContractState,
    Party,
    SocialContract,
)
from ostoja.casework.services.contracts import budget_of_help
from ostoja.casework.timeline import TimelineEntry
from ostoja.core.money import format_pln
from ostoja.core.policy import visible_to

CONTRACT_KIND = gettext_lazy("Social contract")


def contracts_of(user: Any, case: Any) -> QuerySet[SocialContract]:
    """The case's contracts the user may see, newest first."""
    contracts: QuerySet[SocialContract] = visible_to(user, SocialContract)
    return (
        contracts.filter(case_id=case.pk)
        .select_related("person", "worker", "supersedes")
        .prefetch_related("obligations", "reviews")
        .order_by("-valid_from", "-pk")
    )


def is_to_end(contract: SocialContract, today: datetime.date) -> bool:
    """A signed contract past its last day: shown as "do zakończenia" until it is ended."""
    return contract.state == ContractState.SIGNED and contract.valid_to < today


def state_label(contract: SocialContract, today: datetime.date) -> str:
    if is_to_end(contract, today):
        return _("to be ended")
    if contract.state == ContractState.ENDED:
        return f"{contract.get_state_display()}: {contract.get_end_reason_display()}"
    return str(contract.get_state_display())


def state_badge(contract: SocialContract, today: datetime.date) -> str:
    if is_to_end(contract, today):
        return "text-bg-warning"
    if contract.state == ContractState.SIGNED:
        return "text-bg-success"
    if contract.state == ContractState.ENDED:
        return (
            "text-bg-danger" if contract.end_reason == ContractEnd.BROKEN else "text-bg-secondary"
        )
    return "text-bg-light border"


@dataclass(frozen=True)
class ContractSides:
    client: list[ContractObligation]
    centre: list[ContractObligation]
    budget: str


def sides(contract: SocialContract) -> ContractSides:
    """The obligations of each side in their order, and the budget of help formatted."""
    obligations = sorted(contract.obligations.all(), key=lambda o: (o.position, o.pk))
    return ContractSides(
        client=[o for o in obligations if o.party == Party.CLIENT],
        centre=[o for o in obligations if o.party == Party.CENTRE],
        budget=format_pln(budget_of_help(obligations)),
    )


def versions(contract: SocialContract) -> list[SocialContract]:
    """Every version of the contract, the oldest first: what it corrects, back to the first,
    and what corrects it, up to the newest."""
    chain = [contract]
    older = contract.supersedes
    while older is not None:
        chain.insert(0, older)
        older = older.supersedes
    newer = SocialContract.objects.filter(supersedes=contract).first()
    while newer is not None:
        chain.append(newer)
        newer = SocialContract.objects.filter(supersedes=newer).first()
    return chain


def timeline(case: Any, user: Any) -> list[TimelineEntry]:
    """This area's entries of the case's timeline that the user may see: each contract's
    drafting, signing, reviews, end and correction."""
    entries: list[TimelineEntry] = []
    kind = str(CONTRACT_KIND)
    for contract in contracts_of(user, case):
        url = reverse("casework:contract_detail", args=[contract.pk])
        persons = (contract.person_id,)
        variant = _("variant %(variant)s") % {"variant": contract.variant}
        if contract.supersedes_id:
            entries.append(
                TimelineEntry(
                    on=timezone.localdate(contract.created_at),
                    kind=kind,
                    title=_("Correction of the contract"),
                    summary=contract.correction_reason,
                    url=url,
                    at=contract.created_at,
                    person_ids=persons,
                )
            )
        else:
            entries.append(
                TimelineEntry(
                    on=timezone.localdate(contract.created_at),
                    kind=kind,
                    title=_("Contract drafted"),
                    summary=f"{variant}: {contract.goals[:120]}",
                    url=url,
                    at=contract.created_at,
                    person_ids=persons,
                )
            )
        if contract.signed_on:
            entries.append(
                TimelineEntry(
                    on=contract.signed_on,
                    kind=kind,
                    title=_("Contract signed"),
                    summary=_("in force %(start)s – %(end)s")
                    % {
                        "start": contract.valid_from.strftime("%d.%m.%Y"),
                        "end": contract.valid_to.strftime("%d.%m.%Y"),
                    },
                    url=url,
                    at=contract.signed_at,
                    person_ids=persons,
                )
            )
        entries.extend(
            TimelineEntry(
                on=review.reviewed_on,
                kind=kind,
                title=_("Review of the contract"),
                summary=review.findings[:140],
                url=url,
                at=review.recorded_at,
                person_ids=persons,
            )
            for review in contract.reviews.all()
        )
        if contract.ended_on:
            entries.append(
                TimelineEntry(
                    on=contract.ended_on,
                    kind=kind,
                    title=_("Contract ended"),
                    summary=contract.end_note[:140],
                    url=url,
                    at=contract.ended_at,
                    state=str(contract.get_end_reason_display()),
                    person_ids=persons,
                )
            )
    return entries
