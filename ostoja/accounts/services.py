"""Every change to staff accounts and areas goes through these functions, one per use case.

Each takes keyword-only arguments with an explicit `actor`, checks that the actor may administer
staff (`Capability.STAFF_ADMIN`), validates the model (`full_clean`), saves in one transaction and
writes an action record (`ostoja.core.actions`) naming the account or the area. The change
history (django-simple-history) records the actor as the author of each row it writes.

Rules held here, whoever calls:
- only a social worker has areas; an account of another role is refused areas, and changing a
  social worker's role takes them out of their areas (the action record says which);
- an area's workers are active social workers only (a director cannot become one);
- administrators cannot deactivate their own account nor take their own administrator role.
"""

import secrets
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ostoja.accounts import security
from ostoja.accounts.models import Area, User
from ostoja.accounts.roles import Capability, Role
from ostoja.core.actions import action_kind, record_action

# ---------------------------------------------------------------------------------------------
# Kinds of action, as the history shows them
# ---------------------------------------------------------------------------------------------

USER_CREATE = action_kind(
    "accounts.user_create",
    gettext_lazy("Staff account created"),
    gettext_lazy("%(username)s, role: %(role)s; areas: %(areas)s"),
)
USER_UPDATE = action_kind(
    "accounts.user_update",
    gettext_lazy("Staff account changed"),
    gettext_lazy("%(username)s: %(fields)s; areas added: %(added)s; areas removed: %(removed)s"),
)
USER_PASSWORD_RESET = action_kind(
    "accounts.user_password_reset",
    gettext_lazy("Password reset by the administrator"),
    gettext_lazy("%(username)s"),
)
USER_SECOND_FACTOR_RESET = action_kind(
    "accounts.user_second_factor_reset",
    gettext_lazy("Second factor reset"),
    gettext_lazy("%(username)s; a new one is set up at the next login"),
)
USER_SESSIONS_END = action_kind(
    "accounts.user_sessions_end",
    gettext_lazy("Sessions ended by the administrator"),
    gettext_lazy("%(username)s"),
)
USER_ACTIVATE = action_kind(
    "accounts.user_activate", gettext_lazy("Account activated"), gettext_lazy("%(username)s")
)
USER_DEACTIVATE = action_kind(
    "accounts.user_deactivate", gettext_lazy("Account deactivated"), gettext_lazy("%(username)s")
)
PASSWORD_CHANGE = action_kind(
    "accounts.password_change",
    gettext_lazy("Password changed by its owner"),
    gettext_lazy("%(username)s"),
)
AREA_CREATE = action_kind(
    "accounts.area_create", gettext_lazy("Area created"), gettext_lazy("%(name)s")
)
AREA_UPDATE = action_kind(
    "accounts.area_update",
    gettext_lazy("Area changed"),
    gettext_lazy("%(name)s: %(fields)s"),
)
AREA_WORKERS_SET = action_kind(
    "accounts.area_workers_set",
    gettext_lazy("Social workers of the area changed"),
    gettext_lazy("%(name)s; assigned: %(added)s; no longer assigned: %(removed)s"),
)

# The fields of an account the administration may change; anything else is a programming error.
USER_FIELDS = ("first_name", "last_name", "username", "email", "role", "is_active")
AREA_FIELDS = ("name", "description")

# Letters and digits that cannot be mistaken for one another when read out or copied by hand.
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # noqa: S105 - an alphabet, not a password
PASSWORD_GROUPS = 4
PASSWORD_GROUP_LENGTH = 4


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------


def _require_admin(actor: User) -> None:
    if not actor.has_capability(Capability.STAFF_ADMIN):
        raise PermissionDenied


def _only_fields(data: Mapping[str, Any], allowed: Iterable[str]) -> dict[str, Any]:
    unknown = set(data) - set(allowed)
    if unknown:
        raise TypeError(f"fields this service may not change: {sorted(unknown)}")
    return dict(data)


def _as_actor(instance: Any, actor: User) -> None:
    instance._history_user = actor


def _names(items: Iterable[Any]) -> list[str]:
    return sorted((str(item) for item in items), key=str.casefold)


def _role_label(role: str) -> str:
    return str(Role(role).label) if role in Role.values else "—"


def _changed_labels(instance: Any, old: Mapping[str, Any], fields: Iterable[str]) -> list[str]:
    return [
        str(instance._meta.get_field(name).verbose_name)
        for name in fields
        if old.get(name) != getattr(instance, name)
    ]


def generate_password() -> str:
    """A one-time password: 16 characters from an unambiguous alphabet in groups of four
    ("k7Tq-9mWx-..."), about 92 bits of randomness."""
    groups = (
        "".join(secrets.choice(PASSWORD_ALPHABET) for _i in range(PASSWORD_GROUP_LENGTH))
        for _j in range(PASSWORD_GROUPS)
    )
    return "-".join(groups)


def _new_password(user: User) -> str:
    while True:
        password = generate_password()
        try:
            validate_password(password, user)
        except ValidationError:  # pragma: no cover - a random 19-character password passes
            continue
        return password


def _check_areas(role: str, areas: list[Area]) -> None:
    if areas and role != Role.SOCIAL_WORKER:
        raise ValidationError(
            {
                "areas": _(
                    "Only a social worker is assigned to areas. Clear the areas or change the role."
                )
            }
        )


def _check_not_self(actor: User, user: User, fields: Mapping[str, Any]) -> None:
    if user.pk != actor.pk:
        return
    errors = {}
    if fields.get("is_active") is False:
        errors["is_active"] = _("You cannot deactivate your own account.")
    if "role" in fields and fields["role"] != Role.ADMINISTRATOR:
        errors["role"] = _(
            "You cannot take the administrator role from your own account; "
            "ask another administrator."
        )
    if errors:
        raise ValidationError(errors)


# ---------------------------------------------------------------------------------------------
# Staff accounts
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def user_create(
    *, actor: User, data: Mapping[str, Any], areas: Iterable[Area] = ()
) -> tuple[User, str]:
    """Create a staff account with a one-time password, returned to be shown once.

    The account gets neither `is_staff` nor `is_superuser`: the Django admin is for developers.
    """
    _require_admin(actor)
    fields = _only_fields(data, USER_FIELDS)
    area_list = list(areas)
    user = User(**fields)
    _check_areas(user.role, area_list)
    user.full_clean(exclude=["password"])
    password = _new_password(user)
    user.set_password(password)
    user.password_change_required = True  # the one-time password is known to the administrator
    _as_actor(user, actor)
    user.save()
    if area_list:
        user.areas.set(area_list)
    record_action(
        actor=actor,
        action=USER_CREATE,
        subjects=[user, *area_list],
        details={
            "username": user.username,
            "role": _role_label(user.role),
            "areas": _names(area_list),
        },
    )
    return user, password


@transaction.atomic
def user_update(
    *,
    actor: User,
    user: User,
    data: Mapping[str, Any],
    areas: Iterable[Area] | None = None,
) -> User:
    """Change an account's names, login, e-mail, role, active flag and (for a social worker)
    areas. `areas=None` leaves the areas as they are, unless the role stops being a social
    worker's: then the account leaves all its areas."""
    _require_admin(actor)
    fields = _only_fields(data, USER_FIELDS)
    _check_not_self(actor, user, fields)
    old = {name: getattr(user, name) for name in fields}
    for name, value in fields.items():
        setattr(user, name, value)
    before = set(user.areas.all())
    if user.role != Role.SOCIAL_WORKER:
        if areas is not None:
            _check_areas(user.role, list(areas))
        after: set[Area] = set()
    else:
        after = before if areas is None else set(areas)
    user.full_clean(exclude=["password"])
    _as_actor(user, actor)
    user.save()
    if after != before:
        user.areas.set(after)
    added, removed = after - before, before - after
    changed = _changed_labels(user, old, fields)
    if old.get("role", user.role) != user.role:
        label = str(User._meta.get_field("role").verbose_name)
        role = _role_label(user.role)
        changed = [f"{name}: {role}" if name == label else name for name in changed]
    if changed or added or removed:
        record_action(
            actor=actor,
            action=USER_UPDATE,
            subjects=[user, *added, *removed],
            details={
                "username": user.username,
                "fields": changed,
                "added": _names(added),
                "removed": _names(removed),
            },
        )
    return user


@transaction.atomic
def user_password_reset(*, actor: User, user: User) -> str:
    """Give the account a new one-time password and return it, to be shown once.

    A new password also ends the account's sessions: Django ties a session to the password.
    """
    _require_admin(actor)
    password = _new_password(user)
    user.set_password(password)
    user.password_change_required = True
    _as_actor(user, actor)
    user.save(update_fields=["password", "password_change_required"])
    record_action(
        actor=actor,
        action=USER_PASSWORD_RESET,
        subjects=[user],
        details={"username": user.username},
    )
    return password


@transaction.atomic
def user_second_factor_reset(*, actor: User, user: User) -> None:
    """Remove the account's second-factor devices and end its sessions; the user sets up a new
    second factor at the next login."""
    _require_admin(actor)
    security.delete_second_factor_devices(user)
    security.end_sessions(user)
    record_action(
        actor=actor,
        action=USER_SECOND_FACTOR_RESET,
        subjects=[user],
        details={"username": user.username},
    )


@transaction.atomic
def user_sessions_end(*, actor: User, user: User) -> None:
    """Sign the account out on every computer."""
    _require_admin(actor)
    security.end_sessions(user)
    record_action(
        actor=actor,
        action=USER_SESSIONS_END,
        subjects=[user],
        details={"username": user.username},
    )


@transaction.atomic
def user_set_active(*, actor: User, user: User, active: bool) -> User:
    """Activate or deactivate an account. A deactivated account cannot log in and may do
    nothing; it keeps its history and its areas."""
    _require_admin(actor)
    _check_not_self(actor, user, {"is_active": active})
    if user.is_active == active:
        return user
    user.is_active = active
    _as_actor(user, actor)
    user.save(update_fields=["is_active"])
    if not active:
        security.end_sessions(user)
    record_action(
        actor=actor,
        action=USER_ACTIVATE if active else USER_DEACTIVATE,
        subjects=[user],
        details={"username": user.username},
    )
    return user


# ---------------------------------------------------------------------------------------------
# Areas
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def area_create(*, actor: User, data: Mapping[str, Any]) -> Area:
    _require_admin(actor)
    area = Area(**_only_fields(data, AREA_FIELDS))
    area.full_clean()
    _as_actor(area, actor)
    area.save()
    record_action(actor=actor, action=AREA_CREATE, subjects=[area], details={"name": area.name})
    return area


@transaction.atomic
def area_update(*, actor: User, area: Area, data: Mapping[str, Any]) -> Area:
    _require_admin(actor)
    fields = _only_fields(data, AREA_FIELDS)
    old = {name: getattr(area, name) for name in fields}
    for name, value in fields.items():
        setattr(area, name, value)
    area.full_clean()
    changed = _changed_labels(area, old, fields)
    if not changed:
        return area
    _as_actor(area, actor)
    area.save()
    record_action(
        actor=actor,
        action=AREA_UPDATE,
        subjects=[area],
        details={"name": area.name, "fields": changed},
    )
    return area


@transaction.atomic
def area_workers_set(*, actor: User, area: Area, workers: Iterable[User]) -> Area:
    """Assign exactly these social workers to the area; the action record names who was
    assigned and who no longer is."""
    _require_admin(actor)
    after = set(workers)
    before = set(area.workers.all())
    refused = [
        user for user in after - before if user.role != Role.SOCIAL_WORKER or not user.is_active
    ]
    if refused:
        raise ValidationError(
            {
                "workers": _("Only active social workers can be assigned to an area: %(names)s.")
                % {"names": ", ".join(_names(refused))}
            }
        )
    if after == before:
        return area
    area.workers.set(after)
    added, removed = after - before, before - after
    record_action(
        actor=actor,
        action=AREA_WORKERS_SET,
        subjects=[area, *added, *removed],
        details={"name": area.name, "added": _names(added), "removed": _names(removed)},
    )
    return area


@transaction.atomic
def user_password_change(*, actor: User, new_password: str) -> None:
    """The signed-in user chooses a new password for their own account (the old one was checked
    by the form); a one-time password given by the administrator stops being required."""
    try:
        validate_password(new_password, actor)
    except ValidationError as error:
        raise ValidationError({"new_password1": error.messages}) from error
    actor.set_password(new_password)
    actor.password_change_required = False
    _as_actor(actor, actor)
    actor.save(update_fields=["password", "password_change_required"])
    record_action(
        actor=actor,
        action=PASSWORD_CHANGE,
        subjects=[actor],
        details={"username": actor.username},
    )
