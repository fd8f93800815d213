"""Finding persons, and the start page."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ostoja.accounts.roles import Capability
from ostoja.core.access import requires
from ostoja.core.audit import record_access
from ostoja.core.exports import FORMATS, table_response
from ostoja.core.templatetags.ostoja import masked_pesel
from ostoja.core.text import fold
from ostoja.registry import selectors
from ostoja.registry.forms import SearchForm
from ostoja.registry.models import Person
from ostoja.registry.views.common import staff

HOUSEHOLDS_PER_PAGE = 20
EXPORT_LIMIT = 10_000


@requires(Capability.REGISTRY_VIEW)
def search(request: HttpRequest) -> HttpResponseBase:
    """Full search page; as an htmx request, only the results (the top bar's live search).
    `open=1` (Enter in the top bar) opens the best match directly."""
    form = SearchForm(request.GET or None)
    results: list[Person] = []
    searched = form.is_valid() and any(form.cleaned_data.values())
    if searched:
        query = selectors.PersonQuery(
            text=form.cleaned_data["q"],
            first_name=form.cleaned_data["first_name"],
            address=form.cleaned_data["address"],
        )
        if request.GET.get("format") in FORMATS:
            return _export_persons(request, query)
        limit = 8 if request.htmx else selectors.SEARCH_LIMIT  # type: ignore[attr-defined]
        results = list(selectors.person_search(user=staff(request), query=query, limit=limit))
        if request.GET.get("open") and results:
            return redirect("registry:person_detail", person_id=results[0].pk)
        record_access(request=request, person_ids=[p.pk for p in results], what="search_results")
    template = "registry/_search_results.html" if request.htmx else "registry/search.html"  # type: ignore[attr-defined]
    return render(
        request,
        template,
        {"form": form, "results": results, "searched": searched, "limit": selectors.SEARCH_LIMIT},
    )


@requires(Capability.SIGNED_IN)
def home(request: HttpRequest) -> HttpResponseBase:
    """The start page: the user's households, recent changes and a quick search."""
    user = staff(request)
    context: dict[str, object] = {"today": timezone.localdate()}
    if user.has_capability(Capability.REGISTRY_VIEW):
        if request.GET.get("format") in FORMATS:
            return _export_households(request)
        page = Paginator(selectors.my_households(user), HOUSEHOLDS_PER_PAGE).get_page(
            request.GET.get("strona")
        )
        changes = selectors.recent_person_changes(user)
        shown = [m.person_id for h in page for m in h.memberships.all()]
        record_access(
            request=request, person_ids=shown + [c.id for c in changes], what="start_page"
        )
        context.update(households=page, changes=changes)
    return render(request, "registry/home.html", context)


def _export_persons(request: HttpRequest, query: selectors.PersonQuery) -> HttpResponseBase:
    persons = list(selectors.person_search(user=staff(request), query=query, limit=EXPORT_LIMIT))
    record_access(request=request, person_ids=[p.pk for p in persons], what="search_export")
    header = [_("surname"), _("first names"), _("birth date"), _("PESEL (masked)"), _("record no.")]
    rows = [
        [p.surname, p.first_names, p.birth_date.strftime("%d.%m.%Y"), masked_pesel(p.pesel), p.pk]
        for p in persons
    ]
    return table_response(
        [header, *rows], file_format=request.GET["format"], name=_export_name(_("persons"))
    )


def _export_households(request: HttpRequest) -> HttpResponseBase:
    households = list(selectors.my_households(staff(request)))
    shown = [m.person_id for h in households for m in h.memberships.all()]
    record_access(request=request, person_ids=shown, what="households_export")
    header = [_("address"), _("area"), _("members now"), _("record no.")]
    rows = [
        [
            str(h.address),
            h.area.name,
            ", ".join(m.person.full_name for m in h.memberships.all()),
            h.pk,
        ]
        for h in households
    ]
    return table_response(
        [header, *rows], file_format=request.GET["format"], name=_export_name(_("families"))
    )


def _export_name(subject: str) -> str:
    """ "osoby-2026-11-27": what the file holds and the day it was made."""
    return f"{slugify(fold(subject))}-{timezone.localdate().isoformat()}"
