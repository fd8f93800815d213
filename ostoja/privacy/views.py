"""The data protection officer's screens: the access log, its export, the access report."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ostoja.accounts.roles import Capability
from ostoja.core.access import requires
from ostoja.core.audit import record_access
from ostoja.core.exports import table_response
from ostoja.privacy import documents, selectors
from ostoja.privacy.forms import AccessLogFilterForm, AccessReportForm
from ostoja.privacy.labels import ACCESS_REPORT, what_label

ROWS_PER_PAGE = 50


def _breadcrumbs(*trail: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(_("Data protection"), reverse("privacy:access_log")), *trail]


@requires(Capability.ACCESS_LOG_VIEW)
def access_log(request: HttpRequest) -> HttpResponse:
    """The access log, filtered and paginated; as an htmx request only the results."""
    form = AccessLogFilterForm(request.GET or None)
    rows = selectors.access_log_filter(form.query())
    page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("strona"))
    persons = selectors.persons_by_id(row.person_id for row in page)
    entries = [
        {"row": row, "person": persons.get(row.person_id), "what": what_label(row.what)}
        for row in page
    ]
    context = {
        "form": form,
        "page": page,
        "entries": entries,
        "breadcrumbs": [(_("Data protection"), None)],
    }
    template = "privacy/access_log.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#results"
    return render(request, template, context)


@requires(Capability.ACCESS_LOG_VIEW)
def access_log_export(request: HttpRequest) -> HttpResponseBase:
    """The filtered access log as CSV, or as XLSX with `?format=xlsx`."""
    form = AccessLogFilterForm(request.GET or None)
    rows = selectors.access_log_filter(form.query())
    return table_response(
        documents.access_log_table(rows),
        file_format=request.GET.get("format", "csv"),
        name=documents.export_filename(),
    )


@requires(Capability.ACCESS_LOG_VIEW)
def access_report(request: HttpRequest) -> HttpResponse:
    """The information for a person about who looked at their data (art. 15 GDPR), as PDF.

    Producing it is itself a look at the person's data and goes into the log.
    """
    form = AccessReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = form.person
        assert person is not None
        date_from, date_to = form.cleaned_data["date_from"], form.cleaned_data["date_to"]
        rows = selectors.access_report_rows(person=person, date_from=date_from, date_to=date_to)
        generated = timezone.localtime()
        pdf = documents.access_report_pdf(
            {
                "person": person,
                "date_from": date_from,
                "date_to": date_to,
                "rows": documents.report_rows(rows),
                "generated": generated,
                "officer": request.user,
            }
        )
        record_access(request=request, person_ids=[person.pk], what=ACCESS_REPORT)
        response = HttpResponse(pdf, content_type="application/pdf")
        filename = documents.report_filename(person, generated.date())
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    context = {
        "form": form,
        "breadcrumbs": _breadcrumbs((_("Access report"), None)),
    }
    return render(request, "privacy/access_report_form.html", context)
