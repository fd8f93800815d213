"""The sync of an offline copy (casework:interview_sync) and the service worker's script."""

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from ostoja.accounts.models import User
from ostoja.casework.access_kinds import INTERVIEW_OFFLINE, OUT_OF_SCOPE
from ostoja.casework.models import CaseFile, Interview, InterviewState
from ostoja.casework.services import offline
from ostoja.casework.services.interviews import interview_save_answers
from ostoja.casework.tests.factories import CaseFileFactory, InterviewFactory
from ostoja.casework.tests.offline.conftest import TODAY
from ostoja.core.models import AccessLog

pytestmark = pytest.mark.django_db


def _url(interview: Interview) -> str:
    return reverse("casework:interview_sync", args=[interview.pk])


def _post(client: Client, interview: Interview, payload: Any) -> Any:
    body = payload if isinstance(payload, str) else json.dumps(payload)
    return client.post(_url(interview), body, content_type="application/json")


def _copy(interview: Interview, user: User, answers: dict[str, Any]) -> dict[str, Any]:
    return {
        "base_version": interview.version,
        "token": offline.offline_token(interview, user),
        "answers": answers,
    }


def test_sync_saves_and_answers_with_the_new_version(
    login: Callable[[User], Client], social_worker: User, interview: Interview
) -> None:
    response = _post(
        login(social_worker), interview, _copy(interview, social_worker, {"I.C.3": "3"})
    )
    assert response.status_code == 200
    data = response.json()
    interview.refresh_from_db()
    assert interview.answers["I.C.3"] == 3
    assert data["version"] == interview.version
    assert data["saved_at"] == interview.updated_at.isoformat()
    assert offline.offline_token(interview, social_worker) == data["token"]
    event = AccessLog.objects.get(what=INTERVIEW_OFFLINE)
    members = set(interview.case.household.memberships.values_list("person_id", flat=True))
    assert set(event.persons.values_list("person_id", flat=True)) == members
    assert event.details == {"interview_id": interview.pk}


def test_a_conflict_is_409_with_both_answers(
    login: Callable[[User], Client], social_worker: User, director: User, interview: Interview
) -> None:
    copy = _copy(interview, social_worker, {"I.C.3": "3"})
    interview_save_answers(
        actor=director, interview=interview, base_version=interview.version, answers={"I.C.3": "4"}
    )
    response = _post(login(social_worker), interview, copy)
    assert response.status_code == 409
    data = response.json()
    assert data["server_version"] == copy["base_version"] + 1
    assert data["conflicts"] == [
        {
            "key": "I.C.3",
            "label": "Liczba izb",
            "mine": "3",
            "theirs": 4,
            "mine_display": "3",
            "theirs_display": "4",
        }
    ]
    assert data["taken"] == {}
    assert data["token"]


def test_answers_that_do_not_fit_are_400_by_question(
    login: Callable[[User], Client], social_worker: User, interview: Interview
) -> None:
    response = _post(
        login(social_worker), interview, _copy(interview, social_worker, {"I.C.3": "trzy"})
    )
    assert response.status_code == 400
    assert response.json() == {
        "errors": {"I.C.3": "Wpisz liczbę całkowitą."},
        "message": "Popraw zaznaczone odpowiedzi; zostają na tym komputerze.",
    }


def test_a_fixed_interview_is_400_with_the_message(
    login: Callable[[User], Client], social_worker: User, case: Any
) -> None:
    completed = InterviewFactory(case=case, worker=social_worker, state=InterviewState.COMPLETED)
    response = _post(login(social_worker), completed, _copy(completed, social_worker, {}))
    assert response.status_code == 400
    data = response.json()
    assert data["errors"] == {}
    assert data["message"]  # the service's refusal: the answers of a completed one are fixed


def test_a_refused_copy_is_403_with_the_message(
    login: Callable[[User], Client], social_worker: User, interview: Interview
) -> None:
    copy = _copy(interview, social_worker, {"I.C.3": "3"})
    copy["token"] = "zmieniony"
    response = _post(login(social_worker), interview, copy)
    assert response.status_code == 403
    assert "nie można jej wysłać" in response.json()["message"]


@pytest.mark.parametrize(
    "payload",
    [
        "{nie json",
        "[]",
        {"base_version": "1", "token": "t", "answers": {}},
        {"base_version": True, "token": "t", "answers": {}},
        {"base_version": 1, "token": 5, "answers": {}},
        {"base_version": 1, "token": "t", "answers": []},
        {"base_version": 1, "token": "t", "answers": {"I.C.3": 3}},
        {"base_version": 1, "token": "t", "answers": {"I.B.3": ["a", 1]}},
    ],
)
def test_an_unreadable_body_is_400(
    login: Callable[[User], Client], social_worker: User, interview: Interview, payload: Any
) -> None:
    response = _post(login(social_worker), interview, payload)
    assert response.status_code == 400
    assert response.json() == {"message": "Kopia wysłana z przeglądarki jest nieczytelna."}


def test_a_reader_without_the_edit_capability_is_refused(
    login: Callable[[User], Client], benefits_clerk: User, interview: Interview
) -> None:
    response = _post(login(benefits_clerk), interview, {})
    assert response.status_code == 403


def test_a_worker_who_may_not_edit_a_closed_case_gets_403_json(
    login: Callable[[User], Client], social_worker: User, interview: Interview
) -> None:
    """casework.edit asks for an open case (or a supervisor): the worker of a closed case gets
    the service's refusal as JSON, for the script to show."""
    CaseFile.objects.filter(pk=interview.case_id).update(
        state="zamknieta", closed_on=TODAY, close_reason="ustanie_potrzeby"
    )
    response = _post(
        login(social_worker), interview, _copy(interview, social_worker, {"I.C.3": "3"})
    )
    assert response.status_code == 403
    assert response.json() == {"message": "Nie możesz zmieniać tego wywiadu."}


def test_an_interview_out_of_scope_is_404(
    login: Callable[[User], Client], other_social_worker: User, interview: Interview
) -> None:
    response = _post(
        login(other_social_worker), interview, _copy(interview, other_social_worker, {})
    )
    assert response.status_code == 404
    assert AccessLog.objects.filter(what=OUT_OF_SCOPE).exists()
    assert not AccessLog.objects.filter(what=INTERVIEW_OFFLINE).exists()


def test_sync_needs_post(
    login: Callable[[User], Client], social_worker: User, interview: Interview
) -> None:
    assert login(social_worker).get(_url(interview)).status_code == 405


def test_anonymous_sync_goes_to_the_login(client: Client, interview: Interview) -> None:
    response = _post(client, interview, {})
    assert response.status_code == 302


SW = reverse("casework:service_worker")


def test_service_worker_script_is_served_to_the_worker(
    login: Callable[[User], Client], social_worker: User
) -> None:
    response = login(social_worker).get(SW)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/javascript"
    assert response["Service-Worker-Allowed"] == "/praca-socjalna/"
    assert "no-cache" in response["Cache-Control"]
    assert b'const PAGES = "ostoja-interviews-v1"' in response.content


def test_service_worker_needs_sign_in(client: Client, db: None) -> None:
    """A redirect to the login: the browser refuses to install a worker behind a redirect."""
    response = client.get(SW)
    assert response.status_code == 302


def test_service_worker_refused_without_the_edit_capability(
    login: Callable[[User], Client], accountant: User
) -> None:
    assert login(accountant).get(SW).status_code == 403


def test_service_worker_missing_is_404(
    login: Callable[[User], Client], social_worker: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("ostoja.casework.views.offline.finders.find", lambda path: None)
    assert login(social_worker).get(SW).status_code == 404


def test_the_case_of_another_area_is_not_there(
    login: Callable[[User], Client], social_worker: User, household_south: Any
) -> None:
    other = InterviewFactory(
        case=CaseFileFactory(household=household_south), state=InterviewState.IN_PROGRESS
    )
    response = _post(login(social_worker), other, _copy(other, social_worker, {}))
    assert response.status_code == 404


def test_a_refusal_without_a_question_is_the_message(
    login: Callable[[User], Client],
    social_worker: User,
    interview: Interview,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(**kwargs: Any) -> Interview:
        raise ValidationError("Wywiad jest zamknięty.")

    monkeypatch.setattr(offline, "interview_sync", refuse)
    response = _post(login(social_worker), interview, _copy(interview, social_worker, {}))
    assert response.status_code == 400
    assert response.json() == {"errors": {}, "message": "Wywiad jest zamknięty."}
