"""Changes to the directory of institutions: adding one, changing it (optimistic locking),
deactivating and activating it. Identifiers are stored normalised: NIP and REGON as digits only
(NIP without the "PL" prefix), the KRS number as its 10 digits, the postcode as NN-NNN, the
phone as the registry writes it. A second institution with the NIP or REGON of another is
refused with a message naming the one that has it."""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ostoja.accounts.models import User
from ostoja.core import policy
from ostoja.core.actions import action_kind, record_action
from ostoja.core.locking import claim_version
from ostoja.partners import policy as partners_policy
from ostoja.partners.models import Institution
from ostoja.partners.validators import normalize_nip
from ostoja.registry.validators import normalize_phone, normalize_postcode

INSTITUTION_FIELDS = (
    "name",
    "kind",
    "nip",
    "regon",
    "krs",
    "town",
    "street",
    "house_number",
    "flat_number",
    "postcode",
    "phone",
    "email",
    "website",
    "contact_person",
    "offer",
    "notes",
)

INSTITUTION_CREATE = action_kind(
    "partners.institution_create",
    gettext_lazy("Institution added to the directory"),
    gettext_lazy("%(name)s"),
)
INSTITUTION_UPDATE = action_kind(
    "partners.institution_update",
    gettext_lazy("Change of an institution in the directory"),
    gettext_lazy("%(name)s: %(fields)s"),
)
INSTITUTION_DEACTIVATE = action_kind(
    "partners.institution_deactivate",
    gettext_lazy("Deactivation of an institution"),
    gettext_lazy("%(name)s"),
)
INSTITUTION_ACTIVATE = action_kind(
    "partners.institution_activate",
    gettext_lazy("Activation of an institution"),
    gettext_lazy("%(name)s"),
)


def _digits(value: str) -> str:
    """Separators (spaces, hyphens, dots) dropped; other characters kept for the validator."""
    return "".join(ch for ch in (value or "").strip() if ch not in " -.")


def normalize(data: Mapping[str, Any]) -> dict[str, Any]:
    """The fields as stored; unknown fields are a programming error."""
    unknown = set(data) - set(INSTITUTION_FIELDS)
    if unknown:
        raise TypeError(f"fields this service may not change: {sorted(unknown)}")
    fields = {
        name: value.strip() if isinstance(value, str) else value for name, value in data.items()
    }
    if "nip" in fields:
        fields["nip"] = normalize_nip(fields["nip"] or "").replace(".", "")
    for name in ("regon", "krs"):
        if name in fields:
            fields[name] = _digits(fields[name])
    if fields.get("postcode"):
        fields["postcode"] = normalize_postcode(fields["postcode"])
    if fields.get("phone"):
        fields["phone"] = normalize_phone(fields["phone"])
    return fields


def _check_unique(institution: Institution) -> None:
    """NIP and REGON identify an entity: one institution each."""
    errors: dict[str, list[str]] = {}
    others = Institution.objects.exclude(pk=institution.pk or 0)
    for name, label in (("nip", _("NIP")), ("regon", _("REGON"))):
        value = getattr(institution, name)
        clash = others.filter(**{name: value}).first() if value else None
        if clash is not None:
            errors[name] = [
                _("%(label)s %(value)s is already recorded for “%(other)s”.")
                % {"label": label, "value": value, "other": clash.name}
            ]
    if errors:
        raise ValidationError(errors)


def _save(institution: Institution, actor: User) -> None:
    errors: dict[str, Any] = {}
    try:
        # The unique constraints are asked below with a message naming the other institution.
        institution.full_clean(validate_constraints=False)
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        _check_unique(institution)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, messages)
    if errors:
        raise ValidationError(errors)
    institution._history_user = actor  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            institution.save()
    except IntegrityError:
        # Another save with the same NIP or REGON committed in between: say which one.
        _check_unique(institution)
        raise


def _require(actor: User, action: str, obj: Any) -> None:
    if not policy.can(actor, action, obj):
        raise PermissionDenied


@transaction.atomic
def institution_create(*, actor: User, data: Mapping[str, Any]) -> Institution:
    """Add an institution to the directory."""
    _require(actor, partners_policy.EDIT, None)
    institution = Institution(**normalize(data))
    _save(institution, actor)
    record_action(
        actor=actor,
        action=INSTITUTION_CREATE,
        subjects=[institution],
        details={"institution_id": institution.pk, "name": institution.name},
    )
    return institution


@transaction.atomic
def institution_update(
    *, actor: User, institution: Institution, version: int, data: Mapping[str, Any]
) -> Institution:
    """Change an institution's data; `ConflictError` when `version` is not the current one."""
    _require(actor, partners_policy.EDIT, institution)
    fields = normalize(data)
    old = {name: getattr(institution, name) for name in fields}
    for name, value in fields.items():
        setattr(institution, name, value)
    claim_version(institution, expected_version=version)
    _save(institution, actor)
    changed = [
        str(getattr(Institution._meta.get_field(name), "verbose_name", name))
        for name in fields
        if old[name] != getattr(institution, name)
    ]
    record_action(
        actor=actor,
        action=INSTITUTION_UPDATE,
        subjects=[institution],
        details={
            "institution_id": institution.pk,
            "name": institution.name,
            "fields": ", ".join(changed) or "—",
        },
    )
    return institution


def _set_active(actor: User, institution: Institution, active: bool, action: str) -> Institution:
    _require(actor, partners_policy.EDIT, institution)
    if institution.active == active:
        return institution
    institution.active = active
    institution.version += 1
    _save(institution, actor)
    record_action(
        actor=actor,
        action=action,
        subjects=[institution],
        details={"institution_id": institution.pk, "name": institution.name},
    )
    return institution


@transaction.atomic
def institution_deactivate(*, actor: User, institution: Institution) -> Institution:
    """No new referrals to it; the old ones keep it."""
    return _set_active(actor, institution, False, INSTITUTION_DEACTIVATE)


@transaction.atomic
def institution_activate(*, actor: User, institution: Institution) -> Institution:
    return _set_active(actor, institution, True, INSTITUTION_ACTIVATE)
