"""The interviews panel of the case page (`ostoja.casework.case_panels`)."""

from typing import Any

from django.http import HttpRequest

from ostoja.casework import policy as casework_policy
from ostoja.casework.case_panels import CasePanel, register_case_panel
from ostoja.casework.selectors.interviews import interview_chains
from ostoja.core.policy import can


def _context(request: HttpRequest, case: Any, page: dict[str, Any]) -> dict[str, Any]:
    return {
        "interview_chains": interview_chains(request.user, case),
        "may_plan_interview": can(request.user, casework_policy.EDIT, case),
    }


def register() -> None:
    """Register this area's panels."""
    register_case_panel(
        CasePanel(
            key="interviews",
            template="casework/_interview_panel.html",
            order=10,
            context=_context,
        )
    )
