"""The directory's screens: list with filters and export, an institution's page with the
referrals the user may see, adding and changing with messages on the fields, deactivating."""

from typing import Any

import pytest
from django.urls import reverse

from ostoja.partners.models import Institution
from ostoja.partners.tests.factories import InstitutionFactory
from ostoja.partners.tests.test_validators import VALID_NIP

pytestmark = pytest.mark.django_db


def test_list_filters_by_kind_text_and_activity(login: Any, social_worker: Any) -> None:
    InstitutionFactory(name="Poradnia Rodzinna", kind="poradnia")
    InstitutionFactory(name="Powiatowy Urząd Pracy", kind="urzad_pracy", town="Lipowo")
    InstitutionFactory(name="Dawna Świetlica", kind="poradnia", active=False)
    client = login(social_worker)
    url = reverse("partners:institution_list")
    page = client.get(url).content.decode()
    assert "Poradnia Rodzinna" in page
    assert "Powiatowy Urząd Pracy" in page
    page = client.get(url, {"kind": "urzad_pracy"}).content.decode()
    assert "Powiatowy Urząd Pracy" in page
    assert "Poradnia Rodzinna" not in page
    page = client.get(url, {"q": "lipowo"}).content.decode()
    assert "Powiatowy Urząd Pracy" in page
    assert "Poradnia Rodzinna" not in page
    page = client.get(url, {"active": "nie"}).content.decode()
    assert "Dawna Świetlica" in page
    assert "Poradnia Rodzinna" not in page
    page = client.get(url, {"active": "tak", "sortuj": "-nazwa"}).content.decode()
    assert "Dawna Świetlica" not in page
    assert page.index("Powiatowy Urząd Pracy") < page.index("Poradnia Rodzinna")


def test_list_exports_csv_and_xlsx(login: Any, benefits_clerk: Any) -> None:
    InstitutionFactory(name="Poradnia Rodzinna", nip=VALID_NIP)
    client = login(benefits_clerk)
    url = reverse("partners:institution_list")
    csv = client.get(url, {"format": "csv"})
    assert csv.status_code == 200
    body = b"".join(csv.streaming_content).decode() if csv.streaming else csv.content.decode()
    assert "Poradnia Rodzinna" in body
    assert VALID_NIP in body
    xlsx = client.get(url, {"format": "xlsx"})
    assert xlsx.status_code == 200


def test_list_denied_without_the_capability(login: Any, accountant: Any) -> None:
    response = login(accountant).get(reverse("partners:institution_list"))
    assert response.status_code == 403


def test_detail_shows_the_contacts_and_the_offer(login: Any, benefits_clerk: Any) -> None:
    institution = InstitutionFactory(
        name="Poradnia Rodzinna", phone="22 123 45 67", offer="Terapia rodzinna we wtorki"
    )
    page = (
        login(benefits_clerk)
        .get(reverse("partners:institution_detail", args=[institution.pk]))
        .content.decode()
    )
    assert "22 123 45 67" in page
    assert "Terapia rodzinna we wtorki" in page
    assert "Zmień dane" not in page


def test_detail_of_an_unknown_institution_is_404(login: Any, social_worker: Any) -> None:
    response = login(social_worker).get(reverse("partners:institution_detail", args=[999]))
    assert response.status_code == 404


def test_create_saves_and_redirects(login: Any, social_worker: Any) -> None:
    client = login(social_worker)
    url = reverse("partners:institution_create")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "name": "Stowarzyszenie Pomocna Dłoń",
            "kind": "organizacja_pozarzadowa",
            "town": "Dębowo",
            "nip": "PL526-000-12-46",
            "postcode": "00950",
        },
    )
    institution = Institution.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("partners:institution_detail", args=[institution.pk])
    assert institution.nip == VALID_NIP
    assert institution.postcode == "00-950"


def test_create_returns_to_the_referral_form(login: Any, social_worker: Any) -> None:
    response = login(social_worker).post(
        reverse("partners:institution_create"),
        {"name": "Poradnia", "kind": "poradnia", "town": "Dębowo", "next": "/praca-socjalna/"},
    )
    assert response.url == "/praca-socjalna/"


def test_create_keeps_the_input_with_the_message_on_the_field(
    login: Any, social_worker: Any
) -> None:
    response = login(social_worker).post(
        reverse("partners:institution_create"),
        {"name": "Poradnia X", "kind": "poradnia", "town": "Dębowo", "nip": "5260001247"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "NIP ma 10 cyfr; sprawdź ostatnią, cyfrę kontrolną." in page
    assert "Poradnia X" in page
    assert not Institution.objects.exists()


def test_a_duplicate_is_a_message_on_the_field(login: Any, social_worker: Any) -> None:
    InstitutionFactory(name="Stara Poradnia", nip=VALID_NIP)
    response = login(social_worker).post(
        reverse("partners:institution_create"),
        {"name": "Nowa Poradnia", "kind": "poradnia", "town": "Dębowo", "nip": VALID_NIP},
    )
    assert "jest już zapisany dla „Stara Poradnia”" in response.content.decode()


def test_inline_validation_answers_with_the_field(login: Any, social_worker: Any) -> None:
    response = login(social_worker).post(
        reverse("partners:institution_create"),
        {"nip": "5260001247"},
        headers={"X-Ostoja-Validate": "nip", "HX-Request": "true"},
    )
    page = response.content.decode()
    assert "NIP ma 10 cyfr" in page
    assert "<html" not in page


def test_create_denied_for_the_benefits_clerk(login: Any, benefits_clerk: Any) -> None:
    response = login(benefits_clerk).get(reverse("partners:institution_create"))
    assert response.status_code == 403


def test_edit_saves_and_detects_a_conflict(login: Any, social_worker: Any) -> None:
    institution = InstitutionFactory(name="Poradnia Rodzinna")
    client = login(social_worker)
    url = reverse("partners:institution_edit", args=[institution.pk])
    assert client.get(url).status_code == 200
    data = {"version": 1, "name": "Poradnia Rodzinna", "kind": "poradnia", "town": "Lipowo"}
    assert client.post(url, data).status_code == 302
    institution.refresh_from_db()
    assert institution.town == "Lipowo"
    response = client.post(url, {**data, "town": "Klonowo"})
    assert response.status_code == 200
    assert "ktoś inny zapisał te dane" in response.content.decode()


def test_edit_denied_for_the_benefits_clerk(login: Any, benefits_clerk: Any) -> None:
    institution = InstitutionFactory()
    response = login(benefits_clerk).get(
        reverse("partners:institution_edit", args=[institution.pk])
    )
    assert response.status_code == 403


def test_deactivate_and_activate(login: Any, social_worker: Any) -> None:
    institution = InstitutionFactory()
    client = login(social_worker)
    url = reverse("partners:institution_set_active", args=[institution.pk])
    assert client.post(url).status_code == 302
    institution.refresh_from_db()
    assert not institution.active
    client.post(url, {"active": "1"})
    institution.refresh_from_db()
    assert institution.active


def test_deactivate_denied_for_the_benefits_clerk(login: Any, benefits_clerk: Any) -> None:
    institution = InstitutionFactory()
    url = reverse("partners:institution_set_active", args=[institution.pk])
    assert login(benefits_clerk).post(url).status_code == 403


def test_inline_validation_of_the_postcode(login: Any, social_worker: Any) -> None:
    response = login(social_worker).post(
        reverse("partners:institution_create"),
        {"postcode": "00950"},
        headers={"X-Ostoja-Validate": "postcode", "HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "invalid-feedback" not in response.content.decode()
    wrong = login(social_worker).post(
        reverse("partners:institution_create"),
        {"postcode": "0095"},
        headers={"X-Ostoja-Validate": "postcode", "HX-Request": "true"},
    )
    assert "NN-NNN" in wrong.content.decode()
