"""A social worker takes a family through an environmental interview in the browser: plan it
from the case page, start it (segment A from the registry), fill it in with the segment's
autosave, complete, sign and close it; then an update starts from the interview's answers and
the changed answer is highlighted. Screenshots in test-artifacts/."""

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from ostoja.accounts.models import User
from ostoja.casework.models import Interview, InterviewKind, InterviewState
from ostoja.casework.services import interviews as svc
from ostoja.casework.tests.browser.waiting import click_and_wait_for_post
from ostoja.casework.tests.factories import CaseFileFactory
from ostoja.registry.tests.browser.conftest import Office
from ostoja.registry.tests.browser.test_accessibility import (
    assert_no_axe_violations,
    unlabelled_fields,
)

pytestmark = pytest.mark.browser

Screenshot = Callable[[str], Path]
LoginAs = Callable[[User], None]


def _answer(page: Page, key: str) -> Any:
    return page.locator(f'[name="a:{key}"]')


def _submit(page: Page) -> None:
    page.locator("main form.card button.btn-primary[type=submit]").click()


def test_an_interview_from_planning_to_closing_and_its_update(
    page: Page, live_server: Any, office: Office, login_as: LoginAs, screenshot: Screenshot
) -> None:
    case = CaseFileFactory(household=office.household_north, worker=office.worker_north)
    login_as(office.worker_north)
    page.goto(live_server.url + reverse("casework:case_detail", args=[case.pk]))
    expect(page.locator("#wywiady")).to_be_visible()
    page.locator(f"a[href='{reverse('casework:interview_plan', args=[case.pk])}']").click()
    page.locator("#id_kind").select_option(InterviewKind.FULL)
    screenshot("1-plan")
    _submit(page)
    page.wait_for_url(re.compile(r"/praca-socjalna/wywiady/\d+/$"))
    interview = Interview.objects.get()
    screenshot("2-planned")

    page.get_by_role("button", name="Rozpocznij wywiad").click()
    page.wait_for_url(f"**{reverse('casework:interview_fill', args=[interview.pk])}")
    segment_a = page.locator("#segment-I-A")
    expect(segment_a.get_by_text(office.head_north.full_name)).to_be_visible()
    expect(segment_a.get_by_text("Popraw w rejestrze").first).to_be_visible()

    # The autosave of one segment: the status line says saved, the version moves on.
    _answer(page, "I.B.1").first.check()  # "tak"
    expect(page.locator("#status-I-B")).to_contain_text("Zapisano")
    _answer(page, "I.H.1").fill("Pomoc w opłaceniu czynszu i energii.")
    _answer(page, "I.I.1").fill("Trudna sytuacja materialna po utracie pracy.")
    _answer(page, "I.J.1").fill("Zasiłek okresowy, praca socjalna, kontrakt socjalny.")
    _answer(page, "OM.A.1").fill("54,5")
    screenshot("3-fill")
    page.get_by_role("button", name="Zapisz i zakończ").click()
    page.wait_for_url(f"**{reverse('casework:interview_complete', args=[interview.pk])}")
    page.locator("#id_place").fill("mieszkanie rodziny")
    screenshot("4-complete")
    _submit(page)
    page.wait_for_url(f"**{reverse('casework:interview_detail', args=[interview.pk])}")
    interview.refresh_from_db()
    assert interview.state == InterviewState.COMPLETED
    assert interview.answers["OM.A.1"] == "54.50"
    expect(page.get_by_text("Pomoc w opłaceniu czynszu i energii.")).to_be_visible()
    screenshot("5-completed")

    page.get_by_role("link", name="Zapisz podpis").click()
    page.locator("#id_signed_place").fill("Dębowo")
    _submit(page)
    page.wait_for_url(f"**{reverse('casework:interview_detail', args=[interview.pk])}")
    click_and_wait_for_post(page, page.get_by_role("button", name="Zamknij wywiad").click)
    page.wait_for_url(f"**{reverse('casework:interview_detail', args=[interview.pk])}")
    interview.refresh_from_db()
    assert interview.state == InterviewState.CLOSED
    screenshot("6-closed")

    # The update: planned from the case page, it starts with the answers of the interview.
    page.goto(live_server.url + reverse("casework:interview_plan", args=[case.pk]))
    page.locator("#id_kind").select_option(InterviewKind.UPDATE)
    _submit(page)
    update = Interview.objects.get(kind=InterviewKind.UPDATE)
    assert update.based_on == interview
    page.wait_for_url(f"**{reverse('casework:interview_detail', args=[update.pk])}")
    page.get_by_role("button", name="Rozpocznij wywiad").click()
    page.wait_for_url(f"**{reverse('casework:interview_fill', args=[update.pk])}")
    expect(_answer(page, "OM.A.1")).to_have_value("54.50")
    _answer(page, "OM.A.1").fill("60")
    _answer(page, "IV.A.2").fill("Podjęcie pracy dorywczej; dochód wzrósł.")
    page.get_by_role("button", name="Zapisz odpowiedzi").click()
    page.wait_for_url(f"**{reverse('casework:interview_fill', args=[update.pk])}")
    changed = page.locator("#pole-OM\\.A\\.1.answer-changed")
    expect(changed).to_be_visible()
    expect(changed).to_contain_text("54,50")
    screenshot("7-update-changed")

    page.goto(live_server.url + reverse("casework:case_detail", args=[case.pk]))
    timeline = page.locator("#przebieg").locator("xpath=..")
    expect(timeline.get_by_text("Podpisanie: wywiad pełny")).to_be_visible()
    screenshot("8-case-timeline")


def test_the_interview_pages_pass_axe(
    page: Page, live_server: Any, office: Office, login_as: LoginAs
) -> None:
    worker = office.worker_north
    case = CaseFileFactory(household=office.household_north, worker=worker)
    today = timezone.localdate()
    interview = svc.interview_plan(
        actor=worker, case=case, kind=InterviewKind.FULL, need_known_on=today
    )
    planned_url = reverse("casework:interview_detail", args=[interview.pk])
    interview = svc.interview_start(actor=worker, interview=interview, version=1)
    membership = office.household_north.memberships.order_by("pk")[0]
    login_as(worker)
    for url in (
        planned_url,
        reverse("casework:interview_plan", args=[case.pk]),
        reverse("casework:interview_fill", args=[interview.pk]),
        reverse("casework:interview_complete", args=[interview.pk]),
        reverse("casework:interview_attempt", args=[interview.pk]),
        reverse("casework:interview_refusal", args=[interview.pk]),
        reverse("casework:interview_not_possible", args=[interview.pk]),
        reverse("casework:interview_registry", args=[interview.pk, membership.pk]),
        reverse("casework:interview_refusal_new", args=[case.pk]),
    ):
        page.goto(live_server.url + url)
        assert unlabelled_fields(page) == [], url
        assert_no_axe_violations(page)
