"""What the page benchmarks share: a client signed in as after a real login, and the percentile
of a row of timings. Imported after the script has set Django up."""

import statistics

from django.test import Client

from ostoja.accounts.models import User


def signed_in(user: User) -> Client:
    """A client signed in as `user` with the second factor passed, as after a real login."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _ = TOTPDevice.objects.get_or_create(
        user=user, confirmed=True, defaults={"name": "benchmark"}
    )
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def percentile(values: list[float], share: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(share * 100) - 1]
