"""Two saves of the same interview from the same version at once, on PostgreSQL with real
transactions and threads: one is saved, the other gets the conflict with the changed answer;
two corrections of the same version at once: one new version."""

import datetime
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from ostoja.casework.models import Interview, InterviewKind
from ostoja.casework.services import cases as case_services
from ostoja.casework.services import interviews as svc
from ostoja.casework.services.interviews import InterviewConflict
from ostoja.registry.tests.factories import AreaFactory, UserFactory, household_with_members

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _in_threads(*jobs: Callable[[], Any]) -> list[Any]:
    barrier = threading.Barrier(len(jobs))
    outcomes: list[Any] = [None] * len(jobs)

    def run(index: int, job: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=10)
            outcomes[index] = job()
        except Exception as error:  # the outcome under test
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def _started() -> tuple[Interview, Any]:
    area = AreaFactory(name="Rejon Zachód")
    worker = UserFactory(role="pracownik_socjalny", areas=[area])
    household = household_with_members(area=area, members=2)
    today = timezone.localdate()
    case = case_services.case_open(
        actor=worker, household=household, opened_on=today - datetime.timedelta(days=30)
    )
    interview = svc.interview_plan(
        actor=worker, case=case, kind=InterviewKind.FULL, need_known_on=today
    )
    return svc.interview_start(actor=worker, interview=interview, version=1), worker


def test_two_saves_from_the_same_version_one_wins_the_other_sees_the_conflict() -> None:
    interview, worker = _started()
    base = interview.version

    def save(text: str) -> Callable[[], Interview]:
        def job() -> Interview:
            mine = Interview.objects.get(pk=interview.pk)
            return svc.interview_save_answers(
                actor=worker, interview=mine, base_version=base, answers={"I.B.6": text}
            )

        return job

    outcomes = _in_threads(save("Czynsz."), save("Media."))
    saved = [o for o in outcomes if isinstance(o, Interview)]
    conflicts = [o for o in outcomes if isinstance(o, InterviewConflict)]
    assert len(saved) == 1, outcomes
    assert len(conflicts) == 1, outcomes
    assert conflicts[0].changed_keys == {"I.B.6"}
    assert conflicts[0].server_answers["I.B.6"] == saved[0].answers["I.B.6"]
    assert Interview.objects.get(pk=interview.pk).version == base + 1


def test_two_corrections_of_the_same_version_make_one_new_version() -> None:
    interview, worker = _started()
    interview = svc.interview_save_answers(
        actor=worker,
        interview=interview,
        base_version=interview.version,
        answers={"I.H.1": "Czynsz.", "I.I.1": "Bezrobocie.", "I.J.1": "Zasiłek."},
    )
    interview = svc.interview_complete(
        actor=worker,
        interview=interview,
        version=interview.version,
        conducted_on=timezone.localdate(),
        place="dom",
    )

    def correct() -> Interview:
        mine = Interview.objects.get(pk=interview.pk)
        return svc.interview_correct(actor=worker, interview=mine, reason="Błąd w kwocie.")

    outcomes = _in_threads(correct, correct)
    made = [o for o in outcomes if isinstance(o, Interview)]
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(made) == 1, outcomes
    assert len(refused) == 1, outcomes
    assert Interview.objects.filter(supersedes=interview).count() == 1
