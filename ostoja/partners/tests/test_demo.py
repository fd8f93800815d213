import datetime

import pytest

from ostoja.partners import demo
from ostoja.partners.models import Institution

pytestmark = pytest.mark.django_db


def test_demo_institutions_are_valid_and_added_once() -> None:
    assert demo.seed(datetime.date(2026, 6, 15)) == "partners: 4 institutions"
    assert demo.seed(datetime.date(2026, 6, 15)) == "partners: 0 institutions"
    assert Institution.objects.filter(active=True).count() == 4
