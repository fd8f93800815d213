"""The ZUS pages under /wyplaty/zus/: the month (its registrations and deregistrations to
record, its contributions, their preparation and declaration, the KEDU file and the tables for
Płatnik), the figures of the year, and the payer's settings. The pages show the recipients'
names and PESELs (the documents carry them) and are logged with every person shown."""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ostoja.accounts.models import User
from ostoja.accounts.roles import Capability
from ostoja.benefits.views.common import staff
from ostoja.core.access import requires
from ostoja.core.audit import record_access
from ostoja.core.policy import can
from ostoja.payments import policy as payments_policy
from ostoja.payments.access_kinds import ZUS_FILE, ZUS_MONTH, ZUS_YEAR
from ostoja.payments.models import ZusSettings
from ostoja.payments.models.common import shift_month
from ostoja.payments.views import month_or_404
from ostoja.payments.zus import configuration, exports, months, registrations, selectors
from ostoja.registry.models import Person
from ostoja.registry.views.common import add_service_errors

DOCUMENT_LABELS = {
    exports.KEDU: gettext_lazy("KEDU file for Płatnik (RZA, XML)"),
    exports.CONTRIBUTIONS: gettext_lazy("contributions of the month (CSV)"),
    exports.DOCUMENTS: gettext_lazy("registrations and deregistrations (CSV)"),
    exports.SETTLEMENT: gettext_lazy("settlement, the DRA figures (CSV)"),
    exports.YEAR_MONTHS: gettext_lazy("the year by month (CSV)"),
    exports.YEAR_PERSONS: gettext_lazy("the year by person (CSV)"),
}


class ZusSettingsForm(forms.ModelForm[ZusSettings]):
    class Meta:
        model = ZusSettings
        fields = list(configuration.EDITABLE)


class OtherTitleForm(forms.Form):
    osoba = forms.IntegerField(widget=forms.HiddenInput)
    powod = forms.CharField(
        label=gettext_lazy("insured on another title because"),
        max_length=300,
        help_text=gettext_lazy("E.g. a family member of an insured person, an employee."),
    )


def _staff(request: HttpRequest) -> User:
    user = staff(request)
    if not can(user, payments_policy.VIEW):
        raise PermissionDenied
    return user


@requires(Capability.PAYMENTS_VIEW)
def zus_home(request: HttpRequest) -> HttpResponseBase:
    today = timezone.localdate()
    return redirect("payments:zus_month", month=f"{today:%Y-%m}")


@requires(Capability.PAYMENTS_VIEW)
def zus_month(request: HttpRequest, month: str) -> HttpResponseBase:
    user = _staff(request)
    shown = month_or_404(month)
    if request.method == "POST":
        return _month_step(request, user, shown)
    overview = selectors.zus_month_overview(shown)
    plan = selectors.zus_registration_plan(timezone.localdate())
    people = {line.person_id for line in overview.lines} | {
        planned.person_id for planned in plan.registrations
    }
    if people:
        record_access(
            request=request,
            person_ids=people,
            what=ZUS_MONTH,
            details={"month": f"{shown:%Y-%m}"},
        )
    names = {
        person.pk: person.full_name
        for person in Person.objects.filter(pk__in=[p.person_id for p in plan.registrations])
    }
    return render(
        request,
        "payments/zus_month.html",
        {
            "overview": overview,
            "rate_percent": f"{overview.rate * 100:.2f}".rstrip("0").rstrip(".").replace(".", ","),
            "plan": plan,
            "planned": [
                (planned, names.get(planned.person_id, "")) for planned in plan.registrations
            ],
            "may_prepare": can(user, payments_policy.PREPARE),
            "may_declare": can(user, payments_policy.APPROVE),
            "may_admin": can(user, payments_policy.ADMIN),
            "documents": [(code, DOCUMENT_LABELS[code]) for code in exports.DOCUMENTS_OFFERED],
            "other_title_form": OtherTitleForm(),
            "previous": f"{shift_month(shown, -1):%Y-%m}",
            "next": f"{shift_month(shown, 1):%Y-%m}",
        },
    )


def _month_step(request: HttpRequest, user: User, month: datetime.date) -> HttpResponseBase:
    step = request.POST.get("krok", "")
    back = redirect("payments:zus_month", month=f"{month:%Y-%m}")
    try:
        if step == "zglos":
            result = registrations.zus_registration_sync(actor=user, day=timezone.localdate())
            messages.success(
                request,
                _("Registrations recorded: %(registered)s; deregistrations: %(deregistered)s.")
                % {"registered": len(result.registered), "deregistered": len(result.deregistered)},
            )
            for problem in result.problems[:20]:
                messages.warning(request, problem)
        elif step == "przygotuj":
            prepared = months.zus_month_prepare(actor=user, month=month)
            messages.success(
                request,
                _(
                    "The month is prepared: %(added)s added, %(changed)s changed, "
                    "%(removed)s removed."
                )
                % {
                    "added": prepared.added,
                    "changed": prepared.changed,
                    "removed": prepared.removed,
                },
            )
        elif step == "zloz":
            months.zus_month_declare(actor=user, month=month)
            messages.success(request, _("The month is declared: its contributions are frozen."))
        elif step == "inny_tytul":
            return _other_title(request, user, back)
        else:
            raise Http404
    except PermissionDenied:
        messages.error(request, _("You may not do this."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return back


def _other_title(request: HttpRequest, user: User, back: HttpResponseBase) -> HttpResponseBase:
    form = OtherTitleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the person is insured on another title."))
        return back
    person = Person.objects.filter(pk=form.cleaned_data["osoba"]).first()
    if person is None:
        raise Http404
    registrations.zus_other_title_record(
        actor=user, person=person, insured_elsewhere=True, reason=form.cleaned_data["powod"]
    )
    messages.success(
        request,
        _("%(person)s is recorded as insured on another title: no registration is made.")
        % {"person": person.full_name},
    )
    return back


@requires(Capability.PAYMENTS_PREPARE)
def zus_file(request: HttpRequest, month: str, document: str) -> HttpResponseBase:
    """A ZUS document of the month (KEDU XML or a CSV table), as a download and an action."""
    user = _staff(request)
    shown = month_or_404(month)
    try:
        made = exports.zus_document_export(actor=user, document=document, month=shown)
    except PermissionDenied:
        messages.error(request, _("You may not do this."))
        return redirect("payments:zus_month", month=month)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("payments:zus_month", month=month)
    overview = selectors.zus_month_overview(shown)
    people = {line.person_id for line in overview.lines}
    if people:
        record_access(
            request=request, person_ids=people, what=ZUS_FILE, details={"document": made.name}
        )
    response = HttpResponse(made.data, content_type=made.content_type)
    response["Content-Disposition"] = f'attachment; filename="{made.name}"'
    return response


@requires(Capability.PAYMENTS_VIEW)
def zus_year(request: HttpRequest, year: int) -> HttpResponseBase:
    _staff(request)
    figures = selectors.zus_year_figures(year)
    if figures.persons:
        record_access(
            request=request,
            person_ids={person.person_id for person in figures.persons},
            what=ZUS_YEAR,
            details={"year": year},
        )
    return render(request, "payments/zus_year.html", {"figures": figures, "year": year})


@requires(Capability.PAYMENTS_ADMIN)
def zus_settings(request: HttpRequest) -> HttpResponseBase:
    user = _staff(request)
    if not can(user, payments_policy.ADMIN):
        raise PermissionDenied
    form = ZusSettingsForm(request.POST or None, instance=configuration.zus_settings())
    if request.method == "POST" and form.is_valid():
        try:
            configuration.zus_settings_update(
                actor=user, **{name: form.cleaned_data[name] for name in configuration.EDITABLE}
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The ZUS settings are saved."))
            return redirect("payments:zus_home")
    return render(request, "payments/zus_settings.html", {"form": form})
