"""Configuration of decision making: the registers that number decisions and the authorisations
(upoważnienia) of the people who sign them.

A register gives each decision its number at signing: a yearly sequence that starts again at 1
every year, so its pattern must contain both {number} and {year}, or two decisions of different
years would be printed with the same number. An authorisation is recorded as the letter granting
it says (art. 268a k.p.a.; art. 110 ust. 7–8 u.p.s.); it is revoked, never deleted, because the
decisions signed under it keep pointing at it.
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ostoja.accounts.models import User
from ostoja.accounts.roles import Capability
from ostoja.benefits import policy as benefits_policy
from ostoja.benefits.catalogue import Act
from ostoja.benefits.models import Authorisation, Decision, DecisionRegister
from ostoja.core.actions import action_kind, record_action
from ostoja.core.locking import ConflictError
from ostoja.core.services import day_text, require

REGISTER_CREATE = action_kind(
    "benefits.registers_create",
    gettext_lazy("Register of decisions created"),
    gettext_lazy("%(name)s (%(symbol)s), numbers: %(example)s"),
)
REGISTER_UPDATE = action_kind(
    "benefits.registers_update",
    gettext_lazy("Register of decisions changed"),
    gettext_lazy("%(name)s (%(symbol)s): %(fields)s"),
)
AUTHORISATION_CREATE = action_kind(
    "benefits.authorisations_create",
    gettext_lazy("Authorisation to issue decisions recorded"),
    gettext_lazy("no. %(number)s for %(user)s, valid from %(valid_from)s until %(valid_to)s"),
)
AUTHORISATION_REVOKE = action_kind(
    "benefits.authorisations_revoke",
    gettext_lazy("Authorisation to issue decisions revoked"),
    gettext_lazy("no. %(number)s of %(user)s, from %(revoked_on)s"),
)

REGISTER_FIELDS = ("name", "symbol", "act", "pattern", "active")
# The longest number a register must be able to print: the field holds 80 characters.
LONGEST_SEQUENCE, LONGEST_YEAR = 999_999, 2099
NUMBER_LENGTH = Decision._meta.get_field("number").max_length or 80


def _label(model: type[Any], field: str) -> str:
    return str(getattr(model._meta.get_field(field), "verbose_name", field))


# ---------------------------------------------------------------------------------------------
# Registers
# ---------------------------------------------------------------------------------------------


def _check_register(register: DecisionRegister) -> dict[str, list[str]]:
    """The model's own checks, then what numbering needs: {year} in the pattern, a number that
    fits its field, one symbol per register, one register in use per act."""
    errors: dict[str, list[str]] = {}
    try:
        # The conditional unique constraints are checked below with messages that say which
        # register is in the way.
        register.full_clean(validate_constraints=False)
    except ValidationError as error:
        errors.update(error.message_dict)
    if "pattern" not in errors:
        if "{year}" not in register.pattern:
            errors["pattern"] = [
                _("The pattern must contain {year}: the numbers start again every year.")
            ]
        elif len(register.format_number(number=LONGEST_SEQUENCE, year=LONGEST_YEAR)) > (
            NUMBER_LENGTH
        ):
            errors["pattern"] = [
                _("Numbers in this pattern would be longer than %(length)s characters.")
                % {"length": NUMBER_LENGTH}
            ]
    others = DecisionRegister.objects.exclude(pk=register.pk)
    if register.symbol and others.filter(symbol=register.symbol).exists():
        errors["symbol"] = [_("Another register already has this symbol.")]
    if register.active:
        clash = others.filter(active=True, act=register.act).first()
        if clash is not None:
            errors["act"] = [
                _("The register %(register)s is already in use for this act: end its use first.")
                % {"register": clash}
            ]
    return errors


@transaction.atomic
def register_create(
    *,
    actor: User,
    name: str,
    symbol: str,
    act: str = "",
    pattern: str = "{symbol}.{number}.{year}",
    active: bool = True,
) -> DecisionRegister:
    """Create a register of decisions for one act (`act` empty: for both acts)."""
    require(actor, benefits_policy.ADMIN)
    register = DecisionRegister(
        name=name.strip(), symbol=symbol.strip(), act=act, pattern=pattern.strip(), active=active
    )
    errors = _check_register(register)
    if errors:
        raise ValidationError(errors)
    register.save()
    record_action(
        actor=actor,
        action=REGISTER_CREATE,
        subjects=[register],
        details={
            "name": register.name,
            "symbol": register.symbol,
            "example": register.format_number(number=1, year=timezone.localdate().year),
        },
    )
    return register


def _claim_register(register: DecisionRegister, base_version: int) -> None:
    """Optimistic lock without a change history (registers keep none): the conflict says only
    that someone else saved."""
    claimed = DecisionRegister.objects.filter(pk=register.pk, version=base_version).update(
        version=F("version") + 1
    )
    if not claimed:
        current = DecisionRegister.objects.get(pk=register.pk)
        raise ConflictError(changes=[], current_version=current.version)
    register.version = base_version + 1


@transaction.atomic
def register_update(
    *, actor: User, register: DecisionRegister, base_version: int, **fields: Any
) -> DecisionRegister:
    """Change a register's name, symbol, act, pattern or use. Numbers already given keep the
    text they were printed with; the next number follows the new pattern."""
    unknown = set(fields) - set(REGISTER_FIELDS)
    if unknown:
        raise TypeError(f"fields this service may not change: {sorted(unknown)}")
    require(actor, benefits_policy.ADMIN)
    before = {name: getattr(register, name) for name in fields}
    for name, value in fields.items():
        setattr(register, name, value.strip() if isinstance(value, str) else value)
    errors = _check_register(register)
    if errors:
        raise ValidationError(errors)
    _claim_register(register, base_version)
    register.save()
    changed = [
        _label(DecisionRegister, name)
        for name, old in before.items()
        if old != getattr(register, name)
    ]
    record_action(
        actor=actor,
        action=REGISTER_UPDATE,
        subjects=[register],
        details={
            "name": register.name,
            "symbol": register.symbol,
            "fields": ", ".join(changed) or "—",
        },
    )
    return register


def register_for(act: str) -> DecisionRegister | None:
    """The register in use that numbers decisions under `act`: the act's own one, else the one
    in use for both acts."""
    registers = DecisionRegister.objects.filter(active=True)
    return registers.filter(act=act).first() or registers.filter(act="").first()


# ---------------------------------------------------------------------------------------------
# Authorisations
# ---------------------------------------------------------------------------------------------


def valid_authorisation(user: User, act: str, day: datetime.date) -> Authorisation | None:
    """The user's authorisation valid on `day` for decisions under `act` (the latest granted
    when several are), or None."""
    covers_act = (
        Q(social_assistance=True) if act == Act.SOCIAL_ASSISTANCE else Q(family_benefits=True)
    )
    candidates = (
        Authorisation.objects.filter(user=user, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .filter(Q(revoked_on__isnull=True) | Q(revoked_on__gt=day))
        .filter(covers_act)
        .order_by("-valid_from", "-granted_on", "-pk")
    )
    return candidates.first()


@transaction.atomic
def authorisation_create(
    *,
    actor: User,
    user: User,
    number: str,
    granted_by: str,
    granted_on: datetime.date,
    valid_from: datetime.date,
    valid_to: datetime.date | None,
    social_assistance: bool,
    family_benefits: bool,
    position: str,
) -> Authorisation:
    """Record an authorisation to issue decisions, as the letter granting it says."""
    require(actor, benefits_policy.ADMIN)
    authorisation = Authorisation(
        user=user,
        number=number.strip(),
        granted_by=granted_by.strip(),
        granted_on=granted_on,
        valid_from=valid_from,
        valid_to=valid_to,
        social_assistance=social_assistance,
        family_benefits=family_benefits,
        position=position.strip(),
        recorded_by=actor,
    )
    errors: dict[str, list[str]] = {}
    try:
        authorisation.full_clean()
    except ValidationError as error:
        errors.update(error.message_dict)
    if not (user.is_active and user.has_capability(Capability.BENEFITS_SIGN)):
        errors["user"] = [_("Choose an active member of staff whose role signs decisions.")]
    if isinstance(granted_on, datetime.date):
        if granted_on > timezone.localdate():
            errors["granted_on"] = [_("This date cannot be in the future.")]
        elif isinstance(valid_from, datetime.date) and valid_from < granted_on:
            errors["valid_from"] = [
                _("An authorisation cannot be valid before it was granted (%(day)s).")
                % {"day": day_text(granted_on)}
            ]
    if errors:
        raise ValidationError(errors)
    authorisation.save()
    record_action(
        actor=actor,
        action=AUTHORISATION_CREATE,
        subjects=[authorisation, user],
        details={
            "number": authorisation.number,
            "user": str(user),
            "user_id": user.pk,
            "valid_from": valid_from,
            "valid_to": valid_to,
            "social_assistance": social_assistance,
            "family_benefits": family_benefits,
        },
    )
    return authorisation


@transaction.atomic
def authorisation_revoke(
    *, actor: User, authorisation: Authorisation, revoked_on: datetime.date
) -> Authorisation:
    """The authorisation no longer holds from `revoked_on` (that day included). A revocation
    cannot reach back past a decision already signed under it: that signature was valid."""
    require(actor, benefits_policy.ADMIN)
    authorisation = Authorisation.objects.select_for_update().get(pk=authorisation.pk)
    if authorisation.revoked_on is not None:
        raise ValidationError(
            {
                "revoked_on": _("This authorisation was already revoked from %(day)s.")
                % {"day": day_text(authorisation.revoked_on)}
            }
        )
    if revoked_on < authorisation.granted_on:
        raise ValidationError(
            {"revoked_on": _("An authorisation cannot be revoked before it was granted.")}
        )
    last_signed = (
        Decision.objects.filter(authorisation=authorisation, issued_on__isnull=False)
        .order_by("-issued_on")
        .values_list("issued_on", flat=True)
        .first()
    )
    if last_signed is not None and revoked_on <= last_signed:
        raise ValidationError(
            {
                "revoked_on": _(
                    "A decision was signed under this authorisation on %(day)s: it can be "
                    "revoked from the next day."
                )
                % {"day": day_text(last_signed)}
            }
        )
    authorisation.revoked_on = revoked_on
    authorisation.version += 1
    authorisation.save(update_fields=["revoked_on", "version", "updated_at"])
    record_action(
        actor=actor,
        action=AUTHORISATION_REVOKE,
        subjects=[authorisation, authorisation.user],
        details={
            "number": authorisation.number,
            "user": str(authorisation.user),
            "revoked_on": revoked_on,
        },
    )
    return authorisation
