"""Every role × every registry URL × a family in and out of the user's scope, as a page, as an
htmx fragment, as a POST, and as an export.

What a route needs is written here by hand (the capability the screen is for), not read from
the views; what a role has comes from the policy's table. A response that is refused must not
show anything of the family it was asked about.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from ostoja.accounts.models import User
from ostoja.accounts.roles import CAPABILITIES, Capability, Role
from ostoja.registry.models import Household
from ostoja.registry.tests.factories import IncomeFactory

pytestmark = pytest.mark.django_db

VIEW, EDIT, MERGE = Capability.REGISTRY_VIEW, Capability.REGISTRY_EDIT, Capability.REGISTRY_MERGE


@dataclass(frozen=True)
class Screen:
    name: str
    needs: Capability
    args: tuple[str, ...]  # household, person, membership
    query: str = ""
    post_only: bool = False


SCREENS = [
    Screen("registry:person_detail", VIEW, ("person",)),
    Screen("registry:person_edit", EDIT, ("person",)),
    Screen("registry:person_merge", MERGE, ("person",)),
    Screen("registry:household_detail", VIEW, ("household",)),
    Screen("registry:household_detail", VIEW, ("household",), "?dochody=wszystkie"),
    Screen("registry:household_edit", EDIT, ("household",)),
    Screen("registry:member_add", EDIT, ("household",)),
    Screen("registry:member_attach", EDIT, ("household",), post_only=True),
    Screen("registry:member_end", EDIT, ("household", "membership")),
    Screen("registry:member_edit", EDIT, ("household", "membership")),
    Screen("registry:head_change", EDIT, ("household",)),
    Screen("registry:income_add", EDIT, ("household",)),
    Screen("registry:income_remove", EDIT, ("household",), post_only=True),
    Screen("registry:alimony_set", EDIT, ("household",)),
]
# Roles by the fixtures of the root conftest; the social worker's area is the north.
ROLES = {
    "director": Role.DIRECTOR,
    "social_worker": Role.SOCIAL_WORKER,
    "benefits_clerk": Role.BENEFITS_CLERK,
    "accountant": Role.ACCOUNTING,
    "administrator": Role.ADMINISTRATOR,
    "iod": Role.DATA_PROTECTION_OFFICER,
}
HOW = ["page", "htmx", "post"]


def _url(screen: Screen, household: Household) -> str:
    head = household.memberships.order_by("pk").first()
    assert head is not None
    ids = {"household": household.pk, "person": head.person_id, "membership": head.pk}
    return reverse(screen.name, args=[ids[arg] for arg in screen.args]) + screen.query


def _ask(client: Client, url: str, how: str) -> int:
    if how == "post":
        return client.post(url, {}).status_code
    headers = {"HX-Request": "true"} if how == "htmx" else {}
    status: int = client.get(url, headers=headers).status_code
    return status


def _expected(role: Role, screen: Screen, *, in_scope: bool, how: str) -> set[int]:
    if screen.needs not in CAPABILITIES[role]:
        return {403}
    if screen.post_only and how != "post":
        return {405}  # refused before any record is looked up: it tells nothing
    if role == Role.SOCIAL_WORKER and not in_scope:
        return {404}
    # A GET of a POST-only screen is 405; an empty POST re-renders the form (200) or redirects
    # with a message (302); a POST naming no record is 404.
    return {200, 302, 404, 405}


@pytest.mark.parametrize("fixture", list(ROLES))
@pytest.mark.parametrize("how", HOW)
def test_every_role_on_every_screen_in_and_out_of_scope(
    request: pytest.FixtureRequest,
    login: Callable[[User], Client],
    household_north: Household,
    household_south: Household,
    fixture: str,
    how: str,
) -> None:
    user = request.getfixturevalue(fixture)
    role = ROLES[fixture]
    client = login(user)
    IncomeFactory(person=household_south.memberships.first().person)  # type: ignore[union-attr]
    south_names = {m.person.surname for m in household_south.memberships.select_related("person")}
    failures = []
    for screen in SCREENS:
        for household, in_scope in ((household_north, True), (household_south, False)):
            if role == Role.SOCIAL_WORKER or in_scope:
                url = _url(screen, household)
                status = _ask(client, url, how)
                expected = _expected(role, screen, in_scope=in_scope, how=how)
                if status not in expected:
                    failures.append(f"{how} {url}: {status}, expected {sorted(expected)}")
                if status in (403, 404) and how != "post":
                    body = client.get(url).content.decode()
                    leaked = [name for name in south_names if not in_scope and name in body]
                    if leaked:
                        failures.append(f"{url} shows {leaked}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("fixture", list(ROLES))
@pytest.mark.parametrize(
    "url",
    [
        "/?format=csv",
        "/?format=xlsx",
        "/szukaj/?q=Kowal&format=csv",
        "/szukaj/?q=Kowal&format=xlsx",
    ],
)
def test_exports_hold_only_the_users_scope(
    request: pytest.FixtureRequest,
    login: Callable[[User], Client],
    household_north: Household,
    household_south: Household,
    fixture: str,
    url: str,
) -> None:
    user = request.getfixturevalue(fixture)
    role = ROLES[fixture]
    response = login(user).get(url)
    if VIEW not in CAPABILITIES[role]:
        assert response.status_code in (200, 403)  # the start page without the registry
        assert b"Kowalski" not in b"".join(getattr(response, "streaming_content", [b""]))
        return
    assert response.status_code == 200
    if not url.endswith("csv"):
        return
    content = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    south = [m.person.surname for m in household_south.memberships.select_related("person")]
    north = [m.person.surname for m in household_north.memberships.select_related("person")]
    if role == Role.SOCIAL_WORKER:
        assert not any(name in content for name in south), content
    else:
        assert all(name in content for name in south + north), content


@pytest.mark.parametrize(
    "role", ["social_worker", "other_social_worker", "director", "accountant", "iod"]
)
def test_the_lazy_household_scope_is_the_same_set_as_the_eager_one(
    request: pytest.FixtureRequest,
    role: str,
    household_north: Household,
    household_south: Household,
    other_social_worker: User,
) -> None:
    from ostoja.registry.policy import households_in_scope_lazily, households_visible_to

    household_north.shared_with.add(other_social_worker)
    user = request.getfixturevalue(role)
    eager = set(households_visible_to(user).values_list("pk", flat=True))
    assert set(households_in_scope_lazily(user).values_list("pk", flat=True)) == eager
