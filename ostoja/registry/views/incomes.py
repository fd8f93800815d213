"""Incomes and alimony paid of a family's members."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ostoja.accounts.roles import Capability
from ostoja.core.access import requires
from ostoja.registry import services
from ostoja.registry.forms import (
    AlimonyForm,
    IncomeForm,
)
from ostoja.registry.models import Household, Income
from ostoja.registry.views.common import (
    add_service_errors,
    household_or_404,
    int_or_404,
    members_queryset,
    staff,
)


@requires(Capability.REGISTRY_EDIT)
def income_add(request: HttpRequest, household_id: int) -> HttpResponseBase:
    """The income form: loaded into the household page when its section is opened (htmx),
    or a page of its own; a valid POST adds the income."""
    household = household_or_404(request, household_id)
    members = members_queryset(household)
    form = IncomeForm(request.POST or None, members=members, prefix="income")
    if request.method == "POST" and form.is_valid():
        try:
            services.income_add(actor=staff(request), **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The income was added."))
            return redirect(_incomes_anchor(household))
    return _form_page(request, "registry/income_add.html", household, form)


@requires(Capability.REGISTRY_EDIT)
@require_POST
def income_remove(request: HttpRequest, household_id: int) -> HttpResponseBase:
    """Remove the income named by the button pressed (`income`); its history stays."""
    household = household_or_404(request, household_id)
    income = get_object_or_404(
        Income.objects.filter(person__memberships__household=household).distinct(),
        pk=int_or_404(request.POST.get("income")),
    )
    services.income_remove(actor=staff(request), income=income)
    messages.success(request, _("The income was removed."))
    return redirect(_incomes_anchor(household))


@requires(Capability.REGISTRY_EDIT)
def alimony_set(request: HttpRequest, household_id: int) -> HttpResponseBase:
    household = household_or_404(request, household_id)
    members = members_queryset(household)
    form = AlimonyForm(request.POST or None, members=members, prefix="alimony")
    if request.method == "POST" and form.is_valid():
        try:
            services.alimony_set(actor=staff(request), **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The alimony paid was saved."))
            return redirect(_incomes_anchor(household))
    return _form_page(request, "registry/alimony_set.html", household, form)


def _form_page(
    request: HttpRequest, template: str, household: Household, form: IncomeForm | AlimonyForm
) -> HttpResponse:
    """A whole page, or, for htmx, the form alone (the household page's fold-out)."""
    if request.htmx:  # type: ignore[attr-defined]
        template += "#form"
    return render(request, template, {"household": household, "form": form})


def _incomes_anchor(household: Household) -> str:
    return reverse("registry:household_detail", args=[household.pk]) + "#dochody"
