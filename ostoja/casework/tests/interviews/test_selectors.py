"""Reads of the interviews: through the scope, with their versions, on the timeline."""

import datetime
from typing import Any

import pytest
from django.urls import reverse

from ostoja.casework.models import CaseFile, Interview, InterviewKind
from ostoja.casework.selectors import interviews as selectors
from ostoja.casework.services import interviews as svc

from .conftest import TODAY

pytestmark = pytest.mark.django_db

KNOWN = datetime.date(2026, 6, 1)


def _completed(case: CaseFile, worker: Any) -> Interview:
    interview = svc.interview_plan(
        actor=worker, case=case, kind=InterviewKind.FULL, need_known_on=KNOWN
    )
    interview = svc.interview_start(actor=worker, interview=interview, version=1)
    interview = svc.interview_save_answers(
        actor=worker,
        interview=interview,
        base_version=interview.version,
        answers={"I.H.1": "Czynsz.", "I.I.1": "Bezrobocie.", "I.J.1": "Zasiłek.", "OM.A.1": "50"},
    )
    return svc.interview_complete(
        actor=worker,
        interview=interview,
        version=interview.version,
        conducted_on=datetime.date(2026, 6, 10),
        place="dom",
    )


def test_interview_get_reads_through_the_scope(
    case: CaseFile, social_worker: Any, other_social_worker: Any
) -> None:
    interview = _completed(case, social_worker)
    assert selectors.interview_get(social_worker, interview.pk) == interview
    with pytest.raises(Interview.DoesNotExist):
        selectors.interview_get(other_social_worker, interview.pk)


def test_chains_put_open_interviews_first_with_their_earlier_versions(
    case: CaseFile, social_worker: Any
) -> None:
    first = _completed(case, social_worker)
    second = svc.interview_correct(actor=social_worker, interview=first, reason="Błąd.")
    second = svc.interview_complete(
        actor=social_worker,
        interview=second,
        version=second.version,
        conducted_on=datetime.date(2026, 6, 10),
        place="dom",
    )
    third = svc.interview_correct(actor=social_worker, interview=second, reason="Znowu.")
    other = svc.interview_plan(
        actor=social_worker, case=case, kind=InterviewKind.FAMILY_BENEFITS, need_known_on=TODAY
    )
    chains = selectors.interview_chains(social_worker, case)
    assert [c.current for c in chains] == [other, third]
    assert chains[1].earlier == [second, first]
    assert chains[0].deadline is not None
    assert selectors.versions_of(second) == [first, second, third]
    titles = {entry.title for entry in selectors.timeline(case, social_worker)}
    assert "Korekta: wywiad pełny" in titles


def test_a_refusal_on_the_timeline(case: CaseFile, social_worker: Any) -> None:
    refused = svc.interview_record_refusal(
        actor=social_worker,
        case=case,
        refused_on=datetime.date(2026, 6, 12),
        circumstances="Odmowa przy drzwiach.",
        assessment="Bez uzasadnienia.",
    )
    (entry,) = selectors.timeline(case, social_worker)
    assert entry.on == datetime.date(2026, 6, 12)
    assert entry.title == "Odmowa przeprowadzenia wywiadu"
    assert entry.url == reverse("casework:interview_detail", args=[refused.pk])
    assert selectors.deadline_of(refused) is None


def test_an_unknown_registry_source_gives_nothing(case: CaseFile) -> None:
    assert svc.registry_snapshot(case.household, TODAY, "pets") is None


def test_the_update_page_marks_the_changed_answer(
    case: CaseFile, social_worker: Any, login: Any
) -> None:
    _completed(case, social_worker)
    update = svc.interview_plan(
        actor=social_worker, case=case, kind=InterviewKind.UPDATE, need_known_on=TODAY
    )
    update = svc.interview_start(actor=social_worker, interview=update, version=1)
    svc.interview_save_answers(
        actor=social_worker,
        interview=update,
        base_version=update.version,
        answers={"OM.A.1": "60"},
    )
    page = (
        login(social_worker)
        .get(reverse("casework:interview_detail", args=[update.pk]))
        .content.decode()
    )
    assert "answer-changed" in page
    assert "50" in page.split("answer-changed", 1)[1][:600]
