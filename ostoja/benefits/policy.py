"""The benefits app's part of the access policy (`ostoja.core.policy`).

Applications, assessments, decisions and awards follow their household: whoever sees the household
(the registry's scope) and holds `benefits.view` sees them. Signing needs `benefits.sign` and, on
top, a valid authorisation (checked by the signing service, which says what is missing). The
registers, templates and authorisations are configuration (`benefits.admin`), with no personal
data of clients.
"""

from collections.abc import Callable
from typing import Any

from django.db import models
from django.db.models import QuerySet

from ostoja.accounts.models import User
from ostoja.accounts.roles import Capability
from ostoja.benefits.models import (
    Appeal,
    Application,
    Assessment,
    Attachment,
    Award,
    DeadlinePause,
    Decision,
    DecisionLine,
    MemberFacts,
    ReindexItem,
    RequestedBenefit,
)
from ostoja.core.policy import has_capability, register_action, register_scope
from ostoja.registry.models import Household
from ostoja.registry.policy import households_in_scope_lazily, households_visible_to


def _by_household(
    model: type[models.Model], path: str, *, eager: bool = False
) -> Callable[[User], QuerySet[Any]]:
    """The scope of a record reached from its household through `path`. `eager` reads the
    worker's areas first and passes them as constants (`households_visible_to`): for the
    register of decisions, where the planner then knows how few of 100 000 decisions one area
    has and reads them by their household instead of scanning them all (the lazy subqueries
    save those two small reads where a page asks several scopes)."""
    households = households_visible_to if eager else households_in_scope_lazily

    def scope(user: User) -> QuerySet[Any]:
        manager = model._default_manager
        if not has_capability(user, Capability.BENEFITS_VIEW):
            return manager.none()
        if user.sees_all_households:
            return manager.all()
        return manager.filter(**{f"{path}__in": households(user)})

    return scope


for _model, _path in (
    (Application, "household"),
    (RequestedBenefit, "application__household"),
    (MemberFacts, "application__household"),
    (DeadlinePause, "application__household"),
    (Attachment, "application__household"),
    (Assessment, "application__household"),
    (DecisionLine, "decision__household"),
    (Appeal, "decision__household"),
    (Award, "household"),
    (ReindexItem, "award__household"),
):
    register_scope(_model)(_by_household(_model, _path))
register_scope(Decision)(_by_household(Decision, "household", eager=True))


def _may_take_household(user: Any, household: Household) -> bool:
    return households_visible_to(user).filter(pk=household.pk).exists()


def _is_open(user: Any, application: Application) -> bool:
    return application.is_open


def _is_editable(user: Any, decision: Decision) -> bool:
    return decision.is_editable


def _is_issued(user: Any, decision: Decision) -> bool:
    return decision.is_issued


VIEW = register_action("benefits.view", capability=Capability.BENEFITS_VIEW)
# Register an application (or open proceedings ex officio) for a household in scope.
REGISTER = register_action(
    "benefits.register",
    capability=Capability.BENEFITS_EDIT,
    rule=_may_take_household,
    scoped=False,
)
# Work on an open application: its facts, attachments, pauses, assessments, draft decisions.
EDIT_APPLICATION = register_action(
    "benefits.edit_application", capability=Capability.BENEFITS_EDIT, rule=_is_open
)
EDIT_DRAFT = register_action(
    "benefits.edit_draft", capability=Capability.BENEFITS_EDIT, rule=_is_editable
)
# Deliveries, waivers, appeals and the board's outcome of an issued decision.
FOLLOW_UP = register_action(
    "benefits.follow_up", capability=Capability.BENEFITS_EDIT, rule=_is_issued
)
SIGN = register_action("benefits.sign", capability=Capability.BENEFITS_SIGN, rule=_is_editable)
# Record a decision issued on paper before the centre used Ostoja (its awards are then paid
# here): part of setting the centre up, for whoever also sees the family (the director).
IMPORT = register_action(
    "benefits.import", capability=Capability.BENEFITS_ADMIN, rule=_may_take_household, scoped=False
)
# Re-indexation: a run over every award, started by the centre's decision makers.
REINDEX = register_action("benefits.reindex", capability=Capability.BENEFITS_SIGN, scoped=False)
ADMIN = register_action("benefits.admin", capability=Capability.BENEFITS_ADMIN, scoped=False)
