"""Logging in and out, lockout, session and password settings."""

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.test import Client, override_settings
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext

from ostoja.accounts.models import User

LOGIN = reverse("accounts:login")
LOGOUT = reverse("accounts:logout")


def test_login_page_is_public(client: Client, db: None) -> None:
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()


def test_login_with_the_right_password_goes_to_the_code_step(
    client: Client, social_worker: User, staff_password: str
) -> None:
    response = client.post(LOGIN, {"username": social_worker.username, "password": staff_password})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:second_factor") + "?next=%2F"
    assert client.session[SESSION_KEY] == str(social_worker.pk)


def test_signed_in_user_is_sent_on_from_the_login_page(
    login: Callable[[User], Client], social_worker: User
) -> None:
    response = login(social_worker).get(LOGIN)
    assert response.status_code == 302


def test_wrong_password_shows_the_message(client: Client, social_worker: User) -> None:
    response = client.post(LOGIN, {"username": social_worker.username, "password": "wrong"})
    assert response.status_code == 200
    message = gettext("Wrong user name or password. Both are case-sensitive.")
    assert escape(message) in response.content.decode()
    assert SESSION_KEY not in client.session


def test_lockout_after_the_failure_limit(
    client: Client, social_worker: User, staff_password: str
) -> None:
    assert settings.AXES_FAILURE_LIMIT == 3
    data = {"username": social_worker.username, "password": "wrong"}
    responses = [client.post(LOGIN, data) for _ in range(settings.AXES_FAILURE_LIMIT)]
    assert [r.status_code for r in responses[:-1]] == [200, 200]
    locked = responses[-1]
    assert locked.status_code in {403, 429}
    assert "accounts/locked_out.html" in [t.name for t in locked.templates]
    assert escape(gettext("Too many failed attempts")) in locked.content.decode()
    # Even the right password is refused while locked.
    right = client.post(LOGIN, {"username": social_worker.username, "password": staff_password})
    assert right.status_code in {403, 429}
    assert SESSION_KEY not in client.session


def test_lockout_is_per_user_name_not_per_address(
    client: Client, social_worker: User, director: User, staff_password: str
) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": social_worker.username, "password": "wrong"})
    response = client.post(LOGIN, {"username": director.username, "password": staff_password})
    assert response.status_code == 302


def test_logout_needs_post_and_ends_the_session(
    login: Callable[[User], Client], social_worker: User
) -> None:
    client = login(social_worker)
    assert client.get(LOGOUT).status_code == 405
    response = client.post(LOGOUT)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert SESSION_KEY not in client.session


def test_logout_tells_the_browser_to_forget_offline_copies(
    login: Callable[[User], Client], social_worker: User
) -> None:
    """The interview copies kept for work without a connection go with the session."""
    response = login(social_worker).post(LOGOUT)
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'


def test_logout_anonymous_goes_to_login(client: Client, db: None) -> None:
    response = client.post(LOGOUT)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_logout_open_also_half_way_through_the_login(
    login: Callable[[User], Client], roleless: User
) -> None:
    """Signing out needs no capability: a roleless account, or one still at the code step."""
    client = login(roleless)
    assert client.post(LOGOUT).status_code == 302
    assert SESSION_KEY not in client.session


def test_session_ends_after_30_idle_minutes() -> None:
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_session_cookie_is_renewed_on_every_request(
    login: Callable[[User], Client], social_worker: User
) -> None:
    client = login(social_worker)
    response = client.get(reverse("registry:home"))
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie.value
    assert cookie["httponly"]


def test_passwords_are_hashed_with_argon2_in_the_base_settings() -> None:
    from config.settings import base

    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


@override_settings(OSTOJA_LOGIN_FAILURE_LIMIT_PER_ADDRESS=4)
def test_an_address_is_locked_after_its_own_higher_limit(
    client: Client, social_worker: User, director: User, staff_password: str
) -> None:
    """Limit 3 per user name (tests) and, here, 4 per address: two failures each for two
    accounts pass the name limit, and the fourth failure locks the address for everyone."""
    for user in (social_worker, director):
        for _ in range(2):
            response = client.post(LOGIN, {"username": user.username, "password": "wrong"})
    assert response.status_code in {403, 429}
    other = User.objects.create_user("trzeci", password=staff_password, role="kierownik")
    refused = client.post(LOGIN, {"username": other.username, "password": staff_password})
    assert refused.status_code in {403, 429}
    elsewhere = Client(REMOTE_ADDR="10.0.0.9")
    allowed = elsewhere.post(LOGIN, {"username": other.username, "password": staff_password})
    assert allowed.status_code == 302
