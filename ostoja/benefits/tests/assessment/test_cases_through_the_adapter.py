# mypy: allow-untyped-decorators
"""The "done when" test: every YAML case of the rules, entered as a family in the registry with an
application, assessed by the service, gives what the case expects.

Each case's household becomes registry rows: a household, persons (synthetic PESELs), their
memberships with the relations, the incomes of the income month and the alimony paid; what the
registry does not hold (the base year's income, disability, education, supplements, care, the
farm) becomes the application's facts. Then `assessment_create` freezes the result, and the
stored result is compared with the case exactly as `python -m ostoja.rules test` compares a
case: the figures it lists, the reason codes it lists (or forbids), the parameters and the
period. On top, the stored result must give the same eligibility, amount and set of reason codes
as the rules give for the case's own household: the registry round trip loses nothing.

The expected values are the cases' own, worked out by hand in the case files from the statutes.
"""

import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from ostoja.accounts.models import Area, User
from ostoja.benefits.assessment_input import build_input
from ostoja.benefits.catalogue import Act, Benefit, spec
from ostoja.benefits.models import Application, Channel, MemberFacts, RequestedBenefit
from ostoja.benefits.services.assessments import assessment_create
from ostoja.core.text import fold
from ostoja.registry.models import Household, Income, Membership, PaidAlimony, Person, Relation
from ostoja.registry.rules_adapter import previous_month
from ostoja.registry.tests.factories import make_pesel
from ostoja.rules import household as rules
from ostoja.rules.benefits import calculate
from ostoja.rules.cases import (
    RESULT_KEYS,
    Case,
    _parameter_differences,
    _period_differences,
    _reason_differences,
    _same,
    case_files,
    load_cases,
)
from ostoja.rules.parameters import default_parameters
from ostoja.rules.swiadczenia_rodzinne.zasilek_rodzinny import RODZINNE
from ostoja.rules.wiek import wiek

CASES_DIR = Path(__file__).parents[3] / "rules" / "cases"
CASES = [case for path in case_files([str(CASES_DIR)]) for case in load_cases(path)]

# The catalogue's benefit for a calculation of the rules: "kryterium" (the income test alone)
# is what zasiłek celowy is assessed with (catalogue: rules="kryterium").
BENEFIT_OF = {"kryterium": Benefit.ZASILEK_CELOWY.value}
# Computed through the adapter but not through the service, because the catalogue has no such
# benefit: FEPŻ food aid is a referral to a partner organisation on the criterion of the
# programme, not a benefit the centre decides on. The family is built and read by `build_input`
# (as for zasiłek celowy: the same act, day and income month) and `fepz` computed on its input.
ADAPTER_ONLY = {"fepz": Benefit.ZASILEK_CELOWY.value}
# Cases the registry cannot express, by case, with the reason. None so far: a grandparent
# ("dziadek", a relation the rules know and the registry does not) is recorded as the other
# relative he is to the head ("inny_krewny"); both are outside the family for family benefits.
NOT_EXPRESSIBLE: dict[str, str] = {}
REGISTRY_RELATION = {"dziadek": Relation.OTHER_RELATIVE}
FAMILY_AGE = "swiadczenia_rodzinne.wiek.czlonek_rodziny"


def case_id(case: Case) -> str:
    return case.where.replace(str(CASES_DIR) + "/", "")


def _params(case: Case) -> Any:
    reason = NOT_EXPRESSIBLE.get(case_id(case))
    marks = [pytest.mark.skip(reason=reason)] if reason else []
    return pytest.param(case, id=case_id(case), marks=marks)


# ---------------------------------------------------------------------------------------------
# The case as registry rows
# ---------------------------------------------------------------------------------------------


def benefit_period_start(day: datetime.date) -> datetime.date:
    """The first day of the benefit period of family benefits containing `day`, from the
    statute's calendar: the first period 1.05.2004–31.08.2005 (art. 3 pkt 9 u.ś.r. and the
    transitional provision of the first text), then from 1 September, the one begun on
    1.09.2008 prolonged to 31.10.2009 (act of 17.10.2008, Dz.U. 2008 nr 223 poz. 1456), from
    then 1 November – 31 October."""
    if day < datetime.date(2005, 9, 1):
        return datetime.date(2004, 5, 1)
    if day < datetime.date(2008, 9, 1):
        return datetime.date(day.year if day.month >= 9 else day.year - 1, 9, 1)
    if day < datetime.date(2009, 11, 1):
        return datetime.date(2008, 9, 1)
    return datetime.date(day.year if day.month >= 11 else day.year - 1, 11, 1)


def _cared_for_by_carer(case: Case, member: rules.Member) -> bool:
    receives = {"swiadczenie_pielegnacyjne", "specjalny_zasilek_opiekunczy", "zasilek_dla_opiekuna"}
    return any(
        member.id in other.cares_for and receives & set(other.benefits_received)
        for other in case.household.members
    )


def registry_relation(case: Case, member: rules.Member) -> str:
    """The relation to the head the registry records for the case's member. A case that does
    not give the relation leaves the rules to take a member under the family age (25) as a
    child and an older one as the other parent (or as a child when an adult with a significant
    degree is cared for by a carer with a carer's benefit); the registry must say it, so the
    same reading is written down."""
    if member.applicant:
        return Relation.APPLICANT
    if member.relation is not None:
        return REGISTRY_RELATION.get(member.relation, member.relation)
    under_age = wiek(member.birth_date, case.day) < default_parameters().at(case.day)[FAMILY_AGE]
    cared = member.disability == "significant" and _cared_for_by_carer(case, member)
    return Relation.CHILD if under_age or cared else Relation.SPOUSE


def _persons(case: Case) -> dict[str, Person]:
    people = [
        Person(
            pesel=make_pesel(member.birth_date, index, sex=member.sex),
            first_names="Osoba",
            surname=f"Przypadkowa{index}",
            surname_folded=fold(f"Przypadkowa{index}"),
            first_names_folded="osoba",
            birth_date=member.birth_date,
            sex=member.sex,
        )
        for index, member in enumerate(case.household.members)
    ]
    Person.objects.bulk_create(people)
    return {
        member.id: person for member, person in zip(case.household.members, people, strict=True)
    }


def _memberships(case: Case, household: Household, persons: dict[str, Person]) -> None:
    # One start for all, on the youngest member's birth: the registry orders memberships by
    # their start, then by creation, which keeps the case's order.
    since = max(member.birth_date for member in case.household.members)
    Membership.objects.bulk_create(
        Membership(
            household=household,
            person=persons[member.id],
            relation=registry_relation(case, member),
            valid_from=since,
        )
        for member in case.household.members
    )


def _incomes(case: Case, persons: dict[str, Person]) -> None:
    month = previous_month(case.day)
    Income.objects.bulk_create(
        Income(
            person=persons[member.id],
            month=month,
            kind_id=item.kind,
            gross=item.amount,
            tax=item.tax,
            health=item.health,
            social=item.social,
        )
        for member in case.household.members
        for item in member.incomes
    )
    PaidAlimony.objects.bulk_create(
        PaidAlimony(person=persons[member.id], month=month, amount=member.alimony_paid)
        for member in case.household.members
        if member.alimony_paid
    )


def _supplements(case: Case, member: rules.Member) -> list[str]:
    """The member's supplements; the household-level ones of the case go to the applicant (the
    family's supplements, which the adapter lifts back to the household) or, for a per-child
    supplement written for the household, to the first child (the rules take "the first
    entitled one"; these cases have one child)."""
    codes = list(member.supplements)
    first_child = (
        next(m for m in case.household.members if not m.applicant)
        if case.household.size > 1
        else None
    )
    for code in case.household.supplements:
        to_applicant = code in RODZINNE
        if (to_applicant and member.applicant) or (not to_applicant and member is first_child):
            codes.append(code)
    return codes


def _facts(case: Case, application: Application, persons: dict[str, Person]) -> None:
    MemberFacts.objects.bulk_create(
        MemberFacts(
            application=application,
            person=persons[member.id],
            incapacity=member.incapacity or "",
            disability=member.disability,
            care_indications=member.care_indications,
            in_education=member.in_education,
            married=member.married,
            under_legal_guardian=member.under_legal_guardian,
            has_own_child=member.has_own_child,
            annual_income=member.annual_income,
            annual_alimony_paid=member.annual_alimony_paid,
            cares_for=[persons[cared].pk for cared in member.cares_for],
            benefits_received=list(member.benefits_received),
            supplements=_supplements(case, member),
        )
        for member in case.household.members
    )


def register_case(case: Case, *, area: Area, clerk: User, benefit: str) -> Application:
    """The case's family in the registry and its application for `benefit` on the case's day."""
    household = Household.objects.create(
        area=area, gmina="Dębowo", town="Dębowo", house_number="1", postcode="00-950"
    )
    persons = _persons(case)
    _memberships(case, household, persons)
    _incomes(case, persons)
    family = spec(benefit).act == Act.FAMILY_BENEFITS
    applicant = next(member for member in case.household.members if member.applicant)
    application = Application.objects.create(
        household=household,
        applicant=persons[applicant.id],
        act=spec(benefit).act,
        received_on=case.day,
        channel=Channel.IN_PERSON,
        handled_by=clerk,
        registered_by=clerk,
        farm_hectares=case.household.farm_hectares,
        benefit_period_start=benefit_period_start(case.day) if family else None,
    )
    RequestedBenefit.objects.create(application=application, benefit=benefit)
    _facts(case, application, persons)
    return application


# ---------------------------------------------------------------------------------------------
# The comparison
# ---------------------------------------------------------------------------------------------


def cli_differences(case: Case, actual: dict[str, Any]) -> list[str]:
    """What `python -m ostoja.rules test` reports for `case` (`ostoja.rules.cases.run_case`),
    on a result already computed."""
    found = [
        f"{key}: expected {value}, got {actual.get(key)}"
        for key, value in case.expected.items()
        if key in RESULT_KEYS and not _same(value, actual.get(key))
    ]
    found.extend(_reason_differences(case.expected.get("reasons", []), actual))
    found.extend(_parameter_differences(case.expected.get("parameters_used", {}), actual))
    found.extend(_period_differences(case.expected.get("period", {}), actual))
    return found


def _codes(result: dict[str, Any]) -> set[str]:
    return {reason["code"] for reason in result["reasons"]}


@pytest.mark.parametrize("case", [_params(case) for case in CASES])
def test_case_through_the_registry_and_the_service(
    case: Case, area_north: Area, clerk: User
) -> None:
    direct = calculate(case.benefit, case.household, case.day).to_json()
    if case.benefit in ADAPTER_ONLY:
        application = register_case(
            case, area=area_north, clerk=clerk, benefit=ADAPTER_ONLY[case.benefit]
        )
        built = build_input(application, ADAPTER_ONLY[case.benefit])
        stored = calculate(case.benefit, built.household, built.day).to_json()
    else:
        benefit = BENEFIT_OF.get(case.benefit, case.benefit)
        application = register_case(case, area=area_north, clerk=clerk, benefit=benefit)
        assessment = assessment_create(actor=clerk, application=application, benefit=benefit)
        stored = assessment.result
        assert assessment.eligible is stored["eligible"]
        amount = stored.get("amount")
        assert assessment.amount == (None if amount is None else Decimal(amount))
        assert (assessment.period_start.isoformat(), assessment.period_end.isoformat()) == (
            direct["period"]["start"],
            direct["period"]["end"],
        )
    assert cli_differences(case, stored) == []
    assert stored["eligible"] == direct["eligible"]
    assert stored.get("amount") == direct.get("amount")
    assert _codes(stored) == _codes(direct)


def test_every_case_is_taken_and_very_few_are_left_out() -> None:
    assert len(CASES) >= 350
    assert len(NOT_EXPRESSIBLE) <= 5
    assert set(NOT_EXPRESSIBLE) <= {case_id(case) for case in CASES}
