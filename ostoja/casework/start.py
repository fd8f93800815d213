"""Social work's panels of the start page: the social worker's deadlines ("Moje terminy") and
the director's overview of every worker's and area's deadlines ("Terminy pracy socjalnej")."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from ostoja.accounts.roles import Capability
from ostoja.casework.policy import NOTE_ADD, SUPERVISE
from ostoja.casework.selectors import start as selectors
from ostoja.casework.views.common import staff
from ostoja.casework.views.start import quick_note_form
from ostoja.core.policy import can
from ostoja.core.start_panels import StartPanel, register_start_panel

WORKER_PANEL = "casework.worker_deadlines"
DIRECTOR_PANEL = "casework.director_deadlines"


def _worker_context(request: HttpRequest, page: dict[str, Any]) -> dict[str, Any] | None:
    """The user's own deadlines. Not for whoever supervises: the director's panel has her own
    deadlines in its row, with everyone else's."""
    user = staff(request)
    if can(user, SUPERVISE):
        return None
    today = page.get("today") or timezone.localdate()
    deadlines = selectors.worker_deadlines(user, today)
    rows: list[selectors.DueRow | selectors.MyCaseRow] = [
        *deadlines.interviews,
        *deadlines.updates,
        *deadlines.reviews,
        *deadlines.referrals,
        *deadlines.cases,
    ]
    context: dict[str, Any] = {
        "deadlines": deadlines,
        "person_ids": selectors.persons_shown(rows, today),
    }
    if can(user, NOTE_ADD) and deadlines.open_cases:
        context["quick_note_form"] = quick_note_form(user, today, cases=deadlines.open_cases)
    return context


def _director_context(request: HttpRequest, page: dict[str, Any]) -> dict[str, Any]:
    """Counts only: the panel names staff and areas, no family."""
    today = page.get("today") or timezone.localdate()
    return {"overview": selectors.director_overview(staff(request), today)}


def register() -> None:
    register_start_panel(
        StartPanel(
            key=DIRECTOR_PANEL,
            template="casework/_start_director.html",
            order=10,
            context=_director_context,
            capability=Capability.CASEWORK_SUPERVISE,
        )
    )
    register_start_panel(
        StartPanel(
            key=WORKER_PANEL,
            template="casework/_start_worker.html",
            order=20,
            context=_worker_context,
            capability=Capability.CASEWORK_EDIT,
        )
    )
