"""The benefits each decision names (`DecisionBenefit`), kept by the database's triggers from
the decision's lines and its assessment, on SQLite and on PostgreSQL alike: a benefit is listed
once while a line or the assessment names it, and goes when neither does."""

import datetime
import threading
from typing import Any

import pytest
from django.db import connection, transaction

from ostoja.benefits.catalogue import Benefit
from ostoja.benefits.models import (
    Application,
    Decision,
    DecisionBenefit,
    DecisionKind,
    DecisionLine,
)
from ostoja.benefits.services import decisions as services
from ostoja.benefits.tests.decisions import factories

pytestmark = pytest.mark.django_db

OKRESOWY = Benefit.ZASILEK_OKRESOWY
CELOWY = Benefit.ZASILEK_CELOWY
STALY = Benefit.ZASILEK_STALY


def _named(decision: Decision) -> list[str]:
    return sorted(
        DecisionBenefit.objects.filter(decision=decision).values_list("benefit", flat=True)
    )


def _line(decision: Decision, benefit: str) -> DecisionLine:
    person = factories.members(decision.household)[0]
    return DecisionLine.objects.create(
        decision=decision,
        benefit=benefit,
        person=person,
        payee=person,
        amount=100,
        period_from=datetime.date(2025, 3, 1),
        method="kasa",
    )


@pytest.fixture
def refusal(clerk: Any, household: Any, application: Application) -> Decision:
    """A refusal written straight to the table, without an assessment and without lines: it
    names no benefit yet (the triggers are under test, not the drafting service)."""
    return Decision.objects.create(
        household=household,
        party=factories.members(household)[0],
        application=application,
        kind=DecisionKind.REFUSAL,
        act=factories.UPS,
        drafted_by=clerk,
        **factories.CONTENT,
    )


def test_a_draft_names_the_benefits_of_its_lines_and_of_its_assessment(
    clerk: Any, household: Any, grant_values: dict[str, Any]
) -> None:
    # The assessment of the fixtures is of the zasiłek okresowy, as is the draft's one line.
    decision = factories.draft(actor=clerk, household=household, **grant_values)
    assert grant_values["assessment"].benefit == OKRESOWY
    assert _named(decision) == [OKRESOWY]  # named twice, listed once


def test_a_benefit_stays_while_one_line_names_it_and_goes_with_the_last(
    refusal: Decision,
) -> None:
    first = _line(refusal, CELOWY)
    second = _line(refusal, CELOWY)
    _line(refusal, OKRESOWY)
    assert _named(refusal) == [CELOWY, OKRESOWY]
    first.delete()
    assert _named(refusal) == [CELOWY, OKRESOWY]
    second.delete()
    assert _named(refusal) == [OKRESOWY]


def test_a_line_changed_to_another_benefit_moves_it(refusal: Decision) -> None:
    line = _line(refusal, CELOWY)
    DecisionLine.objects.filter(pk=line.pk).update(benefit=OKRESOWY)
    assert _named(refusal) == [OKRESOWY]


def test_the_assessment_names_its_benefit_and_a_new_one_replaces_it(
    refusal: Decision, application: Application, clerk: Any
) -> None:
    okresowy = factories.assessment(application, made_by=clerk, benefit=OKRESOWY)
    staly = factories.assessment(application, made_by=clerk, benefit=STALY)
    Decision.objects.filter(pk=refusal.pk).update(assessment=okresowy)
    assert _named(refusal) == [OKRESOWY]
    Decision.objects.filter(pk=refusal.pk).update(assessment=staly)
    assert _named(refusal) == [STALY]
    # A line of the benefit keeps it when the assessment changes away from it.
    _line(refusal, STALY)
    Decision.objects.filter(pk=refusal.pk).update(assessment=okresowy)
    assert _named(refusal) == [OKRESOWY, STALY]
    Decision.objects.filter(pk=refusal.pk).update(assessment=None)
    assert _named(refusal) == [STALY]


def test_the_editor_replacing_the_lines_replaces_the_benefits(
    clerk: Any, household: Any, grant_values: dict[str, Any]
) -> None:
    decision = factories.draft(actor=clerk, household=household, **grant_values)
    person = factories.members(household)[0]
    okresowy = factories.line(person)
    celowy = factories.line(person, benefit=CELOWY, period_to=None, purpose="opał")
    edited = services.decision_edit(
        actor=clerk, decision=decision, base_version=decision.version, lines=[okresowy, celowy]
    )
    assert _named(decision) == [CELOWY, OKRESOWY]
    services.decision_edit(
        actor=clerk, decision=edited, base_version=edited.version, lines=[okresowy]
    )
    assert _named(decision) == [OKRESOWY]


def test_a_discarded_draft_takes_its_benefits_with_it(refusal: Decision) -> None:
    _line(refusal, CELOWY)
    refusal.delete()
    assert not DecisionBenefit.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_lines_of_one_benefit_written_at_once_list_it_once(refusal: Decision) -> None:
    # Two transactions add a line of the same benefit to one decision at the same moment: the
    # second trigger waits on the first's row and then leaves it be (ON CONFLICT DO NOTHING),
    # so both lines are written and the benefit is listed once.
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def add() -> None:
        try:
            with transaction.atomic():
                barrier.wait(timeout=10)
                _line(refusal, CELOWY)
        except BaseException as error:  # the outcome under test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=add) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert DecisionLine.objects.filter(decision=refusal, benefit=CELOWY).count() == 2
    assert _named(refusal) == [CELOWY]
