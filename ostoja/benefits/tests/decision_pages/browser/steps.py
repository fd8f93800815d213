"""The steps every decision's browser journey takes after the draft: sent for signature, signed
by the director, delivered in person with the appeal waived, and its documents downloaded."""

import datetime
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
from django.urls import reverse
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from ostoja.accounts.models import User
from ostoja.benefits.models import Decision, DecisionState
from ostoja.registry.tests.browser.test_accessibility import assert_no_axe_violations

Screenshot = Callable[[str], Path]
LoginAs = Callable[[User], None]


def submit_main_form(page: Page) -> None:
    page.locator("main form .form-actions button.btn-primary[type=submit]").first.click()


def words(text: str) -> str:
    """The text with every run of white space (a PDF's line breaks, non-breaking spaces) as one
    space, so that a phrase is found wherever the page broke it."""
    return re.sub(r"\s+", " ", text)


def text_of(pdf: bytes) -> str:
    return words(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


def _post(page: Page, selector: str) -> None:
    """Clicks the form's button and waits for the answer to its POST and the page after it."""
    with page.expect_response(lambda response: response.request.method == "POST"):
        page.locator(selector).click()
    page.wait_for_load_state()


def detail_url(live_server: Any, decision: Decision) -> str:
    return str(live_server.url + reverse("benefits:decision_detail", args=[decision.pk]))


def send_for_signature(page: Page, decision: Decision) -> None:
    _post(page, f"form[action='{reverse('benefits:decision_submit', args=[decision.pk])}'] button")
    decision.refresh_from_db()
    assert decision.state == DecisionState.FOR_APPROVAL


def sign_as_director(
    page: Page, live_server: Any, decision: Decision, screenshot: Screenshot, step: int
) -> None:
    """The director finds the draft ticked on the list for signature and signs it from its
    page (screenshots `step`- and `step + 1`-)."""
    page.goto(live_server.url + reverse("benefits:decision_for_signature"))
    expect(page.locator(f"#decyzja-{decision.pk}")).to_be_checked()
    screenshot(f"{step:02d}-list-for-signature")
    page.goto(detail_url(live_server, decision))
    expect(page.locator("#podpis")).to_be_visible()
    assert_no_axe_violations(page)
    screenshot(f"{step + 1:02d}-detail-for-signature")
    _post(page, f"form[action='{reverse('benefits:decision_sign', args=[decision.pk])}'] button")
    decision.refresh_from_db()
    assert decision.state == DecisionState.SIGNED
    expect(page.locator("h1")).to_contain_text(decision.number)


def deliver_in_person_and_waive(
    page: Page, live_server: Any, decision: Decision, day: datetime.date, screenshot: Screenshot
) -> None:
    """Delivery in person on `day` and the waiver of the appeal received the same day: final
    on that day (art. 127a § 2 k.p.a.)."""
    page.goto(detail_url(live_server, decision))
    page.locator("#akcja-delivery summary").click()
    page.locator("input[name=doreczenie-method][value=osobiscie]").check()
    page.locator("#id_doreczenie-delivered_on").fill(day.isoformat())
    screenshot("delivery")
    _post(page, "#akcja-delivery button[type=submit]")
    decision.refresh_from_db()
    assert (decision.state, decision.delivered_on) == (DecisionState.DELIVERED, day)
    page.locator("#akcja-waiver summary").click()
    expect(page.locator("#id_zrzeczenie-received_on")).to_have_value(day.isoformat())
    _post(page, "#akcja-waiver button[type=submit]")
    decision.refresh_from_db()
    assert (decision.state, decision.final_on) == (DecisionState.FINAL, day)
    assert_no_axe_violations(page)


@dataclass(frozen=True)
class Documents:
    pdf: bytes
    pdf_text: str
    docx_text: str


def download_documents(page: Page, decision: Decision) -> Documents:
    """The PDF (frozen at signing) and the DOCX (made now) from the decision's page."""
    with page.expect_download() as pdf_download:
        page.locator(f"a[href='{reverse('benefits:decision_pdf', args=[decision.pk])}']").click()
    pdf = Path(pdf_download.value.path()).read_bytes()
    with page.expect_download() as docx_download:
        page.locator(f"a[href='{reverse('benefits:decision_docx', args=[decision.pk])}']").click()
    document = docx.Document(io.BytesIO(Path(docx_download.value.path()).read_bytes()))
    body = "\n".join(paragraph.text for paragraph in document.paragraphs)
    return Documents(pdf=pdf, pdf_text=text_of(pdf), docx_text=body)
