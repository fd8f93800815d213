"""Accessibility (WCAG 2.1 AA) of the case files' pages: axe-core, labelled fields."""

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page

from ostoja.accounts.models import User
from ostoja.casework.models import CooperationEventKind, HelpReason
from ostoja.casework.services.cases import case_open
from ostoja.casework.services.cooperation import cooperation_event_record
from ostoja.casework.services.notes import note_create
from ostoja.registry.tests.browser.conftest import Office
from ostoja.registry.tests.browser.test_accessibility import (
    assert_no_axe_violations,
    unlabelled_fields,
)

pytestmark = pytest.mark.browser

LoginAs = Callable[[User], None]


def test_the_case_pages_pass_axe(
    page: Page, live_server: Any, office: Office, login_as: LoginAs
) -> None:
    worker = office.worker_north
    today = timezone.localdate()
    reason = HelpReason.objects.get_or_create(code="ubostwo", defaults={"name": "ubóstwo"})[0]
    case = case_open(
        actor=worker, household=office.household_north, opened_on=today, reasons=[reason]
    )
    note = note_create(
        actor=worker,
        case=case,
        kind="wizyta",
        occurred_on=today,
        what_was_done="Wizyta w domu.",
        persons=[office.head_north],
    )
    cooperation_event_record(
        actor=worker,
        case=case,
        kind=CooperationEventKind.NO_COOPERATION,
        occurred_on=today,
        evidence="Brak kontaktu.",
        assessment="Bez uzasadnienia.",
    )
    login_as(worker)
    for url in (
        reverse("casework:case_list"),
        reverse("casework:case_detail", args=[case.pk]),
        reverse("casework:case_workers", args=[case.pk]),
        reverse("casework:case_close", args=[case.pk]),
        reverse("casework:case_reason_add", args=[case.pk]),
        reverse("casework:note_add", args=[case.pk]),
        reverse("casework:note_detail", args=[note.pk]),
        reverse("casework:cooperation_add", args=[case.pk]),
        reverse("casework:cooperation_list", args=[case.pk]),
        reverse("casework:case_open", args=[office.household_south.pk]),
    ):
        page.goto(live_server.url + url)
        if "rodziny" in url:
            continue  # another area's family: the 404 page, not ours
        assert unlabelled_fields(page) == [], url
        assert_no_axe_violations(page)
