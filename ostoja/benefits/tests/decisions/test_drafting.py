"""Drafting a decision: what a draft may say, its changes, and its way to the signer."""

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ostoja.benefits.catalogue import Benefit
from ostoja.benefits.models import (
    Application,
    ApplicationState,
    Decision,
    DecisionKind,
    DecisionState,
    PaymentMethod,
)
from ostoja.benefits.services import decisions as services
from ostoja.benefits.tests.decisions import factories
from ostoja.core.locking import ConflictError
from ostoja.core.models import ActionRecord
from ostoja.registry.models import Membership
from ostoja.registry.tests.factories import PersonFactory, make_nrb

D = datetime.date
pytestmark = pytest.mark.django_db


def _errors(raised: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return raised.value.message_dict


def test_a_granting_draft_lists_its_benefits_paid_to_the_party(
    clerk: Any, household: Any, grant_values: Any
) -> None:
    decision = factories.draft(actor=clerk, household=household, **grant_values)
    assert decision.state == DecisionState.DRAFT
    assert decision.drafted_by == clerk
    line = decision.lines.get()
    assert line.payee == decision.party
    assert line.amount == Decimal("500.00")
    record = ActionRecord.objects.get(action=services.DECISION_DRAFT)
    assert record.details["decision_id"] == decision.pk


def test_only_staff_who_work_on_the_application_draft(
    household: Any, grant_values: Any, other_social_worker: Any, accountant: Any
) -> None:
    # The southern area's worker does not see the northern family; accounting only reads.
    for outsider in (other_social_worker, accountant):
        with pytest.raises(PermissionDenied):
            factories.draft(actor=outsider, household=household, **grant_values)


def test_a_settled_application_takes_no_new_draft(
    clerk: Any, household: Any, grant_values: Any, application: Application
) -> None:
    application.state = ApplicationState.DECIDED
    application.save()
    with pytest.raises(PermissionDenied):
        factories.draft(actor=clerk, household=household, **grant_values)


def test_a_withdrawn_application_is_still_discontinued(
    clerk: Any, household: Any, application: Application
) -> None:
    application.state = ApplicationState.WITHDRAWN
    application.withdrawn_on = datetime.date(2025, 3, 20)
    application.save()
    decision = factories.draft(
        actor=clerk,
        household=household,
        kind=DecisionKind.DISCONTINUANCE,
        application=application,
        legal_basis="art. 105 § 1 k.p.a.",
    )
    assert decision.kind == DecisionKind.DISCONTINUANCE


def test_social_assistance_is_granted_or_refused_on_an_assessment_of_the_application(
    clerk: Any, household: Any, application: Application, assessment: Any
) -> None:
    with pytest.raises(ValidationError) as raised:
        factories.draft(actor=clerk, household=household, application=application)
    assert "assessment" in _errors(raised)
    other = factories.application(household, handled_by=clerk)
    foreign = factories.assessment(other, made_by=clerk)
    with pytest.raises(ValidationError) as raised:
        factories.draft(
            actor=clerk, household=household, application=application, assessment=foreign
        )
    assert "assessment" in _errors(raised)


def test_a_change_names_an_issued_decision_of_the_family(
    clerk: Any, signer: Any, household: Any, household_south: Any, grant_values: Any
) -> None:
    change: dict[str, Any] = {
        "kind": DecisionKind.CHANGE,
        "effective_from": datetime.date(2025, 5, 1),
    }
    with pytest.raises(ValidationError) as raised:
        factories.draft(actor=clerk, household=household, **change)
    assert "changes" in _errors(raised)
    not_signed = factories.draft(actor=clerk, household=household, **grant_values)
    with pytest.raises(ValidationError) as raised:
        factories.draft(actor=clerk, household=household, changes=not_signed, **change)
    assert "changes" in _errors(raised)
    # An issued decision, but of another family.
    factories.register(symbol="GOPS.831", act="")
    south = factories.for_signature(
        actor=clerk,
        household=household_south,
        kind=DecisionKind.GRANT,
        act=factories.USR,
        lines=[
            factories.line(factories.members(household_south)[0], benefit=Benefit.ZASILEK_RODZINNY)
        ],
    )
    south = services.decision_sign(actor=signer, decision=south, base_version=south.version)
    with pytest.raises(ValidationError) as raised:
        factories.draft(actor=clerk, household=household, changes=south, **change)
    assert "changes" in _errors(raised)


def test_a_changing_kind_needs_its_effective_day(clerk: Any, household: Any) -> None:
    with pytest.raises(ValidationError) as raised:
        factories.draft(actor=clerk, household=household, kind=DecisionKind.SUSPENSION)
    assert {"changes", "effective_from"} <= set(_errors(raised))


def test_a_refusal_lists_no_benefits(clerk: Any, household: Any, grant_values: Any) -> None:
    party = factories.members(household)[0]
    with pytest.raises(ValidationError) as raised:
        factories.draft(
            actor=clerk,
            household=household,
            kind=DecisionKind.REFUSAL,
            lines=[factories.line(party)],
            **grant_values,
        )
    assert "lines" in _errors(raised)


def _draft_with(clerk: Any, household: Any, grant_values: Any, **line_values: Any) -> Any:
    party = factories.members(household)[0]
    person = line_values.pop("person", party)
    return factories.draft(
        actor=clerk,
        household=household,
        lines=[factories.line(person, **line_values)],
        **grant_values,
    )


@pytest.mark.parametrize(
    ("line_values", "field"),
    [
        ({"benefit": Benefit.ZASILEK_RODZINNY}, "lines-0-benefit"),
        ({"benefit": Benefit.PRACA_SOCJALNA, "amount": None}, "lines-0-benefit"),
        ({"amount": None}, "lines-0-amount"),
        ({"method": PaymentMethod.BANK}, "lines-0-account"),
        (
            {"method": PaymentMethod.BANK, "account": "12345678901234567890123456"},
            "lines-0-account",
        ),
        ({"period_to": datetime.date(2025, 2, 28)}, "lines-0-period_to"),
    ],
)
def test_a_line_is_refused_with_its_field(
    clerk: Any, household: Any, grant_values: Any, line_values: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        _draft_with(clerk, household, grant_values, **line_values)
    assert field in _errors(raised)


def test_a_bank_transfer_with_a_valid_account_is_accepted(
    clerk: Any, household: Any, grant_values: Any
) -> None:
    decision = _draft_with(
        clerk, household, grant_values, method=PaymentMethod.BANK, account=make_nrb(7)
    )
    assert decision.lines.get().account == make_nrb(7)


def test_the_person_and_the_payee_belong_to_the_family_on_the_first_day(
    clerk: Any, household: Any, grant_values: Any
) -> None:
    stranger = PersonFactory()
    with pytest.raises(ValidationError) as raised:
        _draft_with(clerk, household, grant_values, person=stranger)
    assert "lines-0-person" in _errors(raised)
    with pytest.raises(ValidationError) as raised:
        _draft_with(clerk, household, grant_values, payee=stranger)
    assert "lines-0-payee" in _errors(raised)
    # A child who left the family at the end of February is no member on 1 March.
    child = factories.members(household)[2]
    Membership.objects.filter(person=child).update(valid_to=datetime.date(2025, 2, 28))
    with pytest.raises(ValidationError) as raised:
        _draft_with(clerk, household, grant_values, person=child)
    assert "01.03.2025" in _errors(raised)["lines-0-person"][0]


def test_one_monthly_benefit_for_one_person_is_listed_once_for_a_period(
    clerk: Any, household: Any, grant_values: Any
) -> None:
    party = factories.members(household)[0]
    twice = [
        factories.line(party),
        factories.line(party, period_from=datetime.date(2025, 8, 1), period_to=None),
    ]
    with pytest.raises(ValidationError) as raised:
        factories.draft(actor=clerk, household=household, lines=twice, **grant_values)
    assert "lines-1-period_from" in _errors(raised)


def test_lines_may_be_given_as_mappings(clerk: Any, household: Any, grant_values: Any) -> None:
    party = factories.members(household)[0]
    raw: dict[str, Any] = {
        "benefit": Benefit.ZASILEK_OKRESOWY,
        "person": party,
        "amount": Decimal("420.00"),
        "period_from": datetime.date(2025, 3, 1),
        "method": PaymentMethod.CASH,
    }
    decision = factories.draft(actor=clerk, household=household, lines=[raw], **grant_values)
    assert decision.lines.get().amount == Decimal("420.00")
    with pytest.raises(TypeError):
        factories.draft(
            actor=clerk, household=household, lines=[{**raw, "colour": "red"}], **grant_values
        )


def test_immediate_enforceability_needs_its_reason(
    clerk: Any, household: Any, grant_values: Any
) -> None:
    with pytest.raises(ValidationError) as raised:
        factories.draft(
            actor=clerk, household=household, immediately_enforceable=True, **grant_values
        )
    assert "enforceability_reason" in _errors(raised)


# ---------------------------------------------------------------------------------------------
# Changing a draft
# ---------------------------------------------------------------------------------------------


def test_a_draft_is_changed_from_the_version_the_form_shows(
    clerk: Any, household: Any, grant_values: Any
) -> None:
    decision = factories.draft(actor=clerk, household=household, **grant_values)
    services.decision_update(
        actor=clerk, decision=decision, base_version=1, operative="przyznaje się 600 zł"
    )
    decision.refresh_from_db()
    assert (decision.operative, decision.version) == ("przyznaje się 600 zł", 2)
    stale = Decision.objects.get(pk=decision.pk)
    stale.version = 1
    with pytest.raises(ConflictError) as raised:
        services.decision_update(actor=clerk, decision=stale, base_version=1, operative="x")
    assert [change.field for change in raised.value.changes] == ["operative"]
    with pytest.raises(TypeError):
        services.decision_update(actor=clerk, decision=decision, base_version=2, kind="odmowa")


def test_the_lines_of_a_draft_are_replaced(clerk: Any, household: Any, grant_values: Any) -> None:
    decision = factories.draft(actor=clerk, household=household, **grant_values)
    party, _spouse, child = factories.members(household)
    services.decision_lines_set(
        actor=clerk,
        decision=decision,
        base_version=decision.version,
        lines=[factories.line(party), factories.line(child, benefit=Benefit.POSILEK, amount=None)],
    )
    assert sorted(decision.lines.values_list("benefit", flat=True)) == [
        "posilek",
        "zasilek_okresowy",
    ]
    assert decision.version == 2
    with pytest.raises(ConflictError):
        services.decision_lines_set(actor=clerk, decision=decision, base_version=1, lines=[])


def test_the_text_and_the_lines_are_saved_together_as_one_version(
    clerk: Any, household: Any, grant_values: Any
) -> None:
    decision = factories.draft(actor=clerk, household=household, **grant_values)
    party, _spouse, child = factories.members(household)
    services.decision_edit(
        actor=clerk,
        decision=decision,
        base_version=1,
        lines=[factories.line(party), factories.line(child, benefit=Benefit.POSILEK, amount=None)],
        operative="przyznaje się dwa świadczenia",
    )
    decision.refresh_from_db()
    assert (decision.operative, decision.version) == ("przyznaje się dwa świadczenia", 2)
    assert decision.lines.count() == 2
    # Without lines, the lines stay; a stale version saves nothing.
    services.decision_edit(actor=clerk, decision=decision, base_version=2, distribution="a/a")
    assert decision.lines.count() == 2
    stale = Decision.objects.get(pk=decision.pk)
    stale.version = 2
    with pytest.raises(ConflictError):
        services.decision_edit(actor=clerk, decision=stale, base_version=2, lines=[], operative="x")
    decision.refresh_from_db()
    assert (decision.operative, decision.lines.count()) == ("przyznaje się dwa świadczenia", 2)
    with pytest.raises(TypeError):
        services.decision_edit(actor=clerk, decision=decision, base_version=3, kind="odmowa")


def test_a_refused_line_saves_neither_the_lines_nor_the_text(
    clerk: Any, household: Any, grant_values: Any
) -> None:
    decision = factories.draft(actor=clerk, household=household, **grant_values)
    party = factories.members(household)[0]
    wrong = factories.line(party, period_from=D(2025, 5, 1), period_to=D(2025, 4, 30))
    with pytest.raises(ValidationError):
        services.decision_edit(
            actor=clerk, decision=decision, base_version=1, lines=[wrong], operative="x"
        )
    decision.refresh_from_db()
    assert decision.operative != "x"
    assert decision.version == 1


def test_a_draft_sent_for_signature_is_changed_only_after_its_return(
    clerk: Any, signer: Any, household: Any, grant_values: Any
) -> None:
    decision = factories.for_signature(actor=clerk, household=household, **grant_values)
    assert decision.state == DecisionState.FOR_APPROVAL
    assert decision.submitted_at is not None
    with pytest.raises(ValidationError) as raised:
        services.decision_update(
            actor=clerk, decision=decision, base_version=decision.version, operative="x"
        )
    assert raised.value.code == "for_approval"
    with pytest.raises(ValidationError) as raised:
        services.decision_return(actor=signer, decision=decision, note="  ")
    assert "note" in _errors(raised)
    services.decision_return(actor=signer, decision=decision, note="Popraw kwotę.")
    decision.refresh_from_db()
    assert decision.state == DecisionState.DRAFT
    assert decision.submitted_at is None
    record = ActionRecord.objects.get(action=services.DECISION_RETURN)
    assert record.details["note"] == "Popraw kwotę."


def test_a_draft_goes_for_signature_complete(clerk: Any, household: Any, grant_values: Any) -> None:
    unjustified = factories.draft(
        actor=clerk,
        household=household,
        justification_facts="",
        justification_law="",
        **grant_values,
    )
    with pytest.raises(ValidationError) as raised:
        services.decision_submit(actor=clerk, decision=unjustified)
    assert {"justification_facts", "justification_law"} <= set(_errors(raised))
    # Art. 107 § 4 k.p.a.: a decision granting the request in full may go without one.
    services.decision_update(
        actor=clerk, decision=unjustified, base_version=1, grants_request_in_full=True
    )
    services.decision_submit(actor=clerk, decision=unjustified)
    empty = factories.draft(actor=clerk, household=household, lines=[], **grant_values)
    with pytest.raises(ValidationError) as raised:
        services.decision_submit(actor=clerk, decision=empty)
    assert "lines" in _errors(raised)


def test_a_discarded_draft_stays_with_its_reason(
    clerk: Any, signer: Any, household: Any, grant_values: Any, ups_register: Any
) -> None:
    decision = factories.for_signature(actor=clerk, household=household, **grant_values)
    with pytest.raises(ValidationError):
        services.decision_discard(actor=clerk, decision=decision, reason="")
    services.decision_discard(actor=clerk, decision=decision, reason="Wniosek rozpatrzony inaczej.")
    decision.refresh_from_db()
    assert decision.state == DecisionState.DISCARDED
    with pytest.raises(ValidationError) as raised:
        services.decision_sign(actor=signer, decision=decision, base_version=decision.version)
    assert raised.value.code == "discarded"
