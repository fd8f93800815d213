"""Every change to the registry goes through these functions, one per use case.

Each takes keyword-only arguments with an explicit `actor`, asks the access policy, validates the
model (`full_clean`: the same validators a form uses), saves in one transaction and writes an
action record (`ostoja.core.actions`) in it: who did what, on which family and persons. The row
diffs are in the change history (django-simple-history records the actor as the author).

The rules that span rows (one household at a time per person, one head at a time per household)
are checked here with the rows locked, and on PostgreSQL also held by exclusion constraints.
"""

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ostoja.accounts.models import Area, User
from ostoja.accounts.roles import Capability, Role
from ostoja.core import policy
from ostoja.core.actions import action_kind, record_action
from ostoja.core.locking import claim_version
from ostoja.registry import policy as registry_policy
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
from ostoja.registry.validators import (
    normalize_document_number,
    normalize_nrb,
    normalize_pesel,
    normalize_phone,
    normalize_postcode,
)

# ---------------------------------------------------------------------------------------------
# Kinds of action, as the history shows them
# ---------------------------------------------------------------------------------------------

PERSON_CREATE = action_kind(
    "registry.person_create", gettext_lazy("Person registered"), gettext_lazy("%(person)s")
)
PERSON_UPDATE = action_kind(
    "registry.person_update",
    gettext_lazy("Person's data changed"),
    gettext_lazy("%(person)s: %(fields)s"),
)
FAMILY_REGISTER = action_kind(
    "registry.family_register",
    gettext_lazy("Family registered"),
    gettext_lazy("%(address)s, area %(area)s; head of the family: %(head)s since %(since)s"),
)
HOUSEHOLD_UPDATE = action_kind(
    "registry.household_update",
    gettext_lazy("Family's data changed"),
    gettext_lazy("%(fields)s"),
)
HOUSEHOLD_SHARE = action_kind(
    "registry.household_share",
    gettext_lazy("Sharing of the family with workers of other areas changed"),
    gettext_lazy("shared with: %(added)s; no longer shared with: %(removed)s"),
)
MEMBER_ADD = action_kind(
    "registry.membership_add",
    gettext_lazy("Person added to the family"),
    gettext_lazy("%(person)s (%(relation)s) since %(valid_from)s"),
)
MEMBER_END = action_kind(
    "registry.membership_end",
    gettext_lazy("Person left the family"),
    gettext_lazy("%(person)s, member until %(valid_to)s"),
)
MEMBER_UPDATE = action_kind(
    "registry.membership_update",
    gettext_lazy("Membership corrected"),
    gettext_lazy("%(person)s: %(relation)s, %(valid_from)s – %(valid_to)s"),
)
HEAD_CHANGE = action_kind(
    "registry.household_change_head",
    gettext_lazy("Head of the family changed"),
    gettext_lazy("%(new_head)s instead of %(old_head)s since %(since)s"),
)
INCOME_ADD = action_kind(
    "registry.income_add",
    gettext_lazy("Income recorded"),
    gettext_lazy("%(person)s, %(month)s, %(kind)s: %(gross)s zł gross"),
)
INCOME_REMOVE = action_kind(
    "registry.income_remove",
    gettext_lazy("Income removed"),
    gettext_lazy("%(person)s, %(month)s, %(kind)s: %(gross)s zł gross"),
)
ALIMONY_SET = action_kind(
    "registry.alimony_set",
    gettext_lazy("Alimony paid recorded"),
    gettext_lazy("%(person)s, %(month)s: %(amount)s zł"),
)
PERSONS_MERGE = action_kind(
    "registry.persons_merge",
    gettext_lazy("Duplicate records merged"),
    gettext_lazy("record no. %(merged_id)s merged into %(kept)s (no. %(kept_id)s)"),
)

# The fields each update may change; anything else passed in is a programming error.
PERSON_FIELDS = (
    "pesel",
    "document_type",
    "document_number",
    "first_names",
    "surname",
    "family_name",
    "birth_date",
    "sex",
    "citizenship",
    "phone",
    "email",
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
    "bank_account",
    "notes",
)
ADDRESS_FIELDS = ("gmina", "town", "street", "house_number", "flat_number", "postcode")
HOUSEHOLD_FIELDS = ("area", *ADDRESS_FIELDS, "notes")


# ---------------------------------------------------------------------------------------------
# Shared steps
# ---------------------------------------------------------------------------------------------


def _as_actor(instance: Any, actor: User) -> None:
    instance._history_user = actor


def _require(actor: User, action: str, obj: models.Model) -> None:
    """The policy's answer, asked again here: a view that forgot to ask cannot slip through."""
    if not policy.can(actor, action, obj):
        raise PermissionDenied


def _only_fields(data: Mapping[str, Any], allowed: Iterable[str]) -> dict[str, Any]:
    unknown = set(data) - set(allowed)
    if unknown:
        raise TypeError(f"fields this service may not change: {sorted(unknown)}")
    return dict(data)


def _lock(*instances: models.Model) -> None:
    """Lock the rows (PostgreSQL: SELECT … FOR UPDATE) so that two requests checking the same
    rule one after the other see each other's result. On SQLite every write transaction holds the
    database's single writer lock from its start (transaction_mode IMMEDIATE)."""
    for instance in instances:
        list(type(instance)._default_manager.select_for_update().filter(pk=instance.pk))


def _changed_labels(instance: models.Model, old: Mapping[str, Any], fields: Iterable[str]) -> str:
    labels = [
        str(getattr(instance._meta.get_field(name), "verbose_name", name))
        for name in fields
        if old.get(name) != getattr(instance, name)
    ]
    return ", ".join(labels) or "—"


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


def _clean_person_fields(data: Mapping[str, Any]) -> dict[str, Any]:
    cleaned = _only_fields(data, PERSON_FIELDS)
    if "pesel" in cleaned:
        cleaned["pesel"] = normalize_pesel(cleaned.get("pesel") or "") or None
    if "bank_account" in cleaned:
        cleaned["bank_account"] = normalize_nrb(cleaned.get("bank_account") or "")
    if cleaned.get("phone"):
        cleaned["phone"] = normalize_phone(cleaned["phone"])
    if cleaned.get("document_number"):
        cleaned["document_number"] = normalize_document_number(cleaned["document_number"])
    for prefix in ("registered_", "actual_"):
        if cleaned.get(f"{prefix}postcode"):
            cleaned[f"{prefix}postcode"] = normalize_postcode(cleaned[f"{prefix}postcode"])
    for name in cleaned:
        if cleaned[name] is None and name not in ("pesel", "birth_date"):
            cleaned[name] = ""  # text fields store "" for "not given"
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


def _new_person(actor: User, data: Mapping[str, Any]) -> Person:
    fields = _clean_person_fields(data)
    _check_pesel_free(fields.get("pesel"))
    person = Person(**fields)
    _save_person(person, actor)
    return person


def whom_to_ask() -> str:
    """Who can resolve a clash with a record the user may not see: the centre's director."""
    directors = User.objects.filter(role=Role.DIRECTOR, is_active=True).order_by("last_name")
    names = ", ".join(str(director) for director in directors[:3])
    if names:
        return _("ask the director of the centre (%(names)s)") % {"names": names}
    return _("ask the director of the centre")


def _overlap_error(actor: User, person: Person, clash: Membership) -> ValidationError:
    """The message for a person who already belongs to another household on these dates. The
    other household's address is named only to a user who may see that household."""
    if policy.in_scope(actor, clash.household):
        message = _(
            "%(person)s already belongs to another household (%(address)s) on these dates; "
            "end that membership first."
        ) % {"person": person, "address": clash.household.address}
    else:
        message = _(
            "%(person)s already belongs on these dates to another family registered in the "
            "centre, which you cannot see; %(whom)s."
        ) % {"person": person, "whom": whom_to_ask()}
    return ValidationError({"valid_from": message})


def _check_no_overlap(
    actor: User,
    person: Person,
    start: datetime.date,
    end: datetime.date | None,
    exclude_pks: Iterable[int] = (),
) -> None:
    """A person belongs to one household at a time."""
    overlapping = (
        person.memberships.exclude(pk__in=list(exclude_pks))
        .filter(valid_from__lte=end or datetime.date.max)
        .exclude(valid_to__lt=start)
    )
    clash = overlapping.select_related("household").first()
    if clash is not None:
        raise _overlap_error(actor, person, clash)


def _check_single_head(
    household: Household,
    relation: str,
    start: datetime.date,
    end: datetime.date | None,
    exclude_pks: Iterable[int] = (),
) -> None:
    if relation != Relation.APPLICANT:
        return
    heads = household.memberships.filter(relation=Relation.APPLICANT).exclude(
        pk__in=list(exclude_pks)
    )
    heads = heads.filter(valid_from__lte=end or datetime.date.max).exclude(valid_to__lt=start)
    if heads.exists():
        raise ValidationError(
            {
                "relation": _(
                    "The household already has a head on these dates; to give it a new head, "
                    "use “Change the head of the family”."
                )
            }
        )


def _save_membership(membership: Membership, actor: User) -> None:
    membership.full_clean()
    _as_actor(membership, actor)
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError as error:  # PostgreSQL's exclusion constraints, under a race
        raise ValidationError(
            {"valid_from": _("Someone has just changed this family's members; try again.")}
        ) from error


def _join(
    actor: User,
    household: Household,
    person: Person,
    relation: str,
    valid_from: datetime.date,
    valid_to: datetime.date | None,
) -> Membership:
    _lock(household, person)
    membership = Membership(
        household=household,
        person=person,
        relation=relation,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    membership.full_clean()  # field errors (dates, relation) before the rules across rows
    _check_no_overlap(actor, person, valid_from, valid_to)
    _check_single_head(household, relation, valid_from, valid_to)
    _save_membership(membership, actor)
    return membership


def _membership_details(membership: Membership) -> dict[str, Any]:
    return {
        "person": membership.person.full_name,
        "person_id": membership.person_id,
        "relation": str(Relation(membership.relation).label),
        "valid_from": membership.valid_from,
        "valid_to": membership.valid_to,
    }


def _check_area(actor: User, area: Area) -> None:
    if not policy.can(actor, registry_policy.USE_AREA, area):
        raise ValidationError(
            {"area": _("You can register and move families only in your own areas.")}
        )


def _new_household(actor: User, area: Area, address: Mapping[str, Any]) -> Household:
    _check_area(actor, area)
    fields = _only_fields(address, ADDRESS_FIELDS)
    if fields.get("postcode"):
        fields["postcode"] = normalize_postcode(fields["postcode"])
    household = Household(area=area, **fields)
    household.full_clean()
    _as_actor(household, actor)
    household.save()
    return household


# ---------------------------------------------------------------------------------------------
# Persons
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def person_create(*, actor: User, data: Mapping[str, Any]) -> Person:
    """Register a person outside any family (a family's members join with the services below)."""
    if not policy.has_capability(actor, Capability.REGISTRY_EDIT):
        raise PermissionDenied
    person = _new_person(actor, data)
    record_action(
        actor=actor,
        action=PERSON_CREATE,
        subjects=[person],
        details={"person": person.full_name},
    )
    return person


@transaction.atomic
def person_update(
    *, actor: User, person: Person, version: int, data: Mapping[str, Any], reason: str = ""
) -> Person:
    """Save new values of a person's fields; refused with ConflictError if `version` is old.
    `reason`, when given (e.g. the interview that found the change), goes into the record."""
    _require(actor, registry_policy.EDIT, person)
    fields = _clean_person_fields(data)
    _check_pesel_free(fields.get("pesel"), exclude_pk=person.pk)
    claim_version(person, expected_version=version)
    old = {name: getattr(person, name) for name in fields}
    for name, value in fields.items():
        setattr(person, name, value)
    _save_person(person, actor)
    record_action(
        actor=actor,
        action=PERSON_UPDATE,
        subjects=[person],
        details={
            "person": person.full_name,
            "fields": _changed_labels(person, old, fields),
            **({"reason": reason} if reason else {}),
        },
    )
    return person


@transaction.atomic
def person_account_change(*, actor: User, person: Person, account: str, reason: str) -> Person:
    """A new bank account of a person (the number a returned transfer is paid again to), for
    the staff who may change only that: the rest of the person stays as it is."""
    _require(actor, registry_policy.ACCOUNT, person)
    _lock(person)
    person.refresh_from_db()
    old = {"bank_account": person.bank_account}
    person.bank_account = normalize_nrb(account)
    person.version += 1
    _save_person(person, actor)
    record_action(
        actor=actor,
        action=PERSON_UPDATE,
        subjects=[person],
        details={
            "person": person.full_name,
            "fields": _changed_labels(person, old, ["bank_account"]),
            "reason": reason,
        },
    )
    return person


# ---------------------------------------------------------------------------------------------
# Families and their members
# ---------------------------------------------------------------------------------------------


def _register(
    actor: User, area: Area, address: Mapping[str, Any], head: Person, since: datetime.date
) -> Household:
    household = _new_household(actor, area, address)
    _join(actor, household, head, Relation.APPLICANT, since, None)
    record_action(
        actor=actor,
        action=FAMILY_REGISTER,
        subjects=[household, head],
        details={
            "address": str(household.address),
            "area": area.name,
            "head": head.full_name,
            "head_id": head.pk,
            "since": since,
        },
    )
    return household


@transaction.atomic
def family_register(
    *,
    actor: User,
    area: Area,
    address: Mapping[str, Any],
    head_data: Mapping[str, Any],
    since: datetime.date,
) -> Household:
    """Register a new family with a new person as its head, all or nothing."""
    _check_area(actor, area)
    head = _new_person(actor, head_data)
    return _register(actor, area, address, head, since)


@transaction.atomic
def household_register(
    *, actor: User, area: Area, address: Mapping[str, Any], head: Person, since: datetime.date
) -> Household:
    """Register a new family whose head is already in the registry."""
    _require(actor, registry_policy.EDIT, head)
    return _register(actor, area, address, head, since)


@transaction.atomic
def household_update(
    *,
    actor: User,
    household: Household,
    version: int,
    data: Mapping[str, Any],
    shared_with: Iterable[User] | None = None,
) -> Household:
    """Change a family's address, area or notes, and with whom of other areas it is shared."""
    _require(actor, registry_policy.EDIT, household)
    fields = _only_fields(data, HOUSEHOLD_FIELDS)
    if fields.get("postcode"):
        fields["postcode"] = normalize_postcode(fields["postcode"])
    if "area" in fields and fields["area"].pk != household.area_id:
        _check_area(actor, fields["area"])
    claim_version(household, expected_version=version)
    old = {name: getattr(household, name) for name in fields}
    for name, value in fields.items():
        setattr(household, name, value)
    household.full_clean()
    _as_actor(household, actor)
    household.save()
    record_action(
        actor=actor,
        action=HOUSEHOLD_UPDATE,
        subjects=[household],
        details={"fields": _changed_labels(household, old, fields)},
    )
    if shared_with is not None:
        _share(actor, household, list(shared_with))
    return household


def _share(actor: User, household: Household, users: list[User]) -> None:
    invalid = [user for user in users if user.role != Role.SOCIAL_WORKER or not user.is_active]
    if invalid:
        raise ValidationError(
            {"shared_with": _("A family can be shared only with active social workers.")}
        )
    before = set(household.shared_with.all())
    after = set(users)
    if before == after:
        return
    household.shared_with.set(users)
    added, removed = sorted(after - before, key=str), sorted(before - after, key=str)
    record_action(
        actor=actor,
        action=HOUSEHOLD_SHARE,
        subjects=[household, *added, *removed],
        details={
            "added": [str(user) for user in added],
            "removed": [str(user) for user in removed],
        },
    )


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
    """A person already in the registry joins the family."""
    _require(actor, registry_policy.EDIT, household)
    _require(actor, registry_policy.EDIT, person)
    membership = _join(actor, household, person, relation, valid_from, valid_to)
    record_action(
        actor=actor,
        action=MEMBER_ADD,
        subjects=[household, person],
        details=_membership_details(membership),
    )
    return membership


@transaction.atomic
def member_add_new_person(
    *,
    actor: User,
    household: Household,
    person_data: Mapping[str, Any],
    relation: str,
    valid_from: datetime.date,
    valid_to: datetime.date | None = None,
) -> Membership:
    """A person new to the registry is registered and joins the family, all or nothing."""
    _require(actor, registry_policy.EDIT, household)
    person = _new_person(actor, person_data)
    membership = _join(actor, household, person, relation, valid_from, valid_to)
    record_action(
        actor=actor,
        action=MEMBER_ADD,
        subjects=[household, person],
        details=_membership_details(membership),
    )
    return membership


@transaction.atomic
def membership_end(*, actor: User, membership: Membership, valid_to: datetime.date) -> Membership:
    """The person leaves the family on `valid_to` (the last day of membership)."""
    _require(actor, registry_policy.EDIT, membership.household)
    _lock(membership.household, membership.person)
    membership.refresh_from_db()
    membership.valid_to = valid_to
    _save_membership(membership, actor)
    record_action(
        actor=actor,
        action=MEMBER_END,
        subjects=[membership.household, membership.person],
        details=_membership_details(membership),
    )
    return membership


@transaction.atomic
def membership_update(
    *,
    actor: User,
    membership: Membership,
    relation: str,
    valid_from: datetime.date,
    valid_to: datetime.date | None,
    reason: str = "",
) -> Membership:
    """Correct a membership: the relation to the head and its dates (`reason` as in
    `person_update`)."""
    _require(actor, registry_policy.EDIT, membership.household)
    _lock(membership.household, membership.person)
    membership.relation, membership.valid_from, membership.valid_to = (
        relation,
        valid_from,
        valid_to,
    )
    membership.full_clean()
    _check_no_overlap(actor, membership.person, valid_from, valid_to, exclude_pks=[membership.pk])
    _check_single_head(
        membership.household, relation, valid_from, valid_to, exclude_pks=[membership.pk]
    )
    _save_membership(membership, actor)
    record_action(
        actor=actor,
        action=MEMBER_UPDATE,
        subjects=[membership.household, membership.person],
        details={**_membership_details(membership), **({"reason": reason} if reason else {})},
    )
    return membership


def _with_relation_from(
    actor: User, membership: Membership, relation: str, day: datetime.date
) -> Membership:
    """The member has `relation` from `day` on: the membership is corrected when it starts on or
    after `day`, otherwise split in two so that the earlier relation stays in the record."""
    if membership.valid_from >= day:
        membership.relation = relation
        _save_membership(membership, actor)
        return membership
    later = Membership(
        household=membership.household,
        person=membership.person,
        relation=relation,
        valid_from=day,
        valid_to=membership.valid_to,
    )
    membership.valid_to = day - datetime.timedelta(days=1)
    _save_membership(membership, actor)
    _save_membership(later, actor)
    return later


@transaction.atomic
def household_change_head(
    *,
    actor: User,
    household: Household,
    new_head: Membership,
    since: datetime.date,
    former_head_relation: str,
) -> Membership:
    """Another member becomes the head of the family from `since`; the former head stays in the
    family with `former_head_relation`. Both changes are one step: there is never a moment
    without a head, nor one with two."""
    _require(actor, registry_policy.EDIT, household)
    _lock(household)
    new_head.refresh_from_db()
    if new_head.household_id != household.pk or not new_head.is_current_on(since):
        raise ValidationError(
            {"new_head": _("Choose a person who belongs to the family on that day.")}
        )
    if new_head.relation == Relation.APPLICANT:
        raise ValidationError({"new_head": _("This person is already the head of the family.")})
    if former_head_relation == Relation.APPLICANT or former_head_relation not in Relation.values:
        raise ValidationError(
            {"former_head_relation": _("Choose the former head's relation to the new head.")}
        )
    old = Membership.objects.current_on(since).filter(
        household=household, relation=Relation.APPLICANT
    )
    old_head = old.select_related("person").first()
    if old_head is not None:
        _with_relation_from(actor, old_head, former_head_relation, since)
    head = _with_relation_from(actor, new_head, Relation.APPLICANT, since)
    record_action(
        actor=actor,
        action=HEAD_CHANGE,
        subjects=[household, head.person, *([old_head.person] if old_head else [])],
        details={
            "new_head": head.person.full_name,
            "old_head": old_head.person.full_name if old_head else None,
            "since": since,
        },
    )
    return head


# ---------------------------------------------------------------------------------------------
# Incomes and alimony paid
# ---------------------------------------------------------------------------------------------


def _income_details(income: Income) -> dict[str, Any]:
    return {
        "person": income.person.full_name,
        "month": income.month.strftime("%m.%Y"),
        "kind": income.kind.name,
        "gross": f"{income.gross:.2f}".replace(".", ","),
    }


def _households_of(person: Person) -> list[Household]:
    return [m.household for m in person.memberships.select_related("household")]


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
    reason: str = "",
) -> Income:
    """Record a person's income of a month (`reason` as in `person_update`)."""
    _require(actor, registry_policy.EDIT, person)
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
    _as_actor(income, actor)
    income.save()
    record_action(
        actor=actor,
        action=INCOME_ADD,
        subjects=[person, *_households_of(person)],
        details={**_income_details(income), **({"reason": reason} if reason else {})},
    )
    return income


@transaction.atomic
def income_remove(*, actor: User, income: Income) -> None:
    _require(actor, registry_policy.EDIT, income.person)
    details = _income_details(income)
    person = income.person
    _as_actor(income, actor)
    income.delete()
    record_action(
        actor=actor,
        action=INCOME_REMOVE,
        subjects=[person, *_households_of(person)],
        details=details,
    )


@transaction.atomic
def alimony_set(
    *, actor: User, person: Person, month: datetime.date, amount: Decimal
) -> PaidAlimony:
    """The alimony the person paid in the month (one amount a month: a new one replaces it)."""
    _require(actor, registry_policy.EDIT, person)
    month = month.replace(day=1)
    alimony = PaidAlimony.objects.filter(person=person, month=month).first() or PaidAlimony(
        person=person, month=month
    )
    alimony.amount = amount
    alimony.full_clean(validate_unique=False)
    _as_actor(alimony, actor)
    alimony.save()
    record_action(
        actor=actor,
        action=ALIMONY_SET,
        subjects=[person, *_households_of(person)],
        details={
            "person": person.full_name,
            "month": month.strftime("%m.%Y"),
            "amount": f"{amount:.2f}".replace(".", ","),
        },
    )
    return alimony


# ---------------------------------------------------------------------------------------------
# Merging duplicates
# ---------------------------------------------------------------------------------------------

# Fields a kept person takes over from the merged one when its own are empty: all of a person's
# fields but those that identify them (the PESEL is handled on its own) and the notes.
_MERGE_KEEPS_OWN = {"pesel", "first_names", "surname", "birth_date", "sex", "citizenship", "notes"}
_MERGE_FILLABLE = tuple(name for name in PERSON_FIELDS if name not in _MERGE_KEEPS_OWN)


def _overlaps(a: Membership, b: Membership) -> bool:
    a_end, b_end = a.valid_to or datetime.date.max, b.valid_to or datetime.date.max
    return a.valid_from <= b_end and b.valid_from <= a_end


def _move_memberships(actor: User, kept: Person, merged: Person) -> dict[str, list[int]]:
    """The merged record's memberships become the kept person's, keeping one membership per
    period: where both records were in the same family at the same time, the two periods become
    one (the kept record's relation stays, unless the duplicate was the head). A period in
    another family at the same time cannot be merged automatically."""
    moved: list[int] = []
    joined: list[int] = []
    kept_memberships = list(kept.memberships.select_related("household"))
    for membership in merged.memberships.select_related("household"):
        same = [m for m in kept_memberships if _overlaps(m, membership)]
        if any(m.household_id != membership.household_id for m in same):
            raise ValidationError(
                _(
                    "Both records belong to different families at the same time; correct the "
                    "memberships first, then merge."
                )
            )
        if same:
            target = same[0]
            target.valid_from = min(target.valid_from, membership.valid_from)
            ends = [target.valid_to, membership.valid_to]
            target.valid_to = None if None in ends else max(e for e in ends if e is not None)
            if membership.relation == Relation.APPLICANT:
                target.relation = Relation.APPLICANT
            joined.append(membership.pk)
            _as_actor(membership, actor)
            membership.delete()  # its row stays in the change history
            _save_membership(target, actor)
        else:
            membership.person = kept
            _save_membership(membership, actor)
            kept_memberships.append(membership)
            moved.append(membership.pk)
    return {"memberships": moved, "memberships_joined": joined}


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


@transaction.atomic
def persons_merge(*, actor: User, kept: Person, merged: Person) -> MergeRecord:
    """Merge a duplicate into the kept person: memberships, incomes and alimony move over, empty
    fields of the kept person are filled in, the duplicate stays (marked) so history is kept and
    its address leads to the kept record."""
    _require(actor, registry_policy.MERGE, kept)
    _require(actor, registry_policy.MERGE, merged)
    if kept.pk == merged.pk:
        raise ValidationError(_("A person cannot be merged with itself."))
    _lock(kept, merged)
    kept.refresh_from_db()
    merged.refresh_from_db()
    if merged.merged_into_id is not None or kept.merged_into_id is not None:
        raise ValidationError(_("One of these persons has already been merged."))
    if kept.pesel and merged.pesel and kept.pesel != merged.pesel:
        raise ValidationError(
            _("These persons have different PESEL numbers: they are not the same person.")
        )
    households = {m.household for m in [*kept.memberships.all(), *merged.memberships.all()]}
    moved: dict[str, Any] = {
        **_move_memberships(actor, kept, merged),
        "incomes": list(merged.incomes.values_list("pk", flat=True)),
        "paid_alimony": list(merged.paid_alimony.values_list("pk", flat=True)),
        "filled_fields": [],
    }
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
    record = MergeRecord.objects.create(actor=actor, kept=kept, merged=merged, moved=moved)
    record_action(
        actor=actor,
        action=PERSONS_MERGE,
        subjects=[kept, merged, *households],
        details={"kept": kept.full_name, "kept_id": kept.pk, "merged_id": merged.pk},
    )
    return record
