# mypy: allow-untyped-calls
"""The assessment's pages: making it from the application, and reading it (the amount, the
reasons with their articles, the income against the criterion, the parameters with their
references, the warnings, the rules' version, the earlier assessments), by role."""

from typing import Any

import pytest
from django.urls import reverse

from ostoja.accounts.models import Area, User
from ostoja.benefits.models import Assessment
from ostoja.benefits.tests.assessment.factories import application_for, family
from ostoja.benefits.tests.decision_pages.conftest import (
    PENSIONER,
    RECEIVED,
    ZS,
    Case,
)
from ostoja.core.models import AccessLog

pytestmark = pytest.mark.django_db


def _detail(assessment: Assessment) -> str:
    return reverse("benefits:assessment_detail", args=[assessment.pk])


def test_the_clerk_assesses_from_the_application_and_reads_the_result(
    login: Any, clerk: User, case: Case
) -> None:
    client = login(clerk)
    url = reverse("benefits:assessment_make", args=[case.application.pk, ZS])
    assert client.get(url).status_code == 200
    response = client.post(url)
    made = Assessment.objects.exclude(pk=case.assessment.pk).get()
    assert response.status_code == 302
    assert response["Location"] == _detail(made)
    page = client.get(_detail(made)).content.decode()
    # 1.3 × 776 − 600 = 408.80 zł (art. 37 ust. 2 pkt 1 u.p.s.; see the conftest).
    assert "408,80\xa0zł" in page
    # The income against the single person's criterion of 776 zł (art. 8 ust. 1 pkt 1).
    assert "600,00\xa0zł" in page
    assert "776,00\xa0zł" in page
    assert "art. 37" in page
    assert made.rules_version in page
    # The period assessed: November 2024, the month before the application (art. 8 ust. 3).
    assert "01.11.2024–30.11.2024" in page
    # The re-assessment names the first one in its chain.
    assert _detail(case.assessment) in page
    assert f"?ocena={made.pk}&amp;rodzaj=przyznanie" in page


def test_the_parameters_are_shown_with_their_references(
    login: Any, clerk: User, case: Case
) -> None:
    page = login(clerk).get(_detail(case.assessment)).content.decode()
    references = [used["reference"] for used in case.assessment.result["parameters_used"]]
    assert references
    for reference in references:
        assert reference in page


def test_a_missing_interview_is_a_warning_with_the_way_to_plan_it(
    login: Any, clerk: User, director: User, area_north: Area
) -> None:
    from ostoja.benefits.services.assessments import assessment_create
    from ostoja.benefits.tests.assessment.factories import case_of

    household = family(area=area_north, members=[PENSIONER])
    case_file = case_of(household)
    application = application_for(household, [ZS], received_on=RECEIVED, handled_by=clerk)
    made = assessment_create(actor=clerk, application=application, benefit=ZS)
    assert made.flags == ["wywiad_brak"]
    page = login(director).get(_detail(made)).content.decode()
    assert "art. 106 ust. 4 u.p.s." in page
    assert reverse("casework:case_detail", args=[case_file.pk]) in page
    assert reverse("casework:interview_plan", args=[case_file.pk]) in page


@pytest.mark.parametrize("role", ["director", "social_worker", "accountant"])
def test_who_sees_the_family_reads_the_assessment(
    login: Any, case: Case, role: str, request: pytest.FixtureRequest
) -> None:
    user = request.getfixturevalue(role)
    response = login(user).get(_detail(case.assessment))
    assert response.status_code == 200
    logged = AccessLog.objects.filter(user=user, what="benefits.assessment").get()
    assert list(logged.persons.values_list("person_id", flat=True)) == [case.pensioner.pk]


def test_the_worker_of_another_area_gets_a_logged_404(
    login: Any, case: Case, other_social_worker: User
) -> None:
    response = login(other_social_worker).get(_detail(case.assessment))
    assert response.status_code == 404
    refusal = AccessLog.objects.get(user=other_social_worker)
    assert (refusal.outcome, refusal.status) == (AccessLog.Outcome.REFUSED, 404)
    assert refusal.what == "benefits.out_of_scope"


def test_accounting_reads_but_does_not_assess(login: Any, case: Case, accountant: User) -> None:
    url = reverse("benefits:assessment_make", args=[case.application.pk, ZS])
    assert login(accountant).post(url).status_code == 403
    assert Assessment.objects.count() == 1


@pytest.mark.parametrize("role", ["administrator", "iod"])
def test_the_administrator_and_the_iod_are_refused(
    login: Any, case: Case, role: str, request: pytest.FixtureRequest
) -> None:
    client = login(request.getfixturevalue(role))
    assert client.get(_detail(case.assessment)).status_code == 403
    url = reverse("benefits:assessment_make", args=[case.application.pk, ZS])
    assert client.post(url).status_code == 403
