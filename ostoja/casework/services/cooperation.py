"""The duty to cooperate (art. 11 u.p.s.): events that may ground refusing, revoking or
suspending a cash benefit (ust. 2: no cooperation with the social worker, refusing or breaking
a social contract, refusing work or activation, interrupting addiction treatment) or wasting
benefits (ust. 1). Each is recorded with its evidence and the worker's assessment, for the
decision that may follow; the record itself decides nothing."""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ostoja.accounts.models import User
from ostoja.casework import policy as casework_policy
from ostoja.casework.models import CaseFile, CooperationEvent, Interview, SocialContract
from ostoja.core import policy
from ostoja.core.actions import action_kind, record_action
from ostoja.registry.models import Membership, Person

COOPERATION_RECORD = action_kind(
    "casework.cooperation_record",
    gettext_lazy("Event of the duty to cooperate recorded"),
    gettext_lazy("%(kind)s on %(occurred_on)s (%(whom)s)"),
)


@transaction.atomic
def cooperation_event_record(
    *,
    actor: User,
    case: CaseFile,
    kind: str,
    occurred_on: datetime.date,
    evidence: str,
    assessment: str,
    person: Person | None = None,
    contract: SocialContract | None = None,
    interview: Interview | None = None,
) -> CooperationEvent:
    """Record an event of the duty to cooperate in the case."""
    if not policy.can(actor, casework_policy.EDIT, case):
        raise PermissionDenied
    event = CooperationEvent(
        case=case,
        kind=kind,
        occurred_on=occurred_on,
        evidence=evidence,
        assessment=assessment,
        person=person,
        contract=contract,
        interview=interview,
        recorded_by=actor,
    )
    errors: dict[str, Any] = {}
    try:
        event.full_clean()
    except ValidationError as error:
        errors.update(error.message_dict)
    if person is not None and isinstance(occurred_on, datetime.date):
        member = Membership.objects.current_on(occurred_on).filter(
            household_id=case.household_id, person=person
        )
        if not member.exists():
            errors["person"] = [
                _("%(person)s is not a member of the family on %(day)s.")
                % {"person": person.full_name, "day": occurred_on.strftime("%d.%m.%Y")}
            ]
    if contract is not None and contract.case_id != case.pk:
        errors["contract"] = [_("The contract belongs to another case.")]
    if interview is not None and interview.case_id != case.pk:
        errors["interview"] = [_("The interview belongs to another case.")]
    if errors:
        raise ValidationError(errors)
    event._history_user = actor  # type: ignore[attr-defined]
    event.save()
    record_action(
        actor=actor,
        action=COOPERATION_RECORD,
        subjects=[
            s for s in (case, case.household, event, person, contract, interview) if s is not None
        ],
        details={
            "event_id": event.pk,
            "kind": str(event.get_kind_display()),
            "occurred_on": occurred_on,
            "whom": person.full_name if person is not None else str(_("the whole family")),
        },
    )
    return event
