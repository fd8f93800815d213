"""The decision's PDF: valid, with the number, the party and the page numbers; a draft marked
PROJEKT; the signature block never split; the PDF frozen at signing."""

import hashlib
import io
from collections.abc import Callable
from typing import Any

import pytest
from pypdf import PdfReader

from ostoja.benefits.documents.pdf import (
    attach_frozen_document,
    freeze_document,
    pdf_filename,
    render_pdf,
)
from ostoja.benefits.models import Decision, DecisionKind, DecisionState
from ostoja.benefits.tests.documents.conftest import MakeDecision

SIGNATURE = (
    "z upoważnienia Wójta Gminy Dębowo",
    "Krystyna Wiśniewska",
    "Kierownik Gminnego Ośrodka Pomocy Społecznej w Dębowie",
)


def _pages(data: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(data))
    # Lines a long text wraps are joined, so that phrases read whole.
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


def test_the_pdf_of_a_signed_decision_names_its_number_and_party_and_numbers_its_pages(
    decision_signed: Decision,
) -> None:
    data = render_pdf(decision_signed)
    assert data.startswith(b"%PDF-")
    pages = _pages(data)
    text = " ".join(pages)
    assert "GOPS.8311.2.2025" in text
    assert "Pani Maria Lipowska" in text  # the address block
    assert "Pani Marii Lipowskiej" in text  # the operative part
    assert "Dębowo, dnia 1 kwietnia 2025 r." in text
    assert "strona 1 z" in pages[0]
    assert f"strona {len(pages)} z {len(pages)}" in pages[-1]
    for heading in ("DECYZJA", "orzekam", "UZASADNIENIE", "POUCZENIE", "Otrzymują:"):
        assert heading in text
    assert "PROJEKT" not in text
    assert all(line in text for line in SIGNATURE)


def test_the_pdf_follows_the_documents_order(decision_signed: Decision) -> None:
    text = " ".join(_pages(render_pdf(decision_signed)))
    order = [
        "Gminny Ośrodek Pomocy Społecznej w Dębowie",
        "GOPS.8311.2.2025",
        "DECYZJA",
        "w sprawie przyznania świadczenia",
        "Na podstawie art. 38 ust. 1",
        "orzekam",
        "UZASADNIENIE",
        "POUCZENIE",
        "z upoważnienia Wójta Gminy Dębowo",
        "Otrzymują:",
    ]
    positions = [text.index(item) for item in order]
    assert positions == sorted(positions)


def test_a_draft_pdf_is_marked_projekt_and_is_not_signed(decision_draft: Decision) -> None:
    text = " ".join(_pages(render_pdf(decision_draft)))
    assert "PROJEKT – decyzja niepodpisana" in text
    assert "projekt – bez podpisu" in text
    assert "Krystyna Wiśniewska" not in text


def test_the_signature_block_is_never_split_across_pages(decision_make: MakeDecision) -> None:
    """Justifications of growing length push the signature block over the page break; at
    every length its lines stay on one page (`break-inside: avoid`)."""
    pages_of_signature = set()
    for paragraphs in range(0, 24, 2):
        facts = "\n".join(
            f"Akapit {number}: ustalono sytuację dochodową i rodzinną strony na podstawie "
            "wywiadu środowiskowego oraz przedstawionych zaświadczeń."
            for number in range(paragraphs)
        )
        pages = _pages(render_pdf(decision_make(DecisionKind.GRANT, justification_facts=facts)))
        holding = [index for index, page in enumerate(pages) if SIGNATURE[0] in page]
        assert len(holding) == 1
        assert all(line in pages[holding[0]] for line in SIGNATURE), paragraphs
        pages_of_signature.add(holding[0])
    # The lengths tried moved the block across at least one page break.
    assert len(pages_of_signature) > 1


def test_the_frozen_document_is_the_signed_pdf_with_its_checksum(
    decision_signed: Decision,
) -> None:
    name, data, digest = freeze_document(decision_signed)
    assert name == "decyzja-GOPS-8311-2-2025.pdf"
    assert digest == hashlib.sha256(data).hexdigest()
    reader = PdfReader(io.BytesIO(data))
    assert reader.metadata is not None
    assert reader.metadata.title == "Decyzja nr GOPS.8311.2.2025"


def test_a_draft_is_never_frozen(decision_draft: Decision) -> None:
    with pytest.raises(ValueError, match="signed"):
        freeze_document(decision_draft)
    assert pdf_filename(decision_draft) == f"projekt-decyzji-{decision_draft.pk}.pdf"


def test_the_signing_hook_sets_the_document_and_its_checksum_saved_with_the_row(
    decision_make: MakeDecision, decision_signature: Callable[[int], dict[str, Any]]
) -> None:
    # As the signing service does: the decision for signature gets its number and signature in
    # memory, the hook freezes the PDF, and the row is saved once.
    decision = decision_make(DecisionKind.GRANT, signed=False, state=DecisionState.FOR_APPROVAL)
    for field, value in decision_signature(2).items():
        setattr(decision, field, value)
    attach_frozen_document(decision)
    decision.save()
    decision.refresh_from_db()
    assert str(decision.document.name).startswith("benefits/decisions/decyzja-GOPS-8311-2-2025")
    with decision.document.open("rb") as stored:
        data = stored.read()
    assert data.startswith(b"%PDF-")
    assert hashlib.sha256(data).hexdigest() == decision.document_sha256
    assert "GOPS.8311.2.2025" in " ".join(_pages(data))
