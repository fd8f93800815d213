"""The checks `decision_draft` makes of a change drafted without an application, made for a
batch's awards at once: what they read, for all of the batch's families in a few queries, and
the draft a batch writes itself when it passes them all."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone

from ostoja.accounts.models import User
from ostoja.benefits import policy as benefits_policy
from ostoja.benefits.catalogue import BENEFITS
from ostoja.benefits.models import (
    Assessment,
    Award,
    Decision,
    DecisionKind,
    DecisionLine,
    DecisionState,
    Reindexation,
)
from ostoja.benefits.services.reindex.award import _draft_content, _Outcome
from ostoja.benefits.services.reindex.common import _NotUsual, _relations
from ostoja.core import policy
from ostoja.registry.models import Membership
from ostoja.registry.policy import households_visible_to


@dataclass(frozen=True)
class _DraftingFacts:
    """What the checks of `decision_draft` read, for a batch's families at once."""

    may_register: frozenset[int]
    members_today: dict[int, set[int]]
    members_on_day: dict[int, set[int]]

    @classmethod
    def read(cls, actor: User, household_ids: set[int], day: datetime.date) -> "_DraftingFacts":
        # `benefits.register` on a family: the action's capability and the family in scope.
        register = policy.ACTIONS[benefits_policy.REGISTER]
        may = (
            set(
                households_visible_to(actor)
                .filter(pk__in=household_ids)
                .values_list("pk", flat=True)
            )
            if policy.has_capability(actor, register.capability)
            else set()
        )
        return cls(
            may_register=frozenset(may),
            members_today=_members(household_ids, timezone.localdate()),
            members_on_day=_members(household_ids, day),
        )


def _members(household_ids: set[int], day: datetime.date) -> dict[int, set[int]]:
    members: dict[int, set[int]] = {}
    rows = (
        Membership.objects.current_on(day)
        .filter(household_id__in=household_ids)
        .values_list("household_id", "person_id")
    )
    for household_id, person_id in rows:
        members.setdefault(household_id, set()).add(person_id)
    return members


def _checked_draft(
    run: Reindexation,
    award: Award,
    *,
    assessment: Assessment,
    found: _Outcome,
    actor: User,
    facts: _DraftingFacts,
) -> tuple[Decision, DecisionLine]:
    """The draft `decision_draft` would save for the award, and its line, when it passes every
    check that service makes of a change drafted without an application; `_NotUsual`
    otherwise, and the service itself then words the refusal."""
    assert found.amount is not None
    content = _draft_content(
        run, award, assessment=assessment, amount=found.amount, note=found.note
    )
    party = award.decision.party
    decision = Decision(
        kind=DecisionKind.CHANGE,
        act=content.act,
        household=award.household,
        party=party,
        application=None,
        assessment=assessment,
        changes=award.decision,
        effective_from=run.effective_on,
        immediately_enforceable=False,
        enforceability_reason="",
        grants_request_in_full=False,
        reindexation=run,
        drafted_by=actor,
        state=DecisionState.DRAFT,
        **{name: text.strip() for name, text in content.texts.items()},
    )
    data = content.line
    line = DecisionLine(
        decision=decision,
        benefit=data.benefit,
        person=data.person,
        amount=data.amount,
        purpose=data.purpose.strip(),
        period_from=data.period_from,
        period_to=data.period_to,
        payee=data.payee or party,
        method=data.method,
        account=data.account.strip(),
    )
    if not _passes_draft_checks(decision, line, assessment=assessment, facts=facts):
        raise _NotUsual
    return decision, line


def _passes_draft_checks(
    decision: Decision, line: DecisionLine, *, assessment: Assessment, facts: _DraftingFacts
) -> bool:
    """The checks of `decision_draft` for a change of one award without an application:
    `benefits.register` on the family; the fields of the decision and of its line (their
    relations are the award's own rows, which exist); the party a member today; the changed
    decision issued, of the family and the act; the assessment of the family; the benefit of
    the act, given by a decision, with an amount; the person and the payee members on the day
    the line starts, which is the day the decision takes effect. (The line's benefit and person
    are those of an award of the changed decision, as `_check_lines_continue` requires.)"""
    household_id = decision.household_id
    if household_id not in facts.may_register:
        return False
    try:
        decision.clean_fields(exclude=_relations(Decision))
        line.clean_fields(exclude=_relations(DecisionLine))
        line.clean()
    except ValidationError:
        return False
    changes = decision.changes
    benefit = BENEFITS[line.benefit]
    return (
        decision.effective_from is not None
        and decision.party_id in facts.members_today.get(household_id, set())
        and changes is not None
        and changes.is_issued
        and changes.household_id == household_id
        and changes.act == decision.act
        and assessment.application.household_id == household_id
        and benefit.act == decision.act
        and benefit.needs_decision
        and (not benefit.cash or bool(line.amount))
        and {line.person_id, line.payee_id} <= facts.members_on_day.get(household_id, set())
        and line.period_from == decision.effective_from
    )
