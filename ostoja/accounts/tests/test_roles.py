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


def test_the_architecture_documents_the_capabilities_as_they_are() -> None:
    """The table in docs/architecture.md is the policy reviewers read: it must match the code."""
    import re
    from pathlib import Path

    text = (Path(__file__).resolve().parents[3] / "docs" / "architecture.md").read_text()
    table = text.split("<!-- capabilities table")[1].split("<!-- end of capabilities table")[0]
    rows = [line for line in table.splitlines() if line.startswith("| ")]
    header = [cell.strip().strip("`") for cell in rows[0].strip("|").split("|")]
    documented = {}
    for row in rows[2:]:  # after the header and its separator
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        code = re.search(r"`(\w+)`", cells[0])
        assert code, row
        documented[Role(code.group(1))] = {
            Capability(name) for name, cell in zip(header[1:-1], cells[1:-1], strict=True) if cell
        }
    assert documented == {role: set(capabilities) for role, capabilities in CAPABILITIES.items()}
    assert set(header[1:-1]) == {capability.value for capability in Capability}
