# mypy: allow-untyped-calls
"""The decision's page and what is done from it: by role; sending for signature (and what
keeps a draft from it); signing from the page, with the refusals shown; the delivery by a
notice not collected, with the day it counts as delivered; the waiver; the appeal and the
board; the DOCX and the PDF (frozen at signing, given out with its checksum), all logged."""

import datetime
import hashlib
import io
from typing import Any

import docx
import pytest
from django.urls import reverse
from pypdf import PdfReader

from ostoja.accounts.models import User
from ostoja.benefits.models import Decision, DecisionState
from ostoja.benefits.services import decisions as services
from ostoja.benefits.tests.decision_pages.conftest import (
    Case,
    draft,
    for_signature,
    noon,
    signed,
)
from ostoja.benefits.tests.decisions import factories
from ostoja.core.models import AccessLog

pytestmark = pytest.mark.django_db


def _url(name: str, decision: Decision) -> str:
    return reverse(f"benefits:{name}", args=[decision.pk])


def _signed_with_document(case: Case, clerk: User, signer: User) -> Decision:
    from ostoja.benefits.documents.pdf import attach_frozen_document

    made = for_signature(case, clerk)
    return services.decision_sign(
        actor=signer,
        decision=made,
        base_version=made.version,
        freeze_document=attach_frozen_document,
    )


# ---------------------------------------------------------------------------------------------
# Who sees the page
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["director", "benefits_clerk", "social_worker", "accountant"])
def test_who_sees_the_family_reads_the_decision(
    login: Any, case: Case, clerk: User, role: str, request: pytest.FixtureRequest
) -> None:
    decision = draft(case, clerk)
    user = request.getfixturevalue(role)
    response = login(user).get(_url("decision_detail", decision))
    assert response.status_code == 200
    assert "Zofia Dębowska0" in response.content.decode()
    logged = AccessLog.objects.get(user=user, what="benefits.decision")
    assert case.pensioner.pk in logged.persons.values_list("person_id", flat=True)


def test_accounting_sees_no_action(login: Any, case: Case, clerk: User, accountant: User) -> None:
    decision = draft(case, clerk)
    response = login(accountant).get(_url("decision_detail", decision))
    assert not any(response.context["allowed"].values())
    assert login(accountant).post(_url("decision_submit", decision)).status_code == 403


def test_the_worker_of_another_area_gets_a_logged_404(
    login: Any, case: Case, clerk: User, other_social_worker: User
) -> None:
    decision = draft(case, clerk)
    client = login(other_social_worker)
    for name in ("decision_detail", "decision_pdf", "decision_docx"):
        assert client.get(_url(name, decision)).status_code == 404
    refusals = AccessLog.objects.filter(user=other_social_worker)
    assert {(r.outcome, r.status, r.what) for r in refusals} == {
        (AccessLog.Outcome.REFUSED, 404, "benefits.out_of_scope")
    }
    assert refusals.count() == 3


@pytest.mark.parametrize("role", ["administrator", "iod"])
def test_the_administrator_and_the_iod_are_refused(
    login: Any, case: Case, clerk: User, role: str, request: pytest.FixtureRequest
) -> None:
    decision = draft(case, clerk)
    client = login(request.getfixturevalue(role))
    for name in ("decision_detail", "decision_pdf", "decision_docx"):
        assert client.get(_url(name, decision)).status_code == 403


# ---------------------------------------------------------------------------------------------
# To signature, and signing
# ---------------------------------------------------------------------------------------------


def test_a_draft_is_sent_for_signature_from_its_page(login: Any, case: Case, clerk: User) -> None:
    decision = draft(case, clerk)
    response = login(clerk).post(_url("decision_submit", decision))
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.state == DecisionState.FOR_APPROVAL


def test_what_keeps_a_draft_from_signature_is_shown(login: Any, case: Case, clerk: User) -> None:
    # Art. 107 § 4 k.p.a.: without "grants the request in full" the justification is needed.
    decision = draft(case, clerk, justification_facts="", justification_law="")
    response = login(clerk).post(_url("decision_submit", decision))
    assert response.status_code == 200
    errors = response.context["submit_errors"]
    assert len(errors) == 2
    assert all("art. 107 § 4 k.p.a." in error for error in errors)
    assert errors[0].startswith("Uzasadnienie faktyczne: ")
    decision.refresh_from_db()
    assert decision.state == DecisionState.DRAFT


def test_the_signer_sees_the_authorisation_and_signs(
    login: Any, case: Case, clerk: User, signer: User, ups_register: Any
) -> None:
    decision = for_signature(case, clerk)
    client = login(signer)
    page = client.get(_url("decision_detail", decision))
    assert page.context["outlook"].blockers == []
    assert f"OR.0052.{signer.pk}.2024" in page.content.decode()
    response = client.post(_url("decision_sign", decision), {"podpis-version": decision.version})
    assert response.status_code == 302
    decision.refresh_from_db()
    # The first number of the register in 2025: GOPS.8311.1.2025, dated today.
    assert (decision.state, decision.number) == (DecisionState.SIGNED, "GOPS.8311.1.2025")
    assert decision.issued_on == datetime.date(2025, 1, 14)
    # The PDF as signed is kept with its checksum.
    with decision.document.open("rb") as stored:
        assert hashlib.sha256(stored.read()).hexdigest() == decision.document_sha256
    assert decision.awards.get().amount == decision.lines.get().amount


def test_the_drafter_is_told_another_person_signs(
    login: Any, case: Case, signer: User, ups_register: Any
) -> None:
    # The director drafted it; the centre does not let the drafter sign (the default).
    decision = for_signature(case, signer)
    client = login(signer)
    page = client.get(_url("decision_detail", decision))
    assert [b.code for b in page.context["outlook"].blockers] == ["drafter"]
    response = client.post(_url("decision_sign", decision), {"podpis-version": decision.version})
    assert response.status_code == 200
    assert response.context["sign_errors"] == [
        "Autor projektu nie może podpisać tej decyzji: podpisuje ją inna upoważniona osoba."
    ]
    decision.refresh_from_db()
    assert decision.state == DecisionState.FOR_APPROVAL


def test_a_signer_without_an_authorisation_is_refused_with_the_reason(
    login: Any, case: Case, clerk: User, social_worker: User, ups_register: Any
) -> None:
    decision = for_signature(case, clerk)
    client = login(social_worker)
    response = client.post(_url("decision_sign", decision), {"podpis-version": decision.version})
    assert response.status_code == 200
    assert [b.code for b in response.context["outlook"].blockers] == ["authorisation"]
    assert response.context["sign_errors"] == [
        "Brak ważnego w dniu dzisiejszym upoważnienia do wydawania decyzji na podstawie tej "
        "ustawy (ustawa o pomocy społecznej)."
    ]
    decision.refresh_from_db()
    assert decision.number == ""


def test_the_signer_returns_the_draft_with_a_note(
    login: Any, case: Case, clerk: User, signer: User
) -> None:
    decision = for_signature(case, clerk)
    client = login(signer)
    empty = client.post(_url("decision_return", decision), {"zwrot-note": ""})
    assert empty.status_code == 200
    assert empty.context["open_form"] == "return"
    assert "note" in empty.context["forms"]["return"].errors
    response = client.post(_url("decision_return", decision), {"zwrot-note": "Popraw okres."})
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.state == DecisionState.DRAFT


def test_a_draft_is_discarded_with_its_reason(login: Any, case: Case, clerk: User) -> None:
    decision = draft(case, clerk)
    response = login(clerk).post(
        _url("decision_discard", decision), {"odrzucenie-reason": "Wniosek wycofano."}
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.state == DecisionState.DISCARDED


# ---------------------------------------------------------------------------------------------
# Delivery, waiver, appeal
# ---------------------------------------------------------------------------------------------


def test_a_notice_not_collected_is_delivered_on_the_fourteenth_day(
    login: Any, case: Case, clerk: User, signer: User, ups_register: Any, clock: Any
) -> None:
    decision = signed(case, clerk, signer)
    # First notice on Thursday 16 January 2025. Art. 44 § 1 and § 4 k.p.a.: the letter is kept
    # 14 days and deemed delivered on the last of them; the day of the notice is not counted
    # (art. 57 § 1): 16 + 14 = 30 January 2025. Recorded on 31 January.
    clock.move_to(noon(datetime.date(2025, 1, 31)))
    client = login(clerk)
    response = client.post(
        _url("decision_delivery", decision),
        {"doreczenie-method": "awizo", "doreczenie-first_notice_on": "2025-01-16"},
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.delivered_on == datetime.date(2025, 1, 30)
    assert decision.state == DecisionState.DELIVERED
    page = client.get(_url("decision_detail", decision))
    follow = page.context["follow"]
    # Art. 129 § 2: 14 days from delivery, the day of delivery not counted: 13 February 2025,
    # a Thursday, so art. 57 § 4 moves nothing; final from the next day if no appeal comes.
    assert follow.appeal_deadline == datetime.date(2025, 2, 13)
    assert follow.final_on == datetime.date(2025, 2, 14)
    assert "13.02.2025" in page.content.decode()


def test_a_notice_recorded_too_early_is_refused_on_its_field(
    login: Any, case: Case, clerk: User, signer: User, ups_register: Any, clock: Any
) -> None:
    decision = signed(case, clerk, signer)
    # On 20 January the 14 days from the notice of 16 January have not run out.
    clock.move_to(noon(datetime.date(2025, 1, 20)))
    response = login(clerk).post(
        _url("decision_delivery", decision),
        {"doreczenie-method": "awizo", "doreczenie-first_notice_on": "2025-01-16"},
    )
    assert response.status_code == 200
    form = response.context["forms"]["delivery"]
    assert "30.01.2025" in str(form.errors["delivered_on"])
    assert response.context["open_form"] == "delivery"


def test_a_waiver_makes_the_decision_final_on_its_day(
    login: Any, case: Case, clerk: User, signer: User, ups_register: Any
) -> None:
    decision = signed(case, clerk, signer)
    client = login(clerk)
    client.post(
        _url("decision_delivery", decision),
        {"doreczenie-method": "osobiscie", "doreczenie-delivered_on": "2025-01-14"},
    )
    response = client.post(
        _url("decision_waiver", decision), {"zrzeczenie-received_on": "2025-01-14"}
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    # Art. 127a § 2 k.p.a.: final on the day the waiver reaches the centre.
    assert (decision.state, decision.final_on) == (DecisionState.FINAL, datetime.date(2025, 1, 14))


def test_an_appeal_goes_to_the_board_within_seven_days(
    login: Any, case: Case, clerk: User, signer: User, ups_register: Any, clock: Any
) -> None:
    decision = signed(case, clerk, signer)
    client = login(clerk)
    client.post(
        _url("decision_delivery", decision),
        {"doreczenie-method": "osobiscie", "doreczenie-delivered_on": "2025-01-14"},
    )
    # A session does not last days: each day of the test signs in again.
    clock.move_to(noon(datetime.date(2025, 1, 20)))
    client = login(clerk)
    recorded = client.post(_url("appeal_record", decision), {"odwolanie-received_on": "2025-01-20"})
    assert recorded.status_code == 302
    # Art. 133 k.p.a.: 7 days from receipt, the day not counted: 20 + 7 = 27 January 2025, a
    # Monday.
    clock.move_to(noon(datetime.date(2025, 1, 28)))
    client = login(clerk)
    page = client.get(_url("decision_detail", decision))
    follow = page.context["follow"]
    assert follow.transfer_due_on == datetime.date(2025, 1, 27)
    assert follow.transfer_overdue is True
    listed = client.get(reverse("benefits:appeals"))
    assert "table-danger" in listed.content.decode()
    response = client.post(
        _url("appeal_send", decision),
        {"przekazanie-sent_on": "2025-01-28", "przekazanie-reply": "Organ podtrzymuje decyzję."},
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.state == DecisionState.AT_BOARD


# ---------------------------------------------------------------------------------------------
# The documents
# ---------------------------------------------------------------------------------------------


def test_a_drafts_documents_are_made_on_the_fly(login: Any, case: Case, clerk: User) -> None:
    decision = draft(case, clerk)
    client = login(clerk)
    pdf = client.get(_url("decision_pdf", decision))
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "PROJEKT" in text
    assert factories.CONTENT["operative"] in text
    assert "Pani Zofia Dębowska0" in text
    word = client.get(_url("decision_docx", decision))
    document = docx.Document(io.BytesIO(word.content))
    body = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert factories.CONTENT["operative"] in body
    assert "Pani Zofia Dębowska0" in body
    logged = AccessLog.objects.filter(user=clerk, what="benefits.decision_document")
    assert sorted(entry.details["format"] for entry in logged) == ["docx", "pdf"]


def test_a_signed_decisions_pdf_is_the_frozen_one_with_its_checksum(
    login: Any, case: Case, clerk: User, signer: User, ups_register: Any
) -> None:
    decision = _signed_with_document(case, clerk, signer)
    response = login(clerk).get(_url("decision_pdf", decision))
    data = b"".join(response.streaming_content)
    assert hashlib.sha256(data).hexdigest() == decision.document_sha256
    assert response["X-Ostoja-SHA256"] == decision.document_sha256
    assert response["Repr-Digest"].startswith("sha-256=:")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "GOPS.8311.1.2025" in text


def test_a_frozen_pdf_that_no_longer_matches_is_not_given_out(
    login: Any, case: Case, clerk: User, signer: User, ups_register: Any
) -> None:
    decision = _signed_with_document(case, clerk, signer)
    with open(decision.document.path, "ab") as stored:
        stored.write(b"%tampered")
    response = login(clerk).get(_url("decision_pdf", decision))
    assert response.status_code == 302


def test_the_boards_outcome_upholding_makes_the_decision_final(
    login: Any, case: Case, clerk: User, signer: User, ups_register: Any, clock: Any
) -> None:
    decision = signed(case, clerk, signer)
    services.decision_record_delivery(
        actor=clerk, decision=decision, method="osobiscie", delivered_on=datetime.date(2025, 1, 14)
    )
    services.appeal_record(actor=clerk, decision=decision, received_on=datetime.date(2025, 1, 14))
    decision.refresh_from_db()
    services.appeal_send(
        actor=clerk, appeal=decision.appeal, sent_on=datetime.date(2025, 1, 14), reply=""
    )
    clock.move_to(noon(datetime.date(2025, 2, 20)))
    client = login(clerk)
    no_reference = client.post(
        _url("appeal_outcome", decision),
        {"rozstrzygniecie-outcome": "utrzymana", "rozstrzygniecie-outcome_on": "2025-02-18"},
    )
    assert "board_reference" in no_reference.context["forms"]["outcome"].errors
    response = client.post(
        _url("appeal_outcome", decision),
        {
            "rozstrzygniecie-outcome": "utrzymana",
            "rozstrzygniecie-outcome_on": "2025-02-18",
            "rozstrzygniecie-board_reference": "SKO.4111.12.2025",
        },
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    # Upheld: final on the day of the board's decision (the service's reading of art. 16 § 1).
    assert (decision.state, decision.final_on) == (DecisionState.FINAL, datetime.date(2025, 2, 18))
