# mypy: allow-untyped-calls
"""Rows the decision tests start from, made directly (registers, authorisations, applications,
assessments, interviews), and drafts made through the services. Synthetic data only."""

import datetime
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from ostoja.accounts.models import User
from ostoja.benefits.catalogue import Act, Benefit
from ostoja.benefits.models import (
    Application,
    Assessment,
    Authorisation,
    Channel,
    Decision,
    DecisionKind,
    DecisionRegister,
    PaymentMethod,
    RequestedBenefit,
)
from ostoja.benefits.services import decisions as services
from ostoja.casework.models import CaseFile, Interview, InterviewKind, InterviewState
from ostoja.casework.tests.factories import CaseFileFactory, InterviewFactory
from ostoja.registry.models import Household, Person

UPS, USR = Act.SOCIAL_ASSISTANCE, Act.FAMILY_BENEFITS


def register(
    *, symbol: str = "GOPS.8311", act: str = UPS, pattern: str = "{symbol}.{number}.{year}"
) -> DecisionRegister:
    return DecisionRegister.objects.create(
        name=f"Rejestr decyzji {symbol}", symbol=symbol, act=act, pattern=pattern
    )


def authorisation(
    user: User,
    *,
    recorded_by: User,
    valid_from: datetime.date = datetime.date(2024, 1, 1),
    valid_to: datetime.date | None = None,
    social_assistance: bool = True,
    family_benefits: bool = True,
    revoked_on: datetime.date | None = None,
) -> Authorisation:
    return Authorisation.objects.create(
        user=user,
        number=f"OR.0052.{user.pk}.2024",
        granted_by="Wójt Gminy Dębowo",
        granted_on=valid_from,
        valid_from=valid_from,
        valid_to=valid_to,
        social_assistance=social_assistance,
        family_benefits=family_benefits,
        position="Kierownik Gminnego Ośrodka Pomocy Społecznej w Dębowie",
        revoked_on=revoked_on,
        recorded_by=recorded_by,
    )


def members(household: Household) -> list[Person]:
    return [m.person for m in household.memberships.order_by("pk").select_related("person")]


def application(
    household: Household,
    *,
    handled_by: User,
    act: str = UPS,
    benefits: Sequence[str] = (Benefit.ZASILEK_OKRESOWY,),
    received_on: datetime.date = datetime.date(2025, 3, 3),
) -> Application:
    made = Application.objects.create(
        household=household,
        applicant=members(household)[0],
        act=act,
        received_on=received_on,
        channel=Channel.IN_PERSON,
        handled_by=handled_by,
        registered_by=handled_by,
        benefit_period_start=datetime.date(2024, 11, 1) if act == USR else None,
    )
    for benefit in benefits:
        RequestedBenefit.objects.create(application=made, benefit=benefit)
    return made


def assessment(
    application: Application,
    *,
    made_by: User,
    benefit: str = Benefit.ZASILEK_OKRESOWY,
    amount: Decimal | None = Decimal("500.00"),
    eligible: bool = True,
) -> Assessment:
    return Assessment.objects.create(
        application=application,
        benefit=benefit,
        day=application.received_on,
        period_kind="miesiac",
        period_start=datetime.date(2025, 2, 1),
        period_end=datetime.date(2025, 2, 28),
        household={"members": []},
        persons={},
        result={"eligible": eligible},
        eligible=eligible,
        amount=amount,
        rules_version="test",
        made_by=made_by,
    )


def completed_interview(household: Household, *, worker: User, **values: Any) -> Interview:
    """A full interview of the family, completed by the worker on 10 February 2025."""
    case = CaseFile.objects.filter(household=household).first() or CaseFileFactory(
        household=household, opened_on=datetime.date(2025, 2, 1)
    )
    fields: dict[str, Any] = {
        "case": case,
        "kind": InterviewKind.FULL,
        "state": InterviewState.COMPLETED,
        "worker": worker,
        "need_known_on": datetime.date(2025, 2, 3),
        "due_on": datetime.date(2025, 2, 21),
        "conducted_on": datetime.date(2025, 2, 10),
        **values,
    }
    return InterviewFactory(**fields)


def line(
    person: Person,
    *,
    benefit: str = Benefit.ZASILEK_OKRESOWY,
    amount: Decimal | None = Decimal("500.00"),
    period_from: datetime.date = datetime.date(2025, 3, 1),
    period_to: datetime.date | None = datetime.date(2025, 8, 31),
    method: str = PaymentMethod.CASH,
    **values: Any,
) -> services.LineData:
    return services.LineData(
        benefit=benefit,
        person=person,
        amount=amount,
        period_from=period_from,
        period_to=period_to,
        method=method,
        **values,
    )


CONTENT: dict[str, str] = {
    "legal_basis": "art. 38 ust. 1 ustawy z dnia 12 marca 2004 r. o pomocy społecznej",
    "operative": "przyznaje się zasiłek okresowy",
    "justification_facts": "Dochód rodziny nie przekracza kryterium dochodowego.",
    "justification_law": "Art. 8 ust. 1 i art. 38 ustawy o pomocy społecznej.",
    "appeal_instruction": "Od decyzji służy odwołanie do SKO w terminie 14 dni od doręczenia.",
    "distribution": "1. Strona. 2. A/a.",
}


def draft(
    *,
    actor: User,
    household: Household,
    kind: str = DecisionKind.GRANT,
    act: str = UPS,
    lines: Sequence[services.LineData | Mapping[str, Any]] | None = None,
    **values: Any,
) -> Decision:
    """A draft through the service; a granting one lists a zasiłek okresowy for the head of
    the family from March to August 2025 unless told otherwise."""
    party = values.pop("party", None) or members(household)[0]
    if lines is None:
        lines = [line(party)] if kind == DecisionKind.GRANT else []
    content = {**CONTENT, **{k: v for k, v in values.items() if k in CONTENT}}
    others = {k: v for k, v in values.items() if k not in CONTENT}
    if kind == DecisionKind.UNDUE:
        # Art. 104 ust. 3 u.p.s.: the decision fixes the deadline.
        others.setdefault("repay_by", datetime.date(2025, 6, 30))
    return services.decision_draft(
        actor=actor,
        kind=kind,
        act=act,
        household=household,
        party=party,
        lines=lines,
        **content,
        **others,
    )


def for_signature(*, actor: User, household: Household, **values: Any) -> Decision:
    """A draft sent for signature."""
    made = draft(actor=actor, household=household, **values)
    return services.decision_submit(actor=actor, decision=made)
