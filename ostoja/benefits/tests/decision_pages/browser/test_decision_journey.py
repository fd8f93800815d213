# mypy: allow-untyped-calls
"""Done when: a clerk takes a family from the application to a final decision in the browser.

She registers Zofia Wrzosowa's application for a zasiłek stały through the application form,
assesses it, drafts the decision in the editor and watches the preview follow what she types,
and sends it for signature; the director signs it; she records its delivery in person and the
waiver of the appeal, and the decision is final; its PDF and DOCX download. Screenshots at each
step in test-artifacts/; axe-core on the editor and the decision's page.

The figures, worked out by hand: the law of 10 December 2024 (the day of the application)
applies; Mrs Wrzosowa, 74, lives alone (unable to work because of age: a woman of 60 or more,
art. 6 pkt 7 u.p.s.) with 600 zł of pension in November 2024, the month before the application
(art. 8 ust. 3), under the single person's criterion of 776 zł (Dz.U. 2021 poz. 1296): eligible
(art. 37 ust. 1 pkt 1); the amount is 130 % of the criterion less her income (art. 37 ust. 2
pkt 1 as in force from 1 January 2024): 1.3 × 776 − 600 = 408.80 zł a month, from December 2024,
the month of the application (art. 106 ust. 3). Delivered in person on 14 January 2025 and the
waiver received the same day: final on that day (art. 127a § 2 k.p.a.)."""

import datetime
import hashlib
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from ostoja.accounts.models import User
from ostoja.accounts.roles import Role
from ostoja.benefits.models import Application, Decision
from ostoja.benefits.tests.assessment.factories import interview
from ostoja.benefits.tests.decision_pages.browser.steps import (
    deliver_in_person_and_waive,
    detail_url,
    download_documents,
    send_for_signature,
    sign_as_director,
    submit_main_form,
)
from ostoja.benefits.tests.decisions import factories
from ostoja.registry import services as registry_services
from ostoja.registry.models import Household, Income, IncomeKind, Person
from ostoja.registry.tests.browser.conftest import PASSWORD, Office, make_pesel
from ostoja.registry.tests.browser.test_accessibility import (
    assert_no_axe_violations,
    unlabelled_fields,
)

pytestmark = pytest.mark.browser

Screenshot = Callable[[str], Path]
LoginAs = Callable[[User], None]
TODAY = datetime.date(2025, 1, 14)


def _pensioner(office: Office) -> tuple[Household, Person]:
    """Zofia Wrzosowa, born 1 March 1950, alone at ul. Wrzosowa 7 in the northern area, with
    600 zł of pension in November 2024 and a completed environmental interview."""
    pesel = make_pesel(datetime.date(1950, 3, 1), 301, "K")
    household = registry_services.family_register(
        actor=office.worker_north,
        area=office.north,
        address={
            "gmina": "Dębowo",
            "town": "Dębowo",
            "street": "Wrzosowa",
            "house_number": "7",
            "flat_number": "",
            "postcode": "00-950",
        },
        head_data={
            "pesel": pesel,
            "first_names": "Zofia",
            "surname": "Wrzosowa",
            "birth_date": datetime.date(1950, 3, 1),
            "sex": "K",
            "registered_gmina": "Dębowo",
            "registered_town": "Dębowo",
        },
        since=datetime.date(2020, 1, 1),
    )
    person = household.memberships.get().person
    # A transactional test's flush empties the dictionary the migration seeds: put back the kind.
    IncomeKind.objects.get_or_create(code="emerytura", defaults={"name": "emerytura"})
    Income.objects.create(
        person=person, month=datetime.date(2024, 11, 1), kind_id="emerytura", gross=Decimal(600)
    )
    interview(household, conducted_on=datetime.date(2024, 12, 16), worker=office.worker_north)
    return household, person


@pytest.fixture
def clerk(office: Office) -> User:
    return User.objects.create_user(
        "mzielinska",
        password=PASSWORD,
        role=Role.BENEFITS_CLERK,
        first_name="Małgorzata",
        last_name="Zielińska",
    )


def test_a_clerk_takes_a_family_from_the_application_to_a_final_decision(
    page: Page,
    live_server: Any,
    office: Office,
    clerk: User,
    login_as: LoginAs,
    screenshot: Screenshot,
) -> None:
    household, pensioner = _pensioner(office)
    factories.authorisation(office.director, recorded_by=office.director)
    factories.register(symbol="GOPS.8311", act=factories.UPS)
    login_as(clerk)

    # 1. The application, through its form.
    page.goto(live_server.url + reverse("benefits:application_register", args=[household.pk]))
    page.locator("input[name=act][value=ups]").check()
    page.locator("#pola-ustawy input[value=zasilek_staly]").check()
    page.locator("#id_received_on").fill("2024-12-10")
    page.locator("#id_channel").select_option("osobiscie")
    page.locator("#id_applicant").select_option(str(pensioner.pk))
    screenshot("01-application-form")
    submit_main_form(page)
    page.wait_for_url(re.compile(r"/swiadczenia/wnioski/\d+/$"))
    application = Application.objects.get(household=household)

    # 2. The assessment: the rules on the family as recorded, the result with its reasons.
    assess = reverse("benefits:assessment_make", args=[application.pk, "zasilek_staly"])
    link = page.locator(f"main a[href='{assess}']")
    if link.count():
        link.first.click()
    else:
        page.goto(live_server.url + assess)
    screenshot("02-assess")
    submit_main_form(page)
    page.wait_for_url(re.compile(r"/swiadczenia/oceny/\d+/$"))
    expect(page.locator("main")).to_contain_text("408,80\xa0zł")
    expect(page.locator("main")).to_contain_text("776,00\xa0zł")
    screenshot("03-assessment")

    # 3. The editor, from the assessment: the drafting's text and the live preview.
    page.locator("main a.btn-primary[href*='/swiadczenia/decyzje/nowa/']").click()
    page.wait_for_url(re.compile(r"/swiadczenia/decyzje/nowa/"))
    preview = page.frame_locator("#podglad iframe")
    expect(preview.locator("h1")).to_have_text("DECYZJA")
    expect(preview.locator("body")).to_contain_text("408,80")
    expect(preview.locator("body")).to_contain_text("Przyznaje się Pani Zofii")
    assert_no_axe_violations(page)
    assert unlabelled_fields(page) == []
    facts = page.locator("#id_justification_facts")
    with page.expect_response(lambda r: r.request.headers.get("x-ostoja-preview") == "1"):
        facts.press("Control+End")
        facts.type(" Strona przedstawiła decyzję o przyznaniu emerytury.")
    expect(preview.locator("body")).to_contain_text("przedstawiła decyzję o przyznaniu emerytury")
    # The print style runs in the frame (its hash is the one inline style the page allows).
    frame = next(f for f in page.frames if f.parent_frame is not None)
    assert frame.evaluate("getComputedStyle(document.querySelector('h1')).textAlign") == "center"
    assert not Decision.objects.exists()  # the preview saves nothing
    screenshot("04-editor-preview")
    submit_main_form(page)
    page.wait_for_url(re.compile(r"/swiadczenia/decyzje/\d+/$"))
    decision = Decision.objects.get()
    assert decision.justification_facts.endswith("przedstawiła decyzję o przyznaniu emerytury.")
    screenshot("05-draft")

    # 4. Sent for signature.
    send_for_signature(page, decision)

    # 5. The director signs, seeing the authorisation he signs under.
    login_as(office.director)
    sign_as_director(page, live_server, decision, screenshot, 6)
    assert decision.number == "GOPS.8311.1.2025"
    screenshot("08-signed")

    # 6. The clerk records the delivery in person and the waiver of the appeal.
    login_as(clerk)
    deliver_in_person_and_waive(page, live_server, decision, TODAY, screenshot)
    screenshot("09-final")

    page.goto(live_server.url + reverse("benefits:decision_register"))
    expect(page.locator("main table")).to_contain_text("GOPS.8311.1.2025")
    screenshot("10-register")
    page.goto(detail_url(live_server, decision))

    # 7. The documents: the PDF frozen at signing, the DOCX made now.
    documents = download_documents(page, decision)
    assert hashlib.sha256(documents.pdf).hexdigest() == decision.document_sha256
    assert "GOPS.8311.1.2025" in documents.pdf_text
    assert "408,80" in documents.pdf_text
    assert "GOPS.8311.1.2025" in documents.docx_text
    assert "Krzysztof Kowalski" in documents.docx_text
