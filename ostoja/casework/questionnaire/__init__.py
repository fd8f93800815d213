"""The environmental interview questionnaire as versioned data (``forms/*.yaml``).

The public API (contract B of the casework design): the dataclasses, the loader and the
functions that clean, check and show answers. Everything else of the package is private.
"""

from .answers import (
    changed_keys,
    clean_answer,
    clean_answers,
    display_answer,
    format_number,
    is_empty,
    missing_on_completion,
)
from .loader import (
    FORMS_DIR,
    get_questionnaire,
    load_directory,
    load_file,
    load_questionnaires,
    questionnaire_for,
    questionnaires_list,
)
from .schema import (
    KIND_CODES,
    AnswerError,
    AnswerType,
    Choice,
    Part,
    Question,
    Questionnaire,
    QuestionnaireError,
    QuestionnaireNotFound,
    Segment,
)

__all__ = [
    "FORMS_DIR",
    "KIND_CODES",
    "AnswerError",
    "AnswerType",
    "Choice",
    "Part",
    "Question",
    "Questionnaire",
    "QuestionnaireError",
    "QuestionnaireNotFound",
    "Segment",
    "changed_keys",
    "clean_answer",
    "clean_answers",
    "display_answer",
    "format_number",
    "get_questionnaire",
    "is_empty",
    "load_directory",
    "load_file",
    "load_questionnaires",
    "missing_on_completion",
    "questionnaire_for",
    "questionnaires_list",
]
