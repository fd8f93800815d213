"""The applications' pages with the test client, role by role: the list by deadline, registering,
the application's page, its small forms and the download of its documents."""

import datetime
from decimal import Decimal
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ostoja.accounts.models import Area, User
from ostoja.benefits.access_kinds import (
    APPLICATION_DETAIL,
    APPLICATION_LIST,
    APPLICATION_REGISTER,
    ATTACHMENT_DOWNLOAD,
    OUT_OF_SCOPE,
)
from ostoja.benefits.catalogue import Act, Benefit
from ostoja.benefits.deadlines import DeadlineView, settlement_due_on
from ostoja.benefits.models import (
    Application,
    ApplicationState,
    Attachment,
    DeadlinePause,
    Disability,
    MemberFacts,
    PauseKind,
)
from ostoja.benefits.selectors import applications as selectors
from ostoja.benefits.services.applications import (
    BenefitAsked,
    application_update,
    attachment_add,
    pause_start,
)
from ostoja.benefits.tests.pages.conftest import DUE, PDF, RECEIVED, TODAY, Family, register
from ostoja.casework.models import InterviewKind, InterviewState
from ostoja.casework.tests.factories import CaseFileFactory, InterviewFactory
from ostoja.core.audit import REFUSED_SCREEN
from ostoja.core.models import AccessLog
from ostoja.core.workdays import next_working_day
from ostoja.registry.access_kinds import OUT_OF_SCOPE as REGISTRY_OUT_OF_SCOPE
from ostoja.registry.tests.factories import household_with_members

D = datetime.date
pytestmark = pytest.mark.django_db

LIST = reverse("benefits:application_list")


def _detail(application: Application) -> str:
    return reverse("benefits:application_detail", args=[application.pk])


def _persons(event: AccessLog) -> set[int]:
    return set(event.persons.values_list("person_id", flat=True))


def _html(response: Any) -> str:
    return str(response.content.decode())


# ---------------------------------------------------------------------------------------------
# The list
# ---------------------------------------------------------------------------------------------


def test_the_clerk_sees_her_open_applications_overdue_first(
    login: Any, benefits_clerk: User, director: User, family: Family, area_north: Area
) -> None:
    late = register(benefits_clerk, family, received_on=datetime.date(2026, 1, 12))
    on_time = register(benefits_clerk, family)
    register(director, family)  # handled by the director: not hers
    withdrawn = register(benefits_clerk, family, received_on=datetime.date(2026, 2, 2))
    withdrawn.state, withdrawn.withdrawn_on = ApplicationState.WITHDRAWN, TODAY
    withdrawn.save()

    response = login(benefits_clerk).get(LIST)

    assert response.status_code == 200
    assert 'class="btn btn-primary" href="/szukaj/"' in _html(response)  # find a family
    rows = response.context["rows"]
    assert [row.application for row in rows] == [late, on_time]
    # 12 January + one month (art. 57 § 3 k.p.a.) = Thursday 12 February 2026, a working day;
    # 16 March is 16 days of February (13–28) and 16 of March later: 32 days overdue.
    assert rows[0].deadline.due_on == datetime.date(2026, 2, 12)
    assert rows[0].deadline.days_left == -32
    assert rows[1].deadline.due_on == DUE
    html = _html(response)
    assert "Dni po upływie terminu: 32" in html
    assert "po terminie" in html  # the overdue badge says it in words, not only in red
    assert "Dni do upływu terminu: 25" in html
    event = AccessLog.objects.get(what=APPLICATION_LIST)
    assert _persons(event) == {family.mother.pk}


def test_a_stopped_deadline_says_so(
    login: Any, benefits_clerk: User, application: Application
) -> None:
    pause_start(
        actor=benefits_clerk,
        application=application,
        kind=PauseKind.PARTY_DELAY,
        starts_on=datetime.date(2026, 3, 12),
    )
    response = login(benefits_clerk).get(LIST)
    # The open pause counts 12–16 March, 5 days (art. 35 § 5 k.p.a.): 10 April + 5 days =
    # Wednesday 15 April 2026, a working day, 30 days after 16 March (15 + 15).
    row = response.context["rows"][0]
    assert row.deadline.paused
    assert row.deadline.due_on == datetime.date(2026, 4, 15)
    html = _html(response)
    assert "Bieg terminu wstrzymany; dni do upływu terminu: 30" in html


def test_the_filter_shows_any_application_the_user_may_see(
    login: Any,
    benefits_clerk: User,
    director: User,
    family: Family,
    area_south: Area,
) -> None:
    mine = register(benefits_clerk, family)
    others = register(director, family, benefits=[BenefitAsked(Benefit.POSILEK)])
    family_benefits = register(
        director, family, act=Act.FAMILY_BENEFITS, benefits=[BenefitAsked(Benefit.BECIKOWE)]
    )
    client = login(benefits_clerk)

    def shown(**query: str) -> list[Application]:
        response = client.get(LIST, query)
        assert response.status_code == 200
        return [row.application for row in response.context["rows"]]

    assert shown() == [mine]
    assert set(shown(prowadzacy="wszyscy")) == {mine, others, family_benefits}
    assert shown(prowadzacy=str(director.pk), ustawa=Act.FAMILY_BENEFITS) == [family_benefits]
    assert shown(prowadzacy="wszyscy", swiadczenie=Benefit.POSILEK) == [others]
    assert shown(prowadzacy="wszyscy", stan=ApplicationState.DECIDED) == []
    response = client.get(LIST, {"prowadzacy": "wszyscy", "stan": ApplicationState.DECIDED})
    assert response.context["filtered"]
    assert not client.get(LIST).context["filtered"]


def test_the_accountant_starts_from_everyones_applications(
    login: Any, accountant: User, benefits_clerk: User, application: Application
) -> None:
    response = login(accountant).get(LIST)
    assert response.status_code == 200
    assert [row.application for row in response.context["rows"]] == [application]
    assert not response.context["may_register"]  # no "register" button
    assert 'class="btn btn-primary" href="/szukaj/"' not in _html(response)


def test_a_social_worker_sees_only_her_areas_applications(
    login: Any,
    other_social_worker: User,
    social_worker: User,
    application: Application,
) -> None:
    response = login(other_social_worker).get(LIST, {"prowadzacy": "wszyscy"})
    assert list(response.context["rows"]) == []
    response = login(social_worker).get(LIST, {"prowadzacy": "wszyscy"})
    assert [row.application for row in response.context["rows"]] == [application]


@pytest.mark.parametrize("role", ["iod", "administrator", "roleless"])
def test_the_list_is_refused_without_the_capability(
    request: pytest.FixtureRequest, login: Any, role: str
) -> None:
    response = login(request.getfixturevalue(role)).get(LIST)
    assert response.status_code == 403


@pytest.mark.parametrize("sort", ["termin", "-termin", "wnioskodawca", "-wplyw", "stan", "zle"])
def test_every_column_sorts(login: Any, benefits_clerk: User, family: Family, sort: str) -> None:
    older = register(benefits_clerk, family, received_on=datetime.date(2026, 3, 2))
    newer = register(benefits_clerk, family)
    response = login(benefits_clerk).get(LIST, {"sortuj": sort})
    shown = [row.application for row in response.context["rows"]]
    expected = {
        # By the deadline: 2 March + 1 month = 2 April, before 10 April.
        "termin": [older, newer],
        "-termin": [newer, older],
        # The same applicant: the id breaks the tie.
        "wnioskodawca": [older, newer],
        "-wplyw": [newer, older],
        "stan": [older, newer],
        # Not a column: the default, by the deadline.
        "zle": [older, newer],
    }[sort]
    assert shown == expected


def test_the_list_exports_what_is_filtered(
    login: Any, benefits_clerk: User, application: Application
) -> None:
    client = login(benefits_clerk)
    response = client.get(LIST, {"format": "csv"})
    body = b"".join(response.streaming_content).decode()
    lines = body.strip().splitlines()
    assert len(lines) == 2
    assert "Maria Lipowska" in lines[1]
    assert "10.04.2026" in lines[1]
    response = client.get(LIST, {"format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AccessLog.objects.filter(what=APPLICATION_LIST).count() == 2


def test_the_list_runs_a_fixed_number_of_queries(
    login: Any, benefits_clerk: User, area_north: Area
) -> None:
    client = login(benefits_clerk)

    def add(count: int) -> None:
        for index in range(count):
            household = household_with_members(area=area_north, members=2)
            head = household.memberships.order_by("pk")[0].person
            application = register(
                benefits_clerk,
                Family(household, head, head, head),
                received_on=RECEIVED - datetime.timedelta(days=index),
            )
            pause_start(
                actor=benefits_clerk,
                application=application,
                kind=PauseKind.PARTY_DELAY,
                starts_on=TODAY,
            )

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LIST).status_code == 200
        return len(queries)

    add(2)
    few = count()
    add(18)
    assert count() == few


# ---------------------------------------------------------------------------------------------
# Registering
# ---------------------------------------------------------------------------------------------


def _register_url(family: Family) -> str:
    return reverse("benefits:application_register", args=[family.household.pk])


def _register_data(family: Family, **values: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "act": Act.SOCIAL_ASSISTANCE,
        "benefits": [Benefit.ZASILEK_OKRESOWY, Benefit.ZASILEK_CELOWY],
        "purpose_zasilek_celowy": "opał na zimę",
        "amount_zasilek_celowy": "1 200,50",
        "purpose_specjalny_zasilek_celowy": "",
        "amount_specjalny_zasilek_celowy": "",
        "received_on": "2026-03-13",
        "channel": "poczta",
        "applicant": str(family.mother.pk),
        "notes": "Wniosek przyniosła sąsiadka.",
    }
    data.update(values)
    return data


def test_the_clerk_registers_an_application(
    login: Any, benefits_clerk: User, family: Family
) -> None:
    client = login(benefits_clerk)
    page = client.get(_register_url(family))
    assert page.status_code == 200
    assert page.context["form"]["handled_by"].value() == benefits_clerk.pk
    event = AccessLog.objects.get(what=APPLICATION_REGISTER)
    assert _persons(event) == {family.mother.pk, family.son.pk, family.daughter.pk}

    data = _register_data(family, handled_by=str(benefits_clerk.pk))
    response = client.post(_register_url(family), data)

    application = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _detail(application)
    assert application.received_on == datetime.date(2026, 3, 13)
    assert application.channel == "poczta"
    assert application.handled_by == benefits_clerk
    purpose = application.requested.get(benefit=Benefit.ZASILEK_CELOWY)
    assert (purpose.purpose, purpose.amount) == ("opał na zimę", Decimal("1200.50"))
    assert application.requested.count() == 2


def test_an_error_is_tied_to_its_field_in_polish_and_nothing_is_lost(
    login: Any, benefits_clerk: User, family: Family
) -> None:
    data = _register_data(
        family,
        handled_by=str(benefits_clerk.pk),
        received_on="2026-03-20",  # after today
        amount_zasilek_celowy="dwieście",
        purpose_zasilek_celowy="",
        applicant="",
    )
    response = login(benefits_clerk).post(_register_url(family), data)

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["received_on"] == ["Ta data nie może być z przyszłości."]
    assert form.errors["amount_zasilek_celowy"] == ["Wpisz kwotę cyframi, np. 2 500,50."]
    assert form.errors["applicant"] == ["To pole jest wymagane."]
    assert "purpose_zasilek_celowy" in form.errors  # a purpose allowance needs its purpose
    html = _html(response)
    assert 'aria-invalid="true"' in html
    assert "Wniosek przyniosła sąsiadka." in html
    assert 'value="dwieście"' in html
    assert not Application.objects.exists()


def test_the_service_refuses_an_applicant_not_in_the_family_on_the_day(
    login: Any, benefits_clerk: User, family: Family
) -> None:
    membership = family.household.memberships.get(person=family.son)
    membership.valid_from = datetime.date(2026, 3, 14)
    membership.save()
    # The form offers the members on the day given: the son joined after 13 March.
    data = _register_data(family, handled_by=str(benefits_clerk.pk), applicant=str(family.son.pk))
    response = login(benefits_clerk).post(_register_url(family), data)
    assert response.status_code == 200
    assert "applicant" in response.context["form"].errors
    assert not Application.objects.exists()


def test_no_benefit_chosen_is_said_in_polish(
    login: Any, benefits_clerk: User, family: Family
) -> None:
    data = _register_data(
        family,
        handled_by=str(benefits_clerk.pk),
        benefits=[],
        purpose_zasilek_celowy="",
        amount_zasilek_celowy="",
    )
    response = login(benefits_clerk).post(_register_url(family), data)
    assert response.context["form"].errors["benefits"] == ["Wybierz co najmniej jedno świadczenie."]


def test_choosing_the_act_redraws_its_benefits(
    login: Any, benefits_clerk: User, family: Family, htmx_headers: dict[str, str]
) -> None:
    data = _register_data(family, act=Act.FAMILY_BENEFITS, benefits=[])
    response = login(benefits_clerk).post(
        _register_url(family), data, headers={**htmx_headers, "X-Ostoja-Refresh": "act"}
    )
    html = _html(response)
    assert response.status_code == 200
    assert 'id="pola-ustawy"' in html
    assert "becikowe" in html  # the family-benefits act's benefits
    assert "zasilek_okresowy" not in html
    assert "<html" not in html  # the fragment alone
    assert "invalid-feedback" not in html  # no errors for fields not reached yet
    assert not Application.objects.exists()


def test_the_applicants_are_the_members_on_the_day_given(
    login: Any, benefits_clerk: User, family: Family
) -> None:
    membership = family.household.memberships.get(person=family.son)
    membership.valid_from = datetime.date(2026, 3, 14)
    membership.save()
    client = login(benefits_clerk)
    today = client.get(_register_url(family)).context["form"]
    assert family.son in today.fields["applicant"].queryset  # a member on 16 March
    data = _register_data(family, handled_by=str(benefits_clerk.pk), benefits=[])
    earlier = client.post(_register_url(family), data).context["form"]
    assert family.son not in earlier.fields["applicant"].queryset  # not yet on 13 March
    assert family.mother in earlier.fields["applicant"].queryset


def test_inline_validation_answers_with_the_field_alone(
    login: Any, benefits_clerk: User, family: Family, htmx_headers: dict[str, str]
) -> None:
    headers = {**htmx_headers, "X-Ostoja-Validate": "received_on"}
    response = login(benefits_clerk).post(
        _register_url(family), _register_data(family, received_on="2026-03-20"), headers=headers
    )
    html = _html(response)
    assert 'id="pole-received_on"' in html
    assert "Ta data nie może być z przyszłości." in html
    assert "hx-swap-oob" not in html  # the applicant chosen meanwhile is left alone
    assert not Application.objects.exists()


def test_registering_is_refused_to_the_accountant_and_outside_the_scope(
    login: Any,
    accountant: User,
    other_social_worker: User,
    iod: User,
    family: Family,
) -> None:
    assert login(accountant).get(_register_url(family)).status_code == 403
    assert login(iod).get(_register_url(family)).status_code == 403
    response = login(other_social_worker).get(_register_url(family))
    assert response.status_code == 404
    assert AccessLog.objects.filter(
        what=REGISTRY_OUT_OF_SCOPE, user=other_social_worker, outcome=AccessLog.Outcome.REFUSED
    ).exists()


def test_the_area_social_worker_registers_too(
    login: Any, social_worker: User, family: Family
) -> None:
    data = _register_data(family, handled_by=str(social_worker.pk))
    response = login(social_worker).post(_register_url(family), data)
    assert response.status_code == 302
    assert Application.objects.get().registered_by == social_worker


# ---------------------------------------------------------------------------------------------
# The application's page
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status", "edits"),
    [
        ("director", 200, True),
        ("social_worker", 200, True),
        ("benefits_clerk", 200, True),
        ("accountant", 200, False),
        ("other_social_worker", 404, False),
        ("iod", 403, False),
        ("administrator", 403, False),
    ],
)
def test_the_application_page_for_each_role(
    request: pytest.FixtureRequest,
    login: Any,
    application: Application,
    role: str,
    status: int,
    edits: bool,
) -> None:
    user = request.getfixturevalue(role)
    response = login(user).get(_detail(application))
    assert response.status_code == status
    edit_url = reverse("benefits:application_edit", args=[application.pk])
    if status == 200:
        assert (edit_url in _html(response)) is edits
        event = AccessLog.objects.get(what=APPLICATION_DETAIL, user=user)
        members = {m.person_id for m in application.household.memberships.all()}
        assert _persons(event) == members
    if status in (403, 404):
        refusal = AccessLog.objects.get(user=user)
        assert refusal.what == (OUT_OF_SCOPE if status == 404 else REFUSED_SCREEN)
        assert refusal.outcome == AccessLog.Outcome.REFUSED
        assert refusal.status == status
        assert refusal.person_count == 0


def test_the_page_explains_the_deadline(
    login: Any, benefits_clerk: User, application: Application
) -> None:
    pause_start(
        actor=benefits_clerk,
        application=application,
        kind=PauseKind.PARTY_DELAY,
        starts_on=datetime.date(2026, 3, 12),
    )
    response = login(benefits_clerk).get(_detail(application))
    deadline = response.context["deadline"]
    # 12–16 March not counted: 5 days; 10 April + 5 = 15 April 2026, a Wednesday.
    assert deadline.view.due_on == datetime.date(2026, 4, 15)
    assert deadline.days_not_counted == 5
    assert not deadline.moved_off_free_day
    assert not deadline.moved_past_pause
    html = _html(response)
    assert "15.04.2026" in html
    assert "art. 35 § 3 k.p.a." in html


def test_the_missing_interview_is_flagged(
    login: Any, benefits_clerk: User, family: Family, application: Application
) -> None:
    client = login(benefits_clerk)
    assert client.get(_detail(application)).context["interview_missing"]
    case = CaseFileFactory(household=family.household)
    interview = InterviewFactory(case=case, kind=InterviewKind.FULL, state=InterviewState.PLANNED)
    response = client.get(_detail(application))
    assert response.context["interview_missing"]  # planned is not completed
    assert reverse("casework:case_detail", args=[case.pk]) in _html(response)
    interview.state = InterviewState.SIGNED
    interview.save()
    assert not client.get(_detail(application)).context["interview_missing"]


def test_family_benefits_need_no_interview(
    login: Any, benefits_clerk: User, family: Family
) -> None:
    application = register(
        benefits_clerk, family, act=Act.FAMILY_BENEFITS, benefits=[BenefitAsked(Benefit.BECIKOWE)]
    )
    response = login(benefits_clerk).get(_detail(application))
    assert not response.context["interview_missing"]


@pytest.mark.parametrize(
    ("received_on", "period_start", "due_on", "first_month"),
    [
        # Art. 26 u.ś.r.: received from 1 September to 31 October for the period from
        # 1 November 2025: established and paid by 31 December 2025; the right from November,
        # the period's first month (art. 24 ust. 2), not from September.
        (D(2025, 9, 15), D(2025, 11, 1), D(2025, 12, 31), D(2025, 11, 1)),
        # Received by 31 August: by 30 November.
        (D(2025, 8, 29), D(2025, 11, 1), D(2025, 11, 30), D(2025, 11, 1)),
        # Received on 10 March 2026, within the period: paid by the end of the month of the
        # application (by the 10th), from March.
        (RECEIVED, D(2025, 11, 1), D(2026, 3, 31), D(2026, 3, 1)),
    ],
)
def test_a_family_benefit_application_shows_the_acts_calendar(
    login: Any,
    benefits_clerk: User,
    family: Family,
    received_on: datetime.date,
    period_start: datetime.date,
    due_on: datetime.date,
    first_month: datetime.date,
) -> None:
    application = register(
        benefits_clerk,
        family,
        act=Act.FAMILY_BENEFITS,
        received_on=received_on,
        benefit_period_start=period_start,
        benefits=[BenefitAsked(Benefit.ZASILEK_RODZINNY)],
    )
    response = login(benefits_clerk).get(_detail(application))
    calendar = response.context["family_calendar"]
    assert calendar.due_on == due_on
    assert calendar.first_month == first_month
    assert (calendar.period_start, calendar.period_end) == (period_start, D(2026, 10, 31))
    assert f"{due_on:%d.%m.%Y}" in _html(response)


def test_social_assistance_has_no_family_benefit_calendar(
    login: Any, benefits_clerk: User, application: Application
) -> None:
    response = login(benefits_clerk).get(_detail(application))
    assert response.context["family_calendar"] is None
    assert "data-family-calendar" not in _html(response)


# ---------------------------------------------------------------------------------------------
# The small forms
# ---------------------------------------------------------------------------------------------


def test_changing_the_application(
    login: Any, benefits_clerk: User, director: User, application: Application
) -> None:
    url = reverse("benefits:application_edit", args=[application.pk])
    client = login(benefits_clerk)
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data.update(complicated="on", notes="Brak zaświadczenia z PUP.", income_month="2026-02")
    data = {k: ("" if v is None else v) for k, v in data.items()}
    response = client.post(url, data)
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.complicated
    assert application.income_month == datetime.date(2026, 2, 1)
    assert application.version == 2


def test_a_conflict_shows_the_other_persons_change_and_keeps_mine(
    login: Any, benefits_clerk: User, director: User, application: Application
) -> None:
    url = reverse("benefits:application_edit", args=[application.pk])
    client = login(benefits_clerk)
    form = client.get(url).context["form"]
    data = {k: ("" if v is None else v) for k, v in ((n, form[n].value()) for n in form.fields)}
    # Meanwhile the director hands the application to herself.
    application_update(actor=director, application=application, base_version=1, handled_by=director)
    data.update(notes="Moja notatka.")
    response = client.post(url, data)
    assert response.status_code == 200
    conflict = response.context["conflict"]
    assert conflict is not None
    change = next(c for c in conflict.changes if c.field == "handled_by")
    assert change.new == director.get_full_name()
    html = _html(response)
    assert "Moja notatka." in html
    assert "W trakcie Twojej edycji ktoś inny zapisał te dane" in html
    assert response.context["form"].data["version"] == "2"
    application.refresh_from_db()
    assert application.notes == ""


def test_changing_the_benefits(login: Any, benefits_clerk: User, application: Application) -> None:
    url = reverse("benefits:application_benefits", args=[application.pk])
    client = login(benefits_clerk)
    page = client.get(url)
    assert page.context["form"]["benefits"].value() == [
        Benefit.ZASILEK_OKRESOWY,
        Benefit.ZASILEK_CELOWY,
    ]
    response = client.post(url, {"benefits": [Benefit.POSILEK]})
    assert response.status_code == 302
    assert list(application.requested.values_list("benefit", flat=True)) == [Benefit.POSILEK]


def test_recording_the_facts_of_a_member(
    login: Any, benefits_clerk: User, family: Family, application: Application
) -> None:
    url = reverse("benefits:member_facts", args=[application.pk, family.son.pk])
    client = login(benefits_clerk)
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "incapacity": "",
            "disability": Disability.CERTIFICATE,
            "in_education": "true",
            "annual_income": "0",
            "annual_alimony_paid": "0",
            "benefits_received": [],
        },
    )
    assert response.status_code == 302
    facts = MemberFacts.objects.get(application=application, person=family.son)
    assert facts.disability == Disability.CERTIFICATE
    assert facts.in_education is True


def test_the_facts_of_someone_outside_the_family_are_a_404(
    login: Any, benefits_clerk: User, application: Application, person_south: Any
) -> None:
    url = reverse("benefits:member_facts", args=[application.pk, person_south.pk])
    assert login(benefits_clerk).get(url).status_code == 404


def test_attaching_a_document(login: Any, benefits_clerk: User, application: Application) -> None:
    url = reverse("benefits:attachment_add", args=[application.pk])
    client = login(benefits_clerk)
    upload = SimpleUploadedFile("skan wniosku.pdf", PDF, content_type="application/pdf")
    response = client.post(url, {"name": "Wniosek", "file": upload})
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.content_type == "application/pdf"
    detail = client.get(_detail(application))
    assert "skan wniosku.pdf" in _html(detail)


def test_a_file_of_another_type_is_refused_on_its_field(
    login: Any, benefits_clerk: User, application: Application
) -> None:
    url = reverse("benefits:attachment_add", args=[application.pk])
    upload = SimpleUploadedFile("list.docx", b"PK\x03\x04 not a scan", content_type="image/png")
    response = login(benefits_clerk).post(url, {"name": "Pismo", "file": upload})
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "Dołącz plik PDF albo skan (JPEG, PNG lub TIFF)."
    ]
    assert 'value="Pismo"' in _html(response)


def test_stopping_and_restarting_the_deadline(
    login: Any, benefits_clerk: User, application: Application
) -> None:
    client = login(benefits_clerk)
    response = client.post(
        reverse("benefits:pause_start", args=[application.pk]),
        {"kind": PauseKind.PARTY_DELAY, "starts_on": "2026-03-12", "note": "Brak zaświadczenia."},
    )
    assert response.status_code == 302
    pause = DeadlinePause.objects.get()
    page = client.get(_detail(application))
    assert reverse("benefits:pause_end", args=[application.pk, pause.pk]) in _html(page)
    response = client.post(
        reverse("benefits:pause_end", args=[application.pk, pause.pk]), {"ends_on": "2026-03-14"}
    )
    assert response.status_code == 302
    pause.refresh_from_db()
    assert pause.ends_on == datetime.date(2026, 3, 14)


def test_a_second_open_pause_is_refused_in_polish(
    login: Any, benefits_clerk: User, application: Application
) -> None:
    pause_start(
        actor=benefits_clerk, application=application, kind=PauseKind.PARTY_DELAY, starts_on=TODAY
    )
    response = login(benefits_clerk).post(
        reverse("benefits:pause_start", args=[application.pk]),
        {"kind": PauseKind.SUSPENDED, "starts_on": "2026-03-16"},
    )
    assert response.context["form"].errors["kind"] == [
        "Bieg terminu jest już wstrzymany: najpierw zakończ ten okres."
    ]


def test_the_pause_of_another_application_is_a_404(
    login: Any, benefits_clerk: User, family: Family, application: Application
) -> None:
    other = register(benefits_clerk, family)
    pause = pause_start(
        actor=benefits_clerk, application=other, kind=PauseKind.PARTY_DELAY, starts_on=TODAY
    )
    url = reverse("benefits:pause_end", args=[application.pk, pause.pk])
    assert login(benefits_clerk).get(url).status_code == 404


def test_withdrawing_closes_the_forms(
    login: Any, benefits_clerk: User, application: Application
) -> None:
    client = login(benefits_clerk)
    response = client.post(
        reverse("benefits:application_withdraw", args=[application.pk]),
        {"withdrawn_on": "2026-03-16"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == ApplicationState.WITHDRAWN
    assert (
        client.get(reverse("benefits:application_edit", args=[application.pk])).status_code == 403
    )
    page = client.get(_detail(application))
    assert "wycofany" in _html(page)
    assert reverse("benefits:application_edit", args=[application.pk]) not in _html(page)


@pytest.mark.parametrize(
    "name",
    [
        "application_edit",
        "application_benefits",
        "attachment_add",
        "pause_start",
        "application_withdraw",
    ],
)
def test_the_accountant_changes_nothing(
    login: Any, accountant: User, application: Application, name: str
) -> None:
    url = reverse(f"benefits:{name}", args=[application.pk])
    assert login(accountant).get(url).status_code == 403
    assert login(accountant).post(url, {}).status_code == 403


# ---------------------------------------------------------------------------------------------
# The download
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def attachment(benefits_clerk: User, application: Application) -> Attachment:
    upload = SimpleUploadedFile('Zaświadczenie "PUP";x.pdf', PDF, content_type="application/pdf")
    return attachment_add(
        actor=benefits_clerk,
        application=application,
        name="Zaświadczenie z urzędu pracy",
        upload=upload,
    )


def _download_url(attachment: Attachment) -> str:
    return reverse("benefits:attachment_download", args=[attachment.application_id, attachment.pk])


def test_the_download_is_an_attachment_with_a_safe_name(
    login: Any, benefits_clerk: User, family: Family, attachment: Attachment
) -> None:
    response = login(benefits_clerk).get(_download_url(attachment))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="zaswiadczenie-z-urzedu-pracy-{attachment.pk}.pdf"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    event = AccessLog.objects.get(what=ATTACHMENT_DOWNLOAD)
    assert _persons(event) == {family.mother.pk, family.son.pk, family.daughter.pk}
    assert event.details == {"attachment": attachment.pk}


def test_out_of_scope_no_download(
    login: Any, other_social_worker: User, iod: User, attachment: Attachment
) -> None:
    response = login(other_social_worker).get(_download_url(attachment))
    assert response.status_code == 404
    assert AccessLog.objects.filter(what=OUT_OF_SCOPE, user=other_social_worker).exists()
    assert not AccessLog.objects.filter(what=ATTACHMENT_DOWNLOAD).exists()
    assert login(iod).get(_download_url(attachment)).status_code == 403


def test_the_download_under_another_application_is_a_404(
    login: Any, benefits_clerk: User, family: Family, attachment: Attachment
) -> None:
    other = register(benefits_clerk, family)
    url = reverse("benefits:attachment_download", args=[other.pk, attachment.pk])
    assert login(benefits_clerk).get(url).status_code == 404


def test_the_accountant_may_download(login: Any, accountant: User, attachment: Attachment) -> None:
    assert login(accountant).get(_download_url(attachment)).status_code == 200


# ---------------------------------------------------------------------------------------------
# The frame: the navigation and the case's timeline
# ---------------------------------------------------------------------------------------------


def test_the_navigation_has_the_benefits_for_those_who_see_them(
    login: Any, benefits_clerk: User, administrator: User
) -> None:
    html = _html(login(benefits_clerk).get(LIST))
    assert f'aria-current="page" href="{LIST}">Świadczenia</a>' in html
    home = _html(login(administrator).get(reverse("registry:home")))
    assert LIST not in home


def test_the_case_timeline_shows_the_application(
    login: Any, social_worker: User, family: Family, application: Application
) -> None:
    case = CaseFileFactory(household=family.household)
    response = login(social_worker).get(reverse("casework:case_detail", args=[case.pk]))
    html = _html(response)
    assert response.status_code == 200
    assert _detail(application) in html
    event = AccessLog.objects.filter(user=social_worker).latest("pk")
    assert family.mother.pk in _persons(event)


# ---------------------------------------------------------------------------------------------
# The deadline as the pages explain it (pure functions of the selectors)
# ---------------------------------------------------------------------------------------------


def _explained(
    received_on: datetime.date,
    pauses: list[tuple[datetime.date, datetime.date | None]],
    *,
    complicated: bool = False,
    state: str = ApplicationState.IN_PROGRESS,
) -> selectors.DeadlineExplained | None:
    application = Application(received_on=received_on, complicated=complicated, state=state)
    rows = [DeadlinePause(starts_on=first, ends_on=last) for first, last in pauses]
    return selectors.deadline_explained(application, rows, TODAY)


def test_a_closed_pause_is_counted_day_by_day() -> None:
    # 12–16 March 2026, both ends: 5 days (art. 35 § 5 k.p.a.); 10 April + 5 = Wednesday
    # 15 April 2026, a working day.
    explained = _explained(RECEIVED, [(datetime.date(2026, 3, 12), datetime.date(2026, 3, 16))])
    assert explained is not None
    assert explained.days_not_counted == 5
    assert explained.view.due_on == datetime.date(2026, 4, 15)
    assert not explained.view.paused


def test_overlapping_pauses_count_each_day_once() -> None:
    # 12–14 and 14–15 March: the days 12, 13, 14, 15, four; 10 April + 4 = Tuesday 14 April.
    explained = _explained(
        RECEIVED,
        [
            (datetime.date(2026, 3, 12), datetime.date(2026, 3, 14)),
            (datetime.date(2026, 3, 14), datetime.date(2026, 3, 15)),
        ],
    )
    assert explained is not None
    assert explained.days_not_counted == 4
    assert explained.view.due_on == datetime.date(2026, 4, 14)


def test_a_pause_from_before_the_corrected_day_of_receipt_counts_from_the_next_day() -> None:
    # Recorded from 5 March, the receipt later corrected to 10 March: the term runs from
    # 11 March (art. 57 § 1 k.p.a.), so only 11 March is not counted. 10 April + 1 = Saturday
    # 11 April 2026, moved to Monday 13 April (art. 57 § 4 k.p.a.).
    explained = _explained(RECEIVED, [(datetime.date(2026, 3, 5), datetime.date(2026, 3, 11))])
    assert explained is not None
    assert explained.days_not_counted == 1
    assert explained.view.due_on == datetime.date(2026, 4, 13)
    assert explained.moved_off_free_day


def test_a_complicated_case_has_two_months_and_the_end_leaves_a_sunday() -> None:
    # 10 March + two months (art. 35 § 3 k.p.a.) = Sunday 10 May 2026 -> Monday 11 May.
    explained = _explained(RECEIVED, [], complicated=True)
    assert explained is not None
    assert explained.months == 2
    assert explained.view.due_on == datetime.date(2026, 5, 11)
    assert explained.moved_off_free_day
    assert "art. 57 § 4 k.p.a." in " ".join(explained.reasons)


def test_the_end_of_a_short_month() -> None:
    # 31 January + one month: February has no 31st, so its last day, Saturday 28 February
    # 2026 (art. 57 § 3 k.p.a.), moved to Monday 2 March (§ 4).
    explained = _explained(datetime.date(2026, 1, 31), [])
    assert explained is not None
    assert explained.view.due_on == datetime.date(2026, 3, 2)


def test_a_pause_after_the_term_ran_out_does_not_revive_it() -> None:
    # 12 January + one month = Thursday 12 February 2026; a pause from 13 February begins
    # after it and adds nothing.
    explained = _explained(
        datetime.date(2026, 1, 12), [(datetime.date(2026, 2, 13), datetime.date(2026, 2, 20))]
    )
    assert explained is not None
    assert explained.days_not_counted == 0
    assert explained.view.due_on == datetime.date(2026, 2, 12)
    assert explained.view.overdue


def test_a_settled_or_withdrawn_application_has_no_running_term() -> None:
    assert _explained(RECEIVED, [], state=ApplicationState.DECIDED) is None
    assert _explained(RECEIVED, [], state=ApplicationState.WITHDRAWN) is None


day_strategy = st.dates(datetime.date(2024, 1, 1), datetime.date(2027, 12, 31))


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    received=day_strategy,
    complicated=st.booleans(),
    spans=st.lists(st.tuples(st.integers(0, 90), st.integers(0, 30)), min_size=0, max_size=4),
)
def test_the_days_not_counted_agree_with_the_due_day(
    received: datetime.date, complicated: bool, spans: list[tuple[int, int]]
) -> None:
    """The explanation's count is the one the due day rests on: the calendar end plus the
    days not counted, moved off a free day, is the due day, unless that day falls in a pause
    (then the due day is later, after the pause)."""
    pauses: list[tuple[datetime.date, datetime.date | None]] = [
        (received + datetime.timedelta(days=start), received + datetime.timedelta(days=start + n))
        for start, n in spans
    ]
    today = received + datetime.timedelta(days=200)
    skipped = selectors.days_not_counted(
        received_on=received, complicated=complicated, pauses=pauses, today=today
    )
    due = settlement_due_on(
        received_on=received, complicated=complicated, pauses=pauses, today=today
    )
    months = 2 if complicated else 1
    end = received + relativedelta(months=months) + datetime.timedelta(days=skipped)
    expected = next_working_day(end)
    inside = [(a, b) for a, b in pauses if b is not None and a <= expected <= b]
    if inside:
        assert due > expected
    else:
        assert due == expected
    assert 0 <= skipped <= sum(n + 1 for _start, n in spans)


def test_sorting_by_the_deadline_puts_the_running_terms_first_both_ways() -> None:
    def entry(pk: int, received: datetime.date, due: datetime.date | None) -> Any:
        view = None if due is None else DeadlineView(due_on=due, today=TODAY)
        return selectors.ListEntry(pk, received, "w_toku", ((1,), "a"), view)

    overdue = entry(1, datetime.date(2026, 1, 12), datetime.date(2026, 2, 12))
    running = entry(2, RECEIVED, DUE)
    settled_old = entry(3, datetime.date(2025, 12, 1), None)
    settled_new = entry(4, datetime.date(2026, 2, 1), None)
    entries = [settled_old, running, settled_new, overdue]
    ascending = selectors.sort_entries(entries, key=selectors.DEADLINE, descending=False)
    descending = selectors.sort_entries(entries, key=selectors.DEADLINE, descending=True)
    assert ascending == [overdue, running, settled_new, settled_old]
    assert descending == [running, overdue, settled_new, settled_old]
    with pytest.raises(ValueError, match="not a column"):
        selectors.sort_entries(entries, key="nazwa", descending=False)
