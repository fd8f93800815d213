"""Free text as a bank file can carry it: cleaned for the bank's profile and cut into lines.

Cleaning never fails: a character the file's encoding cannot hold is replaced (by its ASCII
transliteration when that fits, else "?"), because a preview of the file must always be
possible. Whether the replacement is acceptable is the validator's question
(`unencodable_characters`), not the writer's.

The functions are cached: a payment list repeats the payer's texts on every line and most
titles on many lines.
"""

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

from django.utils.translation import gettext as _
from text_unidecode import unidecode

from ostoja.payments.bankfiles.model import ElixirProfile, PainProfile

LINE_WIDTH = 35
MAX_LINES = 4

# `"` closes an Elixir text field and `|` separates its lines: neither may stay in a value.
ELIXIR_SEPARATORS = '"|'

# Control characters become spaces (they would break the line structure or the XML); invisible
# format characters (soft hyphen, zero-width space, BOM) are dropped, since banks count them.
_CONTROLS = dict.fromkeys((*range(32), *range(127, 160)), " ")
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u200e\u200f\u2060\ufeff"))
_PLAIN = str.maketrans(_CONTROLS | _INVISIBLE)

_SPECIAL = re.compile("[" + re.escape("".join(map(chr, _CONTROLS | _INVISIBLE))) + "]")

CONTROL_CHARACTERS = frozenset(chr(code) for code in _CONTROLS)


class TextTooLongError(ValueError):
    def __init__(self, text: str, width: int, max_parts: int) -> None:
        super().__init__(
            _(
                "The text %(text)s exceeds the limit (lines: %(parts)s, characters a line: "
                "%(width)s)."
            )
            % {"text": text, "parts": max_parts, "width": width}
        )


def plain(text: str) -> str:
    """One line of visible text: NFC, control characters and runs of white space as one space."""
    # `translate` looks up every character of a non-ASCII text: a search first, as most texts
    # have nothing to translate.
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if _SPECIAL.search(text):
        text = text.translate(_PLAIN)
    return " ".join(text.split())


def _encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def _replacement(char: str, encoding: str) -> str:
    ascii_form = unidecode(char)
    return ascii_form if ascii_form and _encodable(ascii_form, encoding) else "?"


@lru_cache(maxsize=16)
def _deletions(characters: str) -> dict[int, None]:
    return dict.fromkeys(map(ord, characters))


@lru_cache(maxsize=16)
def elixir_cleaner(profile: ElixirProfile) -> Callable[[str], str]:
    """`clean_elixir` for one profile, cached by the text alone (hashing a profile on every
    call of a 15 000-line file costs more than the cleaning)."""
    deletions = _deletions(ELIXIR_SEPARATORS + profile.forbidden_characters)
    has_deletions = re.compile(
        "[" + re.escape(ELIXIR_SEPARATORS + profile.forbidden_characters) + "]"
    ).search
    encoding = profile.encoding

    @lru_cache(maxsize=65536)
    def clean(text: str) -> str:
        value = plain(text)
        if profile.transliterate and not value.isascii():
            value = str(unidecode(value))
        if not _encodable(value, encoding):
            value = "".join(
                char if _encodable(char, encoding) else _replacement(char, encoding)
                for char in value
            )
        # Transliteration may itself produce quotes ("„" becomes ",,", "”" becomes '"').
        if has_deletions(value):
            value = " ".join(value.translate(deletions).split())
        return value

    return clean


def clean_elixir(text: str, profile: ElixirProfile) -> str:
    """`text` as an Elixir field can hold it in `profile`'s encoding."""
    return elixir_cleaner(profile)(text)


@lru_cache(maxsize=16)
def pain_cleaner(profile: PainProfile) -> Callable[[str], str]:
    """`clean_pain` for one profile, cached by the text alone."""

    @lru_cache(maxsize=65536)
    def clean(text: str) -> str:
        value = plain(text)
        if profile.transliterate and not value.isascii():
            value = " ".join(str(unidecode(value)).split())
        return value

    return clean


def clean_pain(text: str, profile: PainProfile) -> str:
    """`text` as a pain.001 element holds it (UTF-8; ASCII when the bank wants it)."""
    return pain_cleaner(profile)(text)


@lru_cache(maxsize=16)
def unencodable_finder(profile: ElixirProfile) -> Callable[[str], str]:
    """`unencodable_characters` for one profile, cached by the text alone."""
    encoding = profile.encoding

    @lru_cache(maxsize=65536)
    def find(text: str) -> str:
        # Cleaning only drops or joins characters (no letter it composes is new to these
        # encodings), so a text the encoding holds as it is is held once cleaned.
        if _encodable(text, encoding):
            return ""
        value = plain(text)
        if _encodable(value, encoding):
            return ""
        found: dict[str, None] = {}
        for char in value:
            if _encodable(char, encoding):
                continue
            if profile.transliterate and _replacement(char, encoding) != "?":
                continue
            found[char] = None
        return "".join(found)

    return find


def unencodable_characters(text: str, profile: ElixirProfile) -> str:
    """The characters of `text` that an Elixir file of `profile` cannot carry as they are
    (each once, in order). With transliteration on, a letter that has an ASCII form is carried;
    without it, the bank would receive a text that differs from the list."""
    return unencodable_finder(profile)(text)


def _units(text: str) -> list[str]:
    """The words of `text`, a one-letter word joined to the next: Polish typography keeps
    "w", "z", "i", "o", "u", "a" off the end of a line ("…Społecznej|w Przykładowie")."""
    words = text.split()
    units: list[str] = []
    pending = ""
    for word in words:
        if pending:
            word = f"{pending} {word}"
            pending = ""
        if len(word) == 1 and word.isalpha():
            pending = word
            continue
        units.append(word)
    if pending:
        units.append(pending)
    return units


@lru_cache(maxsize=65536)
def wrap(text: str, width: int = LINE_WIDTH) -> tuple[str, ...]:
    """`text` in lines of at most `width` characters, broken between words (a word longer than
    a line is cut). As many lines as needed: losing part of a name is worse than a file that
    the validator refuses."""
    if len(text) <= width and " ".join(text.split()) == text:
        return (text,) if text else ()
    lines: list[str] = []
    current = ""
    for unit in _units(text):
        pieces = [unit] if len(unit) <= width else unit.split()
        for piece in pieces:
            while len(piece) > width:
                if current:
                    lines.append(current)
                    current = ""
                lines.append(piece[:width])
                piece = piece[width:]
            if not piece:
                continue
            if not current:
                current = piece
            elif len(current) + 1 + len(piece) <= width:
                current = f"{current} {piece}"
            else:
                lines.append(current)
                current = piece
    if current:
        lines.append(current)
    return tuple(lines)


def split_text(text: str, width: int = LINE_WIDTH, max_parts: int = MAX_LINES) -> tuple[str, ...]:
    """`text` in at most `max_parts` lines of at most `width` characters, broken between
    words; `TextTooLongError` when it does not fit."""
    lines = wrap(text, width)
    if len(lines) > max_parts:
        raise TextTooLongError(text, width, max_parts)
    return lines
