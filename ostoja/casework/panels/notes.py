"""The notes panel of the case page (`ostoja.casework.case_panels`) and social work's panel of
the family's file (`panels/household.py`)."""

from typing import Any

from django.http import HttpRequest

from ostoja.accounts.roles import Capability
from ostoja.casework.case_panels import CasePanel, register_case_panel
from ostoja.casework.panels import household
from ostoja.casework.selectors.notes import notes_of

LATEST = 5


def _context(request: HttpRequest, case: Any, page: dict[str, Any]) -> dict[str, Any]:
    notes = notes_of(request.user, case)
    latest = list(notes[:LATEST])
    return {
        "latest_notes": latest,
        "notes_count": notes.count(),
        "person_ids": [p.pk for note in latest for p in note.persons.all()],
    }


def register() -> None:
    """Register this area's panels."""
    register_case_panel(
        CasePanel(
            key="notes",
            template="casework/_note_panel.html",
            order=30,
            context=_context,
            capability=Capability.CASEWORK_NOTES,
        )
    )
    household.register()
