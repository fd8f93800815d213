"""The re-indexation's pages under /swiadczenia/przeliczenia/: the runs (the list of finished
tasks) with the form that starts one, a run's page with its progress and its awards, the
progress fragment that page polls while the run works, and the signing of the run's drafts.

Every page needs `benefits.reindex`. The list of runs shows no personal data; a run's page shows
only the awards of the families the user sees, and its access is logged with every person it
shows. The progress fragment shows counts only.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ostoja.accounts.roles import Capability
from ostoja.benefits import policy as benefits_policy
from ostoja.benefits.access_kinds import REINDEXATION_ITEMS
from ostoja.benefits.forms.reindex import ItemFilterForm, ReindexationStartForm
from ostoja.benefits.models import Reindexation, ReindexItem, ReindexOutcome, ReindexState
from ostoja.benefits.services import reindex as services
from ostoja.benefits.views.common import staff, validated_field
from ostoja.core.access import requires
from ostoja.core.audit import record_access
from ostoja.core.money import format_pln
from ostoja.core.policy import can
from ostoja.core.tables import PAGE_PARAM, page_size
from ostoja.registry.views.common import add_service_errors

# How far back the start form lists the days parameters change on.
CHANGES_SHOWN_YEARS = 3
RUNNING_STATES = (ReindexState.QUEUED, ReindexState.RUNNING)


def _may_reindex(request: HttpRequest) -> None:
    if not can(staff(request), benefits_policy.REINDEX):
        raise PermissionDenied


def _run_or_404(reindexation_id: int) -> Reindexation:
    """A run (no personal data: a plain 404 for one that does not exist)."""
    run = services.reindexations().filter(pk=reindexation_id).first()
    if run is None:
        raise Http404
    return run


def _decision_url(decision_id: int | None) -> str:
    """The drafted decision's page, or "" while the decisions' pages are not there."""
    if decision_id is None:
        return ""
    try:
        return reverse("benefits:decision_detail", args=[decision_id])
    except NoReverseMatch:
        return ""


# ---------------------------------------------------------------------------------------------
# The runs
# ---------------------------------------------------------------------------------------------


@requires(Capability.BENEFITS_SIGN)
def reindexation_list(request: HttpRequest) -> HttpResponseBase:
    """The runs, latest day of change first, and the form that starts (or starts again) the run
    of a day, with the days the parameters change on."""
    _may_reindex(request)
    user = staff(request)
    form = ReindexationStartForm(request.POST or None)
    if request.method == "POST":
        if inline := validated_field(request, form):
            return inline
        if form.is_valid():
            try:
                run = services.reindexation_start(
                    actor=user, effective_on=form.cleaned_data["effective_on"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "The re-indexation of %(day)s is started: it works in the background,"
                        " so you may leave this page."
                    )
                    % {"day": f"{run.effective_on:%d.%m.%Y}"},
                )
                return redirect("benefits:reindexation_detail", reindexation_id=run.pk)
    today = timezone.localdate()
    since = today.replace(year=today.year - CHANGES_SHOWN_YEARS, month=1, day=1)
    page = Paginator(services.reindexations(), page_size(request.GET)).get_page(
        request.GET.get(PAGE_PARAM)
    )
    return render(
        request,
        "benefits/reindex_list.html",
        {
            "form": form,
            "page": page,
            "changes": services.parameter_changes(since=since),
        },
    )


# ---------------------------------------------------------------------------------------------
# A run
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemRow:
    """One award of the run as the table shows it."""

    item: ReindexItem
    difference: str
    decision_url: str


def _difference(item: ReindexItem) -> str:
    """The new amount less the old one, signed ("+304,20 zł"), or "" when one is missing."""
    if item.old_amount is None or item.new_amount is None:
        return ""
    change: Decimal = item.new_amount - item.old_amount
    shown = format_pln(change)
    return f"+{shown}" if change > 0 else shown


def _rows(items: list[ReindexItem]) -> list[ItemRow]:
    return [
        ItemRow(
            item=item,
            difference=_difference(item),
            decision_url=_decision_url(item.decision_id),
        )
        for item in items
    ]


@requires(Capability.BENEFITS_SIGN)
def reindexation_detail(request: HttpRequest, reindexation_id: int) -> HttpResponseBase:
    """A run: its progress (polled while it works) and its awards of the families the user
    sees, filtered by outcome, with the link to each draft and the signing of all drafts."""
    _may_reindex(request)
    user = staff(request)
    run = _run_or_404(reindexation_id)
    filter_form = ItemFilterForm(request.GET or None)
    outcome = filter_form.outcome()
    items = services.reindexation_items(user, run, outcome=outcome)
    page = Paginator(items, page_size(request.GET)).get_page(request.GET.get(PAGE_PARAM))
    shown = list(page.object_list)
    if shown:
        record_access(
            request=request,
            person_ids=services.person_ids(shown),
            what=REINDEXATION_ITEMS,
            details={"reindexation_id": run.pk},
        )
    counts = services.outcome_counts(user, run)
    return render(
        request,
        "benefits/reindex_detail.html",
        {
            "run": run,
            "running": run.state in RUNNING_STATES,
            "page": page,
            "rows": _rows(shown),
            "filter_form": filter_form,
            "filtered": bool(outcome),
            "counts": [
                (value, label, counts.get(value, 0)) for value, label in ReindexOutcome.choices
            ],
            "seen": sum(counts.values()),
            "drafts": services.drafts_to_sign(user, run),
            "may_sign": services.may_sign_drafts(user, run, timezone.localdate()),
            "not_eligible": counts.get(ReindexOutcome.NOT_ELIGIBLE, 0),
        },
    )


@requires(Capability.BENEFITS_SIGN)
def reindexation_progress(request: HttpRequest, reindexation_id: int) -> HttpResponseBase:
    """The progress alone, for the page's polling: while the run works the fragment polls
    again; once it has finished, the fragment stops and the page reloads with the results."""
    _may_reindex(request)
    run = _run_or_404(reindexation_id)
    running = run.state in RUNNING_STATES
    response: HttpResponse = render(
        request,
        "benefits/_reindex_progress.html",
        {"run": run, "running": running},
    )
    if not running and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


@require_POST
@requires(Capability.BENEFITS_SIGN)
def reindexation_sign_all(request: HttpRequest, reindexation_id: int) -> HttpResponseBase:
    """Sign every draft of the run the signer sees (one service call), then back to the run
    with what was signed and what was refused, and why."""
    _may_reindex(request)
    user = staff(request)
    if not can(user, benefits_policy.SIGN):
        raise PermissionDenied
    run = _run_or_404(reindexation_id)
    result = services.reindexation_sign_all(actor=user, reindexation=run)
    if result.signed:
        messages.success(request, _("Decisions signed: %(count)s.") % {"count": len(result.signed)})
    if result.refused:
        reasons = sorted({reason for _decision, found in result.refused for reason in found})
        messages.warning(
            request,
            _("Drafts not signed: %(count)s. %(reasons)s")
            % {"count": len(result.refused), "reasons": " ".join(reasons[:5])},
        )
    if not result.signed and not result.refused:
        messages.info(request, _("There is no draft of this run to sign."))
    return redirect("benefits:reindexation_detail", reindexation_id=run.pk)
