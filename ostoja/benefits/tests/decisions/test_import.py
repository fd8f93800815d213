"""Decisions issued on paper before Ostoja, recorded so that their awards are paid and changed
here: what the record needs, what it makes, and what it refuses."""

import datetime
import io
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.urls import reverse

from ostoja.benefits.catalogue import Benefit
from ostoja.benefits.models import (
    Application,
    ApplicationState,
    Award,
    Decision,
    DecisionKind,
    DecisionState,
    DeliveryMethod,
    RegisterCounter,
)
from ostoja.benefits.services import decisions as services
from ostoja.benefits.tests.decisions import factories
from ostoja.core.models import ActionRecord

pytestmark = pytest.mark.django_db

D = datetime.date
SIGNATORY = "Anna Kowalczyk, Kierownik GOPS w Dębowie"
BASIS = "art. 38 ust. 1 i art. 106 ust. 1 ustawy z dnia 12 marca 2004 r. o pomocy społecznej"


def _import(actor: Any, household: Any, **values: Any) -> Decision:
    """A zasiłek okresowy granted on paper on 10 October 2024 from October 2024 to March 2025,
    delivered in person on the 14th and final on the 29th (the day after the 14 days of art.
    129 § 2 k.p.a. counted from the 15th: 15–28 October)."""
    party = values.pop("party", None) or factories.members(household)[0]
    lines = values.pop("lines", None)
    if lines is None:
        lines = [
            factories.line(
                party,
                amount=Decimal("412.00"),
                period_from=D(2024, 10, 1),
                period_to=D(2025, 3, 31),
            )
        ]
    fields: dict[str, Any] = {
        "kind": DecisionKind.GRANT,
        "act": factories.UPS,
        "number": "GOPS.8311.214.2024",
        "issued_on": D(2024, 10, 10),
        "signatory": SIGNATORY,
        "legal_basis": BASIS,
        "delivery_method": DeliveryMethod.IN_PERSON,
        "delivered_on": D(2024, 10, 14),
        "final_on": D(2024, 10, 29),
        **values,
    }
    return services.decision_import(
        actor=actor, household=household, party=party, lines=lines, **fields
    )


def _errors(raised: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return raised.value.message_dict


def test_an_imported_decision_is_issued_as_recorded_with_its_awards(
    signer: Any, household: Any, ups_register: Any
) -> None:
    decision = _import(signer, household)
    decision.refresh_from_db()
    assert decision.imported
    assert decision.state == DecisionState.FINAL
    assert (decision.number, decision.issued_on, decision.signatory) == (
        "GOPS.8311.214.2024",
        D(2024, 10, 10),
        SIGNATORY,
    )
    # No register number is taken and no Ostoja signature is recorded.
    assert (decision.register, decision.sequence, decision.signed_by) == (None, None, None)
    assert not RegisterCounter.objects.exists()
    award = Award.objects.get(decision=decision)
    assert (award.benefit, award.amount) == (Benefit.ZASILEK_OKRESOWY, Decimal("412.00"))
    assert (award.valid_from, award.valid_to) == (D(2024, 10, 1), D(2025, 3, 31))
    record = ActionRecord.objects.get(action=services.DECISION_IMPORT)
    assert record.actor == signer
    # Its history starts with the decision as recorded, not with a draft.
    assert [h.state for h in decision.history.all()] == [DecisionState.FINAL]


def test_the_state_follows_how_far_the_procedure_went(
    signer: Any, household: Any, ups_register: Any
) -> None:
    delivered = _import(signer, household, final_on=None)
    assert delivered.state == DecisionState.DELIVERED
    signed = _import(
        signer,
        household,
        number="GOPS.8311.215.2024",
        delivery_method="",
        delivered_on=None,
        final_on=None,
        lines=[
            factories.line(
                factories.members(household)[1], period_from=D(2024, 10, 1), period_to=None
            )
        ],
    )
    assert signed.state == DecisionState.SIGNED


def test_a_number_already_given_is_refused(
    clerk: Any, signer: Any, household: Any, grant_values: Any, ups_register: Any
) -> None:
    _import(signer, household)
    with pytest.raises(ValidationError) as raised:
        _import(signer, household)
    assert "number" in _errors(raised)
    # A number Ostoja's register gave is taken as well (a benefit after the imported one's).
    after = factories.line(factories.members(household)[0], period_from=D(2025, 4, 1))
    decision = factories.for_signature(
        actor=clerk, household=household, lines=[after], **grant_values
    )
    signed = services.decision_sign(actor=signer, decision=decision, base_version=decision.version)
    with pytest.raises(ValidationError) as raised:
        _import(signer, household, number=signed.number)
    assert signed.number in _errors(raised)["number"][0]


def test_dates_out_of_order_or_in_the_future_are_refused_on_their_fields(
    signer: Any, household: Any
) -> None:
    with pytest.raises(ValidationError) as raised:
        _import(
            signer,
            household,
            delivered_on=D(2024, 10, 9),  # before the decision's date
            final_on=D(2024, 10, 8),  # before the delivery
        )
    assert {"delivered_on", "final_on"} <= set(_errors(raised))
    with pytest.raises(ValidationError) as raised:
        # Today is 1 April 2025 (the tests' clock).
        _import(signer, household, issued_on=D(2025, 4, 2), delivered_on=None, final_on=None)
    assert "issued_on" in _errors(raised)
    with pytest.raises(ValidationError) as raised:
        _import(signer, household, delivered_on=None)  # final without a delivery
    assert "final_on" in _errors(raised)
    assert not Decision.objects.exists()


def test_the_originals_facts_are_required(signer: Any, household: Any) -> None:
    with pytest.raises(ValidationError) as raised:
        _import(signer, household, number=" ", signatory="", legal_basis="", lines=[])
    assert {"number", "signatory", "legal_basis", "lines"} <= set(_errors(raised))


def test_a_benefit_for_someone_outside_the_family_is_refused(
    signer: Any, household: Any, household_south: Any
) -> None:
    stranger = factories.members(household_south)[0]
    with pytest.raises(ValidationError) as raised:
        _import(
            signer,
            household,
            lines=[factories.line(stranger, period_from=D(2024, 10, 1), period_to=None)],
        )
    assert "lines-0-person" in _errors(raised)


def test_only_who_sets_the_centre_up_and_sees_the_family_records_one(
    clerk: Any, household: Any, administrator: Any
) -> None:
    # The clerk signs with an authorisation, but recording the past is the centre's set-up.
    with pytest.raises(PermissionDenied):
        _import(clerk, household)
    # The administrator sets the centre up but sees no family.
    with pytest.raises(PermissionDenied):
        _import(administrator, household)


def test_it_settles_its_application_on_the_decisions_date(
    signer: Any, household: Any, clerk: Any
) -> None:
    application = factories.application(household, handled_by=clerk, received_on=D(2024, 10, 2))
    _import(signer, household, application=application)
    application = Application.objects.get(pk=application.pk)
    assert application.state == ApplicationState.DECIDED
    assert application.decided_on == D(2024, 10, 10)


def test_a_change_drafted_in_ostoja_changes_the_imported_award(
    clerk: Any, signer: Any, household: Any, ups_register: Any, grant_values: Any
) -> None:
    imported = _import(signer, household)
    party = imported.party
    # The change rests on an assessment of the family's new application (March 2025).
    change = factories.for_signature(
        actor=clerk,
        household=household,
        **grant_values,
        kind=DecisionKind.CHANGE,
        party=party,
        changes=imported,
        effective_from=D(2025, 2, 1),
        lines=[
            factories.line(
                party, amount=Decimal("450.00"), period_from=D(2025, 2, 1), period_to=D(2025, 3, 31)
            )
        ],
    )
    services.decision_sign(actor=signer, decision=change, base_version=change.version)
    segments = Award.objects.filter(person=party).order_by("valid_from")
    assert [(s.valid_from, s.valid_to, s.amount) for s in segments] == [
        (D(2024, 10, 1), D(2025, 1, 31), Decimal("412.00")),
        (D(2025, 2, 1), D(2025, 3, 31), Decimal("450.00")),
    ]


def test_the_database_refuses_an_imported_decision_with_a_register_number(
    signer: Any, household: Any, ups_register: Any
) -> None:
    decision = _import(signer, household)
    # The check constraint refuses it; on PostgreSQL the signed-decision guard refuses it first.
    with pytest.raises(DatabaseError), transaction.atomic():
        Decision.objects.filter(pk=decision.pk).update(
            register=ups_register, year=2024, sequence=214
        )


@pytest.mark.postgres
def test_postgresql_keeps_an_imported_decision_as_recorded(
    signer: Any, household: Any, ups_register: Any
) -> None:
    decision = _import(signer, household)
    with pytest.raises(DatabaseError), transaction.atomic():
        Decision.objects.filter(pk=decision.pk).update(signatory="Ktoś inny")
    with pytest.raises(DatabaseError), transaction.atomic():
        Decision.objects.filter(pk=decision.pk).update(imported=False)


def test_ostoja_writes_no_document_for_a_paper_decision(
    login: Any, signer: Any, household: Any
) -> None:
    # Its original is the paper: a PDF or DOCX made now would be another text under its number.
    decision = _import(signer, household)
    client = login(signer)
    page = client.get(reverse("benefits:decision_detail", args=[decision.pk]))
    assert page.status_code == 200
    assert SIGNATORY in page.content.decode()
    for view in ("benefits:decision_pdf", "benefits:decision_docx"):
        assert client.get(reverse(view, args=[decision.pk])).status_code == 404


def test_the_register_exports_the_paper_decisions_signatory(
    login: Any, signer: Any, household: Any
) -> None:
    _import(signer, household)
    response = login(signer).get(reverse("benefits:decision_register"), {"format": "xlsx"})
    rows = list(
        openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    )
    assert rows[1][0] == "GOPS.8311.214.2024"
    assert rows[1][-1] == SIGNATORY


def test_an_undue_benefit_brought_from_paper_keeps_its_terms(signer: Any, household: Any) -> None:
    decision = _import(
        signer,
        household,
        kind=DecisionKind.UNDUE,
        repay_by=D(2024, 11, 15),
        instalments=4,
    )
    assert decision.is_issued
    assert (decision.repay_by, decision.instalments) == (D(2024, 11, 15), 4)
    with pytest.raises(ValidationError) as raised:
        _import(
            signer,
            household,
            kind=DecisionKind.UNDUE,
            number="GOPS.8311.215.2024",
            repay_by=D(2024, 11, 15),
            interest_from=D(2024, 10, 1),
        )
    # Social assistance: no statutory interest (art. 30 u.ś.r. is of family benefits).
    assert _errors(raised)["interest_from"]
