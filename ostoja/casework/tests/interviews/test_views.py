"""The interview's screens: each page for the worker, refused to those outside the scope or
without the capability, every answer an input named `a:<key>`, errors on their fields."""

import datetime
from typing import Any

import pytest
from django.urls import reverse

from ostoja.casework.access_kinds import INTERVIEW_DETAIL, INTERVIEW_FORM
from ostoja.casework.models import (
    CaseFile,
    CooperationEvent,
    Interview,
    InterviewKind,
    InterviewState,
)
from ostoja.casework.selectors.interviews import timeline
from ostoja.casework.services import interviews as svc
from ostoja.core.models import AccessLog

from .conftest import TODAY

pytestmark = pytest.mark.django_db

KNOWN = datetime.date(2026, 6, 1)
REQUIRED = {
    "a:I.H.1": "Pomoc w opłaceniu czynszu.",
    "a:I.I.1": "Trudna sytuacja materialna.",
    "a:I.J.1": "Zasiłek okresowy.",
}


def _planned(case: CaseFile, worker: Any, **values: Any) -> Interview:
    data: dict[str, Any] = {"kind": InterviewKind.FULL, "need_known_on": KNOWN}
    data.update(values)
    return svc.interview_plan(actor=worker, case=case, **data)


def _started(case: CaseFile, worker: Any) -> Interview:
    interview = _planned(case, worker)
    return svc.interview_start(actor=worker, interview=interview, version=1)


def _completed(case: CaseFile, worker: Any) -> Interview:
    interview = _started(case, worker)
    interview = svc.interview_save_answers(
        actor=worker,
        interview=interview,
        base_version=interview.version,
        answers={key.removeprefix("a:"): value for key, value in REQUIRED.items()},
    )
    return svc.interview_complete(
        actor=worker,
        interview=interview,
        version=interview.version,
        conducted_on=datetime.date(2026, 6, 10),
        place="mieszkanie rodziny",
    )


def _url(name: str, interview: Interview) -> str:
    return reverse(f"casework:{name}", args=[interview.pk])


def _logged(what: str) -> bool:
    return AccessLog.objects.filter(what=what).exists()


def test_the_case_page_shows_the_interviews_panel(
    case: CaseFile, social_worker: Any, login: Any
) -> None:
    client = login(social_worker)
    page = client.get(reverse("casework:case_detail", args=[case.pk])).content.decode()
    assert "Wywiady środowiskowe" in page
    assert reverse("casework:interview_plan", args=[case.pk]) in page
    _planned(case, social_worker)
    page = client.get(reverse("casework:case_detail", args=[case.pk])).content.decode()
    assert "Wywiad pełny" in page


def test_planning_from_the_case_page(case: CaseFile, social_worker: Any, login: Any) -> None:
    client = login(social_worker)
    url = reverse("casework:interview_plan", args=[case.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"kind": "pelny", "need_known_on": "2026-06-01"})
    interview = Interview.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("interview_detail", interview)
    assert interview.due_on == datetime.date(2026, 6, 22)


def test_planning_on_a_holiday_shows_the_message_on_the_field(
    case: CaseFile, social_worker: Any, login: Any
) -> None:
    client = login(social_worker)
    url = reverse("casework:interview_plan", args=[case.pk])
    response = client.post(
        url, {"kind": "pelny", "need_known_on": "2026-06-01", "planned_on": "2026-06-04"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "04.06.2026 to dzień ustawowo wolny od pracy (Dzień Bożego Ciała)" in page
    assert 'value="2026-06-04"' in page  # nothing typed lost
    assert not Interview.objects.exists()


def test_the_pages_are_refused_outside_the_scope_and_without_the_capability(
    case: CaseFile,
    social_worker: Any,
    other_social_worker: Any,
    benefits_clerk: Any,
    accountant: Any,
    login: Any,
) -> None:
    interview = _started(case, social_worker)
    client = login(other_social_worker)
    assert client.get(_url("interview_detail", interview)).status_code == 404
    assert client.get(_url("interview_fill", interview)).status_code == 404
    assert client.get(reverse("casework:interview_plan", args=[case.pk])).status_code == 404
    client = login(benefits_clerk)  # reads social work, does not change it
    assert client.get(_url("interview_detail", interview)).status_code == 200
    for name in ("interview_fill", "interview_complete", "interview_correct", "interview_attempt"):
        assert client.get(_url(name, interview)).status_code == 403
    assert client.post(_url("interview_start", interview)).status_code == 403
    client = login(accountant)
    assert client.get(_url("interview_detail", interview)).status_code == 403


def test_the_interview_page_shows_the_answers_and_logs_the_access(
    case: CaseFile, social_worker: Any, login: Any
) -> None:
    interview = _completed(case, social_worker)
    page = login(social_worker).get(_url("interview_detail", interview)).content.decode()
    assert "Pomoc w opłaceniu czynszu." in page
    assert "A. Dane osoby i rodziny" in page
    head = case.household.memberships.order_by("pk")[0].person
    assert head.full_name in page  # segment A from the registry
    assert _url("interview_pdf", interview) in page
    assert _logged(INTERVIEW_DETAIL)


def test_starting_and_the_fill_page_for_the_offline_copy(
    case: CaseFile, social_worker: Any, login: Any
) -> None:
    interview = _planned(case, social_worker)
    client = login(social_worker)
    page = client.get(_url("interview_detail", interview)).content.decode()
    assert _url("interview_start", interview) in page
    response = client.post(_url("interview_start", interview), {"version": "1"})
    assert response["Location"] == _url("interview_fill", interview)
    page = client.get(_url("interview_fill", interview)).content.decode()
    interview.refresh_from_db()
    assert f'data-offline-interview="{interview.pk}"' in page
    assert f'data-version="{interview.version}"' in page
    assert f'data-sync-url="{_url("interview_sync", interview)}"' in page
    assert 'name="a:I.B.3"' in page
    assert page.count('name="a:I.B.3"') > 1  # a checkbox group: one input per choice
    assert 'name="a:I.A.1"' not in page  # segment A's registry data is not an input
    assert "ostoja/casework/interview-offline.js" in page
    assert 'data-token="' in page
    assert 'data-token=""' not in page
    member = case.household.memberships.order_by("valid_from", "pk")[0]
    assert reverse("casework:interview_registry", args=[interview.pk, member.pk]) in page
    assert _logged(INTERVIEW_FORM)


def test_a_start_from_an_old_page_is_refused_with_a_message(
    case: CaseFile, social_worker: Any, login: Any
) -> None:
    interview = _planned(case, social_worker)
    client = login(social_worker)
    response = client.post(_url("interview_start", interview), {"version": "5"}, follow=True)
    assert "Ktoś inny zmienił wywiad; sprawdź go ponownie." in response.content.decode()
    interview.refresh_from_db()
    assert interview.state == InterviewState.PLANNED
    response = client.post(_url("interview_start", interview), {"version": "x"}, follow=True)
    assert "Strona była nieaktualna; spróbuj ponownie." in response.content.decode()
    interview.refresh_from_db()
    assert interview.state == InterviewState.PLANNED


def test_saving_the_form_keeps_a_wrong_answer_and_shows_its_error(
    case: CaseFile, social_worker: Any, login: Any
) -> None:
    interview = _started(case, social_worker)
    client = login(social_worker)
    data = {"version": str(interview.version), "a:I.C.3": "dwa", "a:I.B.3": ["czynsz"]}
    response = client.post(_url("interview_fill", interview), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="dwa"' in page
    assert "aria-invalid" in page
    interview.refresh_from_db()
    assert "I.B.3" not in interview.answers
    data["a:I.C.3"] = "2"
    response = client.post(_url("interview_fill", interview), data)
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.answers["I.C.3"] == 2
    assert interview.answers["I.B.3"] == ["czynsz"]


def test_save_and_complete_goes_to_the_completion(
    case: CaseFile, social_worker: Any, login: Any
) -> None:
    interview = _started(case, social_worker)
    client = login(social_worker)
    data = {"version": str(interview.version), **REQUIRED, "complete": "1"}
    response = client.post(_url("interview_fill", interview), data)
    assert response["Location"] == _url("interview_complete", interview)
    response = client.post(
        _url("interview_complete", interview),
        {"version": str(interview.version + 1), "conducted_on": "2026-06-12", "place": "dom"},
    )
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.state == InterviewState.COMPLETED
    # Once completed, the fill page sends the worker back to the interview.
    assert client.get(_url("interview_fill", interview))["Location"] == _url(
        "interview_detail", interview
    )


def test_the_autosave_of_a_segment_answers_with_its_status_and_version(
    case: CaseFile, social_worker: Any, login: Any
) -> None:
    interview = _started(case, social_worker)
    client = login(social_worker)
    headers = {"HX-Request": "true", "X-Interview-Segment": "I.B"}
    data = {"version": str(interview.version), "a:I.B.1": "tak", "a:I.C.3": "dwa"}
    response = client.post(_url("interview_fill", interview), data, headers=headers)
    assert response.status_code == 200
    assert "interview-saved" in response["HX-Trigger"]
    assert f'value="{interview.version + 1}"' in response.content.decode()
    interview.refresh_from_db()
    assert interview.answers["I.B.1"] is True
    assert "I.C.3" not in interview.answers  # another segment's input is not saved with I.B
    data = {"version": str(interview.version), "a:I.B.2": "sporo"}
    response = client.post(_url("interview_fill", interview), data, headers=headers)
    assert "HX-Trigger" not in response
    assert "pole-I.B.2" in response.content.decode()
    data = {"version": "2", "a:I.B.1": "nie"}
    response = client.post(_url("interview_fill", interview), data, headers=headers)
    assert "alert-warning" in response.content.decode()


def test_a_conflicting_save_keeps_the_typed_answers_and_names_the_changed_ones(
    case: CaseFile, social_worker: Any, director: Any, login: Any
) -> None:
    interview = _started(case, social_worker)
    opened = interview.version
    svc.interview_save_answers(
        actor=director, interview=interview, base_version=opened, answers={"I.B.6": "Czynsz."}
    )
    client = login(social_worker)
    data = {"version": str(opened), "a:I.B.6": "Media."}
    page = client.post(_url("interview_fill", interview), data).content.decode()
    assert 'id="interview-conflict"' in page
    assert "Czynsz." in page
    assert "Media." in page
    assert f'value="{opened + 1}" id="interview-version"' in page


def test_completion_lists_the_missing_answers(
    case: CaseFile, social_worker: Any, login: Any
) -> None:
    interview = _started(case, social_worker)
    client = login(social_worker)
    assert "#pole-I.J.1" in client.get(_url("interview_complete", interview)).content.decode()
    response = client.post(
        _url("interview_complete", interview),
        {"version": str(interview.version), "conducted_on": "2026-06-12", "place": "dom"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "#pole-I.H.1" in page
    interview.refresh_from_db()
    assert interview.state == InterviewState.IN_PROGRESS
    response = client.post(
        _url("interview_complete", interview),
        {"version": "1", "conducted_on": "2026-06-12", "place": "dom"},
    )
    assert response.status_code == 200


def test_sign_close_and_correct(case: CaseFile, social_worker: Any, login: Any) -> None:
    interview = _completed(case, social_worker)
    client = login(social_worker)
    response = client.post(
        _url("interview_sign", interview), {"signed_on": "2026-06-09", "signed_place": "Dębowo"}
    )
    assert response.status_code == 200  # before the interview: a message on the field
    client.post(
        _url("interview_sign", interview), {"signed_on": "2026-06-12", "signed_place": "Dębowo"}
    )
    interview.refresh_from_db()
    assert interview.state == InterviewState.SIGNED
    assert client.get(_url("interview_sign", interview)).status_code == 302
    client.post(_url("interview_close", interview))
    interview.refresh_from_db()
    assert interview.state == InterviewState.CLOSED
    response = client.post(_url("interview_close", interview), follow=True)
    assert response.status_code == 200
    response = client.post(_url("interview_correct", interview), {"correction_reason": "Błąd."})
    correction = Interview.objects.get(supersedes=interview)
    assert response["Location"] == _url("interview_detail", correction)
    page = client.get(_url("interview_detail", interview)).content.decode()
    assert _url("interview_detail", correction) in page


def test_refusal_attempt_and_not_possible(case: CaseFile, social_worker: Any, login: Any) -> None:
    client = login(social_worker)
    interview = _planned(case, social_worker)
    response = client.post(
        _url("interview_attempt", interview),
        {"attempted_on": "2026-06-09", "place": "", "note": "Nikogo nie zastano."},
    )
    assert response["Location"] == _url("interview_detail", interview)
    response = client.post(
        _url("interview_refusal", interview),
        {"refused_on": "2026-06-10", "refusal_circumstances": "", "assessment": ""},
    )
    assert response.status_code == 200
    client.post(
        _url("interview_refusal", interview),
        {
            "refused_on": "2026-06-10",
            "refusal_circumstances": "Odmowa wpuszczenia do mieszkania.",
            "assessment": "Bez uzasadnienia.",
        },
    )
    interview.refresh_from_db()
    assert interview.kind == InterviewKind.REFUSED
    assert CooperationEvent.objects.filter(interview=interview).exists()
    url = reverse("casework:interview_refusal_new", args=[case.pk])
    assert client.get(url).status_code == 200
    client.post(
        url,
        {
            "need_known_on": "2026-06-01",
            "refused_on": "2026-06-11",
            "refusal_circumstances": "Odmowa telefoniczna.",
            "assessment": "Bez uzasadnienia.",
        },
    )
    assert Interview.objects.filter(kind=InterviewKind.REFUSED).count() == 2
    other = _planned(case, social_worker)
    client.post(_url("interview_not_possible", other), {"note": "Rodzina wyjechała."})
    other.refresh_from_db()
    assert other.kind == InterviewKind.NOT_POSSIBLE


def test_correcting_a_member_in_the_registry_from_segment_a(
    case: CaseFile, social_worker: Any, login: Any
) -> None:
    interview = _started(case, social_worker)
    membership = case.household.memberships.select_related("person").order_by("pk")[1]
    person = membership.person
    url = reverse("casework:interview_registry", args=[interview.pk, membership.pk])
    client = login(social_worker)
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "version": str(interview.version),
            "person_version": str(person.version),
            "first_names": "Zofia",
            "surname": person.surname,
            "birth_date": person.birth_date.isoformat(),
            "relation": membership.relation,
            "income_month": "",
            "income_kind": "",
            "income_gross": "",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.first_names == "Zofia"
    interview.refresh_from_db()
    assert any(m["name"].startswith("Zofia") for m in interview.answers["I.A.1"])
    response = client.post(
        url,
        {
            "version": "1",
            "person_version": str(person.version),
            "first_names": "Ewa",
            "surname": person.surname,
            "birth_date": person.birth_date.isoformat(),
            "relation": membership.relation,
        },
    )
    assert response.status_code == 200  # an old version of the interview: try again
    stranger_url = reverse("casework:interview_registry", args=[interview.pk, 999999])
    assert client.get(stranger_url).status_code == 404


def test_the_timeline_shows_the_interview_in_order(
    case: CaseFile, social_worker: Any, benefits_clerk: Any, other_social_worker: Any
) -> None:
    interview = _completed(case, social_worker)
    svc.interview_sign(
        actor=social_worker, interview=interview, signed_on=TODAY, signed_place="Dębowo"
    )
    planned = _planned(case, social_worker)
    svc.interview_record_attempt(
        actor=social_worker,
        interview=planned,
        attempted_on=datetime.date(2026, 6, 12),
        place="",
        note="Nikogo.",
    )
    entries = timeline(case, benefits_clerk)
    titles = [entry.title for entry in entries]
    assert "Zaplanowanie: wywiad pełny" in titles
    on = {entry.on for entry in entries}
    assert {datetime.date(2026, 6, 10), TODAY, datetime.date(2026, 6, 12)} <= on
    assert all(entry.url for entry in entries)
    assert timeline(case, other_social_worker) == []
