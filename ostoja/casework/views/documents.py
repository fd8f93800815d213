"""Printed documents of social work: PDFs shown in the browser (inline), each print of a
person's data written to the access log with the persons printed; the empty forms, which carry
no personal data, and the page that lists them."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ostoja.accounts.roles import Capability
from ostoja.casework import documents
from ostoja.casework.access_kinds import CONTRACT_PDF, INTERVIEW_PDF
from ostoja.casework.models import Interview, InterviewKind, SocialContract
from ostoja.casework.questionnaire import (
    Questionnaire,
    QuestionnaireNotFound,
    get_questionnaire,
    questionnaires_list,
)
from ostoja.casework.views.common import visible_or_404
from ostoja.core.access import requires
from ostoja.core.audit import record_access


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    """A PDF the browser shows (inline) and saves under an ASCII name."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@requires(Capability.CASEWORK_VIEW)
def interview_pdf(request: HttpRequest, interview_id: int) -> HttpResponse:
    interview = visible_or_404(request, Interview, interview_id)
    context = documents.interview_context(interview)
    pdf = documents.render_pdf(documents.INTERVIEW_TEMPLATE, context)
    record_access(
        request=request,
        person_ids=context["person_ids"],
        what=INTERVIEW_PDF,
        details={"interview": interview.pk},
    )
    return pdf_response(pdf, documents.interview_filename(interview))


@requires(Capability.CASEWORK_VIEW)
def contract_pdf(request: HttpRequest, contract_id: int) -> HttpResponse:
    contract = visible_or_404(request, SocialContract, contract_id)
    pdf = documents.contract_pdf(contract)
    record_access(
        request=request,
        person_ids=documents.contract_person_ids(contract),
        what=CONTRACT_PDF,
        details={"contract": contract.pk},
    )
    return pdf_response(pdf, documents.contract_filename(contract))


def _questionnaire_or_404(code: str, version: str, kind: str) -> Questionnaire:
    try:
        questionnaire = get_questionnaire(code, version)
    except QuestionnaireNotFound as error:
        raise Http404 from error
    if kind not in questionnaire.kinds:
        raise Http404
    return questionnaire


@requires(Capability.CASEWORK_VIEW)
def questionnaire_pdf(request: HttpRequest, code: str, version: str, kind: str) -> HttpResponse:
    """The empty form of one kind, to fill in by hand; no personal data, nothing to log."""
    questionnaire = _questionnaire_or_404(code, version, kind)
    pdf = documents.empty_questionnaire_pdf(questionnaire, kind)
    return pdf_response(pdf, documents.questionnaire_filename(questionnaire, kind))


def _kind_label(kind: str) -> str:
    try:
        return str(InterviewKind(kind).label)
    except ValueError:
        return kind


def _breadcrumbs(*trail: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    """Social work's list of cases first, when that page exists."""
    try:
        home: list[tuple[str, str | None]] = [(_("Social work"), reverse("casework:case_list"))]
    except NoReverseMatch:
        home = []
    return [*home, *trail]


@requires(Capability.CASEWORK_VIEW)
def questionnaires(request: HttpRequest) -> HttpResponse:
    """The questionnaire definitions, the newest first, and their kinds, each with its empty
    form."""
    today = timezone.localdate()
    items: list[dict[str, Any]] = [
        {
            "questionnaire": questionnaire,
            "current": questionnaire.is_valid_on(today),
            "kinds": [
                {
                    "label": _kind_label(kind),
                    "url": reverse(
                        "casework:questionnaire_pdf",
                        args=[questionnaire.code, questionnaire.version, kind],
                    ),
                }
                for kind in questionnaire.kinds
            ],
        }
        for questionnaire in questionnaires_list()
    ]
    context = {
        "nav": "casework",
        "questionnaires": items,
        "breadcrumbs": _breadcrumbs((_("Interview questionnaires"), None)),
    }
    return render(request, "casework/questionnaire_list.html", context)
