"""A benefits clerk's day with an application, in the browser: she registers an application
for a family through the form (an error first, shown on its field), uploads the scanned PDF,
stops the deadline while the family brings a missing document, and finds the application on
her list, sorted by the deadline after an older one that is overdue. Screenshots in
test-artifacts/; axe-core on the list, the form and the application's page.

The clock of the whole process (the live server's thread too) stands at Monday 16 March 2026,
10:00 in Warsaw, and ticks, so that the dates below are fixed."""

import datetime
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from playwright.sync_api import FilePayload, Page, Response, expect

from ostoja.accounts.models import User
from ostoja.accounts.roles import Role
from ostoja.benefits.catalogue import Act, Benefit
from ostoja.benefits.models import Application, Attachment, Channel, DeadlinePause
from ostoja.benefits.services.applications import BenefitAsked, application_register
from ostoja.registry.tests.browser.conftest import PASSWORD, Office
from ostoja.registry.tests.browser.test_accessibility import (
    assert_no_axe_violations,
    unlabelled_fields,
)

pytestmark = pytest.mark.browser

Screenshot = Callable[[str], Path]
LoginAs = Callable[[User], None]

NOW = datetime.datetime(2026, 3, 16, 10, 0, tzinfo=ZoneInfo("Europe/Warsaw"))
PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)


@pytest.fixture
def monday() -> Iterator[None]:
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture
def clerk(office: Office) -> User:
    return User.objects.create_user(
        "mzielinska",
        password=PASSWORD,
        role=Role.BENEFITS_CLERK,
        first_name="Małgorzata",
        last_name="Zielińska",
    )


def _submit(page: Page) -> None:
    page.locator(
        "main form button.btn-primary[type=submit], main form .form-actions button[type=submit]"
    ).first.click()


def _validation_of(field: str) -> Callable[[Response], bool]:
    def answer(response: Response) -> bool:
        return response.request.headers.get("x-ostoja-validate") == field

    return answer


def _detail_url(application: Application) -> str:
    return reverse("benefits:application_detail", args=[application.pk])


@pytest.mark.usefixtures("monday")
def test_a_clerk_registers_documents_stops_and_finds_an_application(
    page: Page,
    live_server: Any,
    office: Office,
    clerk: User,
    login_as: LoginAs,
    screenshot: Screenshot,
) -> None:
    household, head = office.household_north, office.head_north
    # An older application of hers, received on Monday 12 January 2026: one month on is
    # Thursday 12 February 2026 (art. 57 § 3 k.p.a.), long past on 16 March.
    older = application_register(
        actor=clerk,
        household=household,
        applicant=head,
        act=Act.SOCIAL_ASSISTANCE,
        received_on=datetime.date(2026, 1, 12),
        channel=Channel.POST,
        benefits=[BenefitAsked(Benefit.POSILEK)],
    )
    login_as(clerk)

    # 1. The form, from the family: the act chosen first redraws its benefits.
    page.goto(live_server.url + reverse("benefits:application_register", args=[household.pk]))
    assert_no_axe_violations(page)
    assert unlabelled_fields(page) == []
    page.locator("input[name=act][value=usr]").check()
    expect(page.locator("#pola-ustawy input[value=becikowe]")).to_be_visible()
    page.locator("input[name=act][value=ups]").check()
    expect(page.locator("#pola-ustawy input[value=zasilek_celowy]")).to_be_visible()
    screenshot("01-form")

    # 2. A purpose allowance without its purpose: the error sits under the field.
    page.locator("input[name=benefits][value=zasilek_okresowy]").check()
    page.locator("input[name=benefits][value=zasilek_celowy]").check()
    page.locator("#id_amount_zasilek_celowy").fill("600,00")
    page.locator("#id_received_on").fill("2026-03-10")
    page.locator("#id_channel").select_option("osobiscie")
    page.locator("#id_applicant").select_option(str(head.pk))
    page.locator("#id_notes").fill("Złożony osobiście w sekretariacie.")
    _submit(page)
    expect(page.locator("#id_purpose_zasilek_celowy[aria-invalid=true]")).to_be_visible()
    expect(page.locator("#id_notes")).to_have_value("Złożony osobiście w sekretariacie.")
    expect(page.locator("#id_amount_zasilek_celowy")).to_have_value("600,00")
    assert_no_axe_violations(page)
    screenshot("02-form-error")
    # Leaving the field checks it at once (htmx): the error goes before the form is sent.
    purpose = page.locator("#id_purpose_zasilek_celowy")
    purpose.fill("opał na zimę")
    with page.expect_response(_validation_of("purpose_zasilek_celowy")):
        purpose.blur()
    expect(page.locator("#id_purpose_zasilek_celowy")).not_to_have_attribute("aria-invalid", "true")
    _submit(page)
    page.wait_for_url(re.compile(r"/swiadczenia/wnioski/\d+/$"))
    application = Application.objects.exclude(pk=older.pk).get()
    assert application.handled_by == clerk
    assert sorted(application.requested.values_list("benefit", flat=True)) == [
        "zasilek_celowy",
        "zasilek_okresowy",
    ]
    # 10 March + one month = Friday 10 April 2026 (art. 57 § 3 k.p.a.): 25 days left.
    expect(page.locator("main")).to_contain_text("10.04.2026")
    expect(page.locator("main")).to_contain_text("Dni do upływu terminu: 25")
    screenshot("03-registered")

    # 3. The scanned application, attached as a PDF.
    page.locator(
        f"a[href='{reverse('benefits:attachment_add', args=[application.pk])}']"
    ).first.click()
    page.locator("#id_name").fill("Wniosek o zasiłek okresowy i celowy")
    scan: FilePayload = {"name": "skan.pdf", "mimeType": "application/pdf", "buffer": PDF}
    page.locator("#id_file").set_input_files(files=[scan])
    screenshot("04-attach")
    _submit(page)
    page.wait_for_url(f"**{_detail_url(application)}")
    attachment = Attachment.objects.get()
    link = page.locator(
        f"a[href='{reverse('benefits:attachment_download', args=[application.pk, attachment.pk])}']"
    )
    expect(link).to_be_visible()
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == (
        f"wniosek-o-zasilek-okresowy-i-celowy-{attachment.pk}.pdf"
    )

    # 4. What the application states about the child: the form of one member.
    facts_url = reverse("benefits:member_facts", args=[application.pk, office.child_north.pk])
    page.locator(f"a[href='{facts_url}']").click()
    page.locator("#id_in_education").select_option("true")
    assert_no_axe_violations(page)
    assert unlabelled_fields(page) == []
    screenshot("05-member-facts")
    _submit(page)
    page.wait_for_url(f"**{_detail_url(application)}")
    assert application.member_facts.get(person=office.child_north).in_education is True

    # 5. The family must bring a certificate: the deadline stops from Thursday 12 March.
    page.locator(
        f"a[href='{reverse('benefits:pause_start', args=[application.pk])}']"
    ).first.click()
    page.locator("#id_kind").select_option("opoznienie_strony")
    page.locator("#id_starts_on").fill("2026-03-12")
    page.locator("#id_note").fill("Wezwano do dostarczenia zaświadczenia z PUP.")
    _submit(page)
    page.wait_for_url(f"**{_detail_url(application)}")
    assert DeadlinePause.objects.get().ends_on is None
    # 12–16 March are not counted (art. 35 § 5 k.p.a.): 5 days; 10 April + 5 = Wednesday
    # 15 April 2026, 30 days away, the clock standing still.
    expect(page.locator("main")).to_contain_text("15.04.2026")
    expect(page.locator("main")).to_contain_text(
        "Bieg terminu wstrzymany; dni do upływu terminu: 30"
    )
    assert_no_axe_violations(page)
    screenshot("06-detail-stopped")

    # 6. Her list: the overdue application first, then the new one, stopped.
    page.locator("#nawigacja a[href='" + reverse("benefits:application_list") + "']").click()
    page.wait_for_url(f"**{reverse('benefits:application_list')}")
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0).locator(f"a[href='{_detail_url(older)}']")).to_be_visible()
    expect(rows.nth(0)).to_contain_text("Dni po upływie terminu: 32")
    expect(rows.nth(0)).to_contain_text("po terminie")
    expect(rows.nth(1).locator(f"a[href='{_detail_url(application)}']")).to_be_visible()
    expect(rows.nth(1)).to_contain_text("15.04.2026")
    assert_no_axe_violations(page)
    screenshot("07-list")
