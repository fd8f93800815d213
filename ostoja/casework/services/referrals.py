"""Referrals to institutions of the directory (skierowania): a member of the family is sent to
an active institution for a kind of help; the institution's answer (accepted or refused), its
feedback and the end of the referral are recorded as they come. Every date is on or after the
day the referral was sent and never in the future."""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ostoja.accounts.models import User
from ostoja.casework import policy as casework_policy
from ostoja.casework.models import CaseFile, Referral, ReferralState
from ostoja.core import policy
from ostoja.core.actions import action_kind, record_action
from ostoja.partners.models import Institution
from ostoja.registry.models import Membership, Person

REFERRAL_CREATE = action_kind(
    "casework.referral_create",
    gettext_lazy("Referral to an institution"),
    gettext_lazy("%(kind)s: %(institution)s, sent on %(sent_on)s (%(person)s)"),
)
REFERRAL_ANSWER = action_kind(
    "casework.referral_answer",
    gettext_lazy("Answer of an institution to a referral"),
    gettext_lazy("%(institution)s: %(state)s on %(answered_on)s"),
)
REFERRAL_FEEDBACK = action_kind(
    "casework.referral_feedback",
    gettext_lazy("Feedback of an institution on a referral"),
    gettext_lazy("%(institution)s, %(feedback_on)s"),
)
REFERRAL_COMPLETE = action_kind(
    "casework.referral_complete",
    gettext_lazy("End of a referral"),
    gettext_lazy("%(institution)s, %(completed_on)s"),
)


def _require_edit(actor: User, referral_or_case: Any) -> CaseFile:
    case = referral_or_case if isinstance(referral_or_case, CaseFile) else referral_or_case.case
    if not policy.can(actor, casework_policy.EDIT, case):
        raise PermissionDenied
    return case


def is_member_on(case: CaseFile, person: Person, day: datetime.date) -> bool:
    memberships = Membership.objects.current_on(day)
    return bool(memberships.filter(household_id=case.household_id, person=person).exists())


def _date_errors(referral: Referral, field: str, day: Any, errors: dict[str, list[str]]) -> None:
    """A date after the referral was sent: not before `sent_on`, not in the future."""
    if not isinstance(day, datetime.date):
        errors[field] = [_("Enter the date.")]
    elif day > timezone.localdate():
        errors[field] = [_("This date cannot be in the future.")]
    elif day < referral.sent_on:
        errors[field] = [
            _("This date cannot be before the referral was sent (%(day)s).")
            % {"day": referral.sent_on.strftime("%d.%m.%Y")}
        ]


def _save(referral: Referral, actor: User, errors: dict[str, list[str]]) -> None:
    try:
        referral.full_clean()
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, messages)
    if errors:
        raise ValidationError(errors)
    referral._history_user = actor  # type: ignore[attr-defined]
    referral.save()


def _details(referral: Referral, **more: Any) -> dict[str, Any]:
    return {
        "referral_id": referral.pk,
        "kind": str(referral.get_kind_display()),
        "institution": referral.institution.name,
        "person": referral.person.full_name,
        "state": str(referral.get_state_display()),
        **more,
    }


def _subjects(referral: Referral) -> list[Any]:
    return [referral.case, referral.case.household, referral, referral.person, referral.institution]


@transaction.atomic
def referral_create(
    *,
    actor: User,
    case: CaseFile,
    person: Person,
    kind: str,
    institution: Institution,
    purpose: str,
    sent_on: datetime.date,
) -> Referral:
    """Send a member of the family to an active institution."""
    _require_edit(actor, case)
    referral = Referral(
        case=case,
        person=person,
        kind=kind,
        institution=institution,
        purpose=purpose,
        sent_on=sent_on,
        sent_by=actor,
    )
    errors: dict[str, list[str]] = {}
    if not institution.active:
        errors["institution"] = [
            _("%(name)s is inactive; choose an active institution.") % {"name": institution.name}
        ]
    if isinstance(sent_on, datetime.date) and not is_member_on(case, person, sent_on):
        errors["person"] = [
            _("%(person)s is not a member of the family on %(day)s.")
            % {"person": person.full_name, "day": sent_on.strftime("%d.%m.%Y")}
        ]
    _save(referral, actor, errors)
    record_action(
        actor=actor,
        action=REFERRAL_CREATE,
        subjects=_subjects(referral),
        details=_details(referral, sent_on=sent_on),
    )
    return referral


@transaction.atomic
def referral_record_answer(
    *,
    actor: User,
    referral: Referral,
    accepted: bool,
    answered_on: datetime.date,
    note: str = "",
) -> Referral:
    """The institution took the person in, or refused: sent → accepted / refused."""
    _require_edit(actor, referral)
    errors: dict[str, list[str]] = {}
    if referral.state != ReferralState.SENT:
        raise ValidationError(_("The answer to this referral is already recorded."))
    _date_errors(referral, "answered_on", answered_on, errors)
    referral.state = ReferralState.ACCEPTED if accepted else ReferralState.REFUSED
    referral.answered_on = answered_on
    referral.answered_at = timezone.now()
    if note:
        referral.feedback = "\n\n".join(p for p in (referral.feedback, note) if p)
        referral.feedback_on = referral.feedback_on or answered_on
    _save(referral, actor, errors)
    record_action(
        actor=actor,
        action=REFERRAL_ANSWER,
        subjects=_subjects(referral),
        details=_details(referral, answered_on=answered_on, note=note),
    )
    return referral


@transaction.atomic
def referral_record_feedback(
    *, actor: User, referral: Referral, feedback: str, feedback_on: datetime.date
) -> Referral:
    """What the institution reported back (a letter, a call); replaces the earlier feedback."""
    _require_edit(actor, referral)
    errors: dict[str, list[str]] = {}
    if not (feedback or "").strip():
        errors["feedback"] = [_("Write what the institution reported.")]
    _date_errors(referral, "feedback_on", feedback_on, errors)
    referral.feedback = (feedback or "").strip()
    referral.feedback_on = feedback_on
    referral.feedback_at = timezone.now()
    _save(referral, actor, errors)
    record_action(
        actor=actor,
        action=REFERRAL_FEEDBACK,
        subjects=_subjects(referral),
        details=_details(referral, feedback_on=feedback_on),
    )
    return referral


@transaction.atomic
def referral_complete(
    *, actor: User, referral: Referral, completed_on: datetime.date, feedback: str = ""
) -> Referral:
    """The referral has run its course (the help was given, or it ended otherwise); a
    refused referral is not completed: the refusal ended it."""
    _require_edit(actor, referral)
    if referral.state == ReferralState.COMPLETED:
        raise ValidationError(_("This referral is already completed."))
    if referral.state == ReferralState.REFUSED:
        # A refusal ends the referral; its state keeps telling the timeline it was refused.
        raise ValidationError(_("The institution refused this referral: it is over already."))
    errors: dict[str, list[str]] = {}
    _date_errors(referral, "completed_on", completed_on, errors)
    if (
        isinstance(completed_on, datetime.date)
        and referral.answered_on
        and completed_on < referral.answered_on
        and "completed_on" not in errors
    ):
        errors["completed_on"] = [
            _("The end cannot be before the institution's answer (%(day)s).")
            % {"day": referral.answered_on.strftime("%d.%m.%Y")}
        ]
    referral.state = ReferralState.COMPLETED
    referral.completed_on = completed_on
    referral.completed_at = timezone.now()
    if feedback.strip():
        referral.feedback = feedback.strip()
        referral.feedback_on = completed_on
        referral.feedback_at = referral.completed_at
    _save(referral, actor, errors)
    record_action(
        actor=actor,
        action=REFERRAL_COMPLETE,
        subjects=_subjects(referral),
        details=_details(referral, completed_on=completed_on),
    )
    return referral
