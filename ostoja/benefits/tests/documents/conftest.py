"""The documents tests' world: 1 April 2025 in Dębowo; the Lipowski family (Maria, the party,
and her son Jan) at ul. Lipowa 3/2; a director with an authorisation of the Wójt; decisions of
every kind made directly as rows, signed or draft, with their texts written out by hand.

Fixtures are named `decision_*`, so they do not meet the other test packages' fixtures.
Synthetic data only.
"""

import datetime
import io
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import docx
import pytest
import time_machine
from django.utils import timezone

from ostoja.accounts.models import User
from ostoja.benefits.catalogue import Act, Benefit
from ostoja.benefits.models import (
    KINDS_CHANGING_A_DECISION,
    Authorisation,
    Decision,
    DecisionKind,
    DecisionLine,
    DecisionRegister,
    DecisionState,
    PaymentMethod,
    Relief,
)
from ostoja.registry.models import Household, Person
from ostoja.registry.tests.factories import (
    HouseholdFactory,
    PersonFactory,
    UserFactory,
    make_nrb,
)

TODAY = datetime.date(2025, 4, 1)
MakeDecision = Callable[..., Decision]

TEXTS: dict[str, str] = {
    "legal_basis": (
        "Na podstawie art. 38 ust. 1 i art. 106 ust. 1 ustawy z dnia 12 marca 2004 r. o pomocy "
        "społecznej (Dz.U. z 2024 r. poz. 1283 z późn. zm.) oraz art. 104 ustawy z dnia "
        "14 czerwca 1960 r. – Kodeks postępowania administracyjnego"
    ),
    "operative": (
        "1. Przyznaje się Pani Marii Lipowskiej zasiłek okresowy w wysokości 500,00 zł "
        "miesięcznie na okres od 1 marca 2025 r. do 31 sierpnia 2025 r.\n"
        "2. Przyznaje się Pani Marii Lipowskiej zasiłek celowy z przeznaczeniem na: zakup opału."
    ),
    "justification_facts": (
        "W dniu 3 marca 2025 r. Pani Maria Lipowska złożyła wniosek o przyznanie pomocy.\n"
        "W dniu 10 marca 2025 r. przeprowadzono rodzinny wywiad środowiskowy."
    ),
    "justification_law": "Dochód rodziny nie przekracza kryterium dochodowego (art. 8 ust. 1).",
    "appeal_instruction": (
        "Od niniejszej decyzji przysługuje odwołanie do Samorządowego Kolegium Odwoławczego "
        "w Dębowie w terminie 14 dni od dnia jej doręczenia."
    ),
    "distribution": "Otrzymują:\n1. Pani Maria Lipowska – strona\n2. a/a",
}


def noon(day: datetime.date) -> datetime.datetime:
    """Noon in Warsaw on `day` (10:00 UTC in summer time)."""
    return datetime.datetime.combine(day, datetime.time(10, 0), tzinfo=datetime.UTC)


@pytest.fixture
def decision_today() -> Iterator[datetime.date]:
    """Today is Tuesday 1 April 2025."""
    with time_machine.travel(noon(TODAY), tick=False):
        yield TODAY


@pytest.fixture
def decision_family(area_north: Any) -> tuple[Household, Person, Person]:
    """The Lipowski family at ul. Lipowa 3/2, 00-950 Dębowo: Maria (the party) and Jan."""
    household = HouseholdFactory(
        area=area_north,
        gmina="Dębowo",
        town="Dębowo",
        street="Lipowa",
        house_number="3",
        flat_number="2",
        postcode="00-950",
    )
    mother = PersonFactory(
        first_names="Maria", surname="Lipowska", sex="K", birth_date=datetime.date(1985, 5, 12)
    )
    son = PersonFactory(
        first_names="Jan", surname="Lipowski", sex="M", birth_date=datetime.date(2015, 9, 3)
    )
    return household, mother, son


@pytest.fixture
def decision_party(decision_family: tuple[Household, Person, Person]) -> Person:
    return decision_family[1]


@pytest.fixture
def decision_signer(db: None) -> User:
    """The director who signs: Krystyna Wiśniewska."""
    return UserFactory(
        username="kierownik_dokumenty",
        role="kierownik",
        first_name="Krystyna",
        last_name="Wiśniewska",
    )


@pytest.fixture
def decision_authorisation(decision_signer: User) -> Authorisation:
    return Authorisation.objects.create(
        user=decision_signer,
        number="OR.0052.7.2024",
        granted_by="Wójt Gminy Dębowo",
        granted_on=datetime.date(2024, 1, 2),
        valid_from=datetime.date(2024, 1, 2),
        social_assistance=True,
        family_benefits=True,
        position="Kierownik Gminnego Ośrodka Pomocy Społecznej w Dębowie",
        recorded_by=decision_signer,
    )


@pytest.fixture
def decision_register(db: None) -> DecisionRegister:
    return DecisionRegister.objects.create(
        name="Rejestr decyzji GOPS.8311", symbol="GOPS.8311", act=Act.SOCIAL_ASSISTANCE
    )


def _lines(decision: Decision, mother: Person, son: Person) -> list[DecisionLine]:
    return [
        DecisionLine.objects.create(
            decision=decision,
            benefit=Benefit.ZASILEK_OKRESOWY,
            person=mother,
            amount=Decimal("500.00"),
            period_from=datetime.date(2025, 3, 1),
            period_to=datetime.date(2025, 8, 31),
            payee=mother,
            method=PaymentMethod.CASH,
        ),
        DecisionLine.objects.create(
            decision=decision,
            benefit=Benefit.ZASILEK_CELOWY,
            person=son,
            amount=Decimal("1229.50"),
            purpose="zakup opału",
            period_from=datetime.date(2025, 4, 1),
            period_to=datetime.date(2025, 4, 1),
            payee=mother,
            method=PaymentMethod.BANK,
            account=make_nrb(7),
        ),
    ]


@pytest.fixture
def decision_signature(
    decision_today: datetime.date,
    decision_signer: User,
    decision_authorisation: Authorisation,
    decision_register: DecisionRegister,
) -> Callable[[int], dict[str, Any]]:
    """`decision_signature(sequence)`: the fields the signing service sets, for number
    GOPS.8311.<sequence>.2025 signed today by the director."""

    def fields(sequence: int) -> dict[str, Any]:
        return {
            "state": DecisionState.SIGNED,
            "register": decision_register,
            "year": 2025,
            "sequence": sequence,
            "number": f"GOPS.8311.{sequence}.2025",
            "signed_by": decision_signer,
            "authorisation": decision_authorisation,
            "signed_at": timezone.now(),
            "issued_on": decision_today,
        }

    return fields


@pytest.fixture
def decision_make(
    decision_family: tuple[Household, Person, Person],
    decision_signature: Callable[[int], dict[str, Any]],
    benefits_clerk: User,
) -> MakeDecision:
    """`decision_make(kind, signed=True, party=None, lines=True, **fields)`: a decision row of
    the kind with the texts of TEXTS (fields override them); signed: number
    GOPS.8311.<sequence>.2025 of 1 April 2025 by the director; `lines`: the two benefits
    (zasiłek okresowy 500,00 zł, zasiłek celowy 1 229,50 zł for Jan). A kind that acts on an
    earlier decision gets a signed grant GOPS.8311.1.2025 to act on.

    As in the application, the lines are written while the decision is still for signature and
    the signature comes after: on PostgreSQL a trigger refuses any line of a signed decision."""
    household, mother, son = decision_family
    sequences = iter(range(3, 1000))  # 1 and 2 are the ones tests name

    def make(
        kind: str = DecisionKind.GRANT,
        *,
        signed: bool = True,
        party: Person | None = None,
        lines: bool = True,
        changes: Decision | None = None,
        sequence: int | None = None,
        **fields: Any,
    ) -> Decision:
        if kind in KINDS_CHANGING_A_DECISION and changes is None:
            changes = make(DecisionKind.GRANT, sequence=1)
        if kind == DecisionKind.RELIEF:
            # A relief is granted on an undue-benefit decision (here: deferring its deadline).
            if changes is None:
                changes = make(DecisionKind.UNDUE, sequence=1, repay_by=datetime.date(2025, 4, 30))
            fields = {"relief": Relief.DEFERRAL, "repay_by": datetime.date(2025, 9, 30), **fields}
            lines = False
        values: dict[str, Any] = {
            "household": household,
            "party": party or mother,
            "kind": kind,
            "act": Act.SOCIAL_ASSISTANCE,
            "state": DecisionState.FOR_APPROVAL if signed else DecisionState.DRAFT,
            "drafted_by": benefits_clerk,
            "changes": changes,
            **TEXTS,
            **fields,
        }
        decision = Decision.objects.create(**values)
        if lines:
            _lines(decision, mother, son)
        if signed:
            signature = decision_signature(sequence or next(sequences))
            Decision.objects.filter(pk=decision.pk).update(**signature)
            decision.refresh_from_db()
        return decision

    return make


@pytest.fixture
def decision_signed(decision_make: MakeDecision) -> Decision:
    """A signed grant, GOPS.8311.2.2025 of 1 April 2025, with its two benefits."""
    return decision_make(DecisionKind.GRANT, sequence=2)


@pytest.fixture
def decision_draft(decision_make: MakeDecision) -> Decision:
    """A draft grant with its two benefits."""
    return decision_make(DecisionKind.GRANT, signed=False)


@pytest.fixture
def decision_admin(administrator: User) -> User:
    """The IT administrator: holds `benefits.admin`."""
    return administrator


def _docx_texts(data: bytes) -> list[str]:
    """Every paragraph's text of a DOCX in reading order: the letterhead's cells, the body."""
    document = docx.Document(io.BytesIO(data))
    cells = [
        paragraph.text
        for table in document.tables
        for row in table.rows
        for cell in row.cells
        for paragraph in cell.paragraphs
    ]
    return [*cells, *(paragraph.text for paragraph in document.paragraphs)]


@pytest.fixture
def decision_docx_texts() -> Callable[[bytes], list[str]]:
    """`decision_docx_texts(data)`: the paragraphs of a DOCX read back with python-docx."""
    return _docx_texts
