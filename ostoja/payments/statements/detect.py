"""Which kind of file the bank gave: an MT940 statement or a CSV export."""

import codecs
import re
from typing import Literal

from django.utils.translation import gettext as _

from ostoja.payments.statements.common import StatementError

# A statement sent through SWIFT, or saved by a bank's system as if it had been, comes wrapped in
# blocks: "{1:F01…}{2:I940…}{3:{108:…}}{4:" before the fields and "-}" or "-}{5:{CHK:…}}" after.
_BLOCK = r"\{\d:(?:[^{}]|\{[^{}]*\})*\}"
_ENVELOPE_START = re.compile(rf"(?:{_BLOCK})*(?:\{{4:)?")
_ENVELOPE_END = re.compile(rf"\s*-?\}}(?:{_BLOCK})*\s*")
# Start of heading, end of text and the DOS end-of-file mark frame some banks' files; they are
# never part of the content.
_FRAMING = str.maketrans("", "", "\x01\x03\x1a")


def strip_swift_envelope(text: str) -> str:
    """The text without the SWIFT blocks around the fields, line for line, so that the line
    numbers in messages stay those of the file."""
    lines = []
    for raw in text.translate(_FRAMING).split("\n"):
        line = raw
        if line.lstrip().startswith("{"):
            line = _ENVELOPE_START.sub("", line.lstrip(), count=1)
        if _ENVELOPE_END.fullmatch(line):
            line = ""
        lines.append(line)
    return "\n".join(lines)


def detect_format(data: bytes) -> Literal["mt940", "csv"]:
    """ "mt940" when the file's first line with content is the field ``:20:`` (possibly after the
    SWIFT blocks ``{1:…}``), else "csv". An empty file cannot be either."""
    # Latin-1 maps every byte, and the markers looked for are ASCII, so this reads any encoding.
    text = data.removeprefix(codecs.BOM_UTF8).decode("latin-1").replace("\r", "\n")
    for line in strip_swift_envelope(text).split("\n"):
        if line.strip():
            return "mt940" if line.startswith(":20:") else "csv"
    raise StatementError(_("The file is empty."))
