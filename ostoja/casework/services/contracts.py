"""Social contracts (kontrakt socjalny, art. 108 u.p.s.; template: rozporządzenie MPiPS z 8
listopada 2010 r. w sprawie wzoru kontraktu socjalnego, Dz.U. 2010 nr 218 poz. 1439).

A contract is drafted (`projekt`), changed while a draft, signed by both sides (`podpisany`),
reviewed while it runs, and ended (`zakonczony`): its goals achieved, broken, or expired. A
signed contract is never edited: a correction is a new draft that supersedes it. A breach
feeds the duty to cooperate (art. 11 ust. 2 u.p.s.): ending a contract as broken records a
`CooperationEvent` of kind `naruszenie_kontraktu` in the same transaction.
"""

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ostoja.accounts.models import User
from ostoja.casework import policy as casework_policy
from ostoja.casework.models import (
    CaseFile,
    ContractEnd,
    ContractObligation,
    ContractReview,
    ContractState,
    CooperationEvent,
    CooperationEventKind,
    Party,
    SocialContract,
)
from ostoja.core import policy
from ostoja.core.actions import action_kind, record_action
from ostoja.core.locking import claim_version
from ostoja.registry.models import Membership, Person

CONTRACT_CREATE = action_kind(
    "casework.contract_create",
    gettext_lazy("Drafting of a social contract"),
    gettext_lazy("variant %(variant)s, %(valid_from)s – %(valid_to)s (%(person)s)"),
)
CONTRACT_UPDATE = action_kind(
    "casework.contract_update",
    gettext_lazy("Change of a draft social contract"),
    gettext_lazy("%(fields)s"),
)
CONTRACT_SIGN = action_kind(
    "casework.contract_sign",
    gettext_lazy("Signing of a social contract"),
    gettext_lazy("signed on %(signed_on)s (%(person)s)"),
)
CONTRACT_REVIEW = action_kind(
    "casework.contract_review",
    gettext_lazy("Review of a social contract"),
    gettext_lazy("reviewed on %(reviewed_on)s; next review %(next_review_on)s"),
)
CONTRACT_END = action_kind(
    "casework.contract_end",
    gettext_lazy("End of a social contract"),
    gettext_lazy("%(end_reason)s on %(ended_on)s (%(person)s)"),
)
CONTRACT_CORRECT = action_kind(
    "casework.contract_correct",
    gettext_lazy("Correction of a social contract"),
    gettext_lazy("%(reason)s"),
)

CONTRACT_FIELDS = ("person", "variant", "valid_from", "valid_to", "problem", "goals", "resources")


def _today() -> datetime.date:
    return timezone.localdate()


def _require_edit(actor: User, case: CaseFile) -> None:
    if not policy.can(actor, casework_policy.EDIT, case):
        raise PermissionDenied


def _as_actor(instance: Any, actor: User) -> None:
    instance._history_user = actor


def _merge(errors: dict[str, list[str]], error: ValidationError) -> None:
    for field, messages in error.message_dict.items():
        errors.setdefault(field, []).extend(m for m in messages if m not in errors.get(field, []))


def _raise(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


def _day(value: datetime.date) -> str:
    return value.strftime("%d.%m.%Y")


# ---------------------------------------------------------------------------------------------
# Obligations
# ---------------------------------------------------------------------------------------------


def _amount(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value).replace(" ", "").replace(",", "."))
    except InvalidOperation as error:
        raise ValueError(str(value)) from error


def _obligations(
    contract: SocialContract, rows: Iterable[Mapping[str, Any]], errors: dict[str, list[str]]
) -> list[ContractObligation]:
    """The obligations as rows to save, checked; errors under `obligations-<n>-<field>`
    (the formset's names) and, for the whole, under `obligations`."""
    built: list[ContractObligation] = []
    for index, row in enumerate(rows):
        prefix = f"obligations-{index}-"
        party = row.get("party", "")
        due_on = row.get("due_on")
        try:
            amount = _amount(row.get("amount"))
        except ValueError:
            errors[prefix + "amount"] = [_("Enter the amount in zł, e.g. 450,00.")]
            amount = None
        obligation = ContractObligation(
            contract=contract,
            party=party,
            description=(row.get("description") or "").strip(),
            due_on=due_on,
            amount=amount,
            position=index,
        )
        try:
            obligation.full_clean(exclude=["contract"])
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.setdefault(prefix + field, messages)
        if amount is not None and party == Party.CLIENT:
            errors.setdefault(prefix + "amount", []).append(
                _("A cost belongs to the centre's obligations: the help it gives.")
            )
        start, end = contract.valid_from, contract.valid_to
        if isinstance(due_on, datetime.date) and start and end and not start <= due_on <= end:
            errors.setdefault(prefix + "due_on", []).append(
                _("The deadline must fall within the contract's period (%(start)s – %(end)s).")
                % {"start": _day(start), "end": _day(end)}
            )
        built.append(obligation)
    return built


def budget_of_help(obligations: Iterable[ContractObligation]) -> Decimal:
    """The budget of help: the planned costs of the centre's obligations, in total."""
    return sum(
        (o.amount for o in obligations if o.party == Party.CENTRE and o.amount is not None),
        Decimal("0.00"),
    )


def _save_obligations(contract: SocialContract, obligations: list[ContractObligation]) -> None:
    contract.obligations.all().delete()
    for obligation in obligations:
        obligation.contract = contract
    ContractObligation.objects.bulk_create(obligations)


# ---------------------------------------------------------------------------------------------
# The contract
# ---------------------------------------------------------------------------------------------


def _check_contract(contract: SocialContract, errors: dict[str, list[str]]) -> None:
    try:
        contract.full_clean(exclude=["case", "worker"])
    except ValidationError as error:
        _merge(errors, error)
    person, start = contract.person if contract.person_id else None, contract.valid_from
    if person is not None and isinstance(start, datetime.date) and "person" not in errors:
        members = Membership.objects.current_on(start).filter(
            household_id=contract.case.household_id, person=person
        )
        if not members.exists():
            errors["person"] = [
                _("%(person)s is not a member of the family on %(day)s.")
                % {"person": person.full_name, "day": _day(start)}
            ]


def _details(contract: SocialContract, **more: Any) -> dict[str, Any]:
    return {
        "contract_id": contract.pk,
        "variant": contract.variant,
        "person": contract.person.full_name,
        "valid_from": contract.valid_from,
        "valid_to": contract.valid_to,
        **more,
    }


def _subjects(contract: SocialContract, *more: Any) -> list[Any]:
    return [contract.case, contract.case.household, contract, contract.person, *more]


@transaction.atomic
def contract_create(
    *,
    actor: User,
    case: CaseFile,
    person: Person,
    variant: str,
    valid_from: datetime.date,
    valid_to: datetime.date,
    problem: str,
    goals: str,
    resources: str = "",
    obligations: Iterable[Mapping[str, Any]] = (),
) -> SocialContract:
    """Draft a social contract with its obligations; the actor is its social worker."""
    _require_edit(actor, case)
    contract = SocialContract(
        case=case,
        person=person,
        variant=variant,
        worker=actor,
        valid_from=valid_from,
        valid_to=valid_to,
        problem=problem,
        goals=goals,
        resources=resources,
    )
    errors: dict[str, list[str]] = {}
    _check_contract(contract, errors)
    rows = _obligations(contract, obligations, errors)
    _raise(errors)
    _as_actor(contract, actor)
    contract.save()
    _save_obligations(contract, rows)
    record_action(
        actor=actor,
        action=CONTRACT_CREATE,
        subjects=_subjects(contract),
        details=_details(contract, obligations=len(rows)),
    )
    return contract


def _require_draft(contract: SocialContract) -> None:
    if contract.state != ContractState.DRAFT:
        raise ValidationError(
            _("A signed contract is not changed: correct it, which makes a new version.")
        )


@transaction.atomic
def contract_update(
    *,
    actor: User,
    contract: SocialContract,
    version: int,
    obligations: Iterable[Mapping[str, Any]] | None = None,
    **fields: Any,
) -> SocialContract:
    """Change a draft; `obligations`, when given, replace the draft's obligations.
    `ConflictError` when `version` is not the current one."""
    unknown = set(fields) - set(CONTRACT_FIELDS)
    if unknown:
        raise TypeError(f"fields this service may not change: {sorted(unknown)}")
    _require_edit(actor, contract.case)
    _require_draft(contract)
    old = {name: getattr(contract, name) for name in fields}
    for name, value in fields.items():
        setattr(contract, name, value)
    errors: dict[str, list[str]] = {}
    _check_contract(contract, errors)
    current = list(contract.obligations.all())
    rows = None
    if obligations is not None:
        rows = _obligations(contract, obligations, errors)
    else:
        _obligations(
            contract,
            [
                {
                    "party": o.party,
                    "description": o.description,
                    "due_on": o.due_on,
                    "amount": o.amount,
                }
                for o in current
            ],
            errors,
        )
    _raise(errors)
    claim_version(contract, expected_version=version)
    _as_actor(contract, actor)
    contract.save()
    changed = [
        str(getattr(SocialContract._meta.get_field(name), "verbose_name", name))
        for name in fields
        if old[name] != getattr(contract, name)
    ]
    if rows is not None:
        before = [(o.party, o.description, o.due_on, o.amount) for o in current]
        after = [(o.party, o.description, o.due_on, o.amount) for o in rows]
        _save_obligations(contract, rows)
        if before != after:
            changed.append(str(_("obligations")))
    record_action(
        actor=actor,
        action=CONTRACT_UPDATE,
        subjects=_subjects(contract),
        details=_details(contract, fields=", ".join(changed) or "—"),
    )
    return contract


@transaction.atomic
def contract_sign(
    *, actor: User, contract: SocialContract, signed_on: datetime.date
) -> SocialContract:
    """Both sides signed: draft → signed. Needs an obligation of each side."""
    _require_edit(actor, contract.case)
    _require_draft(contract)
    errors: dict[str, list[str]] = {}
    if not isinstance(signed_on, datetime.date):
        errors["signed_on"] = [_("Enter the date.")]
    elif signed_on > _today():
        errors["signed_on"] = [_("This date cannot be in the future.")]
    elif signed_on > contract.valid_to:
        errors["signed_on"] = [
            _("The contract cannot be signed after its end (%(day)s).")
            % {"day": _day(contract.valid_to)}
        ]
    parties = set(contract.obligations.values_list("party", flat=True))
    missing = [str(label) for code, label in Party.choices if code not in parties]
    if missing:
        errors["obligations"] = [
            _("The contract needs at least one obligation of each side; missing: %(sides)s.")
            % {"sides": ", ".join(missing)}
        ]
    _raise(errors)
    contract.state = ContractState.SIGNED
    contract.signed_on = signed_on
    contract.signed_at = timezone.now()
    contract.version += 1
    _as_actor(contract, actor)
    contract.save()
    record_action(
        actor=actor,
        action=CONTRACT_SIGN,
        subjects=_subjects(contract),
        details=_details(contract, signed_on=signed_on),
    )
    return contract


def _require_signed(contract: SocialContract, message: str) -> None:
    if contract.state != ContractState.SIGNED:
        raise ValidationError(message)


@transaction.atomic
def contract_review_add(
    *,
    actor: User,
    contract: SocialContract,
    reviewed_on: datetime.date,
    findings: str,
    next_review_on: datetime.date | None = None,
) -> ContractReview:
    """A review of how the contract is kept, while it runs."""
    _require_edit(actor, contract.case)
    _require_signed(contract, _("Only a signed contract that has not ended is reviewed."))
    review = ContractReview(
        contract=contract,
        reviewed_on=reviewed_on,
        findings=(findings or "").strip(),
        next_review_on=next_review_on,
        reviewed_by=actor,
    )
    errors: dict[str, list[str]] = {}
    try:
        review.full_clean()
    except ValidationError as error:
        _merge(errors, error)
    if isinstance(reviewed_on, datetime.date) and "reviewed_on" not in errors:
        if reviewed_on < contract.valid_from:
            errors["reviewed_on"] = [
                _("A review cannot be before the contract's start (%(day)s).")
                % {"day": _day(contract.valid_from)}
            ]
        if next_review_on is not None and next_review_on <= reviewed_on:
            errors["next_review_on"] = [_("The next review must be after this one.")]
    _raise(errors)
    review.save()
    record_action(
        actor=actor,
        action=CONTRACT_REVIEW,
        subjects=_subjects(contract, review),
        details=_details(
            contract, review_id=review.pk, reviewed_on=reviewed_on, next_review_on=next_review_on
        ),
    )
    return review


@transaction.atomic
def contract_end(
    *,
    actor: User,
    contract: SocialContract,
    ended_on: datetime.date,
    end_reason: str,
    note: str,
    breach_evidence: str = "",
) -> SocialContract:
    """End a signed contract: goals achieved, broken (a breach of the duty to cooperate is
    recorded with its evidence), or expired."""
    _require_edit(actor, contract.case)
    _require_signed(contract, _("Only a signed contract that has not ended is ended."))
    errors: dict[str, list[str]] = {}
    if end_reason not in ContractEnd.values:
        errors["end_reason"] = [_("Choose how the contract ended.")]
    if not isinstance(ended_on, datetime.date):
        errors["ended_on"] = [_("Enter the date.")]
    elif ended_on > _today():
        errors["ended_on"] = [_("This date cannot be in the future.")]
    elif ended_on < contract.valid_from:
        errors["ended_on"] = [
            _("The contract cannot end before its start (%(day)s).")
            % {"day": _day(contract.valid_from)}
        ]
    elif end_reason == ContractEnd.EXPIRED and ended_on < contract.valid_to:
        errors["end_reason"] = [
            _("The contract expires only after its last day (%(day)s).")
            % {"day": _day(contract.valid_to)}
        ]
    breach = end_reason == ContractEnd.BROKEN
    if breach and not (breach_evidence or "").strip():
        errors["breach_evidence"] = [
            _("Write what shows the breach: it is recorded for the duty to cooperate.")
        ]
    if breach and not (note or "").strip():
        errors["note"] = [_("Write the social worker's assessment of the breach.")]
    _raise(errors)
    contract.state = ContractState.ENDED
    contract.ended_on = ended_on
    contract.ended_at = timezone.now()
    contract.end_reason = end_reason
    contract.end_note = (note or "").strip()
    contract.version += 1
    _as_actor(contract, actor)
    contract.save()
    subjects = _subjects(contract)
    if breach:
        event = CooperationEvent(
            case=contract.case,
            person=contract.person,
            kind=CooperationEventKind.BROKEN_CONTRACT,
            occurred_on=ended_on,
            evidence=breach_evidence.strip(),
            assessment=contract.end_note,
            contract=contract,
            recorded_by=actor,
        )
        event.full_clean()
        _as_actor(event, actor)
        event.save()
        subjects.append(event)
    record_action(
        actor=actor,
        action=CONTRACT_END,
        subjects=subjects,
        details=_details(
            contract, ended_on=ended_on, end_reason=str(contract.get_end_reason_display())
        ),
    )
    return contract


@transaction.atomic
def contract_correct(*, actor: User, contract: SocialContract, reason: str) -> SocialContract:
    """A signed (or ended) contract is never edited: a new draft supersedes it, with the
    reason and the obligations copied; the new version is signed again."""
    _require_edit(actor, contract.case)
    if contract.state == ContractState.DRAFT:
        raise ValidationError(
            _("A draft is changed directly; only a signed contract is corrected.")
        )
    if SocialContract.objects.filter(supersedes=contract).exists():
        raise ValidationError(_("This version is already corrected; correct the newest one."))
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Write why the contract is corrected.")]})
    draft = SocialContract(
        case=contract.case,
        person=contract.person,
        variant=contract.variant,
        worker=actor,
        valid_from=contract.valid_from,
        valid_to=contract.valid_to,
        problem=contract.problem,
        goals=contract.goals,
        resources=contract.resources,
        supersedes=contract,
        correction_reason=reason.strip(),
    )
    draft.full_clean()
    _as_actor(draft, actor)
    draft.save()
    _save_obligations(
        draft,
        [
            ContractObligation(
                party=o.party,
                description=o.description,
                due_on=o.due_on,
                amount=o.amount,
                position=o.position,
            )
            for o in contract.obligations.all()
        ],
    )
    record_action(
        actor=actor,
        action=CONTRACT_CORRECT,
        subjects=_subjects(draft, contract),
        details=_details(draft, corrects_id=contract.pk, reason=draft.correction_reason),
    )
    return draft
