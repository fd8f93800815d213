"""Applications: registering one (or opening proceedings ex officio), what it asks for, the facts
the family states about its members, the documents attached, the periods that do not count
towards the deadline (art. 35 § 5 k.p.a.), and withdrawing it.

The facts stated about the members are pre-filled from the household's previous application
under the same act, so that a family applying again is not asked for what has not changed.
"""

import datetime
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ostoja.accounts.models import User
from ostoja.accounts.roles import Capability
from ostoja.benefits import policy as benefits_policy
from ostoja.benefits.catalogue import Act, spec
from ostoja.benefits.deadlines import benefit_period_of
from ostoja.benefits.models import (
    Application,
    ApplicationState,
    Attachment,
    Channel,
    DeadlinePause,
    MemberFacts,
    PauseKind,
    RequestedBenefit,
)
from ostoja.core.actions import action_kind, record_action
from ostoja.core.locking import claim_version
from ostoja.core.services import as_actor, day_text, require
from ostoja.registry.models import Household, Membership, Person

APPLICATION_REGISTER = action_kind(
    "benefits.applications_register",
    gettext_lazy("Application registered"),
    gettext_lazy("received on %(received_on)s (%(channel)s): %(benefits)s"),
)
APPLICATION_UPDATE = action_kind(
    "benefits.applications_update",
    gettext_lazy("Application changed"),
    gettext_lazy("%(fields)s"),
)
APPLICATION_BENEFITS = action_kind(
    "benefits.applications_benefits",
    gettext_lazy("Benefits asked for changed"),
    gettext_lazy("%(benefits)s"),
)
FACTS_SET = action_kind(
    "benefits.applications_facts",
    gettext_lazy("Facts about a member recorded"),
    gettext_lazy("%(person)s"),
)
ATTACHMENT_ADD = action_kind(
    "benefits.applications_attachment",
    gettext_lazy("Document attached"),
    gettext_lazy("%(name)s (%(size)s bytes, SHA-256 %(sha256)s)"),
)
PAUSE_START = action_kind(
    "benefits.applications_pause_start",
    gettext_lazy("Deadline stopped"),
    gettext_lazy("%(kind)s from %(starts_on)s"),
)
PAUSE_END = action_kind(
    "benefits.applications_pause_end",
    gettext_lazy("Deadline running again"),
    gettext_lazy("%(kind)s until %(ends_on)s"),
)
APPLICATION_WITHDRAW = action_kind(
    "benefits.applications_withdraw",
    gettext_lazy("Application withdrawn"),
    gettext_lazy("on %(withdrawn_on)s"),
)

EDITABLE_FIELDS = (
    "received_on",
    "channel",
    "complicated",
    "handled_by",
    "benefit_period_start",
    "farm_hectares",
    "income_month",
    "notes",
)
FACT_FIELDS = (
    "incapacity",
    "disability",
    "care_indications",
    "in_education",
    "married",
    "under_legal_guardian",
    "has_own_child",
    "annual_income",
    "annual_alimony_paid",
    "cares_for",
    "benefits_received",
    "supplements",
)
# What a scan or an electronic document may be; recognised by its first bytes, not by the name
# or the type the browser claims.
ACCEPTED_DOCUMENTS = {
    b"%PDF-": "application/pdf",
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"II*\x00": "image/tiff",
    b"MM\x00*": "image/tiff",
}


@dataclass(frozen=True)
class BenefitAsked:
    benefit: str
    purpose: str = ""
    amount: Decimal | None = None
    period_from: datetime.date | None = None
    period_to: datetime.date | None = None


# ---------------------------------------------------------------------------------------------
# Shared steps
# ---------------------------------------------------------------------------------------------


def _lock(application: Application) -> None:
    list(Application.objects.select_for_update().filter(pk=application.pk))


def _members_on(household: Household, day: datetime.date) -> list[Person]:
    memberships = Membership.objects.current_on(day).filter(household=household)
    return [m.person for m in memberships.select_related("person").order_by("pk")]


def _check_benefits(act: str, asked: Sequence[BenefitAsked]) -> list[str]:
    errors: list[str] = []
    if not asked:
        errors.append(_("Choose at least one benefit."))
    codes = [item.benefit for item in asked]
    if len(set(codes)) != len(codes):
        errors.append(_("Each benefit is asked for once."))
    for item in asked:
        try:
            benefit = spec(item.benefit)
        except KeyError:
            errors.append(_("Choose a benefit from the list."))
            continue
        if benefit.act != act:
            errors.append(
                _("%(benefit)s is not a benefit of this act.") % {"benefit": benefit.label}
            )
    return errors


def _requested(application: Application, item: BenefitAsked) -> RequestedBenefit:
    requested = RequestedBenefit(
        application=application,
        benefit=item.benefit,
        purpose=item.purpose,
        amount=item.amount,
        period_from=item.period_from,
        period_to=item.period_to,
    )
    requested.full_clean(exclude=["application"])
    return requested


def _previous_facts(application: Application) -> dict[int, MemberFacts]:
    """The facts stated in the household's latest earlier application under the same act."""
    previous = (
        Application.objects.filter(household=application.household, act=application.act)
        .exclude(pk=application.pk)
        .order_by("-received_on", "-pk")
        .first()
    )
    if previous is None:
        return {}
    return {facts.person_id: facts for facts in previous.member_facts.all()}


def _prefill_facts(application: Application) -> None:
    earlier = _previous_facts(application)
    rows = []
    for person in _members_on(application.household, application.received_on):
        facts = MemberFacts(application=application, person=person)
        source = earlier.get(person.pk)
        if source is not None:
            for field in FACT_FIELDS:
                setattr(facts, field, getattr(source, field))
        rows.append(facts)
    MemberFacts.objects.bulk_create(rows)


# ---------------------------------------------------------------------------------------------
# Registering and changing
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def application_register(
    *,
    actor: User,
    household: Household,
    applicant: Person,
    act: str,
    received_on: datetime.date,
    channel: str,
    benefits: Sequence[BenefitAsked],
    handled_by: User | None = None,
    complicated: bool = False,
    benefit_period_start: datetime.date | None = None,
    farm_hectares: Decimal = Decimal(0),
    income_month: datetime.date | None = None,
    notes: str = "",
) -> Application:
    """Register an application received on `received_on` (or proceedings opened ex officio on
    that day) asking for `benefits` under `act`, handled by `handled_by` (the actor when not
    given)."""
    require(actor, benefits_policy.REGISTER, household)
    if act == Act.FAMILY_BENEFITS and benefit_period_start is None:
        benefit_period_start = benefit_period_of(received_on)[0]
    application = Application(
        household=household,
        applicant=applicant,
        act=act,
        received_on=received_on,
        channel=channel,
        complicated=complicated,
        handled_by=handled_by or actor,
        registered_by=actor,
        benefit_period_start=benefit_period_start,
        farm_hectares=farm_hectares,
        income_month=income_month,
        notes=notes,
    )
    errors: dict[str, list[str]] = {}
    try:
        application.full_clean()
    except ValidationError as error:
        errors.update(error.message_dict)
    errors.update(_check_applicant(application))
    errors.update(_check_handler(application))
    benefit_errors = _check_benefits(act, benefits)
    if benefit_errors:
        errors["benefits"] = benefit_errors
    if errors:
        raise ValidationError(errors)
    as_actor(application, actor)
    application.save()
    requested = [_requested(application, item) for item in benefits]
    RequestedBenefit.objects.bulk_create(requested)
    _prefill_facts(application)
    record_action(
        actor=actor,
        action=APPLICATION_REGISTER,
        subjects=[application, household, applicant],
        details={
            "received_on": day_text(received_on),
            "channel": application.get_channel_display(),
            "benefits": ", ".join(str(r.get_benefit_display()) for r in requested),
        },
    )
    return application


def _check_applicant(application: Application) -> dict[str, list[str]]:
    if not application.received_on or not application.applicant_id:
        return {}
    members = {p.pk for p in _members_on(application.household, application.received_on)}
    if application.applicant_id in members:
        return {}
    if application.channel == Channel.EX_OFFICIO:
        message = _("The party must be a member of the family on the day the case is opened.")
    else:
        message = _("The applicant must be a member of the family on the day of receipt.")
    return {"applicant": [message]}


def _check_handler(application: Application) -> dict[str, list[str]]:
    handler = application.handled_by
    if handler.is_active and handler.has_capability(Capability.BENEFITS_EDIT):
        return {}
    return {"handled_by": [_("Choose a member of staff who handles applications.")]}


def _label(field: str) -> str:
    return str(getattr(Application._meta.get_field(field), "verbose_name", field))


@transaction.atomic
def application_update(
    *, actor: User, application: Application, base_version: int, **changes: Any
) -> Application:
    """Change what was registered (the day of receipt, the channel, who handles it, the
    complicated-case flag, the period, the farm, the income month, the notes)."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    require(actor, benefits_policy.EDIT_APPLICATION, application)
    before = {field: getattr(application, field) for field in changes}
    for field, value in changes.items():
        setattr(application, field, value)
    errors: dict[str, list[str]] = {}
    try:
        application.full_clean()
    except ValidationError as error:
        errors.update(error.message_dict)
    if "received_on" in changes:
        errors.update(_check_applicant(application))
        day = application.received_on
        if isinstance(day, datetime.date) and application.pauses.filter(starts_on__lt=day).exists():
            errors.setdefault("received_on", []).append(
                _("A period not counted towards the deadline starts before this day.")
            )
    if "handled_by" in changes:
        errors.update(_check_handler(application))
    if errors:
        raise ValidationError(errors)
    claim_version(application, expected_version=base_version)
    application.version = base_version + 1
    as_actor(application, actor)
    application.save()
    changed = [_label(field) for field, old in before.items() if old != getattr(application, field)]
    record_action(
        actor=actor,
        action=APPLICATION_UPDATE,
        subjects=[application, application.household],
        details={"fields": ", ".join(changed)},
    )
    return application


@transaction.atomic
def application_benefits_set(
    *, actor: User, application: Application, benefits: Sequence[BenefitAsked]
) -> list[RequestedBenefit]:
    """Replace the benefits asked for. One already assessed stays: its assessment would lose
    what it was made for."""
    require(actor, benefits_policy.EDIT_APPLICATION, application)
    _lock(application)
    errors = _check_benefits(application.act, benefits)
    assessed = set(application.assessments.values_list("benefit", flat=True))
    kept = {item.benefit for item in benefits}
    dropped = assessed - kept
    if dropped:
        errors.append(
            _("An assessed benefit cannot be removed: %(benefits)s.")
            % {"benefits": ", ".join(str(spec(code).label) for code in sorted(dropped))}
        )
    if errors:
        raise ValidationError({"benefits": errors})
    requested = [_requested(application, item) for item in benefits]
    application.requested.all().delete()
    RequestedBenefit.objects.bulk_create(requested)
    record_action(
        actor=actor,
        action=APPLICATION_BENEFITS,
        subjects=[application, application.household],
        details={"benefits": ", ".join(str(r.get_benefit_display()) for r in requested)},
    )
    return requested


@transaction.atomic
def member_facts_set(
    *, actor: User, application: Application, person: Person, facts: Mapping[str, Any]
) -> MemberFacts:
    """Record what the application states about one member (from its documents)."""
    unknown = set(facts) - set(FACT_FIELDS)
    if unknown:
        raise TypeError(f"not a fact: {sorted(unknown)}")
    require(actor, benefits_policy.EDIT_APPLICATION, application)
    _lock(application)
    members = {p.pk for p in _members_on(application.household, application.received_on)}
    if person.pk not in members:
        raise ValidationError(
            {"person": _("The person is not a member of the family on the day of receipt.")}
        )
    row = MemberFacts.objects.filter(application=application, person=person).first()
    row = row or MemberFacts(application=application, person=person)
    for field, value in facts.items():
        setattr(row, field, value)
    errors: dict[str, list[str]] = {}
    try:
        row.full_clean(exclude=["application", "person"])
    except ValidationError as error:
        errors.update(error.message_dict)
    cared = set(row.cares_for or [])
    if not cared <= members or person.pk in cared:
        errors["cares_for"] = [_("Choose other members of the family.")]
    if errors:
        raise ValidationError(errors)
    row.save()
    record_action(
        actor=actor,
        action=FACTS_SET,
        subjects=[application, person],
        details={"person": person.full_name},
    )
    return row


# ---------------------------------------------------------------------------------------------
# Attachments
# ---------------------------------------------------------------------------------------------


def _document_type(head: bytes) -> str | None:
    for signature, content_type in ACCEPTED_DOCUMENTS.items():
        if head.startswith(signature):
            return content_type
    return None


@transaction.atomic
def attachment_add(
    *, actor: User, application: Application, name: str, upload: UploadedFile[bytes]
) -> Attachment:
    """Attach a scan or an electronic document (PDF, JPEG, PNG or TIFF), stored under its
    SHA-256, which also refuses the same file attached twice."""
    require(actor, benefits_policy.EDIT_APPLICATION, application)
    limit = settings.OSTOJA_ATTACHMENT_MAX_MB * 1024 * 1024
    size = int(upload.size or 0)
    if size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    if size > limit:
        raise ValidationError(
            {
                "file": _("The file is larger than %(limit)s MB.")
                % {"limit": settings.OSTOJA_ATTACHMENT_MAX_MB}
            }
        )
    digest = hashlib.sha256()
    head = b""
    for chunk in upload.chunks():
        if len(head) < 16:
            head += chunk[: 16 - len(head)]
        digest.update(chunk)
    content_type = _document_type(head)
    if content_type is None:
        raise ValidationError({"file": _("Attach a PDF or a scan (JPEG, PNG or TIFF).")})
    sha256 = digest.hexdigest()
    if application.attachments.filter(sha256=sha256).exists():
        raise ValidationError({"file": _("This file is already attached to the application.")})
    upload.seek(0)
    attachment = Attachment(
        application=application,
        name=name.strip(),
        original_name=(upload.name or "")[:255],
        content_type=content_type,
        size=size,
        sha256=sha256,
        uploaded_by=actor,
    )
    attachment.file.save(sha256, upload, save=False)
    try:
        attachment.full_clean(exclude=["application", "file"])
    except ValidationError:
        attachment.file.delete(save=False)
        raise
    try:
        with transaction.atomic():
            attachment.save()
    except IntegrityError:
        raise ValidationError(
            {"file": _("This file is already attached to the application.")}
        ) from None
    record_action(
        actor=actor,
        action=ATTACHMENT_ADD,
        subjects=[application, attachment],
        details={"name": attachment.name, "size": size, "sha256": sha256[:12]},
    )
    return attachment


# ---------------------------------------------------------------------------------------------
# Periods that do not count; withdrawing
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def pause_start(
    *, actor: User, application: Application, kind: str, starts_on: datetime.date, note: str = ""
) -> DeadlinePause:
    """Stop the deadline from `starts_on` (art. 35 § 5 k.p.a.). A suspension of the proceedings
    also suspends the application."""
    require(actor, benefits_policy.EDIT_APPLICATION, application)
    _lock(application)
    pause = DeadlinePause(
        application=application, kind=kind, starts_on=starts_on, note=note, recorded_by=actor
    )
    errors: dict[str, list[str]] = {}
    try:
        pause.full_clean(exclude=["application", "recorded_by"])
    except ValidationError as error:
        errors.update(error.message_dict)
    if starts_on and starts_on < application.received_on:
        errors["starts_on"] = [_("The deadline runs from the day of receipt: choose a later day.")]
    if starts_on and starts_on > timezone.localdate():
        errors["starts_on"] = [_("This date cannot be in the future.")]
    if application.pauses.filter(ends_on__isnull=True).exists():
        errors["kind"] = [_("The deadline is already stopped: end that period first.")]
    elif starts_on and application.pauses.filter(ends_on__gte=starts_on).exists():
        errors["starts_on"] = [_("The period overlaps one already recorded.")]
    if errors:
        raise ValidationError(errors)
    pause.save()
    if kind == PauseKind.SUSPENDED:
        application.state = ApplicationState.SUSPENDED
        as_actor(application, actor)
        application.save(update_fields=["state", "updated_at"])
    record_action(
        actor=actor,
        action=PAUSE_START,
        subjects=[application],
        details={"kind": pause.get_kind_display(), "starts_on": day_text(starts_on)},
    )
    return pause


@transaction.atomic
def pause_end(*, actor: User, pause: DeadlinePause, ends_on: datetime.date) -> DeadlinePause:
    application = pause.application
    require(actor, benefits_policy.EDIT_APPLICATION, application)
    _lock(application)
    pause.refresh_from_db()
    if pause.ends_on is not None:
        raise ValidationError({"ends_on": _("This period has already ended.")})
    if ends_on < pause.starts_on:
        raise ValidationError({"ends_on": _("The end cannot be before the start.")})
    if ends_on > timezone.localdate():
        raise ValidationError({"ends_on": _("This date cannot be in the future.")})
    pause.ends_on = ends_on
    pause.save(update_fields=["ends_on", "updated_at"])
    if pause.kind == PauseKind.SUSPENDED and application.state == ApplicationState.SUSPENDED:
        application.state = ApplicationState.IN_PROGRESS
        as_actor(application, actor)
        application.save(update_fields=["state", "updated_at"])
    record_action(
        actor=actor,
        action=PAUSE_END,
        subjects=[application],
        details={"kind": pause.get_kind_display(), "ends_on": day_text(ends_on)},
    )
    return pause


@transaction.atomic
def application_withdraw(
    *, actor: User, application: Application, withdrawn_on: datetime.date
) -> Application:
    """The party withdrew the application (the proceedings are then discontinued by a
    decision, art. 105 § 2 k.p.a., drafted separately)."""
    require(actor, benefits_policy.EDIT_APPLICATION, application)
    _lock(application)
    if withdrawn_on < application.received_on:
        raise ValidationError(
            {"withdrawn_on": _("The application cannot be withdrawn before it was received.")}
        )
    if withdrawn_on > timezone.localdate():
        raise ValidationError({"withdrawn_on": _("This date cannot be in the future.")})
    application.state = ApplicationState.WITHDRAWN
    application.withdrawn_on = withdrawn_on
    as_actor(application, actor)
    application.save(update_fields=["state", "withdrawn_on", "updated_at"])
    record_action(
        actor=actor,
        action=APPLICATION_WITHDRAW,
        subjects=[application, application.household],
        details={"withdrawn_on": day_text(withdrawn_on)},
    )
    return application
