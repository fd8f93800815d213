"""The Polish catalogue: complete, without fuzzy entries, and up to date with the sources.

When a test here fails: run `make messages`, translate the new entries in
ostoja/locale/pl/LC_MESSAGES/django.po (no "#, fuzzy" left), then `make compile-messages`.
"""

import ast
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Message
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_noop

BASE_DIR = Path(settings.BASE_DIR)
PO_FILE = BASE_DIR / "ostoja" / "locale" / "pl" / "LC_MESSAGES" / "django.po"
HINT = "run `make messages` and translate"
POLISH_PLURALS = (
    "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
)
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]")
GETTEXT_TOOLS = ("xgettext", "msgmerge", "msguniq", "msgattrib")
# The same exclusions as `make messages`, plus what is never source.
NOT_SOURCE = {"bench", "var", "node_modules", "test-artifacts", "__pycache__"}  # and dot-dirs
SOURCE_SUFFIXES = {".py", ".html", ".txt"}  # what makemessages reads
GETTEXT_FUNCTIONS = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
}

# Django 6.1 strings our screens show that Django's own Polish catalogue does not translate yet.
# Marked here so that `make messages` puts them into our catalogue, which then translates them.
DJANGO_STRINGS_MISSING_IN_POLISH = [
    gettext_noop("- Select an option -"),  # the empty choice of every select
    gettext_noop("Logout"),  # the administration's top bar
    gettext_noop("Filter by %(field_name)s"),  # the administration's list filters
]


def _read_catalog(path: Path) -> Any:
    with path.open("rb") as po_file:
        return read_po(po_file, locale="pl")


def _key(message: Message) -> str:
    msgid = message.id[0] if isinstance(message.id, tuple | list) else message.id
    return f"[{message.context}] {msgid}" if message.context else str(msgid)


def _strings(message: Message) -> list[str]:
    if isinstance(message.string, tuple | list):
        return [s or "" for s in message.string]
    return [message.string or ""]


def _msgids(path: Path) -> set[str]:
    return {_key(m) for m in _read_catalog(path) if m.id}


def test_catalogue_header_is_polish() -> None:
    catalog = _read_catalog(PO_FILE)
    headers = dict(catalog.mime_headers)
    assert headers.get("Language") == "pl"
    assert " ".join(headers.get("Plural-Forms", "").split()) == POLISH_PLURALS


def test_every_entry_is_translated_and_not_fuzzy() -> None:
    problems = []
    for message in _read_catalog(PO_FILE):
        if not message.id:
            continue
        if message.fuzzy:
            problems.append(f"fuzzy: {_key(message)!r}")
        strings = _strings(message)
        if isinstance(message.id, tuple | list) and len(strings) != 3:
            problems.append(f"needs 3 plural forms: {_key(message)!r}")
        if not all(s.strip() for s in strings):
            problems.append(f"untranslated: {_key(message)!r}")
    assert not problems, f"{HINT}:\n" + "\n".join(problems)


def test_translations_keep_the_placeholders() -> None:
    problems: list[str] = []
    for message in _read_catalog(PO_FILE):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple | list) else (message.id,)
        expected = set(PLACEHOLDER.findall(" ".join(ids)))
        problems.extend(
            f"{_key(message)!r} -> {string!r}"
            for string in _strings(message)
            if string and set(PLACEHOLDER.findall(string)) != expected
        )
    assert not problems, "placeholders differ from the source:\n" + "\n".join(problems)


def test_catalogue_is_up_to_date_with_the_sources(tmp_path: Path, monkeypatch: Any) -> None:
    """Runs makemessages on a copy of the tree, so the real catalogue is never touched."""
    missing_tools = [tool for tool in GETTEXT_TOOLS if shutil.which(tool) is None]
    if missing_tools:
        pytest.skip(f"GNU gettext is not installed (no {', '.join(missing_tools)})")
    tree = tmp_path / "tree"
    for dirpath, dirnames, filenames in os.walk(BASE_DIR):
        dirnames[:] = [d for d in dirnames if d not in NOT_SOURCE and not d.startswith(".")]
        for filename in filenames:
            path = Path(dirpath) / filename
            if path.suffix in SOURCE_SUFFIXES or path == PO_FILE:
                target = tree / path.relative_to(BASE_DIR)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, target)
    copied_po = tree / PO_FILE.relative_to(BASE_DIR)
    assert copied_po.exists()
    monkeypatch.chdir(tree)
    with override_settings(LOCALE_PATHS=[str(copied_po.parents[2])]):
        call_command(
            "makemessages",
            locale=["pl"],
            no_obsolete=True,
            no_location=True,
            ignore_patterns=[".venv/*", "bench/*"],
            verbosity=0,
        )
    fresh, committed = _msgids(copied_po), _msgids(PO_FILE)
    new = sorted(fresh - committed)
    stale = sorted(committed - fresh)
    report = [f"not in the catalogue: {msgid!r}" for msgid in new]
    report += [f"no longer in the sources: {msgid!r}" for msgid in stale]
    assert not report, f"the catalogue is out of date; {HINT}:\n" + "\n".join(report)


def _gettext_literals_in_fstrings(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if not isinstance(node, ast.JoinedStr):
            continue
        for inner in ast.walk(node):
            if (
                isinstance(inner, ast.Call)
                and isinstance(inner.func, ast.Name)
                and inner.func.id in GETTEXT_FUNCTIONS
            ):
                literals = [
                    arg.value
                    for arg in inner.args
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                ]
                found += [(inner.lineno, literal) for literal in literals]
    return found


def test_no_string_is_only_inside_an_fstring() -> None:
    """xgettext does not look inside f-strings: a string marked only there never reaches the
    catalogue and stays English on screen."""
    known = {
        str(m.id[0] if isinstance(m.id, tuple | list) else m.id) for m in _read_catalog(PO_FILE)
    }
    found = []
    for top in ("ostoja", "config"):
        for path in sorted((BASE_DIR / top).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            found += [
                f"{path.relative_to(BASE_DIR)}:{line}: {literal!r}"
                for line, literal in _gettext_literals_in_fstrings(path)
                if literal not in known
            ]
    assert not found, (
        "makemessages does not extract a translated string from inside an f-string; "
        "assign it to a variable before the f-string, then run `make messages` and translate:\n"
        + "\n".join(found)
    )


def test_django_strings_missing_in_polish_are_translated() -> None:
    with translation.override("pl"):
        for msgid in DJANGO_STRINGS_MISSING_IN_POLISH:
            assert translation.gettext(msgid) != msgid, f"{msgid!r} is not translated; {HINT}"


@pytest.mark.django_db
def test_start_page_is_in_polish(login: Any, director: Any) -> None:
    client = login(director)
    page = client.get(reverse("registry:home")).content.decode()
    assert '<html lang="pl">' in page
    for words in ("Pulpit", "Osoby i rodziny", "Wyloguj", "Zarejestruj rodzinę"):
        assert words in page, f"{words!r} is missing: compile the catalogue (make compile-messages)"
