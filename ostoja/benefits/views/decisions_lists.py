"""The lists of decisions: the director's drafts for signature (signed together), the register
of decisions (filtered, sorted, paged, exported), the decisions waiting for delivery and for
finality, and the appeals with their deadline for the board.

No list writes: the decisions whose appeal term has ended show "final from …", and the daily
task (`decisions_make_final`) records it."""

from collections.abc import Sequence
from typing import Any, cast

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ostoja.accounts.roles import Capability
from ostoja.benefits.access_kinds import DECISION_REGISTER
from ostoja.benefits.documents import pdf
from ostoja.benefits.forms.decisions import RegisterFilterForm, SignManyForm
from ostoja.benefits.models import Decision
from ostoja.benefits.selectors import decisions as selectors
from ostoja.benefits.services import decisions as services
from ostoja.benefits.views.common import staff
from ostoja.core.access import requires
from ostoja.core.audit import record_access
from ostoja.core.exports import FORMATS, table_response
from ostoja.core.policy import has_capability
from ostoja.core.tables import PAGE_PARAM, SIZE_PARAM, Column, Table, page_size, query_without
from ostoja.core.text import fold

NUMBER, ISSUED, KIND, STATE, PARTY = "numer", "data", "rodzaj", "stan", "strona"


def _lists(request: HttpRequest) -> dict[str, Any]:
    """What every list's page shows around it: the section, the links between the lists."""
    return {
        "nav": "benefits",
        "may_sign_list": has_capability(staff(request), Capability.BENEFITS_SIGN),
    }


def _register_columns() -> list[Column]:
    return [
        Column(NUMBER, _("Number"), ("year", "sequence"), nullable=True),
        Column(ISSUED, _("Date of the decision"), ("issued_on",), nullable=True),
        Column(KIND, _("Kind"), ("kind",)),
        Column(STATE, _("State"), ("state",)),
        Column(PARTY, _("Party"), ("party__surname", "party__first_names")),
    ]


# ---------------------------------------------------------------------------------------------
# For signature
# ---------------------------------------------------------------------------------------------


@requires(Capability.BENEFITS_SIGN)
def for_signature(request: HttpRequest) -> HttpResponse:
    """The drafts sent for signature, each with what would keep the user from signing it;
    the ticked ones are signed together (one transaction each: a refusal stops no other)."""
    user = staff(request)
    today = timezone.localdate()
    decisions = selectors.for_signature(user)
    form = SignManyForm(request.POST or None, decisions=decisions)
    result = None
    if request.method == "POST" and form.is_valid():
        chosen = selectors.for_signature_chosen(user, form.cleaned_data["decyzje"])
        result = services.decisions_sign_many(
            actor=user, decisions=chosen, freeze_document=pdf.attach_frozen_document
        )
        decisions = selectors.for_signature(user)
        form = SignManyForm(decisions=decisions)
    outlooks = selectors.signing_outlooks(decisions, user, today)
    shown = [*decisions]
    if result is not None:
        shown += [*result.signed, *(decision for decision, _reasons in result.refused)]
    record_access(
        request=request, person_ids=selectors.register_person_ids(shown), what=DECISION_REGISTER
    )
    rows = [(decision, outlooks[decision.pk]) for decision in decisions]
    return render(
        request,
        "benefits/decision_for_signature.html",
        {
            **_lists(request),
            "form": form,
            "rows": rows,
            "signable": sum(1 for _d, outlook in rows if outlook.may_sign),
            "result": result,
        },
    )


# ---------------------------------------------------------------------------------------------
# The register
# ---------------------------------------------------------------------------------------------


def _export_row(decision: Decision) -> list[Any]:
    return [
        decision.number or _("draft"),
        decision.issued_on,
        decision.get_kind_display(),
        decision.get_act_display(),
        decision.party.full_name,
        str(decision.household),
        "; ".join(selectors.benefits_summary(decision)),
        decision.get_state_display(),
        decision.delivered_on,
        decision.final_on,
        decision.drafted_by.get_full_name() or decision.drafted_by.username,
        _signed_by(decision),
    ]


def _signed_by(decision: Decision) -> str:
    """Who signed: the user, or the signatory written on a paper decision recorded later."""
    if decision.signed_by:
        return decision.signed_by.get_full_name() or decision.signed_by.username
    return decision.signatory if decision.imported else ""


def _export(request: HttpRequest, table: Table) -> HttpResponseBase:
    decisions = selectors.with_lines(table.export_rows())
    record_access(
        request=request,
        person_ids=selectors.register_person_ids(decisions),
        what=DECISION_REGISTER,
        details={"export": request.GET["format"]},
    )
    header = [
        _("number"),
        _("date of the decision"),
        _("kind"),
        _("act"),
        _("party"),
        _("family"),
        _("benefits"),
        _("state"),
        _("delivered on"),
        _("final on"),
        _("drafted by"),
        _("signed by"),
    ]
    return table_response(
        [header, *(_export_row(decision) for decision in decisions)],
        file_format=request.GET["format"],
        name=f"{slugify(fold(_('register of decisions')))}-{timezone.localdate().isoformat()}",
    )


@requires(Capability.BENEFITS_VIEW)
def decision_register(request: HttpRequest) -> HttpResponseBase:
    """Every decision the user sees, filtered on indexed columns, paged by LIMIT, its page read
    in a few queries (the count, the page's ids, their decisions with the party and family,
    their lines and staff)."""
    user = staff(request)
    form = RegisterFilterForm(request.GET or None)
    decisions = selectors.register_filtered(user, form.filters())
    table = Table(request.GET, decisions, columns=_register_columns(), default=f"-{ISSUED}")
    if request.GET.get("format") in FORMATS:
        return _export(request, table)
    page = table.page
    # The table pages the register's queryset, so a page is a slice of it.
    rows = selectors.register_page(cast("QuerySet[Decision]", page.object_list))
    record_access(
        request=request, person_ids=selectors.register_person_ids(rows), what=DECISION_REGISTER
    )
    return render(
        request,
        "benefits/decision_register.html",
        {
            **_lists(request),
            "filter_form": form,
            "table": table,
            "page": page,
            "rows": [(decision, selectors.benefits_summary(decision)) for decision in rows],
            "filtered": form.filtered,
        },
    )


# ---------------------------------------------------------------------------------------------
# Waiting for delivery and finality; appeals
# ---------------------------------------------------------------------------------------------


def _paged(request: HttpRequest, rows: Sequence[Any], param: str) -> Any:
    return Paginator(rows, page_size(request.GET)).get_page(request.GET.get(param))


def _waiting_export(
    request: HttpRequest,
    delivery: list[selectors.WaitingRow],
    finality: list[selectors.WaitingRow],
) -> HttpResponseBase:
    header = [
        _("list"),
        _("number"),
        _("date of the decision"),
        _("party"),
        _("days since signing"),
        _("delivered on"),
        _("appeal term until"),
        _("final on"),
    ]
    listed = [(_("waiting for delivery"), row) for row in delivery] + [
        (_("waiting for finality"), row) for row in finality
    ]
    body = [
        [
            name,
            waiting.decision.number,
            waiting.decision.issued_on,
            waiting.decision.party.full_name,
            waiting.followup.days_since_signing,
            waiting.decision.delivered_on,
            waiting.followup.appeal_deadline,
            waiting.followup.final_on,
        ]
        for name, waiting in listed
    ]
    title = _("decisions waiting")
    return table_response(
        [header, *body],
        file_format=request.GET["format"],
        name=f"{slugify(fold(title))}-{timezone.localdate().isoformat()}",
    )


@requires(Capability.BENEFITS_VIEW)
def decisions_waiting(request: HttpRequest) -> HttpResponseBase:
    user = staff(request)
    today = timezone.localdate()
    delivery = selectors.waiting_for_delivery(user, today)
    finality = selectors.waiting_for_finality(user, today)
    record_access(
        request=request,
        person_ids=selectors.waiting_person_ids([*delivery, *finality]),
        what=DECISION_REGISTER,
    )
    if request.GET.get("format") in FORMATS:
        return _waiting_export(request, delivery, finality)
    return render(
        request,
        "benefits/decision_waiting.html",
        {
            **_lists(request),
            "today": today,
            "delivery": _paged(request, delivery, "strona_doreczenia"),
            "finality": _paged(request, finality, "strona_ostatecznosci"),
            "export_csv": query_without(request.GET, SIZE_PARAM, format="csv"),
            "export_xlsx": query_without(request.GET, SIZE_PARAM, format="xlsx"),
        },
    )


@requires(Capability.BENEFITS_VIEW)
def appeals(request: HttpRequest) -> HttpResponseBase:
    user = staff(request)
    today = timezone.localdate()
    rows = selectors.appeals_open(user, today)
    record_access(
        request=request, person_ids=selectors.waiting_person_ids(rows), what=DECISION_REGISTER
    )
    if request.GET.get("format") in FORMATS:
        header = [
            _("number"),
            _("party"),
            _("appeal received on"),
            _("late appeal"),
            _("to be sent to the board by"),
            _("sent to the board on"),
            _("state"),
        ]
        body = [
            [
                row.decision.number,
                row.decision.party.full_name,
                row.appeal.received_on,
                _("yes") if row.followup.appeal_late else _("no"),
                row.followup.transfer_due_on,
                row.appeal.sent_on,
                row.decision.get_state_display(),
            ]
            for row in rows
        ]
        return table_response(
            [header, *body],
            file_format=request.GET["format"],
            name=f"{slugify(fold(_('appeals')))}-{today.isoformat()}",
        )
    return render(
        request,
        "benefits/decision_appeals.html",
        {
            **_lists(request),
            "today": today,
            "page": _paged(request, rows, PAGE_PARAM),
            "export_csv": query_without(request.GET, SIZE_PARAM, format="csv"),
            "export_xlsx": query_without(request.GET, SIZE_PARAM, format="xlsx"),
        },
    )
