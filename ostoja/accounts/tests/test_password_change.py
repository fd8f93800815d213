"""A one-time password from the administrator must be replaced by the user's own before
anything else."""

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from ostoja.accounts import services
from ostoja.accounts.models import User
from ostoja.core.models import ActionRecord

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Zielona-Łąka-2026"


def test_after_a_reset_every_page_leads_to_choosing_a_password(
    login: Callable[[User], Client], administrator: User, director: User
) -> None:
    """Regression: a password reset by the administrator was not followed by a change."""
    one_time = services.user_password_reset(actor=administrator, user=director)
    director.refresh_from_db()
    assert director.password_change_required
    client = login(director)
    home = client.get(reverse("registry:home"))
    assert home.status_code == 302
    assert home["Location"].startswith(reverse("accounts:password_change"))

    page = client.get(reverse("accounts:password_change"))
    assert page.status_code == 200
    wrong = client.post(
        reverse("accounts:password_change"),
        {"old_password": "nie-to", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert "old_password" in wrong.context["form"].errors
    done = client.post(
        reverse("accounts:password_change"),
        {"old_password": one_time, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done.status_code == 302
    director.refresh_from_db()
    assert not director.password_change_required
    assert director.check_password(NEW_PASSWORD)
    assert client.get(reverse("registry:home")).status_code == 200  # the session goes on
    assert ActionRecord.objects.about(director).filter(action=services.PASSWORD_CHANGE).exists()


def test_a_new_account_must_choose_its_password(administrator: User) -> None:
    user, _password = services.user_create(
        actor=administrator,
        data={"username": "nowa.osoba", "first_name": "Ewa", "last_name": "Nowa", "role": "iod"},
    )
    assert user.password_change_required


def test_a_weak_new_password_is_refused_on_its_field(
    login: Callable[[User], Client], director: User, staff_password: str
) -> None:
    client = login(director)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": staff_password, "new_password1": "12345", "new_password2": "12345"},
    )
    assert response.status_code == 200
    assert "new_password2" in response.context["form"].errors or (
        "new_password1" in response.context["form"].errors
    )
    director.refresh_from_db()
    assert director.check_password(staff_password)
