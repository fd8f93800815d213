"""Who sees the ZUS records: staff who see payments and all households; nobody else."""

import pytest

from ostoja.accounts.roles import Role
from ostoja.core.policy import visible_to
from ostoja.payments.models import ZusContribution, ZusMonth, ZusOtherTitle, ZusRegistration
from ostoja.payments.tests.factories import award, staff
from ostoja.payments.tests.zus.support import D, accountant, clerk, pay
from ostoja.payments.zus.months import zus_month_prepare
from ostoja.payments.zus.registrations import zus_other_title_record, zus_registration_sync

pytestmark = pytest.mark.django_db


def test_the_records_are_seen_by_payments_staff_only() -> None:
    granted = award(amount="713.00", valid_from=D(2026, 12, 1))
    other = award(amount="500.00", valid_from=D(2026, 12, 1))
    zus_other_title_record(
        actor=clerk(), person=other.person, insured_elsewhere=True, reason="członek rodziny"
    )
    zus_registration_sync(actor=clerk(), day=D(2026, 12, 2))
    pay(D(2026, 12, 1))
    zus_month_prepare(actor=clerk(), month=D(2026, 12, 1))
    worker = staff(username="pracownik", role=Role.SOCIAL_WORKER)
    for model in (ZusRegistration, ZusOtherTitle, ZusMonth, ZusContribution):
        assert visible_to(accountant(), model).count() == 1, model
        assert not visible_to(worker, model).exists(), model
    row = ZusContribution.objects.get()
    assert str(row) == f"{granted.person} 12.2026: 64.17"
    assert str(row.zus_month) == "12.2026"
    assert str(ZusOtherTitle.objects.get()) == f"{other.person}: członek rodziny"
