"""A person's bank account changed alone (the accountant paying a returned transfer again):
the new number in the person's history and the action record, refused to roles without
`registry.account`, and an invalid number refused."""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ostoja.core.models import ActionRecord
from ostoja.registry.services import person_account_change
from ostoja.registry.tests.factories import make_nrb

pytestmark = pytest.mark.django_db


def test_the_accountant_changes_only_the_account(accountant: Any, person_north: Any) -> None:
    surname = person_north.surname
    new = make_nrb(77)
    changed = person_account_change(
        actor=accountant, person=person_north, account=f"PL{new[:2]} {new[2:]}", reason="zwrot"
    )
    changed.refresh_from_db()
    assert changed.bank_account == new
    assert changed.surname == surname
    assert changed.history.latest().history_user == accountant
    record = ActionRecord.objects.get(action="registry.person_update")
    assert record.details["reason"] == "zwrot"


def test_a_wrong_number_is_refused(accountant: Any, person_north: Any) -> None:
    good = make_nrb(77)
    wrong = good[:-1] + str((int(good[-1]) + 1) % 10)  # one digit changed: the checksum fails
    with pytest.raises(ValidationError):
        person_account_change(actor=accountant, person=person_north, account=wrong, reason="x")


def test_roles_without_the_capability_are_refused(
    iod: Any, administrator: Any, person_north: Any
) -> None:
    for actor in (iod, administrator):
        with pytest.raises(PermissionDenied):
            person_account_change(actor=actor, person=person_north, account=make_nrb(5), reason="x")
