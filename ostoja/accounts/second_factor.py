"""Enrolling the second factor: an authenticator app (TOTP) and ten recovery codes.

The services a user runs on their own account at first login. The mechanics the staff
administration uses (status, reset, ending sessions) are in `ostoja.accounts.security`.
"""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ostoja.core.actions import action_kind, record_action

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = "Aplikacja uwierzytelniająca"
RECOVERY_NAME = "Kody odzyskiwania"

SECOND_FACTOR_ENROL = action_kind(
    "accounts.second_factor_enrol",
    _("Second factor set up"),
    _("%(username)s: authenticator app and %(codes)s recovery codes"),
)


@transaction.atomic
def second_factor_begin(*, actor: Any) -> TOTPDevice:
    """The actor's unconfirmed authenticator, made now if enrolment has not begun yet.

    Nothing is recorded: an unconfirmed device signs no one in; the confirmation is recorded.
    """
    device = TOTPDevice.objects.filter(user=actor, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice(user=actor, name=AUTHENTICATOR_NAME, confirmed=False)
        device.full_clean()
        device.save()
    return device


@transaction.atomic
def second_factor_confirm(*, actor: Any, device: TOTPDevice) -> list[str]:
    """Confirm the authenticator (its code was checked by the caller) and issue recovery codes.

    Returns the recovery codes in clear: they are shown once and never again.
    """
    if device.user_id != actor.pk:
        raise ValueError("the device belongs to another user")
    TOTPDevice.objects.filter(user=actor).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.full_clean()
    device.save()
    StaticDevice.objects.filter(user=actor).delete()
    recovery = StaticDevice(user=actor, name=RECOVERY_NAME, confirmed=True)
    recovery.full_clean()
    recovery.save()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=recovery, token=code) for code in codes])
    record_action(
        actor=actor,
        action=SECOND_FACTOR_ENROL,
        subjects=[actor],
        details={"username": actor.username, "codes": len(codes)},
    )
    return codes


def secret_in_groups(device: TOTPDevice) -> str:
    """The base32 secret in groups of four, as typed into an app by hand."""
    import base64

    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
