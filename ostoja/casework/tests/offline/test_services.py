"""The offline copy's token and its sync (ostoja.casework.services.offline)."""

import datetime
from typing import Any

import pytest
import time_machine
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from ostoja.casework.models import Interview
from ostoja.casework.questionnaire import display_answer, get_questionnaire
from ostoja.casework.services import offline
from ostoja.casework.services.interviews import interview_save_answers
from ostoja.core.models import ActionRecord

pytestmark = pytest.mark.django_db


def _sync(actor: Any, interview: Interview, answers: dict[str, Any], **kwargs: Any) -> Interview:
    token = kwargs.pop("token", None) or offline.offline_token(interview, actor)
    return offline.interview_sync(
        actor=actor,
        interview=interview,
        token=token,
        base_version=kwargs.pop("base_version", interview.version),
        answers=answers,
    )


def test_sync_saves_the_answers_and_records_the_action(
    interview: Interview, social_worker: Any
) -> None:
    base = interview.version
    saved = _sync(social_worker, interview, {"I.A.4": "600 100 200", "I.C.3": "3"})
    saved.refresh_from_db()
    assert saved.answers["I.A.4"] == "600 100 200"
    assert saved.answers["I.C.3"] == 3
    assert saved.version == base + 1
    record = ActionRecord.objects.filter(action=offline.INTERVIEW_SYNC).get()
    assert record.details["base_version"] == base
    assert record.details["version"] == base + 1


def test_token_binds_interview_user_and_version(interview: Interview, social_worker: Any) -> None:
    data = signing.loads(offline.offline_token(interview, social_worker), salt=offline.SALT)
    assert data == {
        "interview": interview.pk,
        "user": social_worker.pk,
        "version": interview.version,
    }


def test_a_user_who_may_not_edit_the_case_is_refused(
    interview: Interview, other_social_worker: Any
) -> None:
    with pytest.raises(PermissionDenied):
        _sync(other_social_worker, interview, {"I.A.4": "1"})


def test_a_damaged_token_is_refused(interview: Interview, social_worker: Any) -> None:
    token = offline.offline_token(interview, social_worker)
    with pytest.raises(offline.OfflineCopyRefused, match="zmieniona lub uszkodzona"):
        _sync(social_worker, interview, {"I.A.4": "1"}, token=token[:-2] + "xx")


def test_a_token_of_another_salt_is_refused(interview: Interview, social_worker: Any) -> None:
    token = signing.dumps(
        {"interview": interview.pk, "user": social_worker.pk, "version": interview.version}
    )
    with pytest.raises(offline.OfflineCopyRefused, match="zmieniona lub uszkodzona"):
        _sync(social_worker, interview, {"I.A.4": "1"}, token=token)


def test_a_token_without_a_version_is_refused(interview: Interview, social_worker: Any) -> None:
    token = signing.dumps({"interview": interview.pk, "user": social_worker.pk}, salt=offline.SALT)
    with pytest.raises(offline.OfflineCopyRefused, match="Tej kopii wywiadu nie można wysłać"):
        _sync(social_worker, interview, {"I.A.4": "1"}, token=token)


def test_a_token_of_another_interview_is_refused(interview: Interview, social_worker: Any) -> None:
    token = signing.dumps(
        {"interview": interview.pk + 1, "user": social_worker.pk, "version": interview.version},
        salt=offline.SALT,
    )
    with pytest.raises(offline.OfflineCopyRefused, match="innego wywiadu"):
        _sync(social_worker, interview, {"I.A.4": "1"}, token=token)


def test_a_token_of_another_user_is_refused(
    interview: Interview, social_worker: Any, director: Any
) -> None:
    token = offline.offline_token(interview, social_worker)
    with pytest.raises(offline.OfflineCopyRefused, match="inny użytkownik"):
        _sync(director, interview, {"I.A.4": "1"}, token=token)


def test_an_expired_token_is_refused(interview: Interview, social_worker: Any) -> None:
    token = offline.offline_token(interview, social_worker)
    eight_days_later = datetime.datetime(2026, 6, 23, 10, 0, tzinfo=datetime.UTC)
    with (
        time_machine.travel(eight_days_later),
        pytest.raises(offline.OfflineCopyRefused, match="ponad 7 dni"),
    ):
        _sync(social_worker, interview, {"I.A.4": "1"}, token=token)


@override_settings(OSTOJA_OFFLINE_MAX_AGE_DAYS=10)
def test_the_maximum_age_is_a_setting(interview: Interview, social_worker: Any) -> None:
    token = offline.offline_token(interview, social_worker)
    with time_machine.travel(datetime.datetime(2026, 6, 23, 10, 0, tzinfo=datetime.UTC)):
        saved = _sync(social_worker, interview, {"I.A.4": "1"}, token=token)
    assert saved.answers["I.A.4"] == "1"


def test_a_base_version_other_than_the_tokens_is_refused(
    interview: Interview, social_worker: Any
) -> None:
    token = offline.offline_token(interview, social_worker)
    with pytest.raises(offline.OfflineCopyRefused, match="nie zgadza się"):
        _sync(
            social_worker,
            interview,
            {"I.A.4": "1"},
            token=token,
            base_version=interview.version - 1,
        )


def test_a_base_version_newer_than_the_servers_is_refused(
    interview: Interview, social_worker: Any
) -> None:
    ahead = signing.dumps(
        {"interview": interview.pk, "user": social_worker.pk, "version": interview.version + 5},
        salt=offline.SALT,
    )
    with pytest.raises(offline.OfflineCopyRefused, match="nie zgadza się"):
        _sync(
            social_worker,
            interview,
            {"I.A.4": "1"},
            token=ahead,
            base_version=interview.version + 5,
        )
    interview.refresh_from_db()
    assert "I.A.4" not in interview.answers


def test_answers_that_do_not_fit_are_errors_by_question(
    interview: Interview, social_worker: Any
) -> None:
    with pytest.raises(ValidationError) as caught:
        _sync(social_worker, interview, {"I.C.3": "trzy", "I.B.1": "może"})
    assert caught.value.message_dict == {
        "I.C.3": ["Wpisz liczbę całkowitą."],
        "I.B.1": ["Odpowiedz „tak” albo „nie”."],
    }
    assert not ActionRecord.objects.filter(action=offline.INTERVIEW_SYNC).exists()


def _someone_saves(interview: Interview, actor: Any, answers: dict[str, Any]) -> Interview:
    current = Interview.objects.get(pk=interview.pk)
    return interview_save_answers(
        actor=actor, interview=current, base_version=current.version, answers=answers
    )


def test_a_stale_copy_gets_the_conflicts_side_by_side(
    interview: Interview, social_worker: Any, director: Any
) -> None:
    """The copy started at version v; the director then saved three answers. One the copy
    left as it was (taken from the server), one it changed the same way (no conflict), one it
    changed differently (a conflict); the copy's own new answer is not in the conflict."""
    base = interview.version
    token = offline.offline_token(interview, social_worker)
    _someone_saves(
        interview, director, {"I.A.4": "500 000 000", "I.C.3": "4", "I.B.1": "tak", "I.E.5": "x"}
    )
    with pytest.raises(offline.OfflineConflict) as caught:
        _sync(
            social_worker,
            interview,
            {"I.A.4": "", "I.C.3": "3", "I.B.1": "tak", "I.F.2": "2"},
            token=token,
            base_version=base,
        )
    conflict = caught.value
    assert conflict.server_version == base + 1
    assert [c.as_json() for c in conflict.conflicts] == [
        {
            "key": "I.C.3",
            "label": "Liczba izb",
            "mine": "3",
            "theirs": 4,
            "mine_display": "3",
            "theirs_display": "4",
        }
    ]
    assert conflict.taken == {"I.A.4": "500 000 000"}
    payload = conflict.as_json()
    assert payload["server_version"] == base + 1
    assert signing.loads(payload["token"], salt=offline.SALT)["version"] == base + 1
    interview.refresh_from_db()
    assert interview.answers["I.C.3"] == 4  # nothing overwritten
    assert "I.F.2" not in interview.answers


def test_the_chosen_answers_are_sent_again_from_the_servers_version(
    interview: Interview, social_worker: Any, director: Any
) -> None:
    token = offline.offline_token(interview, social_worker)
    base = interview.version
    _someone_saves(interview, director, {"I.C.3": "4"})
    with pytest.raises(offline.OfflineConflict) as caught:
        _sync(social_worker, interview, {"I.C.3": "3"}, token=token, base_version=base)
    saved = _sync(
        social_worker,
        interview,
        {"I.C.3": "3", "I.F.2": "1"},
        token=caught.value.token,
        base_version=caught.value.server_version,
    )
    assert saved.answers["I.C.3"] == 3
    assert saved.answers["I.F.2"] == 1


def test_an_answer_that_does_not_fit_is_shown_as_typed_in_the_conflict(
    interview: Interview, social_worker: Any, director: Any
) -> None:
    token = offline.offline_token(interview, social_worker)
    base = interview.version
    _someone_saves(interview, director, {"I.B.3": ["czynsz", "media"]})
    with pytest.raises(offline.OfflineConflict) as caught:
        _sync(
            social_worker, interview, {"I.B.3": ["czynsz", "nic"]}, token=token, base_version=base
        )
    [conflict] = caught.value.conflicts
    question = get_questionnaire(interview.form_code, interview.form_version).question("I.B.3")
    assert conflict.mine == ["czynsz", "nic"]
    assert conflict.mine_display == "czynsz, nic"
    assert conflict.theirs == ["czynsz", "media"]
    assert conflict.theirs_display == display_answer(question, ["czynsz", "media"])


def test_a_copy_from_a_version_the_server_never_recorded_compares_every_answer(
    interview: Interview, social_worker: Any, director: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the answers of the copy's version nothing can be taken silently. (The saved
    versions are append-only, a trigger on PostgreSQL: the lookup is made to find none.)"""
    from ostoja.casework.services import interviews as interview_services

    token = offline.offline_token(interview, social_worker)
    base = interview.version
    _someone_saves(interview, director, {"I.C.3": "4"})
    real_answers_at = interview_services.answers_at

    def never_recorded(row: Interview, version: int) -> dict[str, Any] | None:
        return None if version == base else real_answers_at(row, version)

    monkeypatch.setattr(offline, "answers_at", never_recorded)
    monkeypatch.setattr(interview_services, "answers_at", never_recorded)
    with pytest.raises(offline.OfflineConflict) as caught:
        _sync(
            social_worker,
            interview,
            {"I.C.3": "", "I.A.1": "x", "unknown": "y"},
            token=token,
            base_version=base,
        )
    assert [c.key for c in caught.value.conflicts] == ["I.C.3"]
    assert caught.value.taken == {}
