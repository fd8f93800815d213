"""The payment pages under /wyplaty/: the month (its lists by channel and state, the run that
makes them), a list with its items, totals and the steps of its way (approval, the bank files,
the cash list), a payment with its marks, the returns read from the bank's statement, and the
payments waiting to be made again.

Every page needs `payments.view` (the roles that see every household); each step asks its
own action of the policy, and its service asks again. A page showing payees is logged with
every person it shows.
"""

import datetime
from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ostoja.accounts.models import User
from ostoja.accounts.roles import Capability
from ostoja.benefits.views.common import staff
from ostoja.core.access import requires
from ostoja.core.audit import record_access
from ostoja.core.exports import FORMATS
from ostoja.core.money import format_pln
from ostoja.core.policy import can
from ostoja.core.tables import Column, Table
from ostoja.payments import access_kinds, budget, selectors
from ostoja.payments import policy as payments_policy
from ostoja.payments.forms import (
    CashPaymentForm,
    DayForm,
    ItemFilterForm,
    ReissueForm,
    ReturnForm,
    ReverseForm,
    RunStartForm,
    StatementForm,
)
from ostoja.payments.models import (
    Channel,
    ItemState,
    ListPrint,
    ListState,
    PaymentItem,
    PaymentList,
    RunState,
)
from ostoja.payments.models.common import shift_month
from ostoja.payments.services import exports, lists, marks, prints, returns, runs

RUNNING = (RunState.QUEUED, RunState.RUNNING)


def _service_errors(form: Any, error: ValidationError, fields: Mapping[str, str]) -> None:
    """A service's errors under the form's fields (the services name their own arguments)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        target = fields.get(name, name)
        form.add_error(target if target in form.fields else None, errors)


def month_or_404(text: str) -> datetime.date:
    """The month of an address ("2026-12"), or a 404 for one that is not a month."""
    try:
        year, month = (int(part) for part in text.split("-"))
        return datetime.date(year, month, 1)
    except ValueError as error:
        raise Http404 from error


# ---------------------------------------------------------------------------------------------
# The month
# ---------------------------------------------------------------------------------------------


@requires(Capability.PAYMENTS_VIEW)
def payments_home(request: HttpRequest) -> HttpResponseBase:
    today = timezone.localdate()
    return redirect("payments:month", month=f"{today:%Y-%m}")


@requires(Capability.PAYMENTS_VIEW)
def month_view(request: HttpRequest, month: str) -> HttpResponseBase:
    """The month's lists by channel with their states and totals, the run that makes them
    (its progress while it works) and the form that starts it."""
    user = staff(request)
    if not can(user, payments_policy.VIEW):
        raise PermissionDenied
    shown = month_or_404(month)
    form = RunStartForm(request.POST or None, initial={"miesiac": shown})
    if request.method == "POST":
        if not can(user, payments_policy.GENERATE):
            raise PermissionDenied
        if form.is_valid():
            try:
                run = runs.payment_run_start(actor=user, month=form.cleaned_data["miesiac"])
            except ValidationError as error:
                _service_errors(form, error, {"month": "miesiac"})
            else:
                messages.success(
                    request,
                    _(
                        "The lists of %(month)s are being made: this works in the background,"
                        " so you may leave this page."
                    )
                    % {"month": f"{run.month:%m.%Y}"},
                )
                return redirect("payments:month", month=f"{run.month:%Y-%m}")
    payment_lists = list(selectors.lists_of_month(user, shown))
    month_run = selectors.run_of_month(user, shown)
    return render(
        request,
        "payments/month.html",
        {
            "month": shown,
            "previous": f"{shift_month(shown, -1):%Y-%m}",
            "next": f"{shift_month(shown, 1):%Y-%m}",
            "lists": payment_lists,
            "total": sum((pl.total for pl in payment_lists), start=0),
            "items": sum(pl.item_count for pl in payment_lists),
            "run": month_run,
            "running": month_run is not None and month_run.state in RUNNING,
            "form": form,
            "may_generate": can(user, payments_policy.GENERATE),
            "may_admin": can(user, payments_policy.ADMIN),
            "may_returns": can(user, payments_policy.RETURNS),
            "waiting": selectors.waiting_for(user),
        },
    )


@requires(Capability.PAYMENTS_VIEW)
def run_progress(request: HttpRequest, month: str) -> HttpResponseBase:
    """The run's progress alone, for the month page's polling (counts only, no person)."""
    run = selectors.run_of_month(staff(request), month_or_404(month))
    if run is None:
        raise Http404
    running = run.state in RUNNING
    response: HttpResponse = render(
        request, "payments/_run_progress.html", {"run": run, "running": running, "month": run.month}
    )
    if not running and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


# ---------------------------------------------------------------------------------------------
# A list
# ---------------------------------------------------------------------------------------------

ITEM_COLUMNS = [
    Column("odbiorca", gettext_lazy("Payee"), ("payee_name",)),
    Column("kwota", gettext_lazy("Amount"), ("amount",)),
    Column("swiadczenie", gettext_lazy("Benefit"), ("benefit", "service_month")),
    Column("stan", gettext_lazy("State"), ("state",)),
]


@requires(Capability.PAYMENTS_VIEW)
def list_detail(request: HttpRequest, list_id: int) -> HttpResponseBase:
    """The list: its header, its totals by benefit, classification and funding, its items
    (filtered, sorted, paged, exported) and the step its state allows the user."""
    user = staff(request)
    payment_list = selectors.payment_list(user, list_id)
    filter_form = ItemFilterForm(request.GET or None)
    items = selectors.list_items(payment_list, **filter_form.filters())
    table = Table(request.GET, items, columns=ITEM_COLUMNS, default="odbiorca")
    file_format = request.GET.get("format", "")
    if file_format in FORMATS:
        rows = table.export_rows()
        record_access(
            request=request,
            person_ids=_people(rows),
            what=access_kinds.LIST_EXPORT,
            details={"list_id": payment_list.pk, "format": file_format},
        )
        return Table.export(
            rows,
            header=[
                _("Reference"),
                _("Payee"),
                _("Benefit"),
                _("For the month"),
                _("Amount"),
                _("Set off"),
                _("Paid out"),
                _("Account number"),
                _("Decision"),
                _("State"),
            ],
            row=lambda item: [
                item.reference,
                item.payee_name,
                str(item.get_benefit_display()),
                f"{item.service_month:%m.%Y}",
                item.amount,
                item.setoff,
                item.payable,
                item.account,
                item.decision_number,
                str(item.get_state_display()),
            ],
            file_format=file_format,
            name=payment_list.number.replace("/", "-"),
        )
    page = table.page
    shown = list(page.object_list)
    if shown:
        record_access(
            request=request,
            person_ids=_people(shown),
            what=access_kinds.LIST_ITEMS,
            details={"list_id": payment_list.pk},
        )
    return render(
        request,
        "payments/list_detail.html",
        {
            "list": payment_list,
            "table": table,
            "page": page,
            "items": shown,
            "filter_form": filter_form,
            "filtered": any(filter_form.filters().values()),
            "totals": (totals := selectors.list_totals(payment_list)),
            "totals_shown": _totals_shown(totals),
            "budget_warnings": budget.budget_warnings(payment_list),
            "may": _may(user, payment_list),
            "prints": _prints(user, payment_list),
            "day_form": DayForm(),
        },
    )


def _totals_shown(totals: selectors.Totals) -> list[tuple[str, list[selectors.TotalLine]]]:
    return [
        (_("By benefit"), totals.by_benefit),
        (_("By budget classification"), totals.by_classification),
        (_("By funding"), totals.by_funding),
    ]


def _people(items: list[PaymentItem]) -> set[int]:
    return {item.payee_id for item in items} | {item.person_id for item in items}


def _prints(user: User, payment_list: PaymentList) -> list[ListPrint]:
    """The cash list's printouts, for the accountants who may download them."""
    if payment_list.channel == Channel.BANK or not user.has_capability(Capability.PAYMENTS_APPROVE):
        return []
    return selectors.list_prints(payment_list)


def _may(user: User, payment_list: PaymentList) -> dict[str, bool]:
    bank = payment_list.channel == Channel.BANK
    return {
        "prepare": can(user, payments_policy.PREPARE, payment_list),
        "reopen": can(user, payments_policy.REOPEN, payment_list),
        "approve": can(user, payments_policy.APPROVE, payment_list),
        "export": can(user, payments_policy.EXPORT, payment_list),
        "bank_file": bank and can(user, payments_policy.EXPORT, payment_list),
        "print": not bank and can(user, payments_policy.EXPORT, payment_list),
        "mark_paid": bank
        and payment_list.state == ListState.EXPORTED
        and can(user, payments_policy.MARK, payment_list),
        "close": not bank
        and payment_list.state == ListState.EXPORTED
        and can(user, payments_policy.MARK, payment_list),
        "preparer": payment_list.prepared_by_id == user.pk,
    }


def _step(
    request: HttpRequest, list_id: int, step: Any, done: str, **arguments: Any
) -> HttpResponseBase:
    """One step of the list's way through its service; refusals come back as messages."""
    user = staff(request)
    payment_list = selectors.payment_list(user, list_id)
    try:
        step(actor=user, payment_list=payment_list, **arguments)
    except PermissionDenied as refusal:
        messages.error(request, str(refusal) or _("You may not do this with this list."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("payments:list_detail", list_id=list_id)


@require_POST
@requires(Capability.PAYMENTS_PREPARE)
def list_prepare(request: HttpRequest, list_id: int) -> HttpResponseBase:
    return _step(
        request,
        list_id,
        lists.payment_list_prepare,
        _("The list is sent for approval. Another accountant approves it."),
    )


@require_POST
@requires(Capability.PAYMENTS_PREPARE)
def list_reopen(request: HttpRequest, list_id: int) -> HttpResponseBase:
    return _step(
        request,
        list_id,
        lists.payment_list_reopen,
        _("The list is a draft again: the month's next generation makes it anew."),
    )


@require_POST
@requires(Capability.PAYMENTS_APPROVE)
def list_approve(request: HttpRequest, list_id: int) -> HttpResponseBase:
    return _step(request, list_id, lists.payment_list_approve, _("The list is approved."))


def _dated_step(
    request: HttpRequest, list_id: int, step: Any, *, argument: str, missing: str, done: str
) -> HttpResponseBase:
    """A step that needs a day (the bank paid the list, the cash list closes)."""
    form = DayForm(request.POST)
    if not form.is_valid():
        messages.error(request, missing)
        return redirect("payments:list_detail", list_id=list_id)
    return _step(request, list_id, step, done, **{argument: form.cleaned_data["dzien"]})


@require_POST
@requires(Capability.PAYMENTS_APPROVE)
def list_mark_paid(request: HttpRequest, list_id: int) -> HttpResponseBase:
    return _dated_step(
        request,
        list_id,
        lists.payment_list_mark_paid,
        argument="paid_on",
        missing=_("Give the day the bank paid the list out."),
        done=_("The list is marked as paid out by the bank."),
    )


@require_POST
@requires(Capability.PAYMENTS_APPROVE)
def list_close(request: HttpRequest, list_id: int) -> HttpResponseBase:
    return _dated_step(
        request,
        list_id,
        marks.payment_list_close,
        argument="on",
        missing=_("Give the day the list is closed on."),
        done=_("The cash list is closed; the lines not collected wait to be paid again."),
    )


@require_POST
@requires(Capability.PAYMENTS_APPROVE)
def list_bank_file(request: HttpRequest, list_id: int, file_format: str) -> HttpResponseBase:
    """The list's checked bank file, as a download; a file its validator refuses never
    leaves: the page says what is wrong instead."""
    user = staff(request)
    payment_list = selectors.payment_list(user, list_id)
    try:
        bank_file = exports.payment_list_bank_file(
            actor=user, payment_list=payment_list, file_format=file_format
        )
    except PermissionDenied as refusal:
        messages.error(request, str(refusal) or _("You may not send this list for payment."))
        return redirect("payments:list_detail", list_id=list_id)
    except exports.BankFileRefused as refused:
        messages.error(request, _("The file did not pass its check and was not made:"))
        for problem in refused.problems[:20]:
            if problem.severity == "error":
                messages.error(request, problem.message)
        return redirect("payments:list_detail", list_id=list_id)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("payments:list_detail", list_id=list_id)
    record_access(
        request=request,
        person_ids=_people(list(payment_list.items.only("payee_id", "person_id"))),
        what=access_kinds.LIST_EXPORT,
        details={"list_id": payment_list.pk, "format": file_format, "sha256": bank_file.sha256},
    )
    response = HttpResponse(bank_file.data, content_type=bank_file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{bank_file.name}"'
    return response


@require_POST
@requires(Capability.PAYMENTS_APPROVE)
def list_print(request: HttpRequest, list_id: int) -> HttpResponseBase:
    """Order the cash (or postal) list's print; a task worker makes it, and the list's page
    follows it until the PDF can be downloaded."""
    user = staff(request)
    payment_list = selectors.payment_list(user, list_id)
    try:
        prints.list_print_request(actor=user, payment_list=payment_list)
        messages.success(
            request, _("The print is ordered; its PDF appears on this page when it is made.")
        )
    except PermissionDenied as refusal:
        messages.error(request, str(refusal) or _("You may not send this list for payment."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("payments:list_detail", list_id=list_id)


@requires(Capability.PAYMENTS_APPROVE)
def list_print_state(request: HttpRequest, list_id: int, print_id: int) -> HttpResponseBase:
    """The print's state alone, for the list page's polling (no person, no file); once the
    print is made or has failed the page reloads with its outcome."""
    printout = selectors.list_print(staff(request), list_id, print_id)
    response: HttpResponse = render(
        request, "payments/_print_progress.html", {"printout": printout, "list_id": list_id}
    )
    if not printout.pending and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


@requires(Capability.PAYMENTS_APPROVE)
def list_print_download(request: HttpRequest, list_id: int, print_id: int) -> HttpResponseBase:
    """A made print's PDF, as it was handed to the cash desk; each download is logged with
    the file's checksum."""
    user = staff(request)
    printout = selectors.list_print(user, list_id, print_id)
    if printout.state != RunState.DONE:
        raise Http404
    payment_list = printout.payment_list
    record_access(
        request=request,
        person_ids=_people(list(payment_list.items.only("payee_id", "person_id"))),
        what=access_kinds.LIST_EXPORT,
        details={"list_id": payment_list.pk, "format": "pdf", "sha256": printout.sha256},
    )
    response = HttpResponse(bytes(printout.data), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{printout.name}"'
    return response


# ---------------------------------------------------------------------------------------------
# A payment
# ---------------------------------------------------------------------------------------------

ITEM_FORMS = {
    "wyplata": CashPaymentForm,
    "zwrot": ReturnForm,
    "ponownie": ReissueForm,
    "storno": ReverseForm,
}
ITEM_FIELDS = {
    "paid_on": "dzien",
    "receipt_number": "numer_kw",
    "returned_on": "dzien",
    "note": "uwagi",
    "channel": "sposob",
    "account": "rachunek",
}


def _item_step(user: User, item: PaymentItem, name: str, form: Any) -> tuple[PaymentItem, str]:
    data = form.cleaned_data
    if name == "wyplata":
        marks.payment_item_mark_paid(
            actor=user, item=item, paid_on=data["dzien"], receipt_number=data["numer_kw"]
        )
        return item, _("The payment at the cash desk is recorded.")
    if name == "zwrot":
        marks.payment_item_mark_returned(
            actor=user, item=item, returned_on=data["dzien"], note=data["uwagi"]
        )
        return item, _("The transfer is marked as returned.")
    if name == "ponownie":
        new = marks.payment_item_reissue(
            actor=user, item=item, channel=data["sposob"], account=data["rachunek"]
        )
        return new, _("The payment is made again: it waits on the draft list %(number)s.") % {
            "number": new.payment_list.number
        }
    marks.payment_item_reverse_mark(actor=user, item=item, note=data["uwagi"])
    return item, _("The mark is reversed.")


@requires(Capability.PAYMENTS_VIEW)
def item_detail(request: HttpRequest, item_id: int) -> HttpResponseBase:
    """A payment: what it pays and how it was reached, its marks, and the marks its list's
    state allows (paid at the desk, returned, paid again, reversed)."""
    user = staff(request)
    item = selectors.payment_item(user, item_id)
    name = request.POST.get("krok", "") if request.method == "POST" else ""
    forms_shown = {key: form_class() for key, form_class in ITEM_FORMS.items()}
    if name in ITEM_FORMS:
        if not can(user, payments_policy.MARK, item.payment_list):
            raise PermissionDenied
        form = ITEM_FORMS[name](request.POST)
        forms_shown[name] = form
        if form.is_valid():
            try:
                target, done = _item_step(user, item, name, form)
            except ValidationError as error:
                _service_errors(form, error, ITEM_FIELDS)
            else:
                messages.success(request, done)
                return redirect("payments:item_detail", item_id=target.pk)
    record_access(
        request=request,
        person_ids={item.payee_id, item.person_id},
        what=access_kinds.ITEM_DETAIL,
        details={"item_id": item.pk},
    )
    may_mark = can(user, payments_policy.MARK, item.payment_list)
    bank = item.payment_list.channel == Channel.BANK
    return render(
        request,
        "payments/item_detail.html",
        {
            "item": item,
            "list": item.payment_list,
            "events": item.events.select_related("actor").order_by("at", "pk"),
            "forms": forms_shown,
            "may": {
                "pay": may_mark and not bank and item.state == ItemState.PLANNED,
                "return": may_mark and bank and item.state == ItemState.PAID,
                "reissue": may_mark and item.state in (ItemState.RETURNED, ItemState.UNCOLLECTED),
                "reverse": may_mark
                and item.events.exclude(kind="storno").exists()
                and item.state in (ItemState.PAID, ItemState.RETURNED, ItemState.UNCOLLECTED),
            },
            "reissued_by": PaymentItem.objects.filter(reissues=item).first(),
        },
    )


# ---------------------------------------------------------------------------------------------
# Returns
# ---------------------------------------------------------------------------------------------


@requires(Capability.PAYMENTS_APPROVE)
def returns_import(request: HttpRequest) -> HttpResponseBase:
    """The bank's statement of returns: each return of a transfer paid out is marked; what
    cannot be matched is listed for the accountant to look at."""
    user = staff(request)
    if not can(user, payments_policy.RETURNS):
        raise PermissionDenied
    form = StatementForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = returns.payment_returns_import(
                actor=user, data=form.cleaned_data["plik"].read()
            )
        except ValidationError as error:
            _service_errors(form, error, {})
        else:
            people = {item.payee_id for item in report.marked} | {
                found.item.payee_id for found in report.unmatched if found.item is not None
            }
            if people:
                record_access(
                    request=request, person_ids=people, what=access_kinds.RETURNS, details={}
                )
            messages.success(
                request,
                _("Transfers marked as returned: %(count)s.") % {"count": len(report.marked)},
            )
    return render(request, "payments/returns.html", {"form": form, "report": report})


@requires(Capability.PAYMENTS_VIEW)
def back_at_centre(request: HttpRequest) -> HttpResponseBase:
    """Returned transfers and uncollected cash lines, waiting to be paid again."""
    user = staff(request)
    items = list(selectors.items_back_at_centre(user)[:500])
    if items:
        record_access(request=request, person_ids=_people(items), what=access_kinds.BACK_AT_CENTRE)
    return render(
        request,
        "payments/back_at_centre.html",
        {"items": items, "total": format_pln(sum((i.amount for i in items), start=0))},
    )
