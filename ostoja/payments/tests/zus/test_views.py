"""The ZUS pages with the test client: the month with its plan and contributions (logged with
the persons shown), preparing and declaring, a file for Płatnik, the year, the settings; and who
may use them."""

import datetime
from typing import Any

import pytest
from django.urls import reverse

from ostoja.accounts.models import User
from ostoja.core.models import AccessLog
from ostoja.payments.models import ZusRegistration
from ostoja.payments.tests.factories import award

pytestmark = pytest.mark.django_db
MONTH = reverse("payments:zus_month", args=["2026-12"])


def test_the_month_shows_whom_to_register_and_records_it(login: Any, accountant: User) -> None:
    granted = award(benefit="zasilek_staly", amount="713.00", valid_from=datetime.date(2026, 12, 1))
    client = login(accountant)
    page = client.get(MONTH)
    assert page.status_code == 200
    assert granted.person.full_name in page.content.decode()
    assert AccessLog.objects.filter(what="payments.zus_month").exists()
    client.post(MONTH, {"krok": "zglos"})
    assert ZusRegistration.objects.filter(person=granted.person).exists()


def test_preparing_and_a_csv_file(login: Any, accountant: User) -> None:
    client = login(accountant)
    client.post(MONTH, {"krok": "przygotuj"})
    response = client.get(reverse("payments:zus_file", args=["2026-12", "rza"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")


def test_kedu_without_a_title_code_is_refused_with_a_message(login: Any, accountant: User) -> None:
    response = login(accountant).get(
        reverse("payments:zus_file", args=["2026-12", "kedu"]), follow=True
    )
    assert response.status_code == 200
    assert "Płatnik" in response.content.decode()


def test_the_year_and_the_settings(login: Any, accountant: User) -> None:
    client = login(accountant)
    assert client.get(reverse("payments:zus_year", args=[2026])).status_code == 200
    assert client.get(reverse("payments:zus_settings")).status_code == 200


@pytest.mark.parametrize(
    ("role", "status"), [("social_worker", 403), ("iod", 403), ("director", 200)]
)
def test_who_sees_the_month(
    login: Any, request: pytest.FixtureRequest, role: str, status: int
) -> None:
    assert login(request.getfixturevalue(role)).get(MONTH).status_code == status


def test_a_clerk_does_not_change_the_zus_settings(login: Any, benefits_clerk: User) -> None:
    assert login(benefits_clerk).get(reverse("payments:zus_settings")).status_code == 403
