"""The notes' screens; a confidential note exists only for its author and the director."""

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from ostoja.casework.access_kinds import NOTE_DETAIL
from ostoja.casework.models import CaseFile, SocialWorkNote
from ostoja.casework.services.cases import case_assign_worker
from ostoja.casework.tests.factories import CaseFileFactory, NoteFactory
from ostoja.core.models import AccessLog
from ostoja.registry.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)
OPENED = datetime.date(2026, 5, 4)
SECRET = "Rozmowa o przemocy w rodzinie, Niebieska Karta."
SECRET_DAY = datetime.date(2026, 6, 3)


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(
        datetime.datetime(2026, 6, 15, 10, 0, tzinfo=datetime.UTC), tick=False
    ):
        yield


@pytest.fixture
def case(household_north: Any, social_worker: Any) -> CaseFile:
    return CaseFileFactory(household=household_north, worker=social_worker, opened_on=OPENED)


@pytest.fixture
def colleague(area_north: Any) -> Any:
    """Another social worker of the same area: sees the case, not the confidential note."""
    return UserFactory(username="kolezanka", role="pracownik_socjalny", areas=[area_north])


@pytest.fixture
def secret(case: CaseFile, social_worker: Any) -> SocialWorkNote:
    return NoteFactory(
        case=case,
        author=social_worker,
        occurred_on=SECRET_DAY,
        what_was_done=SECRET,
        confidential=True,
    )


def test_add_a_note_with_the_members_present(
    login: Any, social_worker: Any, case: CaseFile
) -> None:
    client = login(social_worker)
    url = reverse("casework:note_add", args=[case.pk])
    assert client.get(url).status_code == 200
    member = case.household.memberships.order_by("pk")[0].person
    response = client.post(
        url,
        {
            "kind": "wizyta",
            "occurred_on": "2026-06-12",
            "persons": [member.pk],
            "with_whom": "",
            "what_was_done": "Wizyta, rozmowa o szkole dzieci.",
            "outcome": "",
            "next_step": "Kontakt z pedagogiem",
            "next_step_on": "2026-06-30",
        },
    )
    note = SocialWorkNote.objects.get()
    assert response["Location"] == reverse("casework:note_detail", args=[note.pk])
    assert list(note.persons.all()) == [member]
    detail = client.get(response["Location"])
    assert "Kontakt z pedagogiem" in detail.content.decode()
    event = AccessLog.objects.get(what=NOTE_DETAIL, route=response["Location"])
    head = case.household.memberships.get(relation="wnioskodawca").person
    assert set(event.persons.values_list("person_id", flat=True)) == {member.pk, head.pk}


def test_a_bad_date_is_shown_on_the_field_and_the_text_stays(
    login: Any, social_worker: Any, case: CaseFile
) -> None:
    response = login(social_worker).post(
        reverse("casework:note_add", args=[case.pk]),
        {
            "kind": "telefon",
            "occurred_on": "2026-06-12",
            "what_was_done": "Telefon od sąsiadki.",
            "next_step_on": "2026-06-01",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["next_step_on"]
    assert "Telefon od sąsiadki." in response.content.decode()
    assert not SocialWorkNote.objects.exists()


def test_a_benefits_clerk_has_no_notes(
    login: Any, benefits_clerk: Any, social_worker: Any, case: CaseFile
) -> None:
    note = NoteFactory(case=case, author=social_worker)
    client = login(benefits_clerk)
    assert client.get(reverse("casework:note_add", args=[case.pk])).status_code == 403
    assert client.get(reverse("casework:note_detail", args=[note.pk])).status_code == 403


def test_a_worker_of_another_area_gets_a_404(
    login: Any, other_social_worker: Any, social_worker: Any, case: CaseFile
) -> None:
    note = NoteFactory(case=case, author=social_worker)
    client = login(other_social_worker)
    assert client.get(reverse("casework:note_detail", args=[note.pk])).status_code == 404
    assert client.get(reverse("casework:note_add", args=[case.pk])).status_code == 404


def test_the_author_edits_others_may_not(
    login: Any, social_worker: Any, colleague: Any, case: CaseFile
) -> None:
    note = NoteFactory(case=case, author=social_worker, occurred_on=datetime.date(2026, 6, 1))
    url = reverse("casework:note_edit", args=[note.pk])
    assert login(colleague).get(url).status_code == 403
    client = login(social_worker)
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(
        url,
        {
            "version": note.version,
            "kind": "wizyta",
            "occurred_on": "2026-06-01",
            "what_was_done": note.what_was_done,
            "outcome": "Rodzina zgodziła się na terapię.",
        },
    )
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.outcome == "Rodzina zgodziła się na terapię."


def test_an_outdated_edit_shows_the_conflict(
    login: Any, social_worker: Any, case: CaseFile
) -> None:
    note = NoteFactory(case=case, author=social_worker, occurred_on=datetime.date(2026, 6, 1))
    client = login(social_worker)
    url = reverse("casework:note_edit", args=[note.pk])
    data = {
        "version": note.version,
        "kind": "wizyta",
        "occurred_on": "2026-06-01",
        "what_was_done": note.what_was_done,
        "outcome": "pierwsza wersja",
    }
    assert client.post(url, data).status_code == 302
    data["outcome"] = "druga wersja"
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["conflict"] is not None
    assert "druga wersja" in response.content.decode()


# ---------------------------------------------------------------------------------------------
# A confidential note, through every page
# ---------------------------------------------------------------------------------------------


def _case_page(client: Any, case: CaseFile) -> tuple[str, list[Any]]:
    response = client.get(reverse("casework:case_detail", args=[case.pk]))
    assert response.status_code == 200
    return response.content.decode(), response.context["timeline"]


def test_a_confidential_note_is_invisible_to_a_colleague(
    login: Any, colleague: Any, case: CaseFile, secret: SocialWorkNote
) -> None:
    client = login(colleague)
    html, timeline = _case_page(client, case)
    assert SECRET not in html
    assert reverse("casework:note_detail", args=[secret.pk]) not in html
    assert SECRET_DAY.strftime("%d.%m.%Y") not in html  # not even a placeholder with its date
    assert all(entry.on != SECRET_DAY for entry in timeline)
    assert client.get(reverse("casework:note_detail", args=[secret.pk])).status_code == 404
    assert client.get(reverse("casework:note_edit", args=[secret.pk])).status_code == 404
    listing = client.get(reverse("casework:case_list")).content.decode()
    assert SECRET_DAY.strftime("%d.%m.%Y") not in listing  # the last contact tells nothing


def test_the_author_and_the_director_see_it(
    login: Any, social_worker: Any, director: Any, case: CaseFile, secret: SocialWorkNote
) -> None:
    for user in (social_worker, director):
        client = login(user)
        html, timeline = _case_page(client, case)
        assert reverse("casework:note_detail", args=[secret.pk]) in html
        assert any(entry.on == SECRET_DAY for entry in timeline)
        detail = client.get(reverse("casework:note_detail", args=[secret.pk]))
        assert SECRET in detail.content.decode()
    assert login(director).get(reverse("casework:note_edit", args=[secret.pk])).status_code == 403


def test_a_confidential_note_is_not_the_last_contact_on_a_colleagues_start_page(
    login: Any,
    colleague: Any,
    social_worker: Any,
    director: Any,
    case: CaseFile,
    secret: SocialWorkNote,
) -> None:
    NoteFactory(case=case, author=social_worker, occurred_on=datetime.date(2026, 5, 20))
    case_assign_worker(actor=director, case=case, worker=colleague, since=TODAY)
    html = login(colleague).get(reverse("registry:home")).content.decode()
    assert reverse("casework:case_detail", args=[case.pk]) in html  # her case is listed
    assert "20.05.2026" in html  # the last contact she may know of
    assert SECRET_DAY.strftime("%d.%m.%Y") not in html
    assert SECRET not in html


def test_a_future_date_is_refused_inline_as_the_field_changes(
    login: Any, social_worker: Any, case: CaseFile
) -> None:
    response = login(social_worker).post(
        reverse("casework:note_add", args=[case.pk]),
        {"kind": "wizyta", "occurred_on": "2026-06-16", "what_was_done": ""},
        headers={"X-Ostoja-Validate": "occurred_on", "HX-Request": "true"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="pole-occurred_on"' in html
    assert "invalid-feedback" in html
    assert "<form" not in html
    assert not SocialWorkNote.objects.exists()
