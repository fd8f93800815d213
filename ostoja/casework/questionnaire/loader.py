"""Reads and validates the questionnaire definition files (``forms/*.yaml``).

Every problem raises ``QuestionnaireError`` naming the file and the place in it. The tests load
every file of ``forms/`` (``test_forms.py``), so a wrong definition fails there, not in front of
a social worker.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any, NoReturn

import yaml

from .schema import (
    CHOICE_TYPES,
    KIND_CODES,
    NUMBER_TYPES,
    AnswerType,
    Choice,
    Part,
    Question,
    Questionnaire,
    QuestionnaireError,
    QuestionnaireNotFound,
    Segment,
)

FORMS_DIR = Path(__file__).resolve().parent / "forms"

_FORM_KEYS = {
    "code",
    "version",
    "title",
    "legal_basis",
    "valid_from",
    "valid_to",
    "note",
    "parts",
    "kinds",
}
_PART_KEYS = {"code", "title", "note", "uncertain", "segments"}
_SEGMENT_KEYS = {"code", "title", "mandatory", "uncertain", "note", "questions"}
_QUESTION_KEYS = {
    "key",
    "label",
    "type",
    "required",
    "choices",
    "help",
    "unit",
    "source",
    "decimal_places",
}
_CHOICE_KEYS = {"code", "label"}

_FORM_CODE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_PART_CODE = re.compile(r"^[A-Z0-9]+$")
_SEGMENT_TAIL = re.compile(r"^[A-Z0-9]+$")
_QUESTION_TAIL = re.compile(r"^[0-9]+(\.[0-9]+)*[a-z]?$")
_CHOICE_CODE = re.compile(r"^[a-z0-9_]+$")


class _Reader:
    """Checks one mapping of the file; ``where`` says where it is, for the message."""

    def __init__(self, path: Path, where: str, data: object, allowed: set[str]) -> None:
        self.path = path
        self.where = where
        if not isinstance(data, dict):
            self.fail("must be a mapping")
        self.data: dict[str, Any] = data
        unknown = sorted(str(k) for k in data if k not in allowed)
        if unknown:
            self.fail(f"unknown field(s) {', '.join(unknown)}")

    def fail(self, problem: str) -> NoReturn:
        raise QuestionnaireError(f"{self.path.name}: {self.where}: {problem}")

    def text(self, name: str, *, required: bool = True) -> str:
        value = self.data.get(name)
        if value is None or value == "":
            if required:
                self.fail(f"'{name}' is missing")
            return ""
        if not isinstance(value, str):
            self.fail(f"'{name}' must be a string, not {type(value).__name__}")
        return value.strip()

    def flag(self, name: str) -> bool:
        value = self.data.get(name, False)
        if not isinstance(value, bool):
            self.fail(f"'{name}' must be true or false")
        return value

    def day(self, name: str, *, required: bool = True) -> date | None:
        value = self.data.get(name)
        if value is None:
            if required:
                self.fail(f"'{name}' is missing")
            return None
        if isinstance(value, datetime):
            self.fail(f"'{name}' must be a date without a time")
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        self.fail(f"'{name}' must be a date (YYYY-MM-DD)")

    def items(self, name: str, *, required: bool = True) -> list[object]:
        value = self.data.get(name)
        if value is None:
            if required:
                self.fail(f"'{name}' is missing")
            return []
        if not isinstance(value, list):
            self.fail(f"'{name}' must be a list")
        if required and not value:
            self.fail(f"'{name}' is empty")
        return value


def _choice(path: Path, where: str, data: object) -> Choice:
    r = _Reader(path, where, data, _CHOICE_KEYS)
    code = r.data.get("code")
    if isinstance(code, bool) or not isinstance(code, str | int):
        r.fail("'code' must be a string")
    code = str(code)
    if not _CHOICE_CODE.match(code):
        r.fail(f"choice code {code!r} must be lower-case letters, digits and _")
    return Choice(code=code, label=r.text("label"))


def _question(path: Path, where: str, data: object, segment: str, mandatory: bool) -> Question:
    r = _Reader(path, where, data, _QUESTION_KEYS)
    key = r.text("key")
    r.where = f"{where} ({key})"
    if not key.startswith(segment + ".") or not _QUESTION_TAIL.match(key[len(segment) + 1 :]):
        r.fail(f"key must be '{segment}.<number>'")
    type_name = r.text("type")
    try:
        answer_type = AnswerType(type_name)
    except ValueError:
        r.fail(f"unknown answer type {type_name!r}")
    required = r.flag("required")
    choices = tuple(
        _choice(path, f"{r.where} choices[{i}]", c)
        for i, c in enumerate(r.items("choices", required=answer_type in CHOICE_TYPES))
    )
    if choices and answer_type not in CHOICE_TYPES:
        r.fail(f"choices are only for choice and multi_choice, not {answer_type}")
    codes = [c.code for c in choices]
    if len(set(codes)) != len(codes):
        r.fail("choice codes repeat")
    unit = r.text("unit", required=False)
    if unit and answer_type not in NUMBER_TYPES:
        r.fail("a unit is only for integer and decimal")
    source = r.text("source", required=answer_type is AnswerType.REGISTRY)
    if source and answer_type is not AnswerType.REGISTRY:
        r.fail("a source is only for the registry type")
    if answer_type is AnswerType.REGISTRY and required:
        r.fail("a registry question is read-only and cannot be required")
    if required and not mandatory:
        r.fail("only questions of a mandatory segment can be required")
    places = r.data.get("decimal_places", 2)
    if isinstance(places, bool) or not isinstance(places, int) or not 0 <= places <= 6:
        r.fail("'decimal_places' must be a whole number from 0 to 6")
    if "decimal_places" in r.data and answer_type is not AnswerType.DECIMAL:
        r.fail("'decimal_places' is only for decimal")
    return Question(
        key=key,
        label=r.text("label"),
        type=answer_type,
        required=required,
        choices=choices,
        help=r.text("help", required=False),
        unit=unit,
        source=source,
        decimal_places=places,
    )


def _uncertain_note(r: _Reader) -> tuple[bool, str]:
    uncertain = r.flag("uncertain")
    note = r.text("note", required=False)
    if uncertain and not note:
        r.fail("an uncertain part or segment needs a note saying what is not confirmed")
    return uncertain, note


def _segment(path: Path, where: str, data: object, part: str) -> Segment:
    r = _Reader(path, where, data, _SEGMENT_KEYS)
    code = r.text("code")
    r.where = f"{where} ({code})"
    if not code.startswith(part + ".") or not _SEGMENT_TAIL.match(code[len(part) + 1 :]):
        r.fail(f"segment code must be '{part}.<letters or digits>'")
    mandatory = r.flag("mandatory")
    uncertain, note = _uncertain_note(r)
    questions = tuple(
        _question(path, f"{r.where} questions[{i}]", q, code, mandatory)
        for i, q in enumerate(r.items("questions"))
    )
    if mandatory and not any(q.required or q.type is AnswerType.REGISTRY for q in questions):
        r.fail("a mandatory segment needs at least one required or registry question")
    return Segment(
        code=code,
        title=r.text("title"),
        mandatory=mandatory,
        uncertain=uncertain,
        note=note,
        questions=questions,
    )


def _part(path: Path, where: str, data: object) -> Part:
    r = _Reader(path, where, data, _PART_KEYS)
    code = r.text("code")
    r.where = f"{where} ({code})"
    if not _PART_CODE.match(code):
        r.fail("part code must be upper-case letters or digits (I, IV, OM)")
    uncertain, note = _uncertain_note(r)
    segments = tuple(
        _segment(path, f"{r.where} segments[{i}]", s, code)
        for i, s in enumerate(r.items("segments"))
    )
    return Part(code=code, title=r.text("title"), note=note, uncertain=uncertain, segments=segments)


def _unique(r: _Reader, what: str, codes: list[str]) -> None:
    seen: set[str] = set()
    for code in codes:
        if code in seen:
            r.fail(f"{what} {code!r} repeats")
        seen.add(code)


def _kinds(r: _Reader, parts: tuple[Part, ...]) -> dict[str, tuple[str, ...]]:
    data = r.data.get("kinds")
    if not isinstance(data, dict) or not data:
        r.fail("'kinds' must map interview kinds to lists of part codes")
    part_codes = {p.code for p in parts}
    kinds: dict[str, tuple[str, ...]] = {}
    for kind, codes in data.items():
        if kind not in KIND_CODES:
            r.fail(f"unknown interview kind {kind!r} (known: {', '.join(KIND_CODES)})")
        if codes is None:
            codes = []
        if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
            r.fail(f"kind {kind!r} must list part codes")
        if len(set(codes)) != len(codes):
            r.fail(f"kind {kind!r} lists a part twice")
        missing = [c for c in codes if c not in part_codes]
        if missing:
            r.fail(f"kind {kind!r} refers to unknown part(s) {', '.join(missing)}")
        kinds[kind] = tuple(codes)
    return kinds


def load_file(path: Path) -> Questionnaire:
    """Reads and validates one definition file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise QuestionnaireError(f"{path.name}: cannot be read: {error}") from error
    r = _Reader(path, "form", data, _FORM_KEYS)
    code = r.text("code")
    if not _FORM_CODE.match(code):
        r.fail("'code' must be lower-case letters, digits and -")
    version = r.data.get("version")
    if not isinstance(version, str) or not version.strip():
        r.fail("'version' must be a string, e.g. \"1\"")
    valid_from = r.day("valid_from")
    valid_to = r.day("valid_to", required=False)
    assert valid_from is not None
    if valid_to is not None and valid_to < valid_from:
        r.fail("'valid_to' is before 'valid_from'")
    parts = tuple(_part(path, f"parts[{i}]", p) for i, p in enumerate(r.items("parts")))
    _unique(r, "part", [p.code for p in parts])
    _unique(r, "segment", [s.code for p in parts for s in p.segments])
    _unique(r, "question key", [q.key for p in parts for q in p.questions])
    return Questionnaire(
        code=code,
        version=version.strip(),
        title=r.text("title"),
        legal_basis=r.text("legal_basis"),
        valid_from=valid_from,
        valid_to=valid_to,
        parts=parts,
        kinds=_kinds(r, parts),
        note=r.text("note", required=False),
    )


def load_directory(directory: Path) -> dict[tuple[str, str], Questionnaire]:
    """Every ``*.yaml`` file of ``directory`` by (code, version); a repeated pair is an error."""
    found: dict[tuple[str, str], Questionnaire] = {}
    for path in sorted(directory.glob("*.yaml")):
        form = load_file(path)
        key = (form.code, form.version)
        if key in found:
            raise QuestionnaireError(f"{path.name}: {form.code} version {form.version} repeats")
        for other in found.values():
            shared = set(form.kinds) & set(other.kinds)
            if other.valid_from == form.valid_from and shared:
                raise QuestionnaireError(
                    f"{path.name}: {form.code} version {form.version} and {other.code} version "
                    f"{other.version} both start on {form.valid_from.isoformat()} for "
                    f"{', '.join(sorted(shared))}: the form of a day would be ambiguous"
                )
        found[key] = form
    return found


@cache
def load_questionnaires(directory: Path = FORMS_DIR) -> dict[tuple[str, str], Questionnaire]:
    """The forms of ``forms/`` (cached: the files are part of the code, read once)."""
    return load_directory(directory)


def get_questionnaire(code: str, version: str, *, directory: Path = FORMS_DIR) -> Questionnaire:
    try:
        return load_questionnaires(directory)[(code, version)]
    except KeyError:
        raise QuestionnaireNotFound(f"no questionnaire {code} version {version}") from None


def questionnaire_for(kind: str, day: date, *, directory: Path = FORMS_DIR) -> Questionnaire:
    """The form valid on ``day`` that defines ``kind``; the latest in force when several."""
    valid = [
        form
        for form in load_questionnaires(directory).values()
        if kind in form.kinds and form.is_valid_on(day)
    ]
    if not valid:
        raise QuestionnaireNotFound(f"no questionnaire for {kind!r} valid on {day.isoformat()}")
    return max(valid, key=lambda form: (form.valid_from, form.version))


def questionnaires_list(directory: Path = FORMS_DIR) -> list[Questionnaire]:
    """Every form, the newest first (for the empty-form downloads)."""
    forms: Mapping[tuple[str, str], Questionnaire] = load_questionnaires(directory)
    return sorted(forms.values(), key=lambda f: (f.valid_from, f.code, f.version), reverse=True)
