"""In the browser: the worker takes an interview to field work, fills it in without a
connection, reloads the page (it comes from the service worker), and when the connection is
back resolves the one answer someone else changed meanwhile; signing out clears the copy."""

import datetime
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from ostoja.accounts.models import User
from ostoja.casework.access_kinds import INTERVIEW_FORM
from ostoja.casework.models import Interview, InterviewKind
from ostoja.casework.services.interviews import (
    interview_plan,
    interview_save_answers,
    interview_start,
)
from ostoja.casework.tests.browser.waiting import click_and_wait_for_post, go_offline, go_online
from ostoja.casework.tests.factories import CaseFileFactory
from ostoja.core.models import AccessLog
from ostoja.registry.tests.browser.conftest import Office
from ostoja.registry.tests.browser.test_accessibility import AXE, AXE_OPTIONS

pytestmark = pytest.mark.browser

LoginAs = Callable[[User], None]
Screenshot = Callable[[str], Path]
COPY = "ostoja:interview:{}"
LOGOUT_BUTTON = "form[action='/konto/wylogowanie/'] button"


def _interview(office: Office) -> Interview:
    today = timezone.localdate()
    case = CaseFileFactory(
        household=office.household_north,
        worker=office.worker_north,
        opened_on=today - datetime.timedelta(days=30),
    )
    planned = interview_plan(
        actor=office.worker_north, case=case, kind=InterviewKind.FULL, need_known_on=today
    )
    return interview_start(actor=office.worker_north, interview=planned, version=planned.version)


def _fill_url(live_server: Any, interview: Interview) -> str:
    return f"{live_server.url}{reverse('casework:interview_fill', args=[interview.pk])}"


def _field(page: Page, key: str) -> Any:
    return page.locator(f"[name='a:{key}']")


def _local_copy(page: Page, interview: Interview) -> Any:
    return page.evaluate("key => localStorage.getItem(key)", COPY.format(interview.pk))


def test_interview_survives_a_reload_offline_and_a_conflicting_edit(
    page: Page, live_server: Any, office: Office, login_as: LoginAs, screenshot: Screenshot
) -> None:
    interview = _interview(office)
    login_as(office.worker_north)
    page.goto(_fill_url(live_server, interview))
    page.get_by_role("button", name="Zabierz do pracy w terenie").click()
    expect(page.locator("[data-offline-status]")).to_contain_text("Wywiad jest na tym komputerze")
    assert page.evaluate("navigator.serviceWorker.ready.then(r => Boolean(r.active))")
    screenshot("1-taken")

    go_offline(page)
    _field(page, "I.A.4").fill("600 100 200")
    _field(page, "I.C.3").fill("3")
    page.locator("[name='a:I.B.3'][value='czynsz']").check()
    expect(page.locator("[data-offline-status]")).to_contain_text("Zapisano na tym komputerze")
    assert _local_copy(page, interview) is not None
    screenshot("2-typed-offline")
    assert "I.A.4" not in Interview.objects.get(pk=interview.pk).answers

    # Meanwhile, at the office, the director changes the number of rooms and the profession.
    # (Before the reload: should the reloaded page reach the server in its first moment, it
    # meets the conflict the same way the sync after the connection returns does.)
    current = Interview.objects.get(pk=interview.pk)
    interview_save_answers(
        actor=office.director,
        interview=current,
        base_version=current.version,
        answers={"I.C.3": "4", "I.E.5": "kucharz"},
    )

    shown = AccessLog.objects.filter(what=INTERVIEW_FORM).count()
    response = page.reload()
    assert response is not None
    assert response.from_service_worker
    expect(_field(page, "I.A.4")).to_have_value("600 100 200")
    expect(_field(page, "I.C.3")).to_have_value("3")
    expect(page.locator("[name='a:I.B.3'][value='czynsz']")).to_be_checked()
    expect(page.locator("[data-offline-banner]")).to_be_visible()
    screenshot("3-reloaded-offline")
    # The page came from the worker's cache: the server did not show it.
    assert AccessLog.objects.filter(what=INTERVIEW_FORM).count() == shown

    go_online(page)
    chooser = page.locator("[data-offline-chooser]")
    expect(chooser).to_be_visible()
    expect(chooser.get_by_role("row")).to_have_count(2)  # the header and the one conflict
    row = chooser.get_by_role("row", name="Liczba izb")
    expect(row).to_contain_text("3")
    expect(row).to_contain_text("4")
    expect(_field(page, "I.E.5")).to_have_value("kucharz")  # untouched here: the server's
    screenshot("4-conflict")
    violations = AXE.run(page, context="[data-offline-chooser]", options=AXE_OPTIONS).response[
        "violations"
    ]
    assert violations == []
    # By keyboard: the heading has the focus; Tab reaches the first choice, Space picks it.
    expect(chooser.get_by_role("heading")).to_be_focused()

    chooser.get_by_role("button", name="Zapisz wybrane").click()
    expect(chooser.get_by_role("alert")).to_contain_text("Wybierz odpowiedź w każdym wierszu")
    row.get_by_label("3", exact=True).check()
    chooser.get_by_role("button", name="Zapisz wybrane").click()
    expect(page.locator("[data-offline-status]")).to_contain_text("Wysłano")
    expect(chooser).to_have_count(0)
    screenshot("5-sent")

    interview.refresh_from_db()
    assert interview.answers["I.A.4"] == "600 100 200"
    assert interview.answers["I.C.3"] == 3
    assert interview.answers["I.B.3"] == ["czynsz"]
    assert interview.answers["I.E.5"] == "kucharz"
    assert _local_copy(page, interview) is None
    assert page.locator("#interview-version").input_value() == str(interview.version)


def test_signing_out_clears_the_copy_and_the_worker(
    page: Page, live_server: Any, office: Office, login_as: LoginAs, screenshot: Screenshot
) -> None:
    interview = _interview(office)
    login_as(office.worker_north)
    page.goto(_fill_url(live_server, interview))
    page.get_by_role("button", name="Zabierz do pracy w terenie").click()
    expect(page.locator("[data-offline-status]")).to_contain_text("Wywiad jest na tym komputerze")
    _field(page, "I.A.4").fill("600 100 200")
    assert _local_copy(page, interview) is not None
    # The page's own autosave (htmx, per segment) reports its new version and token by the
    # `interview-saved` event: the copy goes on from there.
    page.evaluate(
        """document.querySelector("form[data-offline-interview]").dispatchEvent(
            new CustomEvent("interview-saved",
                            {bubbles: true, detail: {version: 41, token: "nowy"}}))"""
    )
    copy = json.loads(_local_copy(page, interview))
    assert (copy["base_version"], copy["token"]) == (41, "nowy")
    assert copy["answers"]["I.A.4"] == "600 100 200"

    messages: list[str] = []

    def accept(dialog: Any) -> None:
        messages.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)
    page.locator(LOGOUT_BUTTON).click()
    page.wait_for_url(f"{live_server.url}{reverse('accounts:login')}*")
    assert messages
    assert "niewysłane odpowiedzi" in messages[0]
    assert _local_copy(page, interview) is None
    stored = "caches.open('ostoja-interviews-v1').then(c => c.keys()).then(k => k.length)"
    assert page.evaluate(stored) == 0
    assert page.evaluate("navigator.serviceWorker.getRegistrations().then(r => r.length)") == 0
    screenshot("signed-out")


def test_the_logout_response_clears_storage_on_any_page(
    page: Page, live_server: Any, office: Office, login_as: LoginAs
) -> None:
    """Without the script (the start page): the Clear-Site-Data header alone does it."""
    login_as(office.worker_north)
    page.evaluate("localStorage.setItem('ostoja:interview:99', '{}')")
    page.evaluate("caches.open('probe').then(c => c.put('/probe', new Response('x')))")
    page.locator(LOGOUT_BUTTON).click()
    page.wait_for_url(f"{live_server.url}{reverse('accounts:login')}*")
    assert page.evaluate("localStorage.length") == 0
    assert page.evaluate("caches.keys()") == []


def test_a_wrong_answer_and_an_expired_session_keep_the_copy(
    page: Page, live_server: Any, office: Office, login_as: LoginAs, screenshot: Screenshot
) -> None:
    interview = _interview(office)
    login_as(office.worker_north)
    page.goto(_fill_url(live_server, interview))
    status = page.locator("[data-offline-status]")

    go_offline(page)
    _field(page, "I.C.3").fill("trzy")
    go_online(page)
    error = page.locator("[data-offline-error]")
    expect(error).to_have_text("Wpisz liczbę całkowitą.")
    expect(_field(page, "I.C.3")).to_have_attribute("aria-invalid", "true")
    expect(status).to_contain_text("Popraw zaznaczone odpowiedzi")
    assert _local_copy(page, interview) is not None
    screenshot("1-wrong-answer")

    go_offline(page)
    _field(page, "I.C.3").fill("3")
    go_online(page)
    expect(status).to_contain_text("Wysłano")
    expect(error).to_have_count(0)
    assert _local_copy(page, interview) is None
    interview.refresh_from_db()
    assert interview.answers["I.C.3"] == 3

    go_offline(page)
    _field(page, "I.F.2").fill("2")
    page.context.clear_cookies(name="sessionid")  # the session ended while in the field
    go_online(page)
    expect(status).to_contain_text("Sesja wygasła")
    assert _local_copy(page, interview) is not None
    screenshot("2-session-expired")

    # Without any cookie (another browser profile, cleared cookies) the CSRF check refuses
    # first; the script then finds the session gone all the same.
    page.context.clear_cookies()
    page.evaluate("document.querySelector('[data-offline-status]').textContent = ''")
    go_offline(page)
    go_online(page)
    expect(status).to_contain_text("Sesja wygasła")
    assert _local_copy(page, interview) is not None


def test_a_tampered_copy_is_refused_and_saved_with_the_forms_button(
    page: Page, live_server: Any, office: Office, login_as: LoginAs, screenshot: Screenshot
) -> None:
    interview = _interview(office)
    login_as(office.worker_north)
    page.goto(_fill_url(live_server, interview))
    go_offline(page)
    _field(page, "I.F.2").fill("2")
    page.evaluate(
        """key => {
            const copy = JSON.parse(localStorage.getItem(key));
            copy.token = copy.token.slice(0, -3) + "abc";
            localStorage.setItem(key, JSON.stringify(copy));
        }""",
        COPY.format(interview.pk),
    )
    go_online(page)
    status = page.locator("[data-offline-status]")
    expect(status).to_contain_text("zmieniona lub uszkodzona")
    assert json.loads(_local_copy(page, interview))["refused"] is True
    screenshot("refused")

    click_and_wait_for_post(
        page, page.locator("#interview-form button[type=submit]:not([name])").click
    )
    page.wait_for_url(_fill_url(live_server, interview))
    interview.refresh_from_db()
    assert interview.answers["I.F.2"] == 2
    assert _local_copy(page, interview) is None
