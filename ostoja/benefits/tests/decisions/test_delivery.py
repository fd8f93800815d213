"""After the signature: delivery, the waiver of the appeal, finality and the appeal itself.

The decision of these tests is signed on Tuesday 1 April 2025. The calendar of 2025 used below:
Easter Monday is 21 April, 1 May (Thursday) and 3 May (Saturday) are public holidays, 2 May
(Friday) is a working day."""

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from ostoja.benefits.models import (
    Appeal,
    AppealOutcome,
    Decision,
    DecisionState,
    DeliveryMethod,
)
from ostoja.benefits.services import decisions as services
from ostoja.benefits.tests.decisions import factories
from ostoja.benefits.tests.decisions.conftest import noon
from ostoja.core.models import ActionRecord

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def signed(
    clerk: Any, signer: Any, household: Any, grant_values: Any, ups_register: Any
) -> Decision:
    decision = factories.for_signature(actor=clerk, household=household, **grant_values)
    return services.decision_sign(actor=signer, decision=decision, base_version=decision.version)


def _deliver(actor: Any, decision: Decision, **values: Any) -> Decision:
    return services.decision_record_delivery(actor=actor, decision=decision, **values)


def _errors(raised: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return raised.value.message_dict


# ---------------------------------------------------------------------------------------------
# Delivery
# ---------------------------------------------------------------------------------------------


def test_a_decision_handed_over_is_delivered_that_day(
    clerk: Any, signed: Decision, clock: Any
) -> None:
    clock.move_to(noon(D(2025, 4, 2)))
    decision = _deliver(clerk, signed, method=DeliveryMethod.IN_PERSON, delivered_on=D(2025, 4, 2))
    assert (decision.state, decision.delivered_on) == (DecisionState.DELIVERED, D(2025, 4, 2))
    record = ActionRecord.objects.get(action=services.DECISION_DELIVERY)
    # Art. 129 § 2 k.p.a.: 14 days from 2 April (art. 57 § 1: the day of delivery not counted)
    # end on Wednesday 16 April, a working day.
    assert record.details["appeal_deadline"] == "2025-04-16"


def test_a_letter_not_collected_is_deemed_delivered_after_fourteen_days(
    clerk: Any, signed: Decision, clock: Any
) -> None:
    # Art. 44 § 4 k.p.a.: first notice on Thursday 3 April, kept 14 days (the day of the
    # notice not counted): deemed delivered on Thursday 17 April 2025.
    clock.move_to(noon(D(2025, 4, 16)))
    with pytest.raises(ValidationError) as raised:
        _deliver(clerk, signed, method=DeliveryMethod.NOTICE, first_notice_on=D(2025, 4, 3))
    assert "17.04.2025" in _errors(raised)["delivered_on"][0]
    clock.move_to(noon(D(2025, 4, 18)))
    decision = _deliver(clerk, signed, method=DeliveryMethod.NOTICE, first_notice_on=D(2025, 4, 3))
    assert (decision.delivered_on, decision.first_notice_on) == (D(2025, 4, 17), D(2025, 4, 3))


def test_a_refusal_to_accept_is_delivery_on_that_day(
    clerk: Any, signed: Decision, clock: Any
) -> None:
    clock.move_to(noon(D(2025, 4, 7)))
    decision = _deliver(clerk, signed, method=DeliveryMethod.REFUSED, delivered_on=D(2025, 4, 4))
    assert decision.delivered_on == D(2025, 4, 4)


def test_a_delivery_is_not_before_the_decision_nor_in_the_future(
    clerk: Any, signed: Decision
) -> None:
    for day in (D(2025, 3, 31), D(2025, 4, 2)):
        with pytest.raises(ValidationError) as raised:
            _deliver(clerk, signed, method=DeliveryMethod.POST, delivered_on=day)
        assert "delivered_on" in _errors(raised)
    with pytest.raises(ValidationError) as raised:
        _deliver(clerk, signed, method=DeliveryMethod.POST)
    assert "delivered_on" in _errors(raised)
    with pytest.raises(ValidationError) as raised:
        _deliver(clerk, signed, method=DeliveryMethod.NOTICE)
    assert "first_notice_on" in _errors(raised)
    _deliver(clerk, signed, method=DeliveryMethod.POST, delivered_on=D(2025, 4, 1))
    with pytest.raises(ValidationError):
        _deliver(clerk, signed, method=DeliveryMethod.POST, delivered_on=D(2025, 4, 1))


# ---------------------------------------------------------------------------------------------
# Waiver and finality
# ---------------------------------------------------------------------------------------------


def _delivered_on_2_april(clerk: Any, signed: Decision, clock: Any) -> Decision:
    clock.move_to(noon(D(2025, 4, 2)))
    return _deliver(clerk, signed, method=DeliveryMethod.IN_PERSON, delivered_on=D(2025, 4, 2))


def test_a_waiver_within_the_term_makes_the_decision_final_that_day(
    clerk: Any, signed: Decision, clock: Any
) -> None:
    decision = _delivered_on_2_april(clerk, signed, clock)
    clock.move_to(noon(D(2025, 4, 3)))
    decision = services.decision_record_waiver(
        actor=clerk, decision=decision, received_on=D(2025, 4, 3)
    )
    # Art. 127a § 2 k.p.a.: final and binding on the day the waiver reached the centre.
    assert (decision.state, decision.final_on) == (DecisionState.FINAL, D(2025, 4, 3))
    assert decision.waiver_received_on == D(2025, 4, 3)


def test_a_waiver_after_the_term_is_refused(clerk: Any, signed: Decision, clock: Any) -> None:
    decision = _delivered_on_2_april(clerk, signed, clock)
    clock.move_to(noon(D(2025, 4, 18)))
    # The term ended on 16 April (delivered 2 April + 14 days).
    with pytest.raises(ValidationError) as raised:
        services.decision_record_waiver(actor=clerk, decision=decision, received_on=D(2025, 4, 17))
    assert "16.04.2025" in _errors(raised)["received_on"][0]
    services.decision_record_waiver(actor=clerk, decision=decision, received_on=D(2025, 4, 16))


def test_a_decision_not_appealed_is_final_the_day_after_the_term(
    clerk: Any, signed: Decision, clock: Any
) -> None:
    clock.move_to(noon(D(2025, 4, 18)))
    decision = _deliver(clerk, signed, method=DeliveryMethod.NOTICE, first_notice_on=D(2025, 4, 3))
    # Deemed delivered 17 April; 14 days later is Thursday 1 May, a public holiday, so the term
    # ends on Friday 2 May (art. 57 § 4 k.p.a.); the decision is final from 3 May.
    assert services.decisions_make_final(today=D(2025, 5, 2)) == []
    decision.refresh_from_db()
    assert decision.state == DecisionState.DELIVERED
    made = services.decisions_make_final(today=D(2025, 5, 3))
    assert [d.pk for d in made] == [decision.pk]
    decision.refresh_from_db()
    assert (decision.state, decision.final_on) == (DecisionState.FINAL, D(2025, 5, 3))
    # Idempotent: the next day's run finds nothing to do.
    assert services.decisions_make_final(today=D(2025, 5, 4)) == []
    assert decision.history.first().history_user is None


# ---------------------------------------------------------------------------------------------
# Appeals
# ---------------------------------------------------------------------------------------------


def _deemed_delivered_17_april(clerk: Any, signed: Decision, clock: Any) -> Decision:
    """The term of this decision ends on Friday 2 May 2025 (see above)."""
    clock.move_to(noon(D(2025, 4, 18)))
    return _deliver(clerk, signed, method=DeliveryMethod.NOTICE, first_notice_on=D(2025, 4, 3))


def _appeal(actor: Any, decision: Decision, **values: Any) -> Appeal:
    return services.appeal_record(actor=actor, decision=decision, **values)


def test_an_appeal_posted_on_the_last_day_is_on_time(
    clerk: Any, signed: Decision, clock: Any
) -> None:
    decision = _deemed_delivered_17_april(clerk, signed, clock)
    clock.move_to(noon(D(2025, 5, 6)))
    # The daily run has already found the decision final on 3 May...
    services.decisions_make_final(today=D(2025, 5, 6))
    decision.refresh_from_db()
    assert decision.final_on == D(2025, 5, 3)
    # ...when a letter posted on 2 May, the last day (art. 57 § 5 pkt 2), arrives on 6 May.
    appeal = _appeal(clerk, decision, received_on=D(2025, 5, 6), posted_on=D(2025, 5, 2))
    assert not services.appeal_is_late(appeal)
    appealed = Decision.objects.get(pk=decision.pk)
    assert (appealed.state, appealed.final_on) == (DecisionState.APPEALED, None)


def test_an_appeal_posted_after_the_term_is_recorded_late(
    clerk: Any, signed: Decision, clock: Any
) -> None:
    decision = _deemed_delivered_17_april(clerk, signed, clock)
    clock.move_to(noon(D(2025, 5, 6)))
    appeal = _appeal(clerk, decision, received_on=D(2025, 5, 6), posted_on=D(2025, 5, 5))
    assert services.appeal_is_late(appeal)
    decision.refresh_from_db()
    # Final all the same, from the day after the term.
    assert (decision.state, decision.final_on) == (DecisionState.APPEALED, D(2025, 5, 3))
    record = ActionRecord.objects.get(action=services.APPEAL_RECORD)
    assert record.details["is_late"] is True


def test_an_appeal_brought_in_is_on_time_until_the_last_day(
    clerk: Any, signed: Decision, clock: Any
) -> None:
    decision = _deemed_delivered_17_april(clerk, signed, clock)
    clock.move_to(noon(D(2025, 5, 2)))
    appeal = _appeal(clerk, decision, received_on=D(2025, 5, 2))
    assert not services.appeal_is_late(appeal)
    with pytest.raises(ValidationError):
        _appeal(clerk, decision, received_on=D(2025, 5, 2))


def test_an_appeal_after_a_waiver_is_late(clerk: Any, signed: Decision, clock: Any) -> None:
    decision = _delivered_on_2_april(clerk, signed, clock)
    services.decision_record_waiver(actor=clerk, decision=decision, received_on=D(2025, 4, 2))
    clock.move_to(noon(D(2025, 4, 7)))
    appeal = _appeal(clerk, decision, received_on=D(2025, 4, 7))
    # Art. 127a § 2 k.p.a.: the waiver cannot be taken back.
    assert services.appeal_is_late(appeal)
    decision.refresh_from_db()
    assert decision.final_on == D(2025, 4, 2)


def test_an_appeal_needs_a_delivered_decision(clerk: Any, signed: Decision) -> None:
    with pytest.raises(ValidationError) as raised:
        _appeal(clerk, signed, received_on=D(2025, 4, 1))
    assert "received_on" in _errors(raised)


def test_an_appeal_sent_after_seven_days_is_reported(
    clerk: Any, signed: Decision, clock: Any
) -> None:
    decision = _delivered_on_2_april(clerk, signed, clock)
    clock.move_to(noon(D(2025, 4, 14)))
    appeal = _appeal(clerk, decision, received_on=D(2025, 4, 14))
    # Art. 133 k.p.a.: 7 days from Monday 14 April end on Easter Monday 21 April, a public
    # holiday, so on Tuesday 22 April (art. 57 § 4).
    assert services.appeal_transfer_due_on(appeal) == D(2025, 4, 22)
    clock.move_to(noon(D(2025, 4, 23)))
    sent = services.appeal_send(
        actor=clerk, appeal=appeal, sent_on=D(2025, 4, 23), reply="Ośrodek podtrzymuje decyzję."
    )
    assert services.appeal_sent_late(sent)
    decision.refresh_from_db()
    assert decision.state == DecisionState.AT_BOARD
    record = ActionRecord.objects.get(action=services.APPEAL_SEND)
    assert (record.details["is_late"], record.details["due_on"]) == (True, "2025-04-22")


def test_an_appeal_sent_on_the_moved_last_day_is_on_time(
    clerk: Any, signed: Decision, clock: Any
) -> None:
    decision = _delivered_on_2_april(clerk, signed, clock)
    clock.move_to(noon(D(2025, 4, 22)))
    appeal = _appeal(clerk, decision, received_on=D(2025, 4, 14))
    sent = services.appeal_send(actor=clerk, appeal=appeal, sent_on=D(2025, 4, 22), reply="")
    assert not services.appeal_sent_late(sent)
    with pytest.raises(ValidationError):
        services.appeal_send(actor=clerk, appeal=sent, sent_on=D(2025, 4, 22), reply="")


def test_a_decision_upheld_by_the_board_is_final_on_the_day_of_its_decision(
    clerk: Any, signed: Decision, clock: Any
) -> None:
    decision = _delivered_on_2_april(clerk, signed, clock)
    clock.move_to(noon(D(2025, 4, 14)))
    appeal = _appeal(clerk, decision, received_on=D(2025, 4, 14))
    clock.move_to(noon(D(2025, 4, 15)))
    appeal = services.appeal_send(actor=clerk, appeal=appeal, sent_on=D(2025, 4, 15), reply="")
    clock.move_to(noon(D(2025, 5, 20)))
    with pytest.raises(ValidationError) as raised:
        services.appeal_outcome(
            actor=clerk,
            appeal=appeal,
            outcome=AppealOutcome.UPHELD,
            outcome_on=D(2025, 5, 14),
            board_reference="",
        )
    assert "board_reference" in _errors(raised)
    services.appeal_outcome(
        actor=clerk,
        appeal=appeal,
        outcome=AppealOutcome.UPHELD,
        outcome_on=D(2025, 5, 14),
        board_reference="SKO.4111.120.2025",
    )
    decision.refresh_from_db()
    assert (decision.state, decision.final_on) == (DecisionState.FINAL, D(2025, 5, 14))


def test_a_decision_returned_by_the_board_is_reviewed_not_final(
    clerk: Any, signed: Decision, clock: Any
) -> None:
    decision = _delivered_on_2_april(clerk, signed, clock)
    clock.move_to(noon(D(2025, 4, 14)))
    appeal = _appeal(clerk, decision, received_on=D(2025, 4, 14))
    # Art. 132 k.p.a.: the centre's own change comes before the appeal is sent, not after.
    sent = services.appeal_send(actor=clerk, appeal=appeal, sent_on=D(2025, 4, 14), reply="")
    with pytest.raises(ValidationError) as raised:
        services.appeal_outcome(
            actor=clerk,
            appeal=sent,
            outcome=AppealOutcome.SELF_REVIEW,
            outcome_on=D(2025, 4, 14),
            board_reference="",
        )
    assert "outcome" in _errors(raised)
    services.appeal_outcome(
        actor=clerk,
        appeal=sent,
        outcome=AppealOutcome.RETURNED,
        outcome_on=D(2025, 4, 14),
        board_reference="SKO.4111.121.2025",
    )
    decision.refresh_from_db()
    assert (decision.state, decision.final_on) == (DecisionState.REVIEWED, None)


def test_a_request_granted_in_full_without_justification_is_final_on_delivery(
    clerk: Any, signer: Any, household: Any, grant_values: Any, ups_register: Any, clock: Any
) -> None:
    decision = factories.for_signature(
        actor=clerk,
        household=household,
        grants_request_in_full=True,
        justification_facts="",
        justification_law="",
        **grant_values,
    )
    decision = services.decision_sign(
        actor=signer, decision=decision, base_version=decision.version
    )
    clock.move_to(noon(D(2025, 4, 2)))
    decision = _deliver(
        clerk, decision, method=DeliveryMethod.IN_PERSON, delivered_on=D(2025, 4, 2)
    )
    # Art. 127 § 1a k.p.a. (from 12 May 2023): final as it is delivered, with no appeal term.
    assert (decision.state, decision.final_on) == (DecisionState.FINAL, D(2025, 4, 2))
    clock.move_to(noon(D(2025, 4, 7)))
    appeal = _appeal(clerk, decision, received_on=D(2025, 4, 7))
    # Within 14 days of delivery, yet no appeal lies: flagged, and the decision stays final.
    assert services.appeal_is_late(appeal)
    assert Decision.objects.get(pk=decision.pk).final_on == D(2025, 4, 2)


def test_a_justified_grant_keeps_its_appeal_term(clerk: Any, signed: Decision, clock: Any) -> None:
    assert signed.grants_request_in_full is False
    decision = _delivered_on_2_april(clerk, signed, clock)
    assert (decision.state, decision.final_on) == (DecisionState.DELIVERED, None)
