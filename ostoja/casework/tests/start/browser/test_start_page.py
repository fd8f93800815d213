"""The start page in a real browser: the worker's deadlines, a quick note sent with htmx, the
director's overview and its link to the filtered list. Screenshots in test-artifacts/."""

import datetime
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from ostoja.accounts.models import User
from ostoja.casework.models import SocialWorkNote
from ostoja.casework.tests.factories import CaseFileFactory, InterviewFactory
from ostoja.registry.tests.browser.conftest import Office
from ostoja.registry.tests.browser.test_accessibility import (
    assert_no_axe_violations,
    duplicate_ids,
    unlabelled_fields,
)

pytestmark = pytest.mark.browser


def _overdue_interview(office: Office) -> Any:
    today = timezone.localdate()
    case = CaseFileFactory(
        household=office.household_north,
        worker=office.worker_north,
        opened_on=today - datetime.timedelta(days=40),
    )
    # Known 30 days ago, due 3 days ago: overdue whatever the calendar.
    InterviewFactory(
        case=case,
        worker=office.worker_north,
        need_known_on=today - datetime.timedelta(days=30),
        due_on=today - datetime.timedelta(days=3),
    )
    return case


def test_the_worker_sees_her_deadlines_and_adds_a_quick_note(
    page: Page,
    live_server: Any,
    office: Office,
    login_as: Callable[[User], None],
    screenshot: Callable[[str], Path],
) -> None:
    case = _overdue_interview(office)
    login_as(office.worker_north)
    panel = page.get_by_role("region", name="Moje terminy")
    expect(panel).to_be_visible()
    expect(panel.locator(".badge.text-bg-danger").first).to_have_text("po terminie")
    screenshot("panel")
    assert_no_axe_violations(page)
    assert unlabelled_fields(page) == []
    assert duplicate_ids(page) == []
    form = page.locator("form.quick-note")
    form.get_by_label("rodzina").select_option(str(case.pk))
    form.get_by_label("co zrobiono").fill("Telefon w sprawie terminu wizyty.")
    form.get_by_role("button", name="Zapisz notatkę").click()
    expect(page.get_by_text("Notatka została zapisana.")).to_be_visible()
    screenshot("note-saved")
    assert SocialWorkNote.objects.filter(case=case, author=office.worker_north).count() == 1


def test_the_director_follows_a_count_to_the_list(
    page: Page,
    live_server: Any,
    office: Office,
    login_as: Callable[[User], None],
    screenshot: Callable[[str], Path],
) -> None:
    _overdue_interview(office)
    login_as(office.director)
    panel = page.get_by_role("region", name="Terminy pracy socjalnej")
    expect(panel).to_be_visible()
    screenshot("overview")
    assert_no_axe_violations(page)
    panel.locator("a.badge.text-bg-danger").first.click()
    page.wait_for_url(re.compile(re.escape(reverse("casework:deadlines")) + r"\?.*po_terminie"))
    expect(page.locator("tr.table-danger")).to_have_count(1)
    screenshot("list")
    assert_no_axe_violations(page)
    assert unlabelled_fields(page) == []
