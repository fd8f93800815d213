"""The action record: registered kinds, written inside the service's transaction, append-only."""

from typing import Any

import pytest
from django.db import transaction

from ostoja.core.actions import ACTION_KINDS, ActionKind, action_kind, actions_about, record_action
from ostoja.core.models import ActionRecord, AppendOnlyError

pytestmark = pytest.mark.django_db

TEST_KIND = "tests.sample_action"
if TEST_KIND not in ACTION_KINDS:
    action_kind(TEST_KIND, "Próbna czynność", "%(person)s, do %(valid_to)s")


def test_an_action_is_found_through_every_record_it_touched(director: Any, area_north: Any) -> None:
    with transaction.atomic():
        record_action(
            actor=director,
            action=TEST_KIND,
            subjects=[area_north, director],
            details={"person": "Jan Kowalski", "valid_to": "2026-03-12"},
        )
    [entry] = actions_about(area_north)
    assert entry.label == "Próbna czynność"
    assert entry.summary == "Jan Kowalski, do 12.03.2026"
    assert entry.actor == director
    assert [e.record.pk for e in actions_about(director)] == [entry.record.pk]


def test_an_unregistered_kind_is_refused(director: Any) -> None:
    with transaction.atomic(), pytest.raises(ValueError, match="unknown action kind"):
        record_action(actor=director, action="tests.never_registered", subjects=[director])


def test_an_action_outside_a_transaction_is_refused(director: Any, settings: Any) -> None:
    # pytest-django wraps each test in a transaction; leave it to see the guard.
    connection = transaction.get_connection()
    connection.in_atomic_block, was = False, connection.in_atomic_block
    try:
        with pytest.raises(RuntimeError, match="inside the service's transaction"):
            record_action(actor=director, action=TEST_KIND, subjects=[director])
    finally:
        connection.in_atomic_block = was


def test_the_record_is_append_only(director: Any) -> None:
    with transaction.atomic():
        record = record_action(actor=director, action=TEST_KIND, subjects=[director])
    with pytest.raises(AppendOnlyError):
        record.save()
    with pytest.raises(AppendOnlyError):
        ActionRecord.objects.filter(pk=record.pk).delete()
    with pytest.raises(AppendOnlyError):
        ActionRecord.objects.filter(pk=record.pk).update(action="x")


def test_missing_details_show_as_a_dash() -> None:
    kind = ActionKind(code="x", label="X", summary="%(person)s: %(amount)s")
    assert kind.describe({"person": "Anna"}) == "Anna: —"
