"""The start page's extension point: panels registered by capabilities, rendered in order."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import RequestFactory

from ostoja.core import start_panels
from ostoja.core.start_panels import StartPanel, register_start_panel, render_start_panels

pytestmark = pytest.mark.django_db

TEMPLATE = "partials/pagination.html"  # renders to nothing without a page: a harmless template


@pytest.fixture
def panels() -> Iterator[dict[str, StartPanel]]:
    """An empty registry for the test; the application's panels come back afterwards."""
    saved = dict(start_panels.START_PANELS)
    start_panels.START_PANELS.clear()
    yield start_panels.START_PANELS
    start_panels.START_PANELS.clear()
    start_panels.START_PANELS.update(saved)


def request_of(user: Any) -> Any:
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_panels_render_in_order_with_their_persons(
    panels: dict[str, StartPanel], social_worker: Any
) -> None:
    seen: list[str] = []

    def context(name: str, persons: list[int]) -> Any:
        def make(request: Any, page: dict[str, Any]) -> dict[str, Any]:
            seen.append(name)
            assert page == {"today": "dziś"}
            return {"person_ids": persons}

        return make

    register_start_panel(StartPanel("b", TEMPLATE, 20, context("b", [3]), "signed_in"))
    register_start_panel(StartPanel("a", TEMPLATE, 10, context("a", [1, 2]), "signed_in"))
    rendered, persons = render_start_panels(request_of(social_worker), {"today": "dziś"})
    assert seen == ["a", "b"]
    assert len(rendered) == 2
    assert persons == {1, 2, 3}


def test_a_panel_needs_its_capability(panels: dict[str, StartPanel], accountant: Any) -> None:
    register_start_panel(StartPanel("casework", TEMPLATE, 10, None, "casework.edit"))
    rendered, persons = render_start_panels(request_of(accountant))
    assert rendered == []
    assert persons == set()


def test_a_panel_with_nothing_to_show_is_left_out(
    panels: dict[str, StartPanel], social_worker: Any
) -> None:
    register_start_panel(StartPanel("empty", TEMPLATE, 10, lambda request, page: None, "signed_in"))
    register_start_panel(StartPanel("plain", TEMPLATE, 20, None, "signed_in"))
    rendered, persons = render_start_panels(request_of(social_worker))
    assert len(rendered) == 1
    assert persons == set()


def test_a_panel_is_registered_once(panels: dict[str, StartPanel]) -> None:
    register_start_panel(StartPanel("one", TEMPLATE, 10, None, "signed_in"))
    with pytest.raises(ValueError, match="registered twice"):
        register_start_panel(StartPanel("one", TEMPLATE, 10, None, "signed_in"))


def test_social_work_registers_its_panels() -> None:
    assert {"casework.worker_deadlines", "casework.director_deadlines"} <= set(
        start_panels.START_PANELS
    )
