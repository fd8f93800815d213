"""The cooperation panel of the case page (`ostoja.casework.case_panels`): "Obowiązek
współdziałania (art. 11)"."""

from typing import Any

from django.http import HttpRequest

from ostoja.accounts.roles import Capability
from ostoja.casework.case_panels import CasePanel, register_case_panel
from ostoja.casework.selectors.cooperation import events_of

LATEST = 5


def _context(request: HttpRequest, case: Any, page: dict[str, Any]) -> dict[str, Any]:
    events = events_of(request.user, case)
    latest = list(events[:LATEST])
    return {
        "latest_events": latest,
        "events_count": events.count(),
        "person_ids": [e.person_id for e in latest if e.person_id],
    }


def register() -> None:
    """Register this area's panels."""
    register_case_panel(
        CasePanel(
            key="cooperation",
            template="casework/_cooperation_panel.html",
            order=60,
            context=_context,
            capability=Capability.CASEWORK_VIEW,
        )
    )
