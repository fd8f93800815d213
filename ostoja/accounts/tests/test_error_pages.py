"""The error pages with DEBUG off: Polish, in the application's frame, never Django's own."""

from collections.abc import Callable
from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import path, reverse

from ostoja.accounts.models import User


def _broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


urlpatterns = [path("zepsute/", _broken)]
handler500 = "ostoja.core.errors.server_error"


@override_settings(DEBUG=False)
def test_household_of_another_area_shows_the_polish_404(
    login: Callable[[User], Client], social_worker: User, household_south: Any
) -> None:
    response = login(social_worker).get(
        reverse("registry:household_detail", args=[household_south.pk])
    )
    assert response.status_code == 404
    html = response.content.decode()
    assert "Nie ma takiej strony ani wpisu albo należy on do innego rejonu." in html
    assert 'class="topbar' in html  # the application's frame, with the header
    assert "Page not found" not in html
    assert "Traceback" not in html


@override_settings(DEBUG=False)
def test_unknown_address_shows_the_polish_404(
    login: Callable[[User], Client], director: User
) -> None:
    response = login(director).get("/nie-ma-takiej-strony/")
    assert response.status_code == 404
    assert "Nie znaleziono" in response.content.decode()


@override_settings(DEBUG=False)
def test_refused_screen_shows_the_polish_403(login: Callable[[User], Client], iod: User) -> None:
    response = login(iod).get(reverse("registry:search"))
    assert response.status_code == 403
    assert "Brak dostępu" in response.content.decode()


@pytest.mark.urls("ostoja.accounts.tests.test_error_pages")
@override_settings(DEBUG=False)
def test_a_bug_shows_the_polish_500_without_internals(db: None) -> None:
    response = Client(raise_request_exception=False).get("/zepsute/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Coś poszło nie tak" in html
    assert "a bug" not in html
    assert "RuntimeError" not in html
