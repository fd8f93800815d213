"""Social work's panel on the family's file (`ostoja.registry.panels`): the case file's state,
worker and reasons with a link, or the button that opens one."""

from typing import Any

from django.http import HttpRequest

from ostoja.accounts.roles import Capability
from ostoja.casework.models import CaseFile
from ostoja.casework.selectors import cases as selectors
from ostoja.core.policy import has_capability
from ostoja.registry.panels import HouseholdPanel, register_household_panel


def _context(request: HttpRequest, household: Any, page: dict[str, Any]) -> dict[str, Any]:
    # The family's page has already found the household in the user's scope, and a case file
    # has exactly its household's scope (`casework.policy.cases_visible_to`) for whoever has
    # CASEWORK_VIEW, which the panel requires: asking the scope again would cost the page the
    # same scope queries twice more. Likewise opening a case asks only that the household be in
    # scope (`casework.open_case`), so the capability decides the button.
    case = CaseFile.objects.filter(household_id=household.pk).first()
    if case is None:
        return {
            "case_file": None,
            "may_open_case": has_capability(request.user, Capability.CASEWORK_EDIT),
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
