"""Cleaning, checking and showing the answers of an interview.

Raw answers come as a form or the offline copy sends them: a string, or a list of strings for
``multi_choice``. The stored values are JSON-safe: str, int, decimal as str ("1234.50"), date as
ISO str, bool, list of choice codes; an empty answer is None. ``clean_answer`` also accepts its
own output, so cleaning a stored value again changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext, pgettext

from .schema import AnswerError, AnswerType, Question, Questionnaire

TEXT_MAX_LENGTH = 500
LONG_TEXT_MAX_LENGTH = 20_000
# Amounts and areas in a household's interview stay far below this; more is a typing error.
NUMBER_MAX = Decimal("1000000000")
DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2100, 12, 31)

_TRUE = {"tak", "t", "true", "1", "yes", "y"}
_FALSE = {"nie", "n", "false", "0", "no"}
_DMY = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Spaces of any kind used as thousands separators ("1 234,50", with a no-break space too).
_SPACES = re.compile(r"[\s\u00a0\u202f]")
_INTEGER = re.compile(r"^[+-]?\d+$")
_DECIMAL = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == ()


def _as_text(raw: Any) -> str:
    if isinstance(raw, list | tuple):
        given = [item for item in raw if not _is_blank(item)]
        if len(given) > 1:
            raise AnswerError(gettext("Give one answer."))
        raw = given[0] if given else ""
    if isinstance(raw, bool):
        return "tak" if raw else "nie"
    return str(raw).strip()


def _clean_text(question: Question, raw: Any) -> str:
    text = _as_text(raw).replace("\r\n", "\n").replace("\r", "\n")
    limit = TEXT_MAX_LENGTH if question.type == AnswerType.TEXT else LONG_TEXT_MAX_LENGTH
    if question.type == AnswerType.TEXT and "\n" in text:
        text = " ".join(line.strip() for line in text.splitlines() if line.strip())
    if len(text) > limit:
        raise AnswerError(
            gettext("Shorten the answer to at most %(limit)d characters (now %(length)d).")
            % {"limit": limit, "length": len(text)}
        )
    return text


def _clean_integer(raw: Any) -> int:
    if isinstance(raw, int) and not isinstance(raw, bool):
        number = raw
    else:
        text = _SPACES.sub("", _as_text(raw))
        if not _INTEGER.match(text):
            raise AnswerError(gettext("Enter a whole number."))
        number = int(text)
    if number < 0:
        raise AnswerError(gettext("Enter a number not less than zero."))
    if number >= NUMBER_MAX:
        raise AnswerError(gettext("The number is too large; check it."))
    return number


def _clean_decimal(question: Question, raw: Any) -> str:
    if isinstance(raw, bool):
        raise AnswerError(gettext("Enter a number, e.g. 1234,50."))
    if isinstance(raw, int | Decimal):
        number = Decimal(raw)
    else:
        text = _SPACES.sub("", _as_text(raw))
        if not _DECIMAL.match(text):
            raise AnswerError(gettext("Enter a number, e.g. 1234,50."))
        try:
            number = Decimal(text.replace(",", "."))
        except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
            raise AnswerError(gettext("Enter a number, e.g. 1234,50.")) from None
    if number < 0:
        raise AnswerError(gettext("Enter a number not less than zero."))
    if number >= NUMBER_MAX:
        raise AnswerError(gettext("The number is too large; check it."))
    step = Decimal(1).scaleb(-question.decimal_places)
    rounded = number.quantize(step)
    if rounded != number:
        raise AnswerError(
            gettext("Digits after the comma: at most %(places)d.")
            % {"places": question.decimal_places}
        )
    # "-0" is zero: stored without the sign.
    return str(rounded.copy_abs())


def _parse_date(raw: Any) -> date:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = _as_text(raw)
    try:
        if match := _DMY.match(text):
            day, month, year = (int(g) for g in match.groups())
            return date(year, month, day)
        if _ISO.match(text):
            return date.fromisoformat(text)
    except ValueError:
        raise AnswerError(gettext("There is no such day in the calendar.")) from None
    raise AnswerError(gettext("Enter a date as dd.mm.yyyy, e.g. 15.11.2021."))


def _clean_date(raw: Any) -> str:
    day = _parse_date(raw)
    if not DATE_MIN <= day <= DATE_MAX:
        raise AnswerError(gettext("Enter a date between 1900 and 2100."))
    return day.isoformat()


def _clean_yes_no(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    text = _as_text(raw).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise AnswerError(gettext("Answer yes or no."))


def _clean_choice(question: Question, raw: Any) -> str:
    code = _as_text(raw)
    if code not in {c.code for c in question.choices}:
        raise AnswerError(gettext("Choose one of the options given."))
    return code


def _clean_multi_choice(question: Question, raw: Any) -> list[str]:
    values = list(raw) if isinstance(raw, list | tuple) else [raw]
    codes = {str(v).strip() for v in values if not _is_blank(v)}
    known = [c.code for c in question.choices]
    if codes - set(known):
        raise AnswerError(gettext("Choose only from the options given."))
    return [code for code in known if code in codes]


def _is_blank(raw: Any) -> bool:
    """Nothing typed: None, spaces only, or a list of such (a checkbox group left empty)."""
    if isinstance(raw, list | tuple):
        return all(_is_blank(item) for item in raw)
    return raw is None or (isinstance(raw, str) and not raw.strip())


def clean_answer(question: Question, raw: Any) -> Any:
    """The stored value of a raw answer; empty → None; ``AnswerError`` when it does not fit."""
    if _is_blank(raw):
        return None
    match question.type:
        case AnswerType.REGISTRY:
            raise AnswerError(
                gettext("This comes from the registry; correct it in the family's registry card.")
            )
        case AnswerType.MULTI_CHOICE:
            return _clean_multi_choice(question, raw)
        case AnswerType.TEXT | AnswerType.LONG_TEXT:
            return _clean_text(question, raw) or None
        case AnswerType.INTEGER:
            return _clean_integer(raw)
        case AnswerType.DECIMAL:
            return _clean_decimal(question, raw)
        case AnswerType.DATE:
            return _clean_date(raw)
        case AnswerType.YES_NO:
            return _clean_yes_no(raw)
        case AnswerType.CHOICE:
            return _clean_choice(question, raw)
    raise AssertionError(question.type)  # pragma: no cover - every type is matched above


def clean_answers(
    questionnaire: Questionnaire, answers: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, str]]:
    """Cleaned values and errors, both by question key; an unknown key is an error."""
    cleaned: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for key, raw in answers.items():
        if not questionnaire.has_question(key):
            errors[key] = gettext("There is no such question in this questionnaire.")
            continue
        try:
            cleaned[key] = clean_answer(questionnaire.question(key), raw)
        except AnswerError as error:
            errors[key] = error.message
    return cleaned, errors


def missing_on_completion(
    questionnaire: Questionnaire, kind: str, answers: Mapping[str, Any]
) -> dict[str, str]:
    """Required questions of the kind's mandatory segments left empty, by key, with a message."""
    message = gettext("Answer this question before completing the interview.")
    return {
        question.key: message
        for segment in questionnaire.segments_for(kind)
        if segment.mandatory
        for question in segment.questions
        if question.required and is_empty(answers.get(question.key))
    }


def _group(digits: str) -> str:
    groups: list[str] = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return " ".join(groups)


def format_number(value: int | str | Decimal, unit: str = "") -> str:
    """Polish notation: "1 234,50 zł", "54,5 m²", "3"."""
    text = str(value)
    sign = "-" if text.startswith("-") else ""
    whole, _, fraction = text.lstrip("+-").partition(".")
    shown = sign + _group(whole) + ("," + fraction if fraction else "")
    return f"{shown} {unit}" if unit else shown


def _registry_item(item: Any) -> str:
    """One row of a registry snapshot: its shown values, ids and codes left out, dates d.m.Y."""
    if not isinstance(item, Mapping):
        return _shown_value(item)
    return ", ".join(
        _shown_value(value)
        for name, value in item.items()
        if not (name == "id" or name.endswith("_id") or name == "relation") and not is_empty(value)
    )


def _shown_value(value: Any) -> str:
    text = str(value)
    if _ISO.match(text):
        try:
            return date.fromisoformat(text).strftime("%d.%m.%Y")
        except ValueError:
            return text
    return text


def display_answer(question: Question, value: Any) -> str:
    """The stored value as Polish text for the page and the printout; empty → ""."""
    if is_empty(value):
        return ""
    match question.type:
        case AnswerType.YES_NO:
            return pgettext("answer", "yes") if value else pgettext("answer", "no")
        case AnswerType.CHOICE:
            return question.choice_label(str(value))
        case AnswerType.MULTI_CHOICE:
            values = value if isinstance(value, list | tuple) else [value]
            return ", ".join(question.choice_label(str(v)) for v in values)
        case AnswerType.DATE:
            try:
                return date.fromisoformat(str(value)).strftime("%d.%m.%Y")
            except ValueError:
                return str(value)
        case AnswerType.INTEGER | AnswerType.DECIMAL:
            return format_number(value, question.unit)
        case AnswerType.REGISTRY if isinstance(value, list | tuple):
            # A snapshot the interview stored of the registry: one line per person or income.
            return "\n".join(_registry_item(item) for item in value)
    return str(value)


def changed_keys(old: Mapping[str, Any], new: Mapping[str, Any]) -> set[str]:
    """Keys whose value differs; a missing key and an empty answer are the same."""
    return {
        key
        for key in set(old) | set(new)
        if not (is_empty(old.get(key)) and is_empty(new.get(key))) and old.get(key) != new.get(key)
    }
