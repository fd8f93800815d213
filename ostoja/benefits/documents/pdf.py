"""The decision as a PDF, and the PDF frozen at signing.

The PDF prints the same context as the DOCX (`render.decision_context`), in the same order, from
the HTML template `benefits/print/decision.html` with WeasyPrint, as the project's other printed
documents are made (`ostoja.casework.documents.render_pdf`): an A4 letter of the office with the
centre's name and address, "strona X z Y" on every page, the signature block never split across
pages, and on a draft a "PROJEKT" mark in the page header and across every page.

The signing service calls `attach_frozen_document` (its `freeze_document` hook) with the decision
numbered, dated and signed but not yet saved: the PDF made then, with its SHA-256, is the
document as signed, and is never made again.
"""

import hashlib

from django.core.files.base import ContentFile
from django.utils import translation

from ostoja.benefits.documents.render import decision_context, document_stem
from ostoja.benefits.models import Decision
from ostoja.casework.documents import render_pdf as render_html_to_pdf

TEMPLATE = "benefits/print/decision.html"


def pdf_context(decision: Decision) -> dict[str, object]:
    context = decision_context(decision)
    title = "Projekt decyzji" if context["is_draft"] else f"Decyzja nr {context['number']}"
    return {
        **context,
        "title": title,
        "footer": f"{title} z dnia {context['date']}",
    }


def render_pdf(decision: Decision) -> bytes:
    """The decision as an A4 PDF, in Polish."""
    with translation.override("pl"):
        return render_html_to_pdf(TEMPLATE, pdf_context(decision))


def pdf_filename(decision: Decision) -> str:
    """ "decyzja-GOPS-8311-1-2025.pdf"; a draft: "projekt-decyzji-12.pdf"."""
    return f"{document_stem(decision)}.pdf"


def freeze_document(decision: Decision) -> tuple[str, bytes, str]:
    """The PDF of a signed decision as it is kept: its file name, its bytes and their SHA-256.

    Refused (ValueError) for a decision not yet numbered and signed: a draft is never frozen.
    """
    if not decision.is_issued or not decision.number or decision.signed_by_id is None:
        raise ValueError("Only a signed, numbered decision has a frozen document.")
    data = render_pdf(decision)
    return pdf_filename(decision), data, hashlib.sha256(data).hexdigest()


def attach_frozen_document(decision: Decision) -> None:
    """The signing service's `freeze_document` hook: sets `document` and `document_sha256` on
    the decision without saving it; the file is written when the service saves the row, inside
    its transaction."""
    name, data, digest = freeze_document(decision)
    decision.document = ContentFile(data, name=name)
    decision.document_sha256 = digest
