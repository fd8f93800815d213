"""The case files' screens: the list, opening, the case page and its forms."""

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ostoja.casework.access_kinds import CASE_DETAIL, CASE_LIST, OUT_OF_SCOPE
from ostoja.casework.models import CaseFile, CaseState, HelpReason
from ostoja.casework.services import cases as services
from ostoja.casework.tests.factories import CaseFileFactory, NoteFactory
from ostoja.core.models import AccessLog
from ostoja.registry.tests.factories import household_with_members

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)
OPENED = datetime.date(2026, 5, 4)


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(
        datetime.datetime(2026, 6, 15, 10, 0, tzinfo=datetime.UTC), tick=False
    ):
        yield


@pytest.fixture
def case(household_north: Any, social_worker: Any) -> CaseFile:
    return services.case_open(
        actor=social_worker,
        household=household_north,
        opened_on=OPENED,
        reasons=[HelpReason.objects.get(code="ubostwo")],
    )


def _persons(event: AccessLog) -> set[int]:
    return set(event.persons.values_list("person_id", flat=True))


# ---------------------------------------------------------------------------------------------
# The list
# ---------------------------------------------------------------------------------------------


def test_the_list_shows_the_cases_of_the_workers_scope(
    login: Any, social_worker: Any, case: CaseFile, household_south: Any, director: Any
) -> None:
    CaseFileFactory(household=household_south, opened_on=OPENED)
    response = login(social_worker).get(reverse("casework:case_list"))
    assert response.status_code == 200
    assert list(response.context["cases"]) == [case]
    assert "ubóstwo" in response.content.decode()
    event = AccessLog.objects.get(what=CASE_LIST)
    head = case.household.memberships.order_by("pk")[0]
    assert _persons(event) == {head.person_id}


def test_the_list_filters_and_exports(
    login: Any, director: Any, case: CaseFile, household_south: Any
) -> None:
    CaseFileFactory(household=household_south, opened_on=OPENED)
    client = login(director)
    response = client.get(reverse("casework:case_list"), {"reason": "ubostwo"})
    assert list(response.context["cases"]) == [case]
    response = client.get(reverse("casework:case_list"), {"state": CaseState.CLOSED})
    assert list(response.context["cases"]) == []
    assert response.context["filtered"]
    response = client.get(reverse("casework:case_list"), {"format": "csv", "sortuj": "-otwarta"})
    body = b"".join(response.streaming_content).decode()
    assert body.count("\n") == 3
    response = client.get(reverse("casework:case_list"), {"format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_list_is_refused_without_the_capability(login: Any, accountant: Any) -> None:
    response = login(accountant).get(reverse("casework:case_list"))
    assert response.status_code == 403


# ---------------------------------------------------------------------------------------------
# Opening
# ---------------------------------------------------------------------------------------------


def test_a_worker_opens_a_case_from_the_family(
    login: Any, social_worker: Any, household_north: Any
) -> None:
    client = login(social_worker)
    url = reverse("casework:case_open", args=[household_north.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"opened_on": "2026-06-01", "worker": "", "reasons": ["ubostwo", "bezrobocie"]}
    )
    case = CaseFile.objects.get(household=household_north)
    assert response.status_code == 302
    assert response["Location"] == reverse("casework:case_detail", args=[case.pk])
    assert case.reasons.count() == 2


def test_a_future_opening_is_shown_on_the_field_and_nothing_is_lost(
    login: Any, social_worker: Any, household_north: Any
) -> None:
    response = login(social_worker).post(
        reverse("casework:case_open", args=[household_north.pk]),
        {"opened_on": "2026-07-01", "reasons": ["ubostwo"]},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["opened_on"]
    assert response.context["form"]["reasons"].value() == ["ubostwo"]
    assert "checked" in response.content.decode()
    assert not CaseFile.objects.exists()


def test_opening_goes_to_the_existing_case(login: Any, social_worker: Any, case: CaseFile) -> None:
    response = login(social_worker).get(reverse("casework:case_open", args=[case.household_id]))
    assert response["Location"] == reverse("casework:case_detail", args=[case.pk])


def test_opening_outside_the_scope_is_a_404(
    login: Any, other_social_worker: Any, household_north: Any
) -> None:
    response = login(other_social_worker).get(
        reverse("casework:case_open", args=[household_north.pk])
    )
    assert response.status_code == 404
    assert AccessLog.objects.filter(what=OUT_OF_SCOPE).exists()


def test_a_benefits_clerk_may_not_open(
    login: Any, benefits_clerk: Any, household_north: Any
) -> None:
    response = login(benefits_clerk).get(reverse("casework:case_open", args=[household_north.pk]))
    assert response.status_code == 403


# ---------------------------------------------------------------------------------------------
# The case page
# ---------------------------------------------------------------------------------------------


def test_the_case_page_shows_the_header_panels_and_timeline(
    login: Any, social_worker: Any, case: CaseFile
) -> None:
    NoteFactory(case=case, author=social_worker, occurred_on=datetime.date(2026, 6, 10))
    response = login(social_worker).get(reverse("casework:case_detail", args=[case.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "ubóstwo" in html
    assert str(social_worker) in html
    timeline = response.context["timeline"]
    assert [e.on for e in timeline] == [datetime.date(2026, 6, 10), OPENED]
    assert timeline[1].url == reverse("casework:case_detail", args=[case.pk])
    assert [e.on for e in response.context["timeline"]] == sorted(
        (e.on for e in response.context["timeline"]), reverse=True
    )
    event = AccessLog.objects.get(what=CASE_DETAIL)
    members = set(case.household.memberships.values_list("person_id", flat=True))
    assert _persons(event) == members


def test_the_case_page_is_a_404_outside_the_scope(
    login: Any, other_social_worker: Any, case: CaseFile
) -> None:
    response = login(other_social_worker).get(reverse("casework:case_detail", args=[case.pk]))
    assert response.status_code == 404


def test_the_case_page_is_refused_without_the_capability(
    login: Any, accountant: Any, case: CaseFile
) -> None:
    response = login(accountant).get(reverse("casework:case_detail", args=[case.pk]))
    assert response.status_code == 403


def test_the_case_page_of_a_benefits_clerk_has_no_notes_panel(
    login: Any, benefits_clerk: Any, social_worker: Any, case: CaseFile
) -> None:
    NoteFactory(case=case, author=social_worker, what_was_done="Sekretna rozmowa o długu.")
    response = login(benefits_clerk).get(reverse("casework:case_detail", args=[case.pk]))
    assert response.status_code == 200
    assert "Sekretna rozmowa" not in response.content.decode()


def test_the_workers_history(login: Any, director: Any, case: CaseFile) -> None:
    response = login(director).get(reverse("casework:case_workers", args=[case.pk]))
    assert response.status_code == 200
    assert len(response.context["assignments"]) == 1


# ---------------------------------------------------------------------------------------------
# The forms
# ---------------------------------------------------------------------------------------------


def test_close_and_reopen(login: Any, social_worker: Any, case: CaseFile) -> None:
    client = login(social_worker)
    response = client.post(
        reverse("casework:case_close", args=[case.pk]),
        {"closed_on": "2026-06-10", "reason": "ustanie_potrzeby", "note": ""},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.CLOSED
    page = client.get(reverse("casework:case_detail", args=[case.pk])).content.decode()
    assert reverse("casework:case_reopen", args=[case.pk]) in page
    response = client.post(
        reverse("casework:case_reopen", args=[case.pk]), {"reopened_on": "2026-06-12"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.REOPENED


def test_closing_before_the_opening_shows_the_message_on_the_field(
    login: Any, social_worker: Any, case: CaseFile
) -> None:
    response = login(social_worker).post(
        reverse("casework:case_close", args=[case.pk]),
        {"closed_on": "2026-05-01", "reason": "inny", "note": "zostaje w formularzu"},
    )
    assert response.status_code == 200
    assert "04.05.2026" in str(response.context["form"].errors["closed_on"])
    assert "zostaje w formularzu" in response.content.decode()


def test_the_forms_are_refused_to_others(
    login: Any, benefits_clerk: Any, social_worker: Any, case: CaseFile
) -> None:
    client = login(benefits_clerk)
    for name in ("case_close", "case_reason_add", "case_permanent_help", "case_assign"):
        assert client.get(reverse(f"casework:{name}", args=[case.pk])).status_code == 403
    client = login(social_worker)
    assert client.get(reverse("casework:case_assign", args=[case.pk])).status_code == 403
    assert client.get(reverse("casework:case_reopen", args=[case.pk])).status_code == 200


def test_the_director_changes_the_worker(
    login: Any, director: Any, other_social_worker: Any, case: CaseFile
) -> None:
    response = login(director).post(
        reverse("casework:case_assign", args=[case.pk]),
        {"worker": other_social_worker.pk, "since": "2026-06-15"},
    )
    assert response.status_code == 302
    assert case.assignments.get(valid_to__isnull=True).worker == other_social_worker


def test_add_and_end_a_reason(login: Any, social_worker: Any, case: CaseFile) -> None:
    client = login(social_worker)
    person = case.household.memberships.order_by("-pk")[0].person
    response = client.post(
        reverse("casework:case_reason_add", args=[case.pk]),
        {"reason": "niepelnosprawnosc", "person": person.pk, "valid_from": "2026-06-01"},
    )
    assert response.status_code == 302
    row = case.reasons.get(reason_id="niepelnosprawnosc")
    response = client.post(
        reverse("casework:case_reason_end", args=[case.pk, row.pk]), {"valid_to": "2026-06-14"}
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.valid_to == datetime.date(2026, 6, 14)


def test_a_reason_twice_is_shown_on_the_field(
    login: Any, social_worker: Any, case: CaseFile
) -> None:
    response = login(social_worker).post(
        reverse("casework:case_reason_add", args=[case.pk]),
        {"reason": "ubostwo", "person": "", "valid_from": "2026-06-01"},
    )
    assert response.status_code == 200
    assert "04.05.2026" in str(response.context["form"].errors["valid_from"])


def test_a_reason_of_another_case_is_a_404(
    login: Any, director: Any, case: CaseFile, household_south: Any
) -> None:
    other = CaseFileFactory(household=household_south, opened_on=OPENED)
    row = case.reasons.get()
    response = login(director).get(reverse("casework:case_reason_end", args=[other.pk, row.pk]))
    assert response.status_code == 404


def test_permanent_help_form(login: Any, social_worker: Any, case: CaseFile) -> None:
    response = login(social_worker).post(
        reverse("casework:case_permanent_help", args=[case.pk]), {"since": "2026-06-01"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.permanent_help_since == datetime.date(2026, 6, 1)


# ---------------------------------------------------------------------------------------------
# The family's file
# ---------------------------------------------------------------------------------------------


def test_the_familys_file_shows_the_case_or_the_button_to_open_one(
    login: Any, social_worker: Any, household_north: Any
) -> None:
    client = login(social_worker)
    url = reverse("registry:household_detail", args=[household_north.pk])
    html = client.get(url).content.decode()
    assert reverse("casework:case_open", args=[household_north.pk]) in html
    case = services.case_open(actor=social_worker, household=household_north, opened_on=OPENED)
    html = client.get(url).content.decode()
    assert reverse("casework:case_detail", args=[case.pk]) in html


def test_the_familys_file_has_no_panel_without_the_capability(
    login: Any, accountant: Any, household_north: Any
) -> None:
    html = (
        login(accountant)
        .get(reverse("registry:household_detail", args=[household_north.pk]))
        .content.decode()
    )
    assert reverse("casework:case_open", args=[household_north.pk]) not in html


@pytest.mark.parametrize("sort", ["rodzina", "-rejon", "pracownik", "-stan", "otwarta", "-kontakt"])
def test_every_column_sorts(login: Any, director: Any, case: CaseFile, sort: str) -> None:
    response = login(director).get(reverse("casework:case_list"), {"sortuj": sort})
    assert response.status_code == 200
    assert list(response.context["cases"]) == [case]


def test_the_list_runs_a_fixed_number_of_queries(
    login: Any, social_worker: Any, area_north: Any
) -> None:
    client = login(social_worker)
    url = reverse("casework:case_list")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    for _ in range(2):
        household = household_with_members(area=area_north, members=2)
        services.case_open(actor=social_worker, household=household, opened_on=OPENED)
    few = count()
    for _ in range(8):
        household = household_with_members(area=area_north, members=2)
        services.case_open(
            actor=social_worker,
            household=household,
            opened_on=OPENED,
            reasons=[HelpReason.objects.get(code="ubostwo")],
        )
    assert count() == few


def test_the_timeline_names_the_person_of_a_reason_for_the_access_log(
    login: Any, social_worker: Any, case: CaseFile
) -> None:
    child = case.household.memberships.order_by("-pk")[0].person
    row = services.case_reason_add(
        actor=social_worker,
        case=case,
        reason=HelpReason.objects.get(code="niepelnosprawnosc"),
        valid_from=OPENED,
        person=child,
    )
    services.case_reason_end(actor=social_worker, case_reason=row, valid_to=TODAY)
    response = login(social_worker).get(reverse("casework:case_detail", args=[case.pk]))
    entries = [e for e in response.context["timeline"] if e.person_ids]
    assert len(entries) == 2
    assert all(e.person_ids == (child.pk,) for e in entries)
    assert child.full_name in entries[0].summary


def test_the_workers_history_and_the_reopening_are_refused_to_others(
    login: Any, accountant: Any, benefits_clerk: Any, other_social_worker: Any, case: CaseFile
) -> None:
    url = reverse("casework:case_workers", args=[case.pk])
    assert login(accountant).get(url).status_code == 403
    assert login(other_social_worker).get(url).status_code == 404
    reopen = reverse("casework:case_reopen", args=[case.pk])
    assert login(benefits_clerk).get(reopen).status_code == 403
    row = case.reasons.get()
    end = reverse("casework:case_reason_end", args=[case.pk, row.pk])
    assert login(benefits_clerk).get(end).status_code == 403
    assert login(other_social_worker).get(end).status_code == 404


def test_a_closed_case_offers_reopening_not_changes(
    login: Any, social_worker: Any, case: CaseFile
) -> None:
    services.case_close(actor=social_worker, case=case, closed_on=TODAY, reason="inny")
    client = login(social_worker)
    html = client.get(reverse("casework:case_detail", args=[case.pk])).content.decode()
    assert reverse("casework:case_reopen", args=[case.pk]) in html
    assert reverse("casework:note_add", args=[case.pk]) not in html
    assert reverse("casework:case_reason_add", args=[case.pk]) not in html
    assert client.get(reverse("casework:case_close", args=[case.pk])).status_code == 403
