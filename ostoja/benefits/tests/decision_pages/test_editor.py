# mypy: allow-untyped-calls
"""The decision editor: the first draft from the assessment, the live preview, saving a draft,
the errors on the right fields (a line's too), "add a benefit" and "write the text again"
keeping what was typed, editing a saved draft with its version, and who may."""

import datetime
import re
from typing import Any

import pytest
from django.urls import reverse

from ostoja.accounts.models import User
from ostoja.benefits.models import Decision, DecisionLine, DecisionState
from ostoja.benefits.tests.decision_pages.conftest import AMOUNT, ZS, Case, draft
from ostoja.core.models import AccessLog, ActionRecord

pytestmark = pytest.mark.django_db


def _new_url(case: Case, kind: str = "przyznanie") -> str:
    return f"{reverse('benefits:decision_new')}?ocena={case.assessment.pk}&rodzaj={kind}"


def _form_data(page: str) -> dict[str, str]:
    """The editor's fields as the browser would post them, read from the page."""
    data: dict[str, str] = {}
    for tag in re.finditer(r"<input ([^>]*)>", page):
        attrs = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', tag.group(1)))
        if "name" in attrs and attrs.get("type") in ("hidden", "text", "date", None):
            data[attrs["name"]] = _unescape(attrs.get("value", ""))
        if attrs.get("type") == "checkbox" and "checked" in tag.group(1):
            data[attrs["name"]] = "on"
    for name, value in re.findall(r'<textarea name="([^"]+)"[^>]*>\n?(.*?)</textarea>', page, re.S):
        data[name] = _unescape(value)
    for select in re.finditer(r'<select name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', select.group(2))
        data[select.group(1)] = chosen.group(1) if chosen else ""
    data.pop("csrfmiddlewaretoken", None)
    return data


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


def test_the_editor_starts_from_the_drafting_of_the_assessment(
    login: Any, clerk: User, case: Case
) -> None:
    response = login(clerk).get(_new_url(case))
    assert response.status_code == 200
    data = _form_data(response.content.decode())
    # One line: the benefit assessed, for the applicant, the amount assessed, from the month
    # of the application (art. 106 ust. 3 u.p.s.: December 2024), until further notice.
    assert data["lines-TOTAL_FORMS"] == "1"
    assert data["lines-0-benefit"] == ZS
    assert data["lines-0-person"] == str(case.pensioner.pk)
    assert data["lines-0-amount"] == "408,80"
    assert data["lines-0-period_from"] == "2024-12-01"
    assert data["lines-0-period_to"] == ""
    assert data["party"] == str(case.pensioner.pk)
    # The drafting's text: the provision granting it and the dative of the party's name.
    assert "art. 37" in data["legal_basis"]
    assert data["operative"].startswith("Przyznaje się Pani Zofii")
    assert "408,80\xa0zł" in data["operative"]
    assert "14 dni" in data["appeal_instruction"]
    # The preview frame holds the print template's HTML, as a draft.
    page = response.content.decode()
    assert "srcdoc=" in page
    assert "PROJEKT" in page
    assert "sha256-" in response["Content-Security-Policy"]


def test_the_preview_follows_what_is_typed_and_saves_nothing(
    login: Any, clerk: User, case: Case
) -> None:
    client = login(clerk)
    data = _form_data(client.get(_new_url(case)).content.decode())
    data["operative"] = "Przyznaje się zasiłek stały w kwocie testowej."
    response = client.post(_new_url(case), data, headers={"X-Ostoja-Preview": "1"})
    assert response.status_code == 200
    fragment = response.content.decode()
    assert fragment.lstrip().startswith("<iframe")
    assert "Przyznaje się zasiłek stały w kwocie testowej." in _unescape(fragment)
    assert not Decision.objects.exists()
    preview = AccessLog.objects.filter(user=clerk, details__preview=True).get()
    assert case.pensioner.pk in preview.persons.values_list("person_id", flat=True)


def test_saving_makes_the_draft_with_its_benefits(login: Any, clerk: User, case: Case) -> None:
    client = login(clerk)
    data = _form_data(client.get(_new_url(case)).content.decode())
    data["lines-0-period_to"] = "2025-06-30"
    response = client.post(_new_url(case), data)
    decision = Decision.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("benefits:decision_detail", args=[decision.pk])
    assert (decision.state, decision.kind, decision.drafted_by) == (
        DecisionState.DRAFT,
        "przyznanie",
        clerk,
    )
    assert decision.assessment == case.assessment
    line = decision.lines.get()
    assert (line.benefit, line.amount, line.period_from, line.period_to) == (
        ZS,
        AMOUNT,
        datetime.date(2024, 12, 1),
        datetime.date(2025, 6, 30),
    )


def test_the_errors_sit_on_their_fields_a_lines_too(login: Any, clerk: User, case: Case) -> None:
    client = login(clerk)
    data = _form_data(client.get(_new_url(case)).content.decode())
    data["appeal_instruction"] = ""
    # The service's check: a line paid to a bank account needs the account.
    data["lines-0-method"] = "przelew"
    data["lines-0-account"] = ""
    response = client.post(_new_url(case), data)
    assert response.status_code == 200
    assert not Decision.objects.exists()
    form = response.context["form"]
    assert "appeal_instruction" in form.errors
    # The form's own check comes first; fix it and the service's line error shows on its row.
    data["appeal_instruction"] = "Od decyzji przysługuje odwołanie."
    response = client.post(_new_url(case), data)
    row = response.context["formset"].forms[0]
    assert list(row.errors) == ["account"]
    assert row.errors["account"] == ["Podaj rachunek, na który wypłaca się świadczenie."]
    page = response.content.decode()
    assert 'id="id_lines-0-account_errors"' in page


def test_a_service_error_of_the_second_line_goes_on_the_second_row(
    login: Any, clerk: User, case: Case
) -> None:
    client = login(clerk)
    data = _form_data(client.get(_new_url(case)).content.decode())
    data.update(
        {
            "lines-TOTAL_FORMS": "2",
            "lines-1-benefit": "zasilek_celowy",
            "lines-1-person": str(case.pensioner.pk),
            "lines-1-amount": "",
            "lines-1-purpose": "opał",
            "lines-1-period_from": "2025-01-14",
            "lines-1-period_to": "2025-01-14",
            "lines-1-payee": "",
            "lines-1-method": "kasa",
            "lines-1-account": "",
        }
    )
    response = client.post(_new_url(case), data)
    rows = response.context["formset"].forms
    # A cash benefit needs its amount: the service says so of line 1 ("lines-1-amount").
    assert rows[0].errors == {}
    assert rows[1].errors == {"amount": ["Proszę podać kwotę."]}


def test_add_a_benefit_keeps_what_was_typed(login: Any, clerk: User, case: Case) -> None:
    client = login(clerk)
    data = _form_data(client.get(_new_url(case)).content.decode())
    data["justification_facts"] = "Tekst wpisany przez pracownika."
    data["add_row"] = "1"
    response = client.post(_new_url(case), data)
    assert response.status_code == 200
    again = _form_data(response.content.decode())
    assert again["lines-TOTAL_FORMS"] == "2"
    assert again["justification_facts"] == "Tekst wpisany przez pracownika."
    assert again["lines-0-amount"] == "408,80"
    assert not Decision.objects.exists()


def test_write_the_text_again_follows_the_changed_amount(
    login: Any, clerk: User, case: Case
) -> None:
    client = login(clerk)
    data = _form_data(client.get(_new_url(case)).content.decode())
    data["lines-0-amount"] = "300,00"
    data["regenerate"] = "1"
    response = client.post(_new_url(case), data)
    again = _form_data(response.content.decode())
    assert "300,00\xa0zł" in again["operative"]
    assert "408,80" not in again["operative"]
    assert not Decision.objects.exists()


def test_a_refusal_has_no_benefits(login: Any, clerk: User, case: Case) -> None:
    response = login(clerk).get(_new_url(case, "odmowa"))
    data = _form_data(response.content.decode())
    assert data["lines-TOTAL_FORMS"] == "0"
    assert data["operative"].startswith("Odmawia się Pani Zofii")


def test_editing_a_saved_draft_saves_the_text(login: Any, clerk: User, case: Case) -> None:
    decision = draft(case, clerk)
    client = login(clerk)
    url = reverse("benefits:decision_edit", args=[decision.pk])
    data = _form_data(client.get(url).content.decode())
    assert data["version"] == str(decision.version)
    data["distribution"] = "1. Strona\n2. a/a"
    response = client.post(url, data)
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.distribution == "1. Strona\n2. a/a"


def test_editing_the_benefits_and_the_text_saves_both_at_once(
    login: Any, clerk: User, case: Case
) -> None:
    decision = draft(case, clerk)
    client = login(clerk)
    url = reverse("benefits:decision_edit", args=[decision.pk])
    data = _form_data(client.get(url).content.decode())
    data["lines-0-amount"] = "400,00"
    data["distribution"] = "1. Strona"
    response = client.post(url, data)
    assert response.status_code == 302
    assert DecisionLine.objects.get(decision=decision).amount == 400
    before = decision.version
    decision.refresh_from_db()
    assert decision.distribution == "1. Strona"
    assert decision.version == before + 1  # one save, one version
    recorded = ActionRecord.objects.filter(action__startswith="benefits.decisions_").order_by("pk")
    assert [r.action for r in recorded][-2:] == [
        "benefits.decisions_update",
        "benefits.decisions_lines",
    ]


def test_a_wrong_benefit_keeps_the_text_unsaved_too(login: Any, clerk: User, case: Case) -> None:
    # One transaction: a line the service refuses saves neither the lines nor the text.
    decision = draft(case, clerk)
    client = login(clerk)
    url = reverse("benefits:decision_edit", args=[decision.pk])
    data = _form_data(client.get(url).content.decode())
    data["lines-0-period_to"] = "2020-01-01"  # before the period's start
    data["distribution"] = "1. Strona"
    response = client.post(url, data)
    assert response.status_code == 200
    decision.refresh_from_db()
    assert decision.distribution != "1. Strona"
    assert _form_data(response.content.decode())["distribution"] == "1. Strona"


def test_a_save_over_someone_elses_shows_what_they_changed(
    login: Any, clerk: User, case: Case
) -> None:
    from ostoja.benefits.services import decisions as services

    decision = draft(case, clerk)
    client = login(clerk)
    url = reverse("benefits:decision_edit", args=[decision.pk])
    data = _form_data(client.get(url).content.decode())
    services.decision_update(
        actor=clerk,
        decision=Decision.objects.get(pk=decision.pk),
        base_version=decision.version,
        distribution="Zmienione przez kogoś innego",
    )
    data["justification_facts"] = "Moja zmiana."
    response = client.post(url, data)
    assert response.status_code == 200
    conflict = response.context["conflict"]
    assert [change.new for change in conflict.changes] == ["Zmienione przez kogoś innego"]
    again = _form_data(response.content.decode())
    assert again["justification_facts"] == "Moja zmiana."


@pytest.mark.parametrize("role", ["accountant", "administrator", "iod"])
def test_who_may_not_draft_is_refused(
    login: Any, case: Case, role: str, request: pytest.FixtureRequest
) -> None:
    assert login(request.getfixturevalue(role)).get(_new_url(case)).status_code == 403


def test_the_worker_of_another_area_gets_a_logged_404(
    login: Any, case: Case, other_social_worker: User
) -> None:
    assert login(other_social_worker).get(_new_url(case)).status_code == 404
    assert AccessLog.objects.get(user=other_social_worker).status == 404


def test_the_worker_of_the_area_drafts(login: Any, case: Case, social_worker: User) -> None:
    assert login(social_worker).get(_new_url(case)).status_code == 200


def test_the_preview_of_a_saved_draft_shows_the_typed_text(
    login: Any, clerk: User, case: Case
) -> None:
    decision = draft(case, clerk)
    client = login(clerk)
    url = reverse("benefits:decision_edit", args=[decision.pk])
    data = _form_data(client.get(url).content.decode())
    data["operative"] = "Nowe brzmienie rozstrzygnięcia."
    response = client.post(url, data, headers={"X-Ostoja-Preview": "1"})
    assert "Nowe brzmienie rozstrzygnięcia." in _unescape(response.content.decode())
    decision.refresh_from_db()
    assert decision.operative != "Nowe brzmienie rozstrzygnięcia."


def test_a_change_of_an_issued_decision_continues_its_benefits(
    login: Any, clerk: User, signer: User, case: Case, ups_register: Any
) -> None:
    from ostoja.benefits.tests.decision_pages.conftest import signed

    changed = signed(case, clerk, signer)
    client = login(clerk)
    url = f"{reverse('benefits:decision_change', args=[changed.pk])}?rodzaj=zmiana"
    data = _form_data(client.get(url).content.decode())
    # From the first day of the next month (14 January 2025 → 1 February 2025), the benefit
    # of the changed decision for the same person, its new amount the clerk's.
    assert data["effective_from"] == "2025-02-01"
    assert data["lines-0-benefit"] == ZS
    assert data["lines-0-period_from"] == "2025-02-01"
    assert "Zmienia się decyzję nr GOPS.8311.1.2025 od 1 lutego 2025 r." in data["operative"]
    data["lines-0-amount"] = "450,00"
    response = client.post(url, data)
    assert response.status_code == 302
    change = Decision.objects.get(kind="zmiana")
    assert (change.changes, change.effective_from) == (changed, datetime.date(2025, 2, 1))
    assert change.application is None
    assert change.lines.get().amount == 450


def test_only_an_issued_decision_is_changed(login: Any, clerk: User, case: Case) -> None:
    decision = draft(case, clerk)
    url = f"{reverse('benefits:decision_change', args=[decision.pk])}?rodzaj=zmiana"
    response = login(clerk).get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("benefits:decision_detail", args=[decision.pk])


def test_the_editor_asks_to_check_a_name_it_cannot_decline_with_certainty(
    login: Any, clerk: User, case: Case
) -> None:
    client = login(clerk)
    warning = "Nie udało się z pewnością odmienić imienia lub nazwiska"
    pensioner = case.pensioner
    pensioner.surname = "Dębowska"
    pensioner.save(update_fields=["surname"])
    assert warning not in client.get(_new_url(case)).content.decode()
    # "Jesionowa" is no surname the dictionary knows: the drafting may leave it undeclined
    # ("zobowiązuje się Panią Zofię Jesionowa"), and the editor says so above the text.
    pensioner.surname = "Jesionowa"
    pensioner.save(update_fields=["surname"])
    assert warning in client.get(_new_url(case)).content.decode()
