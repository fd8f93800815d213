"""A broken questionnaire file stops the application at start-up."""

import pytest

from ostoja.casework import checks, questionnaire


def test_the_shipped_questionnaires_pass_the_check() -> None:
    assert checks.questionnaires_are_valid() == []


def test_a_broken_questionnaire_is_a_start_up_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> None:
        raise questionnaire.QuestionnaireError("rws-2021.yaml: I.C.3: unknown answer type")

    monkeypatch.setattr(questionnaire, "load_questionnaires", broken)
    [error] = checks.questionnaires_are_valid()
    assert error.id == "casework.E001"
    assert "I.C.3" in error.msg
