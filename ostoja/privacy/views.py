"""The data protection officer's screens: the access log, its export, the access report."""

from functools import cached_property
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ostoja.accounts.roles import Capability
from ostoja.core.access import requires
from ostoja.core.audit import access_kind_label, record_access
from ostoja.core.exports import table_response
from ostoja.privacy import documents, selectors
from ostoja.privacy.access_kinds import ACCESS_LOG, ACCESS_LOG_EXPORT, ACCESS_REPORT
from ostoja.privacy.forms import AccessLogFilterForm, AccessReportForm

ROWS_PER_PAGE = 50


class CappedPaginator(Paginator):  # type: ignore[type-arg]
    """Counts at most `COUNT_CAP` + 1 rows: over millions of events an exact count costs
    seconds, and "more than 10 000" tells the officer to narrow the filters."""

    def __init__(self, *args: Any, only_persons: list[int] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.only_persons = only_persons

    @cached_property
    def count(self) -> int:
        rows = self.object_list
        return selectors.capped_count(rows, only_persons=self.only_persons)  # type: ignore[arg-type]

    @property
    def capped(self) -> bool:
        return self.count > selectors.COUNT_CAP


def _breadcrumbs(*trail: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(_("Data protection"), reverse("privacy:access_log")), *trail]


SORTABLE = (
    ("at", gettext_lazy("Time")),
    ("user", gettext_lazy("Member of staff")),
    ("what", gettext_lazy("Screen")),
)


def _sort_headers(request: HttpRequest, current: str) -> dict[str, dict[str, str]]:
    """The sortable columns' headers: label, `aria-sort`, and the link that sorts by them
    (the other way round when already sorted by them), keeping the filters."""
    headers = {}
    for key, label in SORTABLE:
        if current == key:
            aria_sort, target = "ascending", f"-{key}"
        elif current == f"-{key}":
            aria_sort, target = "descending", key
        else:
            aria_sort, target = "none", ("-at" if key == "at" else key)
        params = request.GET.copy()
        params["sortuj"] = target
        params.pop("strona", None)
        headers[key] = {"label": str(label), "aria_sort": aria_sort, "query": params.urlencode()}
    return headers


@requires(Capability.ACCESS_LOG_VIEW)
def access_log(request: HttpRequest) -> HttpResponse:
    """The access log, filtered, sorted and paginated; as an htmx request only the results.

    The officer's look at the log is itself logged, with the filter used and the persons the
    person filter named."""
    form = AccessLogFilterForm(request.GET or None)
    query = form.query()
    person_ids = selectors.filter_person_ids(query.person)
    if selectors.too_many_persons(query.person):
        form.add_error(
            "person",
            _(
                "More than %(limit)s persons match; the list shows the first of them. Type more "
                "letters of the surname, a first name after it, or the PESEL."
            )
            % {"limit": selectors.MAX_FILTER_PERSONS},
        )
    rows = selectors.access_log_filter(query, person_ids=person_ids)
    ordered = selectors.sorted_rows(rows, query.sort)
    paginator = CappedPaginator(
        ordered,
        ROWS_PER_PAGE,
        only_persons=person_ids if query.only_person else None,
    )
    page = paginator.get_page(request.GET.get("strona"))
    events = list(page)
    ids_by_event = selectors.persons_of_events(events)
    persons = selectors.persons_by_id(pid for ids in ids_by_event.values() for pid in ids)
    entries = [
        {
            "row": row,
            "persons": [
                (person_id, persons.get(person_id)) for person_id in ids_by_event.get(row.pk, [])
            ],
            "what": access_kind_label(row.what),
        }
        for row in events
    ]
    record_access(
        request=request, person_ids=person_ids, what=ACCESS_LOG, details=query.as_details()
    )
    context = {
        "form": form,
        "page": page,
        "entries": entries,
        "sort": _sort_headers(request, query.sort),
        "count_cap": f"{selectors.COUNT_CAP:,}".replace(",", "\u00a0"),
        "breadcrumbs": [(_("Data protection"), None)],
    }
    template = "privacy/access_log.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#results"
    return render(request, template, context)


@requires(Capability.ACCESS_LOG_VIEW)
def access_log_export(request: HttpRequest) -> HttpResponseBase:
    """The filtered access log as CSV, or as XLSX with `?format=xlsx`; the export is logged."""
    form = AccessLogFilterForm(request.GET or None)
    query = form.query()
    person_ids = selectors.filter_person_ids(query.person)
    # In the list's order: by time, or by member of staff or screen.
    rows = selectors.sorted_rows(
        selectors.access_log_filter(query, person_ids=person_ids), query.sort
    )
    file_format = request.GET.get("format", "csv")
    record_access(
        request=request,
        person_ids=person_ids,
        what=ACCESS_LOG_EXPORT,
        details={**query.as_details(), "format": file_format},
    )
    return table_response(
        documents.access_log_table(rows), file_format=file_format, name=documents.export_filename()
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
        lines = selectors.access_report_lines(person=person, date_from=date_from, date_to=date_to)
        generated = timezone.localtime()
        pdf = documents.access_report_pdf(
            {
                "person": person,
                "date_from": date_from,
                "date_to": date_to,
                "lines": lines,
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
