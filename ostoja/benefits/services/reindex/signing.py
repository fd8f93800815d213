"""Signing the run's drafts: each sent for signature where it is still a draft, then signed in
its own transaction, and the refusals reported with their reasons."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ostoja.accounts.models import User
from ostoja.benefits import policy as benefits_policy
from ostoja.benefits.models import EDITABLE_STATES, Decision, DecisionState, Reindexation
from ostoja.benefits.services.decisions import SignManyResult, decision_submit, decisions_sign_many
from ostoja.core import policy
from ostoja.core.actions import action_kind, record_action

REINDEX_SIGN_ALL = action_kind(
    "benefits.reindex_sign_all",
    gettext_lazy("Drafts of a re-indexation signed"),
    gettext_lazy("%(signed)s signed, %(refused)s refused"),
)


# ---------------------------------------------------------------------------------------------
# Signing the run's drafts
# ---------------------------------------------------------------------------------------------


def _refusal_reasons(error: Exception) -> list[str]:
    if isinstance(error, ValidationError):
        return [str(message) for message in error.messages]
    return [_("You may not send this draft for signature.")]


def reindexation_sign_all(*, actor: User, reindexation: Reindexation) -> SignManyResult:
    """Sign every draft of the run the signer sees, each in its own transaction
    (`decisions_sign_many`). A draft still being drafted is first sent for signature by the
    signer (`decision_submit`); a refusal there or at the signature is reported with its
    reasons and does not stop the others."""
    if not policy.can(actor, benefits_policy.REINDEX):
        raise PermissionDenied
    drafts = (
        policy.visible_to(actor, Decision)
        .filter(reindexation=reindexation, state__in=[state.value for state in EDITABLE_STATES])
        .order_by("pk")
    )
    ready: list[Decision] = []
    refused: list[tuple[Decision, list[str]]] = []
    for decision in drafts:
        if decision.state == DecisionState.DRAFT:
            try:
                decision = decision_submit(actor=actor, decision=decision)
            except (ValidationError, PermissionDenied) as error:
                refused.append((decision, _refusal_reasons(error)))
                continue
        ready.append(decision)
    result = decisions_sign_many(actor=actor, decisions=ready)
    outcome = SignManyResult(signed=result.signed, refused=[*refused, *result.refused])
    with transaction.atomic():
        record_action(
            actor=actor,
            action=REINDEX_SIGN_ALL,
            subjects=[reindexation],
            details={
                "reindexation_id": reindexation.pk,
                "signed": len(outcome.signed),
                "refused": len(outcome.refused),
            },
        )
    return outcome
