"""Every change to the registry goes through these functions.

Each takes keyword-only arguments with an explicit `actor`, validates, saves in a transaction and
leaves its trail in the change history (django-simple-history records who did it).
"""

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ostoja.accounts.models import Area, User
from ostoja.core.locking import claim_version
from ostoja.registry.models import (
    Household,
    Income,
    IncomeKind,
    Membership,
    MergeRecord,
    PaidAlimony,
    Person,
    Relation,
)
from ostoja.registry.validators import normalize_nrb, normalize_pesel


def _as_actor(instance: Any, actor: User) -> None:
    instance._history_user = actor


def _check_pesel_free(pesel: str | None, *, exclude_pk: int | None = None) -> None:
    if not pesel:
        return
    clash = Person.objects.filter(pesel=pesel).exclude(pk=exclude_pk or 0).first()
    if clash is not None:
        error = ValidationError(
            _("A person with this PESEL is already registered."),
            code="pesel_taken",
            params={"person_id": clash.pk},
        )
        raise ValidationError({"pesel": [error]})


def _clean_person_fields(data: dict[str, Any]) -> dict[str, Any]:
    cleaned = dict(data)
    cleaned["pesel"] = normalize_pesel(cleaned.get("pesel") or "") or None
    cleaned["bank_account"] = normalize_nrb(cleaned.get("bank_account") or "")
    return cleaned


def _save_person(person: Person, actor: User) -> None:
    person.full_clean(validate_unique=False)
    _as_actor(person, actor)
    try:
        # A savepoint, so that after a failed INSERT the transaction can still ask who holds
        # the PESEL (PostgreSQL refuses any query in an aborted transaction).
        with transaction.atomic():
            person.save()
    except IntegrityError as error:  # a concurrent registration of the same PESEL
        _check_pesel_free(person.pesel, exclude_pk=person.pk)
        raise ValidationError(_("The person could not be saved.")) from error


@transaction.atomic
def person_create(*, actor: User, data: dict[str, Any]) -> Person:
    fields = _clean_person_fields(data)
    _check_pesel_free(fields["pesel"])
    person = Person(**fields)
    _save_person(person, actor)
    return person


@transaction.atomic
def person_update(*, actor: User, person: Person, version: int, data: dict[str, Any]) -> Person:
    """Save new values of a person's fields; refused with ConflictError if `version` is old."""
    fields = _clean_person_fields(data)
    _check_pesel_free(fields["pesel"], exclude_pk=person.pk)
    claim_version(person, expected_version=version)
    for name, value in fields.items():
        setattr(person, name, value)
    _save_person(person, actor)
    return person


def _check_no_overlap(
    person: Person, start: datetime.date, end: datetime.date | None, exclude_pk: int | None = None
) -> None:
    """A person belongs to one household at a time."""
    overlapping = person.memberships.exclude(pk=exclude_pk or 0).filter(
        valid_from__lte=end or datetime.date.max
    )
    overlapping = overlapping.exclude(valid_to__lt=start)
    clash = overlapping.select_related("household").first()
    if clash is not None:
        raise ValidationError(
            {
                "valid_from": _(
                    "%(person)s already belongs to another household (%(address)s) on these dates; "
                    "end that membership first."
                )
                % {"person": person, "address": clash.household.address}
            }
        )


def _check_single_applicant(
    household: Household,
    relation: str,
    start: datetime.date,
    end: datetime.date | None,
    exclude_pk: int | None = None,
) -> None:
    if relation != Relation.APPLICANT:
        return
    heads = household.memberships.filter(relation=Relation.APPLICANT).exclude(pk=exclude_pk or 0)
    heads = heads.filter(valid_from__lte=end or datetime.date.max).exclude(valid_to__lt=start)
    if heads.exists():
        raise ValidationError({"relation": _("The household already has a head on these dates.")})


@transaction.atomic
def membership_add(
    *,
    actor: User,
    household: Household,
    person: Person,
    relation: str,
    valid_from: datetime.date,
    valid_to: datetime.date | None = None,
) -> Membership:
    _check_no_overlap(person, valid_from, valid_to)
    _check_single_applicant(household, relation, valid_from, valid_to)
    membership = Membership(
        household=household,
        person=person,
        relation=relation,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    membership.full_clean()
    _as_actor(membership, actor)
    membership.save()
    return membership


@transaction.atomic
def membership_end(*, actor: User, membership: Membership, valid_to: datetime.date) -> Membership:
    if valid_to < membership.valid_from:
        raise ValidationError({"valid_to": _("The end cannot be before the start.")})
    membership.valid_to = valid_to
    _as_actor(membership, actor)
    membership.save()
    return membership


@transaction.atomic
def membership_update(
    *,
    actor: User,
    membership: Membership,
    relation: str,
    valid_from: datetime.date,
    valid_to: datetime.date | None,
) -> Membership:
    """Correct a membership: the relation to the head (a new head among them) and its dates."""
    if valid_to is not None and valid_to < valid_from:
        raise ValidationError({"valid_to": _("The end cannot be before the start.")})
    _check_no_overlap(membership.person, valid_from, valid_to, exclude_pk=membership.pk)
    _check_single_applicant(
        membership.household, relation, valid_from, valid_to, exclude_pk=membership.pk
    )
    membership.relation, membership.valid_from, membership.valid_to = (
        relation,
        valid_from,
        valid_to,
    )
    membership.full_clean()
    _as_actor(membership, actor)
    membership.save()
    return membership


@transaction.atomic
def household_register(
    *, actor: User, area: Area, address: dict[str, str], head: Person, since: datetime.date
) -> Household:
    """Register a new family with its head; further members join with `membership_add`."""
    household = Household(area=area, **address)
    household.full_clean()
    _as_actor(household, actor)
    household.save()
    membership_add(
        actor=actor, household=household, person=head, relation=Relation.APPLICANT, valid_from=since
    )
    return household


@transaction.atomic
def household_update(
    *, actor: User, household: Household, version: int, data: dict[str, Any]
) -> Household:
    claim_version(household, expected_version=version)
    for name, value in data.items():
        setattr(household, name, value)
    household.full_clean()
    _as_actor(household, actor)
    household.save()
    return household


@transaction.atomic
def household_share(*, actor: User, household: Household, users: list[User]) -> None:
    household.shared_with.set(users)


@transaction.atomic
def income_add(
    *,
    actor: User,
    person: Person,
    month: datetime.date,
    kind: IncomeKind,
    gross: Decimal,
    tax: Decimal = Decimal("0"),
    health: Decimal = Decimal("0"),
    social: Decimal = Decimal("0"),
) -> Income:
    income = Income(
        person=person,
        month=month.replace(day=1),
        kind=kind,
        gross=gross,
        tax=tax,
        health=health,
        social=social,
    )
    income.full_clean()
    if income.net < 0:
        raise ValidationError(
            {"gross": _("Tax and contributions cannot be more than the gross amount.")}
        )
    _as_actor(income, actor)
    income.save()
    return income


@transaction.atomic
def income_remove(*, actor: User, income: Income) -> None:
    _as_actor(income, actor)
    income.delete()


@transaction.atomic
def alimony_set(
    *, actor: User, person: Person, month: datetime.date, amount: Decimal
) -> PaidAlimony:
    alimony, _created = PaidAlimony.objects.get_or_create(
        person=person, month=month.replace(day=1), defaults={"amount": amount}
    )
    alimony.amount = amount
    alimony.full_clean()
    _as_actor(alimony, actor)
    alimony.save()
    return alimony


# Fields a kept person takes over from the merged one when its own are empty.
_MERGE_FILLABLE = (
    "family_name",
    "phone",
    "email",
    "bank_account",
    "document_type",
    "document_number",
    "registered_gmina",
    "registered_town",
    "registered_street",
    "registered_house_number",
    "registered_flat_number",
    "registered_postcode",
    "actual_gmina",
    "actual_town",
    "actual_street",
    "actual_house_number",
    "actual_flat_number",
    "actual_postcode",
)


@transaction.atomic
def persons_merge(*, actor: User, kept: Person, merged: Person) -> MergeRecord:
    """Merge a duplicate into the kept person: memberships, incomes and alimony move over, empty
    fields of the kept person are filled in, the duplicate stays (marked) so history is kept."""
    if kept.pk == merged.pk:
        raise ValidationError(_("A person cannot be merged with itself."))
    if merged.merged_into_id is not None or kept.merged_into_id is not None:
        raise ValidationError(_("One of these persons has already been merged."))
    if kept.pesel and merged.pesel and kept.pesel != merged.pesel:
        raise ValidationError(
            _("These persons have different PESEL numbers: they are not the same person.")
        )
    moved: dict[str, Any] = {
        "memberships": list(merged.memberships.values_list("pk", flat=True)),
        "incomes": list(merged.incomes.values_list("pk", flat=True)),
        "paid_alimony": list(merged.paid_alimony.values_list("pk", flat=True)),
        "filled_fields": [],
    }
    for membership in merged.memberships.all():
        membership.person = kept
        _as_actor(membership, actor)
        membership.save()
    for income in merged.incomes.all():
        income.person = kept
        _as_actor(income, actor)
        income.save()
    _move_alimony(actor, kept, merged)

    taken_pesel = merged.pesel if merged.pesel and not kept.pesel else None
    merged.merged_into = kept
    if taken_pesel:
        merged.pesel = None  # PESEL is unique; the old value stays in the history
    _as_actor(merged, actor)
    merged.save()

    for name in _MERGE_FILLABLE:
        if not getattr(kept, name) and getattr(merged, name):
            setattr(kept, name, getattr(merged, name))
            moved["filled_fields"].append(name)
    if taken_pesel:
        kept.pesel = taken_pesel
        moved["filled_fields"].append("pesel")
    kept.version += 1
    _as_actor(kept, actor)
    kept.save()
    return MergeRecord.objects.create(actor=actor, kept=kept, merged=merged, moved=moved)


def _move_alimony(actor: User, kept: Person, merged: Person) -> None:
    for alimony in merged.paid_alimony.all():
        existing = kept.paid_alimony.filter(month=alimony.month).first()
        if existing is not None:  # the same month recorded twice: keep the larger amount
            existing.amount = max(existing.amount, alimony.amount)
            _as_actor(existing, actor)
            existing.save()
            _as_actor(alimony, actor)
            alimony.delete()
        else:
            alimony.person = kept
            _as_actor(alimony, actor)
            alimony.save()
