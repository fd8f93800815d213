"""The duty to cooperate (art. 11 u.p.s.): recording an event, the panel, the list."""

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ostoja.casework.access_kinds import COOPERATION
from ostoja.casework.models import CaseFile, CooperationEvent, CooperationEventKind
from ostoja.casework.services.cooperation import COOPERATION_RECORD, cooperation_event_record
from ostoja.casework.tests.factories import CaseFileFactory, ContractFactory, InterviewFactory
from ostoja.core.models import AccessLog, ActionRecord
from ostoja.registry.tests.factories import PersonFactory

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
    return CaseFileFactory(household=household_north, worker=social_worker, opened_on=OPENED)


def _head(case: CaseFile) -> Any:
    return case.household.memberships.order_by("pk")[0].person


def _record(actor: Any, case: CaseFile, **values: Any) -> CooperationEvent:
    data: dict[str, Any] = {
        "kind": CooperationEventKind.REFUSED_WORK,
        "occurred_on": datetime.date(2026, 6, 8),
        "evidence": "Pismo PUP z 08.06.2026 o odmowie przyjęcia propozycji pracy.",
        "assessment": "Odmowa bez uzasadnionej przyczyny: brak przeciwwskazań zdrowotnych.",
    }
    data.update(values)
    return cooperation_event_record(actor=actor, case=case, **data)


def test_a_worker_records_a_refusal_of_work_linked_to_the_contract(
    case: CaseFile, social_worker: Any
) -> None:
    head = _head(case)
    contract = ContractFactory(case=case, person=head, worker=social_worker)
    interview = InterviewFactory(case=case, worker=social_worker)
    event = _record(
        social_worker,
        case,
        person=head,
        contract=contract,
        interview=interview,
        kind=CooperationEventKind.BROKEN_CONTRACT,
    )
    assert event.recorded_by == social_worker
    record = ActionRecord.objects.get(action=COOPERATION_RECORD)
    assert ActionRecord.objects.about(contract).filter(pk=record.pk).exists()
    assert ActionRecord.objects.about(head).filter(pk=record.pk).exists()


def test_others_may_not_record(
    case: CaseFile, other_social_worker: Any, benefits_clerk: Any
) -> None:
    for actor in (other_social_worker, benefits_clerk):
        with pytest.raises(PermissionDenied):
            _record(actor, case)


def test_no_record_on_a_closed_case_for_the_worker(case: CaseFile, social_worker: Any) -> None:
    case.state = "zamknieta"
    case.closed_on = TODAY
    case.close_reason = "inny"
    case.save()
    with pytest.raises(PermissionDenied):
        _record(social_worker, case)


def test_bad_input_is_refused_on_the_fields(
    case: CaseFile, social_worker: Any, household_south: Any
) -> None:
    other_case = CaseFileFactory(household=household_south, opened_on=OPENED)
    stranger = PersonFactory(first_names="Obcy", surname="Sąsiad")
    with pytest.raises(ValidationError) as raised:
        _record(
            social_worker,
            case,
            occurred_on=TODAY + datetime.timedelta(days=1),
            evidence="",
            contract=ContractFactory(case=other_case),
            interview=InterviewFactory(case=other_case),
        )
    errors = raised.value.message_dict
    assert {"occurred_on", "evidence", "contract", "interview"} <= set(errors)
    with pytest.raises(ValidationError) as raised:
        _record(social_worker, case, person=stranger)
    assert "Obcy Sąsiad" in raised.value.message_dict["person"][0]
    assert not CooperationEvent.objects.exists()


def test_the_panel_the_list_and_the_timeline(
    login: Any, social_worker: Any, benefits_clerk: Any, case: CaseFile
) -> None:
    event = _record(social_worker, case, person=_head(case))
    client = login(benefits_clerk)
    page = client.get(reverse("casework:case_detail", args=[case.pk]))
    html = page.content.decode()
    assert "art. 11" in html
    assert "Pismo PUP" in html
    entry = next(e for e in page.context["timeline"] if e.on == event.occurred_on)
    assert entry.url.endswith(f"#zdarzenie-{event.pk}")
    response = client.get(reverse("casework:cooperation_list", args=[case.pk]))
    assert response.status_code == 200
    assert f'id="zdarzenie-{event.pk}"' in response.content.decode()
    assert AccessLog.objects.filter(what=COOPERATION).exists()


def test_the_form_records_and_keeps_input_on_error(
    login: Any, social_worker: Any, case: CaseFile
) -> None:
    client = login(social_worker)
    url = reverse("casework:cooperation_add", args=[case.pk])
    assert client.get(url).status_code == 200
    data = {
        "kind": CooperationEventKind.NO_COOPERATION,
        "person": "",
        "occurred_on": "2026-06-20",
        "evidence": "Trzy nieudane próby kontaktu.",
        "assessment": "Brak współpracy.",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors["occurred_on"]
    assert "Trzy nieudane próby kontaktu." in response.content.decode()
    data["occurred_on"] = "2026-06-12"
    response = client.post(url, data)
    assert response.status_code == 302
    assert CooperationEvent.objects.get().kind == CooperationEventKind.NO_COOPERATION


def test_the_form_is_refused_to_those_without_edit(
    login: Any, benefits_clerk: Any, accountant: Any, other_social_worker: Any, case: CaseFile
) -> None:
    url = reverse("casework:cooperation_add", args=[case.pk])
    assert login(benefits_clerk).get(url).status_code == 403
    assert login(other_social_worker).get(url).status_code == 404
    assert (
        login(accountant).get(reverse("casework:cooperation_list", args=[case.pk])).status_code
        == 403
    )
