"""The invariants of social work held by the database itself, whichever client writes."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from ostoja.accounts.models import User
from ostoja.casework.models import (
    CaseFile,
    CaseReason,
    CaseState,
    ContractObligation,
    HelpReason,
    InterviewAnswers,
    InterviewKind,
    Referral,
    WorkerAssignment,
)
from ostoja.casework.tests.factories import (
    CaseFileFactory,
    ContractFactory,
    InstitutionFactory,
    InterviewFactory,
)
from ostoja.core.models import AppendOnlyError

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 3, 2)


def _refused(make: object) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        make()  # type: ignore[operator]


def test_the_art_7_dictionary_is_seeded_with_stable_codes() -> None:
    codes = set(HelpReason.objects.values_list("code", flat=True))
    assert {"ubostwo", "bezrobocie", "przemoc_domowa", "alkoholizm", "narkomania"} <= codes
    assert not HelpReason.objects.get(code="mlodziez_opuszczajaca_placowki").active


def test_one_case_file_per_household(social_worker: User) -> None:
    case = CaseFileFactory()
    _refused(lambda: CaseFile.objects.create(household=case.household, opened_on=DAY))


def test_a_closed_case_has_its_day_and_reason() -> None:
    case = CaseFileFactory(opened_on=DAY)
    case.state = CaseState.CLOSED
    _refused(case.save)
    case.closed_on, case.close_reason = DAY - datetime.timedelta(days=1), "zgon"
    _refused(case.save)
    case.closed_on = DAY
    case.save()


def test_one_current_worker_per_case(social_worker: User, other_social_worker: User) -> None:
    case = CaseFileFactory(worker=social_worker, opened_on=DAY)
    _refused(
        lambda: WorkerAssignment.objects.create(
            case=case, worker=other_social_worker, valid_from=DAY
        )
    )


def test_an_interview_refusal_needs_its_date_and_circumstances() -> None:
    _refused(lambda: InterviewFactory(kind=InterviewKind.REFUSED))


def test_an_update_names_the_interview_it_updates() -> None:
    _refused(lambda: InterviewFactory(kind=InterviewKind.UPDATE))


def test_a_deadline_cannot_come_before_the_need_was_known() -> None:
    _refused(lambda: InterviewFactory(need_known_on=DAY, due_on=DAY - datetime.timedelta(days=1)))


def test_the_answers_of_a_version_are_kept_once_and_never_changed(social_worker: User) -> None:
    interview = InterviewFactory()
    saved = InterviewAnswers.objects.create(
        interview=interview, version=1, answers={"I.H.1": "pomoc"}, saved_by=social_worker
    )
    _refused(
        lambda: InterviewAnswers.objects.create(
            interview=interview, version=1, answers={}, saved_by=social_worker
        )
    )
    saved.answers = {}
    with pytest.raises(AppendOnlyError):
        saved.save()


def test_amounts_and_dates_of_social_work_are_held() -> None:
    contract = ContractFactory()
    _refused(
        lambda: ContractObligation.objects.create(
            contract=contract, party="osrodek", description="opał", amount=-1
        )
    )
    contract.valid_to = contract.valid_from - datetime.timedelta(days=1)
    _refused(contract.save)
    institution = InstitutionFactory()
    _refused(
        lambda: Referral.objects.create(
            case=contract.case,
            person=contract.person,
            kind="psycholog",
            institution=institution,
            purpose="wsparcie",
            sent_on=DAY,
            answered_on=DAY - datetime.timedelta(days=1),
            sent_by=contract.worker,
        )
    )


@pytest.mark.postgres
def test_on_postgresql_the_same_reason_never_overlaps_for_the_same_person() -> None:
    case = CaseFileFactory()
    poverty = HelpReason.objects.get(code="ubostwo")
    CaseReason.objects.create(case=case, reason=poverty, valid_from=DAY)
    # The whole family (no person) counts as one subject: a second open "ubóstwo" is refused,
    _refused(lambda: CaseReason.objects.create(case=case, reason=poverty, valid_from=DAY))
    # and so is one that starts later while the first is still open.
    later = DAY + datetime.timedelta(days=30)
    _refused(lambda: CaseReason.objects.create(case=case, reason=poverty, valid_from=later))
    # Another reason at the same time is fine.
    CaseReason.objects.create(
        case=case, reason=HelpReason.objects.get(code="bezrobocie"), valid_from=DAY
    )


@pytest.mark.postgres
def test_on_postgresql_worker_assignments_never_overlap(
    social_worker: User, other_social_worker: User
) -> None:
    case = CaseFileFactory(opened_on=DAY)
    WorkerAssignment.objects.create(
        case=case, worker=social_worker, valid_from=DAY, valid_to=DAY + datetime.timedelta(days=9)
    )
    _refused(
        lambda: WorkerAssignment.objects.create(
            case=case,
            worker=other_social_worker,
            valid_from=DAY + datetime.timedelta(days=9),
            valid_to=DAY + datetime.timedelta(days=20),
        )
    )
    # The next worker from the day after the first one's last day: no overlap.
    WorkerAssignment.objects.create(
        case=case, worker=other_social_worker, valid_from=DAY + datetime.timedelta(days=10)
    )


@pytest.mark.postgres
def test_on_postgresql_a_trigger_refuses_changing_saved_answers(social_worker: User) -> None:
    interview = InterviewFactory()
    InterviewAnswers.objects.create(
        interview=interview, version=1, answers={}, saved_by=social_worker
    )
    from django.db import DatabaseError, connection

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE casework_interviewanswers SET answers = '{}'::jsonb")
