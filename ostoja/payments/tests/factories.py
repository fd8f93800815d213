# mypy: allow-untyped-calls
"""Awards to pay, made directly: a family in the registry, a signed decision that may be
carried out (delivered and final) and its award. Synthetic data only."""

import datetime
import itertools
from decimal import Decimal
from typing import Any

from ostoja.accounts.models import User
from ostoja.accounts.roles import Role
from ostoja.benefits.catalogue import BENEFITS, Act
from ostoja.benefits.models import (
    Authorisation,
    Award,
    AwardFrequency,
    Decision,
    DecisionKind,
    DecisionState,
    PaymentMethod,
)
from ostoja.benefits.tests.reindex.factories import authorisation, register
from ostoja.registry.models import Household, Person
from ostoja.registry.tests.factories import (
    AreaFactory,
    HouseholdFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
    make_nrb,
)

_numbers = itertools.count(1)
SIGNED = datetime.datetime(2026, 1, 5, 10, 0, tzinfo=datetime.UTC)


def _signer() -> User:
    return UserFactory(username="kierownik-testowy", role=Role.DIRECTOR)


def staff(role: str = Role.ACCOUNTING, **kwargs: Any) -> User:
    return UserFactory(role=role, **kwargs)


def family(*, bank: bool = True) -> tuple[Household, Person]:
    household = HouseholdFactory(area=AreaFactory(name="Rejon 1"))
    person = PersonFactory(
        bank_account=make_nrb(next(_numbers)) if bank else "",
        actual_town="Dębowo",
        actual_street="Lipowa",
        actual_house_number="3",
        actual_postcode="00-950",
    )
    MembershipFactory(household=household, person=person, relation="wnioskodawca")
    return household, person


def decision(
    household: Household,
    party: Person,
    *,
    act: str = Act.SOCIAL_ASSISTANCE,
    kind: str = DecisionKind.GRANT,
    changes: Decision | None = None,
    effective_from: datetime.date | None = None,
    executable: bool = True,
    signed_at: datetime.datetime = SIGNED,
    **fields: Any,
) -> Decision:
    """`fields` are set on the decision besides (the terms of repayment, a draft's state)."""
    number = next(_numbers)
    state = fields.pop("state", DecisionState.FINAL if executable else DecisionState.SIGNED)
    return Decision.objects.create(
        household=household,
        party=party,
        kind=kind,
        act=act,
        state=state,
        register=register(act, "GOPS.8311" if act == Act.SOCIAL_ASSISTANCE else "GOPS.8321"),
        changes=changes,
        effective_from=effective_from,
        year=signed_at.year,
        sequence=number,
        number=f"GOPS.8311.{number}.{signed_at.year}",
        legal_basis="Na podstawie art. 37 ust. 1 ustawy o pomocy społecznej",
        operative="Przyznaje się świadczenie.",
        appeal_instruction="Od decyzji przysługuje odwołanie do SKO.",
        distribution="Otrzymują: strona, a/a.",
        drafted_by=_signer(),
        signed_by=_signer(),
        authorisation=Authorisation.objects.filter(user=_signer()).first()
        or authorisation(_signer(), recorded_by=_signer()),
        signed_at=signed_at,
        issued_on=signed_at.date(),
        delivered_on=signed_at.date() if executable else None,
        final_on=signed_at.date() + datetime.timedelta(days=15) if executable else None,
        **fields,
    )


def award(
    *,
    benefit: str = "zasilek_staly",
    amount: str = "700.00",
    valid_from: datetime.date = datetime.date(2026, 1, 1),
    valid_to: datetime.date | None = None,
    method: str = PaymentMethod.BANK,
    household: Household | None = None,
    person: Person | None = None,
    executable: bool = True,
    signed_at: datetime.datetime = SIGNED,
) -> Award:
    if household is None or person is None:
        household, person = family(bank=method == PaymentMethod.BANK)
    spec = BENEFITS[benefit]
    granting = decision(household, person, act=spec.act, executable=executable, signed_at=signed_at)
    return Award.objects.create(
        decision=granting,
        household=household,
        person=person,
        payee=person,
        benefit=benefit,
        frequency=AwardFrequency.MONTHLY if spec.monthly else AwardFrequency.ONE_OFF,
        amount=Decimal(amount),
        valid_from=valid_from,
        valid_to=valid_to,
        method=method,
        account=person.bank_account if method == PaymentMethod.BANK else "",
    )


def change(
    previous: Award,
    *,
    effective_from: datetime.date,
    amount: str | None = None,
    suspended: bool = False,
    revoked: bool = False,
) -> Award | None:
    """What a signed change (or suspension, or revocation) does to an award: the segment ends
    the day before `effective_from`, and unless revoked a new one continues it."""
    kind = DecisionKind.REVOCATION if revoked else DecisionKind.CHANGE
    changing = decision(
        previous.household,
        previous.person,
        act=previous.decision.act,
        kind=kind,
        changes=previous.decision,
        effective_from=effective_from,
    )
    until = previous.valid_to
    previous.valid_to = effective_from - datetime.timedelta(days=1)
    previous.ended_by = changing
    previous.save()
    if revoked:
        return None
    return Award.objects.create(
        decision=changing,
        household=previous.household,
        person=previous.person,
        payee=previous.payee,
        benefit=previous.benefit,
        frequency=previous.frequency,
        amount=Decimal(amount) if amount is not None else previous.amount,
        valid_from=effective_from,
        valid_to=until,
        suspended=suspended,
        method=previous.method,
        account=previous.account,
        continues=previous,
    )
