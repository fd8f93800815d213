"""The contract's screens: drafting with the obligations' formset (rows added without
JavaScript), the page as the template lays it out, signing, a review, the end, the correction,
the case panel and the timeline; refusals out of scope."""

import datetime
from typing import Any

import pytest
from django.urls import reverse

from ostoja.casework.access_kinds import CONTRACT_DETAIL
from ostoja.casework.models import CaseFile, CooperationEvent, SocialContract
from ostoja.casework.services import contracts as services
from ostoja.core.models import AccessLog

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 6, 1)
END = datetime.date(2026, 11, 30)


def _form(person: Any, rows: list[dict[str, str]], **changes: str) -> dict[str, str]:
    data = {
        "person": str(person.pk),
        "variant": "A",
        "valid_from": "2026-06-01",
        "valid_to": "2026-11-30",
        "problem": "Zadłużenie czynszowe.",
        "goals": "Spłata zadłużenia w ratach.",
        "resources": "",
        "obligations-TOTAL_FORMS": str(len(rows)),
        "obligations-INITIAL_FORMS": "0",
        "obligations-MIN_NUM_FORMS": "0",
        "obligations-MAX_NUM_FORMS": "1000",
        **changes,
    }
    for index, row in enumerate(rows):
        for key in ("party", "description", "due_on", "amount"):
            data[f"obligations-{index}-{key}"] = row.get(key, "")
    return data


ROWS = [
    {"party": "klient", "description": "Wpłacać ratę do 10. dnia miesiąca", "due_on": "2026-07-10"},
    {"party": "osrodek", "description": "Zasiłek celowy na opał", "amount": "1 234,50"},
]


def _signed(social_worker: Any, case: CaseFile, person: Any) -> SocialContract:
    contract = services.contract_create(
        actor=social_worker,
        case=case,
        person=person,
        variant="A",
        valid_from=START,
        valid_to=END,
        problem="Zadłużenie czynszowe.",
        goals="Spłata zadłużenia w ratach.",
        obligations=[
            {"party": "klient", "description": "Wpłacać ratę"},
            {"party": "osrodek", "description": "Zasiłek celowy", "amount": "1234.50"},
        ],
    )
    return services.contract_sign(actor=social_worker, contract=contract, signed_on=START)


def test_draft_a_contract_in_the_browser(
    login: Any, social_worker: Any, case: CaseFile, client_person: Any
) -> None:
    client = login(social_worker)
    url = reverse("casework:contract_add", args=[case.pk])
    page = client.get(url).content.decode()
    assert 'name="obligations-1-party"' in page
    response = client.post(url, _form(client_person, ROWS))
    contract = SocialContract.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("casework:contract_detail", args=[contract.pk])
    assert contract.obligations.count() == 2
    detail = client.get(response.url).content.decode()
    # The budget of help: the one cost of the centre, 1234.50 zł.
    assert "1234,50" in detail.replace("\xa0", "").replace(" ", "")
    assert "Wpłacać ratę do 10. dnia miesiąca" in detail
    assert AccessLog.objects.filter(what=CONTRACT_DETAIL).exists()


def test_add_a_row_without_javascript_keeps_the_input(
    login: Any, social_worker: Any, case: CaseFile, client_person: Any
) -> None:
    client = login(social_worker)
    url = reverse("casework:contract_add", args=[case.pk])
    response = client.post(url, {**_form(client_person, ROWS), "add_row": "1"})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="obligations-2-party"' in page
    assert "Wpłacać ratę do 10. dnia miesiąca" in page
    assert not SocialContract.objects.exists()


def test_remove_a_row(login: Any, social_worker: Any, case: CaseFile, client_person: Any) -> None:
    client = login(social_worker)
    data = {**_form(client_person, ROWS), "obligations-1-DELETE": "on"}
    client.post(reverse("casework:contract_add", args=[case.pk]), data)
    assert SocialContract.objects.get().obligations.count() == 1


def test_errors_of_a_row_stay_on_the_row(
    login: Any, social_worker: Any, case: CaseFile, client_person: Any
) -> None:
    rows = [{"party": "klient", "description": "Wpłata", "amount": "10"}]
    response = login(social_worker).post(
        reverse("casework:contract_add", args=[case.pk]), _form(client_person, rows)
    )
    page = response.content.decode()
    assert "Koszt dotyczy zobowiązań ośrodka" in page
    assert "Wpłata" in page
    assert not SocialContract.objects.exists()


def test_draft_refused_out_of_scope(login: Any, other_social_worker: Any, case: CaseFile) -> None:
    response = login(other_social_worker).get(reverse("casework:contract_add", args=[case.pk]))
    assert response.status_code == 404


def test_draft_refused_for_the_benefits_clerk(
    login: Any, benefits_clerk: Any, case: CaseFile
) -> None:
    response = login(benefits_clerk).get(reverse("casework:contract_add", args=[case.pk]))
    assert response.status_code == 403


def test_edit_a_draft(login: Any, social_worker: Any, case: CaseFile, client_person: Any) -> None:
    client = login(social_worker)
    client.post(reverse("casework:contract_add", args=[case.pk]), _form(client_person, ROWS))
    contract = SocialContract.objects.get()
    url = reverse("casework:contract_edit", args=[contract.pk])
    page = client.get(url).content.decode()
    assert "Zasiłek celowy na opał" in page
    data = {**_form(client_person, ROWS, goals="Spłata całego zadłużenia."), "version": "1"}
    assert client.post(url, data).status_code == 302
    contract.refresh_from_db()
    assert contract.goals == "Spłata całego zadłużenia."
    conflict = client.post(url, {**data, "goals": "Inny"})
    assert "ktoś inny zapisał te dane" in conflict.content.decode()


def test_sign_review_end_in_the_browser(
    login: Any, social_worker: Any, case: CaseFile, client_person: Any
) -> None:
    client = login(social_worker)
    client.post(reverse("casework:contract_add", args=[case.pk]), _form(client_person, ROWS))
    contract = SocialContract.objects.get()
    sign = reverse("casework:contract_sign", args=[contract.pk])
    assert client.get(sign).status_code == 200
    assert client.post(sign, {"signed_on": "2026-06-01"}).status_code == 302
    review = reverse("casework:contract_review", args=[contract.pk])
    early = client.post(review, {"reviewed_on": "2026-05-20", "findings": "Za wcześnie"})
    assert "Ocena nie może być wcześniejsza niż początek kontraktu (01.06.2026)." in (
        early.content.decode()
    )
    assert "Za wcześnie" in early.content.decode()
    ok = client.post(
        review,
        {
            "reviewed_on": "2026-06-12",
            "findings": "Wpłacił pierwszą ratę.",
            "next_review_on": "2026-07-13",
        },
    )
    assert ok.status_code == 302
    end = reverse("casework:contract_end", args=[contract.pk])
    client.post(
        end,
        {
            "ended_on": "2026-06-15",
            "end_reason": "zerwany",
            "note": "Bez uzasadnienia.",
            "breach_evidence": "Brak wpłat od dwóch miesięcy.",
        },
    )
    assert CooperationEvent.objects.get().contract == contract
    detail = client.get(reverse("casework:contract_detail", args=[contract.pk])).content.decode()
    assert "Wpłacił pierwszą ratę." in detail
    assert "zerwany" in detail


def test_a_signed_contract_has_no_edit_and_offers_a_correction(
    login: Any, social_worker: Any, case: CaseFile, client_person: Any
) -> None:
    contract = _signed(social_worker, case, client_person)
    client = login(social_worker)
    edit = client.get(reverse("casework:contract_edit", args=[contract.pk]))
    assert edit.status_code == 302
    correct = reverse("casework:contract_correct", args=[contract.pk])
    response = client.post(correct, {"reason": "Błąd w kwocie zasiłku."})
    draft = SocialContract.objects.get(supersedes=contract)
    assert response.url == reverse("casework:contract_detail", args=[draft.pk])
    page = client.get(response.url).content.decode()
    assert "Błąd w kwocie zasiłku." in page
    assert reverse("casework:contract_detail", args=[contract.pk]) in page


def test_actions_refused_for_the_benefits_clerk(
    login: Any, benefits_clerk: Any, social_worker: Any, case: CaseFile, client_person: Any
) -> None:
    contract = _signed(social_worker, case, client_person)
    client = login(benefits_clerk)
    assert client.get(reverse("casework:contract_detail", args=[contract.pk])).status_code == 200
    for name in ("contract_review", "contract_end", "contract_correct", "contract_sign"):
        assert client.get(reverse(f"casework:{name}", args=[contract.pk])).status_code == 403


def test_detail_out_of_scope_is_404(
    login: Any, other_social_worker: Any, social_worker: Any, case: CaseFile, client_person: Any
) -> None:
    contract = _signed(social_worker, case, client_person)
    response = login(other_social_worker).get(
        reverse("casework:contract_detail", args=[contract.pk])
    )
    assert response.status_code == 404


def test_the_case_page_shows_the_panel_and_the_timeline(
    login: Any, social_worker: Any, case: CaseFile, client_person: Any
) -> None:
    contract = _signed(social_worker, case, client_person)
    services.contract_review_add(
        actor=social_worker,
        contract=contract,
        reviewed_on=datetime.date(2026, 6, 10),
        findings="Raty wpłacane.",
    )
    page = (
        login(social_worker).get(reverse("casework:case_detail", args=[case.pk])).content.decode()
    )
    assert "Kontrakty socjalne" in page
    assert "Podpisanie kontraktu" in page
    assert "Ocena realizacji kontraktu" in page
