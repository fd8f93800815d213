from typing import Any

import pytest

from ostoja.accounts.models import User
from ostoja.accounts.roles import CAPABILITIES, ROLES_SEEING_ALL_HOUSEHOLDS, Capability, Role


def _user(**fields: Any) -> User:
    fields.setdefault("username", f"user{User.objects.count()}")
    return User.objects.create(**fields)


def test_every_role_has_its_capabilities() -> None:
    assert set(CAPABILITIES) == set(Role)
    for capabilities in CAPABILITIES.values():
        assert Capability.SIGNED_IN in capabilities


@pytest.mark.parametrize(
    ("role", "view", "edit", "log"),
    [
        (Role.DIRECTOR, True, True, False),
        (Role.SOCIAL_WORKER, True, True, False),
        (Role.BENEFITS_CLERK, True, True, False),
        (Role.ACCOUNTING, True, False, False),
        (Role.ADMINISTRATOR, False, False, False),
        (Role.DATA_PROTECTION_OFFICER, False, False, True),
    ],
)
def test_capabilities_by_role(db: None, role: Role, view: bool, edit: bool, log: bool) -> None:
    user = _user(role=role)
    assert user.has_capability(Capability.REGISTRY_VIEW) is view
    assert user.has_capability(Capability.REGISTRY_EDIT) is edit
    assert user.has_capability(Capability.ACCESS_LOG_VIEW) is log
    assert user.sees_all_households is (role in ROLES_SEEING_ALL_HOUSEHOLDS)
    assert user.is_social_worker is (role == Role.SOCIAL_WORKER)


def test_inactive_or_roleless_user_may_do_nothing(db: None) -> None:
    assert not _user(role=Role.DIRECTOR, is_active=False).has_capability("signed_in")
    assert not _user(role="").has_capability("signed_in")


def test_str_is_the_full_name(db: None) -> None:
    assert str(_user(first_name="Ewa", last_name="Nowak")) == "Ewa Nowak"
    assert str(_user(username="ktos", first_name="", last_name="")) == "ktos"
