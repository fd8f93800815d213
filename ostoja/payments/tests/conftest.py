"""The payments' tests start from the centre's default settings, which a test with real
transactions (the PostgreSQL ones) loses when the database is emptied after it."""

import pytest

from ostoja.payments.defaults import seed
from ostoja.payments.models import BenefitPayment, PaymentSettings


@pytest.fixture(autouse=True)
def payment_defaults(request: pytest.FixtureRequest) -> None:
    if "django_db_setup" in request.fixturenames or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("_django_db_helper")
        seed(BenefitPayment, PaymentSettings)
