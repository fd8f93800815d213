"""Registrations for health insurance (ZUS ZZA) and deregistrations (ZUS ZWUA) from the awards
of zasiłek stały.

The title lasts from the day the allowance is granted until the right is lost (art. 73 ustawy
o świadczeniach opieki zdrowotnej finansowanych ze środków publicznych). Read from the awards,
a person's title is the union of their segments of zasiłek stały that are not suspended and may
be carried out (the first decision of the chain is executable, as for payment): segments that
follow each other without a gap make one period. A suspension ends the period the day before it
[not confirmed: whether the title lasts through a suspension of the allowance; ZUS's guidance on
this was not found, and no contribution is due for a month in which nothing is paid].

The synchronisation as of a day:

- a period begun by that day and not covered by a registration is registered from its first
  day (or from the day after the registration it continues); a person recorded as insured on
  another title is not registered;
- a registration whose period ended before that day is deregistered with reason 250, insured
  until the period's last day;
- periods that ended before the first month declared with Ostoja are left alone, and a period
  begun before it is recorded as registered by the system used before (no ZZA is made for it).

A registration ended by hand (`zus_registration_end`) while the allowance goes on is made again
by the next synchronisation unless the person is recorded as insured on another title first.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ostoja.accounts.models import User
from ostoja.benefits.catalogue import Benefit
from ostoja.benefits.models import Award, AwardFrequency
from ostoja.core.actions import action_kind, record_action
from ostoja.core.services import as_actor, day_text, require
from ostoja.payments import policy as payments_policy
from ostoja.payments.models import (
    END_OF_ALLOWANCE,
    RegistrationState,
    ZusOtherTitle,
    ZusRegistration,
)
from ostoja.payments.models.common import month_start
from ostoja.payments.services.entitlements import is_executable
from ostoja.payments.zus.configuration import zus_settings
from ostoja.registry.models import Person

DAY = datetime.timedelta(days=1)

REGISTER = action_kind(
    "payments.zus_register",
    gettext_lazy("Registration for health insurance (ZUS ZZA)"),
    gettext_lazy("%(person)s, insured from %(valid_from)s"),
)
DEREGISTER = action_kind(
    "payments.zus_deregister",
    gettext_lazy("Deregistration from health insurance (ZUS ZWUA)"),
    gettext_lazy("%(person)s, insured until %(valid_to)s, reason %(reason)s"),
)
OTHER_TITLE = action_kind(
    "payments.zus_other_title",
    gettext_lazy("Insurance on another title recorded"),
    gettext_lazy("%(person)s: %(insured)s, %(reason)s"),
)


@dataclass(frozen=True)
class TitlePeriod:
    """A period in which a person holds the title: zasiłek stały in force, not suspended."""

    person_id: int
    start: datetime.date
    end: datetime.date | None
    # The segments of the period, by start: the one in force on a day gave the title that day.
    awards: tuple[Award, ...]

    def award_on(self, day: datetime.date) -> Award:
        in_force = [award for award in self.awards if award.valid_from <= day]
        return in_force[-1] if in_force else self.awards[0]

    def ended_before(self, day: datetime.date) -> bool:
        return self.end is not None and self.end < day


def _overlaps(
    start: datetime.date,
    end: datetime.date | None,
    other_start: datetime.date,
    other_end: datetime.date | None,
) -> bool:
    return (end is None or other_start <= end) and (other_end is None or start <= other_end)


def title_periods() -> dict[int, list[TitlePeriod]]:
    """Every person's periods of the title from the awards of zasiłek stały, by start."""
    awards = Award.objects.filter(
        benefit=Benefit.ZASILEK_STALY, frequency=AwardFrequency.MONTHLY
    ).select_related("decision")
    by_id = {award.pk: award for award in awards.order_by("person_id", "valid_from", "pk")}
    segments: dict[int, list[Award]] = defaultdict(list)
    for award in by_id.values():
        root = award
        while root.continues_id is not None and root.continues_id in by_id:
            root = by_id[root.continues_id]
        if not award.suspended and is_executable(root.decision):
            segments[award.person_id].append(award)
    periods: dict[int, list[TitlePeriod]] = {}
    for person_id, awards_of_person in segments.items():
        merged: list[tuple[datetime.date, datetime.date | None, list[Award]]] = []
        for award in awards_of_person:
            if merged:
                start, end, parts = merged[-1]
                if end is None or award.valid_from <= end + DAY:
                    later = (
                        None if end is None or award.valid_to is None else max(end, award.valid_to)
                    )
                    merged[-1] = (start, later, [*parts, award])
                    continue
            merged.append((award.valid_from, award.valid_to, [award]))
        periods[person_id] = [
            TitlePeriod(person_id, start, end, tuple(parts)) for start, end, parts in merged
        ]
    return periods


@dataclass(frozen=True)
class PlannedRegistration:
    person_id: int
    award: Award
    valid_from: datetime.date
    # Set when the period ended before the day: registered and deregistered at once.
    valid_to: datetime.date | None
    carried_over: bool


@dataclass(frozen=True)
class PlannedDeregistration:
    registration: ZusRegistration
    valid_to: datetime.date


@dataclass
class RegistrationPlan:
    """What a synchronisation as of `day` would do."""

    day: datetime.date
    first_month: datetime.date
    registrations: list[PlannedRegistration] = field(default_factory=list)
    deregistrations: list[PlannedDeregistration] = field(default_factory=list)
    # Persons with a period to register who are insured on another title.
    insured_elsewhere: list[int] = field(default_factory=list)
    # Sentences for the page: what the synchronisation cannot settle by itself.
    problems: list[str] = field(default_factory=list)


def plan_registrations(
    *, day: datetime.date, first_month: datetime.date, lock: bool = False
) -> RegistrationPlan:
    """Compare the periods of the title with the registrations recorded, as of `day`."""
    plan = RegistrationPlan(day=day, first_month=first_month)
    periods = title_periods()
    registrations = ZusRegistration.objects.select_related("person").order_by("valid_from", "pk")
    if lock:
        registrations = registrations.select_for_update(of=("self",))
    recorded: dict[int, list[ZusRegistration]] = defaultdict(list)
    for registration in registrations:
        recorded[registration.person_id].append(registration)
    elsewhere = set(
        ZusOtherTitle.objects.filter(insured_elsewhere=True).values_list("person_id", flat=True)
    )
    matched: set[int] = set()
    # The registrations as the plan leaves them: a period ended earlier in the plan no longer
    # covers a later period of the person.
    ends = {r.pk: r.valid_to for rows in recorded.values() for r in rows}
    still_open = {
        r.pk for rows in recorded.values() for r in rows if r.state == RegistrationState.REGISTERED
    }
    for person_id, person_periods in sorted(periods.items()):
        for period in person_periods:
            if period.start > day or period.ended_before(first_month):
                continue
            covering = [
                r
                for r in recorded[person_id]
                if _overlaps(period.start, period.end, r.valid_from, ends[r.pk])
            ]
            matched.update(r.pk for r in covering)
            open_one = next((r for r in covering if r.pk in still_open), None)
            if open_one is not None:
                if period.ended_before(day):
                    assert period.end is not None
                    plan.deregistrations.append(PlannedDeregistration(open_one, period.end))
                    ends[open_one.pk] = period.end
                    still_open.discard(open_one.pk)
                continue
            closed = [end for r in covering if (end := ends[r.pk]) is not None]
            covered_until = max(closed, default=None)
            if covered_until is not None and period.end is not None and covered_until >= period.end:
                continue
            start = period.start if covered_until is None else covered_until + DAY
            if start > day:
                continue
            if person_id in elsewhere:
                plan.insured_elsewhere.append(person_id)
                continue
            plan.registrations.append(
                PlannedRegistration(
                    person_id=person_id,
                    award=period.award_on(start),
                    valid_from=start,
                    valid_to=period.end if period.ended_before(day) else None,
                    carried_over=start < first_month,
                )
            )
    for person_id, person_registrations in sorted(recorded.items()):
        for registration in person_registrations:
            if registration.state != RegistrationState.REGISTERED:
                continue
            if person_id in elsewhere:
                plan.problems.append(
                    _(
                        "%(person)s is recorded as insured on another title but is still "
                        "registered from %(day)s: record the deregistration."
                    )
                    % {"person": registration.person, "day": day_text(registration.valid_from)}
                )
            elif registration.pk not in matched:
                plan.problems.append(
                    _(
                        "%(person)s is registered from %(day)s but has no zasiłek stały in force "
                        "then: check the awards and deregister by hand if the title ended."
                    )
                    % {"person": registration.person, "day": day_text(registration.valid_from)}
                )
    return plan


def refuse_overlap(registration: ZusRegistration) -> None:
    """A person's periods never overlap: PostgreSQL's exclusion constraint holds it in the
    database; this says it in Polish (and holds it on SQLite)."""
    others = ZusRegistration.objects.filter(person_id=registration.person_id).exclude(
        pk=registration.pk
    )
    if registration.valid_to is not None:
        others = others.filter(valid_from__lte=registration.valid_to)
    clash = others.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=registration.valid_from))
    if clash.exists():
        raise ValidationError(
            _("%(person)s already has a registration covering part of this period.")
            % {"person": registration.person}
        )


def _details(registration: ZusRegistration) -> dict[str, object]:
    return {
        "registration_id": registration.pk,
        "person": str(registration.person),
        "valid_from": registration.valid_from.isoformat(),
        "valid_to": registration.valid_to.isoformat() if registration.valid_to else None,
        "reason": registration.zwua_reason,
    }


def _deregister(
    registration: ZusRegistration,
    *,
    actor: User,
    valid_to: datetime.date,
    reason: str,
    day: datetime.date,
) -> None:
    registration.state = RegistrationState.DEREGISTERED
    registration.valid_to = valid_to
    registration.zwua_date = day
    registration.zwua_reason = reason
    registration.deregistered_by = actor


@dataclass
class SyncResult:
    registered: list[ZusRegistration] = field(default_factory=list)
    deregistered: list[ZusRegistration] = field(default_factory=list)
    insured_elsewhere: list[int] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@transaction.atomic
def zus_registration_sync(*, actor: User, day: datetime.date) -> SyncResult:
    """Record the registrations and deregistrations the awards call for as of `day` (see the
    module's docstring); each is an action on the person. Running it again changes nothing.
    The first synchronisation fixes the first month declared with Ostoja (the month of
    `day`)."""
    require(actor, payments_policy.PREPARE)
    settings_row = zus_settings(for_update=True)
    if settings_row.first_month is None:
        settings_row.first_month = month_start(day)
        settings_row.save(update_fields=["first_month", "updated_at"])
    plan = plan_registrations(day=day, first_month=settings_row.first_month, lock=True)
    result = SyncResult(insured_elsewhere=plan.insured_elsewhere, problems=plan.problems)
    for change in plan.deregistrations:
        registration = change.registration
        _deregister(
            registration, actor=actor, valid_to=change.valid_to, reason=END_OF_ALLOWANCE, day=day
        )
        as_actor(registration, actor)
        registration.save()
        record_action(
            actor=actor,
            action=DEREGISTER,
            subjects=[registration, registration.person],
            details=_details(registration),
        )
        result.deregistered.append(registration)
    for planned in plan.registrations:
        registration = ZusRegistration(
            person_id=planned.person_id,
            award=planned.award,
            valid_from=planned.valid_from,
            carried_over=planned.carried_over,
            zza_date=None if planned.carried_over else day,
            recorded_by=actor,
        )
        if planned.valid_to is not None:
            _deregister(
                registration,
                actor=actor,
                valid_to=planned.valid_to,
                reason=END_OF_ALLOWANCE,
                day=day,
            )
        refuse_overlap(registration)
        as_actor(registration, actor)
        registration.save()
        subjects = [registration, registration.person]
        record_action(
            actor=actor, action=REGISTER, subjects=subjects, details=_details(registration)
        )
        result.registered.append(registration)
        if planned.valid_to is not None:
            record_action(
                actor=actor, action=DEREGISTER, subjects=subjects, details=_details(registration)
            )
            result.deregistered.append(registration)
    return result


@transaction.atomic
def zus_registration_end(
    *,
    actor: User,
    registration: ZusRegistration,
    valid_to: datetime.date,
    reason: str = END_OF_ALLOWANCE,
    day: datetime.date | None = None,
) -> ZusRegistration:
    """Deregister by hand: the last day of insurance and the ZWUA reason code (250 when the
    zasiłek stały ends; another code from the centre's Płatnik for another reason)."""
    require(actor, payments_policy.PREPARE)
    registration = ZusRegistration.objects.select_for_update().get(pk=registration.pk)
    if registration.state != RegistrationState.REGISTERED:
        raise ValidationError(_("This registration has already been ended."))
    if valid_to < registration.valid_from:
        raise ValidationError(
            {
                "valid_to": _("The insurance began on %(day)s; it cannot end before.")
                % {"day": day_text(registration.valid_from)}
            }
        )
    if not (len(reason) == 3 and reason.isdigit()):
        raise ValidationError({"zwua_reason": _("A reason code has 3 digits, e.g. 250.")})
    _deregister(
        registration,
        actor=actor,
        valid_to=valid_to,
        reason=reason,
        day=day or timezone.localdate(),
    )
    refuse_overlap(registration)
    as_actor(registration, actor)
    registration.save()
    record_action(
        actor=actor,
        action=DEREGISTER,
        subjects=[registration, registration.person],
        details=_details(registration),
    )
    return registration


@transaction.atomic
def zus_other_title_record(
    *, actor: User, person: Person, insured_elsewhere: bool, reason: str = ""
) -> ZusOtherTitle:
    """Record whether the person is insured on another title (and why): while they are, no
    registration is made for them. An open registration is not ended by this: the next
    synchronisation reports it until it is ended by hand (`zus_registration_end`), with the
    reason code that fits."""
    require(actor, payments_policy.PREPARE)
    reason = reason.strip()
    if insured_elsewhere and not reason:
        raise ValidationError(
            {"reason": _("Say on which title the person is insured, e.g. as a family member.")}
        )
    row = ZusOtherTitle.objects.select_for_update().filter(person=person).first()
    if row is None:
        row = ZusOtherTitle(person=person)
    else:
        row.version += 1
    row.insured_elsewhere = insured_elsewhere
    row.reason = reason
    row.recorded_by = actor
    as_actor(row, actor)
    row.save()
    record_action(
        actor=actor,
        action=OTHER_TITLE,
        subjects=[row, person],
        details={
            "person": str(person),
            "insured": _("insured on another title") if insured_elsewhere else _("no other title"),
            "reason": reason,
        },
    )
    return row
