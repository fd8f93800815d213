"""The second step of the login: enrolment, the code, recovery codes, lockout, 12-hour limit."""

import time

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client, override_settings
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ostoja.accounts.middleware import LOGIN_TIME_KEY
from ostoja.accounts.models import User
from ostoja.core.models import ActionRecord

LOGIN = reverse("accounts:login")
CODE = reverse("accounts:second_factor")
ENROL = reverse("accounts:enrol")
HOME = reverse("registry:home")


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def password_step(client: Client, user: User, password: str) -> None:
    response = client.post(LOGIN, {"username": user.username, "password": password})
    assert response.status_code == 302


def test_password_alone_reaches_no_page(
    client: Client, social_worker: User, staff_password: str
) -> None:
    TOTPDevice.objects.create(user=social_worker, name="telefon")
    password_step(client, social_worker, staff_password)
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"] == f"{CODE}?next=/"


def test_code_step_with_the_current_code_opens_the_start_page(
    client: Client, social_worker: User, staff_password: str
) -> None:
    device = TOTPDevice.objects.create(user=social_worker, name="telefon")
    password_step(client, social_worker, staff_password)
    response = client.post(CODE, {"code": current_code(device), "next": HOME})
    assert response.status_code == 302
    assert response["Location"] == HOME
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get(HOME).status_code == 200


def test_wrong_code_is_shown_at_the_field(
    client: Client, social_worker: User, staff_password: str
) -> None:
    device = TOTPDevice.objects.create(user=social_worker, name="telefon")
    password_step(client, social_worker, staff_password)
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    response = client.post(CODE, {"code": wrong})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["code"] == [
        gettext("The code is wrong or has expired. Enter the current one.")
    ]
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_brute_forced_code_locks_the_account_out(
    client: Client, social_worker: User, staff_password: str
) -> None:
    """Limit 3 in tests: two wrong codes, then the third failure locks out, and a new password
    step does not clear the count."""
    device = TOTPDevice.objects.create(user=social_worker, name="telefon")
    right = current_code(device)
    wrong = f"{(int(right) + 500_000) % 1_000_000:06d}"
    password_step(client, social_worker, staff_password)
    assert client.post(CODE, {"code": wrong}).status_code == 200
    password_step(client, social_worker, staff_password)  # a new password does not reset
    assert client.post(CODE, {"code": wrong}).status_code == 200
    locked = client.post(CODE, {"code": wrong})
    assert locked.status_code in {403, 429}
    assert escape(gettext("Too many failed attempts")) in locked.content.decode()
    assert SESSION_KEY not in client.session
    refused = client.post(LOGIN, {"username": social_worker.username, "password": staff_password})
    assert refused.status_code in {403, 429}


def test_first_login_enrols_and_shows_ten_recovery_codes_once(
    client: Client, social_worker: User, staff_password: str
) -> None:
    password_step(client, social_worker, staff_password)
    assert client.get(CODE)["Location"] == f"{ENROL}?next=%2F"
    page = client.get(ENROL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html
    assert "<script" not in html.split("</head>")[1]
    device = TOTPDevice.objects.get(user=social_worker)
    assert not device.confirmed
    assert page.context["secret"].replace(" ", "") in device.config_url
    response = client.post(ENROL, {"code": current_code(device), "next": HOME})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    codes_page = client.get(response["Location"])
    codes = codes_page.context["codes"]
    assert len(codes) == 10
    assert sorted(
        StaticToken.objects.filter(device__user=social_worker).values_list("token", flat=True)
    ) == sorted(codes)
    assert codes[0] in codes_page.content.decode()
    assert client.get(response["Location"]).status_code == 302  # shown once
    assert client.get(HOME).status_code == 200
    action = ActionRecord.objects.get(action="accounts.second_factor_enrol")
    assert action.actor == social_worker


def test_recovery_code_works_once(client: Client, social_worker: User, staff_password: str) -> None:
    TOTPDevice.objects.create(user=social_worker, name="telefon")
    device = StaticDevice.objects.create(user=social_worker, name="kody")
    device.token_set.create(token="abcd2345")
    password_step(client, social_worker, staff_password)
    assert client.post(CODE, {"code": "ABCD 2345"})["Location"] == HOME
    client.post(reverse("accounts:logout"))
    password_step(client, social_worker, staff_password)
    assert client.post(CODE, {"code": "abcd2345"}).status_code == 200


@override_settings(OSTOJA_REQUIRE_2FA=False)
def test_without_the_setting_the_password_is_enough(
    client: Client, social_worker: User, staff_password: str
) -> None:
    response = client.post(LOGIN, {"username": social_worker.username, "password": staff_password})
    assert response["Location"] == HOME
    assert client.get(HOME).status_code == 200


def test_production_settings_require_the_second_factor_whatever_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import importlib

    import config.settings.base

    monkeypatch.setenv("OSTOJA_REQUIRE_2FA", "false")
    monkeypatch.setenv("OSTOJA_DEBUG", "true")
    monkeypatch.setenv("OSTOJA_SECRET_KEY", "k" * 30 + "-production-test-" + "q" * 30)
    importlib.reload(config.settings.base)
    assert config.settings.base.OSTOJA_REQUIRE_2FA is False  # the environment was read
    production = importlib.import_module("config.settings.production")
    production = importlib.reload(production)
    assert production.OSTOJA_REQUIRE_2FA is True
    assert production.DEBUG is False
    assert "django_otp.middleware.OTPMiddleware" in production.MIDDLEWARE
    monkeypatch.delenv("OSTOJA_REQUIRE_2FA")
    monkeypatch.delenv("OSTOJA_DEBUG")
    importlib.reload(config.settings.base)


def test_production_settings_refuse_to_start_without_a_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import importlib
    import sys

    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.delenv("OSTOJA_SECRET_KEY", raising=False)
    monkeypatch.delitem(sys.modules, "config.settings.production", raising=False)
    with pytest.raises(ImproperlyConfigured):
        importlib.import_module("config.settings.production")


@override_settings(OSTOJA_REQUIRE_2FA=True)
def test_with_the_production_value_a_password_alone_is_refused(
    client: Client, social_worker: User, staff_password: str
) -> None:
    password_step(client, social_worker, staff_password)
    assert client.get(HOME)["Location"] == f"{CODE}?next=/"


def test_session_ends_twelve_hours_after_login(
    client: Client, social_worker: User, staff_password: str
) -> None:
    device = TOTPDevice.objects.create(user=social_worker, name="telefon")
    password_step(client, social_worker, staff_password)
    client.post(CODE, {"code": current_code(device)})
    assert client.get(HOME).status_code == 200
    session = client.session
    session[LOGIN_TIME_KEY] = int(time.time()) - 12 * 3600 - 60
    session.save()
    response = client.get(HOME)
    assert response["Location"] == f"{LOGIN}?koniec=sesja"
    assert SESSION_KEY not in client.session
    page = client.get(response["Location"])
    assert "trwa najwyżej 12 godz. od zalogowania" in page.content.decode()


@pytest.mark.parametrize("path", [CODE, ENROL])
def test_code_pages_send_anonymous_users_to_the_login(client: Client, db: None, path: str) -> None:
    assert client.get(path)["Location"] == reverse("accounts:login")
