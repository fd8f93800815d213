"""The benefits' settings pages and the family's "Świadczenia" panel: the staff of the root
conftest (the director, a social worker of each area, a benefits clerk, an accountant, an
administrator, the data protection officer), the day frozen on Monday 16 March 2026 for the
settings, a DOCX built here with python-docx for the template uploads, and each test's uploads
in a directory of its own. Synthetic data only."""

import datetime
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import docx
import pytest
import time_machine

from ostoja.accounts.models import User
from ostoja.benefits.models import Authorisation

WARSAW = ZoneInfo("Europe/Warsaw")
SETTINGS_DAY = datetime.date(2026, 3, 16)


def at_ten(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(10, 0), tzinfo=WARSAW)


@pytest.fixture
def settings_day() -> Iterator[Any]:
    """Today is Monday 16 March 2026."""
    with time_machine.travel(at_ten(SETTINGS_DAY), tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _own_media(settings: Any, tmp_path: Path) -> None:
    """Templates are stored under their checksum: a file left by another test would be reused."""
    settings.MEDIA_ROOT = tmp_path / "media"


def docx_with(*paragraphs: str) -> bytes:
    """A Word document with one paragraph per text."""
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def authorisation_for(
    user: User,
    *,
    recorded_by: User,
    number: str,
    valid_from: datetime.date,
    valid_to: datetime.date | None = None,
    revoked_on: datetime.date | None = None,
    social_assistance: bool = True,
    family_benefits: bool = False,
) -> Authorisation:
    """An authorisation made directly as a row, already revoked or expired if need be."""
    return Authorisation.objects.create(
        user=user,
        number=number,
        granted_by="Wójt Gminy Dębowo",
        granted_on=valid_from,
        valid_from=valid_from,
        valid_to=valid_to,
        revoked_on=revoked_on,
        social_assistance=social_assistance,
        family_benefits=family_benefits,
        position="Kierownik Gminnego Ośrodka Pomocy Społecznej w Dębowie",
        recorded_by=recorded_by,
    )
