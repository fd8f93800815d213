"""The records of social work: adding and changing a note."""

import datetime
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from ostoja.casework.models import CaseState, SocialWorkNote
from ostoja.casework.services.notes import NOTE_CREATE, NOTE_UPDATE, note_create, note_update
from ostoja.casework.tests.factories import CaseFileFactory, NoteFactory
from ostoja.core.locking import ConflictError
from ostoja.core.models import ActionRecord
from ostoja.registry.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def _today() -> Any:
    with time_machine.travel(
        datetime.datetime(2026, 6, 15, 10, 0, tzinfo=datetime.UTC), tick=False
    ):
        yield


@pytest.fixture
def case(household_north: Any, social_worker: Any) -> Any:
    return CaseFileFactory(
        household=household_north, worker=social_worker, opened_on=datetime.date(2026, 5, 1)
    )


def _members(case: Any) -> list[Any]:
    return [m.person for m in case.household.memberships.order_by("pk")]


def _create(actor: Any, case: Any, **values: Any) -> SocialWorkNote:
    data: dict[str, Any] = {
        "kind": "wizyta",
        "occurred_on": TODAY,
        "what_was_done": "Wizyta w miejscu zamieszkania, rozmowa o zadłużeniu.",
    }
    data.update(values)
    return note_create(actor=actor, case=case, **data)


def test_a_worker_records_a_visit_with_the_members_present(case: Any, social_worker: Any) -> None:
    present = _members(case)[:2]
    note = _create(
        social_worker,
        case,
        persons=present,
        with_whom="dzielnicowy",
        outcome="Ustalono plan spłaty.",
        next_step="Wizyta kontrolna",
        next_step_on=datetime.date(2026, 7, 1),
    )
    assert note.author == social_worker
    assert set(note.persons.all()) == set(present)
    record = ActionRecord.objects.get(action=NOTE_CREATE)
    assert record.actor == social_worker
    assert ActionRecord.objects.about(case).filter(pk=record.pk).exists()
    assert ActionRecord.objects.about(present[0]).filter(pk=record.pk).exists()


def test_a_benefits_clerk_may_not_add_notes(case: Any, benefits_clerk: Any) -> None:
    with pytest.raises(PermissionDenied):
        _create(benefits_clerk, case)


def test_a_worker_of_another_area_may_not_add_notes(case: Any, other_social_worker: Any) -> None:
    with pytest.raises(PermissionDenied):
        _create(other_social_worker, case)


def test_no_note_on_a_closed_case_but_the_director_may(
    case: Any, social_worker: Any, director: Any
) -> None:
    case.state = CaseState.CLOSED
    case.closed_on = TODAY
    case.close_reason = "ustanie_potrzeby"
    case.save()
    with pytest.raises(PermissionDenied):
        _create(social_worker, case)
    assert _create(director, case).author == director


def test_a_future_date_is_refused_on_the_field(case: Any, social_worker: Any) -> None:
    with pytest.raises(ValidationError) as raised:
        _create(social_worker, case, occurred_on=TODAY + datetime.timedelta(days=1))
    assert "occurred_on" in raised.value.message_dict


def test_a_month_before_opening_is_accepted_but_not_earlier(case: Any, social_worker: Any) -> None:
    # opened 1.05.2026; 30 days before is 1.04.2026 (April has 30 days): accepted; 31.03 is not
    assert _create(social_worker, case, occurred_on=datetime.date(2026, 4, 1))
    with pytest.raises(ValidationError) as raised:
        _create(social_worker, case, occurred_on=datetime.date(2026, 3, 31))
    assert "01.05.2026" in raised.value.message_dict["occurred_on"][0]


def test_the_next_step_cannot_be_before_the_note(case: Any, social_worker: Any) -> None:
    with pytest.raises(ValidationError) as raised:
        _create(social_worker, case, next_step_on=TODAY - datetime.timedelta(days=1))
    assert "next_step_on" in raised.value.message_dict


def test_a_person_outside_the_family_is_refused(case: Any, social_worker: Any) -> None:
    stranger = PersonFactory(first_names="Obcy", surname="Sąsiad")
    with pytest.raises(ValidationError) as raised:
        _create(social_worker, case, persons=[stranger])
    assert "Obcy Sąsiad" in raised.value.message_dict["persons"][0]


def test_a_missing_text_is_refused_on_the_field(case: Any, social_worker: Any) -> None:
    with pytest.raises(ValidationError) as raised:
        _create(social_worker, case, what_was_done="")
    assert "what_was_done" in raised.value.message_dict
    assert not SocialWorkNote.objects.exists()


def test_the_author_changes_her_note(case: Any, social_worker: Any) -> None:
    note = _create(social_worker, case)
    members = _members(case)
    changed = note_update(
        actor=social_worker,
        note=note,
        version=note.version,
        outcome="Rodzina przyjęła propozycję.",
        persons=members[:1],
    )
    assert changed.version == 2
    assert changed.outcome == "Rodzina przyjęła propozycję."
    assert list(changed.persons.all()) == members[:1]
    record = ActionRecord.objects.get(action=NOTE_UPDATE)
    assert "wynik" in record.details["fields"].lower()
    assert note.history.count() == 2


def test_someone_else_may_not_change_the_note(case: Any, social_worker: Any, director: Any) -> None:
    note = NoteFactory(case=case, author=social_worker)
    with pytest.raises(PermissionDenied):
        note_update(actor=director, note=note, version=note.version, outcome="x")


def test_an_outdated_version_is_a_conflict(case: Any, social_worker: Any) -> None:
    note = _create(social_worker, case)
    note_update(actor=social_worker, note=note, version=1, outcome="pierwsza")
    stale = SocialWorkNote.objects.get(pk=note.pk)
    with pytest.raises(ConflictError):
        note_update(actor=social_worker, note=stale, version=1, outcome="druga")


def test_a_bad_change_is_refused_on_the_field(case: Any, social_worker: Any) -> None:
    note = _create(social_worker, case)
    with pytest.raises(ValidationError) as raised:
        note_update(
            actor=social_worker,
            note=note,
            version=note.version,
            next_step_on=TODAY - datetime.timedelta(days=3),
        )
    assert "next_step_on" in raised.value.message_dict


def test_an_unknown_field_is_a_programming_error(case: Any, social_worker: Any) -> None:
    note = _create(social_worker, case)
    with pytest.raises(TypeError):
        note_update(actor=social_worker, note=note, version=1, author=social_worker)
