"""The decision's page and what is done from it: sending the draft for signature, signing (the
drafter rule and the signer's authorisation shown first), returning or discarding a draft, the
delivery, the waiver of the appeal, the appeal and its way to the board; and the downloads of
its DOCX and PDF, every one logged.

Each action is a POST of a small form on the page, calling one service; on a refusal the page
comes back with that form open, filled as it was, the service's reasons under its fields."""

import base64
import hashlib
from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ostoja.accounts.models import User
from ostoja.accounts.roles import Capability
from ostoja.benefits import policy as benefits_policy
from ostoja.benefits.access_kinds import DECISION_DETAIL, DECISION_DOCUMENT
from ostoja.benefits.documents import pdf
from ostoja.benefits.documents import render as docx
from ostoja.benefits.forms.decisions import (
    AppealForm,
    AppealOutcomeForm,
    AppealSendForm,
    DeliveryForm,
    DiscardForm,
    ReturnForm,
    SignForm,
    WaiverForm,
)
from ostoja.benefits.models import Decision, DecisionKind, DecisionState
from ostoja.benefits.selectors import decisions as selectors
from ostoja.benefits.services import decisions as services
from ostoja.benefits.views.common import staff
from ostoja.benefits.views.decisions_common import decision_or_404
from ostoja.core.access import requires
from ostoja.core.actions import actions_about
from ostoja.core.audit import record_access
from ostoja.core.locking import ConflictError
from ostoja.core.policy import can
from ostoja.registry.views.common import add_service_errors

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# The small forms of the page, by name, with their prefixes (several on one page).
FORMS: dict[str, tuple[type[forms.Form], str]] = {
    "return": (ReturnForm, "zwrot"),
    "discard": (DiscardForm, "odrzucenie"),
    "delivery": (DeliveryForm, "doreczenie"),
    "waiver": (WaiverForm, "zrzeczenie"),
    "appeal": (AppealForm, "odwolanie"),
    "send": (AppealSendForm, "przekazanie"),
    "outcome": (AppealOutcomeForm, "rozstrzygniecie"),
}


def _allowed(user: User, decision: Decision, follow: selectors.Followup) -> dict[str, bool]:
    """The actions this user may take on the decision in its state."""
    state = decision.state
    edit = can(user, benefits_policy.EDIT_DRAFT, decision)
    sign = can(user, benefits_policy.SIGN, decision)
    follow_up = can(user, benefits_policy.FOLLOW_UP, decision)
    appeal = follow.appeal
    return {
        "edit": edit and state == DecisionState.DRAFT,
        "submit": edit and state == DecisionState.DRAFT,
        "discard": edit,
        "sign": sign and state == DecisionState.FOR_APPROVAL,
        "return": state == DecisionState.FOR_APPROVAL
        and (sign or (edit and decision.drafted_by_id == user.pk)),
        "delivery": follow_up and state == DecisionState.SIGNED,
        "waiver": follow_up and state == DecisionState.DELIVERED and follow.appeal_term_running,
        "appeal": follow_up
        and state in (DecisionState.DELIVERED, DecisionState.FINAL)
        and appeal is None,
        "send": follow_up and state == DecisionState.APPEALED,
        "outcome": follow_up and state in (DecisionState.APPEALED, DecisionState.AT_BOARD),
        "change": decision.is_issued
        and state != DecisionState.REVIEWED
        and can(user, benefits_policy.REGISTER, decision.household),
    }


def detail_page(
    request: HttpRequest,
    decision: Decision,
    *,
    bound: dict[str, forms.Form] | None = None,
    open_form: str = "",
    sign_errors: list[str] | None = None,
    submit_errors: list[str] | None = None,
    conflict: ConflictError | None = None,
    status: int = 200,
) -> HttpResponse:
    user = staff(request)
    today = timezone.localdate()
    lines = selectors.lines_of(decision)
    awards = selectors.awards_of(decision)
    follow = selectors.followup(decision, today)
    allowed = _allowed(user, decision, follow)
    outlook = None
    if allowed["sign"]:
        outlook = selectors.signing_outlooks([decision], user, today)[decision.pk]
    page_forms = {
        name: (bound or {}).get(name) or form_class(prefix=prefix)
        for name, (form_class, prefix) in FORMS.items()
    }
    record_access(
        request=request,
        person_ids=selectors.decision_person_ids(decision, lines, awards),
        what=DECISION_DETAIL,
        details={"decision": decision.pk},
    )
    context: dict[str, Any] = {
        "nav": "benefits",
        "decision": decision,
        "lines": lines,
        "awards": awards,
        "chain": selectors.decision_chain(decision),
        "follow": follow,
        "allowed": allowed,
        "outlook": outlook,
        "sign_form": SignForm(prefix="podpis", initial={"version": decision.version}),
        "forms": page_forms,
        "open_form": open_form,
        "sign_errors": sign_errors or [],
        "submit_errors": submit_errors or [],
        "conflict": conflict,
        "change_kinds": [
            (kind.value, kind.label)
            for kind in map(DecisionKind, selectors.kinds_offered_on(decision))
            if kind != DecisionKind.RESUMPTION or _has_suspended(awards, decision)
        ],
        "actions": actions_about(decision),
        "has_frozen_document": bool(decision.document),
        "drafter_may_sign": settings.OSTOJA_DRAFTER_MAY_SIGN,
    }
    return render(request, "benefits/decision_detail.html", context, status=status)


def _has_suspended(awards: list[Any], decision: Decision) -> bool:
    """A resumption is offered for a decision that suspended a payment (or whose benefit is
    suspended)."""
    return decision.kind == DecisionKind.SUSPENSION or any(a.suspended for a in awards)


@requires(Capability.BENEFITS_VIEW)
def decision_detail(request: HttpRequest, decision_id: int) -> HttpResponse:
    return detail_page(request, decision_or_404(request, decision_id))


# ---------------------------------------------------------------------------------------------
# Sending for signature, signing
# ---------------------------------------------------------------------------------------------


def _labelled(error: ValidationError) -> list[str]:
    """A service's refusal as sentences naming the part of the draft at fault."""
    if not hasattr(error, "error_dict"):
        return [str(message) for message in error.messages]
    sentences = []
    for key, errors in error.error_dict.items():
        texts = [message for item in errors for message in item.messages]
        label = _part_label(key)
        sentences += [f"{label}: {text}" if label else text for text in texts]
    return sentences


def _part_label(key: str) -> str:
    if key.startswith("lines-"):
        _prefix, index, _name = key.split("-", 2)
        return _("Benefit %(number)s") % {"number": int(index) + 1}
    if key in ("lines", "__all__"):
        return ""
    try:
        model_field = Decision._meta.get_field(key)
    except FieldDoesNotExist:
        return ""
    return str(getattr(model_field, "verbose_name", "")).capitalize()


@requires(Capability.BENEFITS_EDIT)
def decision_submit(request: HttpRequest, decision_id: int) -> HttpResponseBase:
    decision = decision_or_404(request, decision_id)
    if request.method != "POST":
        return redirect("benefits:decision_detail", decision_id=decision.pk)
    try:
        services.decision_submit(actor=staff(request), decision=decision)
    except ValidationError as error:
        return detail_page(
            request, decision_or_404(request, decision_id), submit_errors=_labelled(error)
        )
    messages.success(request, _("The draft was sent for signature."))
    return redirect("benefits:decision_detail", decision_id=decision.pk)


@requires(Capability.BENEFITS_SIGN)
def decision_sign(request: HttpRequest, decision_id: int) -> HttpResponseBase:
    """Sign with the version the page showed; the PDF made now is the document as signed."""
    decision = decision_or_404(request, decision_id)
    if request.method != "POST":
        return redirect("benefits:decision_detail", decision_id=decision.pk)
    form = SignForm(request.POST, prefix="podpis")
    if not form.is_valid():
        return redirect("benefits:decision_detail", decision_id=decision.pk)
    try:
        signed = services.decision_sign(
            actor=staff(request),
            decision=decision,
            base_version=form.cleaned_data["version"],
            freeze_document=pdf.attach_frozen_document,
        )
    except ConflictError as error:
        return detail_page(
            request,
            decision_or_404(request, decision_id),
            sign_errors=[_("The draft changed after you opened it: read it again and sign.")],
            conflict=error,
        )
    except ValidationError as error:
        return detail_page(
            request, decision_or_404(request, decision_id), sign_errors=_labelled(error)
        )
    messages.success(
        request, _("The decision is signed: no. %(number)s.") % {"number": signed.number}
    )
    return redirect("benefits:decision_detail", decision_id=decision.pk)


# ---------------------------------------------------------------------------------------------
# The small forms
# ---------------------------------------------------------------------------------------------

Run = Callable[[User, Decision, dict[str, Any]], Any]


def _action(
    request: HttpRequest, decision_id: int, name: str, run: Run, done: str
) -> HttpResponseBase:
    decision = decision_or_404(request, decision_id)
    if request.method != "POST":
        return redirect("benefits:decision_detail", decision_id=decision.pk)
    form_class, prefix = FORMS[name]
    form = form_class(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            run(staff(request), decision, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("benefits:decision_detail", decision_id=decision.pk)
    fresh = decision_or_404(request, decision_id)
    return detail_page(request, fresh, bound={name: form}, open_form=name)


def _appeal_of(decision: Decision) -> Any:
    return decision.appeal


@requires(Capability.BENEFITS_VIEW)
def decision_return(request: HttpRequest, decision_id: int) -> HttpResponseBase:
    """The signer (or the drafter) takes the draft back from signature; the service says who
    may."""
    return _action(
        request,
        decision_id,
        "return",
        lambda user, decision, data: services.decision_return(
            actor=user, decision=decision, note=data["note"]
        ),
        _("The draft was returned for correction."),
    )


@requires(Capability.BENEFITS_EDIT)
def decision_discard(request: HttpRequest, decision_id: int) -> HttpResponseBase:
    return _action(
        request,
        decision_id,
        "discard",
        lambda user, decision, data: services.decision_discard(
            actor=user, decision=decision, reason=data["reason"]
        ),
        _("The draft was discarded."),
    )


@requires(Capability.BENEFITS_EDIT)
def decision_delivery(request: HttpRequest, decision_id: int) -> HttpResponseBase:
    return _action(
        request,
        decision_id,
        "delivery",
        lambda user, decision, data: services.decision_record_delivery(
            actor=user,
            decision=decision,
            method=data["method"],
            delivered_on=data.get("delivered_on"),
            first_notice_on=data.get("first_notice_on"),
        ),
        _("The delivery was recorded."),
    )


@requires(Capability.BENEFITS_EDIT)
def decision_waiver(request: HttpRequest, decision_id: int) -> HttpResponseBase:
    return _action(
        request,
        decision_id,
        "waiver",
        lambda user, decision, data: services.decision_record_waiver(
            actor=user, decision=decision, received_on=data["received_on"]
        ),
        _("The waiver of the appeal was recorded: the decision is final."),
    )


@requires(Capability.BENEFITS_EDIT)
def appeal_record(request: HttpRequest, decision_id: int) -> HttpResponseBase:
    return _action(
        request,
        decision_id,
        "appeal",
        lambda user, decision, data: services.appeal_record(
            actor=user,
            decision=decision,
            received_on=data["received_on"],
            posted_on=data.get("posted_on"),
        ),
        _("The appeal was recorded."),
    )


@requires(Capability.BENEFITS_EDIT)
def appeal_send(request: HttpRequest, decision_id: int) -> HttpResponseBase:
    return _action(
        request,
        decision_id,
        "send",
        lambda user, decision, data: services.appeal_send(
            actor=user, appeal=_appeal_of(decision), sent_on=data["sent_on"], reply=data["reply"]
        ),
        _("The sending of the appeal to the board was recorded."),
    )


@requires(Capability.BENEFITS_EDIT)
def appeal_outcome(request: HttpRequest, decision_id: int) -> HttpResponseBase:
    return _action(
        request,
        decision_id,
        "outcome",
        lambda user, decision, data: services.appeal_outcome(
            actor=user,
            appeal=_appeal_of(decision),
            outcome=data["outcome"],
            outcome_on=data["outcome_on"],
            board_reference=data["board_reference"],
        ),
        _("The outcome of the appeal was recorded."),
    )


# ---------------------------------------------------------------------------------------------
# The documents
# ---------------------------------------------------------------------------------------------


def _log_document(request: HttpRequest, decision: Decision, file_format: str) -> None:
    record_access(
        request=request,
        person_ids=selectors.decision_person_ids(decision, selectors.lines_of(decision)),
        what=DECISION_DOCUMENT,
        details={"decision": decision.pk, "format": file_format},
    )


def _sha256_of(decision: Decision) -> str:
    with decision.document.open("rb") as stored:
        return hashlib.file_digest(stored, "sha256").hexdigest()


def _frozen_pdf(request: HttpRequest, decision: Decision) -> HttpResponseBase:
    """The PDF frozen at signing, as it was kept, with the checksum stored with it (RFC 9530's
    Repr-Digest). A file whose content no longer matches is not given out."""
    if _sha256_of(decision) != decision.document_sha256:
        messages.error(
            request,
            _(
                "The stored document of this decision does not match its checksum: it is not "
                "given out. Tell the administrator."
            ),
        )
        return redirect("benefits:decision_detail", decision_id=decision.pk)
    response = FileResponse(
        decision.document.open("rb"),
        as_attachment=True,
        filename=pdf.pdf_filename(decision),
        content_type="application/pdf",
    )
    digest = base64.b64encode(bytes.fromhex(decision.document_sha256)).decode()
    response["Repr-Digest"] = f"sha-256=:{digest}:"
    response["X-Ostoja-SHA256"] = decision.document_sha256
    return response


def _no_cache(response: HttpResponseBase) -> HttpResponseBase:
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _generated_or_404(request: HttpRequest, decision_id: int) -> Decision:
    """A decision Ostoja writes the documents of: not one issued on paper before it, whose
    original is the paper (a document made now would be a different text under its number)."""
    decision = decision_or_404(request, decision_id)
    if decision.imported:
        raise Http404(_("This decision was issued on paper before Ostoja: see the original."))
    return decision


@requires(Capability.BENEFITS_VIEW)
def decision_pdf(request: HttpRequest, decision_id: int) -> HttpResponseBase:
    """A signed decision: the frozen PDF. A draft (or a decision signed without one, in the
    bulk signing): made now from what is stored."""
    decision = _generated_or_404(request, decision_id)
    _log_document(request, decision, "pdf")
    if decision.is_issued and decision.document:
        return _no_cache(_frozen_pdf(request, decision))
    response = HttpResponse(pdf.render_pdf(decision), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf.pdf_filename(decision)}"'
    return _no_cache(response)


@requires(Capability.BENEFITS_VIEW)
def decision_docx(request: HttpRequest, decision_id: int) -> HttpResponseBase:
    """The editable DOCX, always made now from what is stored."""
    decision = _generated_or_404(request, decision_id)
    _log_document(request, decision, "docx")
    response = HttpResponse(docx.render_docx(decision), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{docx.docx_filename(decision)}"'
    return _no_cache(response)
