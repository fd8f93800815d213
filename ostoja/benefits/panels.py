"""The benefits' panel on the family's file (`ostoja.registry.panels`): "Świadczenia" — the
awards in force today, the history of the other segments, the open applications with their
deadlines, and the link that registers a new application.

The panel records nothing itself: the family's page logs its access, naming every member past
and present, and the panel shows only members (see `selectors.awards`).
"""

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from ostoja.accounts.roles import Capability
from ostoja.benefits.selectors import awards as selectors
from ostoja.core.policy import has_capability
from ostoja.registry.panels import HouseholdPanel, register_household_panel

# After social work's panel (25), before the family's incomes (30).
ORDER = 27


def url_or_empty(name: str, *args: Any) -> str:
    """The address of a page, or "" while the page does not exist yet (the pages of the
    decisions and of registering are other parts of the app: the panel must not break the
    family's file if one of them is missing)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _linked(segments: list[selectors.Segment]) -> list[dict[str, Any]]:
    return [
        {
            "segment": segment,
            "decision_url": url_or_empty("benefits:decision_detail", segment.award.decision_id),
        }
        for segment in segments
    ]


def _context(request: HttpRequest, household: Any, page: dict[str, Any]) -> dict[str, Any]:
    today = page["today"]
    user = request.user
    family = selectors.awards_of_family(selectors.household_awards(user, household.pk), today)
    applications = selectors.with_deadlines(
        list(selectors.household_open_applications(user, household.pk)), today
    )
    # The family page is shown only to those who see the family, so the capability decides
    # (the full check, scope included, runs again on the form).
    may_register = has_capability(user, Capability.BENEFITS_EDIT)
    return {
        "benefits_in_force": _linked(family.in_force),
        "benefits_history": _linked(family.others),
        "benefits_applications": [
            {
                "entry": entry,
                "url": url_or_empty("benefits:application_detail", entry.application.pk),
            }
            for entry in applications
        ],
        "benefits_new_application_url": (
            url_or_empty("benefits:application_register", household.pk) if may_register else ""
        ),
    }


def register() -> None:
    """Register the panel (called from the app's `ready()`)."""
    register_household_panel(
        HouseholdPanel(
            key="benefits.awards",
            template="benefits/household_panel.html",
            order=ORDER,
            context=_context,
            capability=Capability.BENEFITS_VIEW,
        )
    )
