"""Every debt's figures today, for the pages that list them all, without computing every
ledger on every request.

The debts' page (its totals and filters) and the accountant's start panel (the overdue
debts) need every debt's ledger; a city's 3 000 ledgers take half a second to compute
(bench/README.md). So each debt's figures on a day are kept in `DebtSummary` with a
fingerprint of all its ledger reads: the decision's terms, its principal, the reliefs issued
on it, the repayments not cancelled, the set-offs that count, the interest rates, the
repayment order and the ledger's own code. A page reads the fingerprints of its debts in a few
grouped queries and computes again only the ledgers whose fingerprint or day changed.

Safe without locks: the fingerprint is read before the ledger it labels, so a change
committed in between leaves a newer ledger under an older fingerprint, which the next page
computes again; two pages writing at once each write a ledger at least as new as its
fingerprint. A repayment is never edited (only cancelled) and an issued decision's terms never
change, so counts, sums and the largest day catch every change.

Only today is kept; another day is computed whole. After midnight the daily run
(`benefits.signals.day_begun`) queues `keep_figures_of_today`, so the day's first page finds
them kept. The figures kept are shown, never used to
pay or set off: `recovery.setoff` computes the ledgers.
"""

import datetime
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from django.db.models import Count, Max, QuerySet, Sum
from django.utils import timezone

from ostoja.benefits.models import ISSUED_STATES, Decision, DecisionKind, DecisionLine
from ostoja.payments.models import NOT_COUNTED, DebtSummary, PaymentItem, Repayment
from ostoja.payments.recovery import debts as recovery
from ostoja.payments.recovery.ledger import Ledger
from ostoja.registry.models import Person

# What a row of the list reads of its decision, besides the terms in the fingerprint.
TERMS = ("act", "issued_on", "repay_by", "instalments", "interest_from")
ISSUED_ON = TERMS.index("issued_on")
FIGURES = (
    "principal_fixed",
    "principal_outstanding",
    "interest_outstanding",
    "repaid",
    "waived",
    "excess",
    "overdue_principal",
    "next_due_on",
    "next_outstanding",
)


@dataclass(frozen=True, slots=True)
class NextInstalment:
    due_on: datetime.date
    outstanding: Decimal


@dataclass(frozen=True, slots=True)
class Figures:
    """What the list shows of a ledger, under the ledger's own names (`totals_of` reads
    either)."""

    as_of: datetime.date
    state: str
    principal_fixed: Decimal
    principal_outstanding: Decimal
    interest_outstanding: Decimal
    repaid: Decimal
    waived: Decimal
    excess: Decimal
    overdue_principal: Decimal
    next_due_on: datetime.date | None
    next_outstanding: Decimal | None

    @property
    def owed(self) -> Decimal:
        return self.principal_outstanding + self.interest_outstanding

    @property
    def next_instalment(self) -> NextInstalment | None:
        if self.next_due_on is None or self.next_outstanding is None:
            return None
        return NextInstalment(self.next_due_on, self.next_outstanding)


def figures_of(ledger: Ledger) -> Figures:
    upcoming = ledger.next_instalment
    return Figures(
        as_of=ledger.as_of,
        state=ledger.state,
        principal_fixed=ledger.principal_fixed,
        principal_outstanding=ledger.principal_outstanding,
        interest_outstanding=ledger.interest_outstanding,
        repaid=ledger.repaid,
        waived=ledger.waived,
        excess=ledger.excess,
        overdue_principal=ledger.overdue_principal,
        next_due_on=upcoming.due_on if upcoming else None,
        next_outstanding=upcoming.outstanding if upcoming else None,
    )


@dataclass(slots=True)
class DebtRow:
    """A row of the debts' list: the decision's few facts, its figures, and its debtor once
    read for the rows shown (`with_debtors`)."""

    decision_id: int
    number: str
    issued_on: datetime.date
    party_id: int
    ledger: Figures
    party: Person | None = None

    @property
    def state_label(self) -> str:
        return recovery.state_label(self.ledger.state)


def with_debtors(rows: Sequence[DebtRow]) -> None:
    people = Person.objects.in_bulk({row.party_id for row in rows})
    for row in rows:
        row.party = people.get(row.party_id)


@cache
def _code_digest() -> str:
    """The ledger's code is part of every fingerprint: figures kept by an older version are
    computed again after an upgrade."""
    here = Path(__file__).resolve().parent
    sources = [here / "ledger.py", here / "debts.py", here.parent.parent / "benefits/repayment.py"]
    digest = hashlib.blake2b(digest_size=16)
    for source in sources:
        digest.update(source.read_bytes())
    return digest.hexdigest()


def _common_basis() -> str:
    """What every ledger reads besides its own rows: the code, the order in which a repayment
    pays interest and principal, and the interest rates with their days."""
    interest = recovery.interest_parameter()
    facts = (
        _code_digest(),
        recovery.repayment_order(),
        tuple((value.start, value.value) for value in interest.values),
    )
    return hashlib.blake2b(repr(facts).encode(), digest_size=16).hexdigest()


def _grouped(queryset: QuerySet[Any], key: str, **aggregates: Any) -> dict[int, tuple[Any, ...]]:
    rows = queryset.order_by().values(key).annotate(**aggregates).values_list(key, *aggregates)
    return {row[0]: row[1:] for row in rows}


def _fingerprints(ids: Any) -> dict[str, dict[int, tuple[Any, ...]]]:
    """What each debt's ledger reads, as counts, sums and the largest day, per table."""
    return {
        "lines": _grouped(
            DecisionLine.objects.filter(decision_id__in=ids),
            "decision_id",
            total=Sum("amount"),
            count=Count("pk"),
        ),
        "reliefs": _grouped(
            Decision.objects.filter(
                kind=DecisionKind.RELIEF,
                changes_id__in=ids,
                state__in=list(ISSUED_STATES),
                issued_on__isnull=False,
            ),
            "changes_id",
            count=Count("pk"),
            ids=Sum("pk"),
            last=Max("issued_on"),
        ),
        "repayments": _grouped(
            Repayment.objects.filter(decision_id__in=ids, cancelled_at__isnull=True),
            "decision_id",
            count=Count("pk"),
            total=Sum("amount"),
            ids=Sum("pk"),
            last=Max("paid_on"),
        ),
        "setoffs": _grouped(
            PaymentItem.objects.filter(setoff_debt_id__in=ids, setoff__gt=0).exclude(
                state__in=NOT_COUNTED
            ),
            "setoff_debt_id",
            count=Count("pk"),
            total=Sum("setoff"),
            ids=Sum("pk"),
            last=Max("payment_list__payment_date"),
        ),
    }


def _basis(terms: tuple[Any, ...], parts: dict[str, dict[int, tuple[Any, ...]]], pk: int) -> str:
    facts = (terms, *(table.get(pk) for table in parts.values()))
    return hashlib.blake2b(repr(facts).encode(), digest_size=16).hexdigest()


def debt_rows(decisions: QuerySet[Decision], as_of: datetime.date) -> list[DebtRow]:
    """The debts of `decisions` (in their order) with their figures on `as_of`: today's from
    what is kept where it is still true, any other day's computed."""
    if as_of != timezone.localdate():
        return [_row(debt) for debt in recovery.debts_on(recovery.for_ledgers(decisions), as_of)]
    ids = decisions.order_by().values("pk")
    common = _common_basis()
    parts = _fingerprints(ids)
    facts = decisions.values_list(
        "pk",
        "number",
        "party_id",
        *TERMS,
        "debt_summary__as_of",
        "debt_summary__basis",
        "debt_summary__state",
        *(f"debt_summary__{name}" for name in FIGURES),
    )
    kept: list[tuple[int, str, datetime.date, int, Figures | None]] = []
    stale: dict[int, str] = {}
    for pk, number, party_id, *rest in facts:
        terms, (kept_on, kept_basis, state, *figures) = rest[: len(TERMS)], rest[len(TERMS) :]
        basis = _basis((common, *terms), parts, pk)
        if kept_on == as_of and kept_basis == basis:
            kept.append((pk, number, terms[ISSUED_ON], party_id, Figures(as_of, state, *figures)))
        else:
            stale[pk] = basis
            kept.append((pk, number, terms[ISSUED_ON], party_id, None))
    computed = _compute_and_keep(stale, as_of) if stale else {}
    return [
        DebtRow(pk, number, issued_on, party_id, figures or computed[pk])
        for pk, number, issued_on, party_id, figures in kept
    ]


def _row(debt: recovery.Debt) -> DebtRow:
    decision = debt.decision
    assert decision.issued_on is not None  # a debt's decision is issued
    return DebtRow(
        decision.pk, decision.number, decision.issued_on, decision.party_id, figures_of(debt.ledger)
    )


def _compute_and_keep(stale: dict[int, str], as_of: datetime.date) -> dict[int, Figures]:
    decisions = recovery.for_ledgers(Decision.objects.filter(pk__in=list(stale)))
    computed = {
        debt.decision.pk: figures_of(debt.ledger) for debt in recovery.debts_on(decisions, as_of)
    }
    DebtSummary.objects.bulk_create(
        [
            DebtSummary(
                decision_id=pk,
                as_of=as_of,
                basis=stale[pk],
                state=figures.state,
                **{name: getattr(figures, name) for name in FIGURES},
            )
            for pk, figures in sorted(computed.items())
        ],
        update_conflicts=True,
        unique_fields=["decision"],
        update_fields=["as_of", "basis", "state", *FIGURES],
    )
    return computed


def keep_figures_of_today() -> int:
    """Compute and keep every debt's figures of today (the night's work after the daily run,
    so that the day's first page need not); how many debts there are."""
    return len(debt_rows(recovery.debt_decisions(), timezone.localdate()))
