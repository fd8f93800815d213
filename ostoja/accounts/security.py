"""The mechanics of signing in: the second factor's devices and a user's sessions.

Policy (who may reset whose second factor, the action record) is the services' business
(`ostoja.accounts.services`); these functions only do the work.
"""

from typing import Any

from django.contrib.sessions.models import Session
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

NONE = "none"  # no second factor yet: enrolment at the next login
PENDING = "pending"  # enrolment begun (QR code shown), not confirmed with a code
ACTIVE = "active"


def second_factor_status(user: Any) -> str:
    devices = TOTPDevice.objects.devices_for_user(user, confirmed=None)
    if any(device.confirmed for device in devices):
        return ACTIVE
    return PENDING if devices.exists() else NONE


def delete_second_factor_devices(user: Any) -> int:
    """Remove the user's authenticator and recovery codes; the next login enrols anew."""
    deleted = 0
    for model in (TOTPDevice, StaticDevice):
        count, _ = model.objects.filter(user=user).delete()
        deleted += count
    return deleted


def end_sessions(user: Any) -> int:
    """Sign the user out everywhere: delete every unexpired session that belongs to them.

    Sessions are scanned and decoded rather than indexed by user: a centre has a few dozen
    staff and a session lives 12 hours at most, so the table stays small, and Django's own
    session store needs no extra bookkeeping at login.
    """
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
            ended += 1
    return ended


def clear_login_failures(user: Any) -> None:
    """Forget the user's failed attempts once both factors have passed (the lockout's count)."""
    from axes.utils import reset

    reset(username=user.get_username())
