"""The issue's "done when": a social worker takes a family through a whole cycle of social work
in the browser. She opens the case from the family's file, plans, fills, completes, prints
(PDF), signs and closes the interview; drafts and signs a social contract, writes a visit note,
refers the head of the family to the labour office; six months later (the server's clock moved
on) she updates the interview, reviews the contract and records the institution's feedback;
the case's timeline shows every event, newest first. Screenshots in test-artifacts/."""

import datetime
import io
import re
from collections.abc import Callable, Iterator
from importlib import import_module
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from ostoja.accounts.models import User
from ostoja.casework.models import (
    CaseFile,
    HelpReason,
    Interview,
    InterviewKind,
    InterviewState,
    Referral,
    ReferralState,
    SocialContract,
    SocialWorkNote,
)
from ostoja.casework.services import interviews as interview_services
from ostoja.casework.tests.browser.waiting import click_and_wait_for_post
from ostoja.casework.tests.factories import CaseFileFactory
from ostoja.partners.models import Institution
from ostoja.registry.tests.browser.conftest import Office
from ostoja.registry.tests.browser.test_accessibility import assert_no_axe_violations

Screenshot = Callable[[str], Path]
LoginAs = Callable[[User], None]

SIX_MONTHS = datetime.timedelta(days=183)


@pytest.fixture
def _help_reasons(transactional_db: None) -> None:
    """The dictionary of reasons as migration 0002 seeds it: a transactional test's flush
    empties the table."""
    seeded = import_module("ostoja.casework.migrations.0002_help_reasons_and_exclusions")
    for position, (code, name, article, active) in enumerate(seeded.REASONS, start=1):
        HelpReason.objects.update_or_create(
            code=code,
            defaults={"name": name, "article": article, "ordering": position, "active": active},
        )


@pytest.fixture
def six_months_later() -> Iterator[Callable[[], None]]:
    """Moves the clock of the whole process (the live server's thread too) six months on,
    ticking; back at the end of the test."""
    travellers: list[Any] = []

    def travel() -> None:
        traveller = time_machine.travel(timezone.now() + SIX_MONTHS, tick=True)
        traveller.start()
        travellers.append(traveller)

    yield travel
    for traveller in reversed(travellers):
        traveller.stop()


def _submit(page: Page) -> None:
    page.locator("main form button.btn-primary[type=submit]").first.click()


def _wait_for_detail(page: Page, collection: str) -> None:
    """Waits for the redirect to a new record's page: the live server's write is committed
    only then, so the test reads the database after it, never before."""
    page.wait_for_url(re.compile(rf"/praca-socjalna/{collection}/\d+/$"))


def _answer(page: Page, key: str) -> Any:
    return page.locator(f'[name="a:{key}"]')


def _fill_and_complete(page: Page, interview: Interview, answers: dict[str, str]) -> None:
    for key, value in answers.items():
        _answer(page, key).fill(value)
    page.get_by_role("button", name="Zapisz i zakończ").click()
    page.wait_for_url(f"**{reverse('casework:interview_complete', args=[interview.pk])}")
    page.locator("#id_place").fill("mieszkanie rodziny")
    _submit(page)
    page.wait_for_url(f"**{reverse('casework:interview_detail', args=[interview.pk])}")


def _sign_and_close(page: Page, interview: Interview) -> None:
    page.get_by_role("link", name="Zapisz podpis").click()
    page.locator("#id_signed_place").fill("Dębowo")
    _submit(page)
    page.wait_for_url(f"**{reverse('casework:interview_detail', args=[interview.pk])}")
    click_and_wait_for_post(page, page.get_by_role("button", name="Zamknij wywiad").click)
    page.wait_for_url(f"**{reverse('casework:interview_detail', args=[interview.pk])}")


def _plan(page: Page, live_server: Any, case: CaseFile, kind: str) -> Interview:
    before = set(Interview.objects.values_list("pk", flat=True))
    page.goto(live_server.url + reverse("casework:case_detail", args=[case.pk]))
    page.locator(f"a[href='{reverse('casework:interview_plan', args=[case.pk])}']").first.click()
    page.locator("#id_kind").select_option(kind)
    _submit(page)
    _wait_for_detail(page, "wywiady")
    interview = Interview.objects.exclude(pk__in=before).get()
    page.get_by_role("button", name="Rozpocznij wywiad").click()
    page.wait_for_url(f"**{reverse('casework:interview_fill', args=[interview.pk])}")
    return interview


@pytest.mark.browser
@pytest.mark.usefixtures("_help_reasons")
def test_a_family_through_a_whole_cycle_of_social_work(
    page: Page,
    live_server: Any,
    office: Office,
    login_as: LoginAs,
    screenshot: Screenshot,
    six_months_later: Callable[[], None],
) -> None:
    worker, household, head = office.worker_north, office.household_north, office.head_north
    Institution.objects.create(
        name="Powiatowy Urząd Pracy w Lipowie", kind="urzad_pracy", town="Lipowo"
    )
    login_as(worker)
    today = timezone.localdate()

    # 1. The case file, opened from the family's file.
    page.goto(live_server.url + reverse("registry:household_detail", args=[household.pk]))
    page.locator(f"a[href='{reverse('casework:case_open', args=[household.pk])}']").click()
    page.get_by_label("ubóstwo", exact=True).check()
    page.get_by_label("bezrobocie", exact=True).check()
    _submit(page)
    _wait_for_detail(page, "sprawy")
    case = CaseFile.objects.get(household=household)
    assert set(case.reasons.values_list("reason__code", flat=True)) == {"ubostwo", "bezrobocie"}
    screenshot("01-case-opened")

    # 2. The full interview: planned, filled, completed, printed, signed, closed.
    interview = _plan(page, live_server, case, InterviewKind.FULL)
    expect(page.locator("#segment-I-A").get_by_text(head.full_name)).to_be_visible()
    screenshot("02-interview-fill")
    _fill_and_complete(
        page,
        interview,
        {
            "I.H.1": "Pomoc w opłaceniu czynszu i energii.",
            "I.I.1": "Trudna sytuacja materialna po utracie pracy.",
            "I.J.1": "Zasiłek okresowy, praca socjalna, kontrakt socjalny.",
        },
    )
    interview.refresh_from_db()
    assert interview.state == InterviewState.COMPLETED
    screenshot("03-interview-completed")
    pdf = page.request.get(live_server.url + reverse("casework:interview_pdf", args=[interview.pk]))
    assert pdf.ok
    assert pdf.headers["content-type"].startswith("application/pdf")
    body = pdf.body()
    assert body.startswith(b"%PDF")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages)
    assert head.surname in text
    _sign_and_close(page, interview)
    interview.refresh_from_db()
    assert interview.state == InterviewState.CLOSED
    screenshot("04-interview-closed")

    # 3. The social contract, drafted and signed.
    page.goto(live_server.url + reverse("casework:contract_add", args=[case.pk]))
    page.locator("#id_person").select_option(str(head.pk))
    page.locator("#id_variant").select_option("A")
    page.locator("#id_valid_from").fill(today.isoformat())
    page.locator("#id_valid_to").fill((today + datetime.timedelta(days=365)).isoformat())
    page.locator("#id_problem").fill("Długotrwałe bezrobocie, zaległości w czynszu.")
    page.locator("#id_goals").fill("Podjęcie zatrudnienia, spłata zaległości.")
    page.locator("#id_obligations-0-party").select_option("klient")
    page.locator("#id_obligations-0-description").fill("Zarejestrować się w PUP")
    page.locator("#id_obligations-1-party").select_option("osrodek")
    page.locator("#id_obligations-1-description").fill("Zasiłek celowy na dojazdy")
    page.locator("#id_obligations-1-amount").fill("600,00")
    _submit(page)
    _wait_for_detail(page, "kontrakty")
    contract = SocialContract.objects.get()
    page.locator(f"a[href='{reverse('casework:contract_sign', args=[contract.pk])}']").click()
    page.locator("#id_signed_on").fill(today.isoformat())
    _submit(page)
    page.wait_for_url(f"**{reverse('casework:contract_detail', args=[contract.pk])}")
    screenshot("05-contract-signed")

    # 4. A visit note.
    page.goto(live_server.url + reverse("casework:case_detail", args=[case.pk]))
    page.locator(f"a[href='{reverse('casework:note_add', args=[case.pk])}']").first.click()
    page.locator("#id_kind").select_option("wizyta")
    page.locator("#id_what_was_done").fill("Wizyta w mieszkaniu: omówiono ustalenia kontraktu.")
    page.locator("#id_outcome").fill("Klient zarejestruje się w PUP w tym tygodniu.")
    _submit(page)
    _wait_for_detail(page, "notatki")
    note = SocialWorkNote.objects.get()
    screenshot("06-visit-note")

    # 5. A referral to the labour office.
    page.goto(live_server.url + reverse("casework:referral_add", args=[case.pk]))
    page.locator("#id_person").select_option(str(head.pk))
    page.locator("#id_kind").select_option("urzad_pracy")
    page.locator("#id_purpose").fill("Oferty pracy i szkolenia.")
    page.locator("button[name=choose_kind]").click()
    page.locator("#id_institution").select_option(label="Powiatowy Urząd Pracy w Lipowie")
    page.locator("#id_sent_on").fill(today.isoformat())
    _submit(page)
    _wait_for_detail(page, "skierowania")
    referral = Referral.objects.get()
    screenshot("07-referral-sent")

    # 6. Six months later: the update, the contract's review, the institution's feedback.
    six_months_later()
    later = timezone.localdate()
    assert later >= today + SIX_MONTHS
    login_as(worker)
    update = _plan(page, live_server, case, InterviewKind.UPDATE)
    assert update.based_on == interview
    screenshot("08-update-fill")
    _fill_and_complete(
        page, update, {"IV.A.2": "Podjęcie pracy dorywczej; zaległości spłacane w ratach."}
    )
    _sign_and_close(page, update)
    update.refresh_from_db()
    assert update.state == InterviewState.CLOSED
    assert update.conducted_on == later
    screenshot("09-update-closed")

    page.goto(live_server.url + reverse("casework:contract_review", args=[contract.pk]))
    page.locator("#id_reviewed_on").fill(later.isoformat())
    page.locator("#id_findings").fill("Klient zarejestrowany w PUP, podjął pracę dorywczą.")
    _submit(page)
    page.wait_for_url(f"**{reverse('casework:contract_detail', args=[contract.pk])}")
    expect(page.get_by_text("Klient zarejestrowany w PUP, podjął pracę dorywczą.")).to_be_visible()
    screenshot("10-contract-reviewed")

    page.goto(live_server.url + reverse("casework:referral_detail", args=[referral.pk]))
    page.locator(f"a[href='{reverse('casework:referral_feedback', args=[referral.pk])}']").click()
    page.locator("#id_feedback").fill("Zarejestrowany, skierowany na szkolenie.")
    page.locator("#id_feedback_on").fill(later.isoformat())
    _submit(page)
    page.wait_for_url(f"**{reverse('casework:referral_detail', args=[referral.pk])}")
    referral.refresh_from_db()
    assert referral.feedback == "Zarejestrowany, skierowany na szkolenie."
    assert referral.state == ReferralState.SENT
    screenshot("11-referral-feedback")

    # 7. The timeline: every event of the cycle, newest first.
    page.goto(live_server.url + reverse("casework:case_detail", args=[case.pk]))
    timeline = page.locator("ol.timeline > li")
    expect(timeline.first).to_be_visible()
    days = [
        datetime.date(*(int(part) for part in reversed(text.split()[0].split("."))))
        for text in timeline.all_inner_texts()
    ]
    assert days == sorted(days, reverse=True)
    assert days[0] == later
    assert days[-1] == today
    texts = "\n".join(timeline.all_inner_texts())
    for linked in (
        reverse("casework:interview_detail", args=[interview.pk]),
        reverse("casework:interview_detail", args=[update.pk]),
        reverse("casework:contract_detail", args=[contract.pk]),
        reverse("casework:note_detail", args=[note.pk]),
        reverse("casework:referral_detail", args=[referral.pk]),
    ):
        assert page.locator(f"ol.timeline a[href='{linked}']").count() >= 1, (linked, texts)
    screenshot("12-case-timeline")


def _started_interview(office: Office) -> Interview:
    worker = office.worker_north
    case = CaseFileFactory(household=office.household_north, worker=worker)
    interview = interview_services.interview_plan(
        actor=worker, case=case, kind=InterviewKind.FULL, need_known_on=timezone.localdate()
    )
    return interview_services.interview_start(
        actor=worker, interview=interview, version=interview.version
    )


@pytest.mark.browser
def test_the_interview_fill_page_passes_axe(
    page: Page, live_server: Any, office: Office, login_as: LoginAs
) -> None:
    interview = _started_interview(office)
    login_as(office.worker_north)
    page.goto(live_server.url + reverse("casework:interview_fill", args=[interview.pk]))
    assert_no_axe_violations(page)


@pytest.mark.browser
def test_the_case_page_passes_axe(
    page: Page, live_server: Any, office: Office, login_as: LoginAs
) -> None:
    interview = _started_interview(office)
    login_as(office.worker_north)
    page.goto(live_server.url + reverse("casework:case_detail", args=[interview.case_id]))
    assert_no_axe_violations(page)


@pytest.mark.django_db
def test_the_timeline_shows_one_days_events_in_the_order_they_happened(
    social_worker: User, household_north: Any
) -> None:
    """Every step of the cycle on one day, through the services: the timeline, newest first,
    is the reverse of the order in which they happened."""
    from ostoja.casework.services import cases, contracts, notes, referrals
    from ostoja.casework.tests.factories import InstitutionFactory
    from ostoja.casework.timeline import case_timeline

    today = timezone.localdate()
    worker = social_worker
    head = household_north.memberships.order_by("pk")[0].person
    case = cases.case_open(actor=worker, household=household_north, opened_on=today, worker=worker)
    interview = interview_services.interview_plan(
        actor=worker, case=case, kind=InterviewKind.FULL, need_known_on=today
    )
    interview = interview_services.interview_start(actor=worker, interview=interview, version=1)
    interview = interview_services.interview_save_answers(
        actor=worker,
        interview=interview,
        base_version=interview.version,
        answers={"I.H.1": "Pomoc.", "I.I.1": "Diagnoza.", "I.J.1": "Plan."},
    )
    interview = interview_services.interview_complete(
        actor=worker,
        interview=interview,
        version=interview.version,
        conducted_on=today,
        place="mieszkanie rodziny",
    )
    interview_services.interview_sign(
        actor=worker, interview=interview, signed_on=today, signed_place="Dębowo"
    )
    contract = contracts.contract_create(
        actor=worker,
        case=case,
        person=head,
        variant="A",
        valid_from=today,
        valid_to=today + datetime.timedelta(days=90),
        problem="Bezrobocie.",
        goals="Praca.",
        obligations=[
            {"party": "klient", "description": "Rejestracja w PUP", "due_on": today},
            {"party": "osrodek", "description": "Zasiłek celowy", "due_on": today},
        ],
    )
    contract = contracts.contract_sign(actor=worker, contract=contract, signed_on=today)
    contracts.contract_review_add(
        actor=worker, contract=contract, reviewed_on=today, findings="Realizuje."
    )
    notes.note_create(
        actor=worker, case=case, kind="wizyta", occurred_on=today, what_was_done="Wizyta."
    )
    referral = referrals.referral_create(
        actor=worker,
        case=case,
        person=head,
        kind="urzad_pracy",
        institution=InstitutionFactory(),
        purpose="Oferty pracy.",
        sent_on=today,
    )
    referrals.referral_record_feedback(
        actor=worker, referral=referral, feedback="Zarejestrowany.", feedback_on=today
    )
    titles = [entry.title for entry in case_timeline(case, worker)]
    assert titles == [
        "Informacja zwrotna od instytucji",
        "Wysłanie skierowania: urząd pracy",
        "wizyta w miejscu zamieszkania",
        "Ocena realizacji kontraktu",
        "Podpisanie kontraktu",
        "Sporządzenie projektu kontraktu",
        "Podpisanie: wywiad pełny",
        "Zakończenie: wywiad pełny",
        "Przeprowadzenie: wywiad pełny",
        "Zaplanowanie: wywiad pełny",
        "Założenie sprawy",
    ]
