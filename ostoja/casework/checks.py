"""A wrong questionnaire file must stop the application from starting, not fail on the first
interview: the system check loads and validates every definition (`manage.py check`, and
every start of the server and of the tests)."""

from typing import Any

from django.core import checks


@checks.register()
def questionnaires_are_valid(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    from ostoja.casework.questionnaire import QuestionnaireError, load_questionnaires

    try:
        load_questionnaires()
    except QuestionnaireError as error:
        return [checks.Error(str(error), id="casework.E001")]
    return []
