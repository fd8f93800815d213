"""The demo municipality: believable, valid, loaded once, and visible only within each scope."""

import datetime
import io
import itertools
from collections import defaultdict
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Concat
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoDbBlocker
from stdnum import iban
from stdnum.pl import pesel as stdnum_pesel

from ostoja.accounts.demo import current_code, demo_second_factor_ensure
from ostoja.accounts.models import Area, User
from ostoja.accounts.roles import Role
from ostoja.registry.demo import AREA_TOWN, AREA_VILLAGES, DEMO_USERS, nrb_for, pesel_for
from ostoja.registry.management.commands import seed_demo
from ostoja.registry.models import (
    Household,
    Income,
    Membership,
    PaidAlimony,
    Person,
    Relation,
    Sex,
)
from ostoja.registry.selectors import households_visible_to

MODELS = (User, Area, Household, Person, Membership, Income, PaidAlimony)


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[str]:
    """Seed once for the module, inside a transaction rolled back at the end."""
    output = io.StringIO()
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", "--if-empty", stdout=output)
        yield output.getvalue()
        transaction.set_rollback(True)


def counts() -> dict[str, int]:
    return {model.__name__: model._default_manager.count() for model in MODELS}


@pytest.mark.django_db
def test_the_gmina_has_about_400_households_and_1100_persons(demo: str) -> None:
    assert "400 households" in demo
    assert 380 <= Household.objects.count() <= 430
    assert 1000 <= Person.objects.count() <= 1250
    assert Income.objects.count() > 3000
    assert PaidAlimony.objects.exists()
    assert Membership.objects.filter(valid_to__isnull=False).count() >= 40
    assert {a.name for a in Area.objects.all()} == {AREA_TOWN, AREA_VILLAGES}


@pytest.mark.django_db
def test_every_pesel_is_valid_and_matches_birth_date_and_sex(demo: str) -> None:
    for pesel, birth_date, sex in Person.objects.values_list("pesel", "birth_date", "sex"):
        assert pesel is not None
        assert stdnum_pesel.is_valid(pesel), pesel
        assert stdnum_pesel.get_birth_date(pesel) == birth_date
        assert stdnum_pesel.get_gender(pesel) == ("M" if sex == Sex.MALE else "F")
        assert birth_date <= timezone.localdate()


@pytest.mark.django_db
def test_every_bank_account_is_a_valid_nrb(demo: str) -> None:
    accounts = Person.objects.exclude(bank_account="").values_list("bank_account", flat=True)
    assert len(accounts) > 300
    for nrb in accounts:
        assert len(nrb) == 26
        assert nrb.isdigit()
        assert iban.is_valid("PL" + nrb), nrb


def test_identifier_helpers_cover_every_century() -> None:
    for day, sex in [
        (datetime.date(1899, 12, 31), Sex.MALE),
        (datetime.date(1950, 2, 28), Sex.FEMALE),
        (datetime.date(2024, 2, 29), Sex.MALE),
    ]:
        pesel = pesel_for(day, sex, 4321)
        assert stdnum_pesel.get_birth_date(pesel) == day
        assert stdnum_pesel.get_gender(pesel) == ("M" if sex == Sex.MALE else "F")
    assert iban.is_valid("PL" + nrb_for("10101010", "0000000000000001"))


@pytest.mark.django_db
def test_memberships_never_overlap_and_each_household_has_one_head(demo: str) -> None:
    by_person = defaultdict(list)
    for person_id, start, end in Membership.objects.values_list(
        "person_id", "valid_from", "valid_to"
    ):
        by_person[person_id].append((start, end or datetime.date.max))
    for spans in by_person.values():
        spans.sort()
        for (_, end), (start, _) in itertools.pairwise(spans):
            assert end < start
    moved = [spans for spans in by_person.values() if len(spans) > 1]
    assert len(moved) >= 10, "some persons moved between households"
    today = timezone.localdate()
    heads = Membership.objects.filter(relation=Relation.APPLICANT, valid_from__lte=today).exclude(
        valid_to__lt=today
    )
    assert heads.count() == Household.objects.count()
    assert heads.values("household").distinct().count() == Household.objects.count()


@pytest.mark.django_db
def test_incomes_are_for_the_last_six_full_months(demo: str) -> None:
    # The benefits' demo adds the month before its pensioners' applications of October 2024.
    recent = Income.objects.exclude(month=datetime.date(2024, 9, 1))
    months = sorted(set(recent.values_list("month", flat=True)))
    assert len(months) == 6
    assert months[-1] < timezone.localdate().replace(day=1)
    for income in Income.objects.all()[:500]:
        assert income.net >= 0


@pytest.mark.django_db
def test_a_second_run_changes_nothing(demo: str) -> None:
    before = counts()
    output = io.StringIO()
    call_command("seed_demo", stdout=output)
    call_command("seed_demo", "--if-empty", stdout=output)
    assert "Demo data already present" in output.getvalue()
    assert counts() == before


@pytest.mark.django_db
def test_if_empty_leaves_a_registry_with_households_alone(
    demo: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(seed_demo, "demo_present", lambda: False)  # other data, not the demo
    before = counts()
    output = io.StringIO()
    call_command("seed_demo", "--if-empty", stdout=output)
    assert "not loaded" in output.getvalue()
    assert counts() == before


@pytest.mark.django_db
def test_every_role_has_a_user_who_can_log_in(demo: str) -> None:
    assert {spec["role"] for spec in DEMO_USERS} == set(Role.values)
    for spec in DEMO_USERS:
        client = Client()
        request = RequestFactory().get("/")
        assert client.login(
            request=request, username=spec["username"], password=spec["password"]
        ), spec["username"]
        user = User.objects.get(username=spec["username"])
        assert user.role == spec["role"]
        # The second step with the demo key's current code (what `demo_code` prints).
        device = demo_second_factor_ensure(actor=user)
        client.post(reverse("accounts:second_factor"), {"code": current_code(device)})
        assert client.get("/").status_code == 200
    admin = User.objects.get(role=Role.ADMINISTRATOR)
    assert admin.is_staff
    assert admin.is_superuser


@pytest.mark.django_db
def test_each_social_worker_sees_only_the_households_of_their_area(demo: str) -> None:
    workers = User.objects.filter(role=Role.SOCIAL_WORKER)
    assert workers.count() == 2
    for worker in workers:
        area = Area.objects.get(workers=worker)
        visible = set(households_visible_to(worker).values_list("pk", flat=True))
        own = set(Household.objects.filter(area=area).values_list("pk", flat=True))
        assert visible == own
        assert 100 < len(own) < 300


@pytest.mark.django_db
def test_demo_logins_lists_the_logins_only_when_they_exist(demo: str) -> None:
    output = io.StringIO()
    call_command("demo_logins", stdout=output)
    for spec in DEMO_USERS:
        assert spec["username"] in output.getvalue()
        assert spec["password"] in output.getvalue()
    User.objects.filter(username__in=[s["username"] for s in DEMO_USERS]).update(
        username=Concat(Value("old-"), "username")
    )
    empty = io.StringIO()
    call_command("demo_logins", stdout=empty)
    assert empty.getvalue() == ""
