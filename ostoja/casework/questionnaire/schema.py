"""The questionnaire's building blocks: answer types, questions, segments, parts, forms.

A questionnaire is data (a YAML file in ``forms/``), read by ``loader.py`` into these frozen
dataclasses. Nothing here knows about models or views.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import cached_property
from types import MappingProxyType

from django.utils.translation import gettext


class AnswerType(StrEnum):
    TEXT = "text"
    LONG_TEXT = "long_text"
    INTEGER = "integer"
    DECIMAL = "decimal"
    DATE = "date"
    YES_NO = "yes_no"
    CHOICE = "choice"
    MULTI_CHOICE = "multi_choice"
    # Read-only: shown from the registry (segment A), never sent by the client.
    REGISTRY = "registry"


CHOICE_TYPES = frozenset({AnswerType.CHOICE, AnswerType.MULTI_CHOICE})
NUMBER_TYPES = frozenset({AnswerType.INTEGER, AnswerType.DECIMAL})

# The interview kinds (the codes of Interview.kind); a form maps each to the parts it uses.
KIND_FULL = "pelny"
KIND_UPDATE = "aktualizacja"
KIND_FAMILY_BENEFITS = "swiadczenia_rodzinne"
KIND_REFUSED = "odmowa"
KIND_NOT_POSSIBLE = "niemozliwy"
KIND_CODES = (KIND_FULL, KIND_UPDATE, KIND_FAMILY_BENEFITS, KIND_REFUSED, KIND_NOT_POSSIBLE)


class QuestionnaireError(Exception):
    """A definition file is wrong (the message names the file and the problem)."""


class QuestionnaireNotFound(QuestionnaireError, LookupError):
    """No questionnaire with that code and version, or none valid on the day for the kind."""


class AnswerError(ValueError):
    """An answer that does not fit its question; ``message`` is for the user (Polish)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Choice:
    code: str
    label: str


@dataclass(frozen=True)
class Question:
    key: str
    label: str
    type: AnswerType
    required: bool = False
    choices: tuple[Choice, ...] = ()
    help: str = ""
    unit: str = ""
    source: str = ""
    # Decimal answers are stored with this many places ("1234.50" for 2).
    decimal_places: int = 2

    def choice_label(self, code: str) -> str:
        for choice in self.choices:
            if choice.code == code:
                return choice.label
        return code


@dataclass(frozen=True)
class Segment:
    code: str
    title: str
    mandatory: bool = False
    uncertain: bool = False
    note: str = ""
    questions: tuple[Question, ...] = ()


@dataclass(frozen=True)
class Part:
    code: str
    title: str
    note: str = ""
    uncertain: bool = False
    segments: tuple[Segment, ...] = ()

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for segment in self.segments for q in segment.questions)


def _frozen_kinds(kinds: Mapping[str, tuple[str, ...]]) -> Mapping[str, tuple[str, ...]]:
    return MappingProxyType({kind: tuple(parts) for kind, parts in kinds.items()})


@dataclass(frozen=True)
class Questionnaire:
    code: str
    version: str
    title: str
    legal_basis: str
    valid_from: date
    valid_to: date | None
    parts: tuple[Part, ...]
    # Interview kind code -> the codes of the parts that kind uses (empty: no answers).
    kinds: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: _frozen_kinds({}), hash=False
    )
    # What about the form as a whole is not confirmed (e.g. the day it took effect).
    note: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.kinds, MappingProxyType):
            object.__setattr__(self, "kinds", _frozen_kinds(self.kinds))

    @property
    def label(self) -> str:
        return gettext("%(title)s (version %(version)s)") % {
            "title": self.title,
            "version": self.version,
        }

    def is_valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def part(self, code: str) -> Part:
        for part in self.parts:
            if part.code == code:
                return part
        raise KeyError(code)

    def segment(self, code: str) -> Segment:
        for part in self.parts:
            for segment in part.segments:
                if segment.code == code:
                    return segment
        raise KeyError(code)

    def parts_for(self, kind: str) -> tuple[Part, ...]:
        """The parts an interview of ``kind`` uses, in the form's order (KeyError: no kind)."""
        codes = set(self.kinds[kind])
        return tuple(part for part in self.parts if part.code in codes)

    def segments_for(self, kind: str) -> tuple[Segment, ...]:
        return tuple(segment for part in self.parts_for(kind) for segment in part.segments)

    def questions_for(self, kind: str) -> tuple[Question, ...]:
        return tuple(q for segment in self.segments_for(kind) for q in segment.questions)

    def all_questions(self) -> tuple[Question, ...]:
        return tuple(q for part in self.parts for q in part.questions)

    @cached_property
    def _questions_by_key(self) -> dict[str, Question]:
        return {q.key: q for q in self.all_questions()}

    def has_question(self, key: str) -> bool:
        return key in self._questions_by_key

    def question(self, key: str) -> Question:
        """The question with ``key`` (KeyError when the form has none)."""
        return self._questions_by_key[key]

    def segment_of(self, key: str) -> Segment:
        for part in self.parts:
            for segment in part.segments:
                if any(q.key == key for q in segment.questions):
                    return segment
        raise KeyError(key)
