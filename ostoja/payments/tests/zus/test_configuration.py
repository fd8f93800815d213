"""The payer's data: changed only by the payments administrator, validated (NIP, REGON, the
title code's 6 digits, the NRS of the payer's NIP), one row, each change an action."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from ostoja.core.models import ActionRecord
from ostoja.payments.models import ZusSettings
from ostoja.payments.tests.zus.support import NIP, NRS, REGON, TITLE_CODE, accountant, clerk
from ostoja.payments.zus.configuration import (
    missing_payer_data,
    zus_settings,
    zus_settings_update,
)
from ostoja.registry.tests.factories import make_nrb

pytestmark = pytest.mark.django_db


def test_the_settings_start_empty_with_the_title_code_to_take_from_platnik() -> None:
    row = zus_settings()
    assert (row.pk, row.title_code, row.declaration_from, row.declaration_to) == (1, "", "01", "39")
    assert len(missing_payer_data(row)) == 4
    assert "Płatnik" in missing_payer_data(row)[0]


def test_the_administrator_sets_the_payers_data() -> None:
    row = zus_settings_update(
        actor=accountant(),
        payer_nip=NIP,
        payer_regon=REGON,
        payer_short_name="GOPS Dębowo",
        title_code=TITLE_CODE,
        contribution_account=NRS,
    )
    assert missing_payer_data(row) == []
    assert row.history.latest().history_user == accountant()
    record = ActionRecord.objects.get(action="payments.zus_settings_update")
    assert len(record.details["fields"]) == 5
    # The same values again change nothing and leave no action.
    zus_settings_update(actor=accountant(), payer_nip=NIP)
    assert ActionRecord.objects.filter(action="payments.zus_settings_update").count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"payer_nip": "1234563219"}, "payer_nip"),  # wrong check digit
        ({"payer_regon": "123456786"}, "payer_regon"),  # wrong check digit
        ({"payer_regon": "12345678512347"}, "payer_regon"),  # a local unit's 14 digits
        ({"title_code": "99991"}, "title_code"),
        ({"declaration_from": "40", "declaration_to": "39"}, "declaration_to"),
        # The NRS of another payer, and an account that is not ZUS's at all.
        (
            {"payer_nip": NIP, "contribution_account": "07600000020000005260250995"},
            "contribution_account",
        ),
        ({"payer_nip": NIP, "contribution_account": make_nrb(1)}, "contribution_account"),
    ],
)
def test_wrong_data_is_refused(changes: dict[str, str], field: str) -> None:
    with pytest.raises(ValidationError) as refused:
        zus_settings_update(actor=accountant(), **changes)
    assert field in refused.value.message_dict
    assert zus_settings().version == 1


def test_only_the_payments_administrator_changes_the_settings() -> None:
    with pytest.raises(PermissionDenied):
        zus_settings_update(actor=clerk(), title_code=TITLE_CODE)
    with pytest.raises(ValueError, match="first_month"):
        zus_settings_update(actor=accountant(), first_month=None)


def test_the_settings_are_one_row() -> None:
    zus_settings()
    with pytest.raises(IntegrityError), transaction.atomic():
        ZusSettings.objects.create(pk=2)
