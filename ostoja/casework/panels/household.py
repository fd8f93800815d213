"""Social work's panel on the family's file (`ostoja.registry.panels`): the case file's state,
worker and reasons with a link, or the button that opens one."""

from typing import Any

from django.http import HttpRequest

from ostoja.accounts.roles import Capability
from ostoja.casework import policy as casework_policy
from ostoja.casework.selectors import cases as selectors
from ostoja.core.policy import can
from ostoja.registry.panels import HouseholdPanel, register_household_panel


def _context(request: HttpRequest, household: Any, page: dict[str, Any]) -> dict[str, Any]:
    case = selectors.case_for_household(request.user, household.pk)  # type: ignore[arg-type]
    if case is None:
        return {
            "case_file": None,
            "may_open_case": can(request.user, casework_policy.OPEN_CASE, household),
        }
    today = page["today"]
    return {
        "case_file": case,
        "case_worker": selectors.current_worker(case),
        "case_reasons": [r for r in selectors.reasons_of(case) if r.is_current_on(today)],
    }


def register() -> None:
    register_household_panel(
        HouseholdPanel(
            key="casework.case",
            template="casework/household_panel.html",
            order=25,
            context=_context,
            capability=Capability.CASEWORK_VIEW,
        )
    )
