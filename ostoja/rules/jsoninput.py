"""Reading a household's JSON strictly: a size limit, UTF-8 only, no key written twice, a
bounded depth, and numbers kept as text so that "1e400" or a 30-digit figure reaches the
household parser's own check instead of turning into a float."""

import json
from typing import Any, BinaryIO

from ostoja.rules.errors import RulesInputError

MAX_BYTES = 1_000_000
MAX_DEPTH = 8


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for key, value in pairs:
        if key in data:
            raise RulesInputError("stdin", f"the key {key[:40]!r} is written twice")
        data[key] = value
    return data


def _number(raw: str) -> Any:
    raise RulesInputError("stdin", f'write amounts as strings such as "900.00", not {raw[:40]}')


def _integer(raw: str) -> int:
    if len(raw) > 6:
        raise RulesInputError("stdin", f"the number {raw[:40]} is too long")
    return int(raw)


def _depth(value: Any, depth: int = 1) -> None:
    if depth > MAX_DEPTH:
        raise RulesInputError("stdin", f"the input is nested deeper than {MAX_DEPTH} levels")
    children = (
        value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    )
    for child in children:
        _depth(child, depth + 1)


def parse(text: str) -> Any:
    try:
        data = json.loads(
            text,
            object_pairs_hook=_unique_keys,
            parse_float=_number,
            parse_int=_integer,
            parse_constant=_number,
        )
    except json.JSONDecodeError as error:
        raise RulesInputError("stdin", f"not valid JSON (line {error.lineno})") from error
    except RecursionError as error:
        raise RulesInputError(
            "stdin", f"the input is nested deeper than {MAX_DEPTH} levels"
        ) from error
    _depth(data)
    return data


def read(stream: BinaryIO) -> Any:
    raw = stream.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise RulesInputError("stdin", f"the input is larger than {MAX_BYTES} bytes")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise RulesInputError("stdin", f"not UTF-8 text (byte {error.start})") from error
    return parse(text)
