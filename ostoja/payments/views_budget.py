"""The year's budget page under /wyplaty/budzet/: plan against execution per budget
classification, as a summary or month by month, exported to CSV or XLSX; and, for the
accountant who keeps the plan (`payments.admin`), the form that enters or changes a plan row
and the removal of a row entered by mistake.

Every page needs `payments.view`. The page shows sums only, no payee, so no look is logged.
"""

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponseBase, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS, MONTHS_3
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ostoja.accounts.roles import Capability
from ostoja.benefits.views.common import staff
from ostoja.core.access import requires
from ostoja.core.exports import FORMATS
from ostoja.core.locking import ConflictError
from ostoja.core.money import format_pln
from ostoja.core.policy import can
from ostoja.core.tables import SORT_PARAM, Column, Header, Table, query_without
from ostoja.payments import policy as payments_policy
from ostoja.payments.budget import selectors, services
from ostoja.payments.budget.forms import FORM_FIELDS, BudgetPlanForm
from ostoja.payments.budget.selectors import BudgetExecution, BudgetLine, Figures
from ostoja.payments.models import BudgetPlan
from ostoja.payments.models.budget import FIRST_YEAR, LAST_YEAR
from ostoja.payments.models.common import Funding
from ostoja.registry.views.common import validated_field

YEAR_PARAM = "rok"
VIEW_PARAM = "widok"
MONTHLY = "miesiace"
EDIT_PARAM = "zmien"
# What a link "enter the plan" of a line paid without one fills into the form.
PREFILL = ("dzial", "rozdzial", "paragraf")
FUNDING_PARAM = "finansowanie"


def _year(text: str | None) -> int:
    """The year asked for; this year for anything unreadable or out of range."""
    try:
        year = int(text or "")
    except ValueError:
        return timezone.localdate().year
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return timezone.localdate().year
    return year


def _service_errors(form: BudgetPlanForm, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        target = FORM_FIELDS.get(name, name)
        form.add_error(target if target in form.fields else None, errors)


def _refresh_version(form: BudgetPlanForm, version: int) -> None:
    """After a conflict the form keeps what was typed but carries the current version, so that
    saving again, having seen the other change, goes through."""
    data = form.data.copy()  # type: ignore[attr-defined]
    data["wersja"] = str(version)
    form.data = data


def _prefill(query: QueryDict, year: int) -> dict[str, str | int]:
    initial: dict[str, str | int] = {"rok": year}
    for name in PREFILL:
        value = query.get(name, "")
        if value:
            initial[name] = value
    funding = query.get(FUNDING_PARAM, "")
    if funding in Funding.values:
        initial[FUNDING_PARAM] = funding
    return initial


# ---------------------------------------------------------------------------------------------
# Sorting and export
# ---------------------------------------------------------------------------------------------


def _percent_order(line: BudgetLine) -> Decimal:
    return line.percent if line.percent is not None else Decimal(-1)


SORTS: dict[str, tuple[Any, Callable[[BudgetLine], Any]]] = {
    "klasyfikacja": (gettext_lazy("Classification"), lambda line: line.sort_key),
    "plan": (gettext_lazy("Plan"), lambda line: (line.plan, line.sort_key)),
    "wykonanie": (gettext_lazy("Executed"), lambda line: (line.executed, line.sort_key)),
    "zaangazowanie": (gettext_lazy("Committed"), lambda line: (line.committed, line.sort_key)),
    "pozostalo": (gettext_lazy("Remaining"), lambda line: (line.remaining, line.sort_key)),
    "procent": (gettext_lazy("Executed (%)"), lambda line: (_percent_order(line), line.sort_key)),
}
DEFAULT_SORT = "klasyfikacja"
# Parameters that fill the form: the table's links do not carry them on.
FORM_PARAMS = (EDIT_PARAM, *PREFILL, FUNDING_PARAM)


def _sorted(lines: list[BudgetLine], asked: str) -> tuple[list[BudgetLine], str, bool]:
    key = asked.lstrip("-")
    if key not in SORTS:
        key, asked = DEFAULT_SORT, DEFAULT_SORT
    descending = asked.startswith("-")
    return sorted(lines, key=SORTS[key][1], reverse=descending), key, descending


def _headers(query: QueryDict, key: str, descending: bool) -> dict[str, Header]:
    headers = {}
    for name, (label, _order) in SORTS.items():
        current = name == key
        aria = ("descending" if descending else "ascending") if current else "none"
        value = f"-{name}" if current and not descending else name
        headers[name] = Header(
            Column(name, label, ()),
            aria,
            query_without(query, *FORM_PARAMS, **{SORT_PARAM: value}),
        )
    return headers


def _export_row(label: str, classification: list[str], figures: Figures) -> list[Any]:
    return [
        label,
        *classification,
        figures.plan,
        *figures.months,
        figures.executed,
        figures.committed,
        figures.remaining,
        figures.percent,
    ]


def _export(
    execution: BudgetExecution, lines: list[BudgetLine], file_format: str
) -> HttpResponseBase:
    header = [
        _("Classification"),
        capfirst(_("section (dział)")),
        capfirst(_("chapter (rozdział)")),
        capfirst(_("paragraph")),
        capfirst(_("funding")),
        _("Plan"),
        *(str(MONTHS[month]) for month in selectors.MONTHS),
        _("Executed"),
        _("Committed"),
        _("Remaining"),
        _("Executed (%)"),
    ]
    rows = [
        _export_row(
            line.classification,
            [line.section, line.chapter, line.paragraph, line.funding_label],
            line,
        )
        for line in lines
    ]
    rows.append(_export_row(_("Together"), ["", "", "", ""], execution.total))
    return Table.export(
        rows,
        header=header,
        row=lambda row: row,
        file_format=file_format,
        name=f"budzet-{execution.year}",
    )


# ---------------------------------------------------------------------------------------------
# The pages
# ---------------------------------------------------------------------------------------------


def _budget_url(year: int) -> str:
    return f"{reverse('payments:budget')}?{YEAR_PARAM}={year}"


@requires(Capability.PAYMENTS_VIEW)
def budget(request: HttpRequest) -> HttpResponseBase:
    """The year's plan against execution; for `payments.admin`, the form of a plan row (new,
    or the row of `?zmien=`) and its history."""
    user = staff(request)
    if not can(user, payments_policy.VIEW):
        raise PermissionDenied
    may_plan = can(user, payments_policy.ADMIN)
    if request.method == "POST" and not may_plan:
        raise PermissionDenied
    year = _year(request.GET.get(YEAR_PARAM))
    editing: BudgetPlan | None = None
    if may_plan and request.GET.get(EDIT_PARAM):
        editing = _plan_or_404(request.GET[EDIT_PARAM])
        year = editing.year
    form: BudgetPlanForm | None = None
    conflict: ConflictError | None = None
    if may_plan:
        form = BudgetPlanForm(
            request.POST or None, plan=editing, initial=_prefill(request.GET, year)
        )
    if form is not None and request.method == "POST":
        if inline := validated_field(request, form):
            return inline
        if form.is_valid():
            try:
                plan = services.budget_plan_set(actor=user, **form.plan_data())
            except ConflictError as error:
                conflict = error
                _refresh_version(form, error.current_version)
            except ValidationError as error:
                _service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The plan of %(line)s for %(year)s is saved: %(amount)s.")
                    % {
                        "line": plan.label,
                        "year": plan.year,
                        "amount": format_pln(plan.amount),
                    },
                )
                return redirect(_budget_url(plan.year))
    execution = selectors.budget_execution(year)
    lines, sort_key, descending = _sorted(
        execution.lines, request.GET.get(SORT_PARAM, DEFAULT_SORT)
    )
    file_format = request.GET.get("format", "")
    if request.method == "GET" and file_format in FORMATS:
        return _export(execution, lines, file_format)
    monthly = request.GET.get(VIEW_PARAM) == MONTHLY
    return render(
        request,
        "payments/budget.html",
        {
            "year": year,
            "previous": year - 1 if year > FIRST_YEAR else None,
            "next": year + 1 if year < LAST_YEAR else None,
            "execution": execution,
            "lines": lines,
            "headers": _headers(request.GET, sort_key, descending),
            "monthly": monthly,
            "months": [(MONTHS_3[month], MONTHS[month]) for month in selectors.MONTHS],
            "summary_query": query_without(request.GET, VIEW_PARAM, *FORM_PARAMS),
            "monthly_query": query_without(request.GET, *FORM_PARAMS, **{VIEW_PARAM: MONTHLY}),
            "export_csv": query_without(request.GET, *FORM_PARAMS, format="csv"),
            "export_xlsx": query_without(request.GET, *FORM_PARAMS, format="xlsx"),
            "may_plan": may_plan,
            "form": form,
            "editing": editing,
            "conflict": conflict,
            "history": selectors.budget_plan_history(editing) if editing is not None else [],
            "removable": _removable(execution.lines) if may_plan else set(),
            "new_plan_url": _budget_url(year) + "#plan",
        },
    )


def _plan_or_404(text: str) -> BudgetPlan:
    try:
        plan_id = int(text)
    except ValueError as error:
        raise Http404 from error
    return selectors.budget_plan_row(plan_id)


def _removable(lines: list[BudgetLine]) -> set[int]:
    return {
        line.plan_row.pk
        for line in lines
        if line.plan_row is not None and services.budget_plan_removable(line.plan_row)
    }


@require_POST
@requires(Capability.PAYMENTS_ADMIN)
def budget_plan_remove(request: HttpRequest, plan_id: int) -> HttpResponseBase:
    """Remove a plan row entered by mistake (never changed since); the service refuses any
    other, and the page says why."""
    user = staff(request)
    plan = selectors.budget_plan_row(plan_id)
    year, label = plan.year, plan.label
    try:
        services.budget_plan_remove(actor=user, plan=plan)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The plan row of %(line)s for %(year)s is removed.") % {"line": label, "year": year},
        )
    return redirect(_budget_url(year))
