"""The printed social contract: the 2010 template's parts for its variant, the obligations of
both sides, the budget of help totalled, reviews, the end, signatures; the print is logged."""

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from time_machine import TimeMachineFixture

from ostoja.casework.documents import budget_total, contract_pdf
from ostoja.casework.models import (
    ContractEnd,
    ContractObligation,
    ContractReview,
    ContractState,
    Party,
    SocialContract,
)
from ostoja.casework.tests.documents.conftest import in_order, pdf_text, save_artifact
from ostoja.casework.tests.factories import CaseFileFactory, ContractFactory
from ostoja.core.models import AccessLog

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(time_machine: TimeMachineFixture) -> None:
    time_machine.move_to(datetime.datetime(2026, 12, 2, 10, 0, tzinfo=datetime.UTC), tick=False)


def signed_contract(household: Any, worker: Any, **kwargs: Any) -> SocialContract:
    case = getattr(household, "case_file", None) or CaseFileFactory(
        household=household, worker=worker, opened_on=datetime.date(2026, 9, 1)
    )
    client = household.memberships.order_by("pk").first().person
    client.first_names, client.surname = "Grażyna", "Żółkiewska"
    client.save()
    values: dict[str, Any] = {
        "case": case,
        "person": client,
        "worker": worker,
        "variant": "A",
        "state": ContractState.SIGNED,
        "valid_from": datetime.date(2026, 9, 15),
        "valid_to": datetime.date(2026, 12, 31),
        "signed_on": datetime.date(2026, 9, 15),
        "problem": "Zadłużenie czynszowe za 8 miesięcy; groźba eksmisji.",
        "goals": "Spłata zadłużenia w ratach i podjęcie stałej pracy.",
        "resources": "Gotowość do pracy, wsparcie siostry.",
    }
    values.update(kwargs)
    contract = ContractFactory(**values)
    ContractObligation.objects.create(
        contract=contract,
        party=Party.CLIENT,
        description="Zarejestrować się w powiatowym urzędzie pracy.",
        due_on=datetime.date(2026, 9, 30),
        position=1,
    )
    ContractObligation.objects.create(
        contract=contract,
        party=Party.CENTRE,
        description="Zasiłek celowy na opłatę czynszu.",
        due_on=datetime.date(2026, 10, 10),
        amount=Decimal("1250.50"),
        position=1,
    )
    ContractObligation.objects.create(
        contract=contract,
        party=Party.CENTRE,
        description="Skierowanie do doradcy zawodowego.",
        amount=Decimal("300.00"),
        position=2,
    )
    ContractObligation.objects.create(
        contract=contract, party=Party.CENTRE, description="Poradnictwo socjalne.", position=3
    )
    ContractReview.objects.create(
        contract=contract,
        reviewed_on=datetime.date(2026, 10, 15),
        findings="Rejestracja w urzędzie pracy wykonana.",
        next_review_on=datetime.date(2026, 11, 15),
        reviewed_by=worker,
    )
    return contract


class TestBudget:
    def test_total_of_planned_costs_leaves_out_those_without_one(self) -> None:
        # 1250.50 + 300.00 + nothing = 1550.50
        obligations = [
            ContractObligation(amount=Decimal("1250.50")),
            ContractObligation(amount=Decimal("300.00")),
            ContractObligation(amount=None),
        ]
        assert budget_total(obligations) == Decimal("1550.50")

    def test_no_obligations_no_cost(self) -> None:
        assert budget_total([]) == Decimal("0")


class TestContractPdf:
    def test_variant_a_has_parts_i_a_and_ii_a_and_everything_in_order(
        self, household_north: Any, social_worker: Any
    ) -> None:
        social_worker.first_name, social_worker.last_name = "Alicja", "Nowak"
        social_worker.save()
        contract = signed_contract(household_north, social_worker)
        content = contract_pdf(contract)
        save_artifact("kontrakt-socjalny-wariant-a.pdf", content)
        assert content.startswith(b"%PDF")
        text = pdf_text(content)
        assert in_order(
            text,
            "Gminny Ośrodek Pomocy Społecznej",
            "KONTRAKT SOCJALNY",
            "(część I A i II A)",
            "Dz. U. Nr 218, poz. 1439",
            "Część I A",
            "Grażyna Żółkiewska",
            "Alicja Nowak",
            "Zadłużenie czynszowe",
            "Gotowość do pracy",
            "Część II A",
            "Spłata zadłużenia",
            "Zarejestrować się",
            "30.09.2026",
            "Zasiłek celowy",
            "1 250,50 zł",
            "Skierowanie do doradcy",
            "300,00 zł",
            "Poradnictwo socjalne",
            "1 550,50 zł",
            "od 15.09.2026 do 31.12.2026",
            "15.10.2026",
            "Rejestracja w urzędzie pracy wykonana",
            "art. 11 ust. 2",
            "podpis osoby/członków rodziny",
            "podpis pracownika socjalnego",
        )
        assert "strona 1 z" in text
        assert "Projekt" not in text

    def test_variant_b_has_parts_i_b_and_ii_b(
        self, household_north: Any, social_worker: Any
    ) -> None:
        contract = signed_contract(household_north, social_worker, variant="B")
        text = pdf_text(contract_pdf(contract))
        assert in_order(text, "(część I B i II B)", "Część I B", "Część II B")
        assert "Część I A" not in text
        assert "podpis osoby" in text

    def test_draft_is_marked_and_leaves_the_date_and_end_to_fill_in(
        self, household_north: Any, social_worker: Any
    ) -> None:
        contract = signed_contract(
            household_north, social_worker, state=ContractState.DRAFT, signed_on=None
        )
        contract.reviews.all().delete()
        text = pdf_text(contract_pdf(contract))
        assert "Projekt: kontrakt jeszcze niepodpisany." in text
        assert "cele osiągnięte" in text  # the end's options to tick

    def test_ended_and_corrected_contract_says_how_and_why(
        self, household_north: Any, social_worker: Any
    ) -> None:
        first = signed_contract(household_north, social_worker)
        second = signed_contract(
            household_north,
            social_worker,
            supersedes=first,
            correction_reason="Błędna data zakończenia.",
            state=ContractState.ENDED,
            ended_on=datetime.date(2026, 11, 30),
            end_reason=ContractEnd.BROKEN,
            end_note="Klientka nie stawiła się w urzędzie pracy.",
        )
        text = pdf_text(contract_pdf(second))
        assert in_order(text, "Wersja poprawiona", "Błędna data zakończenia.")
        assert in_order(text, "30.11.2026", "zerwany", "nie stawiła się")


class TestContractPdfView:
    def test_worker_gets_the_pdf_inline_and_the_print_is_logged(
        self, client: Any, login: Any, household_north: Any, social_worker: Any
    ) -> None:
        contract = signed_contract(household_north, social_worker)
        response = login(social_worker).get(reverse("casework:contract_pdf", args=[contract.pk]))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == (
            'inline; filename="kontrakt-socjalny-2026-09-15.pdf"'
        )
        assert response.content.startswith(b"%PDF")
        event = AccessLog.objects.get(what="casework.contract_pdf")
        assert event.user_id == social_worker.pk
        assert list(event.persons.values_list("person_id", flat=True)) == [contract.person_id]

    def test_out_of_scope_is_404_and_logged_as_refused(
        self,
        login: Any,
        household_north: Any,
        social_worker: Any,
        other_social_worker: Any,
    ) -> None:
        contract = signed_contract(household_north, social_worker)
        response = login(other_social_worker).get(
            reverse("casework:contract_pdf", args=[contract.pk])
        )
        assert response.status_code == 404
        assert not AccessLog.objects.filter(what="casework.contract_pdf").exists()
        assert AccessLog.objects.filter(
            what="casework.out_of_scope", outcome=AccessLog.Outcome.REFUSED
        ).exists()

    def test_role_without_social_work_is_refused(
        self, login: Any, household_north: Any, social_worker: Any, accountant: Any
    ) -> None:
        contract = signed_contract(household_north, social_worker)
        response = login(accountant).get(reverse("casework:contract_pdf", args=[contract.pk]))
        assert response.status_code == 403

    def test_anonymous_goes_to_login(
        self, client: Any, household_north: Any, social_worker: Any
    ) -> None:
        contract = signed_contract(household_north, social_worker)
        response = client.get(reverse("casework:contract_pdf", args=[contract.pk]))
        assert response.status_code == 302
