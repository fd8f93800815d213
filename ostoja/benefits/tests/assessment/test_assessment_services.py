# mypy: allow-untyped-decorators
"""The assessment services: who may assess, what is frozen, how a re-assessment chains, the
casework's warnings, the rules' refusals as field errors, and the re-indexation's recompute.

Every amount expected here is worked out by hand from the statute's figures in
/work/shared/domain/reference.md (§ 2.3 criteria, § 3.3 zasiłek stały), in the comments."""

import datetime
import re
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ostoja.accounts.models import Area, User
from ostoja.benefits.catalogue import Benefit
from ostoja.benefits.models import (
    Application,
    ApplicationState,
    Assessment,
    AssessmentFlag,
    Reindexation,
)
from ostoja.benefits.services.assessments import (
    assessment_create,
    assessment_recompute,
    result_to_json,
    rules_version,
)
from ostoja.benefits.tests.assessment.factories import (
    Someone,
    application_for,
    cooperation_event,
    facts,
    family,
    income,
    interview,
    members_of,
    refused_interview,
)
from ostoja.casework.models import CooperationEventKind, InterviewState
from ostoja.core.actions import actions_about
from ostoja.registry.models import Household, Membership, Relation
from ostoja.rules import household as rules
from ostoja.rules.benefits import calculate

ZS = Benefit.ZASILEK_STALY.value
ZO = Benefit.ZASILEK_OKRESOWY.value
ZC = Benefit.ZASILEK_CELOWY.value
ZR = Benefit.ZASILEK_RODZINNY.value
# A woman of 74 living alone: unable to work because of age (art. 6 pkt 7 u.p.s.: 60 for a woman).
PENSIONER = Someone(datetime.date(1950, 3, 1), "K", Relation.APPLICANT, "Zofia")
RECEIVED = datetime.date(2024, 12, 10)  # a Tuesday
NOVEMBER = datetime.date(2024, 11, 1)


@pytest.fixture
def pensioner(area_north: Area) -> Household:
    """Alone, 600 zł of pension in November 2024 (the month before an application in December)."""
    household = family(area=area_north, members=[PENSIONER])
    income(members_of(household)[0], NOVEMBER, "600.00", kind="emerytura")
    return household


def _apply(household: Household, clerk: User, *benefits: str, **fields: Any) -> Application:
    return application_for(
        household, list(benefits or [ZS]), received_on=RECEIVED, handled_by=clerk, **fields
    )


# ---------------------------------------------------------------------------------------------
# Who may assess, and what
# ---------------------------------------------------------------------------------------------


def test_an_assessment_is_refused_without_the_capability(
    pensioner: Household, clerk: User, accountant: User
) -> None:
    application = _apply(pensioner, clerk)
    with pytest.raises(PermissionDenied):
        assessment_create(actor=accountant, application=application, benefit=ZS)
    assert not Assessment.objects.exists()


def test_an_assessment_is_refused_outside_the_workers_areas(
    pensioner: Household, clerk: User, social_worker: User, other_social_worker: User
) -> None:
    application = _apply(pensioner, clerk)
    with pytest.raises(PermissionDenied):
        assessment_create(actor=other_social_worker, application=application, benefit=ZS)
    made = assessment_create(actor=social_worker, application=application, benefit=ZS)
    assert made.made_by == social_worker


def test_a_settled_application_is_not_assessed_again(pensioner: Household, clerk: User) -> None:
    application = _apply(pensioner, clerk, state=ApplicationState.DECIDED)
    with pytest.raises(PermissionDenied):
        assessment_create(actor=clerk, application=application, benefit=ZS)


def test_only_a_benefit_the_application_asks_for_is_assessed(
    pensioner: Household, clerk: User
) -> None:
    application = _apply(pensioner, clerk, ZS)
    with pytest.raises(ValidationError) as refused:
        assessment_create(actor=clerk, application=application, benefit=ZO)
    assert set(refused.value.message_dict) == {"benefit"}


# ---------------------------------------------------------------------------------------------
# What is frozen
# ---------------------------------------------------------------------------------------------


def test_the_assessment_freezes_the_input_the_result_and_the_version(
    pensioner: Household, clerk: User
) -> None:
    application = _apply(pensioner, clerk)
    made = assessment_create(actor=clerk, application=application, benefit=ZS)
    # Art. 37 ust. 2 pkt 1 u.p.s. from 2024-01-01: 130 % of the single person's criterion
    # (776 zł in 2024) less the own income: 1.3 × 776 = 1008.80; 1008.80 − 600 = 408.80 zł,
    # under the 1000 zł maximum and over the 100 zł minimum. Right: 600 < 776.
    assert made.eligible is True
    assert made.amount == Decimal("408.80")
    assert made.day == RECEIVED
    assert (made.period_kind, made.period_start, made.period_end) == (
        "miesiac",
        NOVEMBER,
        datetime.date(2024, 11, 30),
    )
    assert made.persons == {"o1": members_of(pensioner)[0].pk}
    household = rules.household_from_dict(made.household)
    assert made.result == result_to_json(calculate("zasilek_staly", household, RECEIVED))
    assert made.result["amount"] == "408.80"
    assert all(reason["text"] for reason in made.result["reasons"])
    assert all(p["reference"] for p in made.result["parameters_used"])
    assert made.rules_version == rules_version()
    assert made.supersedes is None
    application.refresh_from_db()
    assert application.state == "w_toku"  # the first assessment starts the work on it


def test_the_frozen_assessment_does_not_change_when_the_registry_does(
    pensioner: Household, clerk: User
) -> None:
    application = _apply(pensioner, clerk)
    first = assessment_create(actor=clerk, application=application, benefit=ZS)
    frozen = (first.household, first.result, first.amount)
    pensioner_person = members_of(pensioner)[0]
    income(pensioner_person, NOVEMBER, "100.00", kind="renta")
    stored = Assessment.objects.get(pk=first.pk)
    assert (stored.household, stored.result, stored.amount) == frozen
    # Run again from the frozen input, the day unchanged: the same 408.80 zł.
    again = assessment_recompute(actor=clerk, assessment=stored, day=RECEIVED)
    assert again.amount == Decimal("408.80")
    # Assessed afresh, the new income counts: 600 + 100 = 700 zł, still under 776 zł;
    # 1008.80 − 700 = 308.80 zł.
    fresh = assessment_create(actor=clerk, application=application, benefit=ZS)
    assert fresh.amount == Decimal("308.80")


def test_a_re_assessment_supersedes_the_latest_one_of_the_same_benefit(
    pensioner: Household, clerk: User
) -> None:
    application = _apply(pensioner, clerk, ZS, ZO)
    first = assessment_create(actor=clerk, application=application, benefit=ZS)
    other = assessment_create(actor=clerk, application=application, benefit=ZO)
    second = assessment_create(actor=clerk, application=application, benefit=ZS)
    third = assessment_create(actor=clerk, application=application, benefit=ZS)
    assert (first.supersedes, other.supersedes) == (None, None)
    assert second.supersedes == first
    assert third.supersedes == second


def test_the_assessment_is_recorded_in_the_history(pensioner: Household, clerk: User) -> None:
    application = _apply(pensioner, clerk)
    assessment_create(actor=clerk, application=application, benefit=ZS)
    entry = actions_about(application)[0]
    assert entry.record.action == "benefits.assessment_create"
    assert entry.summary == "zasiłek stały: 408,80 zł"


def test_a_benefit_the_rules_do_not_compute_is_assessed_as_the_workers_finding(
    pensioner: Household, clerk: User
) -> None:
    application = _apply(pensioner, clerk, Benefit.SCHRONIENIE.value)
    made = assessment_create(actor=clerk, application=application, benefit=Benefit.SCHRONIENIE)
    assert made.result["computed"] is False
    assert [reason["code"] for reason in made.result["reasons"]] == ["benefits.brak_wyliczenia"]
    assert made.result["reasons"][0]["article"] == "art. 48a u.p.s."
    assert made.result["parameters_used"] == []
    assert made.amount is None
    assert made.flags == [AssessmentFlag.INTERVIEW_MISSING]


def test_the_criterion_alone_reads_the_income_month_the_application_states(
    pensioner: Household, clerk: User
) -> None:
    person = members_of(pensioner)[0]
    income(person, datetime.date(2024, 12, 1), "1200.00", kind="emerytura")
    application = _apply(pensioner, clerk, ZC, income_month=datetime.date(2024, 12, 1))
    made = assessment_create(actor=clerk, application=application, benefit=ZC)
    # Art. 8 ust. 1 pkt 1 u.p.s.: 1200 zł of December against 776 zł: over the criterion. The
    # month before (600 zł) would have been within it.
    assert made.eligible is False
    assert made.result["income"] == "1200.00"
    assert made.result["criterion"] == "776.00"
    assert made.amount is None


# ---------------------------------------------------------------------------------------------
# The casework's warnings
# ---------------------------------------------------------------------------------------------


def _flags(household: Household, clerk: User, benefit: str = ZS) -> list[str]:
    application = _apply(household, clerk, benefit)
    flags: list[str] = assessment_create(
        actor=clerk, application=application, benefit=benefit
    ).flags
    return flags


def test_no_interview_is_a_warning_when_the_decision_needs_one(
    pensioner: Household, clerk: User, social_worker: User
) -> None:
    interview(pensioner, conducted_on=RECEIVED, worker=social_worker, state=InterviewState.PLANNED)
    assert _flags(pensioner, clerk) == [AssessmentFlag.INTERVIEW_MISSING]
    # Family benefits need none (catalogue: needs_interview False).
    mother = Someone(datetime.date(1985, 3, 2), "K", Relation.APPLICANT)
    child = Someone(datetime.date(2016, 9, 1), "K", Relation.CHILD)
    parents = family(area=pensioner.area, members=[mother, child])
    assert _flags(parents, clerk, ZR) == []


@pytest.mark.parametrize(
    ("conducted_on", "stale"),
    [
        # Art. 107 ust. 4 u.p.s.: updated at least every 6 months. Conducted 10.06.2024: due
        # 10.12.2024 (a Tuesday, a working day), the day of the law: still in time.
        (datetime.date(2024, 6, 10), False),
        # Conducted 9.06.2024: due 9.12.2024 (Monday), the day before: stale on 10.12.2024.
        (datetime.date(2024, 6, 9), True),
    ],
)
def test_an_interview_older_than_six_months_is_a_warning_for_zasilek_staly(
    pensioner: Household,
    clerk: User,
    social_worker: User,
    conducted_on: datetime.date,
    stale: bool,
) -> None:
    interview(pensioner, conducted_on=conducted_on, worker=social_worker)
    expected = [AssessmentFlag.INTERVIEW_STALE] if stale else []
    assert _flags(pensioner, clerk, ZS) == expected
    # The six-month update is for permanent help only: not a warning for zasiłek okresowy.
    assert AssessmentFlag.INTERVIEW_STALE not in _flags(pensioner, clerk, ZO)


def test_a_refused_interview_is_a_warning_until_an_interview_is_conducted(
    pensioner: Household, clerk: User, social_worker: User
) -> None:
    refused_interview(pensioner, refused_on=datetime.date(2024, 12, 12), worker=social_worker)
    assert _flags(pensioner, clerk) == [
        AssessmentFlag.INTERVIEW_MISSING,
        AssessmentFlag.INTERVIEW_REFUSED,
    ]
    interview(pensioner, conducted_on=datetime.date(2024, 12, 20), worker=social_worker)
    assert _flags(pensioner, clerk) == []


def test_a_refusal_recorded_only_as_an_event_is_a_warning(
    pensioner: Household, clerk: User, social_worker: User
) -> None:
    interview(pensioner, conducted_on=datetime.date(2024, 10, 1), worker=social_worker)
    cooperation_event(
        pensioner,
        occurred_on=datetime.date(2024, 12, 11),
        recorded_by=social_worker,
        kind=CooperationEventKind.REFUSED_INTERVIEW,
    )
    assert _flags(pensioner, clerk) == [AssessmentFlag.INTERVIEW_REFUSED]


@pytest.mark.parametrize(
    ("occurred_on", "warned"),
    [
        # The 12 months before 10.12.2024 reach back to 10.12.2023.
        (datetime.date(2023, 12, 10), True),
        (datetime.date(2023, 12, 9), False),
        # While the application is pending.
        (datetime.date(2024, 12, 11), True),
    ],
)
def test_events_of_the_duty_to_cooperate_of_the_last_year_are_a_warning(
    pensioner: Household,
    clerk: User,
    social_worker: User,
    occurred_on: datetime.date,
    warned: bool,
) -> None:
    interview(pensioner, conducted_on=datetime.date(2024, 10, 1), worker=social_worker)
    cooperation_event(pensioner, occurred_on=occurred_on, recorded_by=social_worker)
    assert _flags(pensioner, clerk) == ([AssessmentFlag.COOPERATION] if warned else [])


def test_a_result_resting_on_an_unconfirmed_figure_is_a_warning(
    area_north: Area, clerk: User, social_worker: User
) -> None:
    # The 2004–2006 criteria (461 / 316 zł) are not confirmed in the original text of the act
    # (reference.md § 2.3 [M]); those of 2024 (776 zł) are.
    for received in (datetime.date(2005, 6, 1), RECEIVED):
        household = family(area=area_north, members=[PENSIONER], since=datetime.date(2000, 1, 1))
        interview(household, conducted_on=received, worker=social_worker)
        application = application_for(household, [ZC], received_on=received, handled_by=clerk)
        made = assessment_create(actor=clerk, application=application, benefit=ZC)
        unconfirmed = received.year == 2005
        assert (AssessmentFlag.UNVERIFIED in made.flags) is unconfirmed
        assert made.result["unverified"] is unconfirmed


# ---------------------------------------------------------------------------------------------
# The rules' refusals as field errors
# ---------------------------------------------------------------------------------------------


def test_a_day_before_the_rules_is_an_error_on_the_day_of_receipt(
    area_north: Area, clerk: User
) -> None:
    household = family(area=area_north, members=[PENSIONER], since=datetime.date(2000, 1, 1))
    application = application_for(
        household, [ZS], received_on=datetime.date(2004, 3, 1), handled_by=clerk
    )
    with pytest.raises(ValidationError) as refused:
        assessment_create(actor=clerk, application=application, benefit=ZS)
    assert set(refused.value.message_dict) == {"received_on"}
    message = refused.value.message_dict["received_on"][0]
    assert "01.03.2004" in message
    assert "Traceback" not in message
    assert not Assessment.objects.exists()


def test_a_birth_after_the_day_of_the_law_is_an_error_on_the_birth_date_naming_the_person(
    area_north: Area, clerk: User
) -> None:
    household = family(area=area_north, members=[PENSIONER])
    # A membership recorded from before the birth (data entered outside the services).
    baby = members_of(family(area=area_north, members=[Someone(datetime.date(2025, 1, 5))]))[0]
    Membership.objects.filter(person=baby).update(household=household, valid_from=NOVEMBER)
    application = _apply(household, clerk, ZC)
    with pytest.raises(ValidationError) as refused:
        assessment_create(actor=clerk, application=application, benefit=ZC)
    assert set(refused.value.message_dict) == {"birth_date"}
    message = refused.value.message_dict["birth_date"][0]
    assert baby.full_name in message
    assert "05.01.2025" in message
    assert "10.12.2024" in message
    assert not re.search(r"members\[\d+\]", message)


def test_a_supplement_the_rules_do_not_know_is_an_error_on_the_supplements(
    area_north: Area, clerk: User
) -> None:
    mother = Someone(datetime.date(1985, 3, 2), "K", Relation.APPLICANT)
    child = Someone(datetime.date(2016, 9, 1), "K", Relation.CHILD, "Ewa")
    household = family(area=area_north, members=[mother, child])
    application = application_for(household, [ZR], received_on=RECEIVED, handled_by=clerk)
    facts(application, members_of(household)[1], supplements=["dodatek_na_wakacje"])
    with pytest.raises(ValidationError) as refused:
        assessment_create(actor=clerk, application=application, benefit=ZR)
    assert set(refused.value.message_dict) == {"supplements"}
    assert members_of(household)[1].full_name in refused.value.message_dict["supplements"][0]


# ---------------------------------------------------------------------------------------------
# The re-indexation: the frozen household on another day
# ---------------------------------------------------------------------------------------------


def test_recompute_on_1_january_2025_applies_the_new_criterion(
    pensioner: Household, clerk: User, director: User
) -> None:
    made = assessment_create(actor=clerk, application=_apply(pensioner, clerk), benefit=ZS)
    run = Reindexation.objects.create(effective_on=datetime.date(2025, 1, 1), started_by=director)
    again = assessment_recompute(
        actor=director, assessment=made, day=datetime.date(2025, 1, 1), reindexation=run
    )
    # From 1.01.2025 the single person's criterion is 1010 zł (Rozp. RM of 12.07.2024,
    # Dz.U. 2024 poz. 1044): 1.3 × 1010 = 1313.00; 1313.00 − 600 = 713.00 zł, under the new
    # maximum of 1229 zł (reference.md § 3.3, the example "single person 2025 with 600 zł").
    assert again.amount == Decimal("713.00")
    assert again.day == datetime.date(2025, 1, 1)
    assert (again.supersedes, again.reindexation) == (made, run)
    assert (again.household, again.persons) == (made.household, made.persons)
    assert again.period_start == NOVEMBER  # the income assessed stays the frozen one


def test_recompute_across_1_january_2024_applies_the_new_formula(
    area_north: Area, clerk: User
) -> None:
    household = family(area=area_north, members=[PENSIONER])
    income(members_of(household)[0], datetime.date(2023, 11, 1), "600.00", kind="emerytura")
    application = application_for(
        household, [ZS], received_on=datetime.date(2023, 12, 11), handled_by=clerk
    )
    made = assessment_create(actor=clerk, application=application, benefit=ZS)
    # Until 31.12.2023 (art. 37 ust. 2 pkt 1, 2004 text): the criterion less the income,
    # 776 − 600 = 176.00 zł (minimum 30 zł, maximum 719 zł).
    assert made.amount == Decimal("176.00")
    again = assessment_recompute(actor=clerk, assessment=made, day=datetime.date(2024, 1, 1))
    # From 1.01.2024 (act of 28.07.2023, Dz.U. 2023 poz. 1693): 1.3 × 776 − 600 = 408.80 zł.
    assert again.amount == Decimal("408.80")


def test_recompute_is_refused_without_the_capability(
    pensioner: Household, clerk: User, accountant: User, director: User
) -> None:
    made = assessment_create(actor=clerk, application=_apply(pensioner, clerk), benefit=ZS)
    run = Reindexation.objects.create(effective_on=datetime.date(2025, 1, 1), started_by=director)
    with pytest.raises(PermissionDenied):
        assessment_recompute(
            actor=accountant, assessment=made, day=datetime.date(2025, 1, 1), reindexation=run
        )


def test_recompute_on_a_day_without_figures_is_an_error_on_the_day(
    pensioner: Household, clerk: User
) -> None:
    made = assessment_create(actor=clerk, application=_apply(pensioner, clerk), benefit=ZS)
    # The 2025 criteria hold until the next verification, effective 1.01.2028 (art. 9 u.p.s.).
    with pytest.raises(ValidationError) as refused:
        assessment_recompute(actor=clerk, assessment=made, day=datetime.date(2028, 1, 1))
    assert set(refused.value.message_dict) == {"day"}


def test_the_rules_version_names_parameters_code_and_texts() -> None:
    assert re.fullmatch(
        r"parameters:[0-9a-f]{12}\+code:[0-9a-f]{12}\+texts:[0-9a-f]{12}", rules_version()
    )
