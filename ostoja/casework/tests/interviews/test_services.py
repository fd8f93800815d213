"""The interview's services: planning to closing, answers and their conflicts, corrections,
refusals, attempts, and corrections of the registry from segment A."""

import datetime
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.utils import translation

from ostoja.casework.models import (
    CaseFile,
    CaseState,
    CooperationEvent,
    CooperationEventKind,
    Interview,
    InterviewAnswers,
    InterviewKind,
    InterviewState,
)
from ostoja.casework.services import interviews as svc
from ostoja.casework.services.interviews import InterviewConflict
from ostoja.casework.tests.factories import InterviewFactory
from ostoja.core.models import ActionRecord
from ostoja.registry.models import Income, Relation
from ostoja.registry.tests.factories import income_kind

from .conftest import TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """The services' messages in their source language; the views' tests read them in Polish."""
    with translation.override("en"):
        yield


# Monday 1 June 2026. Fourteen working days after it, the day itself not counted and Thursday
# 4 June (Boże Ciało) skipped: 2, 3, 5, 8, 9, 10, 11, 12, 15, 16, 17, 18, 19, 22 June.
KNOWN = datetime.date(2026, 6, 1)
DUE = datetime.date(2026, 6, 22)
# Urgent: two working days after 1 June: 2 and 3 June.
DUE_URGENT = datetime.date(2026, 6, 3)

FULL_REQUIRED = {
    "I.H.1": "Pomoc w opłaceniu czynszu.",
    "I.I.1": "Trudna sytuacja materialna po utracie pracy.",
    "I.J.1": "Zasiłek okresowy, praca socjalna.",
}


def _plan(actor: Any, case: CaseFile, **values: Any) -> Interview:
    data: dict[str, Any] = {"kind": InterviewKind.FULL, "need_known_on": KNOWN}
    data.update(values)
    return svc.interview_plan(actor=actor, case=case, **data)


def _started(actor: Any, case: CaseFile, **values: Any) -> Interview:
    interview = _plan(actor, case, **values)
    return svc.interview_start(actor=actor, interview=interview, version=interview.version)


def _completed(actor: Any, case: CaseFile) -> Interview:
    interview = _started(actor, case)
    interview = svc.interview_save_answers(
        actor=actor, interview=interview, base_version=interview.version, answers=FULL_REQUIRED
    )
    return svc.interview_complete(
        actor=actor,
        interview=interview,
        version=interview.version,
        conducted_on=datetime.date(2026, 6, 10),
        place="mieszkanie rodziny",
    )


def _messages(error: ValidationError) -> dict[str, list[str]]:
    return error.message_dict


def _codes(error: ValidationError) -> list[str | None]:
    return [e.code for e in error.error_dict[NON_FIELD_ERRORS]]


# ---------------------------------------------------------------------------------------------
# Planning
# ---------------------------------------------------------------------------------------------


def test_a_planned_interview_is_due_fourteen_working_days_after_the_need(
    case: CaseFile, social_worker: Any
) -> None:
    interview = _plan(social_worker, case, planned_on=datetime.date(2026, 6, 17))
    assert interview.state == InterviewState.PLANNED
    assert interview.due_on == DUE
    assert (interview.form_code, interview.form_version) == ("rws-2021", "1")
    assert interview.worker == social_worker
    record = ActionRecord.objects.get(action=svc.INTERVIEW_PLAN)
    assert ActionRecord.objects.about(case.household).filter(pk=record.pk).exists()
    assert record.details["due_on"] == "22.06.2026"


def test_an_urgent_interview_is_due_in_two_working_days(case: CaseFile, social_worker: Any) -> None:
    assert _plan(social_worker, case, urgent=True).due_on == DUE_URGENT


def test_the_worker_defaults_to_the_case_worker_even_when_the_director_plans(
    case: CaseFile, social_worker: Any, director: Any
) -> None:
    assert _plan(director, case).worker == social_worker


def test_others_may_not_plan(
    case: CaseFile, other_social_worker: Any, benefits_clerk: Any, accountant: Any
) -> None:
    for actor in (other_social_worker, benefits_clerk, accountant):
        with pytest.raises(PermissionDenied):
            _plan(actor, case)


def test_a_closed_case_gets_no_interview_from_a_worker(case: CaseFile, social_worker: Any) -> None:
    CaseFile.objects.filter(pk=case.pk).update(
        state=CaseState.CLOSED, closed_on=TODAY, close_reason="inne"
    )
    case.refresh_from_db()
    with pytest.raises(PermissionDenied):
        _plan(social_worker, case)


def test_a_visit_on_a_holiday_is_refused_naming_the_holiday(
    case: CaseFile, social_worker: Any
) -> None:
    with pytest.raises(ValidationError) as error:
        _plan(social_worker, case, planned_on=datetime.date(2026, 11, 11))
    assert _messages(error.value) == {
        "planned_on": [
            "11.11.2026 is a public holiday (Narodowe Święto Niepodległości); choose a working day."
        ]
    }


def test_a_visit_on_a_sunday_or_before_the_need_is_refused(
    case: CaseFile, social_worker: Any
) -> None:
    with pytest.raises(ValidationError) as error:
        _plan(social_worker, case, planned_on=datetime.date(2026, 6, 21))
    assert "Saturday or a Sunday" in _messages(error.value)["planned_on"][0]
    with pytest.raises(ValidationError) as error:
        _plan(social_worker, case, planned_on=datetime.date(2026, 5, 29))
    assert "before the day the need became known" in _messages(error.value)["planned_on"][0]


def test_a_need_known_in_the_future_is_refused(case: CaseFile, social_worker: Any) -> None:
    with pytest.raises(ValidationError) as error:
        _plan(social_worker, case, need_known_on=TODAY + datetime.timedelta(days=1))
    assert _messages(error.value) == {"need_known_on": ["This date cannot be in the future."]}


def test_no_questionnaire_before_the_2021_form(case: CaseFile, social_worker: Any) -> None:
    with pytest.raises(ValidationError) as error:
        _plan(social_worker, case, need_known_on=datetime.date(2021, 1, 4))
    assert "need_known_on" in _messages(error.value)


def test_kinds_that_are_not_planned(case: CaseFile, social_worker: Any) -> None:
    for kind in (InterviewKind.REFUSED, InterviewKind.NOT_POSSIBLE, "inny"):
        with pytest.raises(ValidationError) as error:
            _plan(social_worker, case, kind=kind)
        assert "kind" in _messages(error.value)


def test_a_worker_who_is_not_a_social_worker_is_refused(
    case: CaseFile, social_worker: Any, accountant: Any
) -> None:
    with pytest.raises(ValidationError) as error:
        _plan(social_worker, case, worker=accountant)
    assert _messages(error.value) == {"worker": ["Choose an active social worker."]}


def test_an_update_is_based_on_the_last_completed_interview(
    case: CaseFile, social_worker: Any
) -> None:
    with pytest.raises(ValidationError) as error:
        _plan(social_worker, case, kind=InterviewKind.UPDATE)
    assert "kind" in _messages(error.value)
    full = _completed(social_worker, case)
    update = _plan(social_worker, case, kind=InterviewKind.UPDATE)
    assert update.based_on == full


def test_only_an_update_names_its_base_and_only_a_fixed_one(
    case: CaseFile, social_worker: Any
) -> None:
    in_progress = _started(social_worker, case)
    with pytest.raises(ValidationError) as error:
        _plan(social_worker, case, kind=InterviewKind.UPDATE, based_on=in_progress)
    assert "based_on" in _messages(error.value)
    with pytest.raises(ValidationError) as error:
        _plan(social_worker, case, based_on=in_progress)
    assert _messages(error.value) == {"based_on": ["Only an update is based on another interview."]}


# ---------------------------------------------------------------------------------------------
# Starting: segment A from the registry, an update from its base
# ---------------------------------------------------------------------------------------------


def test_starting_fills_segment_a_from_the_registry(case: CaseFile, social_worker: Any) -> None:
    head = case.household.memberships.order_by("pk")[0].person
    Income.objects.create(
        person=head, month=datetime.date(2026, 5, 1), kind=income_kind(), gross=Decimal("3200")
    )
    interview = _started(social_worker, case)
    assert interview.state == InterviewState.IN_PROGRESS
    members = interview.answers["I.A.1"]
    assert [m["person_id"] for m in members] == list(
        case.household.memberships.order_by("valid_from", "pk").values_list("person_id", flat=True)
    )
    assert members[0]["relation"] == Relation.APPLICANT
    assert members[0]["birth_date"] == head.birth_date.isoformat()
    assert "pesel" not in members[0]
    assert interview.answers["I.A.2"] == str(case.household.address)
    assert interview.answers["I.A.3"][0]["gross"] == "3200.00"
    assert interview.version == 2
    stored = InterviewAnswers.objects.get(interview=interview, version=2)
    assert stored.answers == interview.answers
    assert ActionRecord.objects.filter(action=svc.INTERVIEW_START).count() == 1


def test_an_update_starts_with_the_answers_of_its_base(case: CaseFile, social_worker: Any) -> None:
    full = _completed(social_worker, case)
    Interview.objects.filter(pk=full.pk).update(
        answers={**full.answers, "OM.A.1": "54.50", "I.H.1": "x"}
    )
    update = _started(social_worker, case, kind=InterviewKind.UPDATE)
    assert update.answers == {"OM.A.1": "54.50"}  # part I is not in an update


def test_start_refusals(case: CaseFile, social_worker: Any, other_social_worker: Any) -> None:
    interview = _plan(social_worker, case)
    with pytest.raises(PermissionDenied):
        svc.interview_start(actor=other_social_worker, interview=interview, version=1)
    with pytest.raises(InterviewConflict):
        svc.interview_start(actor=social_worker, interview=interview, version=7)
    svc.interview_start(actor=social_worker, interview=interview, version=1)
    with pytest.raises(ValidationError) as error:
        svc.interview_start(actor=social_worker, interview=interview, version=2)
    assert _codes(error.value) == ["state"]
    refused = InterviewFactory(
        case=case,
        kind=InterviewKind.NOT_POSSIBLE,
        worker=social_worker,
        need_known_on=KNOWN,
    )
    with pytest.raises(ValidationError) as error:
        svc.interview_start(actor=social_worker, interview=refused, version=1)
    assert _codes(error.value) == ["kind"]


# ---------------------------------------------------------------------------------------------
# Answers
# ---------------------------------------------------------------------------------------------


def test_answers_are_cleaned_merged_and_kept_at_each_version(
    case: CaseFile, social_worker: Any
) -> None:
    interview = _started(social_worker, case)
    saved = svc.interview_save_answers(
        actor=social_worker,
        interview=interview,
        base_version=2,
        answers={"I.B.1": "tak", "I.B.2": "1 234,5", "I.B.3": ["czynsz", "media"]},
    )
    assert saved.version == 3
    assert saved.answers["I.B.2"] == "1234.50"
    assert saved.answers["I.B.1"] is True
    saved = svc.interview_save_answers(
        actor=social_worker, interview=saved, base_version=3, answers={"I.B.2": ""}
    )
    assert "I.B.2" not in saved.answers
    assert saved.answers["I.B.3"] == ["czynsz", "media"]
    assert InterviewAnswers.objects.get(interview=saved, version=3).answers["I.B.2"] == "1234.50"
    record = ActionRecord.objects.filter(action=svc.INTERVIEW_SAVE).latest("pk")
    assert record.details["keys"] == ["I.B.2"]


def test_saving_the_same_answers_changes_nothing(case: CaseFile, social_worker: Any) -> None:
    interview = _started(social_worker, case)
    same = svc.interview_save_answers(
        actor=social_worker, interview=interview, base_version=2, answers={"I.B.6": ""}
    )
    assert same.version == 2
    assert not ActionRecord.objects.filter(action=svc.INTERVIEW_SAVE).exists()


def test_a_wrong_answer_is_an_error_on_its_question_and_nothing_is_saved(
    case: CaseFile, social_worker: Any
) -> None:
    interview = _started(social_worker, case)
    with pytest.raises(ValidationError) as error:
        svc.interview_save_answers(
            actor=social_worker,
            interview=interview,
            base_version=2,
            answers={"I.C.3": "dwa", "I.B.1": "tak", "IV.A.2": "x", "X.9": "y", "I.A.1": "z"},
        )
    messages = _messages(error.value)
    assert set(messages) == {"I.C.3", "IV.A.2", "X.9", "I.A.1"}
    assert messages["IV.A.2"] == ["This question is not part of this kind of interview."]
    interview.refresh_from_db()
    assert interview.version == 2
    assert "I.B.1" not in interview.answers


def test_a_save_from_an_older_version_raises_a_conflict_with_the_changed_keys(
    case: CaseFile, social_worker: Any
) -> None:
    interview = _started(social_worker, case)
    svc.interview_save_answers(
        actor=social_worker, interview=interview, base_version=2, answers={"I.B.1": "tak"}
    )
    svc.interview_save_answers(
        actor=social_worker, interview=interview, base_version=3, answers={"I.B.6": "Czynsz."}
    )
    with pytest.raises(InterviewConflict) as conflict:
        svc.interview_save_answers(
            actor=social_worker, interview=interview, base_version=2, answers={"I.B.1": "nie"}
        )
    assert conflict.value.server_version == 4
    assert conflict.value.changed_keys == {"I.B.1", "I.B.6"}
    assert conflict.value.server_answers["I.B.6"] == "Czynsz."
    with pytest.raises(InterviewConflict) as conflict:
        svc.interview_save_answers(
            actor=social_worker, interview=interview, base_version=99, answers={}
        )
    assert conflict.value.changed_keys == set(conflict.value.server_answers)


def test_a_planned_or_completed_interview_takes_no_answers(
    case: CaseFile, social_worker: Any, other_social_worker: Any
) -> None:
    planned = _plan(social_worker, case)
    with pytest.raises(ValidationError) as error:
        svc.interview_save_answers(
            actor=social_worker, interview=planned, base_version=1, answers={"I.B.1": "tak"}
        )
    assert _codes(error.value) == ["state"]
    completed = _completed(social_worker, case)
    with pytest.raises(ValidationError) as error:
        svc.interview_save_answers(
            actor=social_worker,
            interview=completed,
            base_version=completed.version,
            answers={"I.B.1": "tak"},
        )
    assert _codes(error.value) == ["fixed"]
    with pytest.raises(PermissionDenied):
        svc.interview_save_answers(
            actor=other_social_worker, interview=completed, base_version=1, answers={}
        )


# ---------------------------------------------------------------------------------------------
# Completing, signing, closing
# ---------------------------------------------------------------------------------------------


def test_completion_names_every_missing_answer_and_bad_field(
    case: CaseFile, social_worker: Any
) -> None:
    interview = _started(social_worker, case)
    with pytest.raises(ValidationError) as error:
        svc.interview_complete(
            actor=social_worker,
            interview=interview,
            version=2,
            conducted_on=TODAY + datetime.timedelta(days=1),
            place=" ",
        )
    messages = _messages(error.value)
    assert set(messages) == {"conducted_on", "place", "I.H.1", "I.I.1", "I.J.1"}
    assert messages["I.H.1"] == ["Answer this question before completing the interview."]
    assert messages["conducted_on"] == ["This date cannot be in the future."]
    with pytest.raises(ValidationError) as error:
        svc.interview_complete(
            actor=social_worker,
            interview=interview,
            version=2,
            conducted_on=datetime.date(2026, 5, 29),
            place="mieszkanie",
        )
    assert _messages(error.value)["conducted_on"] == [
        "The interview cannot be conducted before the need became known (01.06.2026)."
    ]
    with pytest.raises(InterviewConflict):
        svc.interview_complete(
            actor=social_worker,
            interview=interview,
            version=1,
            conducted_on=TODAY,
            place="mieszkanie",
        )


def test_the_whole_cycle_to_closing(case: CaseFile, social_worker: Any) -> None:
    interview = _completed(social_worker, case)
    assert interview.state == InterviewState.COMPLETED
    assert interview.completed_at is not None
    assert interview.is_fixed
    signed = svc.interview_sign(
        actor=social_worker,
        interview=interview,
        signed_on=datetime.date(2026, 6, 11),
        signed_place="Dębowo",
    )
    assert signed.state == InterviewState.SIGNED
    assert signed.signed_place == "Dębowo"
    closed = svc.interview_close(actor=social_worker, interview=signed)
    assert closed.state == InterviewState.CLOSED
    assert closed.closed_at is not None
    versions = list(
        InterviewAnswers.objects.filter(interview=closed).values_list("version", flat=True)
    )
    assert versions == [1, 2, 3, 4, 5, 6]
    kinds = set(ActionRecord.objects.values_list("action", flat=True))
    assert {svc.INTERVIEW_COMPLETE, svc.INTERVIEW_SIGN, svc.INTERVIEW_CLOSE} <= kinds


def test_signing_refusals(case: CaseFile, social_worker: Any, other_social_worker: Any) -> None:
    in_progress = _started(social_worker, case)
    with pytest.raises(ValidationError) as error:
        svc.interview_sign(
            actor=social_worker, interview=in_progress, signed_on=TODAY, signed_place="Dębowo"
        )
    assert _codes(error.value) == ["state"]
    interview = _completed(social_worker, case)
    with pytest.raises(ValidationError) as error:
        svc.interview_sign(
            actor=social_worker,
            interview=interview,
            signed_on=datetime.date(2026, 6, 9),
            signed_place="",
        )
    assert _messages(error.value) == {
        "signed_on": ["The statement cannot be signed before the interview (10.06.2026)."],
        "signed_place": ["Say where the statement was signed."],
    }
    with pytest.raises(ValidationError) as error:
        svc.interview_sign(
            actor=social_worker,
            interview=interview,
            signed_on=TODAY + datetime.timedelta(days=1),
            signed_place="Dębowo",
        )
    assert _messages(error.value) == {"signed_on": ["This date cannot be in the future."]}
    with pytest.raises(PermissionDenied):
        svc.interview_sign(
            actor=other_social_worker, interview=interview, signed_on=TODAY, signed_place="D"
        )


def test_a_paper_interview_closes_without_a_recorded_signature(
    case: CaseFile, social_worker: Any, other_social_worker: Any
) -> None:
    interview = _completed(social_worker, case)
    with pytest.raises(PermissionDenied):
        svc.interview_close(actor=other_social_worker, interview=interview)
    closed = svc.interview_close(actor=social_worker, interview=interview)
    assert closed.state == InterviewState.CLOSED
    assert closed.signed_on is None
    in_progress = _started(social_worker, case)
    with pytest.raises(ValidationError):
        svc.interview_close(actor=social_worker, interview=in_progress)


# ---------------------------------------------------------------------------------------------
# Corrections
# ---------------------------------------------------------------------------------------------


def test_a_correction_is_a_new_version_and_the_old_one_stays(
    case: CaseFile, social_worker: Any, other_social_worker: Any
) -> None:
    old = _completed(social_worker, case)
    with pytest.raises(PermissionDenied):
        svc.interview_correct(actor=other_social_worker, interview=old, reason="Błąd.")
    with pytest.raises(ValidationError) as error:
        svc.interview_correct(actor=social_worker, interview=old, reason="  ")
    assert _messages(error.value) == {"correction_reason": ["Say why the interview is corrected."]}
    new = svc.interview_correct(
        actor=social_worker, interview=old, reason="Pomyłka w kwocie zadłużenia."
    )
    assert new.pk != old.pk
    assert new.supersedes == old
    assert new.state == InterviewState.IN_PROGRESS
    assert new.answers == old.answers
    assert new.due_on == old.due_on
    old.refresh_from_db()
    assert old.state == InterviewState.COMPLETED
    assert not old.is_current_version
    with pytest.raises(ValidationError) as error:
        svc.interview_correct(actor=social_worker, interview=old, reason="Znowu.")
    assert _codes(error.value) == ["superseded"]
    with pytest.raises(ValidationError) as error:
        svc.interview_correct(actor=social_worker, interview=new, reason="Za wcześnie.")
    assert _codes(error.value) == ["not_fixed"]
    assert InterviewAnswers.objects.get(interview=new, version=1).answers == old.answers


def test_a_refused_interview_has_nothing_to_correct(case: CaseFile, social_worker: Any) -> None:
    refused = svc.interview_record_refusal(
        actor=social_worker,
        case=case,
        refused_on=TODAY,
        circumstances="Drzwi nie otwarto, odmowa przez domofon.",
        assessment="Odmowa bez uzasadnienia.",
    )
    with pytest.raises(ValidationError) as error:
        svc.interview_correct(actor=social_worker, interview=refused, reason="x")
    assert _codes(error.value) == ["kind"]


# ---------------------------------------------------------------------------------------------
# Refusal, attempts, not possible
# ---------------------------------------------------------------------------------------------


def test_a_refusal_closes_the_planned_interview_and_feeds_the_duty_to_cooperate(
    case: CaseFile, social_worker: Any
) -> None:
    planned = _plan(social_worker, case)
    refused = svc.interview_record_refusal(
        actor=social_worker,
        case=case,
        interview=planned,
        refused_on=datetime.date(2026, 6, 10),
        circumstances="Osoba odmówiła wpuszczenia pracownika do mieszkania.",
        assessment="Odmowa nieuzasadniona; rodzina pouczona o skutkach.",
    )
    assert refused.pk == planned.pk
    assert refused.kind == InterviewKind.REFUSED
    assert refused.state == InterviewState.CLOSED
    event = CooperationEvent.objects.get(interview=refused)
    assert event.kind == CooperationEventKind.REFUSED_INTERVIEW
    assert event.occurred_on == datetime.date(2026, 6, 10)
    record = ActionRecord.objects.get(action=svc.INTERVIEW_REFUSAL)
    assert record.details["kind_before"] == InterviewKind.FULL


def test_a_refusal_without_a_planned_interview_makes_one(
    case: CaseFile, social_worker: Any
) -> None:
    refused = svc.interview_record_refusal(
        actor=social_worker,
        case=case,
        need_known_on=KNOWN,
        refused_on=datetime.date(2026, 6, 2),
        circumstances="Odmowa przy drzwiach.",
        assessment="Bez uzasadnienia.",
    )
    assert refused.due_on == DUE
    assert refused.worker == social_worker


def test_refusal_errors_and_permission(
    case: CaseFile, social_worker: Any, other_social_worker: Any
) -> None:
    with pytest.raises(PermissionDenied):
        svc.interview_record_refusal(
            actor=other_social_worker, case=case, refused_on=TODAY, circumstances="x"
        )
    with pytest.raises(ValidationError) as error:
        svc.interview_record_refusal(
            actor=social_worker,
            case=case,
            need_known_on=KNOWN,
            refused_on=datetime.date(2026, 5, 29),
            circumstances="",
        )
    assert set(_messages(error.value)) == {"refused_on", "refusal_circumstances", "assessment"}
    with pytest.raises(ValidationError) as error:
        svc.interview_record_refusal(
            actor=social_worker,
            case=case,
            refused_on=TODAY + datetime.timedelta(days=1),
            circumstances="x",
        )
    assert "need_known_on" in _messages(error.value)
    with pytest.raises(ValidationError) as error:
        svc.interview_record_refusal(
            actor=social_worker,
            case=case,
            need_known_on=KNOWN,
            refused_on=TODAY + datetime.timedelta(days=1),
            circumstances="x",
            assessment="y",
        )
    assert _messages(error.value) == {"refused_on": ["This date cannot be in the future."]}
    with pytest.raises(ValidationError) as error:
        svc.interview_record_refusal(
            actor=social_worker,
            case=case,
            need_known_on=datetime.date(2021, 1, 4),
            refused_on=datetime.date(2021, 1, 5),
            circumstances="x",
            assessment="y",
        )
    assert "need_known_on" in _messages(error.value)
    other = InterviewFactory(worker=social_worker)
    with pytest.raises(ValidationError) as error:
        svc.interview_record_refusal(
            actor=social_worker,
            case=case,
            interview=other,
            refused_on=TODAY,
            circumstances="x",
            assessment="y",
        )
    assert "interview" in _messages(error.value)
    assert not CooperationEvent.objects.exists()


def test_an_attempt_is_recorded_on_an_open_interview(
    case: CaseFile, social_worker: Any, other_social_worker: Any
) -> None:
    interview = _plan(social_worker, case)
    attempt = svc.interview_record_attempt(
        actor=social_worker,
        interview=interview,
        attempted_on=datetime.date(2026, 6, 9),
        place="ul. Lipowa 3",
        note="Nikogo nie zastano; zostawiono wezwanie.",
    )
    assert attempt.recorded_by == social_worker
    assert ActionRecord.objects.get(action=svc.INTERVIEW_ATTEMPT).details["attempted_on"] == (
        "09.06.2026"
    )
    with pytest.raises(ValidationError) as error:
        svc.interview_record_attempt(
            actor=social_worker,
            interview=interview,
            attempted_on=datetime.date(2026, 5, 29),
            place="",
            note="",
        )
    assert set(_messages(error.value)) == {"attempted_on", "note"}
    with pytest.raises(ValidationError) as error:
        svc.interview_record_attempt(
            actor=social_worker,
            interview=interview,
            attempted_on=TODAY + datetime.timedelta(days=1),
            place="",
            note="x",
        )
    assert _messages(error.value) == {"attempted_on": ["This date cannot be in the future."]}
    with pytest.raises(PermissionDenied):
        svc.interview_record_attempt(
            actor=other_social_worker, interview=interview, attempted_on=TODAY, place="", note="x"
        )


def test_an_interview_found_not_possible_is_closed_with_its_reason(
    case: CaseFile, social_worker: Any, other_social_worker: Any
) -> None:
    interview = _started(social_worker, case)
    with pytest.raises(PermissionDenied):
        svc.interview_mark_not_possible(actor=other_social_worker, interview=interview, note="x")
    with pytest.raises(ValidationError) as error:
        svc.interview_mark_not_possible(actor=social_worker, interview=interview, note=" ")
    assert "note" in _messages(error.value)
    closed = svc.interview_mark_not_possible(
        actor=social_worker, interview=interview, note="Rodzina wyprowadziła się z gminy."
    )
    assert closed.kind == InterviewKind.NOT_POSSIBLE
    assert closed.state == InterviewState.CLOSED
    assert closed.attempts.get().note == "Rodzina wyprowadziła się z gminy."
    with pytest.raises(ValidationError):
        svc.interview_record_attempt(
            actor=social_worker, interview=closed, attempted_on=TODAY, place="", note="x"
        )


# ---------------------------------------------------------------------------------------------
# Segment A: the registry corrected from the interview
# ---------------------------------------------------------------------------------------------


def _member(case: CaseFile, index: int = 1) -> Any:
    return case.household.memberships.select_related("person").order_by("pk")[index]


def test_a_member_corrected_through_the_registry_and_segment_a_read_again(
    case: CaseFile, social_worker: Any
) -> None:
    interview = _started(social_worker, case)
    membership = _member(case)
    person = membership.person
    corrected = svc.interview_correct_registry(
        actor=social_worker,
        interview=interview,
        version=interview.version,
        membership=membership,
        person_version=person.version,
        first_names="Zofia",
        surname=person.surname,
        birth_date=person.birth_date,
        relation=Relation.GRANDCHILD,
        income_month=datetime.date(2026, 5, 1),
        income_kind=income_kind(),
        income_gross=Decimal("1500.00"),
    )
    row = next(m for m in corrected.answers["I.A.1"] if m["person_id"] == person.pk)
    assert row["name"].startswith("Zofia")
    assert row["relation"] == Relation.GRANDCHILD
    assert corrected.answers["I.A.3"][0]["gross"] == "1500.00"
    assert corrected.version == interview.version + 1
    reason = f"Environmental interview no. {interview.pk}"
    for action in ("registry.person_update", "registry.membership_update", "registry.income_add"):
        assert ActionRecord.objects.get(action=action).details["reason"] == reason
    record = ActionRecord.objects.get(action=svc.INTERVIEW_REGISTRY)
    assert record.details["what"] == "personal data, relation, income"


def test_registry_correction_refusals(
    case: CaseFile, social_worker: Any, other_social_worker: Any, household_south: Any
) -> None:
    interview = _started(social_worker, case)
    membership = _member(case)
    person = membership.person
    same: dict[str, Any] = {
        "interview": interview,
        "version": interview.version,
        "membership": membership,
        "person_version": person.version,
        "first_names": person.first_names,
        "surname": person.surname,
        "birth_date": person.birth_date,
        "relation": membership.relation,
    }
    unchanged = svc.interview_correct_registry(actor=social_worker, **same)
    assert unchanged.version == interview.version
    with pytest.raises(PermissionDenied):
        svc.interview_correct_registry(actor=other_social_worker, **same)
    with pytest.raises(InterviewConflict):
        svc.interview_correct_registry(actor=social_worker, **{**same, "version": 1})
    with pytest.raises(ValidationError) as error:
        svc.interview_correct_registry(
            actor=social_worker, **{**same, "income_gross": Decimal("10")}
        )
    assert "income_gross" in _messages(error.value)
    stranger = household_south.memberships.first()
    with pytest.raises(ValidationError) as error:
        svc.interview_correct_registry(actor=social_worker, **{**same, "membership": stranger})
    assert _messages(error.value) == {"membership": ["Choose a member of this family."]}
