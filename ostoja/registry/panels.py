"""The family's file is a shell of panels: the registry's own sections and those later
capabilities add (an environmental interview, applications, decisions, payments), each with its
template, its place and the capability it needs. A later app registers its panel in its
`ready()`; it does not edit the registry's template.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from ostoja.core.policy import has_capability

PanelContext = Callable[[HttpRequest, Any, dict[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class HouseholdPanel:
    key: str
    template: str
    order: int
    # Extra context for the template, from the request, the household and the page's context
    # (household, today, members); the page context is passed to the template too.
    context: PanelContext | None = None
    capability: str = "registry.view"


HOUSEHOLD_PANELS: dict[str, HouseholdPanel] = {}


def register_household_panel(panel: HouseholdPanel) -> None:
    if panel.key in HOUSEHOLD_PANELS:
        raise ValueError(f"household panel {panel.key!r} registered twice")
    HOUSEHOLD_PANELS[panel.key] = panel


def render_household_panels(
    request: HttpRequest, household: Any, page: dict[str, Any]
) -> list[SafeString]:
    """The panels the user may see, in their order, rendered."""
    rendered = []
    for panel in sorted(HOUSEHOLD_PANELS.values(), key=lambda p: (p.order, p.key)):
        if not has_capability(request.user, panel.capability):
            continue
        context = dict(page)
        if panel.context is not None:
            context.update(panel.context(request, household, page))
        rendered.append(SafeString(render_to_string(panel.template, context, request=request)))
    return rendered
