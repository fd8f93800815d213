"""The cash list printed by a task worker: ordered by the approving accountant, made once,
kept with its checksum, sent for payment when made; refused to the preparer, to a transfer
list and to other roles; a print left by a killed worker is ordered anew; the list's page
follows the print and hands over its PDF, logging the download."""

import datetime
import hashlib
from functools import partial
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from ostoja.accounts.models import User
from ostoja.accounts.roles import Role
from ostoja.benefits.models import PaymentMethod
from ostoja.core.models import AccessLog, ActionRecord
from ostoja.payments import access_kinds
from ostoja.payments.models import ListPrint, ListState, PaymentList, PaymentSettings, RunState
from ostoja.payments.services import lists, prints, runs
from ostoja.payments.tests.concurrency import at_once
from ostoja.payments.tests.factories import award, staff
from ostoja.registry.tests.factories import make_nrb

pytestmark = pytest.mark.django_db
DECEMBER = datetime.date(2026, 12, 1)


def _approved(method: str = PaymentMethod.CASH) -> tuple[PaymentList, User]:
    """December's list of two payments by `method`, prepared by a clerk and approved by
    the accountant who is returned."""
    PaymentSettings.objects.filter(pk=1).update(centre_account=make_nrb(900))
    award(amount="713.00", valid_from=DECEMBER, method=method)
    award(amount="1229.00", valid_from=DECEMBER, method=method)
    clerk = staff(username="urzedniczka", role=Role.BENEFITS_CLERK)
    runs.payment_run_execute(runs.payment_run_start(actor=clerk, month=DECEMBER).pk, today=DECEMBER)
    payment_list = lists.payment_list_prepare(actor=clerk, payment_list=PaymentList.objects.get())
    chief = staff(username="glowna", role=Role.ACCOUNTING)
    return lists.payment_list_approve(actor=chief, payment_list=payment_list), chief


def test_an_ordered_print_is_made_once_and_sends_the_list() -> None:
    payment_list, chief = _approved()
    printout = prints.list_print_request(actor=chief, payment_list=payment_list)
    assert printout.state == RunState.QUEUED
    assert printout.lines == 2
    # Ordered, not yet made: the list is still only approved.
    assert PaymentList.objects.get().state == ListState.APPROVED
    made = prints.list_print_render(printout.pk)
    assert made.state == RunState.DONE
    data = bytes(ListPrint.objects.get().data)
    assert data.startswith(b"%PDF")
    assert made.sha256 == hashlib.sha256(data).hexdigest()
    assert made.name == f"lista-wyplat-{payment_list.number.replace('/', '-')}.pdf"
    sent = PaymentList.objects.get()
    assert sent.state == ListState.EXPORTED
    assert sent.exported_by == chief
    export = ActionRecord.objects.get(action="payments.list_export")
    assert export.details["sha256"] == made.sha256
    assert ActionRecord.objects.filter(action=prints.LIST_PRINT_REQUEST).count() == 1
    # A second worker given the same print leaves it as it is: no second export.
    again = prints.list_print_render(printout.pk)
    assert again.sha256 == made.sha256
    assert ActionRecord.objects.filter(action="payments.list_export").count() == 1


def test_ordering_again_while_it_waits_shows_the_same_print() -> None:
    payment_list, chief = _approved()
    first = prints.list_print_request(actor=chief, payment_list=payment_list)
    second = prints.list_print_request(actor=chief, payment_list=payment_list)
    assert first.pk == second.pk
    assert ListPrint.objects.count() == 1


def test_a_print_a_killed_worker_left_is_ordered_anew() -> None:
    payment_list, chief = _approved()
    left = prints.list_print_request(actor=chief, payment_list=payment_list)
    ListPrint.objects.filter(pk=left.pk).update(
        state=RunState.RUNNING, updated_at=timezone.now() - prints.STALE_AFTER * 2
    )
    anew = prints.list_print_request(actor=chief, payment_list=payment_list)
    assert anew.pk != left.pk
    left.refresh_from_db()
    assert left.state == RunState.FAILED
    assert left.error == "Wydruk został przerwany; zamówiono go ponownie."
    # The slow worker, should it finish after all, keeps nothing.
    assert prints.list_print_render(left.pk).state == RunState.FAILED
    assert prints.list_print_render(anew.pk).state == RunState.DONE


def test_a_print_ordered_after_one_was_made_is_a_new_print() -> None:
    payment_list, chief = _approved()
    printout = prints.list_print_request(actor=chief, payment_list=payment_list)
    prints.list_print_render(printout.pk)
    reprint = prints.list_print_request(actor=chief, payment_list=payment_list)
    assert reprint.pk != printout.pk
    assert prints.list_print_render(reprint.pk).state == RunState.DONE
    # Each print is an export of the list; the first one sent it.
    assert ActionRecord.objects.filter(action="payments.list_export").count() == 2


def test_a_failed_render_keeps_the_list_approved(monkeypatch: pytest.MonkeyPatch) -> None:
    payment_list, chief = _approved()
    printout = prints.list_print_request(actor=chief, payment_list=payment_list)

    def broken(_list: PaymentList) -> bytes:
        raise OSError("no fonts")

    monkeypatch.setattr("ostoja.payments.documents.render_cash_list_pdf", broken)
    failed = prints.list_print_render(printout.pk)
    assert failed.state == RunState.FAILED
    assert failed.error == "Nie udało się wydrukować listy; zamów wydruk ponownie."
    assert PaymentList.objects.get().state == ListState.APPROVED
    assert not ActionRecord.objects.filter(action="payments.list_export").exists()


def test_a_print_whose_accountant_lost_the_role_fails_with_the_reason() -> None:
    payment_list, chief = _approved()
    printout = prints.list_print_request(actor=chief, payment_list=payment_list)
    chief.role = Role.BENEFITS_CLERK
    chief.save()
    failed = prints.list_print_render(printout.pk)
    assert failed.state == RunState.FAILED
    assert failed.error == "Nie możesz przekazać tej listy do wypłaty."
    assert PaymentList.objects.get().state == ListState.APPROVED


def test_the_preparer_and_a_clerk_are_refused() -> None:
    payment_list, _chief = _approved()
    preparer = User.objects.get(username="urzedniczka")
    with pytest.raises(PermissionDenied):
        prints.list_print_request(actor=preparer, payment_list=payment_list)
    # Given the accounting role, the preparer is still not the one who sends her list.
    preparer.role = Role.ACCOUNTING
    preparer.save()
    with pytest.raises(PermissionDenied):
        prints.list_print_request(actor=preparer, payment_list=payment_list)
    assert not ListPrint.objects.exists()


def test_a_transfer_list_is_not_printed() -> None:
    payment_list, chief = _approved(PaymentMethod.BANK)
    with pytest.raises(ValidationError, match="plikiem do banku"):
        prints.list_print_request(actor=chief, payment_list=payment_list)
    assert not ListPrint.objects.exists()


def test_the_database_holds_one_waiting_print_per_list() -> None:
    payment_list, chief = _approved()
    prints.list_print_request(actor=chief, payment_list=payment_list)
    with pytest.raises(IntegrityError), transaction.atomic():
        ListPrint.objects.create(payment_list=payment_list, requested_by=chief)


def test_the_database_refuses_a_made_print_without_its_checksum() -> None:
    payment_list, chief = _approved()
    printout = prints.list_print_request(actor=chief, payment_list=payment_list)
    with pytest.raises(IntegrityError), transaction.atomic():
        ListPrint.objects.filter(pk=printout.pk).update(state=RunState.DONE, name="lista.pdf")


# ---------------------------------------------------------------------------------------------
# The pages
# ---------------------------------------------------------------------------------------------


def test_the_list_page_follows_the_print_and_hands_over_its_pdf(login: Any) -> None:
    payment_list, chief = _approved()
    client = login(chief)
    detail = reverse("payments:list_detail", args=[payment_list.pk])
    ordered = client.post(reverse("payments:list_print", args=[payment_list.pk]), follow=True)
    page = ordered.content.decode()
    # The test client commits nothing, so the print waits as it would for a busy worker.
    assert "Wydruk zamówiony" in page
    assert "Drukowanie listy kasowej" in page
    printout = ListPrint.objects.get()
    state_url = reverse("payments:list_print_state", args=[payment_list.pk, printout.pk])
    assert state_url in page
    waiting = client.get(state_url, headers={"HX-Request": "true"})
    assert "HX-Refresh" not in waiting
    assert "hx-trigger" in waiting.content.decode()
    prints.list_print_render(printout.pk)
    finished = client.get(state_url, headers={"HX-Request": "true"})
    assert finished["HX-Refresh"] == "true"
    download_url = reverse("payments:list_print_download", args=[payment_list.pk, printout.pk])
    assert download_url in client.get(detail).content.decode()
    response = client.get(download_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"] == f'attachment; filename="{ListPrint.objects.get().name}"'
    )
    assert response.content.startswith(b"%PDF")
    event = AccessLog.objects.filter(what=access_kinds.LIST_EXPORT).get()
    assert event.details["sha256"] == hashlib.sha256(response.content).hexdigest()
    payees = set(payment_list.items.values_list("payee_id", flat=True))
    assert payees <= set(event.persons.values_list("person_id", flat=True))


def test_a_print_not_made_is_not_downloaded(login: Any) -> None:
    payment_list, chief = _approved()
    printout = prints.list_print_request(actor=chief, payment_list=payment_list)
    response = login(chief).get(
        reverse("payments:list_print_download", args=[payment_list.pk, printout.pk])
    )
    assert response.status_code == 404


def test_a_print_of_another_list_is_a_404(login: Any) -> None:
    payment_list, chief = _approved()
    printout = prints.list_print_request(actor=chief, payment_list=payment_list)
    prints.list_print_render(printout.pk)
    response = login(chief).get(
        reverse("payments:list_print_download", args=[payment_list.pk + 1, printout.pk])
    )
    assert response.status_code == 404


@pytest.mark.parametrize("role", ["benefits_clerk", "director", "social_worker"])
def test_only_an_accountant_downloads_a_print(
    login: Any, request: pytest.FixtureRequest, role: str
) -> None:
    payment_list, chief = _approved()
    printout = prints.list_print_request(actor=chief, payment_list=payment_list)
    prints.list_print_render(printout.pk)
    client = login(request.getfixturevalue(role))
    for name in ("list_print_download", "list_print_state"):
        response = client.get(reverse(f"payments:{name}", args=[payment_list.pk, printout.pk]))
        assert response.status_code == 403
    assert not AccessLog.objects.filter(what=access_kinds.LIST_EXPORT).exists()


def test_the_preparer_is_told_why_she_may_not_print(login: Any) -> None:
    payment_list, _chief = _approved()
    preparer = User.objects.get(username="urzedniczka")
    preparer.role = Role.ACCOUNTING
    preparer.save()
    response = login(preparer).post(
        reverse("payments:list_print", args=[payment_list.pk]), follow=True
    )
    assert "zatwierdza ją i przekazuje do wypłaty inna osoba" in response.content.decode()
    assert not ListPrint.objects.exists()


# ---------------------------------------------------------------------------------------------
# At once, on PostgreSQL
# ---------------------------------------------------------------------------------------------


def _order(list_id: int, user_id: int) -> int:
    return prints.list_print_request(
        actor=User.objects.get(pk=user_id), payment_list=PaymentList.objects.get(pk=list_id)
    ).pk


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_ten_orders_at_once_make_one_print(settings: Any) -> None:
    # The worker is not run here: what counts is what waits.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    payment_list, chief = _approved()
    outcomes = at_once([partial(_order, payment_list.pk, chief.pk) for _ in range(10)])
    assert all(isinstance(outcome, int) for outcome in outcomes), outcomes
    assert len(set(outcomes)) == 1
    assert ListPrint.objects.count() == 1
