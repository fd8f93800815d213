"""Signing: what keeps a decision from being signed, its number, what the signature does, and
the director's approval of many at once."""

import datetime
from decimal import Decimal
from typing import Any
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from ostoja.benefits.catalogue import Benefit
from ostoja.benefits.models import (
    Application,
    ApplicationState,
    Award,
    AwardFrequency,
    Decision,
    DecisionKind,
    DecisionState,
    RegisterCounter,
)
from ostoja.benefits.services import decisions as services
from ostoja.benefits.tests.decisions import factories
from ostoja.benefits.tests.decisions.conftest import noon
from ostoja.casework.models import Interview, InterviewKind, InterviewState
from ostoja.core.locking import ConflictError
from ostoja.core.models import ActionRecord
from ostoja.registry.tests.factories import UserFactory, household_with_members

pytestmark = pytest.mark.django_db


def _sign(signer: Any, decision: Decision) -> Decision:
    return services.decision_sign(actor=signer, decision=decision, base_version=decision.version)


def _refusal_codes(raised: pytest.ExceptionInfo[ValidationError]) -> list[str | None]:
    return [error.code for error in raised.value.error_list]


def test_a_signed_decision_is_numbered_dated_and_awarded(
    clerk: Any, signer: Any, household: Any, grant_values: Any, ups_register: Any
) -> None:
    decision = factories.for_signature(actor=clerk, household=household, **grant_values)
    signed = _sign(signer, decision)
    assert signed.state == DecisionState.SIGNED
    # The first decision of 2025 in the register GOPS.8311, pattern {symbol}.{number}.{year}.
    assert signed.number == "GOPS.8311.1.2025"
    assert (signed.register, signed.year, signed.sequence) == (ups_register, 2025, 1)
    assert signed.issued_on == datetime.date(2025, 4, 1)
    assert signed.signed_by == signer
    assert signed.authorisation == signer.authorisations.get()
    award = Award.objects.get(decision=signed)
    # Zasiłek okresowy runs by month (art. 38 u.p.s.): one monthly segment for the line's period.
    assert award.frequency == AwardFrequency.MONTHLY
    assert (award.valid_from, award.valid_to) == (
        datetime.date(2025, 3, 1),
        datetime.date(2025, 8, 31),
    )
    assert award.amount == Decimal("500.00")
    assert ActionRecord.objects.filter(action=services.DECISION_SIGN).count() == 1
    decision.refresh_from_db()
    assert decision.number == signed.number


def test_the_application_is_settled_when_every_benefit_asked_for_is_decided(
    clerk: Any, signer: Any, household: Any, ups_register: Any
) -> None:
    application = factories.application(
        household, handled_by=clerk, benefits=[Benefit.ZASILEK_OKRESOWY, Benefit.ZASILEK_CELOWY]
    )
    periodic = factories.assessment(application, made_by=clerk)
    purpose = factories.assessment(application, made_by=clerk, benefit=Benefit.ZASILEK_CELOWY)
    grant = factories.for_signature(
        actor=clerk, household=household, application=application, assessment=periodic
    )
    _sign(signer, grant)
    application.refresh_from_db()
    assert application.state == ApplicationState.REGISTERED
    refusal = factories.for_signature(
        actor=clerk,
        household=household,
        kind=DecisionKind.REFUSAL,
        application=application,
        assessment=purpose,
        operative="odmawia się przyznania zasiłku celowego",
    )
    refused = _sign(signer, refusal)
    application.refresh_from_db()
    assert application.state == ApplicationState.DECIDED
    assert application.decided_on == datetime.date(2025, 4, 1)
    assert refused.application is not None
    assert refused.application.state == ApplicationState.DECIDED
    assert not Award.objects.filter(decision=refused).exists()


def test_a_document_frozen_at_signing_is_saved_with_the_signature(
    clerk: Any, signer: Any, household: Any, grant_values: Any, ups_register: Any
) -> None:
    seen: list[tuple[str, str]] = []

    def freeze(decision: Decision) -> None:
        seen.append((decision.number, decision.state))
        decision.document_sha256 = "a" * 64

    decision = factories.for_signature(actor=clerk, household=household, **grant_values)
    services.decision_sign(
        actor=signer, decision=decision, base_version=decision.version, freeze_document=freeze
    )
    assert seen == [("GOPS.8311.1.2025", DecisionState.SIGNED)]
    decision.refresh_from_db()
    assert decision.document_sha256 == "a" * 64


# ---------------------------------------------------------------------------------------------
# Refusals
# ---------------------------------------------------------------------------------------------


def test_a_draft_not_sent_for_signature_is_not_signed(
    clerk: Any, signer: Any, household: Any, grant_values: Any, ups_register: Any
) -> None:
    decision = factories.draft(actor=clerk, household=household, **grant_values)
    with pytest.raises(ValidationError) as raised:
        _sign(signer, decision)
    assert raised.value.code == "draft"


def test_a_signed_decision_is_not_signed_again(
    clerk: Any, signer: Any, household: Any, grant_values: Any, ups_register: Any
) -> None:
    decision = factories.for_signature(actor=clerk, household=household, **grant_values)
    stale = Decision.objects.get(pk=decision.pk)
    _sign(signer, decision)
    other = UserFactory(username="zastepca", role="kierownik", last_name="Zastępczyni")
    factories.authorisation(other, recorded_by=signer)
    with pytest.raises(ValidationError) as raised:
        _sign(other, stale)
    assert raised.value.code == "signed"
    assert signer.get_full_name() in raised.value.messages[0]
    assert "GOPS.8311.1.2025" in raised.value.messages[0]
    assert RegisterCounter.objects.get().last_number == 1


def test_a_signature_on_an_outdated_version_is_refused(
    clerk: Any, signer: Any, household: Any, grant_values: Any, ups_register: Any
) -> None:
    decision = factories.for_signature(actor=clerk, household=household, **grant_values)
    with pytest.raises(ConflictError):
        services.decision_sign(actor=signer, decision=decision, base_version=decision.version - 1)


def test_a_signer_without_the_right_is_refused(
    clerk: Any, household: Any, grant_values: Any, accountant: Any, ups_register: Any
) -> None:
    decision = factories.for_signature(actor=clerk, household=household, **grant_values)
    with pytest.raises(PermissionDenied):
        _sign(accountant, decision)


def test_a_change_of_a_cash_benefit_the_rules_compute_needs_an_assessment(
    clerk: Any, signer: Any, household: Any, grant_values: Any, ups_register: Any
) -> None:
    grant = _sign(signer, factories.for_signature(actor=clerk, household=household, **grant_values))
    party = factories.members(household)[0]
    change = factories.for_signature(
        actor=clerk,
        household=household,
        kind=DecisionKind.CHANGE,
        changes=grant,
        effective_from=datetime.date(2025, 5, 1),
        lines=[
            factories.line(party, amount=Decimal("650.00"), period_from=datetime.date(2025, 5, 1))
        ],
    )
    with pytest.raises(ValidationError) as raised:
        _sign(signer, change)
    assert _refusal_codes(raised) == ["assessment"]
    assert "zasiłek okresowy" in raised.value.messages[0]


def test_a_grant_without_an_interview_is_refused(
    clerk: Any, signer: Any, household: Any, grant_values: Any, ups_register: Any
) -> None:
    Interview.objects.filter(case__household=household).update(state=InterviewState.IN_PROGRESS)
    decision = factories.for_signature(actor=clerk, household=household, **grant_values)
    with pytest.raises(ValidationError) as raised:
        _sign(signer, decision)
    assert _refusal_codes(raised) == ["interview"]
    assert "art. 106 ust. 4" in raised.value.messages[0]


def test_a_refusal_may_rest_on_the_familys_refusal_of_the_interview(
    clerk: Any,
    signer: Any,
    household: Any,
    grant_values: Any,
    ups_register: Any,
    social_worker: Any,
) -> None:
    Interview.objects.filter(case__household=household).delete()
    factories.completed_interview(
        household,
        worker=social_worker,
        kind=InterviewKind.REFUSED,
        state=InterviewState.CLOSED,
        refused_on=datetime.date(2025, 3, 10),
        refusal_circumstances="Strona nie wpuściła pracownika do mieszkania.",
    )
    refusal = factories.for_signature(
        actor=clerk, household=household, kind=DecisionKind.REFUSAL, **grant_values
    )
    assert _sign(signer, refusal).state == DecisionState.SIGNED
    grant = factories.for_signature(actor=clerk, household=household, **grant_values)
    with pytest.raises(ValidationError) as raised:
        _sign(signer, grant)
    assert _refusal_codes(raised) == ["interview"]


def test_a_discontinuance_and_an_undue_benefit_need_no_interview(
    clerk: Any, signer: Any, household: Any, application: Application, ups_register: Any
) -> None:
    Interview.objects.filter(case__household=household).delete()
    discontinuance = factories.for_signature(
        actor=clerk, household=household, kind=DecisionKind.DISCONTINUANCE, application=application
    )
    assert _sign(signer, discontinuance).state == DecisionState.SIGNED
    party = factories.members(household)[0]
    undue = factories.for_signature(
        actor=clerk,
        household=household,
        kind=DecisionKind.UNDUE,
        lines=[factories.line(party, amount=Decimal("1000.00"))],
    )
    assert _sign(signer, undue).state == DecisionState.SIGNED
    # The amount to be returned is no award.
    assert not Award.objects.filter(decision=undue).exists()


@pytest.mark.parametrize(
    "authorisation_values",
    [
        None,
        {"valid_to": datetime.date(2025, 3, 31)},
        {"valid_from": datetime.date(2025, 4, 2)},
        {"revoked_on": datetime.date(2025, 4, 1)},
        {"social_assistance": False, "family_benefits": True},
    ],
    ids=["none", "expired", "not-yet", "revoked-today", "other-act"],
)
def test_a_signer_without_an_authorisation_valid_today_is_refused(
    clerk: Any,
    director: Any,
    household: Any,
    grant_values: Any,
    ups_register: Any,
    authorisation_values: dict[str, Any] | None,
) -> None:
    if authorisation_values is not None:
        factories.authorisation(director, recorded_by=director, **authorisation_values)
    decision = factories.for_signature(actor=clerk, household=household, **grant_values)
    with pytest.raises(ValidationError) as raised:
        _sign(director, decision)
    assert _refusal_codes(raised) == ["authorisation"]


def test_the_drafter_signs_only_where_the_centre_allows_it(
    signer: Any, household: Any, grant_values: Any, ups_register: Any
) -> None:
    decision = factories.for_signature(actor=signer, household=household, **grant_values)
    with override_settings(OSTOJA_DRAFTER_MAY_SIGN=False), pytest.raises(ValidationError) as raised:
        _sign(signer, decision)
    assert _refusal_codes(raised) == ["drafter"]
    with override_settings(OSTOJA_DRAFTER_MAY_SIGN=True):
        assert _sign(signer, decision).state == DecisionState.SIGNED


def test_no_register_in_use_for_the_act_is_refused(
    clerk: Any, signer: Any, household: Any, grant_values: Any
) -> None:
    factories.register(symbol="GOPS.5210", act=factories.USR)
    decision = factories.for_signature(actor=clerk, household=household, **grant_values)
    with pytest.raises(ValidationError) as raised:
        _sign(signer, decision)
    assert _refusal_codes(raised) == ["register"]
    assert not RegisterCounter.objects.exists()


def test_every_missing_thing_is_said_at_once(
    director: Any, household: Any, grant_values: Any
) -> None:
    Interview.objects.filter(case__household=household).delete()
    decision = factories.for_signature(actor=director, household=household, **grant_values)
    with pytest.raises(ValidationError) as raised:
        _sign(director, decision)
    assert _refusal_codes(raised) == ["interview", "authorisation", "drafter", "register"]
    decision.refresh_from_db()
    assert decision.state == DecisionState.FOR_APPROVAL


# ---------------------------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------------------------


def _family_grant(clerk: Any, household: Any) -> Decision:
    party = factories.members(household)[0]
    return factories.for_signature(
        actor=clerk,
        household=household,
        act=factories.USR,
        lines=[factories.line(party, benefit=Benefit.ZASILEK_RODZINNY, amount=Decimal("135.00"))],
    )


def test_numbers_follow_each_other_per_register_and_start_again_each_year(
    clerk: Any, signer: Any, household: Any, grant_values: Any, ups_register: Any, clock: Any
) -> None:
    family_register = factories.register(
        symbol="GOPS.5210", act=factories.USR, pattern="{symbol}/{number}/{year}"
    )
    first = _sign(signer, factories.for_signature(actor=clerk, household=household, **grant_values))
    family = _sign(signer, _family_grant(clerk, household))
    second = _sign(
        signer,
        factories.for_signature(
            actor=clerk,
            household=household,
            kind=DecisionKind.REFUSAL,
            operative="odmawia się",
            **grant_values,
        ),
    )
    assert [first.number, second.number] == ["GOPS.8311.1.2025", "GOPS.8311.2.2025"]
    # The family-benefit register has its own sequence and pattern.
    assert family.number == "GOPS.5210/1/2025"
    assert family.register == family_register
    # A new year, a new sequence: the first decision signed on 2 January 2026 is number 1.
    clock.move_to(noon(datetime.date(2026, 1, 2)))
    application = factories.application(
        household, handled_by=clerk, received_on=datetime.date(2025, 12, 29)
    )
    assessment = factories.assessment(application, made_by=clerk)
    next_year = _sign(
        signer,
        factories.for_signature(
            actor=clerk,
            household=household,
            application=application,
            assessment=assessment,
            lines=[
                factories.line(
                    factories.members(household)[0],
                    period_from=datetime.date(2025, 12, 1),
                    period_to=datetime.date(2026, 2, 28),
                    benefit=Benefit.ZASILEK_OKRESOWY,
                )
            ],
        ),
    )
    assert (next_year.number, next_year.year, next_year.sequence) == ("GOPS.8311.1.2026", 2026, 1)
    counters = dict(
        RegisterCounter.objects.filter(register=ups_register).values_list("year", "last_number")
    )
    assert counters == {2025: 2, 2026: 1}


def test_a_register_for_both_acts_numbers_both(
    clerk: Any, signer: Any, household: Any, grant_values: Any
) -> None:
    factories.register(symbol="GOPS.831", act="")
    social = _sign(
        signer, factories.for_signature(actor=clerk, household=household, **grant_values)
    )
    family = _sign(signer, _family_grant(clerk, household))
    assert [social.number, family.number] == ["GOPS.831.1.2025", "GOPS.831.2.2025"]


def test_a_signing_that_fails_after_taking_its_number_gives_it_back(
    clerk: Any, signer: Any, household: Any, grant_values: Any, ups_register: Any
) -> None:
    refusal = factories.for_signature(
        actor=clerk, household=household, kind=DecisionKind.REFUSAL, **grant_values
    )
    assert _sign(signer, refusal).number == "GOPS.8311.1.2025"
    decision = factories.for_signature(actor=clerk, household=household, **grant_values)
    with (
        mock.patch(
            "ostoja.benefits.services.awards.awards_grant", side_effect=RuntimeError("disk full")
        ),
        pytest.raises(RuntimeError),
    ):
        _sign(signer, decision)
    assert RegisterCounter.objects.get(register=ups_register, year=2025).last_number == 1
    decision.refresh_from_db()
    assert (decision.state, decision.sequence, decision.number) == (
        DecisionState.FOR_APPROVAL,
        None,
        "",
    )
    assert not Award.objects.filter(decision=decision).exists()
    # The number came back: the next signature takes 2, not 3.
    assert _sign(signer, decision).number == "GOPS.8311.2.2025"


# ---------------------------------------------------------------------------------------------
# Many at once
# ---------------------------------------------------------------------------------------------


def test_the_director_signs_many_and_one_refusal_stops_no_other(
    clerk: Any, signer: Any, household: Any, grant_values: Any, ups_register: Any, area_north: Any
) -> None:
    first = factories.for_signature(actor=clerk, household=household, **grant_values)
    own = factories.for_signature(actor=signer, household=household, **grant_values)
    other_family = household_with_members(area=area_north, members=2)
    factories.completed_interview(other_family, worker=clerk)
    other_application = factories.application(other_family, handled_by=clerk)
    third = factories.for_signature(
        actor=clerk,
        household=other_family,
        application=other_application,
        assessment=factories.assessment(other_application, made_by=clerk),
    )
    result = services.decisions_sign_many(actor=signer, decisions=[first, own, third])
    assert [d.number for d in result.signed] == ["GOPS.8311.1.2025", "GOPS.8311.2.2025"]
    assert [d.pk for d in result.signed] == [first.pk, third.pk]
    [(refused, reasons)] = result.refused
    assert refused.pk == own.pk
    assert len(reasons) == 1
    own.refresh_from_db()
    assert own.state == DecisionState.FOR_APPROVAL
