"""Reading the PDFs back: their text as `pdftotext` (poppler-utils) lays it out, in reading
order, and one file of each kind kept in `test-artifacts/` for a person to look at."""

import subprocess
from pathlib import Path

from django.conf import settings

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"


def pdf_text(content: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"],
        input=content,
        capture_output=True,
        check=True,
    )
    return result.stdout.decode()


def pdf_pages(content: bytes) -> list[str]:
    """The text of each page (pdftotext ends a page with a form feed)."""
    return pdf_text(content).split("\f")[:-1]


def save_artifact(name: str, content: bytes) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    path.write_bytes(content)
    return path


def flat(text: str) -> str:
    """The text with every run of white space (line breaks of the layout too) as one space."""
    return " ".join(text.split())


def in_order(text: str, *needles: str) -> bool:
    """Whether every needle occurs in the text, each after the one before, reading the lines
    as one (a phrase the layout wraps still counts)."""
    text = flat(text)
    position = 0
    for needle in map(flat, needles):
        found = text.find(needle, position)
        if found < 0:
            return False
        position = found + len(needle)
    return True
