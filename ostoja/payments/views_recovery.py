"""The recovery pages under /wyplaty/: the debts of undue benefits with what is owed to the
centre on a day (and its CSV), a debt's ledger with its repayments, instalments and reminders,
and the overpayments the runs found, to be asked back by decision or found not undue.

Every page needs `payments.view` and shows the debts of the decisions in the user's scope
(`recovery.debts.visible_debts`); each look at a debtor is logged.
"""

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ostoja.accounts.models import User
from ostoja.accounts.roles import Capability
from ostoja.benefits import policy as benefits_policy
from ostoja.benefits.catalogue import Act
from ostoja.benefits.models import Award, Decision, DecisionKind, Relief
from ostoja.benefits.views.common import staff
from ostoja.core.access import requires
from ostoja.core.audit import record_access
from ostoja.core.exports import table_response
from ostoja.core.policy import can, visible_to
from ostoja.payments import access_kinds
from ostoja.payments import policy as payments_policy
from ostoja.payments.documents_recovery import reminder_filename, render_reminder_pdf
from ostoja.payments.models import Overpayment, OverpaymentState, Reminder, Repayment
from ostoja.payments.recovery import debts as recovery
from ostoja.payments.recovery.forms import (
    CancelRepaymentForm,
    DebtsFilterForm,
    NotUndueForm,
    RepaymentForm,
    SettleForm,
)
from ostoja.payments.recovery.ledger import STATE_OVERDUE
from ostoja.payments.recovery.summaries import DebtRow, debt_rows, with_debtors
from ostoja.payments.services import recovery as services

OVERPAYMENTS_SHOWN = 500
DEBTS_PER_PAGE = 50


def _require_view(user: User) -> None:
    if not can(user, payments_policy.VIEW):
        raise PermissionDenied


def _errors_on(form: Any, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


# ---------------------------------------------------------------------------------------------
# The debts
# ---------------------------------------------------------------------------------------------


def _chosen(form: DebtsFilterForm) -> tuple[datetime.date, str]:
    today = timezone.localdate()
    if not form.is_valid():
        return today, ""
    return form.cleaned_data.get("na_dzien") or today, form.cleaned_data.get("stan") or ""


def _shown(debts: list[DebtRow], which: str) -> list[DebtRow]:
    if which == "wszystkie":
        return debts
    if which == "zalegle":
        return [debt for debt in debts if debt.ledger.state == STATE_OVERDUE]
    return [debt for debt in debts if debt.ledger.state in recovery.OPEN_STATES]


def _export(debts: list[DebtRow], as_of: datetime.date) -> HttpResponseBase:
    header = [
        _("Debtor"),
        _("Decision"),
        _("Issued on"),
        _("Amount fixed"),
        _("Repaid"),
        _("Waived"),
        _("Principal owed"),
        _("Interest owed"),
        _("Overdue"),
        _("State"),
    ]
    rows: list[list[Any]] = [header]
    for debt in debts:
        ledger = debt.ledger
        rows.append(
            [
                debt.party.full_name if debt.party else "",
                debt.number,
                debt.issued_on,
                ledger.principal_fixed,
                ledger.repaid - ledger.excess,
                ledger.waived,
                ledger.principal_outstanding,
                ledger.interest_outstanding,
                ledger.overdue_principal,
                debt.state_label,
            ]
        )
    return table_response(rows, file_format="csv", name=f"naleznosci-{as_of:%Y-%m-%d}")


@requires(Capability.PAYMENTS_VIEW)
def debts_list(request: HttpRequest) -> HttpResponseBase:
    """The debts with what is owed on the day chosen, and the total."""
    user = staff(request)
    _require_view(user)
    form = DebtsFilterForm(request.GET or None, initial={"na_dzien": timezone.localdate()})
    as_of, which = _chosen(form)
    debts = debt_rows(recovery.visible_debts(user).order_by("issued_on", "pk"), as_of)
    shown = _shown(debts, which)
    exporting = request.GET.get("format") == "csv"
    page = Paginator(shown, DEBTS_PER_PAGE).get_page(request.GET.get("strona"))
    listed = shown if exporting else list(page.object_list)
    with_debtors(listed)
    if listed:
        record_access(
            request=request,
            person_ids={debt.party_id for debt in listed},
            what=access_kinds.DEBTS,
            details={"as_of": as_of.isoformat()},
        )
    if exporting:
        return _export(shown, as_of)
    return render(
        request,
        "payments/debts.html",
        {
            "form": form,
            "as_of": as_of,
            "debts": listed,
            "page": page,
            "totals": recovery.totals_of(debts, as_of),
            "export_query": urlencode({**request.GET.dict(), "format": "csv"}),
        },
    )


def _debt_or_404(user: User, decision_id: int) -> Decision:
    try:
        return recovery.visible_debts(user).get(pk=decision_id)
    except Decision.DoesNotExist as error:
        raise Http404 from error


def _sees_debt(user: User, decision_id: int) -> bool:
    return recovery.visible_debts(user).filter(pk=decision_id).exists()


def _relief_links(user: User, debt: recovery.Debt) -> list[tuple[str, str]]:
    """The links to a relief decision's editor, each relief with what is owed, for whoever may
    draft decisions for the family."""
    decision = debt.decision
    if debt.ledger.state not in recovery.OPEN_STATES or not can(
        user, benefits_policy.REGISTER, decision.household
    ):
        return []
    base = reverse("benefits:decision_change", args=[decision.pk])
    owed = f"{debt.ledger.owed:.2f}"
    links = []
    for value, label in Relief.choices:
        if value == Relief.ABANDONMENT and decision.act == Act.FAMILY_BENEFITS:
            continue  # art. 30 u.ś.r. knows no abandonment of the demand
        query = urlencode({"rodzaj": DecisionKind.RELIEF, "ulga": value, "pozostalo": owed})
        links.append((str(label), f"{base}?{query}"))
    return links


def _ledger_page(
    request: HttpRequest,
    decision: Decision,
    *,
    repayment_form: RepaymentForm | None = None,
    cancel_forms: dict[int, CancelRepaymentForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = staff(request)
    today = timezone.localdate()
    debt = recovery.debt_on(decision, today)
    record_access(
        request=request,
        person_ids={decision.party_id},
        what=access_kinds.DEBT,
        details={"decision": decision.pk},
    )
    may_recover = can(user, payments_policy.RECOVER)
    cancel_forms = cancel_forms or {}
    return render(
        request,
        "payments/debt_detail.html",
        {
            "debt": debt,
            "decision": decision,
            "ledger": debt.ledger,
            "state_label": recovery.state_label(debt.ledger.state),
            "repayments": [
                (
                    repayment,
                    cancel_forms.get(repayment.pk)
                    or CancelRepaymentForm(prefix=f"c{repayment.pk}"),
                )
                for repayment in debt.repayments
            ],
            "reminders": Reminder.objects.filter(decision=decision).select_related("written_by"),
            "setoffs": recovery.setoff_items(decision),
            "may_recover": may_recover,
            "repayment_form": repayment_form or RepaymentForm(initial={"paid_on": today}),
            "relief_links": _relief_links(user, debt),
            "reminder_due": debt.ledger.overdue_principal > 0,
        },
        status=status,
    )


@requires(Capability.PAYMENTS_VIEW)
def debt_detail(request: HttpRequest, decision_id: int) -> HttpResponseBase:
    user = staff(request)
    _require_view(user)
    return _ledger_page(request, _debt_or_404(user, decision_id))


@require_POST
@requires(Capability.PAYMENTS_VIEW)
def repayment_add(request: HttpRequest, decision_id: int) -> HttpResponseBase:
    user = staff(request)
    decision = _debt_or_404(user, decision_id)
    if not can(user, payments_policy.RECOVER):
        raise PermissionDenied
    form = RepaymentForm(request.POST)
    if form.is_valid():
        try:
            services.repayment_record(actor=user, decision=decision, **form.cleaned_data)
        except ValidationError as error:
            _errors_on(form, error)
        else:
            messages.success(request, _("The repayment was recorded."))
            return redirect("payments:debt_detail", decision_id=decision.pk)
    return _ledger_page(request, decision, repayment_form=form, status=400)


@require_POST
@requires(Capability.PAYMENTS_VIEW)
def repayment_cancel(request: HttpRequest, repayment_id: int) -> HttpResponseBase:
    user = staff(request)
    repayment = Repayment.objects.filter(pk=repayment_id).first()
    if (
        repayment is None
        or not recovery.visible_debts(user).filter(pk=repayment.decision_id).exists()
    ):
        raise Http404
    if not can(user, payments_policy.RECOVER):
        raise PermissionDenied
    form = CancelRepaymentForm(request.POST, prefix=f"c{repayment.pk}")
    if form.is_valid():
        try:
            services.repayment_cancel(
                actor=user, repayment=repayment, reason=form.cleaned_data["cancel_reason"]
            )
        except ValidationError as error:
            _errors_on(form, error)
        else:
            messages.success(request, _("The repayment was cancelled."))
            return redirect("payments:debt_detail", decision_id=repayment.decision_id)
    decision = _debt_or_404(user, repayment.decision_id)
    return _ledger_page(request, decision, cancel_forms={repayment.pk: form}, status=400)


@require_POST
@requires(Capability.PAYMENTS_VIEW)
def reminder_add(request: HttpRequest, decision_id: int) -> HttpResponseBase:
    user = staff(request)
    decision = _debt_or_404(user, decision_id)
    if not can(user, payments_policy.RECOVER):
        raise PermissionDenied
    try:
        reminder = services.reminder_write(actor=user, decision=decision)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The reminder of %(day)s was written: print it and send it to the debtor.")
            % {"day": f"{reminder.written_on:%d.%m.%Y}"},
        )
    return redirect("payments:debt_detail", decision_id=decision.pk)


@requires(Capability.PAYMENTS_VIEW)
def reminder_pdf(request: HttpRequest, reminder_id: int) -> HttpResponseBase:
    user = staff(request)
    reminder = (
        Reminder.objects.select_related("decision", "debtor", "written_by")
        .filter(pk=reminder_id)
        .first()
    )
    if (
        reminder is None
        or not recovery.visible_debts(user).filter(pk=reminder.decision_id).exists()
    ):
        raise Http404
    record_access(
        request=request,
        person_ids={reminder.debtor_id},
        what=access_kinds.REMINDER,
        details={"reminder": reminder.pk},
    )
    response = HttpResponse(render_reminder_pdf(reminder), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{reminder_filename(reminder)}"'
    return response


# ---------------------------------------------------------------------------------------------
# The overpayments
# ---------------------------------------------------------------------------------------------


def granting_decision(overpayment: Overpayment) -> Decision | None:
    """The issued decision whose award paid the overpaid month: the latest award of the benefit
    for the person that covered it."""
    month = overpayment.service_month
    award = (
        Award.objects.filter(person=overpayment.person, benefit=overpayment.benefit)
        .filter(valid_from__lte=month.replace(day=28) + datetime.timedelta(days=4))
        .select_related("decision")
        .order_by("-valid_from", "-pk")
        .first()
    )
    return award.decision if award is not None else None


def _undue_link(overpayment: Overpayment) -> str:
    """The undue-benefit decision's editor, with the overpayment's benefit, amount and month;
    statutory interest on a family benefit from the first day of the month after the payment
    (the choice of docs/legal/choices.md, "Undue benefits")."""
    decision = granting_decision(overpayment)
    if decision is None:
        return ""
    month = overpayment.service_month
    month_end = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    month_end -= datetime.timedelta(days=1)
    query = {
        "rodzaj": DecisionKind.UNDUE,
        "swiadczenie": overpayment.benefit,
        "kwota": f"{overpayment.amount:.2f}",
        "od": month.isoformat(),
        "do": month_end.isoformat(),
        "odsetki_od": (month_end + datetime.timedelta(days=1)).isoformat(),
    }
    return f"{reverse('benefits:decision_change', args=[decision.pk])}?{urlencode(query)}"


def _undue_decisions(overpayment: Overpayment) -> QuerySet[Decision]:
    return (
        recovery.debt_decisions()
        .filter(household_id=overpayment.household_id, lines__benefit=overpayment.benefit)
        .distinct()
    )


def _open_overpayments(user: User) -> QuerySet[Overpayment]:
    return (
        visible_to(user, Overpayment)
        .filter(state=OverpaymentState.OPEN)
        .select_related("person", "household")
        .order_by("service_month", "pk")
    )


@requires(Capability.PAYMENTS_VIEW)
def overpayments(request: HttpRequest) -> HttpResponseBase:
    """The open overpayments: each asked back by an undue-benefit decision (a link to its
    editor, prefilled; then settled with it) or found not undue."""
    user = staff(request)
    _require_view(user)
    may_settle = can(user, payments_policy.SETTLE)
    shown = list(_open_overpayments(user)[:OVERPAYMENTS_SHOWN])
    rows = [
        {
            "overpayment": overpayment,
            "undue_link": _undue_link(overpayment)
            if can(user, benefits_policy.REGISTER, overpayment.household)
            else "",
            "settle_form": SettleForm(
                prefix=f"s{overpayment.pk}", decisions=_undue_decisions(overpayment)
            ),
            "not_undue_form": NotUndueForm(prefix=f"n{overpayment.pk}"),
        }
        for overpayment in shown
    ]
    if shown:
        record_access(
            request=request,
            person_ids={overpayment.person_id for overpayment in shown},
            what=access_kinds.OVERPAYMENTS,
        )
    return render(request, "payments/overpayments.html", {"rows": rows, "may_settle": may_settle})


def _overpayment_or_404(user: User, overpayment_id: int) -> Overpayment:
    overpayment: Overpayment | None = (
        visible_to(user, Overpayment).filter(pk=overpayment_id).first()
    )
    if overpayment is None:
        raise Http404
    if not can(user, payments_policy.SETTLE):
        raise PermissionDenied
    return overpayment


@require_POST
@requires(Capability.PAYMENTS_VIEW)
def overpayment_settle(request: HttpRequest, overpayment_id: int) -> HttpResponseBase:
    user = staff(request)
    overpayment = _overpayment_or_404(user, overpayment_id)
    form = SettleForm(
        request.POST, prefix=f"s{overpayment.pk}", decisions=_undue_decisions(overpayment)
    )
    if form.is_valid():
        try:
            services.overpayment_settle(
                actor=user, overpayment=overpayment, decision=form.cleaned_data["decision"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The overpayment is asked back by the decision."))
    else:
        messages.error(request, _("Choose the undue-benefit decision."))
    return redirect("payments:overpayments")


@require_POST
@requires(Capability.PAYMENTS_VIEW)
def overpayment_not_undue(request: HttpRequest, overpayment_id: int) -> HttpResponseBase:
    user = staff(request)
    overpayment = _overpayment_or_404(user, overpayment_id)
    form = NotUndueForm(request.POST, prefix=f"n{overpayment.pk}")
    if form.is_valid():
        try:
            services.overpayment_not_undue(
                actor=user, overpayment=overpayment, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The overpayment was marked as not undue."))
    else:
        messages.error(request, _("Say why the overpayment is not undue."))
    return redirect("payments:overpayments")
