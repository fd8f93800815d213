"""The contracts panel of the case page (`ostoja.casework.case_panels`)."""

from typing import Any

from django.http import HttpRequest

from ostoja.casework.case_panels import CasePanel, register_case_panel
from ostoja.casework.selectors import contracts as selectors


def _context(request: HttpRequest, case: Any, page: dict[str, Any]) -> dict[str, Any]:
    today = page["today"]
    contracts = list(selectors.contracts_of(request.user, case))
    rows = [
        {
            "contract": c,
            "label": selectors.state_label(c, today),
            "badge": selectors.state_badge(c, today),
        }
        for c in contracts
    ]
    return {"contract_rows": rows, "person_ids": [c.person_id for c in contracts]}


def register() -> None:
    """Register this area's panels."""
    register_case_panel(
        CasePanel(
            key="contracts", template="casework/_contract_panel.html", order=40, context=_context
        )
    )
