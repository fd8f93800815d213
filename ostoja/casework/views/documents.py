"""Printed documents of social work: PDFs shown in the browser (inline), each print of a
person's data written to the access log with the persons printed."""

from django.http import HttpRequest, HttpResponse

from ostoja.accounts.roles import Capability
from ostoja.casework import documents
from ostoja.casework.access_kinds import CONTRACT_PDF
from ostoja.casework.models import SocialContract
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
