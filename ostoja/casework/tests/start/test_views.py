"""The start page's panels, the deadlines list and the quick note, in the browser's terms."""

import csv
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ostoja.accounts.models import User
from ostoja.casework.models import SocialWorkNote
from ostoja.casework.tests.start.conftest import D, Scenario, head
from ostoja.core.models import AccessLog

pytestmark = pytest.mark.django_db

Login = Callable[[User], Client]
HOME = "registry:home"


def last_event(what: str) -> AccessLog:
    event = AccessLog.objects.filter(what=what).order_by("-pk").first()
    assert event is not None
    return event


def persons_of(event: AccessLog) -> set[int]:
    return set(event.persons.values_list("person_id", flat=True))


# ---------------------------------------------------------------------------------------------
# The start page
# ---------------------------------------------------------------------------------------------


def test_the_worker_sees_her_deadlines_with_overdue_highlighted(
    login: Login, social_worker: User, scenario: Scenario
) -> None:
    response = login(social_worker).get(reverse(HOME))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Moje terminy" in page
    assert "Terminy pracy socjalnej" not in page
    # The interview due on 11.12, one working day late: the red badge and the count.
    assert "11.12.2026" in page
    assert 'class="badge text-bg-danger">po terminie' in page
    assert "dni roboczych po terminie: 1" in page
    # The urgent one due on 16.12: two working days left, soon.
    assert "dni roboczych do terminu: 2" in page
    assert 'class="badge text-bg-warning">termin się zbliża' in page
    # Each family links to its case page.
    assert reverse("casework:case_detail", args=[scenario.cases["interviews"].pk]) in page
    # Interviews, reviews and referrals link to their records.
    assert reverse("casework:interview_detail", args=[scenario.interviews["soon"].pk]) in page
    assert reverse("casework:contract_detail", args=[scenario.contracts["reviewed"].pk]) in page
    assert reverse("casework:referral_detail", args=[scenario.referrals["waiting"].pk]) in page
    # The other worker's family is not on her page.
    assert str(scenario.cases["south"].household) not in page
    # The quick note offers her open cases.
    assert 'name="notatka-case"' in page
    assert 'name="notatka-occurred_on" value="2026-12-14"' in page
    # The households list stays below.
    assert "Moje rodziny" in page or "My households" in page


def test_a_worker_without_cases_sees_what_to_do(
    login: Login, social_worker: User, today: Any
) -> None:
    page = login(social_worker).get(reverse(HOME)).content.decode()
    assert "Moje terminy" in page
    assert "Nie prowadzisz jeszcze żadnej sprawy" in page
    # No case to write a note in: no quick note.
    assert 'name="notatka-case"' not in page


def test_the_start_page_writes_one_event_with_the_panels_persons(
    login: Login, social_worker: User, scenario: Scenario
) -> None:
    before = AccessLog.objects.count()
    login(social_worker).get(reverse(HOME))
    assert AccessLog.objects.count() == before + 1
    shown = persons_of(last_event("start_page"))
    assert head(scenario.cases["interviews"]).pk in shown
    assert head(scenario.cases["no_interview"]).pk in shown
    assert head(scenario.cases["south"]).pk not in shown


def test_the_director_sees_every_worker(
    login: Login,
    director: User,
    social_worker: User,
    other_social_worker: User,
    scenario: Scenario,
) -> None:
    response = login(director).get(reverse(HOME))
    page = response.content.decode()
    assert "Terminy pracy socjalnej" in page
    assert str(social_worker) in page
    assert str(other_social_worker) in page
    deadlines = reverse("casework:deadlines")
    link = f"{deadlines}?rodzaj=wywiady&amp;stan=po_terminie&amp;pracownik={social_worker.pk}"
    assert link in page
    assert f"{deadlines}?rodzaj=skierowania&amp;rejon=" in page
    # The director's own deadlines are in her row of the overview: no "Moje terminy" panel.
    assert "Moje terminy" not in page


@pytest.mark.parametrize("role", ["benefits_clerk", "accountant", "administrator", "iod"])
def test_other_roles_see_no_panel(
    request: pytest.FixtureRequest, login: Login, role: str, scenario: Scenario
) -> None:
    response = login(request.getfixturevalue(role)).get(reverse(HOME))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Moje terminy" not in page
    assert "Terminy pracy socjalnej" not in page
    # Only the payments' panel may be there (for those who pay); none of social work.
    panels = response.context["start_panels"]
    assert all('aria-labelledby="wyplaty-do-zrobienia"' in panel for panel in panels)


def test_the_start_page_queries_do_not_grow(
    login: Login,
    social_worker: User,
    scenario: Scenario,
    django_assert_max_num_queries: Any,
) -> None:
    from ostoja.casework.tests.start.conftest import completed, new_case

    client = login(social_worker)
    client.get(reverse(HOME))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        client.get(reverse(HOME))
    area = social_worker.areas.get()
    for day in range(1, 6):
        case = new_case(area, social_worker, permanent_help_since=D(2026, 1, 5))
        completed(case, social_worker, D(2026, 6, day))
    with django_assert_max_num_queries(len(first)):
        client.get(reverse(HOME))


# ---------------------------------------------------------------------------------------------
# The deadlines list
# ---------------------------------------------------------------------------------------------


def test_the_workers_deadlines_page(login: Login, social_worker: User, scenario: Scenario) -> None:
    response = login(social_worker).get(reverse("casework:deadlines"))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [row.record for row in rows] == [
        scenario.interviews["overdue"],
        scenario.interviews["soon"],
        scenario.interviews["ok"],
        *[row.record for row in rows[3:]],
    ]
    assert len(rows) == 4
    page = response.content.decode()
    assert 'class="table-danger"' in page
    # A worker has no worker filter: it is always herself.
    assert 'name="pracownik"' not in page
    assert reverse("casework:case_detail", args=[scenario.cases["interviews"].pk]) in page
    assert reverse("casework:interview_detail", args=[scenario.interviews["ok"].pk]) in page
    event = last_event("casework.worker_start")
    assert head(scenario.cases["interviews"]).pk in persons_of(event)


def test_a_worker_cannot_list_another_workers_deadlines(
    login: Login, social_worker: User, other_social_worker: User, scenario: Scenario
) -> None:
    url = reverse("casework:deadlines") + f"?pracownik={other_social_worker.pk}"
    response = login(social_worker).get(url)
    assert scenario.interviews["south"] not in [row.record for row in response.context["rows"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("rodzaj=wywiady&stan=po_terminie", ["overdue"]),
        ("rodzaj=wywiady&stan=tydzien", ["soon"]),
    ],
)
def test_the_director_filters_by_worker_and_state(
    login: Login,
    director: User,
    social_worker: User,
    scenario: Scenario,
    query: str,
    expected: list[str],
) -> None:
    url = reverse("casework:deadlines") + f"?{query}&pracownik={social_worker.pk}"
    response = login(director).get(url)
    assert response.status_code == 200
    assert [row.record for row in response.context["rows"]] == [
        scenario.interviews[key] for key in expected
    ]
    assert last_event("casework.director_start") is not None


@pytest.mark.parametrize(
    ("kind", "count"),
    [("aktualizacje", 3), ("przeglady", 2), ("skierowania", 3)],
)
def test_the_director_lists_each_kind(
    login: Login, director: User, scenario: Scenario, kind: str, count: int
) -> None:
    response = login(director).get(reverse("casework:deadlines") + f"?rodzaj={kind}")
    assert response.status_code == 200
    assert len(response.context["rows"]) == count
    first = response.context["rows"][0]
    if kind != "aktualizacje":
        detail = "contract_detail" if kind == "przeglady" else "referral_detail"
        assert reverse(f"casework:{detail}", args=[first.record.pk]) in response.content.decode()


def test_the_worker_filter_offers_those_who_lead_social_work(
    login: Login, director: User, social_worker: User, accountant: User, today: Any
) -> None:
    response = login(director).get(reverse("casework:deadlines"))
    offered = set(response.context["form"].fields["pracownik"].queryset)
    assert {director, social_worker} <= offered
    assert accountant not in offered


def test_the_director_filters_by_area(
    login: Login, director: User, area_south: Any, scenario: Scenario
) -> None:
    url = reverse("casework:deadlines") + f"?rodzaj=skierowania&rejon={area_south.pk}"
    response = login(director).get(url)
    assert [row.record for row in response.context["rows"]] == [scenario.referrals["south"]]


def test_sorting_by_due_day_descending(
    login: Login, social_worker: User, scenario: Scenario
) -> None:
    response = login(social_worker).get(reverse("casework:deadlines") + "?sortuj=-termin")
    dues = [row.due_on for row in response.context["rows"]]
    assert dues == sorted(dues, reverse=True)


def test_an_empty_list_says_what_to_do(login: Login, social_worker: User, today: Any) -> None:
    response = login(social_worker).get(reverse("casework:deadlines"))
    assert "Nic tu nie przypada" in response.content.decode()


def test_the_deadlines_export(login: Login, social_worker: User, scenario: Scenario) -> None:
    url = reverse("casework:deadlines") + "?rodzaj=aktualizacje&format=csv"
    response = login(social_worker).get(url)
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert len(lines) == 4  # the header and the three updates
    assert "15.12.2026" in text
    assert "casework.worker_start" in set(AccessLog.objects.values_list("what", flat=True))


@pytest.mark.parametrize("role", ["benefits_clerk", "accountant", "iod"])
def test_the_deadlines_page_is_refused_to_other_roles(
    request: pytest.FixtureRequest, login: Login, role: str
) -> None:
    response = login(request.getfixturevalue(role)).get(reverse("casework:deadlines"))
    assert response.status_code == 403


# ---------------------------------------------------------------------------------------------
# The quick note
# ---------------------------------------------------------------------------------------------


def note_data(case: Any, **changes: Any) -> dict[str, Any]:
    data = {
        "notatka-case": case.pk,
        "notatka-kind": "telefon",
        "notatka-occurred_on": "2026-12-14",
        "notatka-what_was_done": "Rozmowa telefoniczna o terminie wizyty.",
    }
    data.update(changes)
    return data


def test_a_quick_note_is_saved(login: Login, social_worker: User, scenario: Scenario) -> None:
    case = scenario.cases["no_interview"]
    response = login(social_worker).post(reverse("casework:quick_note"), note_data(case))
    assert response.status_code == 302
    assert response["Location"] == reverse(HOME)
    note = SocialWorkNote.objects.get(case=case)
    assert note.author == social_worker
    assert note.occurred_on == D(2026, 12, 14)
    assert note.kind == "telefon"


def test_a_quick_note_by_htmx_comes_back_fresh(
    login: Login, social_worker: User, scenario: Scenario, htmx_headers: dict[str, str]
) -> None:
    case = scenario.cases["no_interview"]
    response = login(social_worker).post(
        reverse("casework:quick_note"), note_data(case), headers=htmx_headers
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Notatka została zapisana." in page
    assert "<html" not in page
    assert SocialWorkNote.objects.filter(case=case).count() == 1


def test_a_quick_note_with_errors_keeps_what_was_typed(
    login: Login, social_worker: User, scenario: Scenario
) -> None:
    case = scenario.cases["no_interview"]
    data = note_data(case, **{"notatka-what_was_done": "", "notatka-kind": "wizyta"})
    response = login(social_worker).post(reverse("casework:quick_note"), data)
    assert response.status_code == 200
    form = response.context["quick_note_form"]
    assert "what_was_done" in form.errors
    page = response.content.decode()
    assert 'value="2026-12-14"' in page
    assert f'<option value="{case.pk}" selected>' in page
    assert not SocialWorkNote.objects.filter(case=case).exists()


def test_a_quick_note_in_the_future_is_refused_on_its_field(
    login: Login, social_worker: User, scenario: Scenario
) -> None:
    case = scenario.cases["no_interview"]
    data = note_data(case, **{"notatka-occurred_on": "2026-12-20"})
    response = login(social_worker).post(reverse("casework:quick_note"), data)
    assert response.status_code == 200
    assert "occurred_on" in response.context["quick_note_form"].errors
    assert "Rozmowa telefoniczna o terminie wizyty." in response.content.decode()


def test_a_quick_note_only_in_ones_own_cases(
    login: Login, social_worker: User, scenario: Scenario
) -> None:
    data = note_data(scenario.cases["south"])
    response = login(social_worker).post(reverse("casework:quick_note"), data)
    assert response.status_code == 200
    assert "case" in response.context["quick_note_form"].errors
    assert not SocialWorkNote.objects.filter(case=scenario.cases["south"]).exists()


@pytest.mark.parametrize("role", ["benefits_clerk", "accountant"])
def test_a_quick_note_is_refused_to_roles_without_notes(
    request: pytest.FixtureRequest, login: Login, role: str, scenario: Scenario
) -> None:
    data = note_data(scenario.cases["no_interview"])
    response = login(request.getfixturevalue(role)).post(reverse("casework:quick_note"), data)
    assert response.status_code == 403
    assert SocialWorkNote.objects.count() == 1  # the scenario's own note only


def test_the_quick_note_takes_only_posts(login: Login, social_worker: User) -> None:
    assert login(social_worker).get(reverse("casework:quick_note")).status_code == 405
