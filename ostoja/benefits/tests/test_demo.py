"""The demo's benefits: a living centre, where the clients are mostly within the criterion, with
awards in force and this month's applications and decisions in every state, loaded once."""

import datetime
import io
import statistics
from collections.abc import Iterator

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from pytest_django import DjangoDbBlocker

from ostoja.accounts.models import User
from ostoja.benefits import demo as benefits_demo
from ostoja.benefits.catalogue import Act
from ostoja.benefits.models import (
    Application,
    Assessment,
    Award,
    Decision,
    DecisionKind,
    DecisionState,
)
from ostoja.benefits.services import reindex
from ostoja.casework.models import CaseFile
from ostoja.core.demo import DEMO_SEEDERS
from ostoja.registry.demo.clients import net_income_per_person
from ostoja.registry.models import Household

TODAY = datetime.date(2026, 6, 17)


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[str]:
    """Seed once for the module on a fixed day, inside a transaction rolled back at the end."""
    output = io.StringIO()
    with (
        time_machine.travel(datetime.datetime(2026, 6, 17, 10, 0, tzinfo=datetime.UTC), tick=False),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        call_command("seed_demo", stdout=output)
        yield output.getvalue()
        transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


def test_the_seeder_runs_after_the_social_work() -> None:
    assert DEMO_SEEDERS["benefits"].seed is benefits_demo.seed
    assert DEMO_SEEDERS["benefits"].order > DEMO_SEEDERS["casework"].order


def test_the_centres_clients_are_the_poorer_families(demo: str) -> None:
    households = list(Household.objects.all())
    income = net_income_per_person(households, TODAY)
    clients = set(CaseFile.objects.values_list("household_id", flat=True))
    of_clients = [income[h] for h in income if h in clients]
    of_others = [income[h] for h in income if h not in clients]
    assert statistics.median(of_clients) < statistics.median(of_others)


def test_pensioners_have_a_permanent_allowance_in_force_from_a_paper_decision(demo: str) -> None:
    # The payments' demo records two undue-benefit decisions from paper too.
    imported = Decision.objects.filter(imported=True, kind=DecisionKind.GRANT)
    assert imported.count() == benefits_demo.PENSIONERS
    assert set(imported.values_list("state", flat=True)) == {DecisionState.FINAL}
    in_force = Award.objects.filter(benefit="zasilek_staly", decision__imported=True)
    assert in_force.filter(valid_from__lte=TODAY).count() == benefits_demo.PENSIONERS


def test_the_pensioners_reindexation_of_2025_is_signed_by_the_director(demo: str) -> None:
    """The re-indexation for the criteria of 1 January 2025 on the demo: a changing decision
    drafted for every pensioner, and the director, authorised, signs every one: each has the
    environmental interview the signature asks for (art. 106 ust. 4 u.p.s.)."""
    clerk = User.objects.get(username="swiadczenia")
    director = User.objects.get(username="kierownik")
    with transaction.atomic():  # the other tests see the demo as it was seeded
        run = reindex.reindexation_start(actor=clerk, effective_on=datetime.date(2025, 1, 1))
        reindex.reindexation_run(run.pk)
        run.refresh_from_db()
        assert run.changed == benefits_demo.PENSIONERS
        result = reindex.reindexation_sign_all(actor=director, reindexation=run)
        assert result.refused == []
        assert len(result.signed) == benefits_demo.PENSIONERS
        transaction.set_rollback(True)


def test_this_months_applications_are_mostly_granted(demo: str) -> None:
    applications = Application.objects.exclude(decisions__imported=True).distinct()
    assert applications.filter(act=Act.SOCIAL_ASSISTANCE).count() == 30
    assessed = Assessment.objects.filter(benefit="zasilek_okresowy")
    eligible = assessed.filter(eligible=True).count()
    # The 24 poorest client families and six others: most are within the criterion.
    assert eligible >= assessed.count() * 2 // 3
    assert assessed.filter(eligible=False).exists()


def test_decisions_are_in_every_state_of_the_procedure(demo: str) -> None:
    current = Decision.objects.filter(imported=False)
    states = set(current.values_list("state", flat=True))
    assert {
        DecisionState.DRAFT,
        DecisionState.FOR_APPROVAL,
        DecisionState.SIGNED,
        DecisionState.DELIVERED,
        DecisionState.FINAL,
    } <= states
    assert {DecisionKind.GRANT, DecisionKind.REFUSAL} <= set(current.values_list("kind", flat=True))
    numbers = list(current.exclude(number="").values_list("number", flat=True))
    assert len(numbers) == len(set(numbers))


def test_families_apply_for_the_family_allowance_of_the_running_period(demo: str) -> None:
    # The period from 1 November 2025 to 31 October 2026 runs on 17 June 2026; its base year is
    # 2024, the calendar year before the period (art. 3 pkt 2 u.ś.r.).
    applications = Application.objects.filter(act=Act.FAMILY_BENEFITS)
    assert applications.count() == len(benefits_demo.FAMILY_STAGES)
    assert set(applications.values_list("benefit_period_start", flat=True)) == {
        datetime.date(2025, 11, 1)
    }
    assessed = Assessment.objects.filter(benefit="zasilek_rodzinny")
    assert set(assessed.values_list("period_start", flat=True)) == {datetime.date(2024, 1, 1)}
    granted = Decision.objects.filter(act=Act.FAMILY_BENEFITS, kind=DecisionKind.GRANT)
    assert granted.exists()
    for decision in granted:
        line = decision.lines.get()
        assert line.period_to == datetime.date(2026, 10, 31)
        assert decision.operative.startswith("Przyznaje się")
