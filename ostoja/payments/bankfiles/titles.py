"""Titles of transfers from the centre's templates.

A template is one text per benefit kept in the settings, e.g. (one line)

    {benefit} za {month}|Dec. {decision}|Świadczenie z pomocy społecznej|
    wolne od egzekucji art.833 KPC

`|` separates the lines of the title (Elixir's sub-fields), `{name}` is a placeholder, `{{` and
`}}` stand for braces. Only plain names are placeholders: the templates are typed by the
centre's staff, so nothing of Python's `str.format` (attributes, indexes, conversions) is
reachable through them.

No binding format or "benefit code" for benefits exempt from enforcement (art. 833 § 6 and
art. 890 § 1¹ KPC) was found (docs/payments/formats.md §3.2 [?]); the optional prefix is for a
code agreed locally between a gmina and its bank. Put the benefit and the exemption in the first
lines: pain.001 joins the lines with ", " and banks show only the first 140 characters.
"""

import re
from collections.abc import Iterable, Mapping

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ostoja.payments.bankfiles.text import MAX_LINES, plain

LINE_SEPARATOR = "|"

_TOKEN = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}|[{}]")


class TitleTemplateError(ValueError):
    """A template that cannot be used; `placeholder` names the offending one, if any."""

    def __init__(self, message: str, *, placeholder: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.placeholder = placeholder


def _parse(template: str) -> list[tuple[str, str]]:
    """The template as ("text", …) and ("field", name) pieces."""
    pieces: list[tuple[str, str]] = []
    position = 0
    for match in _TOKEN.finditer(template):
        if match.start() > position:
            pieces.append(("text", template[position : match.start()]))
        token = match.group(0)
        if match.group(1):
            pieces.append(("field", match.group(1)))
        elif token in ("{{", "}}"):
            pieces.append(("text", token[0]))
        else:
            raise TitleTemplateError(
                _(
                    "The title template has a lone %(brace)s at character %(position)s: write "
                    "a placeholder as {name} (letters, digits and _ only) or a brace as %(double)s."
                )
                % {"brace": token, "position": match.start() + 1, "double": token * 2}
            )
        position = match.end()
    if position < len(template):
        pieces.append(("text", template[position:]))
    return pieces


def placeholders(template: str) -> frozenset[str]:
    """The placeholder names a template uses."""
    return frozenset(value for kind, value in _parse(template) if kind == "field")


def _unknown(name: str, allowed: Iterable[str]) -> TitleTemplateError:
    known = ", ".join(f"{{{key}}}" for key in sorted(allowed)) or "—"
    return TitleTemplateError(
        _(
            "The title template uses the placeholder {%(name)s}, which is not known. "
            "Known placeholders: %(known)s."
        )
        % {"name": name, "known": known},
        placeholder=name,
    )


def check_title_template(template: str, allowed: Iterable[str]) -> frozenset[str]:
    """The placeholders of a valid template; `TitleTemplateError` for the settings form when it
    is empty, malformed, uses a placeholder not in `allowed` or has more than 4 lines."""
    allowed = frozenset(allowed)
    if not plain(template.replace(LINE_SEPARATOR, " ")):
        raise TitleTemplateError(_("The title template is empty."))
    used = placeholders(template)
    unknown = sorted(used - allowed)
    if unknown:
        raise _unknown(unknown[0], allowed)
    lines = [line for line in template.split(LINE_SEPARATOR) if plain(line)]
    if len(lines) > MAX_LINES:
        raise TitleTemplateError(
            ngettext(
                "The title template has %(count)s line; a transfer title has at most %(max)s.",
                "The title template has %(count)s lines; a transfer title has at most %(max)s.",
                len(lines),
            )
            % {"count": len(lines), "max": MAX_LINES}
        )
    return used


def render_title(template: str, values: Mapping[str, str], *, prefix: str = "") -> tuple[str, ...]:
    """The lines of the title: placeholders filled from `values`, white space tidied, empty
    lines left out, `prefix` (a bank's code, may be empty) before the first line. The lengths
    are not checked here: each format has its own limit, which the file's validator reports."""
    rendered: list[str] = []
    for piece_kind, value in _parse(template):
        if piece_kind == "text":
            rendered.append(value)
        elif value in values:
            rendered.append(values[value].replace(LINE_SEPARATOR, " "))
        else:
            raise _unknown(value, values)
    lines = [plain(line) for line in "".join(rendered).split(LINE_SEPARATOR)]
    lines = [line for line in lines if line]
    code = plain(prefix)
    if code and lines:
        lines[0] = f"{code} {lines[0]}"
    elif code:
        lines = [code]
    return tuple(lines)
