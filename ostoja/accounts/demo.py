"""The demo's second factor: fixed authenticator secrets for the demo accounts.

`make run` shows the demo without anyone's phone: each demo account gets a confirmed TOTP device
whose secret is derived from its user name (so it stays the same after the demo is loaded
again, and an authenticator app set up once keeps working). `manage.py demo_code <user>` prints
the current code. Only accounts that still have their demo password are touched: a real account
that happens to share a demo user name is never given a known secret.
"""

import base64
import hashlib
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from ostoja.core.actions import action_kind, record_action

DEMO_DEVICE_NAME = "Demo (stały klucz)"

DEMO_SECOND_FACTOR = action_kind(
    "accounts.demo_second_factor",
    _("Demo second factor set up"),
    _("%(username)s: authenticator with the demo key"),
)


def demo_key(username: str) -> bytes:
    """20 bytes fixed for the user name: the demo's secret, not a secret at all."""
    return hashlib.sha256(f"ostoja-demo-totp:{username}".encode()).digest()[:20]


def demo_secret(username: str) -> str:
    """The demo key in base32, as an authenticator app takes it when typed by hand."""
    return base64.b32encode(demo_key(username)).decode().rstrip("=")


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):0{device.digits}d}"


def is_demo_account(user: Any, password: str) -> bool:
    return bool(user.check_password(password))


@transaction.atomic
def demo_second_factor_ensure(*, actor: Any) -> TOTPDevice:
    """The actor's demo authenticator, confirmed, with the demo key (made if missing)."""
    key = demo_key(actor.username).hex()
    device = TOTPDevice.objects.filter(user=actor, key=key, confirmed=True).first()
    if device is not None:
        return device
    TOTPDevice.objects.filter(user=actor).delete()
    device = TOTPDevice(user=actor, name=DEMO_DEVICE_NAME, key=key, confirmed=True)
    device.full_clean()
    device.save()
    record_action(
        actor=actor,
        action=DEMO_SECOND_FACTOR,
        subjects=[actor],
        details={"username": actor.username},
    )
    return device


def demo_devices(users: Iterable[tuple[Any, str]]) -> dict[str, TOTPDevice]:
    """For each (user, demo password) whose password is still the demo one, its device."""
    return {
        user.username: demo_second_factor_ensure(actor=user)
        for user, password in users
        if is_demo_account(user, password)
    }
