"""The family's file: a header with the key facts, then the panels (ostoja.registry.panels)."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from ostoja.accounts.roles import Capability
from ostoja.core.access import requires
from ostoja.core.audit import record_access
from ostoja.registry import selectors
from ostoja.registry.models import Relation
from ostoja.registry.panels import render_household_panels
from ostoja.registry.views.common import household_or_404


@requires(Capability.REGISTRY_VIEW)
def household_detail(request: HttpRequest, household_id: int) -> HttpResponse:
    household = household_or_404(request, household_id)
    today = timezone.localdate()
    members = selectors.household_members(household)
    record_access(
        request=request, person_ids=[m.person_id for m in members], what="household_detail"
    )
    current = [m for m in members if m.is_current_on(today)]
    page: dict[str, Any] = {
        "household": household,
        "head": next((m.person for m in current if m.relation == Relation.APPLICANT), None),
        "current_members": current,
        "past_members": [m for m in members if not m.is_current_on(today)],
        "workers": [w for w in household.area.workers.all() if w.is_active],
        "shared_with": list(household.shared_with.all()),
        "today": today,
    }
    page["panels"] = render_household_panels(request, household, page)
    return render(request, "registry/household_detail.html", page)
