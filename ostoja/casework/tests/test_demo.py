"""The demo's social work: believable case files, interviews in every state with live deadlines
relative to the day of loading, contracts, notes and referrals, all valid and loaded once."""

import datetime
import io
from collections.abc import Iterator

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.db.models import Model
from pytest_django import DjangoDbBlocker

from ostoja.casework import demo as casework_demo
from ostoja.casework.deadlines import DeadlineStatus, deadline_status
from ostoja.casework.models import (
    CaseFile,
    CaseReason,
    ContractEnd,
    ContractObligation,
    ContractReview,
    ContractState,
    ContractVariant,
    CooperationEvent,
    CooperationEventKind,
    Interview,
    InterviewAttempt,
    InterviewKind,
    InterviewState,
    Referral,
    ReferralState,
    SocialContract,
    SocialWorkNote,
    WorkerAssignment,
)
from ostoja.core.demo import DEMO_SEEDERS
from ostoja.core.workdays import is_working_day
from ostoja.partners.models import Institution
from ostoja.registry.models import Household, Membership

# A Wednesday after a holiday-free stretch; every date of the demo is relative to it.
TODAY = datetime.date(2026, 6, 17)
OPEN_STATES = (InterviewState.PLANNED, InterviewState.IN_PROGRESS)


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


def test_the_seeder_is_registered_after_the_registry() -> None:
    assert DEMO_SEEDERS["casework"].seed is casework_demo.seed
    assert DEMO_SEEDERS["casework"].order == 20


def test_a_third_of_the_families_have_a_case_file_with_their_areas_worker(demo: str) -> None:
    assert "casework:" in demo
    households = Household.objects.count()
    cases = CaseFile.objects.count()
    assert households // 4 <= cases <= households // 2
    for case in CaseFile.objects.select_related("household__area"):
        assignment = WorkerAssignment.objects.get(case=case, valid_to__isnull=True)
        assert case.household.area.workers.filter(pk=assignment.worker_id).exists()
        assert TODAY - datetime.timedelta(days=37 * 31) <= case.opened_on <= TODAY
    assert CaseFile.objects.exclude(permanent_help_since=None).exists()


def test_reasons_for_help_fit_the_families(demo: str) -> None:
    codes = set(CaseReason.objects.values_list("reason__code", flat=True))
    assert {"ubostwo", "bezrobocie", "wielodzietnosc", "alkoholizm", "przemoc_domowa"} <= codes
    for row in CaseReason.objects.filter(reason__code="wielodzietnosc").select_related("case"):
        children = Membership.objects.current_on(TODAY).filter(
            household=row.case.household,
            relation__in=["dziecko", "wnuk"],
            person__birth_date__gt=datetime.date(2008, 6, 17),
        )
        assert children.count() >= 3


def test_interviews_in_every_state_with_deadlines_alive_on_the_day(demo: str) -> None:
    states = set(Interview.objects.values_list("state", flat=True))
    assert states == set(InterviewState.values)
    kinds = set(Interview.objects.values_list("kind", flat=True))
    assert {
        InterviewKind.FULL,
        InterviewKind.UPDATE,
        InterviewKind.REFUSED,
        InterviewKind.NOT_POSSIBLE,
    } <= kinds
    statuses = {
        deadline_status(due_on=i.due_on, today=TODAY)
        for i in Interview.objects.filter(state__in=OPEN_STATES)
    }
    assert {DeadlineStatus.OVERDUE, DeadlineStatus.OK} <= statuses
    assert statuses & {DeadlineStatus.SOON, DeadlineStatus.TODAY}
    for interview in Interview.objects.exclude(planned_on=None):
        assert interview.planned_on is not None
        assert is_working_day(interview.planned_on)
    done = Interview.objects.filter(kind=InterviewKind.FULL, conducted_on__isnull=False)
    assert done.count() > Interview.objects.filter(state__in=OPEN_STATES).count()
    for interview in done:
        assert interview.conducted_on is not None
        assert interview.need_known_on <= interview.conducted_on <= TODAY
        assert interview.answers["I.H.1"]
        assert interview.answers["I.I.1"]
        assert interview.answers["I.J.1"]
    updates = Interview.objects.filter(kind=InterviewKind.UPDATE).select_related("based_on")
    for update in updates:
        assert update.case.permanent_help_since is not None
        assert update.based_on is not None
        assert update.based_on.conducted_on is not None
        assert update.need_known_on > update.based_on.conducted_on + datetime.timedelta(days=170)


def test_refusals_have_their_cooperation_event_and_not_possible_its_attempts(demo: str) -> None:
    for interview in Interview.objects.filter(kind=InterviewKind.REFUSED):
        assert interview.refused_on
        assert interview.refusal_circumstances
        assert CooperationEvent.objects.filter(
            interview=interview, kind=CooperationEventKind.REFUSED_INTERVIEW
        ).exists()
    for interview in Interview.objects.filter(kind=InterviewKind.NOT_POSSIBLE):
        assert interview.attempts.count() >= 2


def test_contracts_with_both_sides_a_budget_reviews_one_broken_one_achieved(demo: str) -> None:
    contracts = SocialContract.objects.all()
    assert {c.variant for c in contracts} == set(ContractVariant.values)
    assert (
        contracts.filter(variant=ContractVariant.DIFFICULT_SITUATION).count()
        > contracts.filter(variant=ContractVariant.ACTIVATION).count()
    )
    for contract in contracts:
        parties = set(contract.obligations.values_list("party", flat=True))
        assert parties == {"klient", "osrodek"}
        assert contract.obligations.exclude(amount=None).exists()
    assert contracts.filter(state=ContractState.SIGNED).exists()
    assert ContractReview.objects.exists()
    broken = contracts.get(end_reason=ContractEnd.BROKEN)
    assert CooperationEvent.objects.filter(
        contract=broken, kind=CooperationEventKind.BROKEN_CONTRACT
    ).exists()
    assert contracts.filter(end_reason=ContractEnd.ACHIEVED).exists()


def test_notes_with_one_confidential_note_about_violence(demo: str) -> None:
    assert SocialWorkNote.objects.count() >= CaseFile.objects.count()
    confidential = SocialWorkNote.objects.get(confidential=True)
    assert confidential.case.reasons.filter(reason__code="przemoc_domowa").exists()
    assignment = WorkerAssignment.objects.get(case=confidential.case, valid_to__isnull=True)
    assert confidential.author_id == assignment.worker_id
    assert SocialWorkNote.objects.filter(occurred_on__gt=TODAY).count() == 0


def test_referrals_in_every_state_some_waiting_for_weeks(demo: str) -> None:
    assert Institution.objects.count() >= 10
    assert set(Referral.objects.values_list("state", flat=True)) == set(ReferralState.values)
    waiting = Referral.objects.filter(
        state__in=[ReferralState.SENT, ReferralState.ACCEPTED],
        feedback="",
        sent_on__lt=TODAY - datetime.timedelta(days=21),
    )
    assert waiting.exists()
    assert Referral.objects.exclude(feedback="").exists()


@pytest.mark.parametrize(
    "model",
    [
        CaseFile,
        CaseReason,
        WorkerAssignment,
        Interview,
        InterviewAttempt,
        SocialContract,
        ContractObligation,
        ContractReview,
        SocialWorkNote,
        CooperationEvent,
        Referral,
        Institution,
    ],
)
def test_every_record_is_valid(demo: str, model: type[Model]) -> None:
    rows = list(model._default_manager.all())
    assert rows
    for row in rows:
        row.full_clean()


def test_a_second_load_is_refused_and_adds_nothing(demo: str) -> None:
    before = (CaseFile.objects.count(), Interview.objects.count(), Institution.objects.count())
    output = io.StringIO()
    call_command("seed_demo", stdout=output)
    assert "Demo data already present" in output.getvalue()
    assert (
        CaseFile.objects.count(),
        Interview.objects.count(),
        Institution.objects.count(),
    ) == before
