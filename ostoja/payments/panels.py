"""The start page's panel for whoever pays: what waits for them (lists to approve, to send,
to mark as paid, cash lists to close, payments that came back, overpayments to settle). Counts
only: the panel shows no person."""

from typing import Any

from django.http import HttpRequest

from ostoja.accounts.models import User
from ostoja.accounts.roles import Capability
from ostoja.core.start_panels import StartPanel, register_start_panel
from ostoja.payments import selectors

PANEL = "payments"


def _context(request: HttpRequest, page: dict[str, Any]) -> dict[str, Any] | None:
    user = request.user
    if not isinstance(user, User) or not user.sees_all_households:
        return None
    waiting = selectors.waiting_for(user, today=page.get("today"))
    return {"payments_waiting": waiting}


def register() -> None:
    register_start_panel(
        StartPanel(
            key=PANEL,
            template="payments/_start_panel.html",
            order=15,
            context=_context,
            capability=Capability.PAYMENTS_VIEW,
        )
    )
