"""Awards made by signed decisions, and their chains of segments through changes, suspensions,
resumptions and revocations. Every date below is worked out by hand: a decision taking effect
on a day ends the segment it acts on the day before, and the next segment starts that day."""

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from ostoja.benefits.catalogue import Benefit
from ostoja.benefits.models import Award, AwardFrequency, Decision, DecisionKind, RegisterCounter
from ostoja.benefits.services import decisions as services
from ostoja.benefits.tests.decisions import factories

pytestmark = pytest.mark.django_db

D = datetime.date


def _sign(signer: Any, decision: Decision) -> Decision:
    return services.decision_sign(actor=signer, decision=decision, base_version=decision.version)


def _segments(
    person: Any, benefit: str
) -> list[tuple[datetime.date, datetime.date | None, Any, bool]]:
    awards = Award.objects.filter(person=person, benefit=benefit).order_by("valid_from")
    return [(a.valid_from, a.valid_to, a.amount, a.suspended) for a in awards]


@pytest.fixture
def granted(
    clerk: Any, signer: Any, household: Any, grant_values: Any, ups_register: Any
) -> Decision:
    """Zasiłek okresowy of 500 zł for the head of the family and meals for a child, both from
    1 March to 31 August 2025."""
    party, _spouse, child = factories.members(household)
    lines = [
        factories.line(party),
        factories.line(child, benefit=Benefit.POSILEK, amount=None),
    ]
    decision = factories.for_signature(
        actor=clerk, household=household, lines=lines, **grant_values
    )
    return _sign(signer, decision)


def _acting_on(
    clerk: Any,
    signer: Any,
    household: Any,
    kind: str,
    changes: Decision,
    effective_from: datetime.date,
    **values: Any,
) -> Decision:
    decision = factories.for_signature(
        actor=clerk,
        household=household,
        kind=kind,
        changes=changes,
        effective_from=effective_from,
        **values,
    )
    return _sign(signer, decision)


def test_a_grant_makes_one_award_per_line(granted: Decision, household: Any) -> None:
    party, _spouse, child = factories.members(household)
    assert _segments(party, Benefit.ZASILEK_OKRESOWY) == [
        (D(2025, 3, 1), D(2025, 8, 31), Decimal("500.00"), False)
    ]
    meals = Award.objects.get(person=child)
    assert (meals.frequency, meals.amount, meals.payee) == (AwardFrequency.MONTHLY, None, party)


def test_a_purpose_allowance_is_one_off(
    clerk: Any, signer: Any, household: Any, application: Any, ups_register: Any
) -> None:
    assessment = factories.assessment(application, made_by=clerk, benefit=Benefit.ZASILEK_CELOWY)
    party = factories.members(household)[0]
    fuel = factories.line(
        party,
        benefit=Benefit.ZASILEK_CELOWY,
        amount=Decimal("300.00"),
        purpose="opał",
        period_from=D(2025, 4, 1),
        period_to=D(2025, 4, 1),
    )
    decision = factories.for_signature(
        actor=clerk,
        household=household,
        application=application,
        assessment=assessment,
        lines=[fuel],
    )
    award = Award.objects.get(decision=_sign(signer, decision))
    assert award.frequency == AwardFrequency.ONE_OFF


def test_change_suspension_resumption_and_revocation_chain(
    clerk: Any, signer: Any, household: Any, granted: Decision, assessment: Any
) -> None:
    party, _spouse, child = factories.members(household)
    # Change from 1 May 2025 to 650 zł: the March segment ends on 30 April.
    change = _acting_on(
        clerk,
        signer,
        household,
        DecisionKind.CHANGE,
        granted,
        D(2025, 5, 1),
        assessment=assessment,
        lines=[factories.line(party, amount=Decimal("650.00"), period_from=D(2025, 5, 1))],
    )
    assert _segments(party, Benefit.ZASILEK_OKRESOWY) == [
        (D(2025, 3, 1), D(2025, 4, 30), Decimal("500.00"), False),
        (D(2025, 5, 1), D(2025, 8, 31), Decimal("650.00"), False),
    ]
    first, changed = Award.objects.filter(person=party).order_by("valid_from")
    assert (first.ended_by, changed.continues, changed.decision) == (change, first, change)
    # The meals have no line in the change: they go on untouched.
    assert _segments(child, Benefit.POSILEK) == [(D(2025, 3, 1), D(2025, 8, 31), None, False)]

    # Suspension of the changed decision from 1 June: the May segment ends on 31 May and a
    # suspended one runs from 1 June to 31 August, where the benefit would have ended.
    suspension = _acting_on(
        clerk, signer, household, DecisionKind.SUSPENSION, change, D(2025, 6, 1)
    )
    assert _segments(party, Benefit.ZASILEK_OKRESOWY)[1:] == [
        (D(2025, 5, 1), D(2025, 5, 31), Decimal("650.00"), False),
        (D(2025, 6, 1), D(2025, 8, 31), Decimal("650.00"), True),
    ]
    # The meals were granted by the first decision, not by the suspended one.
    assert _segments(child, Benefit.POSILEK) == [(D(2025, 3, 1), D(2025, 8, 31), None, False)]

    # Resumption from 1 July on the same terms: suspended 1–30 June, paid again from 1 July.
    resumption = _acting_on(
        clerk, signer, household, DecisionKind.RESUMPTION, suspension, D(2025, 7, 1)
    )
    assert _segments(party, Benefit.ZASILEK_OKRESOWY)[2:] == [
        (D(2025, 6, 1), D(2025, 6, 30), Decimal("650.00"), True),
        (D(2025, 7, 1), D(2025, 8, 31), Decimal("650.00"), False),
    ]
    resumed = Award.objects.get(decision=resumption)
    assert resumed.continues is not None
    assert resumed.continues.decision == suspension

    # Revocation of the first decision from 1 August acts on its whole chain: the resumed
    # segment and the meals both end on 31 July.
    revocation = _acting_on(
        clerk, signer, household, DecisionKind.REVOCATION, granted, D(2025, 8, 1)
    )
    assert _segments(party, Benefit.ZASILEK_OKRESOWY)[-1] == (
        D(2025, 7, 1),
        D(2025, 7, 31),
        Decimal("650.00"),
        False,
    )
    assert _segments(child, Benefit.POSILEK) == [(D(2025, 3, 1), D(2025, 7, 31), None, False)]
    assert set(Award.objects.filter(ended_by=revocation).values_list("pk", flat=True)) == {
        resumed.pk,
        Award.objects.get(person=child).pk,
    }


def test_a_resumption_may_give_new_terms(
    clerk: Any, signer: Any, household: Any, granted: Decision, assessment: Any
) -> None:
    party = factories.members(household)[0]
    suspension = _acting_on(
        clerk, signer, household, DecisionKind.SUSPENSION, granted, D(2025, 5, 1)
    )
    _acting_on(
        clerk,
        signer,
        household,
        DecisionKind.RESUMPTION,
        suspension,
        D(2025, 6, 1),
        lines=[factories.line(party, amount=Decimal("450.00"), period_from=D(2025, 6, 1))],
    )
    # Paid 1 March – 30 April, suspended in May, 450 zł from 1 June.
    assert _segments(party, Benefit.ZASILEK_OKRESOWY) == [
        (D(2025, 3, 1), D(2025, 4, 30), Decimal("500.00"), False),
        (D(2025, 5, 1), D(2025, 5, 31), Decimal("500.00"), True),
        (D(2025, 6, 1), D(2025, 8, 31), Decimal("450.00"), False),
    ]


def test_a_segment_cannot_end_before_it_begins(
    clerk: Any, signer: Any, household: Any, granted: Decision, ups_register: Any
) -> None:
    # The benefits began on 1 March: a suspension from that day would end them on 28 February.
    decision = factories.for_signature(
        actor=clerk,
        household=household,
        kind=DecisionKind.SUSPENSION,
        changes=granted,
        effective_from=D(2025, 3, 1),
    )
    with pytest.raises(ValidationError) as raised:
        _sign(signer, decision)
    assert "01.03.2025" in raised.value.message_dict["effective_from"][0]
    assert RegisterCounter.objects.get(register=ups_register).last_number == 1


def test_a_change_names_benefits_the_changed_decision_awards(
    clerk: Any, household: Any, granted: Decision, assessment: Any
) -> None:
    spouse = factories.members(household)[1]
    with pytest.raises(ValidationError) as raised:
        factories.draft(
            actor=clerk,
            household=household,
            kind=DecisionKind.CHANGE,
            changes=granted,
            effective_from=D(2025, 5, 1),
            assessment=assessment,
            lines=[factories.line(spouse, period_from=D(2025, 5, 1))],
        )
    assert "lines-0-benefit" in raised.value.message_dict
    party = factories.members(household)[0]
    with pytest.raises(ValidationError) as raised:
        factories.draft(
            actor=clerk,
            household=household,
            kind=DecisionKind.CHANGE,
            changes=granted,
            effective_from=D(2025, 5, 1),
            assessment=assessment,
            lines=[factories.line(party, period_from=D(2025, 6, 1))],
        )
    assert "01.05.2025" in raised.value.message_dict["lines-0-period_from"][0]


def test_nothing_in_force_cannot_be_suspended(
    clerk: Any, signer: Any, household: Any, granted: Decision
) -> None:
    _acting_on(clerk, signer, household, DecisionKind.REVOCATION, granted, D(2025, 5, 1))
    decision = factories.for_signature(
        actor=clerk,
        household=household,
        kind=DecisionKind.SUSPENSION,
        changes=granted,
        effective_from=D(2025, 6, 1),
    )
    with pytest.raises(ValidationError) as raised:
        _sign(signer, decision)
    assert "01.06.2025" in raised.value.message_dict["effective_from"][0]


def test_the_same_monthly_benefit_is_not_granted_twice_for_a_period(
    clerk: Any, signer: Any, household: Any, granted: Decision, grant_values: Any
) -> None:
    party = factories.members(household)[0]
    later = factories.line(party, period_from=D(2025, 8, 1), period_to=D(2025, 12, 31))
    decision = factories.for_signature(
        actor=clerk, household=household, lines=[later], **grant_values
    )
    with pytest.raises(ValidationError) as raised:
        _sign(signer, decision)
    # The granted segment runs to 31 August, the new one would begin on 1 August.
    assert granted.number in raised.value.messages[0]
    decision.refresh_from_db()
    assert decision.sequence is None
    # From 1 September there is no overlap.
    clear = factories.for_signature(
        actor=clerk,
        household=household,
        lines=[factories.line(party, period_from=D(2025, 9, 1), period_to=D(2025, 12, 31))],
        **grant_values,
    )
    assert _sign(signer, clear).number == "GOPS.8311.2.2025"
