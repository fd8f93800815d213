"""The decision editor: a new draft from an assessment or acting on an issued decision, a saved
draft changed, and the live preview of the document as the clerk types.

The form starts from the drafting's first text (`drafting.draft_texts`). Nothing is saved until
"Zapisz projekt": "add a benefit" and "write the text again from the benefits" post the form
and come back with everything typed kept; the preview (htmx, `X-Ostoja-Preview`) re-renders the
print template's HTML from an unsaved instance.

A saved draft's content and its benefits are changed by two services (`decision_update`,
`decision_lines_set`) and a POST calls one: when both parts changed, the benefits are saved
first and the page comes back with the text as typed, to be saved with the next click."""

import base64
import hashlib
import re
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.csp import CSP
from django.utils.translation import gettext as _

from ostoja.accounts.roles import Capability
from ostoja.benefits import policy as benefits_policy
from ostoja.benefits.access_kinds import DECISION_DETAIL
from ostoja.benefits.documents import pdf
from ostoja.benefits.documents.declension import UNCERTAIN_NAME_WARNING, declines_with_certainty
from ostoja.benefits.documents.render import decision_context
from ostoja.benefits.drafting import RepaymentTerms
from ostoja.benefits.forms.decisions import (
    TERM_FIELDS,
    TEXT_FIELDS,
    DecisionForm,
    decision_initial,
    kinds_with_lines,
    line_formset,
    lines_for_preview,
    lines_from,
)
from ostoja.benefits.models import (
    KINDS_CHANGING_A_DECISION,
    Assessment,
    Decision,
    DecisionKind,
    DecisionLine,
    DecisionState,
)
from ostoja.benefits.selectors import decisions as selectors
from ostoja.benefits.services import decisions as services
from ostoja.benefits.views.common import readable_conflict, refuse_out_of_scope, staff
from ostoja.benefits.views.decisions_common import decision_or_404, put_errors
from ostoja.core.access import requires
from ostoja.core.audit import record_access
from ostoja.core.locking import ConflictError
from ostoja.core.policy import can
from ostoja.registry.models import Person
from ostoja.registry.views.common import refresh_version

PREVIEW_HEADER = "X-Ostoja-Preview"
TEMPLATE = "benefits/decision_editor.html"
type FormSet = forms.BaseFormSet[Any]


# ---------------------------------------------------------------------------------------------
# The preview
# ---------------------------------------------------------------------------------------------


def preview_style_hash() -> str:
    """The CSP source that lets the print style run in the preview's frame. The frame's
    document (`srcdoc`) inherits the page's policy, which allows no inline style; the print
    template's style block is the same text for every draft, so its hash is allowed on the
    editor's pages, and nothing else inline is."""
    html = render_to_string("benefits/print/_style.html", {"is_draft": True})
    match = re.search(r"<style>(.*?)</style>", html, re.DOTALL)
    source = match.group(1) if match else ""
    digest = base64.b64encode(hashlib.sha256(source.encode()).digest()).decode()
    return f"'sha256-{digest}'"


def with_preview_policy(response: HttpResponse) -> HttpResponse:
    config: dict[str, Any] = dict(settings.SECURE_CSP)
    config["style-src"] = [*config.get("style-src", [CSP.SELF]), preview_style_hash()]
    response._csp_config = config  # type: ignore[attr-defined]
    return response


def preview_html(decision: Decision, lines: list[DecisionLine]) -> str:
    """The print template's HTML of a draft and the benefits given (never read from the
    database: the form's values)."""
    context = decision_context(decision, lines=lines)
    title = "Projekt decyzji"
    return render_to_string(
        pdf.TEMPLATE,
        {**context, "title": title, "footer": f"{title} z dnia {context['date']}"},
    )


def _typed(form: DecisionForm, name: str) -> Any:
    """A field's clean value if it is valid, else what was typed."""
    if name in getattr(form, "cleaned_data", {}):
        return form.cleaned_data[name]
    return form.data.get(form.add_prefix(name), "")


def _unsaved(base: Decision, form: DecisionForm, fallback_party: Person) -> Decision:
    """A copy of `base` with the form's values, for the preview; never saved."""
    form.is_valid()
    decision = Decision(
        pk=base.pk,
        kind=base.kind,
        act=base.act,
        household=base.household,
        application=base.application,
        assessment=base.assessment,
        changes=base.changes,
        drafted_by=base.drafted_by if base.drafted_by_id else None,
        state=DecisionState.DRAFT,
        party=form.cleaned_data.get("party") or fallback_party,
    )
    for name in TEXT_FIELDS:
        setattr(decision, name, str(_typed(form, name) or ""))
    effective = form.cleaned_data.get("effective_from")
    decision.effective_from = effective if effective else base.effective_from
    decision.immediately_enforceable = bool(form.cleaned_data.get("immediately_enforceable"))
    decision.enforceability_reason = str(_typed(form, "enforceability_reason") or "")
    decision.grants_request_in_full = bool(form.cleaned_data.get("grants_request_in_full"))
    for name in TERM_FIELDS:
        if name in form.fields:
            setattr(decision, name, form.cleaned_data.get(name))
    decision.instalments = decision.instalments or 1
    decision.relief = decision.relief or ""
    return decision


def _terms_typed(base: Decision, form: DecisionForm) -> RepaymentTerms:
    """The repayment terms as typed (valid ones; the stored or started ones otherwise)."""
    data = getattr(form, "cleaned_data", {})

    def value(name: str) -> Any:
        return data[name] if name in data else getattr(base, name)

    return RepaymentTerms(
        repay_by=value("repay_by"),
        instalments=value("instalments") or 1,
        interest_from=value("interest_from"),
        relief=value("relief") or "",
        relief_amount=value("relief_amount"),
        owed=getattr(base, "owed", None),
    )


def _preview(
    request: HttpRequest, base: Decision, form: DecisionForm, formset: FormSet
) -> HttpResponse:
    decision = _unsaved(base, form, base.party)
    lines = selectors.unsaved_lines(decision.party, lines_for_preview(formset))
    record_access(
        request=request,
        person_ids=selectors.decision_person_ids(decision, lines),
        what=DECISION_DETAIL,
        details={"preview": True, "decision": base.pk},
    )
    return render(
        request, "benefits/_decision_preview.html", {"srcdoc": preview_html(decision, lines)}
    )


# ---------------------------------------------------------------------------------------------
# Shared steps of the editor
# ---------------------------------------------------------------------------------------------


def _typed_initial(form: forms.BaseForm) -> dict[str, Any]:
    return {
        name: field.widget.value_from_datadict(form.data, form.files, form.add_prefix(name))
        for name, field in form.fields.items()
    }


def _formset_rows(formset: FormSet) -> list[dict[str, Any]]:
    """What was typed in the rows (those marked for removal left out), as initial values."""
    rows = []
    for row in formset.forms:
        typed = _typed_initial(row)
        if typed.pop("DELETE", False):
            continue
        rows.append(typed)
    return rows


def _base(start: selectors.EditorStart | None = None, decision: Decision | None = None) -> Decision:
    """The decision the editor works on: the saved draft, or an unsaved one from the start."""
    if decision is not None:
        return decision
    assert start is not None
    base = Decision(
        kind=start.kind,
        act=start.act,
        household=start.household,
        party=start.party,
        application=start.application,
        assessment=start.assessment,
        changes=start.changes,
        effective_from=start.effective_from,
        state=DecisionState.DRAFT,
        repay_by=start.terms.repay_by,
        instalments=start.terms.instalments,
        interest_from=start.terms.interest_from,
        relief=start.terms.relief,
        relief_amount=start.terms.relief_amount,
    )
    base.owed = start.terms.owed  # type: ignore[attr-defined]
    return base


def _regenerated_texts(base: Decision, form: DecisionForm, formset: FormSet) -> dict[str, str]:
    """The drafting's text again, from the benefits and the party as they are now typed."""
    form.is_valid()
    party = form.cleaned_data.get("party") or base.party
    rows = lines_for_preview(formset)
    effective = form.cleaned_data.get("effective_from") or base.effective_from
    texts = selectors.texts_for(
        kind=base.kind,
        act=base.act,
        party=party,
        household=base.household,
        rows=rows,
        assessment=base.assessment,
        changes=base.changes,
        effective_from=effective if base.kind in KINDS_CHANGING_A_DECISION else None,
        received_on=base.application.received_on if base.application else None,
        today=timezone.localdate(),
        terms=_terms_typed(base, form),
    )
    return {name: getattr(texts, name) for name in TEXT_FIELDS}


def _refilled(
    request: HttpRequest,
    base: Decision,
    form: DecisionForm,
    formset: FormSet,
    members: Any,
) -> tuple[DecisionForm, FormSet]:
    """The form again, unbound and filled with what was typed (no errors shown yet): with one
    more benefit row, or with the text written again from the benefits."""
    again = _regenerated_texts(base, form, formset) if "regenerate" in request.POST else {}
    initial = {**_typed_initial(form), **again}
    fresh = DecisionForm(initial=initial, kind=base.kind, act=base.act, members=members)
    rows = line_formset(
        None,
        act=base.act,
        members=members,
        initial=_formset_rows(formset),
        add_row="add_row" in request.POST,
    )
    return fresh, rows


def _render(
    request: HttpRequest,
    *,
    base: Decision,
    form: DecisionForm,
    formset: FormSet,
    title: str,
    decision: Decision | None = None,
    conflict: ConflictError | None = None,
    line_errors: list[str] | None = None,
) -> HttpResponse:
    lines = selectors.unsaved_lines(base.party, lines_for_preview(formset))
    record_access(
        request=request,
        person_ids=selectors.decision_person_ids(base, lines),
        what=DECISION_DETAIL,
        details={"editor": True, "decision": base.pk},
    )
    preview_base = _unsaved(base, form, base.party) if form.is_bound else base
    if not form.is_bound:
        for name in TEXT_FIELDS:
            setattr(preview_base, name, str(form.initial.get(name) or ""))
    response = render(
        request,
        TEMPLATE,
        {
            "nav": "benefits",
            "title": title,
            "base": base,
            "decision": decision,
            "form": form,
            "formset": formset,
            "has_lines": base.kind in kinds_with_lines(),
            "conflict": conflict,
            "line_errors": line_errors or [],
            "srcdoc": preview_html(preview_base, lines),
            "chain_number": base.changes.number if base.changes else "",
            "name_warning": _name_warning(base.party),
        },
    )
    return with_preview_policy(response)


def _name_warning(party: Person | None) -> str:
    """The check asked for when the drafted text may write the party's name in a wrong form."""
    if party is None or declines_with_certainty(
        first_name=party.first_names, last_name=party.surname, sex=party.sex
    ):
        return ""
    return str(UNCERTAIN_NAME_WARNING)


# ---------------------------------------------------------------------------------------------
# A new draft
# ---------------------------------------------------------------------------------------------


def _initial(start: selectors.EditorStart) -> dict[str, Any]:
    terms = start.terms
    return {
        "party": start.party.pk,
        "effective_from": start.effective_from,
        "repay_by": terms.repay_by,
        "instalments": terms.instalments,
        "interest_from": terms.interest_from,
        "relief": terms.relief,
        "relief_amount": terms.relief_amount,
        **{name: getattr(start.texts, name) for name in TEXT_FIELDS},
    }


def _new_draft(request: HttpRequest, start: selectors.EditorStart, title: str) -> HttpResponseBase:
    user = staff(request)
    members = selectors.members_queryset(start.household)
    base = _base(start)
    data = request.POST if request.method == "POST" else None
    form = DecisionForm(
        data, kind=start.kind, act=start.act, members=members, initial=_initial(start)
    )
    formset = line_formset(data, act=start.act, members=members, initial=start.lines)
    line_errors: list[str] = []
    if data is not None:
        if request.headers.get(PREVIEW_HEADER):
            return _preview(request, base, form, formset)
        if "add_row" in data or "regenerate" in data:
            form, formset = _refilled(request, base, form, formset, members)
        elif form.is_valid() & formset.is_valid():
            try:
                decision = services.decision_draft(
                    actor=user,
                    kind=start.kind,
                    act=start.act,
                    household=start.household,
                    application=start.application,
                    assessment=start.assessment,
                    changes=start.changes,
                    lines=lines_from(formset),
                    **form.content(),
                )
            except ValidationError as error:
                line_errors = put_errors(form, formset, error)
            else:
                messages.success(request, _("The draft decision was saved."))
                return redirect("benefits:decision_detail", decision_id=decision.pk)
    return _render(
        request, base=base, form=form, formset=formset, title=title, line_errors=line_errors
    )


def _assessment_or_404(request: HttpRequest, assessment_id: Any) -> Assessment:
    try:
        return selectors.assessment_get(staff(request), int(assessment_id))
    except (Assessment.DoesNotExist, ValueError, TypeError) as error:
        raise refuse_out_of_scope(request) from error


@requires(Capability.BENEFITS_EDIT)
def decision_new(request: HttpRequest) -> HttpResponseBase:
    """`?ocena=<assessment>&rodzaj=<kind>`: a draft settling the assessed application, granting
    or refusing the benefit (by default as the assessment found) or discontinuing."""
    assessment = _assessment_or_404(request, request.GET.get("ocena"))
    kind = request.GET.get("rodzaj") or (
        DecisionKind.GRANT if assessment.eligible else DecisionKind.REFUSAL
    )
    if kind not in selectors.KINDS_FROM_AN_ASSESSMENT:
        raise Http404
    if not can(staff(request), benefits_policy.EDIT_APPLICATION, assessment.application):
        raise PermissionDenied
    start = selectors.start_from_assessment(assessment, kind, timezone.localdate())
    title = _("New draft decision: %(kind)s") % {"kind": _kind_label(kind)}
    return _new_draft(request, start, title)


@requires(Capability.BENEFITS_EDIT)
def decision_change(request: HttpRequest, decision_id: int) -> HttpResponseBase:
    """`?rodzaj=<kind>`: a draft acting on an issued decision (a change, revocation,
    suspension, resumption, or the undue benefit it paid); `&ocena=` an assessment it rests on."""
    changed = decision_or_404(request, decision_id)
    kind = request.GET.get("rodzaj", "")
    if kind not in selectors.KINDS_ON_A_DECISION:
        raise Http404
    if not changed.is_issued:
        messages.warning(request, _("Only an issued decision can be changed by another one."))
        return redirect("benefits:decision_detail", decision_id=changed.pk)
    if not can(staff(request), benefits_policy.REGISTER, changed.household):
        raise PermissionDenied
    assessment = None
    if request.GET.get("ocena"):
        assessment = _assessment_or_404(request, request.GET["ocena"])
    if kind not in selectors.kinds_offered_on(changed):
        raise Http404
    start = selectors.start_from_decision(
        changed, kind, timezone.localdate(), assessment, prefill=request.GET.dict()
    )
    title = _("New draft decision: %(kind)s of decision %(number)s") % {
        "kind": _kind_label(kind),
        "number": changed.number,
    }
    return _new_draft(request, start, title)


def _kind_label(kind: str) -> str:
    return str(dict(DecisionKind.choices).get(kind, kind))


# ---------------------------------------------------------------------------------------------
# A saved draft
# ---------------------------------------------------------------------------------------------


def _lines_changed(decision: Decision, typed: list[dict[str, Any]]) -> bool:
    stored = selectors.line_rows(selectors.lines_of(decision))

    def key(row: dict[str, Any]) -> tuple[Any, ...]:
        payee = row.get("payee")
        return (
            row["benefit"],
            row["person"].pk,
            row.get("amount"),
            (row.get("purpose") or "").strip(),
            row["period_from"],
            row.get("period_to"),
            payee.pk if payee is not None and payee.pk != decision.party_id else None,
            row["method"],
            (row.get("account") or "").strip(),
        )

    return [key(row) for row in stored] != [key(row) for row in typed]


@requires(Capability.BENEFITS_EDIT)
def decision_edit(request: HttpRequest, decision_id: int) -> HttpResponseBase:
    """Change a draft: its text and its benefits, with the version it was opened with (a save
    over someone else's shows what they changed, the user's values kept)."""
    decision = decision_or_404(request, decision_id)
    user = staff(request)
    if not can(user, benefits_policy.EDIT_DRAFT, decision):
        raise PermissionDenied
    if decision.state != DecisionState.DRAFT:
        messages.warning(
            request, _("Only a draft is changed: return it from signature first, or change it.")
        )
        return redirect("benefits:decision_detail", decision_id=decision.pk)
    members = selectors.members_queryset(decision.household)
    data = request.POST if request.method == "POST" else None
    form = DecisionForm(
        data,
        kind=decision.kind,
        act=decision.act,
        members=members,
        initial=decision_initial(decision),
    )
    stored_rows = selectors.line_rows(selectors.lines_of(decision))
    formset = line_formset(data, act=decision.act, members=members, initial=stored_rows)
    title = _("Change the draft decision")
    conflict: ConflictError | None = None
    line_errors: list[str] = []
    if data is not None:
        if request.headers.get(PREVIEW_HEADER):
            return _preview(request, decision, form, formset)
        if "add_row" in data or "regenerate" in data:
            form, formset = _refilled(request, decision, form, formset, members)
        elif form.is_valid() & formset.is_valid():
            outcome = _save_draft(request, decision, form, formset)
            if isinstance(outcome, HttpResponseBase):
                return outcome
            conflict, line_errors = outcome
    return _render(
        request,
        base=decision,
        decision=decision,
        form=form,
        formset=formset,
        title=title,
        conflict=conflict,
        line_errors=line_errors,
    )


def _save_draft(
    request: HttpRequest, decision: Decision, form: DecisionForm, formset: FormSet
) -> HttpResponseBase | tuple[ConflictError | None, list[str]]:
    """One service saves the changed text and, when they changed, the benefits, as one
    version (`decision_edit`)."""
    user = staff(request)
    version = form.cleaned_data.get("version") or 0
    text_changes = form.changes_from(decision)
    typed_lines = lines_from(formset)
    lines_changed = _lines_changed(decision, typed_lines)
    if not text_changes and not lines_changed:
        messages.info(request, _("Nothing was changed."))
        return redirect("benefits:decision_detail", decision_id=decision.pk)
    try:
        services.decision_edit(
            actor=user,
            decision=selectors.decision_get(user, decision.pk),
            base_version=version,
            lines=typed_lines if lines_changed else None,
            **text_changes,
        )
    except ConflictError as error:
        refresh_version(form, error.current_version)
        return readable_conflict(error, Decision), []
    except ValidationError as error:
        return None, put_errors(form, formset, error)
    messages.success(request, _("Changes saved."))
    return redirect("benefits:decision_detail", decision_id=decision.pk)
