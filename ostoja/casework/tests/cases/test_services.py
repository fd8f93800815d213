"""The case file's services: open, close, reopen, the worker, reasons, permanent help."""

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from ostoja.casework.models import CaseFile, CaseReason, CaseState, HelpReason, WorkerAssignment
from ostoja.casework.services import cases as services
from ostoja.casework.tests.factories import CaseFileFactory
from ostoja.core.models import ActionRecord
from ostoja.registry.tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)
OPENED = datetime.date(2026, 5, 4)


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(
        datetime.datetime(2026, 6, 15, 10, 0, tzinfo=datetime.UTC), tick=False
    ):
        yield


def reason(code: str) -> HelpReason:
    return HelpReason.objects.get(code=code)


@pytest.fixture
def case(household_north: Any, social_worker: Any) -> CaseFile:
    return CaseFileFactory(household=household_north, worker=social_worker, opened_on=OPENED)


def _members(case: CaseFile) -> list[Any]:
    return [m.person for m in case.household.memberships.order_by("pk")]


# ---------------------------------------------------------------------------------------------
# Opening
# ---------------------------------------------------------------------------------------------


def test_a_worker_opens_the_file_with_reasons_and_is_its_worker(
    household_north: Any, social_worker: Any
) -> None:
    case = services.case_open(
        actor=social_worker,
        household=household_north,
        opened_on=OPENED,
        reasons=[reason("ubostwo"), reason("bezrobocie")],
    )
    assert case.state == CaseState.OPEN
    assert case.assignments.get().worker == social_worker
    assert sorted(r.reason_id for r in case.reasons.all()) == ["bezrobocie", "ubostwo"]
    assert all(r.person is None and r.valid_from == OPENED for r in case.reasons.all())
    record = ActionRecord.objects.get(action=services.CASE_OPEN)
    assert ActionRecord.objects.about(household_north).filter(pk=record.pk).exists()


def test_the_only_worker_of_the_area_leads_a_case_the_director_opens(
    household_north: Any, social_worker: Any, director: Any
) -> None:
    case = services.case_open(actor=director, household=household_north, opened_on=OPENED)
    assert case.assignments.get().worker == social_worker


def test_with_several_workers_in_the_area_the_director_must_choose(
    household_north: Any, social_worker: Any, director: Any
) -> None:
    household_north.area.workers.add(UserFactory(role="pracownik_socjalny"))
    with pytest.raises(ValidationError) as raised:
        services.case_open(actor=director, household=household_north, opened_on=OPENED)
    assert "worker" in raised.value.message_dict
    assert not CaseFile.objects.exists()


def test_the_worker_must_be_an_active_social_worker(
    household_north: Any, social_worker: Any, benefits_clerk: Any
) -> None:
    with pytest.raises(ValidationError) as raised:
        services.case_open(
            actor=social_worker, household=household_north, opened_on=OPENED, worker=benefits_clerk
        )
    assert "worker" in raised.value.message_dict


def test_a_worker_of_another_area_may_not_open(
    household_north: Any, other_social_worker: Any
) -> None:
    with pytest.raises(PermissionDenied):
        services.case_open(actor=other_social_worker, household=household_north, opened_on=OPENED)


def test_a_benefits_clerk_may_not_open(household_north: Any, benefits_clerk: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.case_open(actor=benefits_clerk, household=household_north, opened_on=OPENED)


def test_a_future_opening_is_refused_on_the_field(household_north: Any, social_worker: Any) -> None:
    with pytest.raises(ValidationError) as raised:
        services.case_open(
            actor=social_worker,
            household=household_north,
            opened_on=TODAY + datetime.timedelta(days=1),
        )
    assert "opened_on" in raised.value.message_dict


def test_an_inactive_reason_is_refused(household_north: Any, social_worker: Any) -> None:
    old = HelpReason.objects.create(code="stary", name="dawny powód", active=False)
    with pytest.raises(ValidationError) as raised:
        services.case_open(
            actor=social_worker, household=household_north, opened_on=OPENED, reasons=[old]
        )
    assert "dawny powód" in raised.value.message_dict["reasons"][0]


def test_one_file_per_family_a_closed_one_is_reopened(case: CaseFile, social_worker: Any) -> None:
    with pytest.raises(ValidationError) as raised:
        services.case_open(actor=social_worker, household=case.household, opened_on=TODAY)
    assert "household" in raised.value.message_dict
    services.case_close(actor=social_worker, case=case, closed_on=TODAY, reason="ustanie_potrzeby")
    with pytest.raises(ValidationError) as raised:
        services.case_open(actor=social_worker, household=case.household, opened_on=TODAY)
    assert "15.06.2026" in raised.value.message_dict["household"][0]


# ---------------------------------------------------------------------------------------------
# Closing and reopening
# ---------------------------------------------------------------------------------------------


def test_closing_ends_the_reasons_and_the_assignment(case: CaseFile, social_worker: Any) -> None:
    services.case_reason_add(
        actor=social_worker, case=case, reason=reason("ubostwo"), valid_from=OPENED
    )
    closed = services.case_close(
        actor=social_worker,
        case=case,
        closed_on=datetime.date(2026, 6, 10),
        reason="wyprowadzka",
        note="Przeprowadzka do innej gminy.",
    )
    assert closed.state == CaseState.CLOSED
    assert closed.close_reason == "wyprowadzka"
    assert case.reasons.get().valid_to == datetime.date(2026, 6, 10)
    assert case.assignments.get().valid_to == datetime.date(2026, 6, 10)


def test_closing_before_the_opening_or_in_the_future_is_refused(
    case: CaseFile, social_worker: Any
) -> None:
    with pytest.raises(ValidationError) as raised:
        services.case_close(
            actor=social_worker,
            case=case,
            closed_on=OPENED - datetime.timedelta(days=1),
            reason="inny",
        )
    assert "04.05.2026" in raised.value.message_dict["closed_on"][0]
    with pytest.raises(ValidationError) as raised:
        services.case_close(
            actor=social_worker, case=case, closed_on=TODAY + datetime.timedelta(days=1), reason="x"
        )
    assert set(raised.value.message_dict) == {"closed_on", "reason"}


def test_a_closed_case_cannot_be_closed_again(case: CaseFile, director: Any) -> None:
    services.case_close(actor=director, case=case, closed_on=TODAY, reason="zgon")
    with pytest.raises(ValidationError) as raised:
        services.case_close(actor=director, case=case, closed_on=TODAY, reason="zgon")
    assert "closed_on" in raised.value.message_dict


def test_others_may_not_close(
    case: CaseFile, other_social_worker: Any, benefits_clerk: Any
) -> None:
    for actor in (other_social_worker, benefits_clerk):
        with pytest.raises(PermissionDenied):
            services.case_close(actor=actor, case=case, closed_on=TODAY, reason="inny")


def test_reopening_keeps_the_file_and_the_last_worker(case: CaseFile, social_worker: Any) -> None:
    services.case_close(
        actor=social_worker, case=case, closed_on=datetime.date(2026, 6, 1), reason="inny"
    )
    reopened = services.case_reopen(
        actor=social_worker, case=case, reopened_on=datetime.date(2026, 6, 2)
    )
    assert reopened.state == CaseState.REOPENED
    assert reopened.closed_on is None
    assert reopened.close_reason == ""
    current = case.assignments.get(valid_to__isnull=True)
    assert (current.worker, current.valid_from) == (social_worker, datetime.date(2026, 6, 2))
    assert case.assignments.count() == 2


def test_reopening_on_the_closing_day_is_refused(case: CaseFile, social_worker: Any) -> None:
    services.case_close(actor=social_worker, case=case, closed_on=TODAY, reason="inny")
    with pytest.raises(ValidationError) as raised:
        services.case_reopen(actor=social_worker, case=case, reopened_on=TODAY)
    assert "15.06.2026" in raised.value.message_dict["reopened_on"][0]


def test_an_open_case_is_not_reopened(case: CaseFile, social_worker: Any) -> None:
    with pytest.raises(ValidationError) as raised:
        services.case_reopen(actor=social_worker, case=case, reopened_on=TODAY)
    assert "reopened_on" in raised.value.message_dict


def test_a_worker_of_another_area_may_not_reopen(
    case: CaseFile, social_worker: Any, other_social_worker: Any
) -> None:
    services.case_close(
        actor=social_worker, case=case, closed_on=datetime.date(2026, 6, 1), reason="inny"
    )
    with pytest.raises(PermissionDenied):
        services.case_reopen(actor=other_social_worker, case=case, reopened_on=TODAY)


# ---------------------------------------------------------------------------------------------
# The worker
# ---------------------------------------------------------------------------------------------


def test_the_director_hands_the_case_over_and_history_stays(
    case: CaseFile, director: Any, social_worker: Any, other_social_worker: Any
) -> None:
    since = datetime.date(2026, 6, 8)
    services.case_assign_worker(actor=director, case=case, worker=other_social_worker, since=since)
    rows = list(case.assignments.order_by("valid_from"))
    assert [(r.worker, r.valid_from, r.valid_to) for r in rows] == [
        (social_worker, OPENED, datetime.date(2026, 6, 7)),
        (other_social_worker, since, None),
    ]
    record = ActionRecord.objects.get(action=services.CASE_ASSIGN)
    assert record.details["previous"] == str(social_worker)


def test_a_social_worker_may_not_assign(
    case: CaseFile, social_worker: Any, other_social_worker: Any
) -> None:
    with pytest.raises(PermissionDenied):
        services.case_assign_worker(
            actor=social_worker, case=case, worker=other_social_worker, since=TODAY
        )


def test_the_handover_must_come_after_the_current_start(
    case: CaseFile, director: Any, other_social_worker: Any
) -> None:
    with pytest.raises(ValidationError) as raised:
        services.case_assign_worker(
            actor=director, case=case, worker=other_social_worker, since=OPENED
        )
    assert "04.05.2026" in raised.value.message_dict["since"][0]


def test_the_same_worker_or_a_non_worker_is_refused(
    case: CaseFile, director: Any, social_worker: Any, benefits_clerk: Any
) -> None:
    for worker in (social_worker, benefits_clerk):
        with pytest.raises(ValidationError) as raised:
            services.case_assign_worker(actor=director, case=case, worker=worker, since=TODAY)
        assert "worker" in raised.value.message_dict


def test_a_case_without_a_worker_gets_one_from_the_opening(
    household_north: Any, director: Any, social_worker: Any
) -> None:
    case = CaseFileFactory(household=household_north, opened_on=OPENED)
    with pytest.raises(ValidationError):
        services.case_assign_worker(
            actor=director, case=case, worker=social_worker, since=OPENED - datetime.timedelta(1)
        )
    services.case_assign_worker(actor=director, case=case, worker=social_worker, since=OPENED)
    assert WorkerAssignment.objects.get(case=case).valid_from == OPENED


def test_no_handover_on_a_closed_case(
    case: CaseFile, director: Any, other_social_worker: Any
) -> None:
    services.case_close(actor=director, case=case, closed_on=TODAY, reason="inny")
    with pytest.raises(ValidationError):
        services.case_assign_worker(
            actor=director, case=case, worker=other_social_worker, since=TODAY
        )


# ---------------------------------------------------------------------------------------------
# Reasons for help
# ---------------------------------------------------------------------------------------------


def test_a_reason_for_one_member(case: CaseFile, social_worker: Any) -> None:
    child = _members(case)[1]
    row = services.case_reason_add(
        actor=social_worker,
        case=case,
        reason=reason("niepelnosprawnosc"),
        valid_from=OPENED,
        person=child,
        note="orzeczenie o niepełnosprawności",
    )
    assert row.person == child
    record = ActionRecord.objects.get(action=services.REASON_ADD)
    assert ActionRecord.objects.about(child).filter(pk=record.pk).exists()


def test_the_same_reason_twice_at_once_is_refused_naming_the_first(
    case: CaseFile, social_worker: Any
) -> None:
    services.case_reason_add(
        actor=social_worker, case=case, reason=reason("ubostwo"), valid_from=OPENED
    )
    with pytest.raises(ValidationError) as raised:
        services.case_reason_add(
            actor=social_worker, case=case, reason=reason("ubostwo"), valid_from=TODAY
        )
    message = raised.value.message_dict["valid_from"][0]
    assert "ubóstwo" in message
    assert "04.05.2026" in message


def test_the_same_reason_after_it_ended_or_for_another_person_is_fine(
    case: CaseFile, social_worker: Any
) -> None:
    first = services.case_reason_add(
        actor=social_worker, case=case, reason=reason("bezrobocie"), valid_from=OPENED
    )
    services.case_reason_end(
        actor=social_worker, case_reason=first, valid_to=datetime.date(2026, 5, 31)
    )
    with pytest.raises(ValidationError) as raised:
        services.case_reason_add(
            actor=social_worker,
            case=case,
            reason=reason("bezrobocie"),
            valid_from=datetime.date(2026, 5, 31),
        )
    assert "31.05.2026" in raised.value.message_dict["valid_from"][0]
    services.case_reason_add(
        actor=social_worker,
        case=case,
        reason=reason("bezrobocie"),
        valid_from=datetime.date(2026, 6, 1),
    )
    services.case_reason_add(
        actor=social_worker,
        case=case,
        reason=reason("bezrobocie"),
        valid_from=OPENED,
        person=_members(case)[0],
    )
    assert case.reasons.count() == 3


def test_a_reason_for_a_stranger_or_an_inactive_reason_is_refused(
    case: CaseFile, social_worker: Any
) -> None:
    stranger = PersonFactory(first_names="Obcy", surname="Sąsiad")
    with pytest.raises(ValidationError) as raised:
        services.case_reason_add(
            actor=social_worker,
            case=case,
            reason=reason("ubostwo"),
            valid_from=OPENED,
            person=stranger,
        )
    assert "Obcy Sąsiad" in raised.value.message_dict["person"][0]
    old = HelpReason.objects.create(code="stary", name="dawny powód", active=False)
    with pytest.raises(ValidationError) as raised:
        services.case_reason_add(actor=social_worker, case=case, reason=old, valid_from=OPENED)
    assert "reason" in raised.value.message_dict


def test_a_future_reason_is_refused(case: CaseFile, social_worker: Any) -> None:
    with pytest.raises(ValidationError) as raised:
        services.case_reason_add(
            actor=social_worker,
            case=case,
            reason=reason("ubostwo"),
            valid_from=TODAY + datetime.timedelta(days=2),
        )
    assert "valid_from" in raised.value.message_dict


def test_others_may_not_add_or_end_reasons(
    case: CaseFile, social_worker: Any, other_social_worker: Any, benefits_clerk: Any
) -> None:
    row = services.case_reason_add(
        actor=social_worker, case=case, reason=reason("ubostwo"), valid_from=OPENED
    )
    for actor in (other_social_worker, benefits_clerk):
        with pytest.raises(PermissionDenied):
            services.case_reason_add(
                actor=actor, case=case, reason=reason("bezdomnosc"), valid_from=OPENED
            )
        with pytest.raises(PermissionDenied):
            services.case_reason_end(actor=actor, case_reason=row, valid_to=TODAY)


def test_ending_a_reason_checks_its_dates(case: CaseFile, social_worker: Any) -> None:
    row = services.case_reason_add(
        actor=social_worker, case=case, reason=reason("ubostwo"), valid_from=OPENED
    )
    with pytest.raises(ValidationError) as raised:
        services.case_reason_end(
            actor=social_worker, case_reason=row, valid_to=OPENED - datetime.timedelta(days=1)
        )
    assert "valid_to" in raised.value.message_dict
    with pytest.raises(ValidationError) as raised:
        services.case_reason_end(
            actor=social_worker, case_reason=row, valid_to=TODAY + datetime.timedelta(days=1)
        )
    assert "valid_to" in raised.value.message_dict
    services.case_reason_end(actor=social_worker, case_reason=row, valid_to=TODAY)
    with pytest.raises(ValidationError) as raised:
        services.case_reason_end(actor=social_worker, case_reason=row, valid_to=TODAY)
    assert "15.06.2026" in raised.value.message_dict["valid_to"][0]
    assert CaseReason.objects.get(pk=row.pk).valid_to == TODAY


# ---------------------------------------------------------------------------------------------
# Permanent help
# ---------------------------------------------------------------------------------------------


def test_permanent_help_is_set_and_cleared(case: CaseFile, social_worker: Any) -> None:
    services.case_set_permanent_help(
        actor=social_worker, case=case, since=datetime.date(2026, 6, 1)
    )
    assert CaseFile.objects.get(pk=case.pk).permanent_help_since == datetime.date(2026, 6, 1)
    services.case_set_permanent_help(actor=social_worker, case=case, since=None)
    assert CaseFile.objects.get(pk=case.pk).permanent_help_since is None
    assert ActionRecord.objects.filter(action=services.PERMANENT_HELP).count() == 2


def test_permanent_help_in_the_future_or_by_others_is_refused(
    case: CaseFile, social_worker: Any, benefits_clerk: Any
) -> None:
    with pytest.raises(ValidationError) as raised:
        services.case_set_permanent_help(
            actor=social_worker, case=case, since=TODAY + datetime.timedelta(days=1)
        )
    assert "since" in raised.value.message_dict
    with pytest.raises(PermissionDenied):
        services.case_set_permanent_help(actor=benefits_clerk, case=case, since=TODAY)


def test_a_closed_case_takes_no_reasons_nor_permanent_help_from_its_worker(
    case: CaseFile, social_worker: Any
) -> None:
    row = services.case_reason_add(
        actor=social_worker, case=case, reason=reason("ubostwo"), valid_from=OPENED
    )
    services.case_close(actor=social_worker, case=case, closed_on=TODAY, reason="inny")
    with pytest.raises(PermissionDenied):
        services.case_reason_add(
            actor=social_worker, case=case, reason=reason("bezrobocie"), valid_from=TODAY
        )
    with pytest.raises(PermissionDenied):
        services.case_reason_end(actor=social_worker, case_reason=row, valid_to=TODAY)
    with pytest.raises(PermissionDenied):
        services.case_set_permanent_help(actor=social_worker, case=case, since=TODAY)
