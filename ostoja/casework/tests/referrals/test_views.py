"""The referrals' screens: sending one with the institutions narrowed by kind (without
JavaScript), its page, the answer, feedback and end, the case panel and timeline, the
institution's page listing only the referrals of the user's scope; refusals."""

import datetime
from typing import Any

import pytest
from django.urls import reverse

from ostoja.casework.access_kinds import REFERRAL_DETAIL
from ostoja.casework.models import CaseFile, Referral, ReferralState
from ostoja.casework.services import referrals as services
from ostoja.casework.tests.factories import CaseFileFactory, InstitutionFactory
from ostoja.core.models import AccessLog

pytestmark = pytest.mark.django_db

SENT = datetime.date(2026, 6, 1)


def _referral(actor: Any, case: CaseFile, person: Any, **changes: Any) -> Referral:
    fields = {
        "kind": "poradnictwo",
        "institution": InstitutionFactory(name="Poradnia Rodzinna"),
        "purpose": "Poradnictwo rodzinne.",
        "sent_on": SENT,
        **changes,
    }
    return services.referral_create(actor=actor, case=case, person=person, **fields)


def test_send_a_referral(
    login: Any, social_worker: Any, case: CaseFile, client_person: Any
) -> None:
    therapy = InstitutionFactory(name="Ośrodek Terapii Uzależnień", kind="leczenie_uzaleznien")
    InstitutionFactory(name="Poradnia Rodzinna", kind="poradnia")
    InstitutionFactory(name="Zamknięty Ośrodek", kind="leczenie_uzaleznien", active=False)
    client = login(social_worker)
    url = reverse("casework:referral_add", args=[case.pk])
    data = {
        "person": str(client_person.pk),
        "kind": "leczenie_uzaleznien",
        "purpose": "Terapia.",
        "sent_on": "2026-06-01",
    }
    narrowed = client.post(url, {**data, "choose_kind": "1"}).content.decode()
    assert "Ośrodek Terapii Uzależnień" in narrowed
    assert "Poradnia Rodzinna" not in narrowed
    assert "Zamknięty Ośrodek" not in narrowed
    assert "Terapia." in narrowed
    assert "invalid-feedback" not in narrowed
    response = client.post(url, {**data, "institution": str(therapy.pk)})
    referral = Referral.objects.get()
    assert response.url == reverse("casework:referral_detail", args=[referral.pk])
    page = client.get(response.url).content.decode()
    assert "Ośrodek Terapii Uzależnień" in page
    assert AccessLog.objects.filter(what=REFERRAL_DETAIL).exists()


def test_send_keeps_the_input_with_the_message(
    login: Any, social_worker: Any, case: CaseFile, client_person: Any
) -> None:
    clinic = InstitutionFactory(name="Poradnia Rodzinna", kind="poradnia")
    response = login(social_worker).post(
        reverse("casework:referral_add", args=[case.pk]),
        {
            "person": str(client_person.pk),
            "kind": "poradnictwo",
            "institution": str(clinic.pk),
            "purpose": "Porada.",
            "sent_on": "2026-06-20",
        },
    )
    page = response.content.decode()
    assert "Ta data nie może być z przyszłości." in page
    assert "Porada." in page


def test_send_refused(
    login: Any, benefits_clerk: Any, other_social_worker: Any, case: CaseFile
) -> None:
    url = reverse("casework:referral_add", args=[case.pk])
    assert login(benefits_clerk).get(url).status_code == 403
    assert login(other_social_worker).get(url).status_code == 404


def test_answer_feedback_complete(
    login: Any, social_worker: Any, case: CaseFile, client_person: Any
) -> None:
    referral = _referral(social_worker, case, client_person)
    client = login(social_worker)
    answer = reverse("casework:referral_answer", args=[referral.pk])
    assert client.get(answer).status_code == 200
    early = client.post(answer, {"accepted": "tak", "answered_on": "2026-05-20"})
    assert "wcześniejsza niż wysłanie skierowania (01.06.2026)" in early.content.decode()
    client.post(answer, {"accepted": "tak", "answered_on": "2026-06-03"})
    client.post(
        reverse("casework:referral_feedback", args=[referral.pk]),
        {"feedback": "Uczestniczy w spotkaniach.", "feedback_on": "2026-06-10"},
    )
    client.post(
        reverse("casework:referral_complete", args=[referral.pk]),
        {"completed_on": "2026-06-15", "feedback": ""},
    )
    referral.refresh_from_db()
    assert referral.state == ReferralState.COMPLETED
    assert referral.feedback == "Uczestniczy w spotkaniach."
    case_page = client.get(reverse("casework:case_detail", args=[case.pk])).content.decode()
    assert "Skierowania" in case_page
    assert "Przyjęcie skierowania" in case_page
    assert "Informacja zwrotna od instytucji" in case_page


def test_actions_refused_for_the_benefits_clerk(
    login: Any, benefits_clerk: Any, social_worker: Any, case: CaseFile, client_person: Any
) -> None:
    referral = _referral(social_worker, case, client_person)
    client = login(benefits_clerk)
    assert client.get(reverse("casework:referral_detail", args=[referral.pk])).status_code == 200
    for name in ("referral_answer", "referral_feedback", "referral_complete"):
        assert client.get(reverse(f"casework:{name}", args=[referral.pk])).status_code == 403


def test_detail_out_of_scope_is_404(
    login: Any, other_social_worker: Any, social_worker: Any, case: CaseFile, client_person: Any
) -> None:
    referral = _referral(social_worker, case, client_person)
    response = login(other_social_worker).get(
        reverse("casework:referral_detail", args=[referral.pk])
    )
    assert response.status_code == 404


def test_the_institution_page_lists_only_referrals_in_scope(
    login: Any,
    social_worker: Any,
    other_social_worker: Any,
    case: CaseFile,
    client_person: Any,
    household_south: Any,
    person_south: Any,
) -> None:
    institution = InstitutionFactory(name="Poradnia Rodzinna")
    _referral(social_worker, case, client_person, institution=institution)
    south = CaseFileFactory(household=household_south, worker=other_social_worker, opened_on=SENT)
    _referral(other_social_worker, south, person_south, institution=institution)
    page = (
        login(social_worker)
        .get(reverse("partners:institution_detail", args=[institution.pk]))
        .content.decode()
    )
    assert client_person.full_name in page
    assert person_south.full_name not in page
