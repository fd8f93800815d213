"""The month's health contributions (the content of ZUS RZA and the totals of ZUS DRA): prepared
from the zasiłek stały actually paid for the month, then declared and frozen.

The base of a person's month is the zasiłek stały paid for that month of service: the sum of the
person's zasiłek stały items for the month that are paid — the regular item, a top-up, an item
paying again a returned one. An item returned or not collected is not counted until it is paid
again (then the new item counts, for the same month); an item still to be paid is not counted.
A month the right covers only in part is paid in part (the schedule's days of the month), and
that amount is the base: the contribution is 9 % of it and is not divided again by days
(art. 79 ust. 2: the contribution is monthly and indivisible). A month partly paid when it is
prepared (say, a top-up still on a list) gives the base paid so far; preparing it again before
declaring takes in what was paid since, and once it is declared, a later payment for it shows in
the overview as a correction to make in Płatnik.

The contribution is the rate of the rules' parameter `pomoc_spoleczna.skladka_zdrowotna.stopa`
(in force on the month's first day) times the base, rounded half-up to the grosz [not
confirmed: the rounding rule].

Deadline: the documents and the payment by the 5th of the following month for a budget unit
(art. 47 ust. 1 ustawy o systemie ubezpieczeń społecznych), on the next working day when the
5th is a Saturday, Sunday or holiday [not confirmed: the provision of the health-care financing
act that makes the health contribution follow this deadline was not read].
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ostoja.accounts.models import User
from ostoja.benefits.catalogue import Benefit
from ostoja.core.actions import action_kind, record_action
from ostoja.core.money import format_pln, to_grosze
from ostoja.core.services import require
from ostoja.core.workdays import next_working_day
from ostoja.payments import policy as payments_policy
from ostoja.payments.models import (
    ItemState,
    PaymentItem,
    ZusContribution,
    ZusMonth,
    ZusMonthState,
    ZusOtherTitle,
    ZusRegistration,
)
from ostoja.payments.models.common import month_end, month_start
from ostoja.payments.zus.configuration import require_payer_data, zus_settings
from ostoja.registry.models import Person
from ostoja.rules.parameters import default_parameters

RATE = "pomoc_spoleczna.skladka_zdrowotna.stopa"
# The day of the following month a budget unit files and pays by.
BUDGET_UNIT_DAY = 5

MONTH_PREPARE = action_kind(
    "payments.zus_month_prepare",
    gettext_lazy("Health contributions of the month prepared"),
    gettext_lazy("%(month)s: %(count)s persons, contributions %(total)s"),
)
MONTH_DECLARE = action_kind(
    "payments.zus_month_declare",
    gettext_lazy("Health contributions of the month declared"),
    gettext_lazy("%(month)s: %(count)s persons, contributions %(total)s, due by %(deadline)s"),
)


def zus_deadline(month: datetime.date) -> datetime.date:
    """The last day to file the month's RZA and DRA and pay: the 5th of the following month,
    or the first working day after it."""
    following = month_start(month) + relativedelta(months=1)
    return next_working_day(following.replace(day=BUDGET_UNIT_DAY))


def contribution_rate(month: datetime.date) -> Decimal:
    return default_parameters().at(month_start(month))[RATE]


def contribution_of(base: Decimal, rate: Decimal) -> Decimal:
    """The rate of the base, rounded half-up to the grosz: 713.00 × 0.09 = 64.17."""
    return to_grosze(base * rate)


@dataclass(frozen=True)
class PaidBase:
    person_id: int
    base: Decimal
    # The items the base is made of: id, kind and amount of each.
    items: tuple[dict[str, str | int], ...]


def paid_bases(month: datetime.date) -> dict[int, PaidBase]:
    """Per person, the zasiłek stały paid for `month` (see the module's docstring)."""
    rows = (
        PaymentItem.objects.filter(
            benefit=Benefit.ZASILEK_STALY,
            service_month=month_start(month),
            state=ItemState.PAID,
        )
        .order_by("person_id", "pk")
        .values_list("pk", "person_id", "kind", "amount")
    )
    items: dict[int, list[dict[str, str | int]]] = defaultdict(list)
    totals: dict[int, Decimal] = defaultdict(Decimal)
    for pk, person_id, kind, amount in rows:
        items[person_id].append({"item": pk, "kind": kind, "amount": str(amount)})
        totals[person_id] += amount
    return {
        person_id: PaidBase(person_id, totals[person_id], tuple(items[person_id]))
        for person_id in totals
    }


@dataclass(frozen=True)
class ComputedContribution:
    person_id: int
    registration: ZusRegistration
    base: Decimal
    rate: Decimal
    contribution: Decimal
    computation: list[dict[str, str | int]]

    def same_as(self, row: ZusContribution) -> bool:
        return (
            row.registration_id == self.registration.pk
            and row.base == self.base
            and row.rate == self.rate
            and row.contribution == self.contribution
            and row.computation == self.computation
        )


@dataclass
class ComputedMonth:
    month: datetime.date
    rate: Decimal
    contributions: list[ComputedContribution] = field(default_factory=list)
    # Sentences for the page: zasiłek stały paid to a person with no registration for the month.
    problems: list[str] = field(default_factory=list)


def compute_month(month: datetime.date) -> ComputedMonth:
    """What the month's contributions are, from the payments and registrations of today."""
    month = month_start(month)
    rate = contribution_rate(month)
    bases = paid_bases(month)
    registrations = (
        ZusRegistration.objects.filter(person_id__in=bases, valid_from__lte=month_end(month))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=month))
        .select_related("person")
        .order_by("valid_from", "pk")
    )
    # Two periods in one month (deregistered on the 10th, registered again on the 20th): the
    # month is reported under the later one.
    registration_of = {registration.person_id: registration for registration in registrations}
    computed = ComputedMonth(month=month, rate=rate)
    for person_id, paid in sorted(bases.items()):
        registration = registration_of.get(person_id)
        if registration is None:
            continue
        computed.contributions.append(
            ComputedContribution(
                person_id=person_id,
                registration=registration,
                base=paid.base,
                rate=rate,
                contribution=contribution_of(paid.base, rate),
                computation=list(paid.items),
            )
        )
    unregistered = sorted(set(bases) - set(registration_of))
    if unregistered:
        elsewhere = set(
            ZusOtherTitle.objects.filter(
                person_id__in=unregistered, insured_elsewhere=True
            ).values_list("person_id", flat=True)
        )
        for person in Person.objects.filter(pk__in=set(unregistered) - elsewhere).order_by(
            "surname", "first_names", "pk"
        ):
            computed.problems.append(
                _(
                    "%(person)s was paid zasiłek stały for %(month)s but has no registration "
                    "for health insurance then: bring the registrations up to date."
                )
                % {"person": person, "month": f"{month:%m.%Y}"}
            )
    return computed


@dataclass
class MonthPreparation:
    zus_month: ZusMonth
    added: int = 0
    changed: int = 0
    removed: int = 0
    problems: list[str] = field(default_factory=list)


def _refuse_declared(zus_month: ZusMonth) -> None:
    if zus_month.is_declared:
        raise ValidationError(
            _("The contributions of %(month)s are declared: they do not change any more.")
            % {"month": f"{zus_month.month:%m.%Y}"}
        )


def _count(zus_month: ZusMonth) -> None:
    figures = zus_month.contributions.aggregate(
        count=Count("pk"), bases=Sum("base"), contributions=Sum("contribution")
    )
    zus_month.person_count = figures["count"] or 0
    zus_month.base_total = to_grosze(figures["bases"] or Decimal(0))
    zus_month.contribution_total = to_grosze(figures["contributions"] or Decimal(0))


def _month_details(zus_month: ZusMonth) -> dict[str, object]:
    return {
        "zus_month_id": zus_month.pk,
        "month": f"{zus_month.month:%m.%Y}",
        "count": zus_month.person_count,
        "total": format_pln(zus_month.contribution_total),
        "deadline": zus_deadline(zus_month.month).isoformat(),
    }


@transaction.atomic
def zus_month_prepare(*, actor: User, month: datetime.date) -> MonthPreparation:
    """Make the month's contributions from the zasiłek stały paid for it (any day of the month
    will do). Preparing again adds what was paid since, corrects what changed and removes what
    is no longer paid; a month with nothing new is left as it was. A declared month is refused
    (and on PostgreSQL a trigger refuses any change of its rows)."""
    require(actor, payments_policy.PREPARE)
    month = month_start(month)
    settings_row = zus_settings()
    if settings_row.first_month is None:
        raise ValidationError(
            _(
                "Bring the ZUS registrations up to date first: the first synchronisation fixes "
                "the first month declared with Ostoja."
            )
        )
    if month < settings_row.first_month:
        raise ValidationError(
            {
                "month": _(
                    "Contributions are declared with Ostoja from %(first)s; an earlier month "
                    "was declared before it."
                )
                % {"first": f"{settings_row.first_month:%m.%Y}"}
            }
        )
    now = timezone.now()
    ZusMonth.objects.get_or_create(month=month, defaults={"prepared_by": actor, "prepared_at": now})
    zus_month = ZusMonth.objects.select_for_update().get(month=month)
    _refuse_declared(zus_month)
    computed = compute_month(month)
    result = MonthPreparation(zus_month=zus_month, problems=computed.problems)
    existing = {row.person_id: row for row in zus_month.contributions.select_for_update()}
    for new in computed.contributions:
        row = existing.pop(new.person_id, None)
        if row is not None and new.same_as(row):
            continue
        if row is None:
            row = ZusContribution(zus_month=zus_month, person_id=new.person_id, month=month)
            result.added += 1
        else:
            row.version += 1
            result.changed += 1
        row.registration = new.registration
        row.base = new.base
        row.rate = new.rate
        row.contribution = new.contribution
        row.computation = new.computation
        row.save()
    for gone in existing.values():
        gone.delete()
        result.removed += 1
    if result.added or result.changed or result.removed:
        zus_month.version += 1
    _count(zus_month)
    zus_month.prepared_by = actor
    zus_month.prepared_at = now
    zus_month.save()
    record_action(
        actor=actor,
        action=MONTH_PREPARE,
        subjects=[zus_month],
        details={
            **_month_details(zus_month),
            "added": result.added,
            "changed": result.changed,
            "removed": result.removed,
        },
    )
    return result


@transaction.atomic
def zus_month_declare(*, actor: User, month: datetime.date) -> ZusMonth:
    """The month's RZA and DRA were filed: its contributions are frozen, with the title code of
    the settings. Refused while the payer's data is incomplete and when the payments of the
    month changed since it was prepared (the approver declares what the figures are)."""
    require(actor, payments_policy.APPROVE)
    month = month_start(month)
    zus_month = ZusMonth.objects.select_for_update().filter(month=month).first()
    if zus_month is None:
        raise ValidationError(_("Prepare the contributions of the month first."))
    _refuse_declared(zus_month)
    settings_row = zus_settings()
    require_payer_data(settings_row)
    rows = {row.person_id: row for row in zus_month.contributions.select_for_update()}
    if not rows:
        raise ValidationError(_("The month has no contributions to declare."))
    computed = compute_month(month)
    if len(computed.contributions) != len(rows) or not all(
        new.person_id in rows and new.same_as(rows[new.person_id]) for new in computed.contributions
    ):
        raise ValidationError(
            _(
                "The zasiłek stały paid for %(month)s changed since its contributions were "
                "prepared: prepare the month again before declaring it."
            )
            % {"month": f"{month:%m.%Y}"}
        )
    now = timezone.now()
    zus_month.contributions.update(
        declared_at=now, declared_by=actor, title_code=settings_row.title_code, updated_at=now
    )
    zus_month.state = ZusMonthState.DECLARED
    zus_month.declared_by = actor
    zus_month.declared_at = now
    zus_month.version += 1
    zus_month.save()
    record_action(
        actor=actor, action=MONTH_DECLARE, subjects=[zus_month], details=_month_details(zus_month)
    )
    return zus_month
