"""Personal data stays out of caches; htmx fragments never stand in for pages."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_signed_in_pages_are_not_stored_and_vary_on_htmx(
    login: Callable[[Any], Client], director: Any, household_north: Any
) -> None:
    """Regression: responses had no `Vary: HX-Request` and could be cached."""
    response = login(director).get(reverse("registry:household_detail", args=[household_north.pk]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "HX-Request" in response["Vary"]


def test_a_history_restore_request_gets_the_full_page(
    login: Callable[[Any], Client], director: Any
) -> None:
    """Regression: after Back, htmx's history-restore request got a bare fragment."""
    client = login(director)
    url = reverse("registry:search") + "?q=Kow"
    fragment = client.get(url, headers={"HX-Request": "true"})
    restored = client.get(url, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" not in fragment.content.decode()
    assert "<html" in restored.content.decode()


def test_pages_with_personal_data_are_kept_out_of_the_htmx_history_cache(
    login: Callable[[Any], Client], director: Any, household_north: Any
) -> None:
    html = login(director).get(reverse("registry:household_detail", args=[household_north.pk]))
    assert 'hx-history="false"' in html.content.decode()
