"""The registry's own panels of the family's file (see `ostoja.registry.panels`)."""

from typing import Any

from django.http import HttpRequest

from ostoja.core.actions import actions_about
from ostoja.registry import selectors
from ostoja.registry.history import change_history
from ostoja.registry.models import Household
from ostoja.registry.panels import HouseholdPanel, register_household_panel
from ostoja.registry.rules_adapter import income_test

INCOME_MONTHS = 12


def _income_test(
    request: HttpRequest, household: Household, page: dict[str, Any]
) -> dict[str, Any]:
    return {"income_test": income_test(household, day=page["today"])}


def _incomes(request: HttpRequest, household: Household, page: dict[str, Any]) -> dict[str, Any]:
    # The last year's incomes are what benefits are assessed on; older ones on request.
    all_incomes = request.GET.get("dochody") == "wszystkie"
    since = None if all_incomes else selectors.months_before(page["today"], INCOME_MONTHS - 1)
    return {
        "income_months": selectors.incomes_by_month(
            selectors.household_incomes(household, since=since)
        ),
        "all_incomes": since is None,
        "alimony": selectors.household_alimony(household, since=since),
    }


def _history(request: HttpRequest, household: Household, page: dict[str, Any]) -> dict[str, Any]:
    return {
        "history": change_history(household.history.all()),
        "actions": actions_about(household),
    }


def register() -> None:
    for panel in (
        HouseholdPanel(
            "registry.income_test", "registry/panels/income_test.html", 10, _income_test
        ),
        HouseholdPanel("registry.members", "registry/panels/members.html", 20),
        HouseholdPanel("registry.incomes", "registry/panels/incomes.html", 30, _incomes),
        HouseholdPanel("registry.history", "registry/panels/history.html", 90, _history),
    ):
        register_household_panel(panel)
