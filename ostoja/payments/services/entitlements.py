"""The entitlements a month's run goes through, read from the awards.

An entitlement is what one key is owed over time: for a monthly benefit the key is the person
and the benefit (its segments never overlap, whichever decision made them); for a one-off
benefit the award itself (two zasiłki celowe may fall in one month). Only benefits paid in
money, by a channel that pays money, with an amount, count.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import islice
from typing import Any, Protocol

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet

from ostoja.benefits.catalogue import BENEFITS
from ostoja.benefits.models import Award, AwardFrequency
from ostoja.payments.models import CHANNEL_OF_METHOD, ItemKind, PaymentItem, PaymentSettings
from ostoja.payments.models.common import month_end
from ostoja.payments.schedule import Segment
from ostoja.registry.models import ADDRESS_PARTS, Address, DocumentType

CASH_BENEFITS = tuple(code for code, spec in BENEFITS.items() if spec.cash)
PAID_METHODS = tuple(CHANNEL_OF_METHOD)

# One entitlement's key: ("m", person id, benefit) or ("1", award id).
Key = tuple[str, int, str]


def payable_awards(month: datetime.date) -> QuerySet[Award]:
    """The awards a run of `month` may pay from: cash benefits, paid in money, with an amount,
    begun by the end of the month; a one-off one only until it has its item."""
    paid_once = PaymentItem.objects.filter(
        award=OuterRef("pk"), kind=ItemKind.REGULAR, one_off=True
    )
    awards = Award.objects.filter(
        benefit__in=CASH_BENEFITS,
        method__in=PAID_METHODS,
        amount__gt=0,
        valid_from__lte=month_end(month),
    )
    first = PaymentSettings.objects.values_list("first_month", flat=True).first()
    if first is not None:
        # Segments ended before the first month paid with Ostoja were paid before it.
        awards = awards.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=first))
    return awards.exclude(Q(frequency=AwardFrequency.ONE_OFF) & Exists(paid_once))


def keys_of_month(month: datetime.date) -> list[Key]:
    """Every entitlement key of the run of `month`, in a stable order."""
    rows = payable_awards(month).values_list("pk", "frequency", "person_id", "benefit")
    keys = {
        ("m", person, benefit) if frequency == AwardFrequency.MONTHLY else ("1", pk, benefit)
        for pk, frequency, person, benefit in rows
    }
    return sorted(keys)


class Executable(Protocol):
    """What `is_executable` reads of a decision (a `Decision`, or a run's `DecisionFacts`)."""

    @property
    def imported(self) -> bool: ...
    @property
    def delivered_on(self) -> datetime.date | None: ...
    @property
    def final_on(self) -> datetime.date | None: ...
    @property
    def immediately_enforceable(self) -> bool: ...
    @property
    def grants_request_in_full(self) -> bool: ...


def is_executable(decision: Executable) -> bool:
    """Whether the decision may be carried out (art. 130 k.p.a.): delivered, and final, or
    immediately enforceable (art. 108), or granting the request in full (art. 130 § 4). A
    decision issued before Ostoja is taken as carried out already."""
    if decision.imported or not settings.OSTOJA_PAY_ONLY_EXECUTABLE:
        return True
    if decision.delivered_on is None:
        return False
    return bool(
        decision.final_on or decision.immediately_enforceable or decision.grants_request_in_full
    )


@dataclass(frozen=True, slots=True)
class DecisionFacts:
    """What a run reads of an award's decision."""

    number: str
    imported: bool
    delivered_on: datetime.date | None
    final_on: datetime.date | None
    immediately_enforceable: bool
    grants_request_in_full: bool
    signed_at: datetime.datetime | None


_DOCUMENT_TYPES = dict(DocumentType.choices)


@dataclass(frozen=True, slots=True)
class PayeeFacts:
    """What a payment item copies of its payee."""

    full_name: str
    pesel: str | None
    document_type: str
    document_number: str
    bank_account: str
    actual_address: Address
    registered_address: Address

    @property
    def identity(self) -> str:
        if self.pesel:
            return f"PESEL {self.pesel}"
        if self.document_number:
            label = _DOCUMENT_TYPES.get(self.document_type, self.document_type)
            return f"{label} {self.document_number}".strip()
        return ""


@dataclass(frozen=True, slots=True)
class AwardRow:
    """An award as a run reads it, with its decision, person, payee and family: plain values,
    not model instances (a city's month reads 15 000 awards with four related rows each, and
    making 75 000 model instances cost more than the query)."""

    pk: int
    household_id: int
    person_id: int
    payee_id: int
    benefit: str
    frequency: str
    amount: Decimal | None
    valid_from: datetime.date
    valid_to: datetime.date | None
    suspended: bool
    method: str
    account: str
    continues_id: int | None
    decision: DecisionFacts
    person_name: str
    payee: PayeeFacts
    household_address: Address


@dataclass
class Entitlement:
    key: Key
    awards: list[AwardRow] = field(default_factory=list)

    @property
    def one_off(self) -> bool:
        return self.key[0] == "1"

    def award(self, award_id: int) -> AwardRow:
        return next(award for award in self.awards if award.pk == award_id)


# What a run reads of each award with it: the fields the items copy, nothing more.
_DECISION = (
    "decision__number",
    "decision__imported",
    "decision__delivered_on",
    "decision__final_on",
    "decision__immediately_enforceable",
    "decision__grants_request_in_full",
    "decision__signed_at",
)
_PAYEE = ("payee__pesel", "payee__document_type", "payee__document_number", "payee__bank_account")
_OWN = (
    "pk",
    "household_id",
    "person_id",
    "payee_id",
    "benefit",
    "frequency",
    "amount",
    "valid_from",
    "valid_to",
    "suspended",
    "method",
    "account",
    "continues_id",
)
AWARD_FIELDS = (
    *_OWN,
    *_DECISION,
    "person__first_names",
    "person__surname",
    "payee__first_names",
    "payee__surname",
    *_PAYEE,
    *(f"payee__actual_{part}" for part in ADDRESS_PARTS),
    *(f"payee__registered_{part}" for part in ADDRESS_PARTS),
    *(f"household__{part}" for part in ADDRESS_PARTS),
)


def _award_row(values: tuple[Any, ...]) -> AwardRow:
    own, rest = dict(zip(_OWN, values, strict=False)), iter(values[len(_OWN) :])
    decision = DecisionFacts(*islice(rest, len(_DECISION)))
    person_name = " ".join(islice(rest, 2))
    payee_name = " ".join(islice(rest, 2))
    pesel, document_type, document_number, bank_account = islice(rest, len(_PAYEE))
    actual = Address(*islice(rest, len(ADDRESS_PARTS)))
    registered = Address(*islice(rest, len(ADDRESS_PARTS)))
    payee = PayeeFacts(
        payee_name, pesel, document_type, document_number, bank_account, actual, registered
    )
    return AwardRow(
        **own,
        decision=decision,
        person_name=person_name,
        payee=payee,
        household_address=Address(*rest),
    )


def key_of(award: AwardRow) -> Key:
    if award.frequency == AwardFrequency.MONTHLY:
        return ("m", award.person_id, award.benefit)
    return ("1", award.pk, award.benefit)


def entitlements_of(keys: Iterable[Key], month: datetime.date) -> list[Entitlement]:
    """The entitlements of `keys` with all their awards (segments) of the month's run, with the
    decision, the person and the payee of each, in one query (the keys' persons and one-off
    awards asked by id, the pairs sorted out here: an OR of hundreds of pairs costs more to
    compile than to run)."""
    wanted = set(keys)
    if not wanted:
        return []
    persons = {person for kind, person, _benefit in wanted if kind == "m"}
    one_off = {award for kind, award, _benefit in wanted if kind == "1"}
    rows = (
        payable_awards(month)
        .filter(Q(person_id__in=persons, frequency=AwardFrequency.MONTHLY) | Q(pk__in=one_off))
        .order_by("valid_from", "pk")
        .values_list(*AWARD_FIELDS)
    )
    found: dict[Key, Entitlement] = {}
    for values in rows:
        award = _award_row(values)
        key = key_of(award)
        if key in wanted:
            found.setdefault(key, Entitlement(key)).awards.append(award)
    return [found[key] for key in keys if key in found]


def segments_of(
    entitlement: Entitlement,
    *,
    first_month: datetime.date | None,
    started: datetime.datetime | None,
) -> list[Segment]:
    """The pure schedule's view of the entitlement's awards. A segment continues an executable
    chain: it may be paid when the first decision of its chain may (a change signed later is
    carried out with the award it changes). Months before the first month paid with Ostoja are
    not looked at for awards of decisions signed before Ostoja's first run."""
    by_id = {award.pk: award for award in entitlement.awards}
    return [
        Segment(
            award_id=award.pk,
            amount=award.amount or Decimal(0),
            valid_from=award.valid_from,
            valid_to=award.valid_to,
            monthly=award.frequency == AwardFrequency.MONTHLY,
            suspended=award.suspended,
            payable=is_executable(_root(award, by_id).decision),
            counted_from=first_month if _paid_before(award, started) else None,
        )
        for award in entitlement.awards
    ]


def _root(award: AwardRow, by_id: dict[int, AwardRow]) -> AwardRow:
    while award.continues_id is not None and award.continues_id in by_id:
        award = by_id[award.continues_id]
    return award


def _paid_before(award: AwardRow, started: datetime.datetime | None) -> bool:
    decision = award.decision
    if started is None:
        return False
    return decision.imported or (decision.signed_at is not None and decision.signed_at < started)
