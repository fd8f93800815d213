"""The second factor's mechanics the staff administration relies on."""

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from ostoja.accounts import security
from ostoja.accounts.models import User


def test_status_follows_the_devices(social_worker: User) -> None:
    assert security.second_factor_status(social_worker) == security.NONE
    device = TOTPDevice.objects.create(user=social_worker, name="telefon", confirmed=False)
    assert security.second_factor_status(social_worker) == security.PENDING
    device.confirmed = True
    device.save()
    assert security.second_factor_status(social_worker) == security.ACTIVE


def test_delete_removes_only_that_users_devices(social_worker: User, director: User) -> None:
    TOTPDevice.objects.create(user=social_worker, name="telefon")
    StaticDevice.objects.create(user=social_worker, name="kody")
    TOTPDevice.objects.create(user=director, name="telefon")
    assert security.delete_second_factor_devices(social_worker) == 2
    assert not TOTPDevice.objects.filter(user=social_worker).exists()
    assert not StaticDevice.objects.filter(user=social_worker).exists()
    assert security.second_factor_status(director) == security.ACTIVE


def test_end_sessions_signs_out_only_that_user(social_worker: User, director: User) -> None:
    worker_a, worker_b, boss = Client(), Client(), Client()
    worker_a.force_login(social_worker)
    worker_b.force_login(social_worker)
    boss.force_login(director)
    assert security.end_sessions(social_worker) == 2
    remaining = [s.get_decoded().get(SESSION_KEY) for s in Session.objects.all()]
    assert remaining == [str(director.pk)]
