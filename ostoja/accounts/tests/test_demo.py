"""The demo's fixed authenticator keys and the commands that show the codes."""

import io

import pytest
from django.core.management import CommandError, call_command
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from ostoja.accounts.demo import demo_devices, demo_key, demo_secret
from ostoja.accounts.models import User


def test_demo_key_is_fixed_per_user_name() -> None:
    assert demo_key("kierownik") == demo_key("kierownik")
    assert demo_key("kierownik") != demo_key("socjalny1")
    assert len(demo_key("kierownik")) == 20
    assert len(demo_secret("kierownik")) == 32  # 20 bytes in base32, no padding


def test_only_accounts_with_their_demo_password_get_a_demo_key(
    director: User, social_worker: User, staff_password: str
) -> None:
    devices = demo_devices([(director, staff_password), (social_worker, "not-the-password")])
    assert list(devices) == [director.username]
    assert bytes(devices[director.username].bin_key) == demo_key(director.username)
    assert not TOTPDevice.objects.filter(user=social_worker).exists()
    again = demo_devices([(director, staff_password)])
    assert again[director.username].pk == devices[director.username].pk


def test_demo_code_prints_the_current_code(director: User, staff_password: str) -> None:
    demo_devices([(director, staff_password)])
    output = io.StringIO()
    call_command("demo_code", director.username, stdout=output)
    expected = f"{totp(demo_key(director.username)):06d}"
    assert output.getvalue().strip() == expected


def test_demo_code_refuses_an_account_without_the_demo_key(social_worker: User) -> None:
    TOTPDevice.objects.create(user=social_worker, name="telefon")
    with pytest.raises(CommandError):
        call_command("demo_code", social_worker.username, stdout=io.StringIO())
