"""In the browser: a social worker finds the empty forms without opening any family, downloads
one, and prints her family's interview and contract; the list page passes axe-core."""

import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from ostoja.accounts.models import User
from ostoja.casework.models import InterviewKind, InterviewState
from ostoja.casework.questionnaire import questionnaire_for
from ostoja.casework.tests.factories import CaseFileFactory, ContractFactory, InterviewFactory
from ostoja.registry.tests.browser.conftest import Office
from ostoja.registry.tests.browser.test_accessibility import assert_no_axe_violations

pytestmark = pytest.mark.browser

LoginAs = Callable[[User], None]
Screenshot = Callable[[str], Path]


def test_worker_downloads_an_empty_form_and_prints_her_familys_documents(
    page: Page, live_server: Any, office: Office, login_as: LoginAs, screenshot: Screenshot
) -> None:
    day = datetime.date(2026, 11, 20)
    questionnaire = questionnaire_for(InterviewKind.FULL, day)
    case = CaseFileFactory(
        household=office.household_north, worker=office.worker_north, opened_on=day
    )
    interview = InterviewFactory(
        case=case,
        worker=office.worker_north,
        kind=InterviewKind.FULL,
        state=InterviewState.COMPLETED,
        form_code=questionnaire.code,
        form_version=questionnaire.version,
        need_known_on=day,
        due_on=day,
        conducted_on=day,
        place="Dębowo",
    )
    contract = ContractFactory(
        case=case, person=office.head_north, worker=office.worker_north, valid_from=day
    )
    login_as(office.worker_north)

    page.goto(f"{live_server.url}{reverse('casework:questionnaires')}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kwestionariusze wywiadu")
    assert_no_axe_violations(page)
    screenshot("lista-kwestionariuszy")
    link = page.get_by_role("link", name="Pobierz pusty formularz (wywiad pełny)")
    href = link.get_attribute("href")
    assert href is not None
    empty = page.request.get(f"{live_server.url}{href}")
    assert empty.ok
    assert empty.headers["content-type"] == "application/pdf"
    assert empty.body().startswith(b"%PDF")

    for url in (
        reverse("casework:interview_pdf", args=[interview.pk]),
        reverse("casework:contract_pdf", args=[contract.pk]),
    ):
        printed = page.request.get(f"{live_server.url}{url}")
        assert printed.ok, url
        assert printed.headers["content-disposition"].startswith("inline; filename=")
        assert printed.body().startswith(b"%PDF")

    login_as(office.worker_south)
    refused = page.request.get(
        f"{live_server.url}{reverse('casework:interview_pdf', args=[interview.pk])}"
    )
    assert refused.status == 404
