"""Fixtures of the privacy tests: an officer, a social worker, synthetic persons and log rows."""

import datetime
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from django.test import Client

from ostoja.accounts.models import User
from ostoja.core.models import AccessLog, AccessLogPerson
from ostoja.registry.demo.identifiers import pesel_for
from ostoja.registry.models import Person
from ostoja.registry.services import person_create

PASSWORD = "synthetic-password-1"
BACKEND = "django.contrib.auth.backends.ModelBackend"


def make_pesel(birth_date: datetime.date, serial: int, *, sex: str = "K") -> str:
    """A synthetic PESEL with a correct check digit (never a real person's number)."""
    return pesel_for(birth_date, sex, serial)


@pytest.fixture
def officer(db: None) -> User:
    return User.objects.create_user(
        "iod.nowak", password=PASSWORD, role="iod", first_name="Irena", last_name="Nowak"
    )


@pytest.fixture
def worker(db: None) -> User:
    return User.objects.create_user(
        "ps.kowalska",
        password=PASSWORD,
        role="pracownik_socjalny",
        first_name="Anna",
        last_name="Kowalska",
    )


@pytest.fixture
def clerk(db: None) -> User:
    return User.objects.create_user(
        "sw.zielinski",
        password=PASSWORD,
        role="specjalista_swiadczen",
        first_name="Marek",
        last_name="Zieliński",
    )


def signed_in(user: User) -> Client:
    """A client signed in as the user with the second factor passed (a confirmed authenticator
    and the session key django-otp reads)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="telefon", confirmed=True)
    client = Client()
    client.force_login(user, backend=BACKEND)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def officer_client(officer: User) -> Client:
    return signed_in(officer)


@pytest.fixture
def worker_client(worker: User) -> Client:
    return signed_in(worker)


@pytest.fixture
def make_person(worker: User) -> Callable[..., Person]:
    counter = iter(range(1, 10_000))

    def make(surname: str, first_names: str = "Jan", **extra: Any) -> Person:
        birth_date = extra.pop("birth_date", datetime.date(1980, 5, 17))
        sex = extra.pop("sex", "M")
        data: dict[str, Any] = {
            "first_names": first_names,
            "surname": surname,
            "birth_date": birth_date,
            "sex": sex,
            **extra,
        }
        if "pesel" not in data and "document_number" not in data:
            data["pesel"] = make_pesel(birth_date, next(counter), sex=sex)
        return person_create(actor=worker, data=data)

    return make


def log(
    user: User,
    person: Person | int | Sequence[Person | int],
    what: str,
    route: str = "/osoby/1/",
) -> AccessLog:
    """An access event written as `record_access` writes it, showing one or more persons."""
    persons = [person] if isinstance(person, Person | int) else person
    ids = list(dict.fromkeys(p if isinstance(p, int) else p.pk for p in persons))
    event = AccessLog.objects.create(user=user, what=what, route=route, person_count=len(ids))
    AccessLogPerson.objects.bulk_create(AccessLogPerson(event=event, person_id=i) for i in ids)
    return event
