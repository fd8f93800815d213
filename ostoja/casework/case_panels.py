"""The case page is a shell of panels, one per area of social work (interviews, notes,
contracts, referrals, the duty to cooperate) and those later capabilities add (applications,
decisions, payments). Each registers its panel with its template, place and capability; the case
page does not know them. Mirrors `ostoja.registry.panels` for the family's file.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from ostoja.core.policy import has_capability

# Extra context from the request, the case and the page's context (case, household, today);
# it may add "person_ids": the persons the panel shows, for the page's access event.
CasePanelContext = Callable[[HttpRequest, Any, dict[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class CasePanel:
    key: str
    template: str
    order: int
    context: CasePanelContext | None = None
    capability: str = "casework.view"


CASE_PANELS: dict[str, CasePanel] = {}


def register_case_panel(panel: CasePanel) -> None:
    if panel.key in CASE_PANELS:
        raise ValueError(f"case panel {panel.key!r} registered twice")
    CASE_PANELS[panel.key] = panel


def render_case_panels(
    request: HttpRequest, case: Any, page: dict[str, Any]
) -> tuple[list[SafeString], set[int]]:
    """The panels the user may see, in their order, rendered; and the persons they show."""
    rendered, person_ids = [], set()
    for panel in sorted(CASE_PANELS.values(), key=lambda p: (p.order, p.key)):
        if not has_capability(request.user, panel.capability):
            continue
        context = dict(page)
        if panel.context is not None:
            context.update(panel.context(request, case, page))
        person_ids.update(context.pop("person_ids", ()))
        rendered.append(SafeString(render_to_string(panel.template, context, request=request)))
    return rendered, person_ids
