"""The referrals panel of the case page (`ostoja.casework.case_panels`)."""

from typing import Any

from django.http import HttpRequest

from ostoja.casework.case_panels import CasePanel, register_case_panel
from ostoja.casework.models import ReferralState
from ostoja.casework.selectors import referrals as selectors


def _context(request: HttpRequest, case: Any, page: dict[str, Any]) -> dict[str, Any]:
    referrals = list(selectors.referrals_of(request.user, case))
    rows = [
        {"referral": r, "badge": selectors.STATE_BADGES[ReferralState(r.state)]} for r in referrals
    ]
    return {"referral_rows": rows, "person_ids": [r.person_id for r in referrals]}


def register() -> None:
    """Register this area's panels."""
    register_case_panel(
        CasePanel(
            key="referrals", template="casework/_referral_panel.html", order=50, context=_context
        )
    )
