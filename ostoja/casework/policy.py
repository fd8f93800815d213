"""Social work's part of the access policy (`ostoja.core.policy`).

A case file is seen by whoever sees its household (the registry's scope) and has the capability
to read social work; everything in a case follows its case. The records of social work need their
own capability, and a confidential one is seen only by its author and by those who supervise
(the director).
"""

from collections.abc import Callable
from typing import Any

from django.db import models
from django.db.models import Q, QuerySet

from ostoja.accounts.models import User
from ostoja.accounts.roles import Capability
from ostoja.casework.models import (
    CaseFile,
    CaseReason,
    CooperationEvent,
    Interview,
    Referral,
    SocialContract,
    SocialWorkNote,
)
from ostoja.core.policy import has_capability, register_action, register_scope
from ostoja.registry.models import Household
from ostoja.registry.policy import households_in_scope_lazily, households_visible_to


@register_scope(CaseFile)
def cases_visible_to(user: User) -> QuerySet[CaseFile]:
    if not has_capability(user, Capability.CASEWORK_VIEW):
        return CaseFile.objects.none()
    if user.sees_all_households:
        return CaseFile.objects.all()
    return CaseFile.objects.filter(household__in=households_in_scope_lazily(user))


def _in_visible_cases(model: type[models.Model]) -> Callable[[User], QuerySet[Any]]:
    """The scope of a record that belongs to a case: the cases the user sees."""

    def scope(user: User) -> QuerySet[Any]:
        if not has_capability(user, Capability.CASEWORK_VIEW):
            return model._default_manager.none()
        if user.sees_all_households:
            return model._default_manager.all()
        return model._default_manager.filter(case__in=cases_visible_to(user))

    return scope


for _model in (CaseReason, Interview, SocialContract, CooperationEvent, Referral):
    register_scope(_model)(_in_visible_cases(_model))


@register_scope(SocialWorkNote)
def notes_visible_to(user: User) -> QuerySet[SocialWorkNote]:
    if not has_capability(user, Capability.CASEWORK_NOTES):
        return SocialWorkNote.objects.none()
    notes = SocialWorkNote.objects.filter(case__in=cases_visible_to(user))
    if has_capability(user, Capability.CASEWORK_SUPERVISE):
        return notes
    return notes.filter(Q(confidential=False) | Q(author=user))


def _may_lead(user: Any, case: CaseFile) -> bool:
    """A social worker changes the cases of her scope; so does whoever supervises."""
    return bool(case.is_open) or has_capability(user, Capability.CASEWORK_SUPERVISE)


def _is_author(user: Any, note: SocialWorkNote) -> bool:
    return bool(note.author_id == user.pk)


def _may_take_household(user: Any, household: Household) -> bool:
    return households_visible_to(user).filter(pk=household.pk).exists()


VIEW = register_action("casework.view", capability=Capability.CASEWORK_VIEW)
# Social work on an open case: interviews, contracts, referrals, cooperation events.
EDIT = register_action("casework.edit", capability=Capability.CASEWORK_EDIT, rule=_may_lead)
OPEN_CASE = register_action(
    "casework.open_case",
    capability=Capability.CASEWORK_EDIT,
    rule=_may_take_household,
    scoped=False,
)
NOTE_ADD = register_action("casework.note_add", capability=Capability.CASEWORK_NOTES)
NOTE_EDIT = register_action(
    "casework.note_edit", capability=Capability.CASEWORK_NOTES, rule=_is_author
)
ASSIGN = register_action("casework.assign", capability=Capability.CASEWORK_ASSIGN)
SUPERVISE = register_action("casework.supervise", capability=Capability.CASEWORK_SUPERVISE)
