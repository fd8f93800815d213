# mypy: allow-untyped-calls
"""Rows the assessment tests start from, made directly: families in the registry, applications
with the benefits asked for and the facts stated, incomes, interviews and events of the duty to
cooperate. Synthetic data only: the PESELs come from the registry's factories (computed check
digit, nobody's)."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ostoja.accounts.models import Area, User
from ostoja.benefits.catalogue import spec
from ostoja.benefits.models import Application, Channel, MemberFacts, RequestedBenefit
from ostoja.casework.models import (
    CaseFile,
    CooperationEvent,
    CooperationEventKind,
    Interview,
    InterviewKind,
    InterviewState,
)
from ostoja.casework.tests.factories import CaseFileFactory, InterviewFactory
from ostoja.registry.models import Household, Income, Membership, Person, Relation
from ostoja.registry.tests.factories import HouseholdFactory, MembershipFactory, PersonFactory

SINCE = datetime.date(2020, 1, 1)


@dataclass(frozen=True)
class Someone:
    """A member to put in a family: born on, sex, relation to the head."""

    birth_date: datetime.date
    sex: str = "K"
    relation: str = Relation.CHILD
    first_names: str = "Anna"


def family(*, area: Area, members: Sequence[Someone], since: datetime.date = SINCE) -> Household:
    """A household of `members`, all members from `since` (or from birth, when later), in the
    order given: the memberships start on the same day, so the registry keeps that order."""
    household = HouseholdFactory(area=area)
    start = max([since, *(someone.birth_date for someone in members)])
    for index, someone in enumerate(members):
        person = PersonFactory(
            first_names=someone.first_names,
            surname=f"Dębowska{index}",
            birth_date=someone.birth_date,
            sex=someone.sex,
        )
        MembershipFactory(
            household=household, person=person, relation=someone.relation, valid_from=start
        )
    return household


def members_of(household: Household) -> list[Person]:
    memberships = Membership.objects.filter(household=household).order_by("valid_from", "pk")
    return [membership.person for membership in memberships.select_related("person")]


def application_for(
    household: Household,
    benefits: Sequence[str],
    *,
    received_on: datetime.date,
    handled_by: User,
    applicant: Person | None = None,
    **fields: Any,
) -> Application:
    """An application of the head (or of `applicant`) asking for `benefits`, of their act."""
    application = Application.objects.create(
        household=household,
        applicant=applicant or members_of(household)[0],
        act=spec(benefits[0]).act,
        received_on=received_on,
        channel=Channel.IN_PERSON,
        handled_by=handled_by,
        registered_by=handled_by,
        **fields,
    )
    RequestedBenefit.objects.bulk_create(
        RequestedBenefit(application=application, benefit=benefit) for benefit in benefits
    )
    return application


def facts(application: Application, person: Person, **values: Any) -> MemberFacts:
    return MemberFacts.objects.create(application=application, person=person, **values)


def income(person: Person, month: datetime.date, gross: str, kind: str = "wynagrodzenie") -> Income:
    return Income.objects.create(person=person, month=month, kind_id=kind, gross=Decimal(gross))


def case_of(household: Household) -> CaseFile:
    found = CaseFile.objects.filter(household=household).first()
    return found or CaseFileFactory(household=household, opened_on=datetime.date(2023, 1, 2))


def interview(
    household: Household,
    *,
    conducted_on: datetime.date,
    worker: User,
    kind: str = InterviewKind.FULL,
    state: str = InterviewState.COMPLETED,
) -> Interview:
    return InterviewFactory(
        case=case_of(household),
        kind=kind,
        state=state,
        worker=worker,
        need_known_on=conducted_on,
        due_on=conducted_on,
        conducted_on=conducted_on if state != InterviewState.PLANNED else None,
    )


def refused_interview(
    household: Household, *, refused_on: datetime.date, worker: User
) -> Interview:
    return InterviewFactory(
        case=case_of(household),
        kind=InterviewKind.REFUSED,
        state=InterviewState.CLOSED,
        worker=worker,
        need_known_on=refused_on,
        due_on=refused_on,
        refused_on=refused_on,
        refusal_circumstances="Drzwi otworzono, wejścia do mieszkania odmówiono.",
    )


def cooperation_event(
    household: Household,
    *,
    occurred_on: datetime.date,
    recorded_by: User,
    kind: str = CooperationEventKind.NO_COOPERATION,
) -> CooperationEvent:
    return CooperationEvent.objects.create(
        case=case_of(household),
        kind=kind,
        occurred_on=occurred_on,
        evidence="Notatka z wizyty.",
        assessment="Brak uzasadnienia odmowy.",
        recorded_by=recorded_by,
    )
