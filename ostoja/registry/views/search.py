"""Finding persons, and the start page with the user's households."""

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponseBase, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ostoja.accounts.models import Area
from ostoja.accounts.roles import Capability
from ostoja.core.access import requires
from ostoja.core.audit import record_access
from ostoja.core.exports import FORMATS
from ostoja.core.start_panels import render_start_panels
from ostoja.core.tables import DEFAULT_PAGE_SIZE, PAGE_PARAM, SIZE_PARAM, Table, query_without
from ostoja.core.templatetags.ostoja import masked_pesel
from ostoja.core.text import fold
from ostoja.registry import search as finder
from ostoja.registry import selectors
from ostoja.registry.forms import SearchForm
from ostoja.registry.views.common import staff

LIVE_LIMIT = 8  # rows under the top bar's search box; the full page shows the rest
HOUSEHOLDS_PER_PAGE = 20


@requires(Capability.REGISTRY_VIEW)
def search(request: HttpRequest) -> HttpResponseBase:
    """Full search page; as an htmx request, only the results (`live=1`: the top bar's live
    search, which shows the first few of the same matches). `open=1` (Enter in the top bar)
    opens the person directly only when a PESEL matches exactly; otherwise it shows the list."""
    form = SearchForm(request.GET or None)
    searched = form.is_valid() and any(form.cleaned_data.values())
    context: dict[str, Any] = {"form": form, "searched": searched}
    htmx = bool(request.htmx)  # type: ignore[attr-defined]
    live = htmx and bool(request.GET.get("live"))
    if searched:
        day = timezone.localdate()
        query = finder.PersonQuery(
            text=form.cleaned_data["q"],
            first_name=form.cleaned_data["first_name"],
            address=form.cleaned_data["address"],
        )
        persons = finder.person_search(user=staff(request), query=query, day=day)
        if request.GET.get("open") and not htmx and finder.is_pesel(query.text):
            exact = list(persons[:2])
            if len(exact) == 1:
                return redirect("registry:person_detail", person_id=exact[0].pk)
        query_dict: QueryDict = request.GET.copy()
        if live:  # the first few, however the full page was last paged
            for name in (PAGE_PARAM, SIZE_PARAM):
                query_dict.pop(name, None)
        table = Table(
            query_dict,
            persons,
            columns=finder.person_columns(day),
            default="nazwisko",
            page_size_default=LIVE_LIMIT if live else DEFAULT_PAGE_SIZE,
            count_with_rows=True,  # the scope and the match are evaluated once, not twice
        )
        if request.GET.get("format") in FORMATS:
            return _export_persons(request, table, day)
        count = table.count
        rows = finder.with_households(table.page.object_list, day)
        shown_ids = [r.person.pk for r in rows]
        record_access(request=request, person_ids=shown_ids, what="search_results")
        context.update(
            table=table,
            rows=rows,
            count=count,
            results=[r.person for r in rows],
            more=count > len(rows),
            full_query=query_without(request.GET),
        )
    if live:
        template = "registry/_search_results.html#live"
    elif htmx:
        template = "registry/_search_results.html"
    else:
        template = "registry/search.html"
    return render(request, template, context)


class HouseholdFilterForm(forms.Form):
    address = forms.CharField(
        label=gettext_lazy("street or town"),
        required=False,
        max_length=100,
        help_text=gettext_lazy("E.g. Długa 87, or the name of a village."),
    )
    area = forms.ModelChoiceField(
        label=gettext_lazy("area"), queryset=Area.objects.none(), required=False
    )

    def __init__(self, *args: Any, areas: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas  # type: ignore[attr-defined]


@requires(Capability.SIGNED_IN)
def home(request: HttpRequest) -> HttpResponseBase:
    """The start page: the panels capabilities add (`ostoja.core.start_panels`), the user's
    households (sorted, filtered, paged, exported), recent changes and a quick search. One
    access event names every person the page shows, the panels' included."""
    user = staff(request)
    today = timezone.localdate()
    context: dict[str, object] = {"today": today}
    if user.has_capability(Capability.REGISTRY_VIEW):
        areas = Area.objects.filter(
            pk__in=selectors.households_visible_to(user).values("area_id")
        ).order_by("name")
        form = HouseholdFilterForm(request.GET, areas=areas)
        filters = form.cleaned_data if form.is_valid() else {}
        area = filters.get("area")
        households = finder.households_listed(
            user=user, address=filters.get("address", ""), area_id=area.pk if area else None
        )
        table = Table(
            request.GET,
            households,
            columns=finder.household_columns(),
            default="adres",
            page_size_default=HOUSEHOLDS_PER_PAGE,
        )
        if request.GET.get("format") in FORMATS:
            return _export_households(request, table)
        page = table.page
        changes = selectors.recent_person_changes(user)
        panels, panel_persons = render_start_panels(request, {"today": today})
        shown = [m.person_id for h in page for m in h.memberships.all()]
        record_access(
            request=request,
            person_ids=[*shown, *(c.id for c in changes), *sorted(panel_persons)],
            what="start_page",
        )
        context.update(
            start_panels=panels,
            households=page,
            table=table,
            filter_form=form,
            filtered=any(filters.values()),
            changes=changes,
        )
    else:
        panels, panel_persons = render_start_panels(request, {"today": today})
        if panel_persons:
            record_access(request=request, person_ids=sorted(panel_persons), what="start_page")
        context["start_panels"] = panels
    return render(request, "registry/home.html", context)


def _export_persons(request: HttpRequest, table: Table, day: Any) -> HttpResponseBase:
    rows = finder.with_households(table.export_rows(), day)
    record_access(request=request, person_ids=[r.person.pk for r in rows], what="search_export")
    header = [
        _("surname"),
        _("first names"),
        _("birth date"),
        _("PESEL (masked)"),
        _("address"),
        _("family record no."),
        _("record no."),
    ]
    return Table.export(
        rows,
        header=header,
        row=lambda r: [
            r.person.surname,
            r.person.first_names,
            r.person.birth_date.strftime("%d.%m.%Y"),
            masked_pesel(r.person.pesel),
            str(r.household.address) if r.household else "",
            r.household.pk if r.household else "",
            r.person.pk,
        ],
        file_format=request.GET["format"],
        name=_export_name(_("persons")),
    )


def _export_households(request: HttpRequest, table: Table) -> HttpResponseBase:
    households = table.export_rows()
    shown = [m.person_id for h in households for m in h.memberships.all()]
    record_access(request=request, person_ids=shown, what="households_export")
    header = [_("address"), _("area"), _("members now"), _("record no.")]
    return Table.export(
        households,
        header=header,
        row=lambda h: [
            str(h.address),
            h.area.name,
            ", ".join(m.person.full_name for m in h.memberships.all()),
            h.pk,
        ],
        file_format=request.GET["format"],
        name=_export_name(_("families")),
    )


def _export_name(subject: str) -> str:
    """ "osoby-2026-11-27": what the file holds and the day it was made."""
    return f"{slugify(fold(subject))}-{timezone.localdate().isoformat()}"
