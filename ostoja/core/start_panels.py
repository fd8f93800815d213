"""The start page is a list of the user's households under panels that capabilities add: the
social worker's deadlines, the director's overview, later the benefits clerk's applications.
Each capability registers its panel with its template, place and capability; the start page
does not know them. Mirrors `ostoja.casework.case_panels` for the case page.

A panel's context function gets the request and the page's context (`today`) and returns the
panel's own context, with `person_ids` (the persons the panel shows) for the page's one access
event; it returns None when the panel has nothing for this user (it is then not shown).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from ostoja.core.policy import has_capability

StartPanelContext = Callable[[HttpRequest, dict[str, Any]], dict[str, Any] | None]


@dataclass(frozen=True)
class StartPanel:
    key: str
    template: str
    order: int
    context: StartPanelContext | None
    capability: str


START_PANELS: dict[str, StartPanel] = {}


def register_start_panel(panel: StartPanel) -> None:
    if panel.key in START_PANELS:
        raise ValueError(f"start panel {panel.key!r} registered twice")
    START_PANELS[panel.key] = panel


def render_start_panels(
    request: HttpRequest, page: dict[str, Any] | None = None
) -> tuple[list[SafeString], set[int]]:
    """The panels the user may see, in their order, rendered; and the persons they show."""
    rendered: list[SafeString] = []
    person_ids: set[int] = set()
    for panel in sorted(START_PANELS.values(), key=lambda p: (p.order, p.key)):
        if not has_capability(request.user, panel.capability):
            continue
        context = dict(page or {})
        if panel.context is not None:
            extra = panel.context(request, context)
            if extra is None:
                continue
            context.update(extra)
        person_ids.update(int(pk) for pk in context.pop("person_ids", ()))
        rendered.append(SafeString(render_to_string(panel.template, context, request=request)))
    return rendered, person_ids
