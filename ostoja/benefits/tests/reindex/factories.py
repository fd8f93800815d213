# mypy: allow-untyped-calls
"""What a re-indexation starts from, made directly: a family in the registry, its application,
the assessment frozen as `assessment_create` stores it (the household as the rules' JSON, the
result of the real rules on the day of the law), a signed and final granting decision and its
award. Synthetic data only (the registry's factories compute PESELs nobody has)."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ostoja.accounts.models import Area, User
from ostoja.benefits.catalogue import BENEFITS, Act
from ostoja.benefits.models import (
    Application,
    ApplicationState,
    Assessment,
    Authorisation,
    Award,
    AwardFrequency,
    Channel,
    Decision,
    DecisionKind,
    DecisionLine,
    DecisionRegister,
    DecisionState,
    PaymentMethod,
    RegisterCounter,
    RequestedBenefit,
)
from ostoja.benefits.services.assessments import result_to_json, rules_version
from ostoja.casework.models import CaseFile, Interview, InterviewKind, InterviewState
from ostoja.casework.tests.factories import CaseFileFactory, InterviewFactory
from ostoja.registry.models import Household, Person
from ostoja.registry.tests.factories import HouseholdFactory, MembershipFactory, PersonFactory
from ostoja.rules.benefits import calculate
from ostoja.rules.household import household_from_dict

SINCE = datetime.date(2020, 1, 1)
GRANTED = datetime.date(2024, 3, 1)


@dataclass(frozen=True)
class Member:
    """A member of a family to make: in the registry and in the frozen household."""

    birth_date: datetime.date
    sex: str = "K"
    relation: str = "dziecko"
    first_names: str = "Anna"
    surname: str = "Dębowska"
    facts: dict[str, Any] | None = None  # the rules' member fields besides id, birth, sex


@dataclass
class Granted:
    household: Household
    members: list[Person]
    application: Application
    assessment: Assessment
    decision: Decision
    award: Award


def register(act: str, symbol: str) -> DecisionRegister:
    found = DecisionRegister.objects.filter(act=act).first()
    return found or DecisionRegister.objects.create(
        name=f"Rejestr decyzji {symbol}", symbol=symbol, act=act
    )


def authorisation(user: User, *, recorded_by: User) -> Authorisation:
    return Authorisation.objects.create(
        user=user,
        number=f"OR.0052.{user.pk}.2024",
        granted_by="Wójt Gminy Dębowo",
        granted_on=datetime.date(2024, 1, 2),
        valid_from=datetime.date(2024, 1, 2),
        social_assistance=True,
        family_benefits=True,
        position="Kierownik Gminnego Ośrodka Pomocy Społecznej w Dębowie",
        recorded_by=recorded_by,
    )


def family(
    *, area: Area, members: Sequence[Member], street: str = "Lipowa"
) -> tuple[Household, list[Person]]:
    """A household of `members` (the first is the head), all members since 2020 (or birth)."""
    household = HouseholdFactory(area=area, street=street, house_number="3")
    people: list[Person] = []
    for member in members:
        person = PersonFactory(
            first_names=member.first_names,
            surname=member.surname,
            birth_date=member.birth_date,
            sex=member.sex,
        )
        MembershipFactory(
            household=household,
            person=person,
            relation="wnioskodawca" if not people else member.relation,
            valid_from=max(SINCE, member.birth_date),
        )
        people.append(person)
    return household, people


def frozen_household(members: Sequence[Member]) -> dict[str, Any]:
    """The rules' JSON of the family, as an assessment freezes it: ids o1, o2, … in order."""
    frozen = []
    for index, member in enumerate(members, start=1):
        data: dict[str, Any] = {
            "id": f"o{index}",
            "birth_date": member.birth_date.isoformat(),
            "sex": member.sex,
        }
        if index == 1:
            data["applicant"] = True
        else:
            data["relation"] = member.relation
        data.update(member.facts or {})
        frozen.append(data)
    return {"members": frozen}


def interview(household: Household, *, worker: User, conducted_on: datetime.date) -> Interview:
    case = CaseFile.objects.filter(household=household).first() or CaseFileFactory(
        household=household, opened_on=datetime.date(2023, 6, 1)
    )
    return InterviewFactory(
        case=case,
        kind=InterviewKind.FULL,
        state=InterviewState.COMPLETED,
        worker=worker,
        need_known_on=conducted_on,
        due_on=conducted_on,
        conducted_on=conducted_on,
    )


def granted(
    *,
    area: Area,
    benefit: str,
    members: Sequence[Member],
    clerk: User,
    signer: User,
    amount: Decimal | None = None,
    granted_on: datetime.date = GRANTED,
    until: datetime.date | None = None,
    person_index: int = 0,
    street: str = "Lipowa",
    method: str = PaymentMethod.CASH,
    account: str = "",
    assessed: bool = True,
) -> Granted:
    """A family with `benefit` granted from `granted_on` by a final decision on an assessment
    of the real rules on that day: the award's amount is the rules' (or `amount`, a clerk's),
    for the member `person_index`, paid to the head. `assessed` false: the decision names no
    assessment (one made before assessments were kept, say)."""
    spec = BENEFITS[benefit]
    household, people = family(area=area, members=members, street=street)
    frozen = frozen_household(members)
    result = calculate(spec.rules or "", household_from_dict(frozen), granted_on)
    assert result.eligible, result
    application = Application.objects.create(
        household=household,
        applicant=people[0],
        act=spec.act,
        received_on=granted_on,
        channel=Channel.IN_PERSON,
        state=ApplicationState.DECIDED,
        handled_by=clerk,
        registered_by=clerk,
        decided_on=granted_on,
        benefit_period_start=datetime.date(2023, 11, 1)
        if spec.act == Act.FAMILY_BENEFITS
        else None,
    )
    RequestedBenefit.objects.create(application=application, benefit=benefit)
    assert result.period is not None
    assessment = Assessment.objects.create(
        application=application,
        benefit=benefit,
        day=granted_on,
        period_kind=result.period.kind,
        period_start=result.period.start,
        period_end=result.period.end,
        household=frozen,
        persons={f"o{index}": person.pk for index, person in enumerate(people, start=1)},
        result=result_to_json(result),
        eligible=True,
        amount=result.amount,
        rules_version=rules_version(),
        flags=[],
        made_by=clerk,
    )
    symbol = "GOPS.8311" if spec.act == Act.SOCIAL_ASSISTANCE else "GOPS.8321"
    chosen = register(spec.act, symbol)
    number = Decision.objects.filter(register=chosen).count() + 1
    decision = Decision.objects.create(
        application=application,
        household=household,
        party=people[0],
        kind=DecisionKind.GRANT,
        act=spec.act,
        # Signed once its line is in: a trigger refuses lines of a signed decision.
        state=DecisionState.FOR_APPROVAL,
        assessment=assessment if assessed else None,
        legal_basis="Na podstawie art. 37 ust. 1 ustawy o pomocy społecznej",
        operative="Przyznaje się świadczenie.",
        justification_facts="Dochód nie przekracza kryterium.",
        justification_law="Art. 8 ust. 1 ustawy.",
        appeal_instruction="Od decyzji przysługuje odwołanie do SKO.",
        distribution="Otrzymują: strona, a/a.",
        drafted_by=clerk,
    )
    value = amount if amount is not None else result.amount
    line = DecisionLine.objects.create(
        decision=decision,
        benefit=benefit,
        person=people[person_index],
        amount=value,
        period_from=granted_on,
        period_to=until,
        payee=people[0],
        method=method,
        account=account,
    )
    Decision.objects.filter(pk=decision.pk).update(
        state=DecisionState.FINAL,
        register=chosen,
        year=granted_on.year,
        sequence=number,
        number=chosen.format_number(number=number, year=granted_on.year),
        signed_by=signer,
        authorisation=Authorisation.objects.filter(user=signer).first()
        or authorisation(signer, recorded_by=signer),
        signed_at=datetime.datetime(2024, 3, 5, 10, 0, tzinfo=datetime.UTC),
        issued_on=datetime.date(2024, 3, 5),
        delivered_on=datetime.date(2024, 3, 6),
        final_on=datetime.date(2024, 3, 21),
    )
    # The register's counter knows the number, as the signing would have left it.
    RegisterCounter.objects.update_or_create(
        register=chosen, year=granted_on.year, defaults={"last_number": number}
    )
    decision.refresh_from_db()
    award = Award.objects.create(
        decision=decision,
        line=line,
        household=household,
        person=people[person_index],
        payee=people[0],
        benefit=benefit,
        frequency=AwardFrequency.MONTHLY,
        amount=value,
        valid_from=granted_on,
        valid_to=until,
        method=method,
        account=account,
    )
    return Granted(household, people, application, assessment, decision, award)
