"""The one access policy: what a member of staff may do, and which records they may see.

Two questions, asked only here:

- **Scope**: `visible_to(user, Model)` is the queryset of the records of `Model` the user may see.
  Selectors start from it; a record outside it does not exist for the user (404).
- **Actions**: `can(user, action, obj)` says whether the user may carry out `action` (on `obj`,
  when the action is about a record). An action needs a capability of the user's role (the table
  in `ostoja.accounts.roles`) and, for a record, that the record is in scope and any further rule
  the action has (`can_use_area`: a social worker registers families only in her own areas).

Each app registers its scopes and actions in its own `policy.py`, imported when the app is
ready; `core` knows no app. Views ask `can` (or the `{% can %}` template tag) and services ask it
again, so a refusal holds whichever door a request comes through.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models

ScopeFunction = Callable[[Any], models.QuerySet[Any]]
RuleFunction = Callable[[Any, Any], bool]

_SCOPES: dict[type[models.Model], ScopeFunction] = {}


@dataclass(frozen=True)
class Action:
    code: str
    capability: str
    # Further rule on the record, asked after the capability and the scope.
    rule: RuleFunction | None = None
    # Whether the record must be in the user's scope (false for actions on records that have
    # no scope of their own, such as an area chosen on a form).
    scoped: bool = True


ACTIONS: dict[str, Action] = {}


def register_scope(model: type[models.Model]) -> Callable[[ScopeFunction], ScopeFunction]:
    """Declare the function that gives the records of `model` a user may see."""

    def decorate(function: ScopeFunction) -> ScopeFunction:
        if model in _SCOPES:
            raise ValueError(f"a scope for {model.__name__} is registered twice")
        _SCOPES[model] = function
        return function

    return decorate


def register_action(
    code: str, *, capability: str, rule: RuleFunction | None = None, scoped: bool = True
) -> str:
    if code in ACTIONS:
        raise ValueError(f"action {code!r} is registered twice")
    ACTIONS[code] = Action(code=code, capability=capability, rule=rule, scoped=scoped)
    return code


def has_capability(user: Any, capability: str) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and bool(user.has_capability(capability))


def visible_to(user: Any, model: type[models.Model]) -> models.QuerySet[Any]:
    """The records of `model` the user may see; none for an unknown model (deny by default)."""
    scope = _SCOPES.get(model)
    if scope is None or not getattr(user, "is_authenticated", False):
        return model._default_manager.none()
    return scope(user)


def in_scope(user: Any, obj: models.Model) -> bool:
    return visible_to(user, type(obj)).filter(pk=obj.pk).exists()


def can(user: Any, action: str, obj: Any = None) -> bool:
    """May the user carry out `action` (on `obj`)? Unknown actions are refused."""
    declared = ACTIONS.get(action)
    if declared is None or not has_capability(user, declared.capability):
        return False
    if obj is None:
        return True
    if declared.scoped and isinstance(obj, models.Model) and not in_scope(user, obj):
        return False
    return declared.rule is None or declared.rule(user, obj)
