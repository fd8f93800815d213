"""What the pages of the ZUS contributions show: the registrations a synchronisation would
make, a month (its contributions, documents, deadline and what still needs doing) and the
figures of a year (per month and per person, for the SKL-ZDR report and the budget).

Selectors read only; a page that shows persons' data logs the look itself.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Sum

from ostoja.core.money import to_grosze
from ostoja.payments.models import (
    RegistrationState,
    ZusContribution,
    ZusMonth,
    ZusMonthState,
    ZusRegistration,
)
from ostoja.payments.models.common import month_end, month_start
from ostoja.payments.zus.configuration import missing_payer_data, zus_settings
from ostoja.payments.zus.months import ComputedContribution, compute_month, zus_deadline
from ostoja.payments.zus.registrations import RegistrationPlan, plan_registrations
from ostoja.registry.models import Person

ZZA, ZWUA = "ZZA", "ZWUA"
ZERO = Decimal("0.00")


def person_name(person: Person) -> str:
    """Surname first, as the documents list persons."""
    return f"{person.surname} {person.first_names}"


def zus_registration_plan(day: datetime.date) -> RegistrationPlan:
    """What `zus_registration_sync` would record as of `day`, without recording it: the page
    shows it before the user confirms."""
    first = zus_settings().first_month or month_start(day)
    return plan_registrations(day=day, first_month=first)


@dataclass(frozen=True)
class ContributionLine:
    person_id: int
    name: str
    pesel: str
    base: Decimal
    rate: Decimal
    contribution: Decimal
    registration_id: int
    # The code on the declared row; the settings' code until the month is declared.
    title_code: str
    declared: bool


@dataclass(frozen=True)
class DocumentLine:
    """A ZZA (registration) or ZWUA (deregistration) recorded in the month."""

    document: str
    registration: ZusRegistration
    name: str
    pesel: str
    valid_from: datetime.date
    valid_to: datetime.date | None
    reason: str
    recorded_on: datetime.date


@dataclass(frozen=True)
class Correction:
    """A declared person-month whose zasiłek stały paid differs now from what was declared."""

    person_id: int
    name: str
    declared_base: Decimal
    paid_base: Decimal
    declared_contribution: Decimal
    contribution: Decimal


@dataclass
class MonthOverview:
    month: datetime.date
    deadline: datetime.date
    rate: Decimal
    # None: the month was not prepared; the lines are then what preparing it would give.
    zus_month: ZusMonth | None
    lines: list[ContributionLine]
    person_count: int
    base_total: Decimal
    contribution_total: Decimal
    registrations: list[DocumentLine] = field(default_factory=list)
    deregistrations: list[DocumentLine] = field(default_factory=list)
    # Prepared, not declared, and the payments changed since: to prepare again.
    out_of_date: bool = False
    corrections: list[Correction] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    missing_settings: list[str] = field(default_factory=list)

    @property
    def state(self) -> str | None:
        return self.zus_month.state if self.zus_month is not None else None

    @property
    def is_declared(self) -> bool:
        return self.state == ZusMonthState.DECLARED


def _documents(month: datetime.date) -> tuple[list[DocumentLine], list[DocumentLine]]:
    first, last = month_start(month), month_end(month)
    rows = ZusRegistration.objects.select_related("person").order_by(
        "person__surname", "person__first_names", "valid_from", "pk"
    )
    registered = [
        DocumentLine(
            ZZA,
            registration,
            person_name(registration.person),
            registration.person.pesel or "",
            registration.valid_from,
            registration.valid_to,
            "",
            registration.zza_date,
        )
        for registration in rows.filter(zza_date__range=(first, last), carried_over=False)
        if registration.zza_date is not None
    ]
    deregistered = [
        DocumentLine(
            ZWUA,
            registration,
            person_name(registration.person),
            registration.person.pesel or "",
            registration.valid_from,
            registration.valid_to,
            registration.zwua_reason,
            registration.zwua_date,
        )
        for registration in rows.filter(
            zwua_date__range=(first, last), state=RegistrationState.DEREGISTERED
        )
        if registration.zwua_date is not None
    ]
    return registered, deregistered


def zus_month_overview(month: datetime.date) -> MonthOverview:
    """One month: its contributions (stored, or what preparing would give), the totals, the
    deadline, the ZZA and ZWUA recorded in it, and what is left to do — settings missing for the
    documents, payments without a registration, a prepared month out of date, a declared month
    to correct."""
    month = month_start(month)
    settings_row = zus_settings()
    zus_month = ZusMonth.objects.filter(month=month).first()
    computed = compute_month(month)
    persons = Person.objects.in_bulk([new.person_id for new in computed.contributions])
    overview = MonthOverview(
        month=month,
        deadline=zus_deadline(month),
        rate=computed.rate,
        zus_month=zus_month,
        lines=[],
        person_count=0,
        base_total=ZERO,
        contribution_total=ZERO,
        problems=computed.problems,
        missing_settings=missing_payer_data(settings_row),
    )
    overview.registrations, overview.deregistrations = _documents(month)
    if zus_month is None:
        overview.lines = [
            ContributionLine(
                person_id=new.person_id,
                name=person_name(persons[new.person_id]),
                pesel=persons[new.person_id].pesel or "",
                base=new.base,
                rate=new.rate,
                contribution=new.contribution,
                registration_id=new.registration.pk,
                title_code=settings_row.title_code,
                declared=False,
            )
            for new in computed.contributions
        ]
    else:
        rows = zus_month.contributions.select_related("person").order_by(
            "person__surname", "person__first_names", "pk"
        )
        overview.lines = [
            ContributionLine(
                person_id=row.person_id,
                name=person_name(row.person),
                pesel=row.person.pesel or "",
                base=row.base,
                rate=row.rate,
                contribution=row.contribution,
                registration_id=row.registration_id,
                title_code=row.title_code if row.is_declared else settings_row.title_code,
                declared=row.is_declared,
            )
            for row in rows
        ]
        stored = {row.person_id: row for row in rows}
        now = {new.person_id: new for new in computed.contributions}
        differs = set(stored) != set(now) or any(
            not new.same_as(stored[person]) for person, new in now.items()
        )
        if zus_month.is_declared:
            overview.corrections = _corrections(stored, now, persons)
        else:
            overview.out_of_date = differs
    overview.person_count = len(overview.lines)
    overview.base_total = sum((line.base for line in overview.lines), ZERO)
    overview.contribution_total = sum((line.contribution for line in overview.lines), ZERO)
    return overview


def _corrections(
    stored: dict[int, ZusContribution],
    now: dict[int, ComputedContribution],
    persons: dict[int, Person],
) -> list[Correction]:
    corrections = []
    for person_id in sorted(set(stored) | set(now)):
        row = stored.get(person_id)
        new = now.get(person_id)
        declared_base = row.base if row is not None else ZERO
        paid_base = new.base if new is not None else ZERO
        if declared_base == paid_base:
            continue
        person = row.person if row is not None else persons[person_id]
        corrections.append(
            Correction(
                person_id=person_id,
                name=person_name(person),
                declared_base=declared_base,
                paid_base=paid_base,
                declared_contribution=row.contribution if row is not None else ZERO,
                contribution=new.contribution if new is not None else ZERO,
            )
        )
    return corrections


@dataclass(frozen=True)
class MonthFigures:
    month: datetime.date
    persons: int
    base_total: Decimal
    contribution_total: Decimal
    # None for a month not prepared.
    state: str | None


@dataclass(frozen=True)
class PersonYear:
    person_id: int
    name: str
    pesel: str
    months: int
    base_total: Decimal
    contribution_total: Decimal


@dataclass
class YearFigures:
    year: int
    months: list[MonthFigures]
    persons: list[PersonYear]

    @property
    def person_count(self) -> int:
        """Distinct persons with a contribution in the year."""
        return len(self.persons)

    @property
    def base_total(self) -> Decimal:
        return sum((figures.base_total for figures in self.months), ZERO)

    @property
    def contribution_total(self) -> Decimal:
        return sum((figures.contribution_total for figures in self.months), ZERO)


def zus_year_figures(year: int) -> YearFigures:
    """The contributions prepared or declared for the months of `year`: per month the persons
    and the sums of bases and contributions (every month of the year, zero where none), and per
    person the months, bases and contributions of the year."""
    rows = ZusContribution.objects.filter(month__year=year)
    per_month: dict[datetime.date, dict[str, Any]] = {
        row["month"]: dict(row)
        for row in rows.order_by()
        .values("month")
        .annotate(persons=Count("pk"), bases=Sum("base"), contributions=Sum("contribution"))
    }
    states = dict(ZusMonth.objects.filter(month__year=year).values_list("month", "state"))
    months = []
    for number in range(1, 13):
        month = datetime.date(year, number, 1)
        figures: dict[str, Any] = per_month.get(month, {})
        months.append(
            MonthFigures(
                month=month,
                persons=figures.get("persons", 0),
                base_total=to_grosze(figures.get("bases") or ZERO),
                contribution_total=to_grosze(figures.get("contributions") or ZERO),
                state=states.get(month),
            )
        )
    totals: dict[int, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    counts: dict[int, int] = defaultdict(int)
    for person_id, base, contribution in rows.values_list("person_id", "base", "contribution"):
        totals[person_id][0] += base
        totals[person_id][1] += contribution
        counts[person_id] += 1
    people = Person.objects.in_bulk(list(totals))
    persons = sorted(
        (
            PersonYear(
                person_id=person_id,
                name=person_name(people[person_id]),
                pesel=people[person_id].pesel or "",
                months=counts[person_id],
                base_total=base,
                contribution_total=contribution,
            )
            for person_id, (base, contribution) in totals.items()
        ),
        key=lambda line: (line.name, line.person_id),
    )
    return YearFigures(year=year, months=months, persons=persons)
